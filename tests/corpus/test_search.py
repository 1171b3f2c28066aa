"""`hojo search`: the statements that answer a consultant's question, each with its sources."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from corpus.cli import app
from corpus.outputs.search import Bound, Citation, Hit, Query, QueryError, parse_day, select_hits

runner = CliRunner()


@pytest.mark.parametrize(("text", "family", "number"), [
    ("2/3", "rate", Fraction(2, 3)), ("２／３", "rate", Fraction(2, 3)), ("3分の2", "rate", Fraction(2, 3)),
    ("100万円", "yen", Fraction(1_000_000)), ("1.5億円", "yen", Fraction(150_000_000)),
    ("3,000万円", "yen", Fraction(30_000_000)), ("20", "number", Fraction(20)), ("2.5%", "number", Fraction(5, 2)),
])
def test_a_bound_is_a_rate_an_amount_or_a_number(text: str, family: str, number: Fraction) -> None:
    b = Bound.parse(text)
    assert (b.family, b.number) == (family, number)


@pytest.mark.parametrize("text", ["たくさん", "", "円"])
def test_a_bound_that_is_none_of_them_is_refused(text: str) -> None:
    with pytest.raises(QueryError):
        Bound.parse(text)


def test_dates_are_read_as_iso_or_as_printed() -> None:
    assert parse_day("2025-06-01") == parse_day("令和7年6月1日") == dt.date(2025, 6, 1)
    with pytest.raises(QueryError):
        parse_day("来月")


_ids = iter(range(1, 10_000))


def row(kind: str, value: str, frame: str = "通常枠", *, program: str = "P", year: int | None = 2024,
        budget: str | None = "補正", applicant: str | None = None, unit: str | None = None,
        qualifier_key: str = "") -> Hit:
    """A statement as the search reads it, with one made-up source."""
    number: Fraction | None = None
    day = None
    if "/" in value:
        n, d = value.split("/")
        number = Fraction(int(n), int(d))
    elif kind in ("opens", "deadline"):
        day = dt.date.fromisoformat(value[:10])
    else:
        number = Fraction(value)
    i = next(_ids)
    return Hit(i, program, year, budget, "", [], frame, "", kind, applicant, {}, qualifier_key, None, value, number,
               day, unit, "single", [Citation(f"doc{i}", f"資料{i}", 3, f"{kind} {value}")])


def _values(hits: list[Hit]) -> list[tuple[str, str, str | None, str]]:
    return [(h.program, h.frame, h.applicant, h.value) for h in hits]


def test_an_applicant_matches_its_own_rules_its_class_and_everyone_the_most_specific_answering() -> None:
    rows = [row("rate", "1/2", "A枠"), row("rate", "2/3", "A枠", applicant="小規模事業者"),
            row("rate", "1/2", "B枠", applicant="中小企業"),
            row("rate", "3/4", "C枠", applicant="最低賃金近傍の事業者"), row("rate", "1/3", "C枠")]
    hits = select_hits(rows, Query(kind="rate", applicant="小規模事業者"))
    # A枠: its own 2/3, not the 1/2 for everyone; B枠: the class that contains it; C枠: everyone's, not another's
    assert _values(hits) == [("P", "A枠", "小規模事業者", "2/3"), ("P", "B枠", "中小企業", "1/2"),
                             ("P", "C枠", None, "1/3")]


def test_min_and_max_compare_values_of_the_same_family_only() -> None:
    rows = [row("rate", "2/3"), row("rate", "1/2"), row("cap_max", "1500000"), row("cap_max", "500000"),
            row("employees_max", "20")]
    assert _values(select_hits(rows, Query(minimum=Bound.parse("2/3")))) == [("P", "通常枠", None, "2/3")]
    assert _values(select_hits(rows, Query(minimum=Bound.parse("100万円")))) == [("P", "通常枠", None, "1500000")]
    assert _values(select_hits(rows, Query(maximum=Bound.parse("50")))) == [("P", "通常枠", None, "20")]
    both = Query(minimum=Bound.parse("40万円"), maximum=Bound.parse("60万円"))
    assert _values(select_hits(rows, both)) == [("P", "通常枠", None, "500000")]


def test_the_newest_edition_of_each_program_unless_all_are_asked() -> None:
    rows = [row("cap_max", "1000000", year=2023), row("cap_max", "1500000", year=2024, budget="当初"),
            row("cap_max", "1500000", year=2024), row("cap_max", "700000", program="Q", year=2022, budget=None)]
    newest = select_hits(rows, Query(kind="cap_max"))
    assert [(h.program, h.fiscal_year, h.budget) for h in newest] == [("P", 2024, "補正"), ("Q", 2022, None)]
    assert len(select_hits(rows, Query(kind="cap_max", all_editions=True))) == 4


def test_open_on_and_closes_after_follow_each_frames_window_or_the_programs() -> None:
    rows = [row("rate", "2/3", "A枠"), row("opens", "2025-03-01", "A枠"), row("deadline", "2025-04-30T17:00", "A枠"),
            row("rate", "1/2", "B枠"),  # B枠 prints no dates: the program's schedule holds for it
            row("opens", "2025-05-01", ""), row("deadline", "2025-07-31", ""),
            row("rate", "3/4", program="Q"), row("deadline", "2025-05-15", program="Q")]
    open_in_april = select_hits(rows, Query(kind="rate", open_on=dt.date(2025, 4, 15)))
    assert _values(open_in_april) == [("P", "A枠", None, "2/3"), ("Q", "通常枠", None, "3/4")]
    assert open_in_april[0].window == (dt.date(2025, 3, 1), dt.date(2025, 4, 30))
    after_june = select_hits(rows, Query(kind="rate", closes_after=dt.date(2025, 6, 1)))
    assert _values(after_june) == [("P", "B枠", None, "1/2")]
    assert after_june[0].to_json()["deadline"] == "2025-07-31"


def test_unit_keeps_amounts_counted_per_person_apart() -> None:
    rows = [row("cap_max", "800000", unit="person"), row("cap_max", "5000000")]
    assert _values(select_hits(rows, Query(unit="person"))) == [("P", "通常枠", None, "800000")]
    assert _values(select_hits(rows, Query(kind="cap_max", unit="none"))) == [("P", "通常枠", None, "5000000")]


IT2025 = """IT導入補助金2025 のご案内（令和6年度補正予算）

