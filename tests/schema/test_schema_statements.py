"""Statements: one per rule with all its sources; subsumption, conflicts, applicant definitions; the corpus diff."""

from __future__ import annotations

import importlib.util
import io
import json
from collections import Counter
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from extract.knowledge.statements import Mention, build_statements, edition_round
from schema.db import make_engine, transaction
from schema.models import ApplicantDefinitionRow, DerivedVersionRow, StatementRow, StatementSourceRow
from schema.sources import STATEMENTS as SOURCES
from schema.statements_store import code_version, ensure_statements, refresh_statements, statements_stale


def mention(kind: str, value: str, frame: str = "一般枠", *, applicant: str | None = None,
            condition: str | None = None, document: str = "d", page: int = 1, year: int | None = 2024,
            edition: str = "", quote: str = "q", type_: str = "") -> Mention:
    return Mention(None, "テスト補助金", year, "補正", edition, frame, type_, kind, value, applicant, condition,
                   document, page, quote)


def test_one_rule_printed_three_ways_is_one_statement_with_three_sources() -> None:
    stmts, _ = build_statements([
        mention("rate", "2/3", applicant="小規模事業者", document="leaflet", quote="小規模事業者 2/3"),
        mention("rate", "2/3", applicant="小規模企業者等", document="koubo", page=12, quote="小規模企業者等は2/3以内"),
        mention("rate", "2/3", condition="小規模", document="faq", page=3, quote="小規模:2/3"),
    ])
    [st] = stmts
    assert (st.applicant, st.value, st.status, len(st.sources)) == ("小規模事業者", "2/3", "single", 3)
    assert {s.mention.document for s in st.sources} == {"leaflet", "koubo", "faq"}


def test_a_mention_with_fewer_qualifiers_supports_the_statement_it_restates() -> None:
    stmts, _ = build_statements([
        mention("cap_max", "3000000", condition="導入する業務プロセスが3つ以上", page=5),
        mention("cap_max", "1000000", condition="導入する業務プロセスが1~2つ", page=5),
        mention("cap_max", "3000000", document="leaflet"),  # the leaflet drops the tier
    ])
    assert len(stmts) == 2
    top = next(s for s in stmts if s.value == "3000000")
    assert [(s.mention.document, s.via) for s in top.sources] == [("d", "exact"), ("leaflet", "subsumed")]


def test_a_requirement_for_everyone_is_its_own_rule_beside_one_for_a_class() -> None:
    stmts, _ = build_statements([
        mention("min_wage_margin", "30", condition="事業場内最低賃金 ≥ 地域別最低賃金+30円; 150万円以上の補助金"),
        mention("min_wage_margin", "30", applicant="過去に交付決定を受けた事業者",
                condition="事業場内最低賃金 ≥ 地域別最低賃金+30円; 150万円以上の補助金"),
        mention("rate", "1/2", applicant="中小企業"), mention("rate", "1/2"),
    ])
    assert sorted((s.kind, s.applicant or "", len(s.sources)) for s in stmts) == [
        ("min_wage_margin", "", 1), ("min_wage_margin", "過去に交付決定を受けた事業者", 1), ("rate", "中小企業", 2)]


def test_two_places_that_disagree_make_a_conflict_kept_with_both_sources() -> None:
    [st], _ = build_statements([
        mention("cap_max", "5000000", document="koubo", quote="上限500万円"),
        mention("cap_max", "6000000", document="leaflet", quote="上限600万円"),
    ])
    assert st.status == "conflict"
    assert sorted(s.value for s in st.sources) == ["5000000", "6000000"]


def test_values_printed_together_under_one_key_are_several_not_a_conflict() -> None:
    [st], _ = build_statements([mention("cap_max", "1000000", quote="100万円"),
                                mention("cap_max", "3000000", quote="300万円")])
    assert (st.status, st.values) == ("several", ["1000000", "3000000"])


def test_one_document_printing_two_values_for_a_key_on_two_pages_is_several_not_a_conflict() -> None:
    """A 公募要領 printing +2.0% as the basic requirement on p.21 and +6.0% for a 特例 on p.25, the 特例 not read:
    two rules the reader did not tell apart, not the publisher contradicting itself."""
    [st], _ = build_statements([mention("wage_growth_min", "2.0", document="koubo", page=21, quote="2.0%"),
                                mention("wage_growth_min", "6.0", document="koubo", page=25, quote="6.0%")])
    assert (st.status, st.values) == ("several", ["2.0", "6.0"])


def test_a_case_clause_granting_a_special_applicants_rate_defines_that_applicant() -> None:
    clause = "前年度の売上高が30%以上減少したことを示した場合"
    stmts, defs = build_statements([
        mention("rate", "1/2", page=4),
        mention("rate", "3/4", condition=clause, page=4),
        mention("rate", "3/4", applicant="売上減少事業者", page=9),
    ])
    assert {(s.applicant, s.value) for s in stmts} == {(None, "1/2"), ("売上減少事業者", "3/4")}
    [d] = defs
    assert (d.applicant, d.definition, d.mention.page) == ("売上減少事業者", clause, 4)


