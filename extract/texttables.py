"""Tables written into text layers: Markdown pipe tables, HTML ``<table>``, tab-separated rows and
rows aligned with runs of spaces.

Each parser takes the lines of a page and returns `(first_line, last_line, Table)`
triples; cell texts are normalised, merged cells are `Cell` spans and every grid
position a merged cell covers repeats its text in `Table.rows`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from extract._norm import norm
from extract.model import Cell, Table

Found = tuple[int, int, Table]

_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_INLINE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__|\[([^\]]*)\]\([^)]*\)|<(https?://[^>]+)>")
_TAG = re.compile(r"<[^>]+>")


def clean_cell(text: str) -> str:
    """Given a raw cell, return its text: markup dropped, normalised, ``<br>``/``<li>`` as ``"\\n"``."""
    if "<" in text:
        text = _html_text(text)
    text = _MD_INLINE.sub(lambda m: next(g for g in m.groups() if g is not None), text)
    lines = (" ".join(norm(ln).split()) for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def _html_text(fragment: str) -> str:
    """Given an HTML fragment, return its text with block elements on lines of their own."""
    fragment = re.sub(r"<\s*(br|/?li|/?p|/?div|/?ul|/?ol)\b[^>]*>", "\n", fragment, flags=re.I)
    p = _TextOnly()
    p.feed(fragment)
    p.close()
    return "".join(p.parts)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def build(grid: list[list[Cell | None]], source: str, header_rows: int = 0, header_cols: int = 0) -> Table:
    """Given a grid whose covered positions hold the covering Cell, return the Table."""
    n_cols = max((len(r) for r in grid), default=0)
    rows = [[(c.text if c else "") for c in r] + [""] * (n_cols - len(r)) for r in grid]
    seen: set[int] = set()
    cells: list[Cell] = []
    for r in grid:
        for c in r:
            if c is not None and id(c) not in seen:
                seen.add(id(c))
                cells.append(c)
    return Table(rows=rows, cells=cells, header_rows=header_rows, header_cols=header_cols, source=source)


def _place(grid: list[list[Cell | None]], cell: Cell) -> None:
    for r in range(cell.row, cell.row + cell.row_span):
        while len(grid) <= r:
            grid.append([])
        row = grid[r]
        while len(row) < cell.col + cell.col_span:
            row.append(None)
        for c in range(cell.col, cell.col + cell.col_span):
            row[c] = cell


# --- Markdown pipe tables ------------------------------------------------------------------


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    s = s.removeprefix("|")
    s = s.removesuffix("|") if not s.endswith("\\|") else s
    return [c.strip() for c in re.split(r"(?<!\\)\|", s)]


def markdown_tables(lines: list[str]) -> list[Found]:
    """Given lines, return the Markdown pipe tables (header, ``---`` separator, rows) among them."""
    found: list[Found] = []
    i = 0
    while i < len(lines) - 1:
        if "|" in lines[i] and _PIPE_SEP.match(lines[i + 1]):
            j = i + 2
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                j += 1
            grid: list[list[Cell | None]] = []
            for r, ln in enumerate([lines[i], *lines[i + 2 : j]]):
                for c, text in enumerate(_pipe_cells(ln)):
                    _place(grid, Cell(r, c, clean_cell(text)))
            found.append((i, j - 1, build(grid, "markdown", header_rows=1)))
            i = j
        else:
            i += 1
    return found


# --- rows aligned with runs of spaces (pdftotext -layout and the like) ------------------------

_SPACED_GAP = re.compile(r"[ \u3000]{2,}")
SPACED_MIN_ROWS = 3  # a header and two rows: fewer aligned lines are as likely prose


def spaced_as_tsv(lines: list[str], min_rows: int = SPACED_MIN_ROWS) -> list[str]:
    """Given raw lines, return them with each table laid out by runs of spaces rewritten as
    tab-separated rows, for `tsv_tables` to read.

    Such a table is a run of at least `min_rows` lines that each split at runs of two or more
    spaces into the same number (two or more) of cells, some holding a digit below the first
    line. One space, even a full-width one, stays inside a cell (補助上限額 50万円); a row with a
    merged or empty cell splits differently and ends the run, so an uneven table stays text."""
    out = list(lines)
    cells = [_spaced_cells(ln) for ln in lines]
    i = 0
    while i < len(lines):
        n = len(cells[i])
        j = i
        while j < len(lines) and n >= 2 and len(cells[j]) == n:
            j += 1
        if j - i >= min_rows and any(re.search(r"[0-9]", c) for row in cells[i + 1 : j] for c in row):
            for k in range(i, j):
                out[k] = "\t".join(cells[k])
            i = j
        else:
            i += 1
    return out


def _spaced_cells(line: str) -> list[str]:
    """Return a line's cells split at runs of spaces ([] for a blank line or one of another table form)."""
    if not line.strip() or "\t" in line or "|" in line or "<" in line:
        return []
    return _SPACED_GAP.split(line.strip())


