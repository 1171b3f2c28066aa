"""Tables without rules: runs of text rows whose pieces sit in the same columns.

A *piece* is a run of text on one visual row, cut where the gap to the next span is
wider than a character. Three or more consecutive rows of two or more pieces whose
left edges fall into the same column anchors make a table when at least one column
holds numbers in most rows and the pieces are short (paragraphs set in two columns
have long lines and no number column). Each visual row becomes one table row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from extract.layout import Unit, finish_line, union, without
from extract.model import Cell, Line, Span, Table

_DIGIT = re.compile(r"\d")
# list markers set apart by a hanging indent, and the dot leaders of a table of contents
_MARKER = re.compile(r"^(?:[※・●■◆◇○◎▪➢*-]|\(?\d{1,2}\)|\d{1,2}[.)]|[①-⑳])$")
_LEADER = re.compile(r"[.・·…‥]{4,}")
_NOTE_START = ("※", "*", "＊", "注")  # a note under a table is no cell of it
SHORT_CELL = 20  # characters of a cell; a longer piece is a line of text


@dataclass(slots=True)
class _Piece:
    line: Line
    spans: list[Span]
    x0: float
    x1: float
    y: float
    h: float


def _pieces(line: Line) -> list[_Piece]:
    out: list[_Piece] = []
    cur: list[Span] = []
    for s in line.spans:
        if s.bbox is None:
            continue
        if cur and s.bbox[0] - cur[-1].bbox[2] > (s.size or 10.0) * 1.2:  # type: ignore[index]
            out.append(_mk(line, cur))
            cur = []
        cur.append(s)
    if cur:
        out.append(_mk(line, cur))
    return out


def _mk(line: Line, spans: list[Span]) -> _Piece:
    b = union([s.bbox for s in spans if s.bbox])
    return _Piece(line, spans, b[0], b[2], (b[1] + b[3]) / 2, b[3] - b[1])


def _rows(pieces: list[_Piece]) -> list[list[_Piece]]:
    rows: list[list[_Piece]] = []
    for p in sorted(pieces, key=lambda p: p.y):
        if rows and abs(rows[-1][0].y - p.y) < 0.5 * max(p.h, rows[-1][0].h):
            rows[-1].append(p)
        else:
            rows.append([p])
    for r in rows:
        r.sort(key=lambda p: p.x0)
    return rows


def find_stream_tables(units: list[Unit], min_rows: int = 3) -> tuple[list[Table], list[Unit]]:
    """Given a page's text units (ruled tables already taken), return its unruled tables and the units left."""
    lines = [ln for u in units if u.kind == "block" for ln in u.lines if ln.bbox and not ln.vertical]
    rows = _rows([p for ln in lines for p in _pieces(ln)])
    tables: list[Table] = []
    taken: set[int] = set()
    new_units: list[Unit] = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and len(rows[j]) >= 2 and (j == i or _close(rows[j - 1], rows[j])):
            j += 1
        while j - i >= min_rows and j < len(rows) and _close(rows[j - 1], rows[j]) and _goes_on(rows[j], rows[i:j]):
            j += 1  # one column runs on below the others (a box longer than the boxes beside it)
        if j - i >= min_rows:
            got = _table(rows[i:j])
            if got is None and j - i > min_rows:
                # a first row whose pieces sit over column groups, not columns (frame bands, a
                # caption beside a note): the table starts below it
                got = _table(rows[i + 1 : j])
            if got is not None:
                table, tlines, ids = got
                tables.append(table)
                taken |= ids
                new_units.append(Unit(tlines, table.bbox or (0, 0, 0, 0), "table"))
        i = max(j, i + 1)
    if not tables:
        return [], units
    return tables, without(units, taken) + new_units


def _goes_on(row: list[_Piece], above: list[list[_Piece]]) -> bool:
    """Given a row of fewer than two pieces below a run of table rows, return whether it is the end of
    one of their columns: each piece is a short cell (no note) whose left edge is a column's."""
    lefts = [p.x0 for r in above for p in r]
    for p in row:
        text = "".join(s.text for s in p.spans).strip()
        if len(text) > SHORT_CELL or text.startswith(_NOTE_START) or not any(abs(p.x0 - x) <= 8.0 for x in lefts):
            return False
    return len(row) == 1


def _close(a: list[_Piece], b: list[_Piece]) -> bool:
    h = max(a[0].h, b[0].h)
    return b[0].y - a[0].y < 3.0 * h


def _table(rows: list[list[_Piece]]) -> tuple[Table, list[Line], set[int]] | None:
    lines = {id(p.line): p.line for r in rows for p in r}
    anchors: list[float] = []
    for x in sorted(p.x0 for r in rows for p in r):
        if not anchors or x - anchors[-1] > 8.0:
            anchors.append(x)
    support = [sum(1 for r in rows if any(abs(p.x0 - a) <= 8.0 for p in r)) for a in anchors]
    cols = [a for a, n in zip(anchors, support, strict=True) if n >= 0.6 * len(rows)]
    if len(cols) < 2 or len(cols) < 0.7 * len(anchors):
        return None
    made = {id(p): finish_line(p.spans) for r in rows for p in r}  # each piece as a Line, once
    texts = [[made[id(p)].text for p in r] for r in rows]
    if median(len(t) for r in texts for t in r) > 20:
        return None
    if sum(1 for r in texts if _MARKER.match(r[0])) >= 0.6 * len(rows):
        return None
    if sum(1 for r in texts for t in r if _LEADER.search(t)) >= 0.5 * len(rows):
        return None
    grid: list[list[list[_Piece]]] = [[[] for _ in cols] for _ in rows]
    for ri, r in enumerate(rows):
        for p in r:
            ci = max((k for k, a in enumerate(cols) if a <= p.x0 + 8.0), default=0)
            grid[ri][ci].append(p)
    numeric = [
        sum(1 for ri in range(1, len(rows)) if any(_DIGIT.search(made[id(p)].text) for p in grid[ri][c]))
        for c in range(len(cols))
    ]
    if max(numeric) < 0.6 * (len(rows) - 1):
        return None
    cells: list[Cell] = []
    out_lines: list[Line] = []
    for ri, grid_row in enumerate(grid):
        for ci, ps in enumerate(grid_row):
            cl = [made[id(p)] for p in ps]
            out_lines.extend(cl)
            boxes = [ln.bbox for ln in cl if ln.bbox]
            cells.append(Cell(ri, ci, " ".join(ln.text for ln in cl), bbox=union(boxes) if boxes else None))
    table_rows = [[c.text for c in cells[ri * len(cols) : (ri + 1) * len(cols)]] for ri in range(len(rows))]
    head = 1 if not any(_DIGIT.search(t) for t in table_rows[0]) else 0
    box = union([ln.bbox for ln in lines.values() if ln.bbox])
    labels = all(table_rows[r][0] and not _DIGIT.search(table_rows[r][0]) for r in range(head, len(rows)))
    label_col = 1 if labels else 0
    return Table(table_rows, cells, head, label_col, box, source="text"), out_lines, set(lines)
