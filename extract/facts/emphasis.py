"""Emphasis: whether the publisher marked a value as new or changed.

METI decks print what a budget changed in red and say so (「※赤字は令和6年度補正予算での
拡充点」). A value is emphasised when the span that prints it is red. Text layers carry no
colour; where a document declares that 赤字 marks changes and none of its spans has a
colour, its Markdown bold (``**150万円**``, read into bold spans) stands for the red and
counts instead. Only the span of the value itself counts, not a red word elsewhere on
its line: in ``5万円~**150万円**以下`` the cap 150万円 is emphasised, the floor 5万円 is not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.facts.ruletable import regex
from extract.locate import kept
from extract.model import DocumentText, Line, Span
from normalize.glyphs import normalize

# 赤字は…の拡充点, 赤字部分が変更箇所, 赤字で示した箇所は改正点 …
_DECLARES_RED = regex("label.declares-red")
_FIXED_RATE = regex("cue.fixed-rate-word")  # 定額 for 10/10: the word the publisher marks
_NUMBER = r"[0-9][0-9,.]*"


def bold_marks_changes(doc: DocumentText) -> bool:
    """Given a document, return whether its bold text stands for red: it declares that 赤字
    marks changes and no span of it carries a colour."""
    if any(sp.color is not None for p in doc.pages for ln in p.lines for sp in ln.spans):
        return False
    return any(_DECLARES_RED.search(p.text or p.raw_text) for p in doc.pages)


def value_core(kind: str, value: int | str, printed: str) -> str | None:
    """Given a fact's kind and value and the text it was read from, return the number that
    prints this value (150 of 5万円~150万円 for the cap 1,500,000; 4/5 of 3/4・4/5), or None."""
    if kind == "rate":
        if value == "10/10" and (fixed := _FIXED_RATE.search(printed)):
            return fixed.group()
        n, d = str(value).split("/")
        for m in re.finditer(r"([0-9]+)\s*/\s*([0-9]+)", printed):
            if int(m.group(1)) * int(d) == int(n) * int(m.group(2)):
                return m.group()
        return None
    if kind in ("deadline", "opens"):
        month, day = (int(x) for x in str(value)[5:10].split("-"))
        date = re.search(rf"(?<![0-9]){month}\s*月\s*{day}\s*日|(?<![0-9]){month}\s*/\s*{day}(?![0-9])", printed)
        return date.group() if date else None
    for m in re.finditer(rf"({_NUMBER})\s*(兆|億|万|千)?", printed):
        scale = {"兆": 10**12, "億": 10**8, "万": 10**4, "千": 10**3}.get(m.group(2) or "", 1)
        try:
            if round(float(m.group(1).replace(",", "")) * scale) == value:
                return m.group(1)
        except ValueError:
            continue
    return None


_NUMBER_CHARS = re.compile(r"[0-9,./]+")


@lru_cache(maxsize=4096)
def _normalized(text: str) -> str:
    return normalize(text)


def _spans_by_number(line: Line) -> dict[str, list[Span]]:
    """Given a line, return its spans by each run of number characters they print (each span once per run).

    Made once per line (`kept`): a line of thousands of values was normalised span by span once per
    value, at a cost growing with the square of its length."""
    index: dict[str, list[Span]] = {}
    for sp in line.spans:
        for run in dict.fromkeys(_NUMBER_CHARS.findall(_normalized(sp.text))):
            index.setdefault(run, []).append(sp)
    return index


def _printing(lines: tuple[Line, ...], core: str) -> list[Span]:
    """Given lines and the number that prints a value, return the spans in which it is printed."""
    if _NUMBER_CHARS.fullmatch(core):  # printed not inside a longer number: exactly one run of a span
        return [sp for ln in lines for sp in kept(ln, _spans_by_number).get(core, ())]
    pattern = re.compile(rf"(?<![0-9,./]){re.escape(core)}(?![0-9,./])")
    return [sp for ln in lines for sp in ln.spans if pattern.search(_normalized(sp.text)) is not None]


def emphasised(lines: tuple[Line, ...], core: str | None, bold_counts: bool) -> bool:
    """Given the source lines of a value and the number that prints it, return whether a red
    span (or, where `bold_counts`, a bold one) prints that number."""
    return bool(core) and any(sp.is_red or (bold_counts and sp.bold) for sp in _printing(lines, core or ""))


def crossed_out(lines: tuple[Line, ...], core: str | None) -> bool:
    """Given the source lines of a value and the number that prints it, return whether every span
    printing that number is struck through: a former value beside its replacement, no fact."""
    spans = _printing(lines, core) if core else []
    return bool(spans) and all(sp.struck for sp in spans)