def test_a_size_class_is_not_defined_by_a_clause() -> None:
    stmts, defs = build_statements([mention("rate", "2/3", applicant="小規模事業者"),
                                    mention("rate", "2/3", condition="申請後に従業員が増えた場合")])
    assert defs == [] and len(stmts) == 2


def test_editions_of_a_year_are_one_unless_they_name_rounds() -> None:
    assert edition_round(2024, "テスト補助金2025") == ""
    assert edition_round(2024, "第16回公募") == "第16回"
    assert edition_round(None, "20次締切分") == "第20次"
    assert edition_round(None, "春の公募") == "春の公募"
    stmts, _ = build_statements([mention("cap_max", "1000000", edition="テスト補助金2025"),
                                 mention("cap_max", "1000000", edition="")])
    assert len(stmts) == 1 and stmts[0].editions == ["テスト補助金2025"]
    stmts, _ = build_statements([mention("cap_max", "1000000", edition="第1回公募"),
                                 mention("cap_max", "2000000", edition="第2回公募")])
    assert sorted(s.edition[3] for s in stmts) == ["第1回", "第2回"] and all(s.status == "single" for s in stmts)


def test_stored_statements_follow_the_facts(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(fresh_db, "a", [make_fact("cap_max", 1500000, "一般枠", quote="上限150万円"),
                             make_fact("rate", "2/3", "一般枠", applicant="中小", quote="中小2/3")])
    save_doc(fresh_db, "b", [make_fact("cap_max", 1500000, "一般枠", quote="150万円まで")])
    with transaction(fresh_db) as s:
        assert statements_stale(s)
        assert refresh_statements(s) == (2, 3)
        assert not statements_stale(s)
    with fresh_db.connect() as c:
        rows = c.execute(select(StatementRow.kind, StatementRow.applicant, StatementRow.value, StatementRow.yen,
                                StatementRow.n_sources).order_by(StatementRow.kind)).all()
        assert [tuple(r) for r in rows] == [("cap_max", None, "1500000", 1500000, 2),
                                            ("rate", "中小企業", "2/3", None, 1)]
        latest = c.execute(text("SELECT kind, value, document FROM latest_statements ORDER BY kind")).all()
        assert [tuple(r) for r in latest] == [("cap_max", "1500000", "a"), ("rate", "2/3", "a")]
    save_doc(fresh_db, "b", [])  # rebuilt without facts: its sources go with them
    with transaction(fresh_db) as s:
        assert s.execute(select(func.count(StatementSourceRow.id))).scalar() == 2
        refresh_statements(s, ["IT導入補助金"])
        assert s.execute(select(func.sum(StatementRow.n_sources))).scalar() == 2
        assert s.execute(select(func.count(ApplicantDefinitionRow.id))).scalar() == 0


def test_statements_derived_by_other_code_are_stale(fresh_db: Engine, make_fact: Any, save_doc: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    save_doc(fresh_db, "a", [make_fact("cap_max", 1500000, "一般枠", quote="上限150万円")])
    with transaction(fresh_db) as s:
        refresh_statements(s)
        assert not statements_stale(s)
        refresh_statements(s, ["IT導入補助金"])  # one program's refresh leaves the others' version as it was
        assert not statements_stale(s)
    monkeypatch.setattr("schema.statements_store.code_version", lambda: "0123456789ab")  # hojo was upgraded
    with transaction(fresh_db) as s:
        assert statements_stale(s)
    ensure_statements(fresh_db)
    with transaction(fresh_db) as s:
        assert s.execute(select(DerivedVersionRow.version)).scalar() == "0123456789ab"
        assert not statements_stale(s)


def test_the_statements_stage_version_is_the_digest_the_database_stores() -> None:
    from corpus.stages import STATEMENTS

    assert STATEMENTS.sources == SOURCES and STATEMENTS.version == code_version()


# ---- the shared corpus -------------------------------------------------------------------------

IT_DOCS = [f"it{y}_koubo_{k}" for y in (2025, 2026) for k in ("tsujyo", "security", "invoice", "denshi", "fukusu")]


@pytest.fixture(scope="module")
def it_corpus(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The ten IT導入補助金 公募要領 of 2024 and 2025, built into a SQLite database."""
    from corpus.build import build, manifest_jobs
    from corpus.config import cache_dir
    from corpus.manifest import load_manifest
    from schema.db import init_db

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('it') / 'it.db'}")
    init_db(engine)
    entries = [e for e in load_manifest() if e.key in IT_DOCS]
    assert len(entries) == len(IT_DOCS)
    summary = build(engine, manifest_jobs(entries, shared / "corpus", cache_dir()), workers=1, progress=False)
    assert summary.failed == 0 and summary.statements
    return engine


def _scorer(shared: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, shared / "spec" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_statements_have_unique_keys_and_cover_every_fact(it_corpus: Engine) -> None:
    with it_corpus.connect() as c:
        keys = c.execute(select(StatementRow.program_id, StatementRow.edition_id, StatementRow.fiscal_year,
                                StatementRow.budget,
                                StatementRow.round,
                                StatementRow.frame, StatementRow.type, StatementRow.kind, StatementRow.applicant,
                                StatementRow.qualifier_key)).all()
        n_facts = c.execute(text("SELECT COUNT(*) FROM facts")).scalar()
        covered = c.execute(text("SELECT COUNT(DISTINCT fact_id) FROM statement_sources")).scalar()
    assert keys and max(Counter(map(tuple, keys)).values()) == 1
    assert all(k[1] is not None for k in keys)  # every statement belongs to a resolved edition
    assert covered == n_facts and len(keys) < n_facts / 2  # mentions fold into far fewer statements


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_diff_scores_against_the_gold_diff(it_corpus: Engine, shared: Path, tmp_path: Path) -> None:
    """IT導入補助金 2024 → 2025: every gold change found, nothing else claimed, no unchanged value touched.

    The gold diff holds the value kinds (it predates the requirement kinds): it scores those changes; the
    requirement the two years print differently (給与支給総額 1.5% → 1人当たり給与支給総額 3.0% for
    150万円以上) is a change of its own."""
    from corpus.outputs.report import render
    from extract.facts.model import REQUIREMENT_KINDS
    from schema.diffload import diff_program

    gold = shared / "gold-dev" / "diffs" / "IT導入補助金_2024_2025.jsonl"
    if not gold.is_file():
        pytest.skip("no gold diff for IT導入補助金 2024 → 2025")
    out = tmp_path / "diff.json"
    report = json.loads(render([diff_program(it_corpus, "IT導入補助金", "2024", "2025")], "json"))
    requirements = [c for c in report["changes"] if c["kind"] in REQUIREMENT_KINDS]
    assert any(c["kind"] == "wage_growth_min" and c["change"] == "changed" and c["applicant"] is None
               and (c["before"], c["after"]) == ("1.5", "3.0") for c in requirements), requirements
    report["changes"] = [c for c in report["changes"] if c["kind"] not in REQUIREMENT_KINDS]
    out.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    buf = io.StringIO()
    with redirect_stdout(buf):
        _scorer(shared, "score_diff").main([str(out), str(gold), "--show", "20"])
    last = dict(part.split("=") for part in buf.getvalue().strip().splitlines()[-1].split())
    assert float(last["DIFF_P"]) >= 0.9 and float(last["DIFF_R"]) >= 0.9, buf.getvalue()
    assert last["FALSE"].startswith("0/"), buf.getvalue()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert all(c["before_sources"] or c["after_sources"] for c in data["changes"])


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_programs_feed_gives_the_security_frame_its_jgrants_fields(it_corpus: Engine) -> None:
    from corpus.outputs.export import export

    buf = io.StringIO()
    export(it_corpus, "programs", "jsonl", buf)
    [row] = [r for r in map(json.loads, buf.getvalue().splitlines())
             if (r["program"], r["fiscal_year"], r["frame"]) == ("IT導入補助金", 2024, "セキュリティ対策推進枠")]
    assert (row["subsidy_max_limit"], row["subsidy_min_limit"]) == (1500000, 50000)
    rates = {(r["applicant"], r["value"]): r["sources"] for r in row["rates"]}
    assert {("中小企業", "1/2"), ("小規模事業者", "2/3")} <= set(rates)
    assert all(s["document"].startswith("it2025_") and s["page"] for s in rates["小規模事業者", "2/3"])


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_programs_feed_derives_the_headline_alike_every_year(it_corpus: Engine) -> None:
    """通常枠 prints the same tiers (5万〜150万円, 150万〜450万円) in both years: the same subsidy_max_limit;
    no row whose `rates` hold a rate leaves subsidy_rate null."""
    from corpus.outputs.export import export

    buf = io.StringIO()
    export(it_corpus, "programs", "jsonl", buf)
    feed = [json.loads(line) for line in buf.getvalue().splitlines()]
    tsujyo = {r["fiscal_year"]: r for r in feed if (r["program"], r["frame"]) == ("IT導入補助金", "通常枠")}
    assert {tsujyo[y]["subsidy_max_limit"] for y in (2024, 2025)} == {4500000}
    assert {tsujyo[y]["subsidy_min_limit"] for y in (2024, 2025)} == {50000}
    assert [(r["program"], r["fiscal_year"], r["frame"]) for r in feed if r["rates"] and not r["subsidy_rate"]] == []
