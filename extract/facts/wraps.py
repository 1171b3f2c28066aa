"""Spaces that a line wrap left inside a word, found with the fact stage's vocabulary.

`normalize.glyphs` keeps a space between two CJK words (青森県 岩手県): it cannot tell one
from a wrap inside a word (補助 率 in a narrow cell, 専門家活用 類型). The fact stage knows
its words, so it joins a space that falls inside one of them: a cue word or applicant
(rule `join.term`), the head noun of a frame or type name (`join.name-head`), a 型 before a
frame name (`join.type-frame`), a name of the catalog (`join.catalog-name`). Other spaces stay.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from extract.facts.catalog import Catalog
from extract.facts.ruletable import of_kind


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Return one pattern per `join` rule with words or a pattern: a word matches with spaces
    allowed between its letters; a pattern matches the spaces to drop."""
    out = []
    for r in of_kind("join"):
        if r.words:
            words = sorted(r.words, key=len, reverse=True)
            out.append(re.compile("|".join(" *".join(map(re.escape, w)) for w in words)))
        if r.pattern:
            out.append(r.regex())
    return tuple(out)


def join_wraps(text: str, catalog: Catalog | None = None) -> str:
    """Given a normalised line, return it without the spaces that fall inside a word of the
    vocabulary (see the module docstring); lines without a space come back as they are."""
    if " " not in text:
        return text
    return _join(text, catalog)


@lru_cache(maxsize=16384)
def _join(text: str, catalog: Catalog | None) -> str:
    drop: set[int] = set()
    for pattern in _patterns():
        for m in pattern.finditer(text):
            drop.update(i for i in range(m.start(), m.end()) if text[i] == " ")
    if catalog is not None:  # rule join.catalog-name
        for found in catalog.find(text):
            drop.update(i for i in range(found.start, found.end) if text[i] == " ")
    if not drop:
        return text
    return "".join(ch for i, ch in enumerate(text) if i not in drop)
