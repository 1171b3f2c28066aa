"""Tables: every value cell becomes a segment whose frame and labels come from its headers.

The semantics of a subsidy table are in its headers: the column headers name frames
and types (通常枠 | インボイス枠 spanning インボイス対応類型 and 電子取引類型), the row
headers say what the cells hold (補助上限, 補助率), or the other way round. A cell's
scope takes the frames of its column (or, when the columns name none, of its row),
its labels the row header then the column header, so `values.read_segment` reads
``5万円~150万円`` in the 補助上限 row as a cap and ``中小企業:1/2`` in the 補助率 row
as a rate. A cell spanning several columns (補助率 1/2以内 across 通常枠 A類型, B類型
and セキュリティ対策推進枠) applies to every frame it spans. Empty header cells are
merged cells of a grid that lost its spans: a row header is inherited from the row
above, a column header from the left when the header row below it is filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from extract.facts import cues
from extract.facts.frames import find_names, within
from extract.facts.kinds import applicant_header
from extract.facts.ruletable import regex
from extract.facts.scope import (
    EDITION_COLUMN,
    DocContext,
    Edition,
    Pair,
    Scope,
    edition_heading,
    heading_names,
    in_edition,
)
from extract.facts.segments import Segment, groups, has_value_hint, is_label, names_header
from extract.model import BBox, Table
from normalize.qualifiers import parse_condition

# A value a header cell states with its own cue (補助下限額100万円), not a bare number.
_HEAD_VALUE = regex("cue.header-value")
_STATISTIC = regex("veto.statistic-table")
_TIER_COLUMN = regex("label.tier-column")
_DATE_COLUMN = regex("label.date-column")
_TOTAL_ROW = regex("label.total-row")
_UNIT_HEADER = regex("label.unit-header")
_BARE_NUMBER = regex("label.bare-number")
_EMPTY_CELL = regex("label.empty-cell")  # ― or 該当なし: a cell that says there is nothing here
CASE_COLUMN = "band.case-column"  # a column headed by a case alone, after a column of values


def _header_rows(grid: list[list[str]], declared: int) -> int:
    """Return how many top rows are headers: declared, else the leading rows without values."""
    if declared:
        return declared
    n = 0
    for row in grid[:3]:
        cells = [c for c in row[1:] if c.strip()]
        if not cells or any(has_value_hint(c) for c in cells):
            break
        n += 1
    return n


def _header_cols(grid: list[list[str]], top: int, declared: int) -> int:
    """Return how many left columns are headers: declared, else 1 when the first column is short labels
    (a label may state a limit of its own: 補助上限額(補助下限額100万円), rule cue.header-value)."""
    if declared:
        return declared
    col = [r[0] for r in grid[top:] if r]
    if col and all(len(c) <= 30 and not has_value_hint(_HEAD_VALUE.sub("", c)) for c in col):
        return 1
    return 0


def _column_headers(grid: list[list[str]], top: int, n_cols: int) -> list[str]:
    """Return the header text above each column, filling merged (empty) header cells from the left."""
    heads = _header_cells(grid, top, n_cols)
    return [" ".join(heads[r][c] for r in range(top) if heads[r][c].strip()) for c in range(n_cols)]


def _header_cells(grid: list[list[str]], top: int, n_cols: int) -> list[list[str]]:
    """Return the header rows' cells, a merged (empty) cell filled from the left where the row below splits it."""
    heads = [[(grid[r][c] if c < len(grid[r]) else "") for c in range(n_cols)] for r in range(top)]
    for r in range(top):
        for c in range(1, n_cols):
            below_filled = r + 1 < top and heads[r + 1][c].strip()
            # the cell on the left spans columns only when the row below splits it; the same
            # text below it is a cell spanning rows, repeated (枠 | 補助下限額 | ␣ over 補助上限額)
            left_spans_rows = r + 1 < top and heads[r + 1][c - 1] == heads[r][c - 1]
            if not heads[r][c].strip() and below_filled and heads[r][c - 1].strip() and not left_spans_rows:
                heads[r][c] = heads[r][c - 1]
    return heads


