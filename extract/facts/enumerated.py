"""Tables a text layer prints cell by cell under header rows that enumerate their columns.

Some converters flatten a slide table block by block: its header rows each on a line that
enumerates the columns (``枠名 甲枠 乙枠`` / ``類型名 A類型 B類型 ー``), then each row as its label
followed by its cells, one block of lines per cell with blank lines between blocks. Positions
are lost, the order is kept; the rows ``label.enumerated-header`` ff. of the rule table say how far
that order can be trusted.

1. Column groups. The frames row names k frames. Headings of editions printed one after the other
   with nothing between them but their budget amounts (``令和6年度補正予算(甲枠)`` /
   ``【参考】令和5年度補正予算(甲枠)``) were side by side on the slide: they head k column groups
   too, each of its edition (rule label.edition-heading), and are no sections of the page.
2. Columns (`header_columns`). The types row prints n ≥ k cells: type names, or a dash for a frame
   without types. Each group stands over one or more adjacent columns, left to right. A split is
   kept when it is the only one in which a dash is alone under its frame, a type named after a
   frame (X類型, X枠) stands under it and a type the document pairs with a frame (X枠(Y類型))
   stands under that frame; else the header is refused.
3. Cells. A row starts with a value label (補助上限額, 補助率) on a line of its own or at the start
   of its first cell. A cell is a block of lines with no blank line between them; a block that is
   only a bound word or a note (未満, ※…) belongs to the cell before it.
4. Rows (`row_pieces`). A row of exactly n cells gives cell i to column i. A row whose cells run
   into a line of sub-headers (one column split into sub-columns) gives the cells before that line
   to the leftmost columns, in order; what follows is refused. Any other row (fewer cells than
   columns: merged cells; more: nested ones) is refused: its values keep the scope of the page, but
   under headings of editions side by side no value that no column places is given either edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from itertools import combinations

from extract.facts.bands import edition_spans
from extract.facts.frames import find_names, name_key
from extract.facts.ruletable import regex
from extract.facts.scope import EDITION_COLUMN, UNKNOWN_EDITION, DocContext, Edition, Pair, edition_heading
from extract.facts.segments import Item, Piece, has_value_hint, is_label, is_section_break, is_title
from extract.facts.values import find_atoms

RULE = "label.enumerated-header"
_HEADER = regex("label.enumerated-header")
_EMPTY = regex("label.empty-cell")
_CONTINUES = regex("label.cell-continuation")
_SUBHEADERS = regex("label.sub-header-row")
_BARE_LABEL = regex("label.bare-label")  # 補助上限, 補助率, 対象経費: a row header alone
_ROW_LABEL = regex("label.row-label")
_AMOUNT_NOTE = regex("label.amount-note")  # (2,001億円の内数) under an edition heading
_REFERENCE = regex("label.reference-edition")  # 【参考】 before an earlier edition
_HEAD_NOUN = regex("frame.head-noun")
_RANGE_JOIN = regex("label.range-join")  # 5万円~150万円: one value
_CELL_GAP = regex("label.cell-gap")  # 2/3以内 1/2以内: two cells
MAX_GROUPINGS = 2000  # ways to split the columns under the groups that are tried (C(n-1, k-1))

Group = tuple[str | None, Edition | None]  # the frame and the edition a column group is headed by


@dataclass(frozen=True, slots=True)
class Header:
    """The header rows of a flattened table: the items they take and what heads each column."""

    last: int  # index of the header's last item
    columns: tuple[Pair, ...]  # () when the rows do not tell the columns apart (refused)
    editions: tuple[Edition | None, ...] = ()  # per column, under headings of editions side by side
    headings: tuple[int, ...] = ()  # items that head editions side by side: columns, no sections

    @property
    def compares(self) -> bool:
        """Whether the header sets editions side by side."""
        return bool(self.headings)


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


def _fits(cell: str | None, g: int, alone: bool, frames: list[str | None], paired: dict[str, str]) -> bool:
    """Return whether a types-row cell may stand under group g: a dash only alone; a type the
    document pairs with a frame only under that one; a type named after a frame only under it."""
    if cell is None:
        return alone
    if cell in paired and frames[g] is not None:
        return name_key(paired[cell]) == name_key(frames[g] or "")
    own = [f for f, frame in enumerate(frames) if frame is not None and _stem(frame) == _stem(cell)]
    return not own or own == [g]


def grouping(frames: list[str | None], cells: list[str | None], paired: dict[str, str]) -> list[int] | None:
    """Given the frames of the column groups of a header (None: a group of no frame), its types-row
    cells and the frame the document pairs with each type it pairs, return the group of each column
    when one way only to split the columns under the groups fits (see `_fits`), else None."""
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


def _row(items: list[Item], i: int) -> tuple[str, int, str] | None:
    """Given an item that may be a header row (枠名 …, 類型名 …), return its level, its last item
    (it may wrap onto the next line: セキュリティ / 対策推進枠) and the text of its cells."""
    m = _HEADER.match(items[i].text) if i < len(items) and items[i].table is None else None
    if m is None:
        return None
    text, last = m.group("rest"), i
    while last + 1 < len(items) and _wrapped(items[last], items[last + 1]):
        last += 1
        text += "\n" + items[last].text
    return ("frame" if m.group("frame") else "type"), last, text


def _edition_groups(items: list[Item], start: int, ctx: DocContext) -> tuple[list[Group], list[int]] | None:
    """Given the items of a page and an index, return the column groups that the headings of
    editions printed one after the other from there head (see the module docstring), and the items
    of those headings; None unless there are two or more of different editions."""
    if ctx.catalog is None or items[start].table is not None or has_value_hint(items[start].text):
        return None
    heading = partial(edition_heading, catalog=ctx.catalog)
    texts: list[str] = [items[start].text[a:b] for a, b in edition_spans(items[start].text, heading)]
    heads = [start]  # one line printing two or more headings (令和6年度補正 【参考】令和5年度補正) …
    if len(texts) < 2:  # … or headings one per line, each with the note of its budget at most
        texts, heads = [], []
        for i in range(start, len(items)):
            text = items[i].text
            if items[i].table is None and not has_value_hint(text) and heading(text) is not None:
                texts.append(text)
                heads.append(i)
            elif not (heads and items[i].table is None and _AMOUNT_NOTE.fullmatch(text)):
                break
    groups: list[Group] = []
    for text in texts:
        frames = [n.text for n in find_names(text) if n.level == "frame"]
        groups.append((frames[0] if len(frames) == 1 else None, heading(text.strip())))
    editions = [ed for _, ed in groups if ed is not None]
    # a comparison: an earlier edition marked for reference, or editions of one budget (補正 | 補正);
    # not a program funded by two budgets (令和6年度補正予算 / 令和7年度当初予算)
    compared = any(_REFERENCE.search(t) for t in texts) or len({ed.budget for ed in editions}) == 1
    return (groups, heads) if compared and len(groups) >= 2 and len(set(editions)) == len(groups) else None


def header_columns(items: list[Item], start: int, ctx: DocContext, program: str | None) -> Header | None:
    """Given the items of a page and the index of one that may open the header rows of a flattened
    table, return the header (its last item and its columns, none when refused), or None."""
    by_editions = _edition_groups(items, start, ctx)
    first = _row(items, start) if by_editions is None else None
    if by_editions is None and first is None:
        return None
    groups: list[Group] | None = None
    types: list[str | None] | None = None
    last = start
    if by_editions is not None:
        groups, last = by_editions[0], _after_notes(items, by_editions[1][-1])
    elif first is not None and first[0] == "frame":
        frames = _cells(first[2], "frame")
        if not frames or None in frames:
            return Header(first[1], ())
        groups, last = [(f, None) for f in frames], first[1]
    nxt = _row(items, last + 1 if groups is not None else start)
    if nxt is not None and nxt[0] == "type":
        types, last = _cells(nxt[2], "type"), nxt[1]
        if types is None:
            return Header(last, (), headings=tuple(by_editions[1]) if by_editions else ())
    elif groups is None:
        return None
    columns = _columns(groups or [], types, ctx, program)
    return Header(last, tuple(c for c, _ in columns or ()), tuple(e for _, e in columns or ()),
                  tuple(by_editions[1]) if by_editions else ())


def _after_notes(items: list[Item], i: int) -> int:
    """Return the index of the last item from `i` on that is `i` or a budget amount note after it."""
    while i + 1 < len(items) and items[i + 1].table is None and _AMOUNT_NOTE.fullmatch(items[i + 1].text):
        i += 1
    return i


def _columns(groups: list[Group], types: list[str | None] | None, ctx: DocContext,
             program: str | None) -> list[tuple[Pair, Edition | None]] | None:
    """Given the column groups and the types-row cells of a header, return the (frame, type) and the
    edition of each column, or None when the types row cannot be split under the groups."""
    spelled = [(ctx.canonical(program, (f, None))[0] if f else None, ed) for f, ed in groups]
    if types is None:
        return [((f, None), ed) for f, ed in spelled]
    if not groups:
        return [(ctx.canonical(program, (None, t)), None) for t in types] if all(types) else None
    found = grouping([f for f, _ in spelled], types, ctx.type_frame)
    if found is None:
        return None
    return [(ctx.canonical(program, (spelled[g][0], t)), spelled[g][1]) for g, t in zip(found, types, strict=True)]


def _wrapped(item: Item, nxt: Item) -> bool:
    """Return whether the next item continues a header row: the line right after it (no blank line
    between), naming something and holding no value, and no header row of its own."""
    return (nxt.table is None and bool(item.idx) and bool(nxt.idx) and nxt.idx[0] == item.idx[-1] + 1
            and not has_value_hint(nxt.text) and not _HEADER.match(nxt.text) and bool(find_names(nxt.text)))


@dataclass(slots=True)
class _Row:
    """A row of the flattened table being read: its label and its cells (item index, offset read from)."""

    label: str
    cells: list[list[tuple[int, int]]]
    nested: bool = False  # its cells ran into a line of sub-headers


def _table_end(it: Item) -> bool:
    return it.table is not None or bool(_HEADER.match(it.text)) or is_title(it.text) or is_section_break(it.text)


def row_pieces(items: list[Item], header: Header) -> dict[int, list[Piece]]:
    """Given the items of a page and the header of a flattened table among them, return the column
    of each value line its rows give one (by the line's first source line), as `Piece`s."""
    out: dict[int, list[Piece]] = {}
    row: _Row | None = None
    for i in range(header.last + 1, len(items)):
        it = items[i]
        if _table_end(it):
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
    if len(row.cells) == 1 and len(row.cells[0]) == 1 and n > 1:  # one line: 補助上限額 1,000万円 750万円
        i, start = row.cells[0][0]
        spans = _value_spans(items[i].text, start)
        if len(spans) == n:
            out[items[i].idx[0]] = [_piece(header, k, a, b, row.label) for k, (a, b) in enumerate(spans)]
        return
    if len(row.cells) > n or (len(row.cells) < n and not row.nested):
        return
    for k, cell in enumerate(row.cells):
        for i, start in cell:
            out[items[i].idx[0]] = [_piece(header, k, start, len(items[i].text), row.label)]


def _piece(header: Header, k: int, start: int, stop: int, label: str) -> Piece:
    """Return the piece of a row's text from `start` to `stop` that stands in column k."""
    column = header.columns[k]
    edition = header.editions[k] if k < len(header.editions) else None
    rules = (RULE, EDITION_COLUMN) if edition is not None else (RULE,)
    return Piece(start, stop, (column,) if column != (None, None) else (), (label,), rules=rules, edition=edition)


def _value_spans(text: str, start: int) -> list[tuple[int, int]]:
    """Given a row printed on one line and where its cells start, return the span of each value it
    prints one after the other (a range 5万円~150万円 is one value), up to the next; none when two
    values are set apart by more than a bound word (1/2・2/3: alternatives of one cell)."""
    atoms = find_atoms(text[start:], None)
    cuts: list[int] = []
    for k, a in enumerate(atoms):
        gap = text[start + atoms[k - 1].end : start + a.start] if k else ""
        if k and _RANGE_JOIN.fullmatch(gap):
            continue
        if k and not _CELL_GAP.fullmatch(gap):
            return []
        cuts.append(start + a.start)
    return [(a if k else start, b) for k, (a, b) in enumerate(zip(cuts, [*cuts[1:], len(text)], strict=True))]


def _unplaced(items: list[Item], header: Header, placed: dict[int, list[Piece]]) -> dict[int, list[Piece]]:
    """Given a header of editions side by side, return for each value line under it that no column
    places a piece of no edition: it stands under one of them, which cannot be told."""
    out: dict[int, list[Piece]] = {}
    for it in items[header.last + 1 :]:
        if it.table is not None or is_title(it.text) or is_section_break(it.text):
            break
        if it.idx and it.idx[0] not in placed and has_value_hint(it.text):
            out[it.idx[0]] = [Piece(0, len(it.text), (), (), rules=(EDITION_COLUMN,), edition=UNKNOWN_EDITION)]
    return out


def enumerated_rows(
    items: list[Item], positioned: bool, ctx: DocContext, program: str | None
) -> tuple[dict[int, list[Piece]], frozenset[int]]:
    """Given the items of a page, whether its lines have positions, the document context and the
    program in scope, return the column of each value line of its flattened tables (see the module
    docstring), by the line's first source line, and the lines of headings of editions side by side
    (columns, not sections: the walk passes them over); a page with positions reads its tables by
    geometry and its bands by position."""
    out: dict[int, list[Piece]] = {}
    headings: set[int] = set()
    i = 0
    while i < len(items) and not positioned:
        header = header_columns(items, i, ctx, program)
        if header is None:
            i += 1
            continue
        placed = row_pieces(items, header) if header.columns else {}
        ctx.learn_pairs(header.columns)  # the header prints the pairs by its layout
        out.update(placed)
        if header.compares:
            out.update(_unplaced(items, header, placed))
            headings.update(k for h in header.headings for k in items[h].idx)
        i = header.last + 1
    return out, frozenset(headings)
