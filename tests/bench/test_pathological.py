"""The pathological pages of `make bench` are what they say (shapes checked, not timed), a long line of values is
read whole, and a page over --page-seconds is skipped and named while its document is built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bench.pathological import grid_table, long_line, normal_pages, tiny_spans
from extract import read_document
from schema.db import make_engine, transaction
from schema.models import DocumentRow, PageRow


def test_the_generated_pages_have_their_shapes(tmp_path: Path) -> None:
    long_line(tmp_path / "line.pdf", chars=3_000)
    (page,) = read_document(tmp_path / "line.pdf").pages
    assert max(len(ln.text) for ln in page.lines) >= 3_000
    tiny_spans(tmp_path / "tiny.pdf", spans=120, per_line=12)
    (page,) = read_document(tmp_path / "tiny.pdf").pages
    assert sum(len(ln.spans) for ln in page.lines) >= 120
    grid_table(tmp_path / "grid.pdf", rows=12, cols=9)
    (page,) = read_document(tmp_path / "grid.pdf").pages
    assert [(t.n_rows, t.n_cols) for t in page.tables] == [(12, 9)]
    normal_pages(tmp_path / "normal.pdf", pages=3)
    assert len(read_document(tmp_path / "normal.pdf").pages) == 3


def _build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "corpus", "build", "--workers", "1", "--no-progress", *args],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "COLUMNS": "250", "HOJO_DEBUG": ""})


def test_a_long_line_of_values_is_read_whole_and_a_page_over_its_budget_is_skipped_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    long_line(folder / "line.pdf", chars=40_000)
    normal_pages(folder / "normal.pdf", pages=2)
    db = f"sqlite:///{tmp_path / 'x.db'}"
    whole = _build(str(folder), "--db", db, "--page-seconds", "0")  # no limit: every page read
    assert whole.returncode == 0, whole.stderr
    engine = make_engine(db)
    with transaction(engine) as s:
        chars = s.scalar(select(PageRow.text).join(DocumentRow).where(DocumentRow.key == "line"))
        facts = {d.key: len(d.facts) for d in s.scalars(select(DocumentRow))}
    assert len(chars) >= 40_000 and facts["line"] >= 100 and facts["normal"] > 0
    budget = _build(str(folder), "--db", db, "--force", "--page-seconds", "0.001")
    assert budget.returncode == 0, budget.stderr  # a skipped page is a warning: the documents still build
    skipped = [ln for ln in budget.stderr.splitlines() if ln.startswith("skipped  ")]
    assert any("line.pdf: page 1: skipped by the fact stage" in ln and "--page-seconds" in ln for ln in skipped)
    with transaction(engine) as s:
        docs = {d.key: (d.status, d.n_pages, len(d.facts), d.error or "") for d in s.scalars(select(DocumentRow))}
    assert docs["line"][:3] == ("ok", 1, 0) and "page 1: skipped" in docs["line"][3]
    strict = _build(str(folder), "--db", db, "--force", "--page-seconds", "0.001", "--strict")
    assert strict.returncode == 1
    engine.dispose()
