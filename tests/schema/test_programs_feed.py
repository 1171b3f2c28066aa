"""The jGrants-shaped programs feed (`hojo export --what programs`), built on statements."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from sqlalchemy import Engine

from corpus.outputs.export import export
from corpus.outputs.feed import to_jst_iso


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
    # the rates as printed, joined; the parts are the first's
    assert (r["subsidy_rate"], r["subsidy_rate_numerator"], r["subsidy_rate_denominator"]) == (
        "1/2（小規模事業者 2/3）", 1, 2)
    assert {(x["applicant"], x["value"]) for x in r["rates"]} == {("中小企業", "1/2"), ("小規模事業者", "2/3")}
    assert r["acceptance_start_datetime"] == "2025-04-01T00:00:00+09:00"
    assert r["acceptance_end_datetime"] == "2025-06-30T17:00:00+09:00"
    assert [t["tier"] for t in r["employee_tiers"]] == ["従業員5人以下", "従業員6~20人"]
    assert r["target_number_of_employees"] == "20名以下"  # jGrants' bucket of the top tier
    cited = {c["field"]: c["sources"][0] for c in r["sources"]}
    assert cited["subsidy_max_limit"] == {"document": "guide", "page": 3, "quote": "6~20人 200万円", "value": "2000000"}
    assert cited["subsidy_rate"]["quote"] == "中小1/2"
    assert got["別枠"]["subsidy_rate"] is None and got["別枠"]["subsidy_max_limit"] == 3000000


def test_csv_has_the_same_columns_even_when_empty(fresh_db: Engine) -> None:
    [only] = rows(fresh_db, "csv")
    assert only["csv"].splitlines()[0].startswith("program,fiscal_year,budget,round,editions,frame,type,")


def test_headline_fields_follow_one_rule_whatever_else_a_frame_prints(fresh_db: Engine, make_fact: Any,
                                                                        save_doc: Any) -> None:
    """Caps of an expense category count like the frame's own; per-applicant caps and rates for one case do
    not lead; a frame that prints only qualified rates still has a subsidy_rate."""
    save_doc(fresh_db, "koubo", [
        make_fact("cap_max", 1500000, "A枠", condition="ソフトウェア購入費、導入関連費 1プロセス以上"),
        make_fact("cap_max", 4500000, "A枠", condition="ソフトウェア購入費、導入関連費 4プロセス以上"),
        make_fact("cap_max", 9000000, "A枠", applicant="小規模事業者"),
        make_fact("rate", "3/4", "A枠", condition="50万円以下の部分"),
        make_fact("rate", "2/3", "A枠", condition="50万円超の部分"),
    ])
    [r] = rows(fresh_db)
    assert r["subsidy_max_limit"] == 4500000
    assert r["subsidy_rate"] == "3/4（50万円超~ 2/3）"
    assert (r["subsidy_rate_numerator"], r["subsidy_rate_denominator"]) == (3, 4)
    assert {(c["value"], c["tier"]) for c in r["caps"]} == {(1500000, "1プロセス以上"), (4500000, "4プロセス以上"),
                                                           (9000000, None)}


TIERS = {  # one program's 通常枠 in three budget years, printed three ways with the same tiers
    "y2023.txt": "IT導入補助金2024 公募要領（令和5年度補正予算）\n\n■ 通常枠\nプロセス数\t補助額\t補助率\n"
                 "1プロセス以上\t5万円～150万円未満\t1/2以内\n4プロセス以上\t150万円～450万円以下\t1/2以内\n",
    "y2024.txt": "IT導入補助金2025 公募要領（令和6年度補正予算）\n\n■ 通常枠\n"
                 "1プロセス以上の場合、補助額は5万円～150万円未満\n4プロセス以上の場合、補助額は150万円～450万円以下\n"
                 "補助率：1/2以内（最低賃金近傍の事業者は2/3以内）\n",
    "y2025.md": "デジタル化・AI導入補助金2026 公募要領（令和7年度補正予算）\n\n■ 通常枠\n"
                "| 業務プロセス | 補助額 | 補助率 |\n|---|---|---|\n| 1プロセス以上 | 5万円～150万円未満 | 1/2以内 |\n"
                "| 4プロセス以上 | 150万円～450万円以下 | 1/2以内 |\n\n※小規模事業者は2/3以内\n",
}


def test_the_same_tiers_give_the_same_headline_every_year(tmp_path: Any) -> None:
    from corpus.build import build, path_jobs
    from schema.db import init_db, make_engine

    for name, text in TIERS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'h.db'}")
    init_db(engine)
    assert build(engine, path_jobs([tmp_path / n for n in TIERS]), progress=False).failed == 0
    got = {r["fiscal_year"]: r for r in rows(engine) if r["frame"] == "通常枠"}
    assert sorted(got) == [2023, 2024, 2025]
    assert {(r["subsidy_max_limit"], r["subsidy_min_limit"]) for r in got.values()} == {(4500000, 50000)}
    assert all(r["subsidy_rate"].startswith("1/2") and r["subsidy_rate_numerator"] == 1 for r in got.values())
    assert got[2024]["subsidy_rate"] == "1/2（最低賃金近傍の事業者 2/3）"
    assert got[2025]["subsidy_rate"] == "1/2（小規模事業者 2/3）"
    for r in got.values():
        assert {(c["kind"], c["value"], c["tier"]) for c in r["caps"]} == {
            ("cap_max", 1500000, "1プロセス以上"), ("cap_max", 4500000, "4プロセス以上"),
            ("cap_min", 50000, "1プロセス以上"), ("cap_min", 1500000, "4プロセス以上")}


def test_requirements_with_sources_and_the_jgrants_employee_bucket(fresh_db: Engine, make_fact: Any,
                                                                    save_doc: Any) -> None:
    save_doc(fresh_db, "koubo", [
        make_fact("cap_max", 4500000, "通常枠", page=3, quote="上限450万円"),
        make_fact("employees_max", 300, applicant="中小企業者", condition="製造業その他", page=6,
                  quote="製造業その他 資本金3億円以下 300人以下"),
        make_fact("capital_max", 300000000, applicant="中小企業者", condition="製造業その他", page=6,
                  quote="製造業その他 資本金3億円以下 300人以下"),
        make_fact("employees_max", 100, applicant="中小企業者", condition="卸売業", page=6, quote="卸売業 100人以下"),
        make_fact("employees_max", 20, applicant="小規模事業者", condition="製造業その他", page=7,
                  quote="製造業その他 20人以下"),
        make_fact("wage_growth_min", "3.0", "通常枠", condition="1人当たり給与支給総額 年平均成長率", page=10,
                  quote="年平均成長率を3パーセント以上"),
        make_fact("min_wage_margin", 30, "通常枠", condition="事業場内最低賃金 ≥ 地域別最低賃金+30円", page=10,
                  quote="地域別最低賃金+30円以上"),
    ])
    got = {r["frame"]: r for r in rows(fresh_db)}
    assert set(got) == {None, "通常枠"}
    frame = got["通常枠"]
    assert frame["target_number_of_employees"] == "300名以下"  # the largest class limit of the program
    reqs = {(x["kind"], x["value"], x["applicant"], x["frame"]) for x in frame["requirements"]}
    assert reqs == {
        ("wage_growth_min", "3.0", None, "通常枠"), ("min_wage_margin", 30, None, "通常枠"),
        ("employees_max", 300, "中小企業", None), ("employees_max", 100, "中小企業", None),
        ("employees_max", 20, "小規模事業者", None), ("capital_max", 300000000, "中小企業", None),
    }
    wholesale = next(x for x in frame["requirements"] if x["value"] == 100)
    assert wholesale["qualifiers"] == {"industry": "卸売業"}
    assert wholesale["sources"][0] == {"document": "koubo", "page": 6, "quote": "卸売業 100人以下", "value": "100"}
    assert {x["frame"] for x in got[None]["requirements"]} == {None}
    assert frame["subsidy_max_limit"] == 4500000 and frame["caps"] and not got[None]["caps"]
