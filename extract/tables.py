"""Ruled tables on PDF pages as cell grids, built from the page's rules and its spans.

The grid comes from `extract.rules`; grid cells not separated by a rule are merged
(union-find, then grown to rectangles) into spanning `Cell`s. Text is assigned span
by span (a span straddling a rule is cut in proportion to its characters), so a
cell's text keeps MuPDF's reading order within a line. Wrapped lines inside a cell
are joined without a break when the line filled the cell's width (Japanese wraps
anywhere), with ``"\\n"`` otherwise. Header rows (and a header column) are told by
shading, bold type, or a top row of labels over rows holding numbers (`_headers`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import pymupdf

from extract.layout import Unit, finish_line, line_size, rows_of, union, without
from extract.model import BBox, Cell, Line, Span, Table
from extract.rules import DisjointSet, Grid, Rules, RuleSettings, grids, page_rules

_DIGIT = re.compile(r"\d")
_ITEM = re.compile(r"^(?:[※・●■◆◇○◎★☆▪➢⇒→*]|\(\d+\)|\d+[.)]|[a-z][.)])")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")


@dataclass(slots=True)
class _Frag:
    span: Span
    line: int  # index of the source line


def find_tables(
    page: pymupdf.Page,
    units: list[Unit],
    settings: RuleSettings | dict[str, float] | None = None,
    drawings: list[dict[str, Any]] | None = None,
) -> tuple[list[Table], list[Unit]]:
    """Given a page and its text units, return its ruled tables and the units regrouped.

    Lines inside a table leave their units; each table becomes one unit whose lines
    are its cells' lines in row-major order, so the page text reads a table row by row.
    `drawings` is the page's ``get_cdrawings()`` when the caller has it already.
    """
    st = RuleSettings.resolve(settings)
    rules = page_rules(page.get_cdrawings() if drawings is None else drawings, st)
    if len(rules.h) < 2 or len(rules.v) < 2:
        return [], units
    tables: list[Table] = []
    table_units: list[Unit] = []
    for g in sorted(grids(rules, st), key=lambda g: (g.ys[0], g.xs[0])):
        got = _table(g, units, rules, st)
        if got is None:
            continue
        table, lines, taken = got
        tables.append(table)
        table_units.append(Unit(lines, table.bbox or g.bbox, "table"))
        units = without(units, taken)
    return tables, units + table_units


def _cells(g: Grid, cover: float) -> list[list[Cell]]:
    """Given a grid, return per grid position the merged Cell covering it (texts empty)."""
    nr, nc = len(g.ys) - 1, len(g.xs) - 1
    sets = DisjointSet(nr * nc)
    find = sets.find
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not g.v_edge(c + 1, r, cover):
                sets.join(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not g.h_edge(r + 1, c, cover):
                sets.join(r * nc + c, (r + 1) * nc + c)
    changed = True
    while changed:  # grow every region to its bounding rectangle
        changed = False
        boxes: dict[int, list[int]] = {}
        for i in range(nr * nc):
            r, c = divmod(i, nc)
            b = boxes.setdefault(find(i), [r, c, r, c])
            b[0], b[1], b[2], b[3] = min(b[0], r), min(b[1], c), max(b[2], r), max(b[3], c)
        for root, (r0, c0, r1, c1) in boxes.items():
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if find(r * nc + c) != find(root):
                        sets.join(r * nc + c, root)
                        changed = True
    keep_r = [0] + [r for r in range(1, nr) if any(find(r * nc + c) != find((r - 1) * nc + c) for c in range(nc))]
    keep_c = [0] + [c for c in range(1, nc) if any(find(r * nc + c) != find(r * nc + c - 1) for r in range(nr))]
    if len(keep_r) < nr or len(keep_c) < nc:  # boundaries no cell uses: drop and start again
        g.ys = [g.ys[r] for r in keep_r] + [g.ys[-1]]
        g.xs = [g.xs[c] for c in keep_c] + [g.xs[-1]]
        return _cells(g, cover)
    made: dict[int, Cell] = {}
    grid: list[list[Cell]] = [[] for _ in range(nr)]
    for r in range(nr):
        for c in range(nc):
            root = find(r * nc + c)
            if root not in made:
                made[root] = Cell(r, c, "")
            cell = made[root]
            cell.row_span = max(cell.row_span, r - cell.row + 1)
            cell.col_span = max(cell.col_span, c - cell.col + 1)
            grid[r].append(cell)
    for cell in made.values():
        cell.bbox = (g.xs[cell.col], g.ys[cell.row], g.xs[cell.col + cell.col_span], g.ys[cell.row + cell.row_span])
    return grid


def _table(g: Grid, units: list[Unit], rules: Rules, st: RuleSettings) -> tuple[Table, list[Line], set[int]] | None:
    grid = _cells(g, st.cover)
    x0, y0, x1, y1 = g.bbox
    frags: dict[int, list[_Frag]] = {}
    taken: set[int] = set()
    lines: list[Line] = [ln for u in units for ln in u.lines if ln.bbox]
    for li, ln in enumerate(lines):
        assert ln.bbox is not None
        cx, cy = (ln.bbox[0] + ln.bbox[2]) / 2, (ln.bbox[1] + ln.bbox[3]) / 2
        if not (x0 - 1 <= cx <= x1 + 1 and y0 - 1 <= cy <= y1 + 1):
            continue
        taken.add(id(ln))
        for sp in ln.spans:
            for piece in _cut(sp, g, ln.vertical):
                assert piece.bbox is not None
                px, py = (piece.bbox[0] + piece.bbox[2]) / 2, (piece.bbox[1] + piece.bbox[3]) / 2
                r = min(max(bisect_right(g.ys, py) - 1, 0), len(g.ys) - 2)
                c = min(max(bisect_right(g.xs, px) - 1, 0), len(g.xs) - 2)
                frags.setdefault(id(grid[r][c]), []).append(_Frag(piece, li))
    cells = _unique(grid)
    if not _two_dimensional(grid, frags):
        return None
    out_lines: list[Line] = []
    bold: set[int] = set()
    for cell in sorted(cells, key=lambda c: (c.row, c.col)):
        cell_lines = _cell_lines(frags.get(id(cell), []), lines)
        cell.text = _join_cell(cell_lines, cell.bbox)
        out_lines.extend(cell_lines)
        if cell_lines and all(s.bold for ln in cell_lines for s in ln.spans):
            bold.add(id(cell))
    rows = [[c.text for c in row] for row in grid]
    table = Table(rows=rows, cells=cells, bbox=g.bbox, source="rules")
    table.header_rows, table.header_cols = _headers(grid, rules, bold, g.bbox)
    return table, out_lines, taken


def _two_dimensional(grid: list[list[Cell]], frags: dict[int, list[_Frag]]) -> bool:
    """Given a grid and its filled cells, return whether some row and some column hold two texts.

    Boxes on slides (a framed paragraph under a label bar, a dashed group) form grids
    too, but their text never sits side by side in two cells of one row.
    """
    def filled(cs: list[Cell]) -> int:
        return len({id(c) for c in cs if id(c) in frags})

    cols = [[row[c] for row in grid] for c in range(len(grid[0]))]
    return any(filled(r) >= 2 for r in grid) and any(filled(c) >= 2 for c in cols)


def _unique(grid: list[list[Cell]]) -> list[Cell]:
    seen: dict[int, Cell] = {}
    for row in grid:
        for c in row:
            seen.setdefault(id(c), c)
    return list(seen.values())


def _cut(sp: Span, g: Grid, vertical: bool) -> list[Span]:
    """Given a span, return it cut at the grid's column boundaries it straddles."""
    if vertical or sp.bbox is None or len(sp.text) < 2:
        return [sp]
    x0, y0, x1, y1 = sp.bbox
    inner = [x for x in g.xs[1:-1] if x0 + 2 < x < x1 - 2]
    if not inner:
        return [sp]
    out: list[Span] = []
    n = len(sp.text)
    start, left = 0, x0
    for x in [*inner, x1]:
        end = n if x == x1 else max(start, min(n, round((x - x0) / (x1 - x0) * n)))
        if end > start and sp.text[start:end].strip():
            out.append(Span(sp.text[start:end], (left, y0, x, y1), sp.font, sp.size, sp.color, sp.bold))
        start, left = end, x
    return out or [sp]


