"""`hojo diff` between rounds, documents and budget years: the corpus's 20次 公募要領 and 令和6年度補正 leaflet,
built with a made-up 23次 公募要領 (a PDF drawn for the test with changed values, a new frame and one gone)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from corpus.build import build, path_jobs
from corpus.cli import app
from schema.db import init_db, make_engine

runner = CliRunner()
ROUND_20 = "公募要領_20次締切_20250516"
LEAFLET = "002_ad8da3ff977776d7"
# The cover and frame page of a made-up 23次 公募要領: one more year, new caps, グローバル枠 gone, a new frame.
ROUND_23 = [
    "ものづくり・商業・サービス生産性向上促進補助金\n公募要領\n（第23次公募）\n令和7年度補正予算\n"
    "公募期間：2026年1月20日（火）～3月25日（水）17:00\nものづくり・商業・サービス生産性向上促進補助金事務局",
    "1．補助対象事業の類型\n製品・サービス高付加価値化枠\n"
    "補助上限額：従業員数5人以下 850万円、6~20人 1,250万円、21人以上 2,500万円\n"
    "補助率：中小企業 1/2、小規模企業・小規模事業者 2/3\n"
    "新事業展開枠\n補助上限額：4,000万円\n補助率：2/3",
]


@pytest.fixture(scope="module")
def mono_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The 20次 公募要領 and the 令和6年度補正 leaflet of the corpus, plus the made-up 23次, built into SQLite."""
    from tests.corpus.conftest import make_pdf

    root = tmp_path_factory.mktemp("mono")
    made_up = make_pdf(root / "mono23.pdf", ROUND_23)
    files = [shared / "corpus" / "pdf" / f"{ROUND_20}.pdf", shared / "corpus" / "seeds" / f"{LEAFLET}.txt", made_up]
    engine = make_engine(f"sqlite:///{root / 'mono.db'}")
    init_db(engine)
    summary = build(engine, path_jobs(files), workers=1, progress=False)
    assert summary.failed == 0
    return engine


def _diff(engine: Engine, *args: str) -> dict:
    result = runner.invoke(app, ["diff", "--program", "ものづくり補助金", *args, "--format", "json",
                                 "--db", str(engine.url)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _claims(data: dict) -> set[tuple]:
    return {(c["change"], c["frame"], c["kind"], c["applicant"], c["before"], c["after"]) for c in data["changes"]
            if c["change"] in ("added", "removed", "changed")}


@pytest.mark.corpus
@pytest.mark.slow
def test_two_rounds_of_koubo_youryou(mono_db: Engine) -> None:
    data = _diff(mono_db, "--from", "20次", "--to", "第23次公募")
    assert (data["from"]["round"], data["to"]["round"], data["to"]["fiscal_year"]) == ("第20次", "第23次", 2025)
    assert data["from"]["dated_by"]["round"] == f"printed: {ROUND_20} p.1"
    assert data["to"]["dated_by"] == {"fiscal_year": "printed: mono23 p.1", "budget": "printed: mono23 p.1",
                                      "round": "printed: mono23 p.1"}
    claims = _claims(data)
    frame = "製品・サービス高付加価値化枠"
    assert {("changed", frame, "cap_max", None, 7500000, 8500000),
            ("changed", frame, "cap_max", None, 10000000, 12500000),
            ("changed", None, "deadline", None, "2025-07-25T17:00", "2026-03-25T17:00"),
            ("added", "新事業展開枠", "cap_max", None, None, 40000000)} <= claims
    # both are 公募要領 of the whole program: a frame the 23次 does not print is gone, with its values
    assert {(c[0], c[2]) for c in claims if c[1] == "グローバル枠"} >= {("removed", "rate"), ("removed", "cap_max")}
    frames = {(f["change"], f["before"], f["after"]) for f in data["frames"]}
    assert ("removed", "グローバル枠", None) in frames and ("added", None, "新事業展開枠") in frames
    # a frame is never both not stated and compared
    not_stated = {f["before"] or f["after"] for f in data["frames"] if f["change"] == "not_stated"}
    assert not any(c["frame"] in not_stated and c["change"] != "not_stated" for c in data["changes"])


@pytest.mark.corpus
@pytest.mark.slow
def test_two_documents_and_two_budget_years(mono_db: Engine) -> None:
    by_doc = _diff(mono_db, "--from", ROUND_20, "--to", "mono23")
    assert (by_doc["from"]["documents"], by_doc["to"]["documents"]) == ([ROUND_20], ["mono23"])
    assert _claims(by_doc) == _claims(_diff(mono_db, "--from", "20次", "--to", "23次"))
    years = _diff(mono_db, "--from", "2024", "--to", "2025")
    assert (years["from"]["documents"], years["to"]["documents"]) == ([LEAFLET], ["mono23"])
    # the leaflet lists グローバル枠 only; the 23次 is a 公募要領 of the whole program and prints it nowhere
    assert {c[0] for c in _claims(years) if c[1] == "グローバル枠"} == {"removed"}
    assert not any(c[1] == "製品・サービス高付加価値化枠" for c in _claims(years))  # the leaflet does not cover it


@pytest.mark.corpus
@pytest.mark.slow
def test_list_shows_every_edition_and_the_report_compares_consecutive_ones(mono_db: Engine, tmp_path: Path) -> None:
    result = runner.invoke(app, ["diff", "--list", "--format", "json", "--db", str(mono_db.url)])
    listing = {p["program"]: p["editions"] for p in json.loads(result.stdout)}
    assert [e["edition"] for e in listing["ものづくり補助金"]] == ["2024補正", "第20次 v2025-05-16", "2025補正 第23次"]
    result = runner.invoke(app, ["report", "--db", str(mono_db.url), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "r" / "ものづくり補助金.md").read_text(encoding="utf-8")
    assert "## 第20次 → 2025" in md and "## 2024 → 第20次" in md
    assert md.index("## 第20次 → 2025") < md.index("## 2024 → 第20次")  # newest first
