"""Throughput of the fact stage, next to raw PyMuPDF text extraction of the same files.

``python -m bench.facts FILE...`` reads every file once (not timed as the fact
stage), then times `extract_facts` over all documents with GiNZA loaded beforehand, and
``page.get_text()`` over the PDFs among the files. The issue asks for ≥ 30 pages/s.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extract.facts.model import DocInfo
from extract.model import DocumentText


def bench_facts(docs: Sequence[DocumentText], infos: Sequence[DocInfo] | None = None, *, nlp: Any = None) -> dict:
    """Given read documents (and their DocInfo), return the fact stage's timing:
    ``{"docs", "pages", "facts", "seconds", "pages_per_s", "nlp_load_s", "segments", "parsed_sentences"}``."""
    from extract.facts import pipeline
    from extract.facts.nlp import load_nlp

    t0 = time.perf_counter()
    nlp = nlp if nlp is not None else load_nlp()
    load_s = time.perf_counter() - t0
    infos = infos or [DocInfo(key=f"doc{i}", sha256="") for i in range(len(docs))]
    pages = sum(len(d.pages) for d in docs)
    n_facts = 0
    stats: dict[str, int] = {}
    t1 = time.perf_counter()
    for doc, info in zip(docs, infos, strict=True):
        n_facts += len(pipeline.run(doc, info, nlp=nlp, stats=stats))
    secs = time.perf_counter() - t1
    return {
        "docs": len(docs),
        "pages": pages,
        "facts": n_facts,
        "seconds": round(secs, 3),
        "pages_per_s": round(pages / secs, 1) if secs else None,
        "nlp_load_s": round(load_s, 2),
        **stats,
    }


def bench_pymupdf(paths: Sequence[Path]) -> dict:
    """Given PDF paths, return how fast plain ``page.get_text()`` reads them (pages/s)."""
    from bench.reading import raw_get_text

    pages, _, secs = raw_get_text(paths)
    return {"pages": pages, "seconds": round(secs, 3), "pages_per_s": round(pages / secs, 1) if secs else None}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on the given files and print a JSON report."""
    from extract import read_document
    from extract.facts.__main__ import doc_info

    ap = argparse.ArgumentParser(prog="python -m bench.facts", description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = [read_document(p) for p in a.files]
    read_s = time.perf_counter() - t0
    report = {
        "read_seconds": round(read_s, 2),
        "facts": bench_facts(docs, [doc_info(p) for p in a.files]),
        "pymupdf_get_text": bench_pymupdf([p for p in a.files if p.suffix.lower() == ".pdf"]),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