def _cell_lines(frags: list[_Frag], lines: list[Line]) -> list[Line]:
    """Given a cell's fragments, return its lines in row order (fragments of a source line together)."""
    by_line: dict[int, list[Span]] = {}
    for f in frags:
        by_line.setdefault(f.line, []).append(f.span)
    made = [finish_line(spans, vertical=lines[li].vertical) for li, spans in by_line.items()]
    made = sorted((ln for ln in made if ln.text), key=lambda ln: (ln.bbox or (0, 0, 0, 0))[1])
    if not made:
        return []
    return rows_of(Unit(made, union([ln.bbox for ln in made if ln.bbox] or [(0, 0, 0, 0)]))).lines


def _join_cell(lines: list[Line], box: BBox | None) -> str:
    """Given a cell's lines, return its text: wrapped lines joined directly, others by "\\n".

    A line that reaches the cell's right side was wrapped (Japanese wraps anywhere), unless
    the next one starts a note or an item (``※``, ``・``, ``(1)``); Latin words get a space.
    """
    text = ""
    for i, ln in enumerate(lines):
        if i:
            prev = lines[i - 1]
            size = line_size(prev)
            full = False
            if box is not None and prev.bbox is not None:
                x1 = prev.bbox[2]
                # near the cell's right rule, or (padded cells, wrapping by words) 90% across
                full = box[2] - x1 < 2.2 * size or x1 - box[0] >= 0.9 * (box[2] - box[0])
            if not full or _ITEM.match(ln.text):
                text += "\n"
            elif _LATIN_END.search(prev.text) and _LATIN_START.match(ln.text):
                text += " "
        text += ln.text
    return text