def _column_pairs(grid: list[list[str]], top: int, left: int, col_heads: list[str], level: str | None,
                  scope: Scope, ctx: DocContext) -> list[tuple[Pair, ...]]:
    """Return the (frame, type) pairs each column's headers name (none for the row-label columns)."""
    cells = _header_cells(grid, top, len(col_heads))
    return [_innermost_frames([cells[r][c] for r in range(top)], ctx.label_names(h, level, scope.program), level, scope,
                              ctx) if c >= left else () for c, h in enumerate(col_heads)]


def _innermost_frames(cells: list[str], pairs: tuple[Pair, ...], level: str | None, scope: Scope,
                      ctx: DocContext) -> tuple[Pair, ...]:
    """Given a column's header cells (top to bottom) and the pairs they name together, return the lowest row's
    frames where two rows name frames (特別枠 over 賃金引上げ枠, 卒業枠 …: the upper groups the lower, it is
    no frame of the column's values); else the pairs (a frame over its 類型 stays one pair)."""
    per_row = [ctx.label_names(h, level, scope.program) for h in cells if h.strip()]
    framed = [p for p in per_row if p and all(f and not t for f, t in p)]
    return framed[-1] if len(framed) >= 2 else pairs


_HEADER_BRACKET = re.compile(r"\(([^()]{2,40})\)")
# a header's bracket that states a case (not a unit, a note, or a remark): …特例, …場合, …適用時
_CASE_LIKE = regex("band.header-case")
_HEADER_RATE = regex("cue.header-rate")  # 補助率(…): a cue its bracket may give a case after


def _header_qualifier(header: str) -> str | None:
    """Return the case a value column's header gives in brackets after its cue (補助上限額(大幅賃上げ
    特例) → 大幅賃上げ特例) or before it (大幅な賃上げを行う場合の補助上限額 → 大幅な賃上げを行う場合),
    not a unit, a note mark or an applicant, else None."""
    if not cues.AMOUNT_CUE.search(header) and not _HEADER_RATE.search(header):
        return None
    for m in _HEADER_BRACKET.finditer(header):
        inner = m.group(1).strip()
        if _CASE_LIKE.search(inner) and applicant_header(inner) is None:
            return inner
    heads = [m for m in cues.AMOUNT_CUE.finditer(header) if m.lastgroup != "neg"]
    heads = heads or list(cues.RATE_CUE.finditer(header))
    before = "".join(header[: heads[-1].start()].split()).removesuffix("の") if heads else ""
    if before and _CASE_LIKE.search(before) and applicant_header(before) is None:
        return before
    return None


def _tier_columns(grid: list[list[str]], top: int, left: int) -> list[int]:
    """Return the body columns every filled cell of which states a tier and no value (プロセス数:
    1プロセス以上 / 4プロセス以上), wherever they stand in the row."""
    out = []
    for c in range(left, len(grid[0]) if grid else 0):
        body = _filled(grid, top, c)
        if body and not any(has_value_hint(x) for x in body) and all(parse_condition(x).tier for x in body):
            out.append(c)
    return out


def _tier_cell(cell: str, header: str) -> str:
    """Return a tier column's cell as a condition, with the column's header where the cell prints a
    bare count (プロセス数 | 1以上 → プロセス数 1以上)."""
    text = " ".join(cell.split())
    return f"{' '.join(header.split())} {text}" if re.fullmatch(r"[0-9~\-]+\s*(?:以上|以下|未満|超)?", text) else text


def _column_qualifiers(grid: list[list[str]], top: int, left: int, col_heads: list[str]) -> dict[int, list[str]]:
    """Return, per column, what tells it from the columns under the same header: in a row without
    values whose cells differ across those columns, a cell that states a tier or an expense category
    (機能要件: 1プロセス以上 | 4プロセス以上; ITツール | PC・タブレット等 | レジ・券売機)."""
    groups: dict[str, list[int]] = {}
    for c in range(left, len(col_heads)):
        if col_heads[c].strip():
            groups.setdefault(col_heads[c], []).append(c)
    out: dict[int, list[str]] = {}
    for cols in (g for g in groups.values() if len(g) > 1):
        for r in range(top, len(grid)):
            cells = [" ".join(grid[r][c].split()) for c in cols]
            if not all(cells) or len(set(cells)) == 1 or any(has_value_hint(x) for x in cells):
                continue
            for c, cell in zip(cols, cells, strict=True):
                q = parse_condition(cell)
                if q.tier is not None or q.category is not None:
                    out.setdefault(c, []).append(cell)
    return out


