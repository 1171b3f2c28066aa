"""Column groups of a page: which frame band (`extract.facts.bands`) each value stands under.

`page_bands` finds, before a page is walked, the band rows of a PDF page (by geometry)
and the band lines right above a table (by the repetition of its column labels, which
works without positions); the walk passes their lines over. `scope_text` then gives a
line under a band row the frame of the one band it stands under, and `table_bands` the
frames of the bands above each column of a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from extract.facts.bands import BandRow, band_pairs, band_rows, split_editions, under_band
from extract.facts.scope import EDITION_COLUMN, Edition, Pair, in_edition
from extract.facts.segments import Item, Piece, Segment, groups, has_value_hint, is_label, label_cues
from extract.facts.tables import value_labels
from extract.facts.values import find_atoms
from extract.facts.vocab import leading_applicant
from extract.layout import union
from extract.model import Line, Page, Table

Bands = list[tuple[Pair, ...]]  # per table column, the frames of the band above it


@dataclass(slots=True)
class PageBands:
    """The band rows of a page, the band lines right above its tables, and the lines they use."""

    rows: list[BandRow] = field(default_factory=list)
    above: dict[int, Bands] = field(default_factory=dict)  # table index → frames per column
    editions: dict[int, list[Edition | None]] = field(default_factory=dict)  # table index → edition per column
    lines: frozenset[int] = frozenset()
    flat: dict[int, list[Piece]] = field(default_factory=dict)  # first line of a flattened row → its column groups


def page_bands(
    page: Page,
    lines: list[Line] | None,
    items: list[Item],
    names: Callable[[str], tuple[Pair, ...]],
    editions: Callable[[str], Edition | None] | None = None,
) -> PageBands:
    """Given a page, the lines it was read from (None for text layers), its items, a function
    giving the frames a band line names and one giving the edition a heading prints, return its bands."""
    tables = [t.bbox for t in page.tables if t.bbox]
    rows = band_rows(lines, page.fills, tables, names, editions) if lines else []
    used = set().union(*(r.lines for r in rows))
    out = PageBands(rows)
    for i, it in enumerate(items):
        if it.table is None or i == 0 or it.table >= len(page.tables):
            continue
        prev = items[i - 1]
        if prev.table is not None or used.intersection(prev.idx):
            continue
        got = _line_above(prev.text, page.tables[it.table], names)
        eds = _editions_above(prev.text, page.tables[it.table], editions) if got is None and editions else None
        if got is not None:
            out.above[it.table] = got
        if eds is not None:
            out.editions[it.table] = eds
        if got is not None or eds is not None:
            used.update(prev.idx)
    out.flat = _flattened(items, used, names)
    out.lines = frozenset(used)
    return out


def _flattened(items: list[Item], used: set[int], names: Callable[[str], tuple[Pair, ...]]) -> dict[int, list[Piece]]:
    """Find a table flattened to lines under frame bands: a line naming k frames, a line of value
    labels repeating k times, then rows holding one value per label (小規模事業者 500万円 2/3
    1,000万円 1/2). Return each row's column groups by its first line; add the band line to `used`."""
    out: dict[int, list[Piece]] = {}
    for i in range(len(items) - 2):
        band, head = items[i], items[i + 1]
        if band.table is not None or head.table is not None or used.intersection(band.idx) or not names(band.text):
            continue
        if has_value_hint(head.text) or not is_label(head.text):
            continue
        pairs = band_pairs(band.text)
        labels = label_cues(head.text)
        found = groups(labels, len(pairs)) if len(set(pairs)) == len(pairs) else None
        if found is None:
            continue
        rows: dict[int, list[Piece]] = {}
        for row in items[i + 2 :]:
            pieces = _row_groups(row.text, labels, found, pairs) if row.table is None and row.idx else None
            if pieces is None:
                break
            rows[row.idx[0]] = pieces
        if rows:
            out.update(rows)
            used.update(band.idx)
    return out