def _headers(grid: list[list[Cell]], rules: Rules, bold: set[int], box: BBox) -> tuple[int, int]:
    """Given a table's grid, return (header rows, header columns).

    A top row is a header when it is shaded, or set in bold, while the body mostly is
    not (the first column is left out: it is often shaded as row labels); failing that,
    a top row of labels over rows holding numbers is one, and a second label row
    splitting a merged header cell joins it. The first column is a header column when
    it is shaded below the header rows.
    """
    area = (box[2] - box[0]) * (box[3] - box[1])
    shades = [b for b, _ in rules.shades if (b[2] - b[0]) * (b[3] - b[1]) < 0.8 * area]  # not a backdrop

    def shaded(c: Cell) -> bool:
        if c.bbox is None:
            return False
        cx, cy = (c.bbox[0] + c.bbox[2]) / 2, (c.bbox[1] + c.bbox[3]) / 2
        return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in shades)

    nr, nc = len(grid), len(grid[0])
    first = 1 if nc > 1 else 0
    shade = [[shaded(c) for c in row] for row in grid]
    thick = [[id(c) in bold for c in row] for row in grid]
    body = [(r, c) for r in range(1, nr) for c in range(first, nc) if grid[r][c].text]
    body_shaded = sum(shade[r][c] for r, c in body) / max(1, len(body))
    body_bold = sum(thick[r][c] for r, c in body) / max(1, len(body))
    hrows = 0
    for r in range(min(3, nr - 1)):
        filled = [c for c in range(first, nc) if grid[r][c].text]
        by_shade = body_shaded < 0.5 and all(shade[r][c] for c in range(first, nc))
        by_bold = body_bold < 0.5 and bool(filled) and all(thick[r][c] for c in filled)
        if not (by_shade or by_bold):
            break
        hrows = r + 1
    if hrows == 0:
        top = [c for c in _unique([grid[0]]) if c.text]
        rest_digits = sum(1 for row in grid[1:] for c in row if _DIGIT.search(c.text))
        if top and not any(_DIGIT.search(c.text) for c in top) and rest_digits >= len(grid) - 1:
            hrows = 1
        if hrows and any(c.col_span > 1 for c in top) and nr > 2:
            under = _unique([grid[1]])
            if len(under) > len(top) and not any(_DIGIT.search(c.text) for c in under if c.text):
                hrows = 2
    hcols = 0
    if nc > 1 and all(shade[r][0] for r in range(hrows, nr)) and body_shaded < 0.5:
        hcols = 1
    return hrows, hcols