■ セキュリティ対策推進枠
補助上限額:150万円
補助率:中小企業 1/2、小規模事業者 2/3

■ 通常枠
補助上限額:450万円
補助率:1/2
"""
IT2024 = """IT導入補助金2024 のご案内（令和5年度補正予算）

■ セキュリティ対策推進枠
補助上限額:100万円
補助率:2/3
"""
JIZOKUKA = """小規模事業者持続化補助金 のご案内（令和6年度補正予算）

■ 通常枠
補助上限額:50万円
補助率:2/3
申請受付締切:2025年6月13日(金)17:00
"""


def _search(db: str, *args: str) -> list[dict[str, Any]]:
    res = runner.invoke(app, ["search", "--db", db, "--format", "json", *args])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_search_through_the_command_line(tmp_path: Path) -> None:
    for name, text in (("it2025", IT2025), ("it2024", IT2024), ("jizokuka", JIZOKUKA)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'h.db'}"
    res = runner.invoke(app, ["build", *(str(p) for p in sorted(tmp_path.glob("*.txt"))), "--db", db,
                              "--workers", "1", "--no-progress"])
    assert res.exit_code == 0, res.output
    hits = _search(db, "--kind", "rate", "--min", "2/3", "--applicant", "小規模事業者")
    assert {(h["program"], h["frame"], h["value"]) for h in hits} == {
        ("IT導入補助金", "セキュリティ対策推進枠", "2/3"), ("持続化補助金", "通常枠", "2/3")}
    assert all(h["sources"] and h["sources"][0]["page"] == 1 and h["sources"][0]["quote"] for h in hits)
    # the 2024 edition's 2/3 only with --all-editions; a full-width name finds its program
    assert len(_search(db, "--program", "ＩＴ導入補助金", "--kind", "rate", "--min", "2/3")) == 1
    years = {h["fiscal_year"] for h in _search(db, "--program", "it導入補助金", "--kind", "rate", "--min", "2/3",
                                                 "--all-editions")}
    assert years == {2023, 2024}
    assert [h["program"] for h in _search(db, "--closes-after", "2025-06-01", "--kind", "cap_max")] == ["持続化補助金"]
    csv_out = runner.invoke(app, ["search", "--db", db, "--format", "csv", "--kind", "cap_max"]).stdout
    assert csv_out.splitlines()[0].startswith("program,fiscal_year") and "4500000" in csv_out
    table = runner.invoke(app, ["search", "--db", db, "--kind", "cap_max", "--frame", "セキュリティ"],
                          env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "150万円" in table.stdout and "it2025 p.1" in table.stdout
    bad = runner.invoke(app, ["search", "--db", db, "--min", "たくさん"])
    assert bad.exit_code == 2 and "--min" in bad.output
    unknown = runner.invoke(app, ["search", "--db", db, "--program", "存在しない補助金"])
    assert unknown.exit_code == 2 and "no program" in unknown.output


MONO_YEAR = """ものづくり補助金 公募要領（令和5年度補正予算）

