"""Values crossed out: a stroke drawn through the middle of printed text.

Slides about what changed print the former value crossed out beside the new one
(~~30万円~~ 5万円〜). PyMuPDF reports no strike-out; the stroke is a vector line. A span
holding a digit that such a stroke crosses is split at the crossed characters (MuPDF merges
the old and the new value into one span when they share a font), and the crossed part is
marked `Span.struck`; the fact stage passes over a value printed only in struck spans.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

import pymupdf

from extract.model import Line, Span
from extract.rules import Seg

STRIKE_BAND = 0.3  # a strike runs through the middle of the text: not its top or bottom 30 % (underlines)
FLAT = 0.5  # a line whose ends differ less than this in y is horizontal
THIN = 2.5  # a filled rectangle at most this high is a stroke
OVERHANG = 1.0  # how far past the text (in character heights) a strike may reach
WHOLE_COVER = 0.6  # share of a span's width a stroke covers to cross it out, where its characters are unknown


def mark_struck(page: pymupdf.Page, lines: list[Line], drawings: list[dict[str, Any]]) -> None:
    """Given a page, its lines and ``page.get_cdrawings()``, split and mark the crossed-out parts of
    the spans holding a digit (see the module docstring)."""
    h = sorted(_strokes(drawings))
    if not h:
        return
    ys = [seg[0] for seg in h]
    for ln in lines:
        if not any(ch.isdigit() for ch in ln.text):
            continue
        out: list[Span] = []
        for sp in ln.spans:
            strokes = _through(sp, h, ys) if sp.bbox is not None and any(c.isdigit() for c in sp.text) else []
            out.extend(_split(page, sp, strokes) if strokes else [sp])
        ln.spans = out


def _strokes(drawings: list[dict[str, Any]]) -> list[Seg]:
    """Return the horizontal strokes of a page's drawings as (y, x0, x1): lines, and rectangles
    at most `THIN` high (a strike drawn as a filled bar)."""
    out: list[Seg] = []
    for path in drawings:
        for item in path.get("items", ()):
            if item[0] == "l" and abs(item[1][1] - item[2][1]) < FLAT:
                (xa, y), (xb, _) = item[1], item[2]
                out.append((y, min(xa, xb), max(xa, xb)))
            elif item[0] == "re" and "f" in path.get("type", ""):
                x0, y0, x1, y1 = item[1]
                if abs(y1 - y0) <= THIN:
                    out.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    return out


def _through(sp: Span, h: list[Seg], ys: list[float]) -> list[Seg]:
    """Return the horizontal strokes that run through the middle band of a span and overlap it, and
    are no longer than the span and a character or so either side (a connector crossing a diagram
    runs on past the text)."""
    assert sp.bbox is not None
    x0, y0, x1, y1 = sp.bbox
    band, em = STRIKE_BAND * (y1 - y0), y1 - y0
    return [s for s in h[bisect_left(ys, y0 + band) : bisect_right(ys, y1 - band)]
            if s[1] < x1 and s[2] > x0 and s[1] >= x0 - OVERHANG * em and s[2] <= x1 + OVERHANG * em]


def _split(page: pymupdf.Page, sp: Span, strokes: list[Seg]) -> list[Span]:
    """Given a span and the strokes through it, return it as runs of crossed and uncrossed characters."""
    assert sp.bbox is not None
    chars = [c for b in page.get_text("rawdict", clip=pymupdf.Rect(sp.bbox))["blocks"]
             for ln in b.get("lines", ()) for s in ln["spans"] for c in s["chars"]]
    if len(chars) != len(sp.text):  # the span's text was normalised to another length: judge it whole
        crossed = sum(min(s[2], sp.bbox[2]) - max(s[1], sp.bbox[0]) for s in strokes)
        return [_piece(sp, sp.text, sp.bbox, crossed >= WHOLE_COVER * (sp.bbox[2] - sp.bbox[0]))]
    runs: list[tuple[bool, str, float, float]] = []  # (crossed, text, x0, x1): the span's own (normalised) text
    for ch, c in zip(sp.text, chars, strict=True):
        x0, x1 = c["bbox"][0], c["bbox"][2]
        hit = any(s[1] <= (x0 + x1) / 2 <= s[2] for s in strokes)
        if runs and runs[-1][0] == hit:
            runs[-1] = (hit, runs[-1][1] + ch, runs[-1][2], x1)
        else:
            runs.append((hit, ch, x0, x1))
    return [_piece(sp, text, (x0, sp.bbox[1], x1, sp.bbox[3]), hit) for hit, text, x0, x1 in runs]


def _piece(sp: Span, text: str, bbox: tuple[float, float, float, float], struck: bool) -> Span:
    return Span(text, bbox, sp.font, sp.size, sp.color, sp.bold, struck)
