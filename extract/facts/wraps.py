"""Spaces that a line wrap left inside a word, found with the fact stage's vocabulary.

`normalize.glyphs` keeps a space between two CJK words (青森県 岩手県): it cannot tell one
from a wrap inside a word (補助 率 in a narrow cell, 専門家活用 類型). The fact stage knows
its words, so it joins a space that falls inside one of them: a cue word or applicant
(rules `join.term`, `join.cue-word`), the head noun of a frame or type name (`join.name-head`), a name of
the catalog (`join.catalog-name`). Other spaces stay: a 型 before a frame name (<一般型 通常枠>) is the
line of the program, and the frame is 通常枠.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from extract.facts.catalog import Catalog
from extract.facts.ruletable import of_kind, rule, source

_CJK_WORD = re.compile(r"[\u30a1-\u30fa\u30fc-\u30ff\u4e00-\u9fff々]{2,}")


def cue_words() -> list[str]:
    """Return the literal words of the cue and veto rows that rule join.cue-word names (補助率,
    実施期間, 資本金 …): the pieces of their alternations made of kanji and katakana only."""
    pieces = {p for rid in rule("join.cue-word").words_from for p in re.split(r"[|()?:]", source(rid))}
    return sorted(p for p in pieces if _CJK_WORD.fullmatch(p))


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    """Return a pattern whose group 1 matches each word with spaces allowed between its letters,
    longest first, at every position (words may overlap: 事業 実施 期間 holds 事業実施 and 実施期間)."""
    alternation = "|".join(" *".join(map(re.escape, w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(f"(?=({alternation}))")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """Return the patterns of the `join` rules, each with whether it is one of words (a word
    matches, in group 1, with spaces allowed between its letters) or matches the spaces to drop."""
    out = []
    for r in of_kind("join"):
        words = list(r.words) + (cue_words() if r.id == "join.cue-word" else [])
        if words:
            out.append((_words_pattern(words), True))
        if r.pattern:
            out.append((r.regex(), False))
    return tuple(out)


def join_wraps(text: str, catalog: Catalog | None = None) -> str:
    """Given a normalised line, return it without the spaces that fall inside a word of the
    vocabulary (see the module docstring); lines without a space come back as they are."""
    if " " not in text:
        return text
    return _join(text, catalog)


# A space with CJK letters on both sides: the only place a word of the vocabulary can be split.
_CJK_GAP = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff々] +[\u3041-\u30ff\u4e00-\u9fff々]")


@lru_cache(maxsize=16384)
def _join(text: str, catalog: Catalog | None) -> str:
    drop: set[int] = set()
    cjk_gap = _CJK_GAP.search(text) is not None
    for pattern, of_words in _patterns():
        if of_words and not cjk_gap:
            continue
        for m in pattern.finditer(text):
            a, b = m.span(1) if of_words else m.span()
            drop.update(i for i in range(a, b) if text[i] == " ")
    if catalog is not None:  # rule join.catalog-name
        for found in catalog.find(text):
            drop.update(i for i in range(found.start, found.end) if text[i] == " ")
    if not drop:
        return text
    return "".join(ch for i, ch in enumerate(text) if i not in drop)
