"""Programs of any ministry in the build summary, and what was not understood (`hojo gaps`)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from corpus.build import build, path_jobs
from corpus.cli import app
from corpus.outputs.reading import gaps, readings
from schema.db import init_db, make_engine

runner = CliRunner()

# made-up programs the catalog lacks: a name opening with kana and a place, a ministry's 助成金, a 交付金
KANA = "令和7年度 かがやき県中小企業デジタル化推進補助金 公募要領\n1.補助率等\n補助上限額:100万円\n補助率:1/2以内\n"
GRANT = "令和6年度 こもれび雇用安定助成金のご案内\n正社員化コース\n1人当たり 60万円(大企業45万円)\n"
TOWN = "みなと町商店街にぎわい交付金\n交付上限額 50万円\n"
# a leaflet whose only page prints amounts and a date the rules do not read
UNREAD = "やまびこ地域支援金のお知らせ\n概要\n売上が半減した事業者に一律30万円を給付。\n令和7年10月31日まで\n"
WAGES = "こもれび雇用安定助成金 手続きの流れ\n賃金の支払い\n月給20万円の場合の例をご覧ください。\n"


def _build(docs, tmp_path: Path):
    for name, text in (("kana", KANA), ("grant", GRANT), ("town", TOWN), ("unread", UNREAD), ("wages", WAGES)):
        docs.text(f"{name}.txt", text)
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    init_db(engine)
    return engine, build(engine, path_jobs([docs.root]), progress=False)


def test_a_folder_of_programs_the_catalog_lacks_names_each_in_full(docs, tmp_path: Path) -> None:
    engine, summary = _build(docs, tmp_path)
    read = {r.document: r for r in summary.documents}
    assert {k: (r.program, r.facts > 0) for k, r in read.items()} == {
        "kana": ("かがやき県中小企業デジタル化推進補助金", True),
        "grant": ("こもれび雇用安定助成金", True),
        "town": ("みなと町商店街にぎわい交付金", True),
        "unread": ("やまびこ地域支援金", False),
        "wages": ("こもれび雇用安定助成金", False),
    }
    assert [r.document for r in summary.without_facts] == ["unread", "wages"]
    assert (read["kana"].facts, read["grant"].facts) == (2, 2)
    assert {p for p, _, _ in summary.unknown_programs} == {
        "かがやき県中小企業デジタル化推進補助金", "こもれび雇用安定助成金", "みなと町商店街にぎわい交付金"}
    # 令和N年度 in the title is the budget year, without 補正 or 当初
    assert {(f.program, f.fiscal_year) for f in _facts(engine) if f.program != "みなと町商店街にぎわい交付金"} == {
        ("かがやき県中小企業デジタル化推進補助金", 2025), ("こもれび雇用安定助成金", 2024)}
    assert summary.gap_pages == 2  # the two documents without facts, each one page of values
    again = build(engine, path_jobs([docs.root]), progress=False)
    assert again.built == 0 and again.documents == []  # a no-op build has nothing to say per document


def _facts(engine):
    from sqlalchemy.orm import Session

    from corpus.outputs.export import _facts as exported

    with Session(engine) as s:
        return [type("F", (), {"program": f["program"], "fiscal_year": f["fiscal_year"]}) for f in exported(s)]


def test_gaps_list_the_pages_whose_values_gave_no_fact(docs, tmp_path: Path) -> None:
    engine, _ = _build(docs, tmp_path)
    found = {(r.document, g.page, about): g for r, g, about in gaps(engine)}
    assert set(found) == {("unread", 1, "やまびこ地域支援金"), ("wages", 1, "こもれび雇用安定助成金")}
    unread = found["unread", 1, "やまびこ地域支援金"]
    assert unread.values == ("30万円", "令和7年10月31日") and unread.heading == "概要"
    assert [r.document for r, _, _ in gaps(engine, "こもれび雇用安定助成金")] == ["wages"]
    assert {r.document: len(r.gaps) for r in readings(engine)} == {"kana": 0, "grant": 0, "town": 0, "unread": 1,
                                                                  "wages": 1}


def test_hojo_gaps_and_the_build_summary_on_the_command_line(docs, tmp_path: Path) -> None:
    for name, text in (("grant", GRANT), ("unread", UNREAD)):
        docs.text(f"{name}.txt", text)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    res = runner.invoke(app, ["build", str(docs.root), "--db", db, "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "こもれび雇用安定助成金" in res.output and "no facts unread (read as やまびこ地域支援金)" in res.output
    assert "1 pages print amounts, rates or dates from which no fact came" in res.output
    res = runner.invoke(app, ["gaps", "--db", db])
    assert res.exit_code == 0 and "unread p.1 [やまびこ地域支援金] 概要" in res.output and "30万円" in res.output
    res = runner.invoke(app, ["gaps", "--db", db, "--format", "jsonl", "--program", "やまびこ地域支援金"])
    (row,) = [json.loads(x) for x in res.output.splitlines() if x.startswith("{")]
    assert (row["document"], row["page"], row["values"]) == ("unread", 1, ["30万円", "令和7年10月31日"])
    res = runner.invoke(app, ["gaps", "--db", db, "--program", "こもれび雇用安定助成金"])
    assert "unread" not in res.output
