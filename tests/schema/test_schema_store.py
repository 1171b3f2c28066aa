"""Storing documents and facts: round trips, replacement, shared rows, hostile and odd text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select, text

from schema.db import transaction
from schema.models import (
    DocumentRow,
    FactRow,
    FrameRow,
    PageRow,
    PageTableRow,
    ProgramAliasRow,
    ProgramRow,
    ScopeRow,
    TextSpanRow,
)
from schema.store import DocumentMeta, save_document, save_failure, typed_value


def count(engine: Engine, model: Any) -> int:
    with transaction(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_document_pages_lines_spans_tables_and_facts_round_trip(
    fresh_db: Engine, make_fact: Any, save_doc: Any
) -> None:
    save_doc(
        fresh_db,
        "d1",
        [
            make_fact("rate", "2/3", "セキュリティ対策推進枠", applicant="小規模事業者", emphasis=True, page=2),
            make_fact("cap_max", 1500000, "セキュリティ対策推進枠"),
            make_fact("deadline", "2025-03-15T17:00", None, None),
            make_fact("opens", "2025-01-20", None, None),
        ],
        pages=("一", "二"),
    )
    with transaction(fresh_db) as s:
        doc = s.scalars(select(DocumentRow)).one()
        assert (doc.key, doc.status, doc.n_pages, doc.pipeline_version) == ("d1", "ok", 2, "test")
        assert [p.text for p in doc.pages] == ["一", "二"]
        assert doc.pages[0].lines[0].spans[0].red is True
        assert doc.pages[1].tables[0].rows == [["枠", "二"], ["補助率", "1/2"]]
        got = {f.kind: f for f in doc.facts}
        assert (got["rate"].rate_num, got["rate"].rate_den, got["rate"].emphasis) == (2, 3, True)
        assert got["rate"].applicant == "小規模事業者" and got["rate"].page == 2
        assert got["cap_max"].yen == 1500000 and got["cap_max"].value == "1500000"
        assert (got["deadline"].date, got["deadline"].time) == (dt.date(2025, 3, 15), "17:00")
        assert (got["opens"].date, got["opens"].time) == (dt.date(2025, 1, 20), None)
        assert (got["rate"].x0, got["rate"].y1) == (10.0, 40.0)
        frame = s.get(FrameRow, got["rate"].frame_id)
        assert (frame.frame, frame.type) == ("セキュリティ対策推進枠", "")
        assert frame.id == got["deadline"].frame_id or s.get(FrameRow, got["deadline"].frame_id).frame == ""


def test_saving_a_document_again_replaces_it_whole(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(fresh_db, "d1", [make_fact("cap_max", 1, "A枠"), make_fact("cap_max", 2, "B枠")])
    save_doc(fresh_db, "d1", [make_fact("cap_max", 3, "A枠")], pages=("only page",))
    assert count(fresh_db, DocumentRow) == 1
    assert count(fresh_db, PageRow) == 1
    assert count(fresh_db, PageTableRow) == 1
    assert count(fresh_db, FactRow) == 1
    assert count(fresh_db, ProgramRow) == 1
    assert count(fresh_db, ScopeRow) == 1
    assert count(fresh_db, FrameRow) == 2  # B枠 stays: frames are shared, not owned by a document


def test_documents_share_programs_editions_and_frames_even_without_a_year(
    fresh_db: Engine, make_fact: Any, save_doc: Any
) -> None:
    for key in ("a", "b", "c"):
        save_doc(
            fresh_db,
            key,
            [
                make_fact("cap_max", 1, "通常枠", year=None, budget=None),
                make_fact("rate", "1/2", "通常枠", year=None, budget=None),
                make_fact("cap_max", 1, "通常枠", year=2024, budget="補正"),
            ],
        )
    assert (count(fresh_db, ProgramRow), count(fresh_db, ScopeRow), count(fresh_db, FrameRow)) == (1, 2, 2)
    assert count(fresh_db, FactRow) == 9


def test_a_new_program_gets_its_catalog_aliases(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(
        fresh_db,
        "d",
        [make_fact("cap_max", 1, program="持続化補助金"), make_fact("cap_max", 1, program="未知の補助金")],
    )
    with transaction(fresh_db) as s:
        programs = {p.name: p.aliases for p in s.scalars(select(ProgramRow))}
    assert programs["持続化補助金"][:2] == ["小規模事業者持続化補助金", "小規模事業者持続的発展支援事業"]
    assert programs["未知の補助金"] == []


def test_values_outside_the_spec_keep_their_text_and_leave_typed_columns_empty(
    fresh_db: Engine, make_fact: Any, save_doc: Any
) -> None:
    save_doc(
        fresh_db,
        "d",
        [make_fact("rate", "約半分"), make_fact("deadline", "2024-13-45"), make_fact("cap_max", "百万円")],
    )
    with transaction(fresh_db) as s:
        rows = s.execute(select(FactRow.value, FactRow.rate_num, FactRow.date, FactRow.yen).order_by(FactRow.id)).all()
    assert [tuple(r) for r in rows] == [
        ("約半分", None, None, None),
        ("2024-13-45", None, None, None),
        ("百万円", None, None, None),
    ]


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("rate", "10/10", {"rate_num": 10, "rate_den": 10}),
        ("cap_min", 50000, {"yen": 50000}),
        ("budget", "340000000000", {"yen": 340000000000}),
        ("deadline", "2024-03-15T17:00", {"date": dt.date(2024, 3, 15), "time": "17:00"}),
        ("rate", "2/3/4", {}),
        ("other", "x", {}),
        ("employees_max", 300, {"persons": 300}),
        ("capital_max", 300000000, {"yen": 300000000}),
        ("wage_growth_min", "3.5", {"percent": 3.5}),
        ("min_wage_margin", 30, {"yen": 30}),
        ("wage_growth_min", "年率", {}),
    ],
)
def test_typed_value(kind: str, value: Any, expected: dict[str, Any]) -> None:
    assert typed_value(kind, value) == expected


def test_failure_is_recorded_and_replaces_a_previous_build(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(fresh_db, "d", [make_fact("cap_max", 1)])
    with transaction(fresh_db) as s:
        save_failure(s, DocumentMeta("d", None), "truncated PDF\x00", "test")
    with transaction(fresh_db) as s:
        doc = s.scalars(select(DocumentRow)).one()
        assert (doc.status, doc.error) == ("failed", "truncated PDF\ufffd")
    assert count(fresh_db, FactRow) == 0


def test_nul_characters_are_stored_as_replacement_characters(fresh_db: Engine, make_fact: Any, doc_text: Any) -> None:
    with transaction(fresh_db) as s:
        save_document(
            s,
            DocumentMeta("nul", None, title="a\x00b"),
            doc_text("x\x00y"),
            [make_fact("cap_max", 1, "枠\x00", quote="q\x00")],
            pipeline_version="t",
            timings={},
        )
    with transaction(fresh_db) as s:
        assert s.scalar(select(PageRow.text)) == "x\ufffdy"
        assert s.scalar(select(TextSpanRow.text)) == "x\ufffdy"
        assert s.scalar(select(FactRow.quote)) == "q\ufffd"
        assert s.scalar(select(FrameRow.frame)) == "枠\ufffd"


# Any Unicode a PDF text layer can yield: no lone surrogates (not encodable), NUL handled separately.
texts = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quote=texts, applicant=st.none() | texts, condition=st.none() | texts, frame=texts, program=texts)
def test_any_text_round_trips_unchanged(
    fresh_db: Engine,
    quote: str,
    applicant: str | None,
    condition: str | None,
    frame: str,
    program: str,
    make_fact: Any,
    save_doc: Any,
) -> None:
    f = make_fact(
        "cap_max",
        1000,
        frame,
        program=program or "p",
        applicant=applicant,
        condition=condition,
        quote=quote,
        document="hyp",
    )
    save_doc(fresh_db, "hyp", [f], pages=(quote,))
    with fresh_db.connect() as c:
        row = c.execute(
            text(
                "SELECT p.name, fr.frame, f.applicant, f.condition, f.quote, pg.text FROM facts f"
                " JOIN frames fr ON fr.id = f.frame_id JOIN editions e ON e.id = fr.edition_id"
                " JOIN programs p ON p.id = e.program_id JOIN documents d ON d.id = f.document_id"
                " JOIN pages pg ON pg.document_id = d.id WHERE d.key = :k"
            ),
            {"k": "hyp"},
        ).one()
    assert tuple(row) == (program or "p", frame, applicant, condition, quote, quote)


def test_aliases_are_unique_across_programs(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(fresh_db, "d", [make_fact("cap_max", 1, program="IT導入補助金")])
    with transaction(fresh_db) as s:
        aliases = s.scalars(select(ProgramAliasRow.alias)).all()
    assert len(aliases) == len(set(aliases)) > 0


def test_requirement_facts_are_typed_and_exported_in_the_spec_form(fresh_db: Engine, make_fact: Any,
                                                                  save_doc: Any) -> None:
    import io
    import json

    from corpus.outputs.export import export

    save_doc(fresh_db, "d", [
        make_fact("employees_max", 300, applicant="中小企業者", condition="製造業その他"),
        make_fact("capital_max", 300000000, applicant="中小企業者", condition="製造業その他"),
        make_fact("wage_growth_min", "2.0", "通常枠", condition="給与支給総額 年平均成長率"),
        make_fact("min_wage_margin", 30, "通常枠", condition="事業場内最低賃金 ≥ 地域別最低賃金+30円"),
    ])
    with transaction(fresh_db) as s:
        rows = s.execute(select(FactRow.kind, FactRow.persons, FactRow.yen, FactRow.percent).order_by(FactRow.id)).all()
    assert [tuple(r) for r in rows] == [("employees_max", 300, None, None), ("capital_max", None, 300000000, None),
                                       ("wage_growth_min", None, None, 2.0), ("min_wage_margin", None, 30, None)]
    buf = io.StringIO()
    export(fresh_db, "facts", "jsonl", buf)
    got = {(d["kind"], d["value"]) for d in map(json.loads, buf.getvalue().splitlines())}
    assert got == {("employees_max", 300), ("capital_max", 300000000), ("wage_growth_min", "2.0"),
                   ("min_wage_margin", 30)}
    buf = io.StringIO()
    export(fresh_db, "statements", "jsonl", buf)
    stated = {(d["kind"], d["value"], json.dumps(d["qualifiers"], ensure_ascii=False))
              for d in map(json.loads, buf.getvalue().splitlines())}
    assert ("employees_max", 300, '{"industry": "製造業その他"}') in stated
    assert ("wage_growth_min", "2.0", "{}") in stated
