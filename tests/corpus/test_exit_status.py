"""`hojo build` exits like `make -k` (issue 20): it goes on past a bad input and exits 1 at the end when any input
failed or nothing was found, 0 when every input was built or up to date; the summary names each failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from corpus.cli import app
from schema.db import make_engine, transaction
from schema.models import DocumentRow

LEAFLET = "IT導入補助金2025\n通常枠\n補助上限額 450万円\n補助率 1/2以内\n"


def _build(*args: str, db: Path):
    return CliRunner().invoke(app, ["build", *args, "--db", f"sqlite:///{db}", "--workers", "1", "--no-progress"],
                              env={"HOJO_DEBUG": "", "COLUMNS": "250"})


def _keys(db: Path) -> list[str]:
    engine = make_engine(f"sqlite:///{db}")
    with transaction(engine) as s:
        keys = sorted(s.scalars(select(DocumentRow.key)))
    engine.dispose()
    return keys


@pytest.mark.parametrize(
    ("bad", "line"),
    [
        (lambda d: d.root / "missing.pdf", "failed   {path}: no such file or folder"),
        (lambda d: d.text("notes.pdf", "a text file named .pdf"), "failed   {path}: not a PDF"),
        (lambda d: (d.root / "empty").mkdir() or d.root / "empty",
         "failed   {path}: no .pdf, .txt, .md file in this folder"),
    ],
    ids=["missing-path", "text-named-pdf", "empty-folder"],
)
def test_a_bad_input_exits_1_after_the_rest_is_built(docs, tmp_path: Path, bad, line: str) -> None:
    good = docs.text("good.txt", LEAFLET)
    path = bad(docs)
    db = tmp_path / "x.db"
    res = _build(str(good), str(path), db=db)
    assert res.exit_code == 1, res.output
    assert any(ln.startswith(line.format(path=path)) for ln in res.output.splitlines()), res.output
    keys = _keys(db)
    assert "good" in keys
    if path.name == "missing.pdf":
        assert "missing" not in keys  # no document row for a path that is not there
    again = _build(str(good), db=db)  # every input built (or up to date): 0
    assert again.exit_code == 0, again.output


def test_nothing_found_is_a_failure_and_all_built_is_0(docs, tmp_path: Path) -> None:
    (docs.root / "only_other_types").mkdir()
    docs.raw("only_other_types/form.docx", b"x")
    db = tmp_path / "x.db"
    res = _build(str(docs.root / "only_other_types"), db=db)
    assert res.exit_code == 1
    assert f"failed   {docs.root / 'only_other_types'}: no .pdf, .txt, .md file in this folder" in res.output
    assert f"skipped  {docs.root / 'only_other_types' / 'form.docx'}: unsupported file type .docx" in res.output
    assert _keys(db) == []
    docs.text("leaflet.txt", LEAFLET)
    assert _build(str(docs.root / "leaflet.txt"), db=db).exit_code == 0
    assert _build(str(docs.root / "leaflet.txt"), db=db).exit_code == 0  # up to date: still 0


def test_strict_also_fails_on_files_of_other_types(docs, tmp_path: Path) -> None:
    docs.text("leaflet.txt", LEAFLET)
    docs.raw("chart.png", b"x")
    db = tmp_path / "x.db"
    assert _build(str(docs.root), db=db).exit_code == 0  # a file of another type in a folder is a skip, listed
    assert _build(str(docs.root), "--strict", db=db).exit_code == 1
