"""Lines from a PyMuPDF ``dict`` page, vertical text, and a reading order that suits slides.

Geometry is PyMuPDF's: origin top-left, y grows downwards. A *unit* is a group of
lines that is read as a whole (a MuPDF block, a vertical caption, a table); units
are ordered by a recursive XY-cut: the largest whitespace gaps split the page into
rows (top to bottom) or columns (left to right). Columns win over rows, unless a
narrow column of labels faces its values on shared baselines (read row by row), so
a title spanning the page comes first and two or three boxes side by side are read
box by box.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from extract._norm import norm
from extract.model import BBox, Line, Span

_BOLD_NAME = re.compile(r"bold|heavy|black|demi|[-,_ ](?:B|E|DB|EB|H)$|W[6-9]$", re.I)
_FLAG_BOLD = 16


@dataclass(slots=True)
class Unit:
    """Lines read together, in their internal order, with their union box."""

    lines: list[Line]
    bbox: BBox
    kind: str = "block"  # block, vertical, table
    extra: dict[str, Any] = field(default_factory=dict)


def union(boxes: list[BBox]) -> BBox:
    """Given boxes, return the smallest box holding them all."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def make_span(s: dict[str, Any]) -> Span:
    """Given a PyMuPDF ``dict`` span, return our Span (bold from the flag or the font name)."""
    font = _font_name(s.get("font") or "")
    bold = bool(s.get("flags", 0) & _FLAG_BOLD) or bool(_BOLD_NAME.search(font))
    return Span(
        text=s["text"],
        bbox=tuple(s["bbox"]),
        font=font,
        size=round(float(s["size"]), 2),
        color=int(s.get("color", 0)),
        bold=bold,
    )


def _font_name(name: str) -> str:
    """Given a font name as MuPDF decodes it, return it with UTF-8 read as Latin-1 repaired."""
    if name.isascii():
        return name
    try:
        return name.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def join_spans(spans: list[Span], vertical: bool = False) -> tuple[str, list[int]]:
    """Given a line's spans, return its raw text and the index where each span starts in it.

    A space is put between two spans separated by a visible gap (more than a third of
    the font size) unless one of them already has one: MuPDF leaves such gaps unspaced
    when a line is assembled from separately positioned runs.
    """
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    prev: Span | None = None
    for s in spans:
        if prev is not None and not vertical and prev.bbox and s.bbox:
            gap = s.bbox[0] - prev.bbox[2]
            size = max(prev.size or 10.0, 1.0)
            if gap > size / 3 and not prev.text.endswith(" ") and not s.text.startswith(" "):
                parts.append(" ")
                pos += 1
        starts.append(pos)
        parts.append(s.text)
        pos += len(s.text)
        prev = s
    return "".join(parts), starts


def finish_line(spans: list[Span], *, vertical: bool = False, block: int = 0) -> Line:
    """Given spans in reading order, return the Line with normalised text and union box."""
    raw, _ = join_spans(spans, vertical)
    boxes = [s.bbox for s in spans if s.bbox]
    return Line(
        text=norm(raw).strip(),
        bbox=union(boxes) if boxes else None,
        spans=spans,
        block=block,
        vertical=vertical,
    )


def line_size(line: Line) -> float:
    """Given a line, return its largest font size (10 when its spans carry none)."""
    return max((s.size or 0.0 for s in line.spans), default=0.0) or 10.0


def without(units: list[Unit], taken: set[int]) -> list[Unit]:
    """Given units and the ids of lines taken elsewhere (tables, stacks), return the units left."""
    out = []
    for u in units:
        keep = [ln for ln in u.lines if id(ln) not in taken]
        if len(keep) == len(u.lines):
            out.append(u)
        elif keep:
            out.append(Unit(keep, union([ln.bbox for ln in keep if ln.bbox]), u.kind))
    return out


def units_from_dict(page_dict: dict[str, Any]) -> list[Unit]:
    """Given ``page.get_text("dict")``, return its text blocks as units of Lines.

    Lines written vertically (rotated text, or ``wmode`` 1) are marked vertical; stacks of
    one-character lines are then merged into vertical lines by `merge_stacks`.
    """
    units: list[Unit] = []
    for b in page_dict.get("blocks", ()):
        if b.get("type", 0) != 0:
            continue
        lines: list[Line] = []
        for ln in b.get("lines", ()):
            spans = [make_span(s) for s in ln.get("spans", ()) if s.get("text", "").strip()]
            if not spans:
                continue
            dx, dy = ln.get("dir", (1.0, 0.0))
            vertical = bool(ln.get("wmode", 0)) or (abs(dy) > abs(dx))
            line = finish_line(spans, vertical=vertical)
            if line.text:
                lines.append(line)
        if lines:
            units.append(Unit(lines, union([ln.bbox for ln in lines if ln.bbox])))
    return [rows_of(u) for u in merge_stacks(units)]