def _label_above(grid: list[list[str]], top: int, r: int, c: int) -> str | None:
    """Return the label a body row above a cell prints in its column (補助率 over 2/3 in a grid whose
    rows alternate labels and values; 補助上限額: over the caps of three tiers), when the nearest
    cell above that holds no value is such a label."""
    for rr in range(r - 1, top - 1, -1):
        text = grid[rr][c].strip()
        if text and not has_value_hint(text):
            return text if _value_label(text) else None
    return None


def _value_label(text: str) -> bool:
    """Return whether a cell labels values of a fact kind (補助上限額, 補助率, 締切), not other amounts."""
    if cues.LIMIT_CUE.search(text) or cues.RATE_CUE.search(text):
        return True
    return any(m.lastgroup != "neg" for m in cues.DATE_CUE.finditer(text))


def _row_head(grid: list[list[str]], r: int, left: int) -> str:
    """Return the text of row r's header cells."""
    return " ".join(dict.fromkeys(x for x in grid[r][:left] if x.strip())) if r < len(grid) else ""


def _cell_applicant(grid: list[list[str]], top: int, cols: range, row_head: str,
                    col_heads: list[str]) -> tuple[str | None, str | None]:
    """Return the applicant a cell's row header names and the one that holds for the cell: its row's,
    else its columns' headers', else the lowest header row's (中小企業 under a spanning 支給額(1人当たり))."""
    row_who = applicant_header(row_head)
    lowest = " ".join(dict.fromkeys(grid[top - 1][k] for k in cols if grid[top - 1][k].strip())) if top > 1 else ""
    return row_who, (row_who or applicant_header(" ".join(col_heads[k] for k in cols)) or applicant_header(lowest))


def _is_tier(header: str) -> bool:
    """Return whether a row header names a tier (従業員数20人以下, 1プロセス以上), not what the cells hold."""
    return bool(header) and (cues.TIER.search(header) is not None or not is_label(header))


def _shape(table: Table) -> tuple[list[list[str]], int, int]:
    """Return a table's grid (rows padded to one width), its header rows and its header columns."""
    grid = [[c or "" for c in row] for row in table.rows]
    if not grid:
        return [], 0, 0
    n_cols = max(len(r) for r in grid)
    grid = [r + [""] * (n_cols - len(r)) for r in grid]
    top = _header_rows(grid, table.header_rows)
    if table.source == "tsv" and top == 1 and len(grid) > 1 and _holds_values(grid[0][1:]):
        top = 0  # 事業場内最低賃金1,000円未満 ⇥ 4/5: a first row of values is a row, not a header
    left = _header_cols(grid, top, table.header_cols)
    if left == 1 and top and _names_every_column(grid[0]) and any(has_value_hint(r[0]) for r in grid[top:]):
        left = 0  # 標準型 | 大規模型 | 中小企業型 over values in every column: no corner cell, no row labels
    while left and left < n_cols - 1 and _names_column(grid, top, left):
        left += 1  # 枠 | 類型 | …: a column of type names beside the frames' is a row header too
    return _with_units(grid, top, left), top, left


def _with_units(grid: list[list[str]], top: int, left: int) -> list[list[str]]:
    """Return the grid with each bare number of a body cell given the unit its column's or row's header
    states (補助限度額(千円) over 1,500 → 1,500千円: rules label.unit-header, label.bare-number)."""
    col_units = [_UNIT_HEADER.search(" ".join(grid[r][c] for r in range(top))) for c in range(len(grid[0]))]
    out = [list(row) for row in grid]
    for r in range(top, len(grid)):
        row_unit = _UNIT_HEADER.search(" ".join(grid[r][:left]))
        for c in range(left, len(grid[r])):
            unit = col_units[c] or row_unit
            if unit and _BARE_NUMBER.match(grid[r][c]):
                out[r][c] = grid[r][c].strip() + unit.group("unit")
    return out


