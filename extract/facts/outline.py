"""Outline numbering of headings: the numbering style a heading uses and how deep it sits.

A 公募要領 numbers its sections in a few styles (``2.3.1``, ``A)``, ``(1)``, ``①``, ``(ア)``)
and nests them in the order a reader meets them: the first style is the top level, a
style first seen under it is one level down, and meeting a style already open closes
every level below it. `Outline` keeps that stack, so the walk can tell when a section
that named a frame (``B) グローバル枠``) has ended (``2.3.2特例措置``). The styles are the
row label.outline-style of the rule table.
"""

from __future__ import annotations

import re

from extract.facts.ruletable import regex

_STYLE = regex("label.outline-style")  # one named group per style, in the order they are tried
_STYLE_NAMES = {
    "chapter": "chapter", "dotted": "dotted", "number_dot": "number.", "paren_number": "(number)",
    "number_paren": "number)", "circled": "circled", "paren_letter": "(letter)", "letter_paren": "letter)",
    "paren_kana": "(kana)", "kana_paren": "kana)", "paren_roman": "(roman)", "roman_dot": "roman.",
    "number_space": "number",
}


def style_of(heading: str) -> str | None:
    """Given a heading, return the name of its numbering style (``dotted2`` for 2-3, ``dotted3``
    for 2.3.1, ``(number)`` for (1) …), or None when it is not numbered."""
    m = _STYLE.match(heading)
    if m is None or m.lastgroup is None:
        return None
    if m.lastgroup == "dotted":
        return f"dotted{len(re.findall(r'[0-9]+', m.group()))}"
    return _STYLE_NAMES[m.lastgroup]


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
