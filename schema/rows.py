"""What a built document becomes before it is written: its description and its rows, as plain values.

A worker makes a document's rows (`document_rows`) and hands them to the process that writes
the database (`schema.store.save_document`). Nothing here needs SQLAlchemy: a worker that only
reads files and finds facts (a Dask worker on another machine) never imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from extract.model import Cell, DocumentText
from extract.model import Page as PageText

BATCH_LINES = 20_000
"""Lines of text written per batch of pages (a few MB of rows in memory at a time)."""


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """The manifest's (or the command line's) description of a document, and the paths its bytes were found at."""

    key: str
    sha256: str | None
    file_name: str | None = None
    title: str | None = None
    issuer: str | None = None
    published: dt.date | None = None
    kind: str | None = None
    source_url: str | None = None
    licence: str | None = None
    paths: tuple[str, ...] = ()  # where its bytes were found (`documents_paths`), absolute


def clean(value: Any) -> Any:
    """Given text (or nested lists of text) bound for the database, return it with NUL as U+FFFD.

    PostgreSQL refuses NUL in text, and PDF text layers do contain it; replacing it on every
    backend keeps SQLite and PostgreSQL databases identical.
    """
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def clean_map(values: dict[str, str]) -> dict[str, str]:
    """Given a mapping of text, return it with every value `clean`ed."""
    return {k: clean(v) for k, v in values.items()}


PAGE_COLS = ("number", "raw_text", "text", "flags", "text_source", "ocr_text", "width", "height")
LINE_COLS = ("seq", "text", "block", "role", "vertical", "x0", "y0", "x1", "y1")
SPAN_COLS = ("seq", "text", "font", "size", "color", "bold", "red", "struck", "x0", "y0", "x1", "y1")
TABLE_COLS = ("seq", "n_rows", "n_cols", "header_rows", "header_cols", "rows", "spans", "source", "cells",
              "x0", "y0", "x1", "y1")
_NO_BOX = (None, None, None, None)


@dataclass(slots=True)
class PageRows:
    """A batch of pages as the row tuples `save_document` inserts (columns `PAGE_COLS`, …).

    A line's tuple starts with the index of its page in `pages`, a span's with the index of its line
    in `lines`, a table's with its page's; the database ids replace them when the rows are written."""

    pages: list[tuple[Any, ...]]
    lines: list[tuple[Any, ...]]
    spans: list[tuple[Any, ...]]
    tables: list[tuple[Any, ...]]


@dataclass(slots=True)
class DocumentRows:
    """A read document as rows ready to insert: what a worker hands the process that writes the database.

    Plain tuples pickle several times faster than the pages, lines and spans they are made from
    (the client of a 2-worker build spent ~1 s of a 10 s build unpickling `DocumentText`s), and
    making them is work the worker does instead of the client."""

    kind: str
    metadata: dict[str, str]
    warnings: list[str]
    n_pages: int
    n_chars: int
    batches: list[PageRows]


def _box(bbox: Any) -> tuple[float | None, ...]:
    if bbox is None:
        return _NO_BOX
    x0, y0, x1, y1 = bbox
    return (float(x0), float(y0), float(x1), float(y1))


def page_rows(pages: list[PageText]) -> PageRows:
    """Given pages, return their page, line, span and table rows (text `clean`ed)."""
    out = PageRows([], [], [], [])
    for pi, p in enumerate(pages):
        out.pages.append((p.number, clean(p.raw_text), clean(p.text), clean(list(p.flags)), p.text_source,
                          clean(p.ocr_text), p.width, p.height))
        for i, ln in enumerate(p.lines):
            li = len(out.lines)
            out.lines.append((pi, i, clean(ln.text), ln.block, ln.role, ln.vertical, *_box(ln.bbox)))
            out.spans.extend((li, j, clean(sp.text), clean(sp.font), sp.size, sp.color, sp.bold, sp.is_red,
                              sp.struck, *_box(sp.bbox)) for j, sp in enumerate(ln.spans))
        out.tables.extend((pi, i, t.n_rows, t.n_cols, t.header_rows, t.header_cols, clean(t.rows), t.spans(),
                           t.source, [_cell(c) for c in t.cells], *_box(t.bbox)) for i, t in enumerate(p.tables))
    return out


def document_rows(doc: DocumentText) -> DocumentRows:
    """Given a read document, return it as rows, in batches of pages of about `BATCH_LINES` lines."""
    return DocumentRows(doc.kind, dict(doc.metadata), list(doc.warnings), len(doc.pages), doc.n_chars,
                        [page_rows(b) for b in page_batches(doc.pages)])


def page_batches(pages: list[PageText], most_lines: int = BATCH_LINES) -> Iterator[list[PageText]]:
    """Given pages, yield runs of them holding about `most_lines` lines (a page is never split)."""
    batch: list[PageText] = []
    n = 0
    for p in pages:
        if batch and n + len(p.lines) > most_lines:
            yield batch
            batch, n = [], 0
        batch.append(p)
        n += len(p.lines)
    if batch:
        yield batch


def _cell(c: Cell) -> dict[str, Any]:
    return {"row": c.row, "col": c.col, "rows": c.row_span, "cols": c.col_span, "text": clean(c.text),
            "bbox": list(c.bbox) if c.bbox is not None else None}
