"""Tables a text layer prints one cell per line, their header cells on lines of their own.

A converter that writes a slide table cell by cell loses the grid but keeps an order. Three
orders are read here (rule ``label.cell-lines``); any other is refused, and its values keep the
scope of the page as before:

- rows: the header cells (類型 / 補助対象者 / 補助率 / 補助上限額), then every row as its name
  and one line per further cell;
- columns: the names of the rows (the first column, perhaps under its header cell), then every
  value column as its header cell and one line per row;
- blocks: the header cells, the names of the rows, then the cells as blocks of lines parted by
  blank lines, column after column or row after row, whichever one puts amounts under the
  headers of amounts and rates under those of rates (the other must not fit, or be the same).

The names of the rows are frames and types, printed with their head noun or learnt by the
document; a frame followed by types is the band over them. A value line of a cell takes its
row's frame and type and its column's header as its label. The lines of the header cells and
of the names are no sections of the page: the walk passes them over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from extract.facts import cues
from extract.facts.ruletable import regex
from extract.facts.scope import DocContext, Pair, heading_names
from extract.facts.segments import Item, Piece, has_value_hint, is_label, is_section_break, is_title, names_only
from extract.facts.values import find_atoms
from normalize.qualifiers import parse_condition

RULE = "label.cell-lines"
_END = regex("label.cell-lines-end")  # a note, a page number: what follows the table is no cell
HEADER_MAX = 16  # characters of a header cell (補助上限額, 申請枠・類型, 補助対象者)
NAME_MAX = 40  # characters of a line that is a row's name (成長分野進出類型(DX・GX))
MIN_ROWS = 2


@dataclass(frozen=True, slots=True)
class _Table:
    """A table read from its lines: the pieces of its value lines and the lines it used otherwise."""

    pieces: dict[int, list[Piece]]
    lines: frozenset[int]
    end: int  # index of the first item after the table


def _adjacent(a: Item, b: Item) -> bool:
    """Whether item b is on the line right after item a (no blank line between them)."""
    return bool(a.idx) and bool(b.idx) and b.idx[0] == a.idx[-1] + 1


def _ends(it: Item) -> bool:
    """Whether an item ends a table: a table, a title or section, a note or a page number."""
    return it.table is not None or is_title(it.text) or is_section_break(it.text) or bool(_END.match(it.text))


def _header_cell(it: Item) -> bool:
    t = it.text.strip()
    return (it.table is None and 0 < len(t) <= HEADER_MAX and not has_value_hint(t) and not _ends(it)
            and not t.endswith(("。", "、")))


def _name(it: Item, ctx: DocContext, program: str | None) -> tuple[Pair, str] | None:
    """Given an item, return the (frame, type) it names and its level when it is nothing but one name."""
    t = it.text.strip()
    if it.table is not None or not t or len(t) > NAME_MAX or has_value_hint(t) or _ends(it):
        return None
    if not (names_only(t, ctx) or ctx.vocab.pair(t)):
        return None
    pairs = heading_names(t, ctx, program, fill=False)  # a type takes the frame it stands under (the walk)
    if len(pairs) != 1:
        return None
    return pairs[0], ("frame" if pairs[0][1] is None else "type")


Row = tuple[Pair, str | None]  # a row's (frame, type) and the tier it is of that name (1プロセス以上), if any


def _tier(it: Item) -> str | None:
    """Return a line that is nothing but a tier (1プロセス以上, 6~20人): a sub-row of the name above it."""
    t = it.text.strip()
    if it.table is not None or not t or len(t) > HEADER_MAX or has_value_hint(t):
        return None
    return t if parse_condition(t).tier is not None else None


def _leaves(entries: list[tuple[Pair, str] | str]) -> list[Row]:
    """Given the names of the rows in order (a name with its level, or a tier line), return the rows: a
    frame followed by types is the band over them (their frame), a name followed by tiers the band over
    those (each a row of that name and tier), not a row of its own; a tier under no name: no rows."""
    out: list[Row] = []
    frame: str | None = None
    band: Pair | None = None
    for k, entry in enumerate(entries):
        nxt = entries[k + 1] if k + 1 < len(entries) else None
        if isinstance(entry, str):
            if band is None:
                return []
            out.append((band, entry))
            continue
        pair, level = entry
        if level == "frame":
            frame = pair[0] if isinstance(nxt, tuple) and nxt[1] == "type" else None
            if frame is not None:
                band = None
                continue
        else:
            pair = (pair[0] or frame, pair[1])
        band = pair
        if not isinstance(nxt, str):
            out.append((pair, None))
    return out


def _label_kind(text: str) -> str | None:
    """The kind of values a header cell heads: "amount", "rate", "date", or None (any)."""
    if cues.RATE_CUE.search(text):
        return "rate"
    amount = cues.AMOUNT_CUE.search(text)
    if amount is not None and amount.lastgroup != "neg":
        return "amount"
    date = cues.DATE_CUE.search(text)
    return "date" if date is not None and date.lastgroup != "neg" else None


def _fits(kind: str | None, block: list[Item]) -> bool:
    """Whether a block of lines holds what a header of that kind heads (a rate under 補助率 …)."""
    if kind is None:
        return True
    return any(a.type == kind for it in block for a in find_atoms(it.text, None))


def _pieces(cells: list[tuple[list[Item], Row, str]]) -> dict[int, list[Piece]]:
    """Given the cells (their lines, row and column header), return the piece of each value line."""
    out: dict[int, list[Piece]] = {}
    for block, (pair, tier), header in cells:
        for it in block:
            if it.idx and has_value_hint(it.text):
                out[it.idx[0]] = [Piece(0, len(it.text), (pair,) if pair != (None, None) else (), (header,),
                                        rules=(RULE,), tier=tier)]
    return out


def _used(items: list[Item]) -> frozenset[int]:
    return frozenset(k for it in items for k in it.idx)


def _run(items: list[Item], i: int, test: Callable[[Item], bool]) -> int:
    """Return the end of the run of adjacent items from i that pass `test`."""
    j = i
    while j < len(items) and test(items[j]) and (j == i or _adjacent(items[j - 1], items[j])):
        j += 1
    return j


def _value_columns(headers: list[Item]) -> list[str]:
    """The headers of the value columns: all of them when the first is a value label (the names
    column has no header cell), else those after the first (the names column's header)."""
    texts = [h.text.strip() for h in headers]
    return texts if is_label(texts[0]) else texts[1:]


def _rows_table(items: list[Item], i: int, headers: list[Item], ctx: DocContext,
                program: str | None) -> _Table | None:
    """Rows: every row is its name and one line per value column, from items[i] on."""
    columns = _value_columns(headers)
    cells: list[tuple[list[Item], Row, str]] = []
    used = list(headers)
    j, rows = i, 0
    while j < len(items) and not _ends(items[j]) and (named := _name(items[j], ctx, program)):
        row = items[j + 1 : j + 1 + len(columns)]
        if len(row) < len(columns) or any(_ends(c) or _name(c, ctx, program) for c in row):
            return None
        cells += [([c], (named[0], None), h) for c, h in zip(row, columns, strict=True)]
        used.append(items[j])
        j, rows = j + 1 + len(columns), rows + 1
    if rows < MIN_ROWS or (j < len(items) and not _ends(items[j]) and _adjacent(items[j - 1], items[j])):
        return None  # too few rows, or a line running on that is no row
    return _Table(_pieces(cells), _used(used), j)


def _blocks(items: list[Item], i: int) -> tuple[list[list[Item]], int]:
    """The blocks of lines from items[i] to the table's end (blank lines part them), and that end."""
    blocks: list[list[Item]] = []
    j = i
    while j < len(items) and not _ends(items[j]):
        if blocks and _adjacent(items[j - 1], items[j]) and j > i:
            blocks[-1].append(items[j])
        else:
            blocks.append([items[j]])
        j += 1
    return blocks, j


def _blocks_table(items: list[Item], i: int, headers: list[Item], rows: list[Row], named: list[Item]) -> _Table | None:
    """Blocks: the cells after the names, column after column or row after row (see the module)."""
    columns = _value_columns(headers)
    blocks, end = _blocks(items, i)
    n, m = len(columns), len(rows)
    if len(blocks) != n * m:
        singles = [[it] for b in blocks for it in b]
        if len(singles) != n * m:
            return None
        blocks = singles
    kinds = [_label_kind(c) for c in columns]
    by_column = [(blocks[b], rows[b % m], columns[b // m]) for b in range(n * m)]
    by_row = [(blocks[b], rows[b // n], columns[b % n]) for b in range(n * m)]
    fit = [order for order in (by_column, by_row)
           if all(_fits(kinds[columns.index(h)], block) for block, _, h in order)]
    if not fit or (len(fit) == 2 and by_column != by_row):
        return None  # no order puts the values under headers of their kind, or both do differently
    return _Table(_pieces(fit[0]), _used(headers + named), end)


def _columns_table(items: list[Item], i: int, rows: list[Row], used: list[Item]) -> _Table | None:
    """Columns: from items[i], every value column as its header cell and one line per row."""
    cells: list[tuple[list[Item], Row, str]] = []
    j = i
    while j < len(items) and not _ends(items[j]) and _header_cell(items[j]) and is_label(items[j].text):
        column = items[j + 1 : j + 1 + len(rows)]
        if len(column) < len(rows) or any(_ends(c) or (is_label(c.text) and not has_value_hint(c.text))
                                          for c in column):
            return None
        cells += [([c], row, items[j].text.strip()) for c, row in zip(column, rows, strict=True)]
        used.append(items[j])
        j += 1 + len(rows)
    if not cells or (j < len(items) and not _ends(items[j]) and _adjacent(items[j - 1], items[j])):
        return None
    return _Table(_pieces(cells), _used(used), j)


def _table_at(items: list[Item], i: int, ctx: DocContext, program: str | None) -> _Table | None:
    """Read the table whose first line is items[i], if one of the three orders fits (a run of short lines
    that fits from no line is tried from the next: a slide title may stand right above the header)."""
    def name(it: Item) -> bool:
        return _name(it, ctx, program) is not None


    head_end = _run(items, i, lambda it: _header_cell(it) and not name(it))
    headers = items[i:head_end]
    names_end = _run(items, head_end, name) if head_end < len(items) and name(items[head_end]) else head_end
    while names_end < len(items) and (name(items[names_end]) or _tier(items[names_end])) and _adjacent(
            items[names_end - 1], items[names_end]):
        names_end += 1  # a name's tiers (1プロセス以上 / 4プロセス以上) are rows under it
    named = items[head_end:names_end]
    if named and headers and not _adjacent(headers[-1], named[0]):
        return None
    rows = _leaves([n if (n := _name(it, ctx, program)) is not None else (_tier(it) or "") for it in named])
    if len(headers) >= 2 and any(is_label(h.text) for h in headers):
        if len(named) == 1:
            return _rows_table(items, head_end, headers, ctx, program)
        if len(rows) >= MIN_ROWS:
            return _blocks_table(items, names_end, headers, rows, named)
    after = items[names_end] if names_end < len(items) else None
    if len(headers) <= 1 and len(rows) >= MIN_ROWS and after is not None and _adjacent(named[-1], after):
        return _columns_table(items, names_end, rows, headers + named)
    return None


def cell_rows(items: list[Item], positioned: bool, ctx: DocContext,
              program: str | None) -> tuple[dict[int, list[Piece]], frozenset[int]]:
    """Given the items of a page, whether its lines have positions, the document context and the program
    in scope, return the row and column of each value line of its tables printed one cell per line, as
    pieces by the line's first source line, and the lines of their header cells and names (see the
    module docstring); a page with positions reads its tables by geometry."""
    pieces: dict[int, list[Piece]] = {}
    used: set[int] = set()
    i = 0
    while i < len(items) and not positioned:
        table = _table_at(items, i, ctx, program) if _header_cell(items[i]) else None
        if table is None or not table.pieces:
            i += 1
            continue
        pieces.update(table.pieces)
        used |= table.lines
        i = max(table.end, i + 1)
    return pieces, frozenset(used)