■ 製品・サービス高付加価値化枠
補助上限額:750万円
補助率:1/2
"""
MONO_ROUND = """ものづくり補助金 第20次公募 公募要領
令和7年4月25日版

■ 製品・サービス高付加価値化枠
補助上限額:1,250万円
補助率:1/2
"""


def test_an_edition_dated_only_by_its_round_takes_its_place_among_the_editions(tmp_path: Path) -> None:
    """A 公募要領 printing its round and version but no budget year is the newest edition when its
    version is later than the budget year's: the editions' order, not the year alone, decides."""
    for name, text in (("mono_year", MONO_YEAR), ("mono_round", MONO_ROUND)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'h.db'}"
    res = runner.invoke(app, ["build", *(str(p) for p in sorted(tmp_path.glob("*.txt"))), "--db", db,
                              "--workers", "1", "--no-progress"])
    assert res.exit_code == 0, res.output
    [hit] = _search(db, "--kind", "cap_max")
    assert (hit["round"], hit["fiscal_year"], hit["value"]) == ("第20次", None, 12500000)
    every = _search(db, "--kind", "cap_max", "--all-editions")
    assert sorted(h["value"] for h in every) == [7500000, 12500000]


def test_rows_placed_by_their_editions_order_before_the_year() -> None:
    rows = [row("cap_max", "7500000", year=2023), row("cap_max", "12500000", year=None, budget=None)]
    assert [h.value for h in select_hits(rows, Query(kind="cap_max"))] == ["7500000"]  # by year: no year is oldest
    rows[0].order, rows[1].order = 0, 1
    assert [h.value for h in select_hits(rows, Query(kind="cap_max"))] == ["12500000"]


@pytest.fixture(scope="module")
def corpus_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The whole corpus built into a SQLite database."""
    from corpus.build import build, manifest_jobs
    from corpus.config import cache_dir
    from corpus.manifest import load_manifest
    from schema.db import init_db, make_engine

    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'hojo.db'}"
    engine = make_engine(url)
    init_db(engine)
    summary = build(engine, manifest_jobs(load_manifest(), shared / "corpus", cache_dir()), workers=2,
                    progress=False)
    assert summary.failed == 0
    engine.dispose()
    return url


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_which_programs_pay_two_thirds_to_small_businesses(corpus_db: str) -> None:
    hits = _search(corpus_db, "--kind", "rate", "--min", "2/3", "--applicant", "小規模事業者")
    assert {"IT導入補助金", "持続化補助金"} <= {h["program"] for h in hits}
    assert all(h["sources"] and all(s["title"] and s["page"] for s in h["sources"]) for h in hits)
