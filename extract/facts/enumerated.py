"""Tables a text layer prints cell by cell under header rows that enumerate their columns.

Some converters flatten a slide table block by block: its header rows each on a line that
enumerates the columns (``枠名 甲枠 乙枠`` / ``類型名 A類型 B類型 ー``), then each row as its label
followed by its cells, one block of lines per cell with blank lines between blocks. Positions
are lost, the order is kept; the rules of the table ``label.enumerated-header`` ff. say how far
that order can be trusted.

1. Columns (`header_columns`). The frames row names k frames, the types row n ≥ k cells: type
   names, or a dash for a frame without types. Each frame stands over one or more adjacent
   columns, left to right. A grouping is kept when it is the only one in which a dash is alone
   under its frame, a type named after a frame (X類型, X枠) stands under it and a type the document
   pairs with a frame (X枠(Y類型)) stands under that frame; else the header is refused.
2. Cells. A row starts with a value label (補助上限額, 補助率) on a line of its own or at the start
   of its first cell. A cell is a block of lines with no blank line between them; a block that is
   only a bound word or a note (未満, ※…) belongs to the cell before it.
3. Rows (`row_pieces`). A row of exactly n cells gives cell i to column i. A row whose cells run
   into a line of sub-headers (one column split into sub-columns) gives the cells before that line
   to the leftmost columns, in order; what follows is refused. Any other row (fewer cells than
   columns: merged cells; more: nested ones) is refused: its values keep the scope of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from extract.facts.frames import find_names, name_key
from extract.facts.ruletable import regex
from extract.facts.scope import DocContext, Pair
from extract.facts.segments import Item, Piece, has_value_hint, is_label, is_section_break, is_title

RULE = "label.enumerated-header"
_HEADER = regex("label.enumerated-header")
_EMPTY = regex("label.empty-cell")
_CONTINUES = regex("label.cell-continuation")
_SUBHEADERS = regex("label.sub-header-row")
_BARE_LABEL = regex("label.bare-label")  # 補助上限, 補助率, 対象経費: a row header alone
_HEAD_NOUN = regex("frame.head-noun")
MAX_GROUPINGS = 2000  # ways to split the columns under the frames that are tried (C(n-1, k-1))


@dataclass(frozen=True, slots=True)
class Header:
    """The header rows of a flattened table: the items they take and the (frame, type) of each column."""

    last: int  # index of the header's last item
    columns: tuple[Pair, ...]  # () when the rows do not tell the columns apart (refused)


def _cells(text: str, level: str) -> list[str | None] | None:
    """Given the rest of a header row, return its cells in order: the names of `level` it prints
    and None for each dash; None when anything else is printed there."""
    cells: list[str | None] = []
    pos = 0
    for n in [*(n for n in find_names(text) if n.level == level), None]:
        gap = text[pos : n.start if n is not None else len(text)].split()
        if not all(_EMPTY.fullmatch(token) for token in gap):
            return None
        cells += [None] * len(gap) + ([n.text] if n is not None else [])
        pos = n.end if n is not None else pos
    return cells or None


def _stem(name: str) -> str:
    return name_key(_HEAD_NOUN.sub("", name))


def _fits(cell: str | None, g: int, alone: bool, frames: list[str], paired: dict[str, str]) -> bool:
    """Return whether a types-row cell may stand under frame g: a dash only alone; a type the
    document pairs with a frame only under that one; a type named after a frame only under it."""
    if cell is None:
        return alone
    if cell in paired:
        return name_key(paired[cell]) == name_key(frames[g])
    own = [f for f, frame in enumerate(frames) if _stem(frame) == _stem(cell)]
    return not own or own == [g]


def grouping(frames: list[str], cells: list[str | None], paired: dict[str, str]) -> list[int] | None:
    """Given the frames and the types-row cells of a header and the frame the document pairs with
    each type it pairs, return the frame of each column when one way only to split the columns under
    the frames fits (see `_fits`), else None."""
    n, k = len(cells), len(frames)
    if k == 0 or n < k:
        return None
    found: list[list[int]] = []
    for tried, cuts in enumerate(combinations(range(1, n), k - 1)):
        if tried > MAX_GROUPINGS or len(found) > 1:
            return None
        bounds = (0, *cuts, n)
        if all(_fits(cells[i], g, bounds[g + 1] - bounds[g] == 1, frames, paired)
               for g in range(k) for i in range(bounds[g], bounds[g + 1])):
            found.append([g for g in range(k) for _ in range(bounds[g], bounds[g + 1])])
    return found[0] if len(found) == 1 else None


def header_columns(items: list[Item], start: int, ctx: DocContext, program: str | None) -> Header | None:
    """Given the items of a page and the index of one that may open the header rows of a flattened
    table, return the header (its last item and its columns, none when refused), or None."""
    rows: dict[str, tuple[int, str]] = {}
    i = start
    while i < len(items) and len(rows) < 2:
        m = _HEADER.match(items[i].text) if items[i].table is None else None
        if m is None or ("frame" if m.group("frame") else "type") in rows:
            break
        level, text, last = "frame" if m.group("frame") else "type", m.group("rest"), i
        while last + 1 < len(items) and _wrapped(items[last], items[last + 1]):
            last += 1  # the row wrapped onto the next line (セキュリティ / 対策推進枠)
            text += "\n" + items[last].text
        rows[level] = (last, text)
        i = last + 1
    if not rows:
        return None
    frames = _cells(rows["frame"][1], "frame") if "frame" in rows else None
    types = _cells(rows["type"][1], "type") if "type" in rows else None
    last = max(r[0] for r in rows.values())
    if ("frame" in rows and (not frames or None in frames)) or ("type" in rows and not types):
        return Header(last, ())
    return Header(last, _columns([f for f in frames or [] if f], types, ctx, program) or ())


def _columns(frames: list[str], types: list[str | None] | None, ctx: DocContext,
             program: str | None) -> tuple[Pair, ...] | None:
    if types is None:
        return tuple(ctx.canonical(program, (f, None)) for f in frames)
    if not frames:
        return tuple(ctx.canonical(program, (None, t)) for t in types) if all(types) else None
    spelled = [ctx.canonical(program, (f, None))[0] or f for f in frames]
    found = grouping(spelled, types, ctx.type_frame)
    if found is None:
        return None
    return tuple(ctx.canonical(program, (spelled[g], t)) for g, t in zip(found, types, strict=True))


def _wrapped(item: Item, nxt: Item) -> bool:
    """Return whether the next item continues a header row: the line right after it (no blank line
    between), naming something and holding no value, and no header row of its own."""
    return (nxt.table is None and bool(item.idx) and bool(nxt.idx) and nxt.idx[0] == item.idx[-1] + 1
            and not has_value_hint(nxt.text) and not _HEADER.match(nxt.text) and bool(find_names(nxt.text)))


_ROW_LABEL = regex("label.row-label")


@dataclass(slots=True)
class _Row:
    """A row of the flattened table being read: its label and its cells (item index, offset read from)."""

    label: str
    cells: list[list[tuple[int, int]]]
    nested: bool = False  # its cells ran into a line of sub-headers


def row_pieces(items: list[Item], header: Header) -> dict[int, list[Piece]]:
    """Given the items of a page and the header of a flattened table among them, return the column
    of each value line its rows give one (by the line's first source line), as `Piece`s."""
    out: dict[int, list[Piece]] = {}
    row: _Row | None = None
    for i in range(header.last + 1, len(items)):
        it = items[i]
        if it.table is not None or _HEADER.match(it.text) or is_title(it.text) or is_section_break(it.text):
            break
        if not has_value_hint(it.text):
            if _BARE_LABEL.fullmatch(it.text) and is_label(it.text):
                _give(row, items, header, out)
                row = _Row(it.text, [])
            elif row is not None and _SUBHEADERS.match(it.text):
                row.nested = True
            elif row is not None and not row.nested and not _CONTINUES.match(it.text):
                break  # a line that is neither a cell nor a label: the table ended
            continue
        if (m := _ROW_LABEL.match(it.text)) is not None:  # a row label and its first cell on one line
            _give(row, items, header, out)
            row = _Row(m.group("label"), [[(i, m.end())]])
        elif row is not None and not row.nested:
            _add_cell(row, items, i)
    _give(row, items, header, out)
    return out


def _add_cell(row: _Row, items: list[Item], i: int) -> None:
    """Add a value line to a row: to the cell before it when no blank line parts them, else as a cell."""
    last = items[row.cells[-1][-1][0]] if row.cells else None
    if last is not None and last.idx and items[i].idx and items[i].idx[0] == last.idx[-1] + 1:
        row.cells[-1].append((i, 0))
    else:
        row.cells.append([(i, 0)])


def _give(row: _Row | None, items: list[Item], header: Header, out: dict[int, list[Piece]]) -> None:
    """Give the cells of a finished row their columns: all of them when there are as many as columns;
    those before a line of sub-headers, from the left; none otherwise."""
    if row is None or not row.cells:
        return
    n = len(header.columns)
    if len(row.cells) > n or (len(row.cells) < n and not row.nested):
        return
    for column, cell in zip(header.columns, row.cells, strict=False):
        for i, start in cell:
            text = items[i].text
            out[items[i].idx[0]] = [Piece(start, len(text), (column,), (row.label,), rules=(RULE,))]


def enumerated_rows(
    items: list[Item], positioned: bool, ctx: DocContext, program: str | None
) -> dict[int, list[Piece]]:
    """Given the items of a page, whether its lines have positions, the document context and the
    program in scope, return the column of each value line of its flattened tables (see the module
    docstring), by the line's first source line; a page with positions reads its tables by geometry."""
    out: dict[int, list[Piece]] = {}
    if positioned:
        return out
    i = 0
    while i < len(items):
        header = header_columns(items, i, ctx, program) if _HEADER.match(items[i].text) else None
        if header is None:
            i += 1
            continue
        if header.columns:
            ctx.learn_pairs(header.columns)  # the header prints the pairs by its layout
            out.update(row_pieces(items, header))
        i = header.last + 1
    return out
