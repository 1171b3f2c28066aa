"""Where things are in a segment's text or on a page, found once per text or page instead of once per value.

A line holding thousands of values made the fact stage look, for every value, for the sentence
end before it, the sentence around it or the last item head before it from the line's start, and
count the value's quote in the whole page; a table of thousands of cells looked through every line
of the page for the lines inside each cell: time growing with the square of the page. These
indexes are made once per text or page (the last few are kept) and answer each value with the
answers the scans gave.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Any

from extract.locate import kept
from extract.model import BBox, Line, Page

_SENTENCE_END = re.compile(r"[。!！?？]")
_SENTENCE = re.compile(r"[^。!?！？]*[。!?！？]?")
_KEPT = 64  # texts indexed at a time: a page's segments are read one after the other

WINDOW_MAX = 400
"""Characters a value's cue window reaches back at most: a "sentence" longer than this is a list of
values (a line of a table flattened into text), not a sentence whose subject is far back."""


@lru_cache(maxsize=_KEPT)
def sentence_ends(text: str) -> tuple[int, ...]:
    """Return the positions of the sentence ends (。!?) of a text."""
    return tuple(m.start() for m in _SENTENCE_END.finditer(text))


def sentence_start(text: str, pos: int, lo: int = 0) -> int:
    """Return where the sentence holding the text before `pos` starts: after the last sentence end
    before `pos`, not before `lo` and not more than `WINDOW_MAX` characters back."""
    ends = sentence_ends(text)
    k = bisect_left(ends, pos) - 1
    start = max(lo, ends[k] + 1) if k >= 0 else lo
    return max(start, pos - WINDOW_MAX)


@lru_cache(maxsize=_KEPT)
def _sentences(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    found = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    return tuple(s for s, _ in found), tuple(e for _, e in found)


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """Return the span of the sentence (up to and with its 。!?) of `text` that holds position `pos`;
    (0, len(text)) when none does."""
    starts, ends = _sentences(text)
    k = bisect_right(starts, pos) - 1  # the sentences tile the text: only the last one starting at pos or before
    if k >= 0 and pos < max(ends[k], starts[k] + 1):
        return starts[k], ends[k]
    return 0, len(text)


def region_at(regions: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """Given regions of a text in order, none overlapping (the notes of a segment), return the one holding `pos`."""
    k = bisect_right(regions, (pos, math.inf)) - 1
    return regions[k] if k >= 0 and pos < regions[k][1] else None


@lru_cache(maxsize=_KEPT)
def _matches(pattern: re.Pattern[str], text: str) -> tuple[tuple[int, ...], tuple[re.Match[str], ...]]:
    found = tuple(pattern.finditer(text))
    return tuple(m.end() for m in found), found


def last_match_before(pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
    """Return the last match of ``pattern.finditer(text, 0, pos)``, from the matches of the whole text.

    For a pattern without negative lookarounds or end anchors, a scan of ``text[:pos]`` finds the whole
    text's matches that end (their lookahead included) before `pos`, then, from where the first match
    reaching `pos` starts, what fits in ``text[:pos]``: only that short stretch is scanned again."""
    ends, found = _matches(pattern, text)
    k = bisect_left(ends, pos)  # matches 0..k-1 end before pos: their lookahead character is visible too
    last = found[k - 1] if k else None
    if k < len(found) and found[k].start() < pos:
        for m in pattern.finditer(text, found[k].start(), pos):
            last = m
    return last


LONG_TEXT = 20_000
"""Characters of a page text from which a quote is counted with an index instead of `str.count`."""
_GRAM = 8


def printed_once(text: str, quote: str) -> int:
    """Return where `quote` starts in `text` when ``text.count(quote) == 1`` (printed once, not overlapping
    itself), else -1."""
    if not quote:
        return -1
    if len(text) <= LONG_TEXT:
        return text.find(quote) if text.count(quote) == 1 else -1
    hits = _occurrences(text, quote)
    first = next(hits, None)
    return first if first is not None and all(p < first + len(quote) for p in hits) else -1


def _occurrences(text: str, quote: str) -> Any:
    """Yield where `quote` starts in `text`, in order, from an index of its substrings."""
    if len(quote) < _GRAM:
        yield from _substrings(text, len(quote)).get(quote, ())
        return
    grams = _substrings(text, _GRAM)
    offset = min(range(0, len(quote) - _GRAM + 1, _GRAM),
                 key=lambda o: len(grams.get(quote[o : o + _GRAM], ())))  # the rarest piece of the quote
    for p in grams.get(quote[offset : offset + _GRAM], ()):
        if p >= offset and text.startswith(quote, p - offset):
            yield p - offset


@lru_cache(maxsize=16)
def _substrings(text: str, n: int) -> dict[str, list[int]]:
    """Return where each substring of length `n` of a (long) text starts."""
    out: dict[str, list[int]] = {}
    for i in range(len(text) - n + 1):
        out.setdefault(text[i : i + n], []).append(i)
    return out


_CELL = 24.0  # points: the side of the squares the lines' centres are filed under


def _centres(page: Page) -> dict[tuple[int, int], list[tuple[int, float, float]]]:
    out: dict[tuple[int, int], list[tuple[int, float, float]]] = {}
    for i, ln in enumerate(page.lines):
        if ln.bbox is not None:
            cx, cy = (ln.bbox[0] + ln.bbox[2]) / 2, (ln.bbox[1] + ln.bbox[3]) / 2
            square = (math.floor(cx / _CELL), math.floor(cy / _CELL)) if math.isfinite(cx + cy) else (-1 << 60, 0)
            out.setdefault(square, []).append((i, cx, cy))
    return out


def lines_inside(page: Page, box: BBox) -> tuple[Line, ...]:
    """Return the lines of a page whose centre lies in `box`, in the page's order, looking only at the
    lines filed under the squares the box covers."""
    x0, y0, x1, y1 = box
    squares = kept(page, _centres)
    within: Any = squares.values()  # a box larger than the page's lines (or not finite): every square
    if all(math.isfinite(v) for v in box) and x0 <= x1 and y0 <= y1:
        cols = range(math.floor(x0 / _CELL), math.floor(x1 / _CELL) + 1)
        rows = range(math.floor(y0 / _CELL), math.floor(y1 / _CELL) + 1)
        if len(cols) * len(rows) <= len(squares):
            within = (squares.get((c, r), ()) for c in cols for r in rows)
    found = [i for sq in within for i, cx, cy in sq if x0 <= cx <= x1 and y0 <= cy <= y1]
    return tuple(page.lines[i] for i in sorted(found))


_LAZY_HEAD = re.compile(r"\[(?:\\.|[^\\\]])*\]\*\?")  # a pattern opening with a lazy run of one class: [^…]*?


@lru_cache(maxsize=16)
def _split_lazy(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    head = _LAZY_HEAD.match(pattern.pattern)
    if head is None or head.end() == len(pattern.pattern):
        return None
    return re.compile(head.group()[:-2] + "+", pattern.flags), re.compile(pattern.pattern[head.end() :], pattern.flags)


def lazy_prefix_matches(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Return the matches of ``pattern.finditer(text)`` for a pattern made of a lazy run of one character
    class and a tail whose matches are made of that class too (``[^、。…]*?(?:補助金|…)``).

    The search tried every position of a long run of the class that no tail follows, each time to the
    run's end: time growing with the square of the run. A match starts at a position only when a tail
    matches at or after it in the same run, and then starts right there: so each run is searched only
    up to its last tail. (Any other pattern is searched as it is.)"""
    split = _split_lazy(pattern)
    if split is None:
        return list(pattern.finditer(text))
    runs, tail = split
    tails: list[int] = []  # every position a tail matches at, overlapping ones included
    m = tail.search(text)
    while m is not None:
        tails.append(m.start())
        m = tail.search(text, m.start() + 1)
    out: list[re.Match[str]] = []
    for run in runs.finditer(text):
        k = bisect_left(tails, run.end()) - 1
        if k < 0 or tails[k] < run.start():
            continue
        last, p = tails[k], run.start()
        while p <= last and (found := pattern.search(text, p)) is not None:
            out.append(found)
            p = found.end()
    return out