def _row_groups(text: str, labels: list[str], found: list[int], pairs: list[Pair]) -> list[Piece] | None:
    """Given a flattened row, the value labels, the group of each and the bands' frames, return the
    row's column groups, or None when its values do not line up one per label."""
    atoms = find_atoms(text, None)
    if len(atoms) != len(labels):
        return None
    who = leading_applicant(text)
    starts = [0] + [atoms[c].start for c in range(1, len(found)) if found[c] != found[c - 1]]
    out = []
    for g, start in enumerate(starts):
        stop = starts[g + 1] if g + 1 < len(starts) else len(text)
        cols = tuple(labels[c] for c in range(len(found)) if found[c] == g)
        out.append(Piece(start, stop, (pairs[g],), cols, who))
    return out


def _line_above(text: str, table: Table, names: Callable[[str], tuple[Pair, ...]]) -> Bands | None:
    """Given the line right above a table, return the frames per column when it names k frames and
    the table's value columns repeat their labels k times, else None."""
    if not names(text):
        return None
    pairs = band_pairs(text)
    left, labels = value_labels(table)
    found = groups(labels, len(pairs)) if len(set(pairs)) == len(pairs) else None
    if found is None:
        return None
    return [()] * left + [(pairs[g],) for g in found]


def scope_text(segments: list[Segment], rows: list[BandRow]) -> list[Segment]:
    """Given a page's text segments and its band rows, return them with the frames and the edition
    of the one band each stands under (a line spanning several bands keeps its scope)."""
    if not rows:
        return segments
    out = []
    for seg in segments:
        boxes = [ln.bbox for ln in seg.lines if ln.bbox is not None]
        box = union(boxes) if boxes else None
        row = next((r for r in reversed(rows) if box is not None and r.scopes(box)), None)
        if row is None or box is None:
            out.append(seg)
            continue
        pairs = row.over(box[0], box[2], spanning=False)
        if pairs:
            seg = replace(seg, scope=replace(seg.scope, frames=under_band(pairs, seg.scope.frames)))
        if (ed := row.edition_over(box[0], box[2], spanning=False)) is not None:
            seg = replace(seg, scope=in_edition(seg.scope, ed), rules=(*seg.rules, EDITION_COLUMN))
        out.append(seg)
    return out


def _editions_above(text: str, table: Table, editions: Callable[[str], Edition | None]) -> list[Edition | None] | None:
    """Given the line right above a table, return the edition per column when it prints k edition
    headings (令和6年度補正 【参考】令和5年度補正) and the table's value columns repeat their labels k
    times (or are k columns), else None."""
    heads = split_editions(text, editions)
    left, labels = value_labels(table)
    found = groups(labels, len(heads)) if len(heads) >= 2 else None
    if found is None:
        return None
    return [None] * left + [heads[g] for g in found]


def table_editions(table: Table, bands: PageBands, index: int) -> list[Edition | None] | None:
    """Given a table of the page, its index and the page's bands, return the edition of the band above
    each of its columns: by position under a band row, else from a line of editions above it."""
    row = next((r for r in reversed(bands.rows) if table.bbox is not None and r.scopes(table.bbox)), None)
    if row is None or table.bbox is None:
        return bands.editions.get(index)
    out = [row.edition_over(a, b) if a is not None and b is not None else None for a, b in _column_extents(table)]
    return out if any(out) else bands.editions.get(index)


def table_bands(table: Table, bands: PageBands, index: int) -> Bands | None:
    """Given a table of the page, its index and the page's bands, return the frames of the band
    above each of its columns: by position under a band row, else from a band line above it."""
    row = next((r for r in reversed(bands.rows) if table.bbox is not None and r.scopes(table.bbox)), None)
    if row is None or table.bbox is None:
        return bands.above.get(index)
    out: Bands = []
    for a, b in _column_extents(table):
        out.append((row.over(a, b) or ()) if a is not None and b is not None else ())
    return out if any(out) else bands.above.get(index)


def _column_extents(table: Table) -> list[tuple[float | None, float | None]]:
    """Return the left and right edge of each column of a table, from its cells' boxes."""
    n = table.n_cols
    x0 = [min((c.bbox[0] for c in table.cells if c.bbox and c.col == k), default=None) for k in range(n)]
    x1 = [
        max((c.bbox[2] for c in table.cells if c.bbox and c.col + c.col_span - 1 == k), default=None) for k in range(n)
    ]
    return list(zip(x0, x1, strict=True))
