"""`hojo explain FACT_ID`: the quote, page, structure path, rules and statements of one fact."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from corpus.cli import app
from schema.db import make_engine

runner = CliRunner()

LAYER = """デジタル推進補助金 のご案内
(第3回公募)

■ 成長投資枠
補助率:中小2/3、中堅1/2
補助上限額:1,000万円
"""


def test_explain_shows_how_a_fact_was_read(tmp_path: Path) -> None:
    doc = tmp_path / "leaflet.txt"
    doc.write_text(LAYER, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'h.db'}"
    assert runner.invoke(app, ["build", str(doc), "--db", db, "--workers", "1", "--no-progress"]).exit_code == 0
    with make_engine(db).connect() as c:
        fact_id, applicant = c.execute(text(
            "SELECT id, applicant FROM facts WHERE kind = 'rate' AND value = '1/2'")).one()
    assert applicant == "中堅企業"
    result = runner.invoke(app, ["explain", str(fact_id), "--db", db], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"#{fact_id} rate = 1/2" in out and "leaflet p.1" in out and "中堅1/2" in out
    assert "成長投資枠" in out and "applicant.abbreviation" in out  # the rule-table row that read 中堅
    assert "statement #" in out
    # the edition its document belongs to, and where each attribute was printed
    assert "第3回" in out and "round: printed: leaflet p.1" in out


def test_explain_of_a_missing_fact_is_one_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.db'}"
    runner.invoke(app, ["db", "upgrade", "--db", db])
    result = runner.invoke(app, ["explain", "999", "--db", db])
    assert result.exit_code == 2 and "no fact #999" in result.output and "Traceback" not in result.output


def test_every_exported_fact_has_an_id_that_explain_accepts(tmp_path: Path) -> None:
    import csv
    import io
    import json

    doc = tmp_path / "leaflet.txt"
    doc.write_text(LAYER, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'h.db'}"
    assert runner.invoke(app, ["build", str(doc), "--db", db, "--workers", "1", "--no-progress"]).exit_code == 0
    res = runner.invoke(app, ["export", "--what", "facts", "--db", db])
    facts = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(facts) >= 3 and len({f["id"] for f in facts}) == len(facts)
    for f in facts:
        out = runner.invoke(app, ["explain", str(f["id"]), "--db", db], env={"COLUMNS": "200"})
        assert out.exit_code == 0 and f"#{f['id']} {f['kind']} = " in out.stdout, out.output
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "--format", "csv", "--db", db]).stdout)))
    assert [int(r["id"]) for r in rows] == [f["id"] for f in facts]
    missing = runner.invoke(app, ["explain", "999999", "--db", db])
    assert "`id` in `hojo export --what facts`" in missing.output