def _names_column(grid: list[list[str]], top: int, c: int) -> bool:
    """Return whether every filled body cell of column c names a frame or type and holds no value
    (通常類型 / 成長分野進出類型(DX・GX) beside a column of frames)."""
    body = _filled(grid, top, c)
    return bool(body) and all(find_names(x) and not has_value_hint(x) for x in body)


def _filled(grid: list[list[str]], top: int, c: int) -> list[str]:
    """Return the body cells of column c that print something of their own: not blank, not a dash
    (label.empty-cell), not a cell spanning into it from the left (補助率 over the tier column)."""
    return [grid[r][c] for r in range(top, len(grid)) if _own(grid, r, c)]


def _own(grid: list[list[str]], r: int, c: int) -> bool:
    """Return whether the cell at (r, c) prints something of its own (see `_filled`)."""
    x = grid[r][c]
    return bool(x.strip()) and not _EMPTY_CELL.match(x.strip()) and not (c and x == grid[r][c - 1])


def _case_columns(heads: list[str], left: int) -> tuple[list[str], set[int]]:
    """Return the column headers with a header that is only a case (大幅な賃上げを行う場合, …特例) right
    after a value column's header read as that header with the case in brackets (補助上限額(大幅な賃上げ
    を行う場合)): its cells are values of the same kind in that case (rule band.case-column); and the
    columns so read."""
    out, cases = list(heads), set()
    for c in range(left + 1, len(heads)):
        head = " ".join(heads[c].split())
        if head and _CASE_LIKE.search(head) and not _value_label(head) and _value_label(heads[c - 1]):
            out[c] = f"{' '.join(heads[c - 1].split())}({head})"
            cases.add(c)
    return out, cases


def _holds_values(cells: list[str]) -> bool:
    """Return whether cells hold values: some are filled, and each filled one prints a value."""
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(has_value_hint(c) for c in filled)


def _header_tier(grid: list[list[str]], top: int, c: int, head: str) -> str | None:
    """Return a column's header as a condition when its lowest cell states a tier (引き上げる労働者数 over
    1人 | 2~3人 | 10人以上): the tier of the column's values."""
    low = grid[top - 1][c].strip() if top else ""
    # 従業員数5人以下: the dimension of the tiers (label.tier-column) does not make the cell a label
    tiered = bool(low) and not is_label(_TIER_COLUMN.sub(" ", low)) and parse_condition(low).tier is not None
    return " ".join(head.split()) if tiered else None


def _names_every_column(row: list[str]) -> bool:
    """Return whether every cell of a header row, the first one too, is one frame or type name."""
    cells = [c.strip() for c in row]
    return len(cells) > 1 and all(c and len(n := find_names(c)) == 1 and n[0].text == c for c in cells)


def value_labels(table: Table) -> tuple[int, list[str]]:
    """Given a table, return its first value column and the label of each value column (the
    lowest header row's cell; empty without a header row)."""
    grid, top, left = _shape(table)
    if not grid:
        return 0, []
    return left, [grid[top - 1][c] if top else "" for c in range(left, len(grid[0]))]


def _regroup_bands(grid: list[list[str]], top: int, left: int, scope: Scope, ctx: DocContext) -> None:
    """Rewrite a header row that names k frames in fewer cells than it spans (a converter wrote each
    merged cell once: ⇥彩雲拡張枠⇥翠嵐連携枠) over value columns whose labels repeat k times
    (補助上限額 補助率 補助上限額 補助率): each column gets the name of its group."""
    if top < 2:
        return
    labels = grid[top - 1][left:]
    for r in range(top - 1):
        cells = [t for c, t in enumerate(grid[r]) if t.strip() and (c == 0 or t != grid[r][c - 1])]  # merged: once
        if len(cells) < 2 or not all(heading_names(t, ctx, scope.program) for t in cells):
            continue
        found = groups(labels, len(cells))
        if found is not None:
            grid[r] = [""] * left + [cells[g] for g in found]


