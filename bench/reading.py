"""Benchmark of the extract stage: raw PyMuPDF ``get_text()`` against our stages, in one run.

`bench_extract(paths)` times, over the same PDFs and in one process: raw
``page.get_text()`` (the floor), our text stage (``read_pdf(tables=False, ocr=False)``),
the whole extract (``read_pdf`` as the build calls it), and, inside that whole run, the
seconds spent finding tables. Text layers (.txt/.md) are timed on their own.
``python -m bench.reading [PATH ...]`` prints the result as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pymupdf

from extract import read_text_layer
from extract.pdf import read_pdf

TEXT_SUFFIXES = (".txt", ".md")


def _rate(pages: int, seconds: float) -> dict[str, float]:
    return {"seconds": round(seconds, 3), "pages_per_s": round(pages / seconds, 1) if seconds else 0.0}


def raw_get_text(pdfs: Iterable[Path]) -> tuple[int, int, float]:
    """Given PDFs, return (pages, characters, seconds) of plain `page.get_text()` over them: the floor."""
    pages = chars = 0
    t0 = time.perf_counter()
    for p in pdfs:
        with pymupdf.open(p) as doc:
            for page in doc:
                chars += len(page.get_text())
                pages += 1
    return pages, chars, time.perf_counter() - t0


def bench_extract(paths: Iterable[Path]) -> dict[str, Any]:
    """Given PDF and text-layer paths, return pages/s of raw get_text, text, tables and the whole extract."""
    paths = [Path(p) for p in paths]
    pdfs = [p for p in paths if p.suffix.lower() == ".pdf"]
    texts = [p for p in paths if p.suffix.lower() in TEXT_SUFFIXES]
    pages, _, raw = raw_get_text(pdfs)

    t0 = time.perf_counter()
    for p in pdfs:
        read_pdf(p, tables=False, ocr=False)
    text = time.perf_counter() - t0

    tables = 0.0
    n_tables = 0
    t0 = time.perf_counter()
    for p in pdfs:
        doc = read_pdf(p)
        tables += doc.timings.get("tables", 0.0)
        n_tables += sum(len(pg.tables) for pg in doc.pages)
    whole = time.perf_counter() - t0

    text_pages = 0
    t0 = time.perf_counter()
    for p in texts:
        text_pages += len(read_text_layer(p).pages)
    layers = time.perf_counter() - t0
    return {
        "files": len(pdfs),
        "pages": pages,
        "tables_found": n_tables,
        "raw_get_text": _rate(pages, raw),
        "text": _rate(pages, text),
        "tables": _rate(pages, tables),
        "extract": _rate(pages, whole),
        "text_layers": {"files": len(texts), "pages": text_pages, **_rate(text_pages, layers)},
    }


def main(argv: list[str] | None = None) -> int:
    """Benchmark the given files or directories (default: ../shared/corpus/{pdf,seeds}); print JSON."""
    args = [Path(a) for a in (sys.argv[1:] if argv is None else argv)]
    if not args:
        corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
        args = [corpus / "pdf", corpus / "seeds"]
    files: list[Path] = []
    for a in args:
        found = sorted(f for f in a.rglob("*") if f.suffix.lower() in (".pdf", *TEXT_SUFFIXES)) if a.is_dir() else [a]
        files.extend(found)
    print(json.dumps(bench_extract(files), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
