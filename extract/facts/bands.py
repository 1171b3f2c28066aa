"""Frame bands over column groups: names printed side by side above the columns they scope.

A slide shows two frames next to each other: a coloured band ``〇〇枠`` over the left
columns and ``△△枠`` over the right ones, with one table (or two abutting tables, or
plain lines) under both. Each value there belongs to the frame of the band above its
column, not to the frame named last on the page.

On a PDF page a band row is two or more short lines (or parts of one line) that only name
frames or types, at one height and side by side, outside any table. A band spans the
coloured shape it is printed on (the smallest filled box holding its text and no other
band of its row), else its text. It scopes what stands below it, down to the next band
row: a table cell or a line takes the band its columns fall under (`BandRow.over`).

In a text layer positions are lost; the columns of a table are grouped by their headers
instead: a line naming k frames right above a table, or a header row naming k frames in
fewer cells than it spans, scopes the value columns in k groups when their labels
repeat k times (補助上限額 補助率 | 補助上限額 補助率) (`extract.facts.segments.groups`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from extract.facts.frames import find_names, pair_names, within
from extract.facts.scope import Edition
from extract.facts.segments import BAND_MAX
from extract.layout import union
from extract.locate import line_box
from extract.model import BBox, Line
from normalize.dates import find_fiscals

Pair = tuple[str | None, str | None]
TOUCH = 3.0  # points of overlap that are only a border shared by two neighbours
SAME_ROW = 0.5  # share of the lower band's height two bands must overlap vertically
_OPENING = "【[<＜〔"  # marks that open a heading (【参考】)


@dataclass(frozen=True, slots=True)
class Band:
    """One band: its horizontal extent, the frames it names and the edition it prints (if any)."""

    x0: float
    x1: float
    pairs: tuple[Pair, ...]
    edition: Edition | None = None  # 令和6年度補正 beside 【参考】令和5年度補正: rule label.edition-heading


@dataclass(slots=True)
class BandRow:
    """Bands side by side at one height, the lines that print them, and the depth they scope."""

    bands: list[Band]  # left to right
    top: float
    bottom: float
    lines: frozenset[int]  # indices into the page's lines
    end: float = math.inf  # the top of the next band row below

    def scopes(self, box: BBox) -> bool:
        """Given a box, return whether it stands below the row, before the next one."""
        return self.bottom - 2.0 <= box[1] < self.end

    def over(self, x0: float, x1: float, *, spanning: bool = True) -> tuple[Pair, ...] | None:
        """Given a horizontal extent, return the frames of the bands it falls under; None outside
        the row. A cell spanning several bands takes all of them when `spanning`, else none."""
        under = self.under(x0, x1, spanning=spanning)
        return None if under is None else tuple(dict.fromkeys(p for b in under for p in b.pairs))

    def edition_over(self, x0: float, x1: float, *, spanning: bool = True) -> Edition | None:
        """Given a horizontal extent, return the edition of the bands it falls under when they print
        one, the same; else None (a cell across this year's band and a 【参考】 one has neither)."""
        editions = {b.edition for b in self.under(x0, x1, spanning=spanning) or ()}
        return editions.pop() if len(editions) == 1 else None

    def under(self, x0: float, x1: float, *, spanning: bool = True) -> list[Band] | None:
        """Given a horizontal extent, return the bands it falls under; None outside the row or, unless
        `spanning`, across several bands."""
        if not spanning and sum(min(x1, b.x1) - max(x0, b.x0) > TOUCH for b in self.bands) > 1:
            return None  # a line running across bands (a note under both) belongs to neither
        covered = [b for b in self.bands if min(x1, b.x1) - max(x0, b.x0) >= 0.5 * max(1.0, min(x1 - x0, b.x1 - b.x0))]
        if covered:
            return covered
        centre = (x0 + x1) / 2
        centres = [(b.x0 + b.x1) / 2 for b in self.bands]
        slack = (centres[-1] - centres[0]) / (2 * (len(centres) - 1))
        if not self.bands[0].x0 - slack <= centre <= self.bands[-1].x1 + slack:
            return None
        return [min(self.bands, key=lambda b: max(b.x0 - centre, centre - b.x1, 0.0))]


@dataclass(frozen=True, slots=True)
class _Piece:
    box: BBox
    pairs: tuple[Pair, ...]
    line: int
    edition: Edition | None = None


def _edition_pieces(
    i: int, line: Line, names: Callable[[str], tuple[Pair, ...]], editions: Callable[[str], Edition | None]
) -> list[_Piece]:
    """Given a line, return one piece per edition heading it prints (one, or several set apart by
    spaces: 令和6年度補正　　【参考】令和5年度補正), with the frames each names; none when it prints none."""
    assert line.bbox is not None
    heads = edition_spans(line.text, editions)
    out = []
    for a, b in heads:
        box = line.bbox if len(heads) == 1 else line_box(line, a, b)
        text = line.text[a:b]
        if box is None:
            return []
        out.append(_Piece(box, tuple(p for n in find_names(text) for p in names(n.text)), i, editions(text)))
    return out


def _pieces(i: int, line: Line, names: Callable[[str], tuple[Pair, ...]]) -> list[_Piece]:
    """Given a line that only names frames, return one piece per name group printed apart."""
    assert line.bbox is not None
    found = find_names(line.text)
    pairs = pair_names(found, line.text)
    if len(pairs) < 2 or len(found) != len(pairs):
        got = names(line.text)
        return [_Piece(line.bbox, got, i)] if got else []
    pieces = []
    for n in found:
        box = line_box(line, n.start, n.end)
        got = names(n.text)
        if box is None or not got:
            return [_Piece(line.bbox, names(line.text), i)]
        pieces.append(_Piece(box, got, i))
    return pieces


def edition_spans(text: str, editions: Callable[[str], Edition | None]) -> list[tuple[int, int]]:
    """Given a line, return where each edition heading it prints stands (令和6年度補正 【参考】令和5年度補正:
    two): cut at the space or before the 【 mark that opens the next; none when no such mark parts two
    years, or a piece prints no edition of its own."""
    years = [(s, e) for s, e, f in find_fiscals(text) if f.fiscal_year and f.budget]
    cuts = [0]
    for (_, end), (start, _) in pairwise(years):
        gap = text[end:start]
        marks = [k for k, ch in enumerate(gap) if ch in _OPENING or ch.isspace()]
        if not marks:
            return []  # 令和6年度補正・令和7年度当初: one heading of two budgets, not two side by side
        cuts.append(end + marks[0])
    spans = [_trim(text, a, b) for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]
    return spans if spans and all(editions(text[a:b]) is not None for a, b in spans) else []


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Return the span without the spaces at its ends."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def split_editions(text: str, editions: Callable[[str], Edition | None]) -> list[Edition]:
    """Given a line, return the editions of the headings it prints side by side (see `edition_spans`)."""
    return [ed for a, b in edition_spans(text, editions) if (ed := editions(text[a:b])) is not None]


def _side_by_side(pieces: list[_Piece]) -> bool:
    ordered = sorted(pieces, key=lambda p: p.box[0])
    return all(b.box[0] >= a.box[2] - 1.0 for a, b in pairwise(ordered))


def band_rows(
    lines: list[Line],
    fills: list[BBox],
    tables: list[BBox],
    names: Callable[[str], tuple[Pair, ...]],
    editions: Callable[[str], Edition | None] | None = None,
) -> list[BandRow]:
    """Given a PDF page's lines, its coloured shapes and table boxes, a function giving the frames a
    line names when it names nothing else, and one giving the edition a heading prints, return the
    band rows of the page, top first. A row scopes down to the next row or to the first line below
    it running across its bands."""
    pieces: list[_Piece] = []
    for i, ln in enumerate(lines):
        if ln.bbox is None or ln.vertical or len(ln.text) > BAND_MAX or _inside(ln.bbox, tables):
            continue
        if names(ln.text):
            pieces += _pieces(i, ln, names)
        elif editions is not None:
            pieces += _edition_pieces(i, ln, names, editions)
    rows: list[list[_Piece]] = []
    for p in sorted(pieces, key=lambda p: (p.box[1] + p.box[3]) / 2):
        row = rows[-1] if rows else None
        if row is not None and _overlap_y(row[-1].box, p.box) >= SAME_ROW * min(_h(row[-1].box), _h(p.box)):
            row.append(p)
        else:
            rows.append([p])
    out: list[BandRow] = []
    for row in rows:
        if len(row) < 2 or len({(p.pairs, p.edition) for p in row}) < 2 or not _side_by_side(row):
            continue
        row.sort(key=lambda p: p.box[0])
        bands = [Band(*_extent(p, row, fills), p.pairs, p.edition) for p in row]
        box = union([p.box for p in row])
        out.append(BandRow(bands, box[1], box[3], frozenset(p.line for p in row)))
    for a, b in pairwise(out):
        a.end = b.top
    for r in out:
        # a line running across the bands below them (a note under both, a new full-width section)
        # ends the columns they head
        across = [
            ln.bbox[1]
            for i, ln in enumerate(lines)
            if ln.bbox is not None
            and i not in r.lines
            and r.scopes(ln.bbox)
            and not _inside(ln.bbox, tables)
            and sum(min(ln.bbox[2], b.x1) - max(ln.bbox[0], b.x0) > TOUCH for b in r.bands) > 1
        ]
        r.end = min([r.end, *across])
    return out


def _extent(piece: _Piece, row: list[_Piece], fills: list[BBox]) -> tuple[float, float]:
    """Return the horizontal extent of a band: the smallest coloured shape holding its text and no
    other band of the row, else the text."""

    def holds(f: BBox, p: _Piece) -> bool:
        cx, cy = (p.box[0] + p.box[2]) / 2, (p.box[1] + p.box[3]) / 2
        return f[0] <= cx <= f[2] and f[1] <= cy <= f[3]

    own = [f for f in fills if holds(f, piece) and not any(holds(f, o) for o in row if o is not piece)]
    if not own:
        return piece.box[0], piece.box[2]
    best = min(own, key=lambda f: (f[2] - f[0]) * (f[3] - f[1]))
    return best[0], best[2]


def _inside(box: BBox, tables: list[BBox]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(t[0] <= cx <= t[2] and t[1] <= cy <= t[3] for t in tables)


def _overlap_y(a: BBox, b: BBox) -> float:
    return min(a[3], b[3]) - max(a[1], b[1])


def _h(box: BBox) -> float:
    return max(box[3] - box[1], 1.0)


def band_pairs(text: str) -> list[Pair]:
    """Given a band line, return the (frame, type) pairs it names, in order (彩雲拡張枠 翠嵐連携枠)."""
    return pair_names(find_names(text), text)


def under_band(band: tuple[Pair, ...], walked: tuple[Pair, ...]) -> tuple[Pair, ...]:
    """Given the frames of a line's band and the frames the page walk gave it (from a title or a
    heading above the band, or a type heading under it), return its frames: the band's, keeping
    the walk's types of the band's frame; bands naming types take the walk's one frame."""
    frames = {f for f, _ in band}
    if frames == {None}:
        above = {f for f, _ in walked if f is not None}
        return tuple((next(iter(above)), t) for _, t in band) if len(above) == 1 else band
    types = tuple((f, t) for f, t in walked if t is not None and (f is None or f in frames))
    return within(band, types) if types else band