def _named_axes(grid: list[list[str]], top: int, left: int, col_heads: list[str]) -> tuple[str | None, str | None]:
    """Return the level ("frame", "type") a corner header cell (類型, 枠) gives to the row labels
    and to the column labels: to the axis whose labels are not value labels (補助率 | 補助上限額)."""
    corner = " ".join(dict.fromkeys(grid[r][c] for r in range(top) for c in range(left) if grid[r][c].strip()))
    level = names_header(corner) if corner else None
    if level is None:
        return None, None
    heads = [h for h in col_heads[left:] if h.strip()]
    rows = [r[0] for r in grid[top:] if r and r[0].strip()]
    # an axis printing some names with their head noun (通常枠) prints all of them so: its bare labels are other words
    if heads and all(is_label(h) for h in heads) and not any(find_names(h) for h in rows):
        return level, None
    if rows and all(is_label(h) for h in rows) and not any(find_names(h) for h in heads):
        return None, level
    return None, None


@dataclass(slots=True)
class _Layout:
    """A table read once before its cells: its grid, what its headers name, and where its cells span."""

    table: Table
    grid: list[list[str]]
    top: int  # header rows
    left: int  # header columns
    col_heads: list[str]
    case_cols: set[int]  # columns headed by a case alone (rule band.case-column)
    row_level: str | None  # the level ("frame", "type") a corner header gives the row labels
    col_pairs: list[tuple[Pair, ...]]  # per column, the frames its headers name
    spans: dict[tuple[int, int], int]  # columns a cell spans, by its place
    down: dict[tuple[int, int], int]  # rows a cell spans, by its place
    covered: set[tuple[int, int]]  # places a cell spanning rows covers below its first row
    anchors: set[tuple[int, int]]  # where a cell of its own starts
    boxes: dict[tuple[int, int], BBox]
    col_eds: list[Edition | None]  # per column, the edition it heads (令和6年度補正 | 【参考】令和5年度補正)
    col_quals: dict[int, list[str]]
    tier_cols: list[int]  # columns of tiers (プロセス数: 1プロセス以上)


@dataclass(slots=True)
class _Place:
    """Where a table stands: its page, the page's scope, labels and year, the bands above its columns."""

    number: int
    scope: Scope
    page_labels: tuple[str, ...]
    year: int | None
    col_bands: list[tuple[Pair, ...]] | None


def table_segments(
    table: Table,
    number: int,
    scope: Scope,
    ctx: DocContext,
    page_labels: tuple[str, ...],
    year: int | None,
    col_bands: list[tuple[Pair, ...]] | None = None,
    band_eds: list[Edition | None] | None = None,
) -> list[Segment]:
    """Given a table of a page, the page scope and labels, return a segment per value cell.

    `col_bands` gives per column the frames of a band printed above the table (see
    `extract.facts.bands`): they hold for a cell whose own headers name none; `band_eds` the edition
    such a band prints (令和6年度補正 beside 【参考】令和5年度補正), for a cell whose headers print none."""
    t = _layout(table, scope, ctx, band_eds)
    if t is None:
        return []
    at = _Place(number, scope, page_labels, year, col_bands)
    out: list[Segment] = []
    row_head = ""
    seen_heads: set[str] = set()
    for r in range(t.top, len(t.grid)):
        this_head = " ".join(dict.fromkeys(x for x in t.grid[r][: t.left] if x.strip()))
        row_head = this_head or row_head
        row_pairs = ctx.label_names(row_head, t.row_level, scope.program)
        row_ed = _editions([row_head], ctx)[0]
        if this_head and this_head not in seen_heads and _HEAD_VALUE.search(this_head):
            # a row header that states a value of its own: 補助上限額(補助下限額100万円)
            seen_heads.add(this_head)
            head_scope = replace(scope, frames=row_pairs) if row_pairs else scope
            out.append(Segment(number, this_head, head_scope, page_labels[:1], (), year, "table", None, None, None))
        for text, cols in _row_cells(t, r):
            out += _cell_segments(t, at, r, cols, text, row_head, row_pairs, row_ed)
    return out


