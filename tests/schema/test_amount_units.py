"""Amounts counted per unit (facts.md "Amounts counted per unit"): stored, keyed, compared and fed apart from caps."""

from __future__ import annotations

import io
import json
from typing import Any

from sqlalchemy import Engine, text

from corpus.outputs.export import export
from extract.facts.model import Fact
from extract.knowledge.statements import Mention, build_statements
from schema.diffload import diff_program


def per(unit: str | None, f: Fact) -> Fact:
    """Return the fact counted per `unit`."""
    f.unit = unit
    return f


def _mention(value: str, unit: str | None, quote: str) -> Mention:
    return Mention(None, "キャリアアップ助成金", 2025, None, "", "正社員化コース", "", "cap_max", value, None, None,
                   "d", 1, quote, unit=unit)


def test_a_sum_per_person_never_merges_with_a_cap_per_applicant() -> None:
    stmts, _ = build_statements([_mention("800000", "person", "1人当たり80万円"),
                                 _mention("800000", None, "上限80万円"),
                                 _mention("800000", "person", "1人当たり 80万円")])
    assert sorted((st.unit or "", len(st.sources), st.status) for st in stmts) == [("", 1, "single"),
                                                                                 ("person", 2, "single")]


def _export(engine: Engine, what: str) -> list[dict[str, Any]]:
    buf = io.StringIO()
    export(engine, what, "jsonl", buf)  # type: ignore[arg-type]
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def test_units_are_stored_exported_and_keep_their_statements_apart(fresh_db: Engine, make_fact: Any,
                                                                   save_doc: Any) -> None:
    save_doc(fresh_db, "leaflet", [
        per("person", make_fact("cap_max", 800000, "正社員化コース", applicant="中小企業", quote="1人当たり80万円")),
        per("person", make_fact("cap_max", 600000, "正社員化コース", applicant="大企業", quote="(大企業60万円)")),
        per("establishment", make_fact("cap_max", 200000, "正社員化コース", condition="加算",
                                       quote="1事業所当たり20万円")),
        make_fact("cap_max", 800000, "正社員化コース", quote="1事業主当たり上限80万円"),
    ])
    facts = _export(fresh_db, "facts")
    assert sorted((f["value"], f["unit"] or "") for f in facts) == [(200000, "establishment"), (600000, "person"),
                                                                     (800000, ""), (800000, "person")]
    statements = _export(fresh_db, "statements")
    assert sorted((s["value"], s["applicant"] or "", s["unit"] or "") for s in statements) == [
        (200000, "", "establishment"), (600000, "大企業", "person"), (800000, "", ""), (800000, "中小企業", "person")]
    with fresh_db.connect() as c:  # the consumer views tell them apart too
        units = c.execute(text("SELECT unit, value FROM latest_statements")).all()
        fact_units = c.execute(text("SELECT COUNT(DISTINCT COALESCE(unit, '')) FROM latest_facts")).scalar()
    assert sorted((u or "", v) for u, v in units) == [("", "800000"), ("establishment", "200000"),
                                                      ("person", "600000"), ("person", "800000")]
    assert fact_units == 3


def test_the_programs_feed_takes_its_cap_from_sums_per_applicant_only(fresh_db: Engine, make_fact: Any,
                                                                      save_doc: Any) -> None:
    save_doc(fresh_db, "leaflet", [
        per("person", make_fact("cap_max", 800000, "正社員化コース", quote="1人当たり80万円")),
        per("person_hour", make_fact("cap_max", 800, "正社員化コース", quote="1人1時間当たり800円")),
        make_fact("cap_max", 5000000, "正社員化コース", quote="1事業主当たり上限500万円"),
        per("person", make_fact("cap_max", 400000, "別コース", quote="1人当たり40万円")),
    ])
    rows = {r["frame"]: r for r in _export(fresh_db, "programs")}
    course = rows["正社員化コース"]
    assert course["subsidy_max_limit"] == 5000000  # not the larger sum a company gets for many persons
    assert [c["value"] for c in course["caps"]] == [5000000]
    assert sorted((x["unit"], x["value"]) for x in course["per_unit_amounts"]) == [("person", 800000),
                                                                                   ("person_hour", 800)]
    assert all(x["sources"] for x in course["per_unit_amounts"])
    assert rows["別コース"]["subsidy_max_limit"] is None
    assert [x["value"] for x in rows["別コース"]["per_unit_amounts"]] == [400000]


def test_the_diff_compares_sums_per_person_with_sums_per_person(fresh_db: Engine, make_fact: Any,
                                                                save_doc: Any) -> None:
    for year, person in ((2024, 720000), (2025, 800000)):
        save_doc(fresh_db, f"leaflet{year}", [
            per("person", make_fact("cap_max", person, "正社員化コース", year=year, budget=None, quote="1人当たり")),
            make_fact("cap_max", 1000000, "正社員化コース", year=year, budget=None, quote="上限100万円"),
        ])
    report = diff_program(fresh_db, "IT導入補助金", "2024", "2025")
    got = {(e.unit, e.change, e.before.value if e.before else None, e.after.value if e.after else None)
           for e in report.entries}
    assert got == {("person", "changed", "720000", "800000"), (None, "unchanged", "1000000", "1000000")}
    (change,) = [c for c in report.to_json()["changes"] if c["change"] == "changed"]
    assert change["unit"] == "person"
    from corpus.outputs.report import render

    md, html = render([report], "md"), render([report], "html")
    assert "| 補助上限額(1人当たり) | — | — | 72万円 | 80万円 | 変更 |" in md
    assert "補助上限額(1人当たり)" in html
