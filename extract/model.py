"""The document model every parser produces and every later stage reads.

A parser (PDF or text layer) turns one input file into a `DocumentText`: pages,
each with its raw text, its normalised text, the lines and spans it came from
(with boxes for PDFs) and the tables found on it. Everything is a plain
dataclass so it pickles cheaply between worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BBox = tuple[float, float, float, float]
"""PDF user-space box (x0, y0, x1, y1), origin top-left as PyMuPDF reports it."""

Role = Literal["body", "title", "header", "footer", "page_number", "caption"]


@dataclass(slots=True)
class Span:
    """A run of text in one font, size and colour."""

    text: str
    bbox: BBox | None = None
    font: str | None = None
    size: float | None = None
    color: int | None = None  # sRGB as 0xRRGGBB
    bold: bool = False
    struck: bool = False  # a line drawn through the middle of the text: a former value, crossed out

    def __reduce__(self) -> tuple[type[Span], tuple[object, ...]]:
        # a tuple of fields pickles several times faster than the slots dataclass's generated state
        return (Span, (self.text, self.bbox, self.font, self.size, self.color, self.bold, self.struck))

    @property
    def is_red(self) -> bool:
        """Given the span colour, return whether a reader would call it red."""
        if self.color is None:
            return False
        r, g, b = (self.color >> 16) & 0xFF, (self.color >> 8) & 0xFF, self.color & 0xFF
        return r >= 0xB0 and g <= 0x60 and b <= 0x60


@dataclass(slots=True)
class Line:
    """One line of text in reading order, with the spans that make it up."""

    text: str
    bbox: BBox | None = None
    spans: list[Span] = field(default_factory=list)
    block: int = 0
    role: Role = "body"
    vertical: bool = False

    def __reduce__(self) -> tuple[type[Line], tuple[object, ...]]:
        return (Line, (self.text, self.bbox, self.spans, self.block, self.role, self.vertical))


@dataclass(slots=True)
class Cell:
    """One table cell: its grid position, extent and text."""

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    bbox: BBox | None = None

    def __reduce__(self) -> tuple[type[Cell], tuple[object, ...]]:
        return (Cell, (self.row, self.col, self.text, self.row_span, self.col_span, self.bbox))


@dataclass(slots=True)
class Table:
    """A table as a grid: `rows[r][c]` is the text of the cell covering (r, c)."""

    rows: list[list[str]]
    cells: list[Cell] = field(default_factory=list)
    header_rows: int = 0
    header_cols: int = 0
    bbox: BBox | None = None
    source: str = "pymupdf"  # which finder made it: rules, text (PDF pages); markdown, html, tsv (text layers)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def spans(self) -> list[dict[str, int]]:
        """Return the merged cells as `{"row", "col", "rows", "cols"}` dicts."""
        return [
            {"row": c.row, "col": c.col, "rows": c.row_span, "cols": c.col_span}
            for c in self.cells
            if c.row_span > 1 or c.col_span > 1
        ]


@dataclass(slots=True)
class Page:
    """One page: raw text as extracted, normalised text, lines, tables and quality flags."""

    number: int  # 1-based
    raw_text: str
    text: str = ""  # normalised
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # e.g. "no_text_layer", "lost_japanese", "cid_garbage"
    width: float | None = None
    height: float | None = None
    ocr_text: str | None = None
    text_source: Literal["layer", "ocr"] = "layer"
    fills: list[BBox] = field(default_factory=list)  # coloured shapes (bands over columns, shaded cells); PDFs only


@dataclass(slots=True)
class DocumentText:
    """Everything a parser read from one file."""

    pages: list[Page]
    kind: Literal["pdf", "text"]
    metadata: dict[str, str] = field(default_factory=dict)  # title, author, created … as the file says
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per extract stage (text, tables, ocr)

    @property
    def n_chars(self) -> int:
        return sum(len(p.text or p.raw_text) for p in self.pages)