def _layout(table: Table, scope: Scope, ctx: DocContext, band_eds: list[Edition | None] | None) -> _Layout | None:
    """Return a table's layout, or None for a table without values or of counts and shares."""
    grid, top, left = _shape(table)
    if not grid:
        return None
    n_cols = len(grid[0])
    _regroup_bands(grid, top, left, scope, ctx)
    col_heads, case_cols = _case_columns(_column_headers(grid, top, n_cols), left)
    headers = [*col_heads, *(r[0] for r in grid[top:] if left)]
    if any(_STATISTIC.search(_TIER_COLUMN.sub(" ", h)) for h in headers):  # 引き上げる労働者数: tiers, no count
        return None  # a table of counts or shares: its amounts are buckets, not limits
    row_level, col_level = _named_axes(grid, top, left, col_heads) if left else (None, None)
    # a cell spanning rows is read once, at its first row; the grid repeats it in the others
    down = {(c.row, c.col): c.row_span for c in table.cells if c.row_span > 1}
    return _Layout(
        table, grid, top, left, col_heads, case_cols, row_level,
        col_pairs=_column_pairs(grid, top, left, col_heads, col_level, scope, ctx),
        spans={(c.row, c.col): c.col_span for c in table.cells if c.col_span > 1},
        down=down,
        covered={(rr, cc) for (r0, c0), n in down.items() for rr in range(r0 + 1, r0 + n) for cc in (c0,)},
        anchors={(c.row, c.col) for c in table.cells},  # where a cell of its own starts (none known: any)
        boxes=_cell_boxes(table),
        col_eds=_column_editions(col_heads, band_eds, ctx),
        col_quals=_column_qualifiers(grid, top, left, col_heads),
        tier_cols=_tier_columns(grid, top, left),
    )


def _row_cells(t: _Layout, r: int) -> Iterator[tuple[str, range]]:
    """Yield the value cells of row r and the columns each spans."""
    grid, n_cols = t.grid, len(t.grid[0])
    c = t.left
    while c < n_cols:
        text = grid[r][c]
        width = t.spans.get((r, c), 1)
        while (width == 1 and c + width < n_cols and grid[r][c + width] == text and text
               and (r, c + width) not in t.anchors):
            width += 1  # a grid that repeats a merged cell's text (not a cell of its own that says the same)
        cols = range(c, c + width)
        c += width
        if text.strip() and has_value_hint(text) and (r, cols[0]) not in t.covered:
            yield text, cols


def _cell_segments(
    t: _Layout, at: _Place, r: int, cols: range, text: str, row_head: str, row_pairs: tuple[Pair, ...],
    row_ed: Edition | None,
) -> list[Segment]:
    """Return the segments of one value cell: its frames from its column (else its row) within the bands
    above it and the page's frame, its labels, edition, tier and applicant(s)."""
    scope, col_bands = at.scope, at.col_bands
    pairs: tuple[Pair, ...] = tuple(p for k in cols for p in t.col_pairs[k])
    if not pairs:
        pairs = row_pairs
    pairs = within(tuple(p for k in cols if col_bands and k < len(col_bands) for p in col_bands[k]), pairs)
    # the table's own headers, then the caption or label line right above it
    above = None if t.left else _label_above(t.grid, t.top, r, cols[0])  # row headers label their rows
    labels = _cell_labels(above, row_head, [t.col_heads[k] for k in cols]) + at.page_labels[:1]
    pairs = within(tuple(p for p in scope.frames if p[0] is not None and p[1] is None), pairs)
    cell_scope = replace(scope, frames=tuple(dict.fromkeys(pairs))) if pairs else scope
    cell_scope, rules = _in_edition(cell_scope, _one({t.col_eds[k] for k in cols}) or row_ed)
    rules += (CASE_COLUMN,) if t.case_cols.intersection(cols) else ()
    row_who, who = _cell_applicant(t.grid, t.top, cols, row_head, t.col_heads)
    rows = range(r, r + t.down.get((r, cols[0]), 1))
    spanned = [_row_head(t.grid, rr, t.left) for rr in rows]
    # a value spanning the rows of several tiers holds for all of them
    tiered = _is_tier(row_head) and not row_pairs and not row_who and len(set(spanned)) == 1
    tier = _cell_tier(t, r, cols, text, row_head if tiered else None, rows)
    box = t.boxes.get((r, cols[0]), t.table.bbox)
    row_whom = [applicant_header(h) for h in spanned]
    # one value over several applicant rows: each row's applicant
    whom = list(dict.fromkeys(row_whom)) if who and len(set(spanned)) > 1 and all(row_whom) else [who]
    return [Segment(at.number, text, cell_scope, labels, (), at.year, "table", tier, w, box, rules=rules)
            for w in whom]


