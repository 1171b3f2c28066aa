"""The consumer views `latest_facts` and `upcoming_deadlines`, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from schema.views import latest_facts, upcoming_deadlines


def jst_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Asia/Tokyo")).date()


def test_latest_facts_prefers_the_newest_year_then_補正_over_当初(fresh_db: Engine, make_fact: Any,
                                                                   save_doc: Any) -> None:
    save_doc(fresh_db, "y2023", [
        make_fact("cap_max", 1000000, "枠", year=2023, budget="補正"),
        make_fact("rate", "2/3", "枠", applicant="小規模事業者", year=2023, budget="補正"),
        make_fact("cap_max", 9, "枠", year=None, budget=None),
    ])
    save_doc(fresh_db, "y2024a", [make_fact("cap_max", 2000000, "枠", year=2024, budget="当初")])
    save_doc(fresh_db, "y2024b", [make_fact("cap_max", 3000000, "枠", year=2024, budget="補正", emphasis=True,
                                            quote="上限 300万円", page=7)])
    save_doc(fresh_db, "other", [make_fact("cap_max", 5, "枠", program="ものづくり補助金", year=2020)])
    with fresh_db.connect() as c:
        rows = c.execute(select(latest_facts).order_by(latest_facts.c.program, latest_facts.c.kind)).mappings().all()
    got = {(r["program"], r["kind"], r["applicant"]): r for r in rows}
    assert set(got) == {("IT導入補助金", "cap_max", None), ("IT導入補助金", "rate", "小規模事業者"),
                        ("ものづくり補助金", "cap_max", None)}
    cap = got["IT導入補助金", "cap_max", None]
    assert (cap["value"], cap["yen"], cap["fiscal_year"], cap["budget"]) == ("3000000", 3000000, 2024, "補正")
    assert (cap["document"], cap["page"], cap["quote"], bool(cap["emphasis"])) == ("y2024b", 7, "上限 300万円", True)
    rate = got["IT導入補助金", "rate", "小規模事業者"]
    assert (rate["rate_num"], rate["rate_den"], rate["fiscal_year"]) == (2, 3, 2023)


def test_latest_facts_keeps_conditions_apart(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(fresh_db, "d", [
        make_fact("cap_max", 1500000, "通常枠", condition="業務プロセス1~3"),
        make_fact("cap_max", 4500000, "通常枠", condition="業務プロセス4以上"),
    ])
    with fresh_db.connect() as c:
        rows = c.execute(select(latest_facts.c.condition, latest_facts.c.yen)).all()
    assert sorted(rows) == [("業務プロセス1~3", 1500000), ("業務プロセス4以上", 4500000)]


def test_upcoming_deadlines_lists_future_deadlines_once(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    today = jst_today()
    soon = (today + dt.timedelta(days=10)).isoformat()
    save_doc(fresh_db, "a", [
        make_fact("deadline", f"{soon}T17:00", "通常枠", quote="締切 17:00"),
        make_fact("deadline", (today - dt.timedelta(days=1)).isoformat(), "通常枠"),
        make_fact("deadline", today.isoformat(), "インボイス枠"),
        make_fact("opens", soon, "通常枠"),
    ])
    save_doc(fresh_db, "b", [make_fact("deadline", f"{soon}T17:00", "通常枠")])  # the same deadline again
    with fresh_db.connect() as c:
        rows = c.execute(select(upcoming_deadlines).order_by(upcoming_deadlines.c.deadline)).mappings().all()
    assert [(r["frame"], r["deadline"], r["deadline_time"], r["days_left"]) for r in rows] == [
        ("インボイス枠", today, None, 0),
        ("通常枠", today + dt.timedelta(days=10), "17:00", 10),
    ]
    assert rows[1]["document"] == "a" and rows[1]["quote"] == "締切 17:00"


def test_latest_facts_breaks_ties_by_document_not_by_insertion_order(fresh_db: Engine, make_fact: Any,
                                                                     save_doc: Any) -> None:
    for key in ("z-deck", "a-koubo", "m-faq"):  # same edition, no publication dates
        save_doc(fresh_db, key, [make_fact("cap_max", {"z-deck": 1, "a-koubo": 2, "m-faq": 3}[key])])
    with fresh_db.connect() as c:
        row = c.execute(select(latest_facts.c.document, latest_facts.c.yen)).one()
    assert tuple(row) == ("a-koubo", 2)
