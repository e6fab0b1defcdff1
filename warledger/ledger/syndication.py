"""Syndicated copies: near-duplicate articles, and which of them is the original.

Article bodies are compared on word 3-shingles: MinHash signatures (datasketch,
kept in ``articles.minhash``) and an LSH index (table ``lsh_bands``) find candidates,
the exact shingle sets decide. A copy is a pair whose smaller text has at least `CONTAINMENT` of its
shingles in the other (a copy keeps its own header and footer, so containment, not
Jaccard, is the measure), or `CONTAINMENT_WITH_SIGN` when a sign backs it: the same
title, or a cross-post (``original_publisher`` differs from ``publisher``).
Near-duplicates form groups; the original is the earliest published (ties: not a
cross-post, then the smallest article_id), the others get ``syndicated_from`` = the
original, whatever the arrival order. A group costs the same however large it grows:
membership is the indexed table ``copy_members``, only the `REPRESENTATIVES` members
with the least keys keep their LSH bands (so a new article finds and compares at most
that many members of a group), and a group that gets a new original is re-pointed in
one statement. A copy adds no report, no claim and no
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
REPRESENTATIVES = 4  # the members of a copy group a new article is compared with


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


def sort_key(article: Article) -> str:
    """`_original_key` as one string (the store's ``copy_members.sort_key``): a tab sorts
    before any character of a date, so the strings sort as the tuples do."""
    published, crosspost, article_id = _original_key(article)
    return f"{published}\t{int(crosspost)}\t{article_id}"


def syndicate(store: Store, article: Article, minhash: MinHash) -> Syndication:
    """Group the new (already written) article with its near-duplicates; re-point copies.

    Reads a bounded part of each group: the new article is compared with the group's
    representatives (the members with the least keys, they alone keep LSH bands) until
    one matches, and the original is the least of the groups' originals and the article;
    re-pointing a group to a new original is one statement in the store."""
    article_id = article.article_id
    matches = _matches(store, article, candidates(store, minhash, article_id))
    groups = set(matches) | ({article_id} if store.first_member(article_id) else set())
    firsts = [store.first_member(g) for g in sorted(groups)]
    contenders = [(sort_key(article), article_id), *((k, a) for a, k in filter(None, firsts))]
    original = min(contenders)[1]
    result = Syndication(copy=original != article_id,
                         original=original if groups else None)
    for group in sorted(groups - {original}):
        store.repoint_group(group, original)
        if group != article_id:
            _mark_copy(store, group, original, matches[group])
            result.became_copies.add(group)
    if original != article_id:
        _mark_copy(store, article_id, original, matches.get(original, (original, None)))
        if original not in matches:  # a copy of the re-saved article is the original now
            store.set_syndicated(original, None, None)
            result.became_originals.add(original)
    store.add_member(article_id, original, sort_key(article))
    store.set_buckets(article_id, buckets(minhash))
    store.trim_representatives(original, REPRESENTATIVES)
    return result


def _matches(store: Store, article: Article, found: list[str]) -> dict[str, tuple[str, str]]:
    """{original of a group: (the representative the article copies, why)} for every group
    with a candidate the article is a copy of; a group's candidates are compared by key,
    the original first, until one matches."""
    by_group: dict[str, list[tuple[str, str]]] = {}
    for candidate_id in found:
        original, key = _membership(store, candidate_id)
        by_group.setdefault(original, []).append((key, candidate_id))
    matches: dict[str, tuple[str, str]] = {}
    for original, members in sorted(by_group.items()):
        for _, candidate_id in sorted(members):
            candidate = store.get_article(candidate_id)
            why = candidate and copy_reason(article, candidate)
            if why:
                matches[original] = (candidate_id, why)
                break
    return matches


def _membership(store: Store, article_id: str) -> tuple[str, str]:
    """(original, sort_key) of a stored article; an article linked before the store kept
    groups (schema 4) joins its original's group now."""
    found = store.membership(article_id)
    if found is not None:
        return found
    article = store.get_article(article_id)
    original = (article and article.syndicated_from) or article_id
    if original != article_id:
        _membership(store, original)
    key = sort_key(article) if article else f"9999\t0\t{article_id}"
    store.add_member(article_id, original, key)
    return original, key


def why_copy(store: Store, copy: Article) -> str:
    """Why a stored copy is one: the stored reason, or, when its group has had a new
    original since it was linked, the comparison with the original now."""
    stored = store.syndication(copy.article_id)
    original = store.get_article(copy.syndicated_from or "")
    if stored or original is None:
        return stored or f"copy of {copy.syndicated_from}"
    why = copy_reason(copy, original) or "in a group of copies"
    return f"copy of {original.article_id}: {why}"


def _mark_copy(store: Store, copy_id: str, original_id: str,
               match: tuple[str, str | None]) -> None:
    """`copy_id` is a copy of `original_id`: why, from the match when it was with the
    original, else compared now (two articles read)."""
    matched, why = match
    if matched != original_id or why is None:
        copy, original = store.get_article(copy_id), store.get_article(original_id)
        why = copy_reason(copy, original) if copy and original else None
    store.set_syndicated(copy_id, original_id,
                         f"copy of {original_id}: {why or 'in a group of copies'}")
