"""Trace a piece of a page's normalised text back to its box on the page.

`Page.text` is its lines' normalised texts joined with ``"\\n"``; each line's text is the
normalisation of its spans' raw texts (`extract.layout.join_spans`). The glyph
normaliser's offset map (`normalize_with_map`) takes a normalised character back to its
raw character, hence to its span; within a span the box is cut in proportion to the
character positions (CJK text advances evenly), along y for vertical lines.

What a page or a line costs to work out (its lines' offsets, its normalisation map) is worked
out once and kept for the last few (`kept`), not again for every value located on it: a line of
thousands of values was normalised once per value.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from extract._norm import norm_with_map
from extract.layout import join_spans, union
from extract.model import BBox, Line, Page

T = TypeVar("T")
_KEPT = 64
_KEEP = threading.local()  # per thread: a Dask worker may run two documents at once


def kept(obj: Any, make: Callable[[Any], T]) -> T:
    """Return `make(obj)`, made once per object (a page, a line) and kept for the last few of each `make`."""
    made: dict[Any, OrderedDict[int, tuple[Any, Any]]] = _KEEP.__dict__.setdefault("made", {})
    cache = made.setdefault(make, OrderedDict())
    got = cache.get(id(obj))
    if got is not None and got[0] is obj:
        cache.move_to_end(id(obj))
        return got[1]
    value = make(obj)
    cache[id(obj)] = (obj, value)  # the object is held, so its id is not reused meanwhile
    if len(cache) > _KEPT:
        cache.popitem(last=False)
    return value


def line_offsets(page: Page) -> list[int]:
    """Given a page, return where each of its lines starts in `page.text`."""
    starts, pos = [], 0
    for ln in page.lines:
        starts.append(pos)
        pos += len(ln.text) + 1
    return starts


def locate(page: Page, start: int, end: int) -> BBox | None:
    """Given a page and a range of `page.text`, return the union box of the text it covers.

    Returns None when the range covers no text with a box (text layers, OCR text).
    """
    if end <= start:
        return None
    boxes: list[BBox] = []
    starts = kept(page, line_offsets)
    first = max(0, bisect_right(starts, start) - 1)
    for li in range(first, len(page.lines)):
        ls = starts[li]
        if ls >= end:
            break
        ln = page.lines[li]
        a, b = max(start - ls, 0), min(end - ls, len(ln.text))
        if a < b:
            box = line_box(ln, a, b)
            if box is not None:
                boxes.append(box)
    return union(boxes) if boxes else None


def locate_text(page: Page, needle: str, occurrence: int = 0) -> BBox | None:
    """Given a page and a substring of its normalised text, return its box (None if absent)."""
    if not needle:
        return None
    pos = -1
    for _ in range(occurrence + 1):
        pos = page.text.find(needle, pos + 1)
        if pos < 0:
            return None
    return locate(page, pos, pos + len(needle))


def line_box(line: Line, a: int, b: int) -> BBox | None:
    """Given a line and a range of its normalised text, return the box of those characters."""
    spans = [s for s in line.spans if s.bbox is not None]
    if not spans:
        return line.bbox
    span_starts, offs, lead, same = kept(line, _mapped)
    if not same:  # text set by other means: whole-line box
        return line.bbox
    r0, r1 = offs[lead + a], offs[lead + b - 1] + 1
    boxes: list[BBox] = []
    for si in range(max(0, bisect_right(span_starts, r0) - 1), len(line.spans)):  # spans before end before r0
        s = line.spans[si]
        s0 = span_starts[si]
        if s0 >= r1:
            break
        if s.bbox is None or not s.text:
            continue
        s1 = s0 + len(s.text)
        lo, hi = max(r0, s0), min(r1, s1)
        if lo >= hi:
            continue
        boxes.append(_slice(s.bbox, (lo - s0) / len(s.text), (hi - s0) / len(s.text), line.vertical))
    return union(boxes) if boxes else line.bbox


def _mapped(line: Line) -> tuple[list[int], list[int], int, bool]:
    """Given a line, return where each span starts in its raw text, the normalisation's offset map, the
    spaces it strips before the text, and whether the normalised raw text is the line's text."""
    raw, span_starts = join_spans(line.spans, line.vertical)
    out, offs = norm_with_map(raw)
    return span_starts, offs, len(out) - len(out.lstrip()), out.strip() == line.text


def _slice(box: BBox, f0: float, f1: float, vertical: bool) -> BBox:
    x0, y0, x1, y1 = box
    if vertical:
        return (x0, y0 + (y1 - y0) * f0, x1, y0 + (y1 - y0) * f1)
    return (x0 + (x1 - x0) * f0, y0, x0 + (x1 - x0) * f1, y1)
