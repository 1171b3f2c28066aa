"""Layout-aware extraction: PDFs and text layers into `DocumentText` (pages, lines, spans, tables).

`read_document(path)` dispatches on the suffix: ``.pdf`` to `read_pdf`, ``.txt``/``.md``
to `read_text_layer`; anything else raises `UnsupportedFormat`. Bad inputs raise the
matching `ExtractError` subclass (see `extract.errors`).

Takes a file; gives a `DocumentText`. Its subpackages carry it on: `extract.facts` (a `DocumentText` →
`Fact`s) and `extract.knowledge` (facts as mentions → editions, statements, the diff; pure domain).
Imports only `normalize`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# PyMuPDF 2 imports its optional ONNX layout analyser (`pymupdf.layout`) with itself: half a second
# and about 45 MB in every process, for `Page.get_layout()`, which hojo never calls (its table finder
# is its own). Left out unless HOJO_PYMUPDF_LAYOUT=1; it must happen before PyMuPDF is first imported.
if os.environ.get("HOJO_PYMUPDF_LAYOUT") != "1" and "pymupdf" not in sys.modules:
    sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
    os.environ.setdefault("PYMUPDF_SUGGEST_LAYOUT_ANALYZER", "0")  # and do not suggest installing it

from extract.errors import ExtractError, TooLarge, UnsupportedFormat
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


def read_text_layer(path: Path, **kw: Any) -> DocumentText:
    """Given a .txt/.md text layer, return its `DocumentText` (see `extract.textlayer`)."""
    from extract.textlayer import read_text_layer as _read

    return _read(Path(path), **kw)


def size_text(n: int) -> str:
    """Given a byte count, return it for messages: ``512 bytes``, ``10.0 kB``, ``12.3 MB``, ``1.5 GB``."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def read_document(path: Path, *, max_bytes: int | None = None, max_pages: int | None = None,
                  on_page: Any = None, **kw: Any) -> DocumentText:
    """Given a .pdf, .txt or .md path, return what the matching reader makes of it.

    A file over `max_bytes`, or with more than `max_pages` pages, raises `TooLarge` before
    its pages are read. `on_page(n)` is called as pages are read (n pages more each call).
    Other keyword arguments (`tables`, `ocr`) go to `read_pdf`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if max_bytes is not None:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0  # the reader says why it cannot be read
        if size > max_bytes:
            raise TooLarge(path, f"too large: {size_text(size)}, over the limit of {size_text(max_bytes)} "
                                 "(hojo build --max-bytes)")
    if suffix == ".pdf":
        return read_pdf(path, max_pages=max_pages, on_page=on_page, **kw)
    if suffix in TEXT_SUFFIXES:
        return read_text_layer(path, max_pages=max_pages, on_page=on_page)
    raise UnsupportedFormat(path, f"unsupported file type {suffix or '(no suffix)'!r}: expected .pdf, .txt or .md")
