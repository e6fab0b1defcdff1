"""Markdown syntax in a line: where it is (a mask), blanked with spaces (same length),
or stripped; how much of a line is links. Used by `boilerplate`.
"""

from __future__ import annotations

import re
from functools import lru_cache

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+")
_BULLET = re.compile(r"^[ \t]*(?:[-*+•]|>+)[ \t]+")
_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$")


def blank(chars: list[str], start: int, end: int) -> None:
    """Replace chars[start:end] with spaces, keeping newlines."""
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _markdown_mask(line: str) -> list[bool]:
    """True for every character of the line that is markdown syntax."""
    mask = [False] * len(line)

    def mark(start: int, end: int) -> None:
        mask[start:end] = [True] * (end - start)

    for rx in (_HEADING, _BULLET, _RULE, _IMAGE):
        for m in rx.finditer(line):
            mark(m.start(), m.end())
    for rx in (_LINK, _REF_LINK):
        for m in rx.finditer(line):
            mark(m.start(), m.start(1))
            mark(m.end(1), m.end())
    for rx in (_STRONG, _EM_STAR, _EM_UNDER):
        group = 2 if rx is _STRONG else 1
        visible = "".join(" " if k else c for c, k in zip(line, mask, strict=True))
        for m in rx.finditer(visible):
            mark(m.start(), m.start(group))
            mark(m.end(group), m.end())
    return mask


def blank_markdown(line: str) -> str:
    """The line with markdown syntax replaced by spaces (same length)."""
    mask = _markdown_mask(line)
    return "".join(" " if k and c != "\n" else c for c, k in zip(line, mask, strict=True))


def strip_markdown(line: str) -> str:
    """The line with markdown syntax deleted (readable text)."""
    mask = _markdown_mask(line)
    return "".join(c for c, k in zip(line, mask, strict=True) if not k)


@lru_cache(maxsize=8192)
def plain(line: str) -> str:
    """Markdown-free, whitespace-normalized text of a line."""
    return " ".join(strip_markdown(line).split())


def link_fraction(line: str) -> float:
    """Share of the line's visible characters that are link anchors."""
    anchors = sum(len(m.group(1).strip()) for m in _LINK.finditer(line))
    visible = len(plain(line).replace(" ", ""))
    return anchors / visible if visible else 0.0


# ---------------------------------------------------------------- line rules
