"""`hojo db …` and `hojo diff` through the `hojo` command's runner, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from corpus.cli import app
from schema.browse import datasette_argv
from schema.migrations import HEAD

runner = CliRunner()


def test_db_upgrade_creates_then_reports_the_revision(db_url: str) -> None:
    result = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert f"empty → {HEAD}" in result.output
    result = runner.invoke(app, ["db", "current", "--db", db_url])
    assert result.exit_code == 0 and f"revision {HEAD}" in result.output and "up to date" in result.output


def test_diff_list_shows_each_programs_editions_documents_and_dating(it_db: Engine, db_url: str) -> None:
    result = runner.invoke(app, ["diff", "--list", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "IT導入補助金" in result.stdout and "2023当初" in result.stdout
    assert "2024補正 IT導入補助金2025" in result.stdout
    result = runner.invoke(app, ["diff", "--list", "--format", "json", "--db", db_url])
    [program] = json.loads(result.stdout)
    assert program["program"] == "IT導入補助金"
    old, new = program["editions"]
    assert (old["edition"], old["fiscal_year"], old["budget"]) == ("2023当初", 2023, "当初")
    assert old["documents"] == ["it2023"]
    assert (new["label"], new["documents"], new["position"]) == ("IT導入補助金2025", ["it2024"], 1)
    # the label is on the cover (the title); its budget year follows from it by the catalog's rule
    assert new["dated_by"]["label"] == "printed: it2024 (title)"
    assert new["dated_by"]["fiscal_year"].startswith("inferred: it2024")


def test_diff_list_is_a_table_aligned_in_display_cells(sqlite_it_db: Engine, save_doc, make_fact) -> None:
    from rich.cells import cell_len

    save_doc(sqlite_it_db, "mono", [make_fact("cap_max", 500, "通常枠", program="ものづくり補助金", year=2025,
                                              budget="補正", document="mono")])
    save_doc(sqlite_it_db, "ascii", [make_fact("cap_max", 500, program="DX補助", year=2021, budget="当初",
                                               document="ascii")])
    result = runner.invoke(app, ["diff", "--list", "--db", str(sqlite_it_db.url)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["program", "edition", "documents", "dated", "by"]
    rows = {line.split()[0]: line for line in lines[2:] if not line.startswith(" ")}
    assert set(rows) == {"DX補助", "IT導入補助金", "ものづくり補助金"}
    # every column starts at the same display cell, whatever mix of wide and narrow characters precedes it
    starts = {cell_len(line[: line.index("20")]) for line in rows.values()}
    assert len(starts) == 1, result.stdout
    assert rows["IT導入補助金"].split()[1:3] == ["2023当初", "it2023"]


def test_diff_json_to_stdout(it_db: Engine, db_url: str) -> None:
    result = runner.invoke(app, ["diff", "--program", "IT導入補助金", "--from", "2023", "--to", "2024",
                                 "--format", "json", "--db", db_url])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["changes"]
    assert {(i["frame"], i["kind"], i["change"]) for i in items} >= {("セキュリティ対策推進枠", "cap_max", "changed")}


def test_diff_out_file_takes_its_format_from_the_suffix(sqlite_it_db: Engine, tmp_path: Path) -> None:
    db = str(sqlite_it_db.url)
    out = tmp_path / "deep" / "it.html"
    result = runner.invoke(app, ["diff", "--program", "IT導入補助金", "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>")
    result = runner.invoke(app, ["diff", "--program", "IT導入補助金", "--db", db])
    assert result.stdout.startswith("# IT導入補助金")


def test_diff_reads_the_database_url_from_hojo_db(sqlite_it_db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOJO_DB", str(sqlite_it_db.url))
    result = runner.invoke(app, ["diff", "--list"])
    assert result.exit_code == 0 and "IT導入補助金" in result.stdout


def test_diff_errors_are_one_clear_line(sqlite_it_db: Engine, tmp_path: Path) -> None:
    db = str(sqlite_it_db.url)
    result = runner.invoke(app, ["diff", "--program", "ない補助金", "--db", db])
    assert result.exit_code == 1 and "no program 'ない補助金'" in result.stderr
    result = runner.invoke(app, ["diff", "--program", "IT導入補助金", "--from", "1999", "--db", db])
    assert result.exit_code == 1 and "no edition of budget year 1999" in result.stderr
    result = runner.invoke(app, ["diff", "--program", "IT導入補助金", "--format", "pdf", "--db", db])
    assert result.exit_code == 2
    result = runner.invoke(app, ["diff", "--db", db])
    assert result.exit_code == 2 and "--program" in result.output
    result = runner.invoke(app, ["diff", "--list", "--db", f"sqlite:///{tmp_path / 'missing.db'}"])
    assert result.exit_code == 2 and str(tmp_path / "missing.db") in result.stderr
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize("args", [["db"], ["db", "upgrade"], ["db", "current"], ["db", "serve"], ["diff"]])
def test_every_command_has_help(args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) > 3


def test_serve_runs_datasette_on_sqlite_only() -> None:
    argv = datasette_argv("sqlite:///build/hojo.db", 8001)
    assert argv[:5] == [sys.executable, "-m", "datasette", "serve", "build/hojo.db"]
    assert Path(argv[argv.index("--metadata") + 1]).is_file()
    result = runner.invoke(app, ["db", "serve", "--db", "postgresql+psycopg://u@h/db"])
    assert result.exit_code == 2 and "SQLite files only" in result.output


def test_diff_without_program_takes_it_from_an_edition_label(it_db: Engine, db_url: str) -> None:
    result = runner.invoke(app, ["diff", "--from", "2023", "--to", "ｉｔ導入補助金2025", "--format", "json",
                                 "--db", db_url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["program"], data["to"]["label"]) == ("IT導入補助金", "IT導入補助金2025")
    assert data["to"]["fiscal_year"] == 2024
    assert data["to"]["dated_by"]["label"] == "printed: it2024 (title)"
