"""Read a PDF into a `DocumentText`: spans and lines in reading order, roles, tables, quality, OCR.

The file is opened once; each page's text is extracted once into a MuPDF text page
(``dict`` form: spans with font, size, colour and box) and its vector graphics once
(``get_cdrawings``) for the table finder, which only runs on pages whose rules can
form a grid. Pages whose text layer is missing or garbage are OCR'd when Tesseract
with Japanese is installed (`extract.ocr`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf

from extract import ocr as ocr_mod
from extract.errors import DamagedPdf, EmptyFile, EncryptedPdf, NotAPdf, TooLarge, UnreadableFile
from extract.layout import Unit, order_lines, units_from_dict, xycut
from extract.model import DocumentText, Line, Page, Table
from extract.quality import document_ja, text_flags
from extract.rules import filled_boxes
from extract.running import PAGE_NUMBER, mark_running, mark_title
from extract.streamtables import find_stream_tables
from extract.strike import mark_struck
from extract.tables import find_tables

log = logging.getLogger(__name__)
_FLAGS = (pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES) | pymupdf.TEXT_MEDIABOX_CLIP
_ROLE_ORDER = {"header": 0, "title": 1, "body": 1, "caption": 1, "footer": 2, "page_number": 3}


def open_pdf(path: Path) -> pymupdf.Document:
    """Given a path, return the opened PDF or raise the `ExtractError` saying why it cannot be read."""
    try:
        if path.is_dir():
            raise UnreadableFile(path, "cannot read: is a directory")
        with path.open("rb") as fh:
            head = fh.read(1024)
            size = fh.seek(0, 2)
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError as e:
        raise UnreadableFile(path, f"cannot read: {e.strerror or e}") from e
    if size == 0:
        raise EmptyFile(path, "empty file (0 bytes)")
    if b"%PDF-" not in head:
        raise NotAPdf(path, f"not a PDF: the file starts with {head[:20]!r}")
    truncated = b"%%EOF" not in tail
    what = "truncated PDF (the file ends before its %%EOF marker)" if truncated else "damaged PDF"
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as e:
        log.debug("%s: MuPDF cannot open it: %s", path, e)
        raise DamagedPdf(path, f"{what}: it cannot be opened") from e
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise EncryptedPdf(path, "encrypted PDF: a password is needed to open it")
    try:
        pages = doc.page_count
    except Exception as e:  # MuPDF: "code=7: Invalid number of pages" when the page tree is broken
        log.debug("%s: MuPDF cannot count its pages: %s", path, e)
        doc.close()
        raise DamagedPdf(path, f"{what}: the page count cannot be read (broken page tree)") from e
    if pages == 0:
        doc.close()
        raise DamagedPdf(path, f"{what}: no pages")
    if truncated and doc.is_repaired:
        doc.close()
        raise DamagedPdf(path, "truncated PDF (the file ends before its %%EOF marker and its cross-reference "
                               "table is broken)")
    return doc


def read_pdf(path: Path, *, tables: bool = True, ocr: bool | None = None, max_pages: int | None = None,
             on_page: Callable[[int], object] | None = None, pages: tuple[int, int] | None = None) -> DocumentText:
    """Given a PDF path, return its pages with lines, roles, tables and quality flags.

    `tables=False` skips the table finder. `ocr=None` OCRs flagged pages when Tesseract
    with Japanese is installed, `True` also warns when it is not, `False` never OCRs.
    More than `max_pages` pages raise `TooLarge`; `on_page(1)` is called after each page.
    `pages=(first, stop)` (0-based, stop exclusive) reads only those pages and leaves the
    steps that need the whole document (running heads, quality flags, OCR) to `join_parts`,
    so that large PDFs can be read as page ranges in parallel.
    """
    path = Path(path)
    pymupdf.TOOLS.reset_mupdf_warnings()
    doc = open_pdf(path)
    if max_pages is not None and doc.page_count > max_pages:
        n = doc.page_count
        doc.close()
        raise TooLarge(path, f"too many pages: {n}, over the limit of {max_pages} (hojo build --max-pages)")
    out = DocumentText(pages=[], kind="pdf")
    out.metadata = {k: str(v) for k, v in (doc.metadata or {}).items() if v}
    timings = {"text": 0.0, "tables": 0.0, "ocr": 0.0}
    first, stop = pages if pages is not None else (0, doc.page_count)
    try:
        for i in range(max(0, first), min(stop, doc.page_count)):
            try:
                page = doc.load_page(i)
                out.pages.append(_read_page(page, i + 1, tables, timings, out.warnings, path.name))
            except Exception as e:  # a page MuPDF cannot interpret must not lose the others
                out.warnings.append(f"{path.name}: page {i + 1}: cannot be read: {e}")
                out.pages.append(Page(number=i + 1, raw_text="", flags=["unreadable"]))
            if on_page is not None:
                on_page(1)
        if pages is None:
            _complete(out, path, ocr, timings, doc)
    finally:
        doc.close()
    out.timings = timings
    out.warnings.extend(_mupdf_warnings(path))
    return out


def page_count(path: Path) -> int:
    """Given a PDF path, return its number of pages (raising the `ExtractError` of `open_pdf`)."""
    with open_pdf(Path(path)) as doc:
        return int(doc.page_count)


def join_parts(path: Path, parts: list[DocumentText], *, ocr: bool | None = None) -> DocumentText:
    """Given the page ranges of one PDF read by `read_pdf(pages=...)`, in order, return the document
    exactly as `read_pdf` reads it whole (the PDF is opened again only to OCR flagged pages)."""
    out = DocumentText(pages=[p for part in parts for p in part.pages], kind="pdf",
                       metadata=dict(parts[0].metadata) if parts else {},
                       warnings=[w for part in parts for w in part.warnings])
    timings = {k: sum(part.timings.get(k, 0.0) for part in parts) for k in ("text", "tables", "ocr")}
    _complete(out, Path(path), ocr, timings, None)
    out.timings = timings
    return out


def _complete(out: DocumentText, path: Path, ocr: bool | None, timings: dict[str, float],
              doc: pymupdf.Document | None) -> None:
    """Run the whole-document steps on the pages read: roles, page texts, quality flags, then OCR."""
    t0 = time.perf_counter()
    _finish(out.pages)
    timings["text"] += time.perf_counter() - t0
    if ocr is False or not any(ocr_mod.OCR_FLAGS & set(p.flags) for p in out.pages):
        return
    t0 = time.perf_counter()
    if doc is None:
        with open_pdf(path) as opened:
            ocr_mod.ocr_pages(opened, out, path, enabled=ocr)
    else:
        ocr_mod.ocr_pages(doc, out, path, enabled=ocr)
    timings["ocr"] += time.perf_counter() - t0


def _mupdf_warnings(path: Path, most: int = 5) -> list[str]:
    """Return what MuPDF complained about while reading (repairs, bad fonts), deduplicated."""
    seen = dict.fromkeys(w.strip() for w in pymupdf.TOOLS.mupdf_warnings(reset=True).splitlines() if w.strip())
    got = [f"{path.name}: MuPDF: {w}" for w in list(seen)[:most]]
    if len(seen) > most:
        got.append(f"{path.name}: MuPDF: … and {len(seen) - most} more")
    return got


def _read_page(
    page: pymupdf.Page, number: int, tables: bool, timings: dict[str, float], warnings: list[str], name: str
) -> Page:
    t0 = time.perf_counter()
    tp = page.get_textpage(flags=_FLAGS)
    raw = tp.extractText()
    page_dict = tp.extractDICT()
    units = units_from_dict(page_dict)
    # boxes are in the unrotated page's space; so are width and height
    width, height = float(page_dict["width"]), float(page_dict["height"])
    t1 = time.perf_counter()
    drawings = page.get_cdrawings()  # rules for the table finder, coloured bands for the fact stage
    found: list[Table] = []
    if tables:
        try:
            found, units = find_tables(page, units, drawings=drawings)
            more, units = find_stream_tables(units)
            found.extend(more)
        except Exception as e:  # a grid we cannot build is a warning, the text stays
            warnings.append(f"{name}: page {number}: table detection failed: {type(e).__name__}: {e}")
    t2 = time.perf_counter()
    ordered: list[Unit] = xycut(units)
    lines: list[Line] = []
    for bi, u in enumerate(ordered):
        for ln in order_lines(u):
            ln.block = bi
            lines.append(ln)
    mark_struck(page, lines, drawings)
    p = Page(number=number, raw_text=raw, lines=lines, tables=found, width=width, height=height)
    p.fills = filled_boxes(drawings)
    p.flags.extend(_layer_flags(page, lines, len(drawings)))
    timings["text"] += (t1 - t0) + (time.perf_counter() - t2)
    timings["tables"] += t2 - t1
    return p


def _layer_flags(page: pymupdf.Page, lines: list[Line], n_drawings: int) -> list[str]:
    """Given a page and its lines, return ``no_text_layer`` (pictures, no text) or ``blank``."""
    chars = sum(len(ln.text) for ln in lines if not PAGE_NUMBER.match(ln.text))
    if chars > 3:
        return []
    area = abs(page.rect) or 1.0
    pictured = sum(abs(pymupdf.Rect(im["bbox"]) & page.rect) for im in page.get_image_info())
    if pictured / area >= 0.15:
        return ["no_text_layer"]
    if n_drawings >= 50:  # text converted to outlines, or a chart without a text layer
        return ["no_text_layer"]
    return ["blank"]


def _finish(pages: list[Page]) -> None:
    """Given all pages of a document, set line roles, page texts and text-quality flags."""
    mark_running(pages)
    for p in pages:
        mark_title(p)
        p.lines.sort(key=lambda ln: _ROLE_ORDER[ln.role])  # stable: reading order within a role
        p.text = "\n".join(ln.text for ln in p.lines)
    doc_ja = document_ja(p.text for p in pages)
    for p in pages:
        for f in text_flags(p.text, doc_ja):
            if f not in p.flags:
                p.flags.append(f)
