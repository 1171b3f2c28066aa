"""The jGrants-shaped programs feed (`hojo export --what programs`), built on statements."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from sqlalchemy import Engine

from corpus.export import export
from corpus.feed import to_jst_iso


@pytest.mark.parametrize(("value", "end", "iso"), [
    ("2025-03-31", False, "2025-03-31T00:00:00+09:00"),
    ("2025-05-12", True, "2025-05-12T23:59:59+09:00"),
    ("2025-05-12T17:00", True, "2025-05-12T17:00:00+09:00"),
])
def test_dates_are_iso_8601_in_japan_time(value: str, end: bool, iso: str) -> None:
    assert to_jst_iso(value, end_of_day=end) == iso


def rows(engine: Engine, fmt: str = "jsonl") -> list[dict[str, Any]]:
    buf = io.StringIO()
    export(engine, "programs", fmt, buf)  # type: ignore[arg-type]
    return [json.loads(line) for line in buf.getvalue().splitlines()] if fmt == "jsonl" else [{"csv": buf.getvalue()}]


def test_one_row_per_frame_with_jgrants_fields_and_sources(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(fresh_db, "guide", [
        make_fact("cap_max", 1000000, "一般枠", condition="従業員数5人以下", page=3, quote="5人以下 100万円"),
        make_fact("cap_max", 2000000, "一般枠", condition="従業員数6~20人", page=3, quote="6~20人 200万円"),
        make_fact("cap_max", 5000000, "一般枠", condition="賃上げ特例", page=3, quote="特例 500万円"),
        make_fact("cap_min", 100000, "一般枠", page=3, quote="下限10万円"),
        make_fact("rate", "1/2", "一般枠", applicant="中小", page=4, quote="中小1/2"),
        make_fact("rate", "2/3", "一般枠", applicant="小規模", page=4, quote="小規模2/3"),
        make_fact("opens", "2025-04-01", "一般枠", page=5, quote="公募開始 4月1日"),
        make_fact("deadline", "2025-06-30T17:00", "一般枠", page=5, quote="締切 6月30日17:00"),
        make_fact("cap_max", 3000000, "別枠", page=6, quote="上限300万円"),
    ])
    got = {r["frame"]: r for r in rows(fresh_db)}
    assert set(got) == {"一般枠", "別枠"}
    r = got["一般枠"]
    # the top tier, not the special provision's raised cap
    assert (r["subsidy_max_limit"], r["subsidy_min_limit"]) == (2000000, 100000)
    assert (r["subsidy_rate"], r["subsidy_rate_numerator"], r["subsidy_rate_denominator"]) == ("1/2", 1, 2)
    assert {(x["applicant"], x["value"]) for x in r["rates"]} == {("中小企業", "1/2"), ("小規模事業者", "2/3")}
    assert r["acceptance_start_datetime"] == "2025-04-01T00:00:00+09:00"
    assert r["acceptance_end_datetime"] == "2025-06-30T17:00:00+09:00"
    assert [t["tier"] for t in r["employee_tiers"]] == ["従業員5人以下", "従業員6~20人"]
    assert r["target_number_of_employees"] == "20人以下"
    cited = {c["field"]: c["sources"][0] for c in r["sources"]}
    assert cited["subsidy_max_limit"] == {"document": "guide", "page": 3, "quote": "6~20人 200万円", "value": "2000000"}
    assert cited["subsidy_rate"]["quote"] == "中小1/2"
    assert got["別枠"]["subsidy_rate"] is None and got["別枠"]["subsidy_max_limit"] == 3000000


def test_csv_has_the_same_columns_even_when_empty(fresh_db: Engine) -> None:
    [only] = rows(fresh_db, "csv")
    assert only["csv"].splitlines()[0].startswith("program,fiscal_year,budget,round,editions,frame,type,")