def _cell_tier(t: _Layout, r: int, cols: range, text: str, row_tier: str | None, rows: range) -> str | None:
    """Return what qualifies a cell's values: its row's tier, its column's qualifiers and tier, the
    tiers of a column of tiers in its row(s), the case its column header prints in brackets."""
    parts = [row_tier]
    if len(cols) == 1:  # 1プロセス以上 | 4プロセス以上 under two 通常枠 columns
        parts += [*t.col_quals.get(cols[0], []), _header_tier(t.grid, t.top, cols[0], t.col_heads[cols[0]])]
    # a column of tiers (プロセス数: 1プロセス以上) qualifies the values of its row(s)
    parts += [_tier_cell(t.grid[r][k], t.col_heads[k]) for k in t.tier_cols
              if k not in cols and _own(t.grid, r, k) and len({t.grid[rr][k] for rr in rows}) == 1]
    if "(" not in text:  # 補助上限額(大幅賃上げ特例): the column's case holds for its cells (unless
        # they print bracketed values of their own, which the bracket of the header is about)
        parts.append(_header_qualifier(" ".join(t.col_heads[k] for k in cols)))
    return "; ".join(x for x in parts if x) or None


def _cell_labels(above: str | None, row_head: str, heads: list[str]) -> tuple[str, ...]:
    """Return a cell's labels, nearest first: the label above it, its row's header, its column's; a
    column headed by a date word (交付決定日, 申請締切日) says what its dates are before the row's label
    (1次締切) does (rule label.date-column), and a column of limits what the row of totals holds
    (合計 | 200万円 under 補助限度額: rule label.total-row)."""
    dated = any(_DATE_COLUMN.search(h) for h in heads)
    total = _TOTAL_ROW.match(row_head) is not None and any(cues.LIMIT_CUE.search(h) for h in heads)
    order = (above, *heads, row_head) if dated or total else (above, row_head, *heads)
    return tuple(x for x in order if x)


def _cell_boxes(table: Table) -> dict[tuple[int, int], BBox]:
    """Return the box of each grid place a cell with a box covers."""
    return {
        (rr, cc): c.bbox
        for c in table.cells
        if c.bbox is not None
        for rr in range(c.row, c.row + c.row_span)
        for cc in range(c.col, c.col + c.col_span)
    }


def _editions(heads: list[str], ctx: DocContext) -> list[Edition | None]:
    """Given header texts, return the edition each heads (令和6年度補正, 【参考】令和5年度補正予算),
    when it prints one (rule label.edition-heading)."""
    catalog = ctx.catalog
    return [edition_heading(h, catalog) if catalog is not None and h.strip() else None for h in heads]


def _column_editions(heads: list[str], bands: list[Edition | None] | None, ctx: DocContext) -> list[Edition | None]:
    """Given the column headers of a table and the editions of the bands above its columns, return
    the edition of each column: its header's, else its band's."""
    own = _editions(heads, ctx)
    bands = bands if bands and len(bands) == len(heads) else [None] * len(heads)
    return [mine or band for mine, band in zip(own, bands, strict=True)]


def _in_edition(scope: Scope, ed: Edition | None) -> tuple[Scope, tuple[str, ...]]:
    """Return a cell's scope in the edition its column or row heads, and the rule that placed it."""
    return (in_edition(scope, ed), (EDITION_COLUMN,)) if ed is not None else (scope, ())


def _one(editions: set[Edition | None]) -> Edition | None:
    """Return the one edition a cell's columns head, or None (none, or several: a cell across both)."""
    return next(iter(editions)) if len(editions) == 1 else None
