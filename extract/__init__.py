"""Layout-aware extraction: PDFs and text layers into `DocumentText` (pages, lines, spans, tables).

`read_document(path)` dispatches on the suffix: ``.pdf`` to `read_pdf`, ``.txt``/``.md``
to `read_text_layer`; anything else raises `UnsupportedFormat`. Bad inputs raise the
matching `ExtractError` subclass (see `extract.errors`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extract.errors import ExtractError, UnsupportedFormat
from extract.model import Cell, DocumentText, Line, Page, Span, Table

__all__ = [
    "Cell",
    "DocumentText",
    "ExtractError",
    "Line",
    "Page",
    "Span",
    "Table",
    "read_document",
    "read_pdf",
    "read_text_layer",
]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})


def read_pdf(path: Path, **kw: Any) -> DocumentText:
    """Given a PDF path, return its `DocumentText` (see `extract.pdf.read_pdf`)."""
    from extract.pdf import read_pdf as _read_pdf

    return _read_pdf(Path(path), **kw)


def read_text_layer(path: Path) -> DocumentText:
    """Given a .txt/.md text layer, return its `DocumentText` (see `extract.textlayer`)."""
    from extract.textlayer import read_text_layer as _read

    return _read(Path(path))


def read_document(path: Path, **kw: Any) -> DocumentText:
    """Given a .pdf, .txt or .md path, return what the matching reader makes of it.

    Keyword arguments (`tables`, `ocr`) go to `read_pdf`; text layers take none.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return read_pdf(path, **kw)
    if suffix in TEXT_SUFFIXES:
        return read_text_layer(path)
    raise UnsupportedFormat(path, f"unsupported file type {suffix or '(no suffix)'!r}: expected .pdf, .txt or .md")
