"""The synthetic corpus: the requested page count, varied copies, made once and reused."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from bench.synth import generate


def _pdf(path: Path, n: int) -> Path:
    doc = pymupdf.open()
    for i in range(n):
        doc.new_page().insert_text((72, 72), f"補助上限額 {100 + i}万円 ページ{i + 1}", fontname="japan", fontsize=11)
    doc.save(path)
    doc.close()
    return path


def test_generate_varies_and_reuses(tmp_path: Path) -> None:
    sources = [_pdf(tmp_path / "a.pdf", 4), _pdf(tmp_path / "b.pdf", 3)]
    out = tmp_path / "synth"
    files = generate(sources, out, pages=11, seed=1)
    pages = 0
    texts = []
    for f in files:
        with pymupdf.open(f) as doc:
            pages += doc.page_count
            texts += [p.get_text() for p in doc]
    assert pages == 11
    assert len(set(texts)) == len(texts)  # every copy differs (its extra line has other numbers)
    assert all("頁】補助上限額" in t for t in texts)
    stamps = [f.stat().st_mtime_ns for f in files]
    assert generate(sources, out, pages=11, seed=1) == files  # reused, not rewritten
    assert [f.stat().st_mtime_ns for f in files] == stamps
    again = generate(sources, out, pages=5, seed=1)  # another request regenerates
    assert sum(pymupdf.open(f).page_count for f in again) == 5
