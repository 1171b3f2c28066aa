"""Outline numbering of headings: the numbering style a heading uses and how deep it sits.

A 公募要領 numbers its sections in a few styles (``2.3.1``, ``A)``, ``(1)``, ``①``, ``(ア)``)
and nests them in the order a reader meets them: the first style is the top level, a
style first seen under it is one level down, and meeting a style already open closes
every level below it. `Outline` keeps that stack, so the walk can tell when a section
that named a frame (``B) グローバル枠``) has ended (``2.3.2特例措置``).
"""

from __future__ import annotations

import re

_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(r"^\s*第\s*[0-9]+\s*[章部編]")),
    ("dotted", re.compile(r"^\s*[0-9]+(?:\s*[.．\-‐-]\s*[0-9]+)+(?![0-9])")),
    ("number.", re.compile(r"^\s*[0-9]+\s*[.．、](?![0-9])")),
    ("(number)", re.compile(r"^\s*[(（]\s*[0-9]+\s*[)）]")),
    ("number)", re.compile(r"^\s*[0-9]+\s*[)）]")),
    ("circled", re.compile(r"^\s*[①-⑳]")),
    ("(letter)", re.compile(r"^\s*[(（]\s*[A-Za-z]\s*[)）]")),
    ("letter)", re.compile(r"^\s*[A-Za-z]\s*[)）.．]")),
    ("(kana)", re.compile(r"^\s*[(（]\s*[ア-ン]\s*[)）]")),
    ("kana)", re.compile(r"^\s*[ア-ン]\s*[)）.．]")),
    ("(roman)", re.compile(r"^\s*[(（]\s*[IVX]{1,4}\s*[)）]")),
    ("roman.", re.compile(r"^\s*[IVX]{1,4}\s*[.．)]")),
)


def style_of(heading: str) -> str | None:
    """Given a heading, return the name of its numbering style (``dotted2`` for 2-3, ``dotted3``
    for 2.3.1, ``(number)`` for (1) …), or None when it is not numbered."""
    for name, pattern in _STYLES:
        m = pattern.match(heading)
        if m:
            if name == "dotted":
                return f"dotted{len(re.findall(r'[0-9]+', m.group()))}"
            return name
    return None


class Outline:
    """The numbering styles open at the current point of a document, outermost first."""

    def __init__(self) -> None:
        self.open: list[str] = []

    def place(self, style: str) -> int:
        """Given the style of the next numbered heading, return its depth (0 = top) and close
        the levels below it."""
        if style in self.open:
            depth = self.open.index(style)
            del self.open[depth + 1 :]
            return depth
        self.open.append(style)
        return len(self.open) - 1
