"""Whole documents built in code: scopes from headings, tables by their headers, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.facts.catalog import default_catalog
from extract.facts.model import DocInfo
from extract.facts.pipeline import run
from extract.facts.scope import DocContext, Scope
from extract.facts.tables import table_segments
from extract.facts.values import read_segment
from extract.model import Cell, DocumentText, Line, Page, Table
from normalize.glyphs import normalize

INFO = DocInfo(key="doc", sha256="0" * 64)


def doc_of(*pages: str, tables: dict[int, list[Table]] | None = None) -> DocumentText:
    """Given page texts (and tables per page number), return a text-layer document."""
    out = []
    for n, text in enumerate(pages, 1):
        lines = [Line(normalize(t)) for t in text.split("\n")]
        out.append(Page(n, text, normalize(text), lines, (tables or {}).get(n, [])))
    return DocumentText(out, "text")


def rows(facts: list) -> set[tuple]:
    return {(f.program, f.frame, f.type, f.kind, f.value, f.applicant) for f in facts}


def test_slide_headings_scope_the_values() -> None:
    doc = doc_of(
        "「IT導入補助金2025」の概要(令和6年度補正)\n\n通常枠の概要\n\n"
        "ITツールの業務プロセスが1~3つまで:補助額5万円~150万円未満(補助率1/2以内)\n\n"
        "インボイス枠(電子取引類型)の概要\n\n"
        "補助率 中小企業・小規模事業者等が申請する場合:2/3以内\n大企業等が申請する場合:1/2以内"
    )
    facts = run(doc, INFO)
    assert rows(facts) == {
        ("IT導入補助金", "通常枠", None, "cap_min", 50000, None),
        ("IT導入補助金", "通常枠", None, "cap_max", 1500000, None),
        ("IT導入補助金", "通常枠", None, "rate", "1/2", None),
        ("IT導入補助金", "インボイス枠", "電子取引類型", "rate", "2/3", "中小企業・小規模事業者等"),
        ("IT導入補助金", "インボイス枠", "電子取引類型", "rate", "1/2", "大企業等"),
    }
    assert {(f.fiscal_year, f.budget, f.edition) for f in facts} == {(2024, "補正", "IT導入補助金2025")}


def test_a_listed_set_of_frames_shares_a_deadline() -> None:
    doc = doc_of(
        "IT導入補助金2025\n\n<今後のスケジュール>\n\n第1次交付申請締切日\n\n"
        "・通常枠、インボイス枠(インボイス対応類型、電子取引類型)\n5月12日(予定)"
    )
    assert rows(run(doc, INFO)) == {
        ("IT導入補助金", "通常枠", None, "deadline", "2025-05-12", None),
        ("IT導入補助金", "インボイス枠", "インボイス対応類型", "deadline", "2025-05-12", None),
        ("IT導入補助金", "インボイス枠", "電子取引類型", "deadline", "2025-05-12", None),
    }


def test_a_slide_title_printed_after_its_body_still_scopes_it() -> None:
    doc = doc_of(
        "IT導入補助金について\n\n",
        "PC・タブレット等:補助額10万円まで(補助率1/2以内)\n\nデジタル化基盤導入枠(デジタル化基盤導入類型)の概要",
    )
    assert rows(run(doc, INFO)) == {
        ("IT導入補助金", "デジタル化基盤導入枠", "デジタル化基盤導入類型", "cap_max", 100000, None),
        ("IT導入補助金", "デジタル化基盤導入枠", "デジタル化基盤導入類型", "rate", "1/2", None),
    }


def test_program_headings_switch_programs_and_budget_lines() -> None:
    doc = doc_of(
        "中小企業生産性革命推進事業\n令和6年度補正予算額 3,400億円\n\n"
        "(1) 中小企業成長加速化支援事業(中小企業成長加速化補助金)\n\n"
        "売上高100億円を目指す成長志向型の中小企業の投資を支援する。\n\n"
        "(2)ものづくり補助金(概要)\n\n補助上限額:3,000万円"
    )
    facts = run(doc, INFO)
    assert rows(facts) == {
        ("生産性革命推進事業", None, None, "budget", 340000000000, None),
        ("ものづくり補助金", None, None, "cap_max", 30000000, None),
    }
    budget = next(f for f in facts if f.kind == "budget")
    assert (budget.fiscal_year, budget.budget) == (2024, "補正")


def _frames_table() -> Table:
    grid = [
        ["枠/類型", "通常枠", "インボイス枠", "インボイス枠"],
        ["枠/類型", "通常枠", "インボイス対応類型", "電子取引類型"],
        ["補助上限", "5万円~150万円", "ITツール: 1機能:~50万円2機能以上:~350万円", "~350万円"],
        ["補助率", "1/2以内", "~50万円以下:3/4 (小規模事業者:4/5)", "中小企業:2/3大企業:1/2"],
        ["", "", "ハードウェア購入費:1/2", ""],
    ]
    cells = [Cell(0, 2, "インボイス枠", col_span=2)]
    return Table([[normalize(c) for c in r] for r in grid], cells, header_rows=2, header_cols=1)


def test_table_cells_take_frames_and_labels_from_their_headers() -> None:
    ctx = DocContext(Scope(program="IT導入補助金"), catalog=default_catalog())
    segs = table_segments(_frames_table(), 1, ctx.default, ctx, (), None)
    got = {(s.scope.frames, c.kind, c.value, c.applicant) for s in segs for c in read_segment(s.text, s.labels)}
    assert got == {
        ((("通常枠", None),), "cap_min", 50000, None),
        ((("通常枠", None),), "cap_max", 1500000, None),
        ((("インボイス枠", "インボイス対応類型"),), "cap_max", 500000, None),
        ((("インボイス枠", "インボイス対応類型"),), "cap_max", 3500000, None),
        ((("インボイス枠", "電子取引類型"),), "cap_max", 3500000, None),
        ((("通常枠", None),), "rate", "1/2", None),
        ((("インボイス枠", "インボイス対応類型"),), "rate", "3/4", None),
        ((("インボイス枠", "インボイス対応類型"),), "rate", "4/5", "小規模事業者"),
        ((("インボイス枠", "インボイス対応類型"),), "rate", "1/2", None),  # row header inherited from above
        ((("インボイス枠", "電子取引類型"),), "rate", "2/3", "中小企業"),
        ((("インボイス枠", "電子取引類型"),), "rate", "1/2", "大企業"),
    }


def test_a_cell_spanning_columns_applies_to_each() -> None:
    grid = [["", "A類型", "B類型"], ["補助率", "1/2以内", "1/2以内"]]
    table = Table(grid, [Cell(1, 1, "1/2以内", col_span=2)], header_rows=1, header_cols=1)
    ctx = DocContext(Scope(program="IT導入補助金"), catalog=default_catalog())
    (seg,) = table_segments(table, 1, ctx.default, ctx, (), None)
    assert seg.scope.frames == ((None, "A類型"), (None, "B類型"))


def test_a_header_spanning_rows_is_not_spread_to_the_right() -> None:
    grid = [
        ["枠", "補助率", "補助下限額", "", ""],
        ["枠", "補助率", "補助下限額", "補助上限額", "併用申請(廃業費)"],
        ["事業承継促進枠", "2/3以内", "100万円", "800万円又は1,000万円以内(注3)", "+300万円以内"],
    ]
    ctx = DocContext(Scope(program="事業承継・M&A補助金"), catalog=default_catalog())
    segs = table_segments(Table(grid, header_rows=2, header_cols=1), 1, ctx.default, ctx, (), None)
    got = {(c.kind, c.value) for s in segs for c in read_segment(s.text, s.labels)}
    assert got == {("rate", "2/3"), ("cap_min", 1000000), ("cap_max", 8000000), ("cap_max", 10000000)}


def test_statistics_tables_give_nothing() -> None:
    grid = [["補助額", "採択数"], ["100万円未満", "24,571"], ["450万円", "88"]]
    doc = doc_of("IT導入補助金の採択結果", tables={1: [Table(grid, header_rows=1)]})
    assert run(doc, INFO) == []


def test_cli_writes_the_spec_jsonl(tmp_path: Path) -> None:
    from extract.facts.__main__ import main

    src = tmp_path / "it_leaflet.txt"
    src.write_text("IT導入補助金2025\n\n通常枠\n\n補助上限額:450万円\n", encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    assert main([str(src), "--out", str(out), "--no-nlp"]) == 0
    (obj,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    fields = "document sha256 page program fiscal_year budget edition frame type kind value applicant condition"
    assert list(obj) == [*fields.split(), "quote", "bbox", "unit"]
    assert (obj["document"], obj["program"], obj["frame"], obj["kind"], obj["value"]) == (
        "it_leaflet",
        "IT導入補助金",
        "通常枠",
        "cap_max",
        4500000,
    )
    assert obj["bbox"] is None and len(obj["sha256"]) == 64


@pytest.mark.parametrize("key", ["program", "kind", "quote"])
def test_facts_always_have_required_fields(key: str) -> None:
    doc = doc_of("ものづくり補助金(概要)\n\n補助率1/2(小規模事業者の場合は2/3)")
    assert all(getattr(f, key) for f in run(doc, INFO))


def test_bench_reports_pages_per_second() -> None:
    from bench.facts import bench_facts

    doc = doc_of("ものづくり補助金(概要)\n\n補助率1/2(小規模事業者の場合は2/3)", "補助上限額:3,000万円")
    report = bench_facts([doc], [INFO], nlp=_NoParse())
    assert report["pages"] == 2 and report["facts"] == 3 and report["pages_per_s"] > 0


class _NoParse:
    """A stand-in pipeline whose parses attach nothing (GiNZA itself is tested in test_ginza)."""

    class _Doc:
        def __init__(self, text: str) -> None:
            self.text = text

        def char_span(self, *args, **kwargs):
            return None

    def pipe(self, texts, batch_size=64):
        return (self._Doc(t) for t in texts)


@pytest.mark.corpus
def test_pdf_facts_have_boxes_on_their_page(shared: Path) -> None:
    from extract import read_document
    from extract.facts.__main__ import doc_info

    path = shared / "corpus" / "pdf" / "it2025_koubo_tsujyo.pdf"
    doc = read_document(path)
    facts = [f for f in run(doc, doc_info(path)) if f.page == 3]
    assert ("通常枠", "cap_max", 4500000) in {(f.frame, f.kind, f.value) for f in facts}
    page = doc.pages[2]
    for f in facts:
        assert f.bbox is not None
        x0, y0, x1, y1 = f.bbox
        assert 0 <= x0 <= x1 <= (page.width or 1e9) and 0 <= y0 <= y1 <= (page.height or 1e9)


def test_a_row_header_that_states_a_value_gives_it() -> None:
    grid = [["補助上限額\n(補助下限額\n100万円)", "従業員数5人以下750万円\n6~20人1,000万円"], ["補助率", "1/2"]]
    ctx = DocContext(Scope(program="ものづくり補助金"), catalog=default_catalog())
    segs = table_segments(Table(grid, header_cols=1), 1, ctx.default, ctx, (), None)
    got = {(c.kind, c.value, tuple(c.conditions)) for s in segs for c in read_segment(s.text, s.labels)}
    assert got == {
        ("cap_min", 1000000, ()),
        ("cap_max", 7500000, ("従業員数5人以下",)),
        ("cap_max", 10000000, ("6~20人",)),
        ("rate", "1/2", ()),
    }


def test_a_cell_spanning_rows_is_read_once_and_holds_for_all_its_tiers() -> None:
    grid = [
        ["補助金申請額", "補助率", "プロセス数"],
        ["5万円~150万円未満", "1/2以内", "1以上"],
        ["150万円~450万円以下", "1/2以内", "4以上"],
    ]
    cells = [Cell(1, 1, "1/2以内", row_span=2)]
    ctx = DocContext(Scope(program="IT導入補助金"), catalog=default_catalog())
    segs = table_segments(Table(grid, cells, header_rows=1), 1, ctx.default, ctx, (), None)
    got = [(c.kind, c.value) for s in segs for c in read_segment(s.text, s.labels)]
    assert got == [
        ("cap_min", 50000),
        ("cap_max", 1500000),
        ("rate", "1/2"),
        ("cap_min", 1500000),
        ("cap_max", 4500000),
    ]