def rows_of(unit: Unit, max_gap: float = 4.0) -> Unit:
    """Given a unit, return it with its horizontal lines in row order, pieces of a row joined.

    MuPDF starts a new line after a wide gap (``■`` then its item, a label then its
    value); pieces of one block sharing a row within `max_gap` font sizes become one line.
    """
    if unit.kind != "block" or len(unit.lines) < 2 or any(ln.vertical or ln.bbox is None for ln in unit.lines):
        return unit
    order = sorted(unit.lines, key=lambda ln: (ln.bbox[1] + ln.bbox[3]) / 2)  # type: ignore[index]
    rows: list[list[Line]] = []
    for ln in order:
        assert ln.bbox is not None
        last = rows[-1][-1].bbox if rows else None
        if last is not None and _same_row(last, ln.bbox):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda ln: ln.bbox[0])  # type: ignore[index]
        cur = row[0]
        for ln in row[1:]:
            size = line_size(cur)
            if ln.bbox[0] - cur.bbox[2] <= max_gap * size:  # type: ignore[index]
                cur = finish_line(cur.spans + ln.spans)
            else:
                out.append(cur)
                cur = ln
        out.append(cur)
    return Unit(out, unit.bbox, unit.kind)


def _same_row(a: BBox, b: BBox) -> bool:
    """Given the boxes of two lines of a block, return whether they share a row: their centres are
    close, or (a label in a box beside its line, set in another size) they overlap over most of the
    smaller one's height."""
    ha, hb = a[3] - a[1], b[3] - b[1]
    if abs((a[1] + a[3]) / 2 - (b[1] + b[3]) / 2) < 0.35 * max(ha, hb):
        return True
    return min(a[3], b[3]) - max(a[1], b[1]) >= 0.4 * min(ha, hb) and (a[2] <= b[0] or b[2] <= a[0])


def merge_stacks(units: list[Unit]) -> list[Unit]:
    """Given units, return them with stacks of one-character lines merged into vertical lines.

    Slides set captions vertically by typing one character per line (事/前/準/備): the
    characters share a centre x, have the same size and follow each other at less than
    a character's height. Each stack of two or more becomes one vertical Line in a unit
    of its own; the characters leave their original units.
    """
    singles: list[tuple[int, int, Line]] = []
    for ui, u in enumerate(units):
        for li, ln in enumerate(u.lines):
            if len(ln.text) == 1 and not ln.vertical and ln.bbox and _stackable(ln.text):
                singles.append((ui, li, ln))
    if len(singles) < 2:
        return units
    used: set[tuple[int, int]] = set()
    stacks: list[list[tuple[int, int, Line]]] = []
    by_y = sorted(singles, key=lambda t: t[2].bbox[1])  # type: ignore[index]
    for start in by_y:
        if (start[0], start[1]) in used:
            continue
        chain = [start]
        cur = start[2]
        while True:
            nxt = _next_in_stack(cur, by_y, used | {(c[0], c[1]) for c in chain})
            if nxt is None:
                break
            chain.append(nxt)
            cur = nxt[2]
        if len(chain) >= 2:
            stacks.append(chain)
            used.update((c[0], c[1]) for c in chain)
    if not stacks:
        return units
    out = without(units, {id(ln) for chain in stacks for _, _, ln in chain})
    for chain in stacks:
        spans = [s for _, _, ln in chain for s in ln.spans]
        line = finish_line(spans, vertical=True)
        out.append(Unit([line], line.bbox or (0, 0, 0, 0), "vertical"))
    return out


def _stackable(ch: str) -> bool:
    """Given a one-character line, return whether it can be part of vertical text (not a bullet)."""
    return (not ch.isascii() and unicodedata.category(ch)[0] in "LN") or ch in "ー・"


def _next_in_stack(
    cur: Line, cands: list[tuple[int, int, Line]], used: set[tuple[int, int]]
) -> tuple[int, int, Line] | None:
    """Given a one-character line, return the candidate right below it in the same stack."""
    assert cur.bbox is not None
    size = line_size(cur)
    cx = (cur.bbox[0] + cur.bbox[2]) / 2
    best: tuple[int, int, Line] | None = None
    for ui, li, ln in cands:
        if (ui, li) in used or ln is cur or ln.bbox is None:
            continue
        gap = ln.bbox[1] - cur.bbox[3]
        if gap < -size * 0.3 or gap > size * 0.6:
            continue
        if abs((ln.bbox[0] + ln.bbox[2]) / 2 - cx) > size * 0.3 or abs(line_size(ln) - size) > size * 0.25:
            continue
        if best is None or ln.bbox[1] < (best[2].bbox or ln.bbox)[1]:
            best = (ui, li, ln)
    return best


