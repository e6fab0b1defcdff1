"""Syndicated copies: near-duplicate articles, and which of them is the original.

Article bodies are compared on word 3-shingles: MinHash signatures (datasketch,
kept in ``articles.minhash``) and an LSH index (table ``lsh_bands``) find candidates,
the exact shingle sets decide. A copy is a pair whose smaller text has at least `CONTAINMENT` of its
shingles in the other (a copy keeps its own header and footer, so containment, not
Jaccard, is the measure), or `CONTAINMENT_WITH_SIGN` when a sign backs it: the same
title, or a cross-post (``original_publisher`` differs from ``publisher``).
Near-duplicates form groups; the original is the earliest published (ties: not a
cross-post, then the smallest article_id), the others get ``syndicated_from`` = the
original, whatever the arrival order. A copy adds no report, no claim and no
independent source: it is listed among the event's sources (``num_articles``), not
in ``num_sources``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from warledger.ledger.store import Store
from warledger.records import Article

NUM_PERM = 128
SHINGLE = 3
LSH_THRESHOLD = 0.3  # candidates only: the exact shingle sets decide
CONTAINMENT = 0.85  # FA-KES: distinct articles reach 0.78 at most, copies 0.87+
CONTAINMENT_WITH_SIGN = 0.7
MIN_SHINGLES = 10


def shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return bytes(minhash.hashvalues.astype("<u8").tobytes())


def from_bytes(blob: bytes) -> MinHash:
    values = np.frombuffer(blob, dtype="<u8")
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=values, scheme="affine32")


def copy_reason(a: Article, b: Article) -> str | None:
    """Why `a` and `b` are the same text (a syndicated copy), or None."""
    first, second = shingles(a.body), shingles(b.body)
    if min(len(first), len(second)) < MIN_SHINGLES:
        return None
    shared = len(first & second)
    containment = shared / min(len(first), len(second))
    signs = _signs(a, b)
    if containment < (CONTAINMENT_WITH_SIGN if signs else CONTAINMENT):
        return None
    jaccard = shared / len(first | second)
    why = f"near-duplicate text (containment {containment:.2f}, Jaccard {jaccard:.2f})"
    return "; ".join([why, *signs])


def _signs(a: Article, b: Article) -> list[str]:
    signs = []
    if a.title and fold(a.title) == fold(b.title):
        signs.append("same title")
    for one in (a, b):
        if one.original_publisher and fold(one.original_publisher) != fold(one.publisher):
            signs.append(f"{one.article_id} is a cross-post from {one.original_publisher}")
    return signs


def fold(text: str | None) -> str:
    """Words only, case-folded: for comparing titles and publisher names."""
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


def _original_key(article: Article) -> tuple[str, bool, str]:
    crosspost = bool(article.original_publisher) and fold(article.original_publisher) != fold(
        article.publisher)
    return article.published or "9999", crosspost, article.article_id


@lru_cache(maxsize=1)
def _banding() -> tuple[int, int]:
    """(bands, rows per band) that datasketch chooses for LSH_THRESHOLD."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def buckets(minhash: MinHash) -> list[tuple[int, int]]:
    """The signature's LSH buckets: (band, 64-bit hash of the band's rows)."""
    bands, rows = _banding()
    values = minhash.hashvalues.astype("<u8")
    out = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


def candidates(store: Store, minhash: MinHash, exclude: str) -> list[str]:
    """Stored articles sharing an LSH bucket with the signature (the store is the index,
    so the writer's memory does not grow with the corpus)."""
    return sorted(a for a in store.bucket_matches(buckets(minhash)) if a != exclude)


@dataclass
class Syndication:
    """What one commit changed in the copy groups."""

    copy: bool = False  # the new article is a copy
    original: str | None = None  # the group's original, when the new article has copies
    became_copies: set[str] = field(default_factory=set)
    became_originals: set[str] = field(default_factory=set)


def syndicate(store: Store, article: Article, minhash: MinHash) -> Syndication:
    """Group the new (already written) article with its near-duplicates; re-point copies."""
    reasons: dict[str, str] = {}
    group = {article.article_id: article}
    group |= {c.article_id: c for c in store.copies_of(article.article_id)}
    store.set_buckets(article.article_id, buckets(minhash))
    for candidate_id in candidates(store, minhash, article.article_id):
        candidate = store.get_article(candidate_id)
        why = candidate and copy_reason(article, candidate)
        if candidate and why:
            reasons[candidate_id] = why
            group |= _group_of(store, candidate)
    return _repoint(store, article.article_id, group, reasons)


def _group_of(store: Store, article: Article) -> dict[str, Article]:
    root = store.get_article(article.syndicated_from or "") or article
    members = [root, article, *store.copies_of(root.article_id)]
    return {m.article_id: m for m in members}


def _repoint(store: Store, new_id: str, group: dict[str, Article],
             reasons: dict[str, str]) -> Syndication:
    original = min(group.values(), key=_original_key)
    result = Syndication(copy=new_id != original.article_id)
    if len(group) > 1:
        result.original = original.article_id
    for member in group.values():
        target = None if member is original else original.article_id
        if member.article_id != new_id and member.syndicated_from == target:
            continue
        why = None
        if target:
            why = reasons.get(member.article_id if member.article_id != new_id else target)
            why = why or copy_reason(member, original) or "in a group of copies"
            why = f"copy of {target}: {why}"
        store.set_syndicated(member.article_id, target, why)
        if member.article_id != new_id:
            (result.became_copies if target else result.became_originals).add(member.article_id)
    return result