# --- tab-separated rows --------------------------------------------------------------------


def tsv_tables(lines: list[str], min_rows: int = 2) -> list[Found]:
    """Given lines, return the runs of two or more tab-separated lines as tables.

    Converters write merged cells as empty fields. Two such patterns are read back as
    spans: in the header, an empty field with a sub-header below it continues the cell
    on its left (``インボイス枠⇥⇥`` over two 類型); below the first row, leading empty
    fields continue the cell above (row labels grouped by a merged cell), and in a
    header row every empty field does.
    """
    found: list[Found] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        if j - i >= min_rows:
            found.append((i, j - 1, _tsv_grid([ln.split("\t") for ln in lines[i:j]])))
        i = j
    return found


def _tsv_grid(raw: list[list[str]]) -> Table:
    n = max(len(r) for r in raw)
    texts = [[clean_cell(t) for t in r] + [""] * (n - len(r)) for r in raw]
    # trailing columns empty in every row are converter padding
    while n > 1 and all(not r[n - 1] for r in texts):
        n -= 1
    texts = [r[:n] for r in texts]
    header = 1
    while header < len(texts) - 1 and not texts[header][0] and any(texts[header]):
        header += 1
    grid: list[list[Cell | None]] = [[None] * n for _ in texts]
    for r, row in enumerate(texts):
        lead = next((c for c, t in enumerate(row) if t), n)
        for c, t in enumerate(row):
            if t:
                grid[r][c] = Cell(r, c, t)
                continue
            above = grid[r - 1][c] if r else None
            if r == 0 and c and grid[0][c - 1] is not None and header > 1 and texts[1][c]:
                left = grid[0][c - 1]
                assert left is not None
                left.col_span = c - left.col + 1
                grid[r][c] = left
            elif above is not None and r > 0 and (c < lead or r < header) and above.col == c:
                above.row_span = r - above.row + 1
                grid[r][c] = above
    # a row label column: every body row starts with a label (its own or a merged one)
    labels = header < len(texts) and n > 1 and all(grid[r][0] is not None for r in range(header, len(texts)))
    return build(grid, "tsv", header_rows=header, header_cols=1 if labels else 0)


# --- HTML tables ---------------------------------------------------------------------------


class _HtmlTables(HTMLParser):
    """Collect ``<table>`` grids: rows of (text, is_th, rowspan, colspan), and thead row counts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[tuple[str, bool, int, int]]], int]] = []
        self._stack: list[tuple[list[list[tuple[str, bool, int, int]]], int]] = []
        self._cell: list[str] | None = None
        self._cell_attrs: tuple[bool, int, int] = (False, 1, 1)
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._stack.append(([], 0))
        elif not self._stack:
            return
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            rows, head = self._stack[-1]
            rows.append([])
            self._stack[-1] = (rows, head + (1 if self._in_head else 0))
        elif tag in ("td", "th"):
            self._cell = []
            self._cell_attrs = (tag == "th", _int(a.get("rowspan")), _int(a.get("colspan")))
        elif tag in ("br", "li", "p", "div") and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._stack:
            rows, _ = self._stack[-1]
            if not rows:
                rows.append([])
            rows[-1].append(("".join(self._cell), *self._cell_attrs))
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _int(v: str | None) -> int:
    try:
        return max(1, int(v or 1))
    except ValueError:
        return 1


def html_tables(lines: list[str]) -> list[Found]:
    """Given lines, return the HTML ``<table>`` elements among them (rowspan/colspan honoured)."""
    found: list[Found] = []
    i = 0
    while i < len(lines):
        if "<table" not in lines[i].lower():
            i += 1
            continue
        depth, j = 0, i
        while j < len(lines):
            low = lines[j].lower()
            depth += low.count("<table") - low.count("</table")
            if depth <= 0:
                break
            j += 1
        j = min(j, len(lines) - 1)
        parser = _HtmlTables()
        parser.feed("\n".join(lines[i : j + 1]))
        parser.close()
        for rows, head in parser.tables:
            found.append((i, j, _html_grid(rows, head)))
        i = j + 1
    return found


def _html_grid(rows: list[list[tuple[str, bool, int, int]]], thead: int) -> Table:
    grid: list[list[Cell | None]] = []
    all_th: list[bool] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for text, _th, rs, cs in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            _place(grid, Cell(r, c, clean_cell(text), row_span=rs, col_span=cs))
            c += cs
        all_th.append(bool(row) and all(th for _, th, _, _ in row))
    header = thead or next((k for k, th in enumerate(all_th) if not th), len(all_th))
    header_cols = 1 if rows and all(row and row[0][1] for row in rows[header:]) and len(rows) > header else 0
    return build(grid, "html", header_rows=header, header_cols=header_cols)