# --- reading order -------------------------------------------------------------------------


def _split(units: list[Unit], axis: int, min_gap: float) -> list[list[Unit]]:
    """Given units, return them grouped by the whitespace gaps along `axis` (0 = x, 1 = y)."""
    order = sorted(units, key=lambda u: u.bbox[axis])
    groups: list[list[Unit]] = [[order[0]]]
    end = order[0].bbox[axis + 2]
    for u in order[1:]:
        if u.bbox[axis] - end >= min_gap:
            groups.append([u])
        else:
            groups[-1].append(u)
        end = max(end, u.bbox[axis + 2])
    return groups


def _rows_aligned(cols: list[list[Unit]]) -> bool:
    """Given column groups, return whether they are labels and values paired on shared rows.

    Columns of similar width are text columns even when their lines happen to share
    baselines (two boxes on a slide set in the same style); a label column is narrow.
    """
    a, b = cols[0], cols[1]
    wa, wb = (median(u.bbox[2] - u.bbox[0] for u in g) for g in (a, b))
    if min(wa, wb) > 0.6 * max(wa, wb):
        return False
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    hits = 0
    for u in small:
        h = max(u.bbox[3] - u.bbox[1], 1.0)
        for v in big:
            if abs(u.bbox[1] - v.bbox[1]) < h * 0.4 and abs(u.bbox[3] - v.bbox[3]) < h * 0.6:
                hits += 1
                break
    return hits >= max(1, 0.6 * len(small))


def _gaps(units: list[Unit], min_gap: float) -> list[tuple[float, float]]:
    """Given units, return the vertical whitespace channels (x intervals) between them."""
    order = sorted(units, key=lambda u: u.bbox[0])
    out = []
    end = order[0].bbox[2]
    for u in order[1:]:
        if u.bbox[0] - end >= min_gap:
            out.append((end, u.bbox[0]))
        end = max(end, u.bbox[2])
    return out


def _rejoin(rows: list[list[Unit]], col_gap: float) -> list[list[Unit]]:
    """Given row groups, return them with neighbours that share a column channel joined again.

    A title that overlaps both columns stops the first vertical cut; the horizontal cut
    that follows would slice the columns into rows. Rows whose column gaps line up are
    one multi-column region and are read column by column below.
    """
    out: list[list[Unit]] = [rows[0]]
    prev = _gaps(rows[0], col_gap)
    for r in rows[1:]:
        gaps = _gaps(r, col_gap)
        if prev and gaps and any(a0 < b1 and b0 < a1 for a0, a1 in prev for b0, b1 in gaps):
            out[-1] = out[-1] + r
            prev = [(max(a0, b0), min(a1, b1)) for a0, a1 in prev for b0, b1 in gaps if a0 < b1 and b0 < a1]
        else:
            out.append(r)
            prev = gaps
    return out


def xycut(units: list[Unit], col_gap: float = 7.0, row_gap: float = 0.5) -> list[Unit]:
    """Given units, return them in reading order by recursive XY-cut (see module docstring)."""
    if len(units) <= 1:
        return list(units)
    cols = _split(units, 0, col_gap)
    rows = _split(units, 1, row_gap)
    aligned = len(cols) > 1 and _rows_aligned(cols)
    if len(cols) > 1 and (len(rows) == 1 or not aligned):
        return [u for c in cols for u in xycut(c, col_gap, row_gap)]
    if len(rows) > 1 and not aligned:
        rows = _rejoin(rows, col_gap)
    if len(rows) > 1:
        return [u for r in rows for u in xycut(r, col_gap, row_gap)]
    cols = _split(units, 0, col_gap)
    if len(cols) > 1:
        return [u for c in cols for u in xycut(c, col_gap, row_gap)]
    return sorted(units, key=lambda u: (u.bbox[1], u.bbox[0]))


def order_lines(unit: Unit) -> list[Line]:
    """Given a unit, return its lines in reading order (vertical lines right to left)."""
    if unit.kind == "table":
        return unit.lines
    if all(ln.vertical for ln in unit.lines):
        return sorted(unit.lines, key=lambda ln: -(ln.bbox or (0, 0, 0, 0))[2])
    return unit.lines
