"""The budget-year diff: frame pairing, value comparison, provenance, year selection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from corpus.outputs.report import format_yen
from corpus.outputs.report_templates import qualifier_label
from extract.knowledge.editionspec import YearSpec, parse_year
from extract.knowledge.lineage import Rename
from extract.knowledge.pairing import pair_frames
from normalize.qualifiers import Band, Qualifiers
from schema.diffload import DiffError, diff_program, page_links
from tests.schema.diffkit import m, side

JSON_KEYS = {"frame", "type", "kind", "applicant", "qualifiers", "condition", "change", "before", "after",
             "emphasis", "before_sources", "after_sources"}


@pytest.mark.parametrize(("text", "expected"), [
    ("2024", YearSpec(2024)),
    ("2024補正", YearSpec(2024, "補正")),
    ("2023当初", YearSpec(2023, "当初")),
    ("令和6年度補正", YearSpec(2024, "補正")),
    ("令和元年度", YearSpec(2019)),
    ("R5", YearSpec(2023)),
])
def test_parse_year(text: str, expected: YearSpec) -> None:
    assert parse_year(text) == expected


@pytest.mark.parametrize("text", ["24", "next year", "令和", "2024補正予算額"])
def test_parse_year_rejects(text: str) -> None:
    assert parse_year(text) is None


@pytest.mark.parametrize(("yen", "printed"), [
    (1500000, "150万円"), (30000000, "3,000万円"), (340000000000, "3,400億円"), (12345, "12,345円"), (0, "0円"),
])
def test_format_yen(yen: int, printed: str) -> None:
    assert format_yen(yen) == printed


RENAMES = (Rename("デジタル化基盤導入類型", "インボイス枠 インボイス対応類型", "IT導入補助金"),
           Rename("通常枠 A類型", "通常枠"), Rename("通常枠 B類型", "通常枠"))


def pairs(old: set[tuple[str, str]], new: set[tuple[str, str]], program: str = "IT導入補助金") -> set[tuple]:
    """Pair frames that each state one value of their own (no two frames share a value)."""
    n = iter(range(1, 1000))
    o = side(*[m("cap_max", 1000 * next(n), f, t, document="old") for f, t in sorted(old)])
    w = side(*[m("cap_max", 1000 * next(n), f, t, document="new") for f, t in sorted(new)])
    return {(p.change, p.before, p.after) for p in pair_frames(program, o, w, RENAMES)}


def test_frames_with_the_same_name_pair_as_same() -> None:
    assert pairs({("通常枠", "")}, {("通常枠", "")}) == {("same", ("通常枠", ""), ("通常枠", ""))}


def test_a_name_printed_with_and_without_its_head_noun_is_one_frame() -> None:
    got = pairs({("", "海外展開")}, {("海外展開枠", ""), ("国内展開枠", "")}, "テスト補助金")
    assert ("same", ("", "海外展開"), ("海外展開枠", "")) in got
    assert ("added", None, ("国内展開枠", "")) in got
    # two candidates for one bare name: no guess
    got = pairs({("", "展開")}, {("展開枠", ""), ("", "展開類型")}, "テスト補助金")
    assert not any(c == "same" for c, _, _ in got)


def test_curated_lineage_pairs_a_renamed_type_with_its_new_frame() -> None:
    got = pairs({("デジタル化基盤導入枠", "デジタル化基盤導入類型")},
                {("インボイス枠", "インボイス対応類型"), ("インボイス枠", "電子取引類型")})
    old, new = ("デジタル化基盤導入枠", "デジタル化基盤導入類型"), ("インボイス枠", "インボイス対応類型")
    assert got == {("renamed", old, new), ("added", None, ("インボイス枠", "電子取引類型"))}


def test_lineage_is_per_program() -> None:
    got = pairs({("デジタル化基盤導入枠", "デジタル化基盤導入類型")}, {("インボイス枠", "インボイス対応類型")},
                program="ものづくり補助金")
    assert ("removed", ("デジタル化基盤導入枠", "デジタル化基盤導入類型"), None) in got


def test_lineage_matches_across_width_and_radical_variants() -> None:
    # the seeds print 導⼊ with the Kangxi radical ⼊ (U+2F0A); NFKC folds it to 入
    got = pairs({("デジタル化基盤導⼊枠", "デジタル化基盤導⼊類型")}, {("インボイス枠", "インボイス対応類型")})
    assert {c for c, _, _ in got} == {"renamed"}


def test_merged_types_both_pair_with_the_surviving_frame() -> None:
    got = pairs({("通常枠", "A類型"), ("通常枠", "B類型")}, {("通常枠", "")})
    assert got == {("renamed", ("通常枠", "A類型"), ("通常枠", "")), ("renamed", ("通常枠", "B類型"), ("通常枠", ""))}


def test_similar_names_pair_when_nothing_else_does() -> None:
    o = side(m("cap_max", 1, "複数社連携IT導入類型"))
    w = side(m("cap_max", 2, "複数社連携IT導入枠"), m("cap_max", 3, "グローバル枠"))
    got = pair_frames("P", o, w, ())
    renamed = [p for p in got if p.change == "renamed"]
    assert [(p.before, p.after) for p in renamed] == [(("複数社連携IT導入類型", ""), ("複数社連携IT導入枠", ""))]
    assert renamed[0].how == "similar_name" and renamed[0].evidence.startswith("0.8")
    assert ("added", None, ("グローバル枠", "")) in {(p.change, p.before, p.after) for p in got}


def test_dissimilar_names_are_removed_and_added() -> None:
    assert pairs({("インボイス枠", "インボイス対応類型")}, {("インボイス枠", "電子取引類型")}) == {
        ("removed", ("インボイス枠", "インボイス対応類型"), None), ("added", None, ("インボイス枠", "電子取引類型"))}


def by_key(report: Any) -> dict[tuple, dict[str, Any]]:
    """Index a report's JSON changes by (frame, type, kind, applicant, qualifier label, change)."""
    data = report.to_json()
    assert set(data) == {"program", "from", "to", "frames", "changes"}
    out = {}
    for e, i in zip(report.entries, data["changes"], strict=True):
        assert set(i) >= JSON_KEYS
        out[(i["frame"], i["type"], i["kind"], i["applicant"], qualifier_label(e.qualifiers, e.kind) or None,
             i["change"])] = i
    return out


def test_diff_reports_the_changes_the_documents_describe(it_db: Engine) -> None:
    report = diff_program(it_db, "IT導入補助金", "2023", "2024")
    got = by_key(report)

    cap = got["セキュリティ対策推進枠", None, "cap_max", None, None, "changed"]
    assert (cap["before"], cap["after"], cap["emphasis"]) == (1000000, 1500000, True)
    assert cap["before_sources"][0] | {"url": None} == {
        "document": "it2023", "title": "IT導入補助金2023 公募要領", "page": 3, "quote": "補助上限額 100万円",
        "edition": None, "fiscal_year": 2023, "budget": "当初", "url": None}
    assert cap["after_sources"][0]["url"] == "https://example.go.jp/it2024.pdf#page=4"
    assert cap["after_sources"][0]["quote"] == "補助上限額 150万円"

    # 2023 stated the rate of 中小企業 (which 小規模事業者 are): the new 2/3 of 小規模事業者 is an addition
    rate = got["セキュリティ対策推進枠", None, "rate", "小規模事業者", None, "added"]
    assert (rate["before"], rate["after"], rate["before_sources"], rate["emphasis"]) == (None, "2/3", [], True)

    # renamed through the lineage: the 3/4 band continues unchanged; 2023 gave it to every applicant,
    # so 小規模事業者's 4/5 on that band is new
    band = "補助額50万円以下の部分"
    kept = got["インボイス枠", "インボイス対応類型", "rate", None, band, "unchanged"]
    assert kept["before_frame"] == "デジタル化基盤導入枠"
    assert got["インボイス枠", "インボイス対応類型", "rate", "小規模事業者", band, "added"]["after"] == "4/5"
    assert got["インボイス枠", "インボイス対応類型", "rate", None, band, "unchanged"]["qualifiers"] == {
        "band_min": None, "band_max": 500000, "band_min_inclusive": True, "band_max_inclusive": True}

    # a frame new in 2024 (2023 enumerates its frames) adds its values; a frame gone removes them
    assert got["インボイス枠", "電子取引類型", "cap_max", None, None, "added"]["after"] == 3500000
    removed = got["デジタル化基盤導入枠", "商流一括インボイス対応類型", "cap_max", None, None, "removed"]
    assert (removed["before"], removed["after"], removed["after_sources"]) == (3500000, None, [])
    # A類型 150万 continues as 通常枠 150万; 2024 prints no second tier, so B類型's 450万 is not stated
    regular = got["通常枠", None, "cap_max", None, None, "not_stated"]
    assert (regular["before"], regular["before_frame"], regular["before_type"]) == (4500000, "通常枠", "B類型")
    assert got["通常枠", None, "cap_max", None, None, "unchanged"]["before"] == 1500000
    deadline = got[None, None, "deadline", None, None, "changed"]
    assert (deadline["before"], deadline["after"]) == ("2023-03-15T17:00", "2025-01-20T17:00")
    assert sorted(k[2] for k in got if k[5] in ("added", "removed", "changed")) == [
        "cap_max", "cap_max", "cap_max", "deadline", "rate", "rate"]
    assert {p.change for p in report.frames} == {"same", "renamed", "added", "removed"}


def test_the_same_rule_printed_with_fewer_qualifiers_is_unchanged(fresh_db: Engine, make_fact: Any,
                                                                   save_doc: Any) -> None:
    """A leaflet that restates a tiered cap without its tier, or a rate without its applicant, changes nothing."""
    save_doc(fresh_db, "a", [
        make_fact("cap_max", 4500000, "一般枠", condition="業務プロセスが4つ以上", year=2023),
        make_fact("cap_max", 1500000, "一般枠", condition="業務プロセスが1~3つ", year=2023),
        make_fact("rate", "2/3", "一般枠", applicant="小規模事業者", year=2023)])
    save_doc(fresh_db, "b", [
        make_fact("cap_max", 4500000, "一般枠", condition="4プロセス以上", year=2024),
        make_fact("cap_max", 1500000, "一般枠", year=2024),
        make_fact("rate", "2/3", "一般枠", condition="小規模企業者", year=2024)])
    report = diff_program(fresh_db, "IT導入補助金", "2023", "2024")
    assert {e.change for e in report.entries} == {"unchanged"}
    assert len(report.entries) == 3


def test_a_value_one_year_does_not_speak_about_is_not_stated(fresh_db: Engine, make_fact: Any,
                                                              save_doc: Any) -> None:
    save_doc(fresh_db, "a", [make_fact("cap_max", 1000000, "一般枠", year=2023),
                             make_fact("cap_max", 200000, "一般枠", condition="レジ・券売機", year=2023),
                             make_fact("deadline", "2023-06-01", "一般枠", year=2023)])
    save_doc(fresh_db, "b", [make_fact("cap_max", 1200000, "一般枠", year=2024)])
    got = by_key(diff_program(fresh_db, "IT導入補助金", "2023", "2024"))
    assert got["一般枠", None, "cap_max", None, None, "changed"]["after"] == 1200000
    assert got["一般枠", None, "cap_max", None, "レジ・券売機等", "not_stated"]["before"] == 200000
    assert got["一般枠", None, "deadline", None, None, "not_stated"]["before"] == "2023-06-01"
    assert len(got) == 3


def test_a_year_whose_documents_disagree_is_a_conflict_not_a_change(fresh_db: Engine, make_fact: Any,
                                                                    save_doc: Any) -> None:
    save_doc(fresh_db, "a", [make_fact("cap_max", 1000000, "一般枠", year=2023)])
    save_doc(fresh_db, "b1", [make_fact("cap_max", 1000000, "一般枠", year=2024, quote="上限100万円")])
    save_doc(fresh_db, "b2", [make_fact("cap_max", 1500000, "一般枠", year=2024, quote="上限150万円")])
    report = diff_program(fresh_db, "IT導入補助金", "2023", "2024")
    assert report.changes == []
    conflicts = {(e.change, e.after.value if e.after else None) for e in report.entries if e.after}
    assert conflicts == {("conflict", "1000000"), ("conflict", "1500000")}


def test_a_changed_definition_of_a_special_applicant_is_reported(fresh_db: Engine, make_fact: Any,
                                                                  save_doc: Any) -> None:
    """The clause that grants a special applicant's rate defines it; the rate itself stays unchanged."""
    for year, clause in ((2023, "従業員の半数以上を地域別最低賃金+30円以内で雇用している場合"),
                         (2024, "令和6年度の最低賃金未満で雇用する従業員が3割以上いる月が3か月ある場合")):
        save_doc(fresh_db, f"y{year}", [
            make_fact("rate", "1/2", "一般枠", year=year),
            make_fact("rate", "2/3", "一般枠", condition=clause, year=year, page=2),
            make_fact("rate", "2/3", "一般枠", applicant="賃金水準の低い事業者", year=year, page=5)])
    got = by_key(diff_program(fresh_db, "IT導入補助金", "2023", "2024"))
    assert got["一般枠", None, "rate", "賃金水準の低い事業者", None, "unchanged"]["after"] == "2/3"
    d = got["一般枠", None, "applicant_definition", "賃金水準の低い事業者", None, "changed"]
    assert d["before"].startswith("従業員の半数以上") and d["after"].startswith("令和6年度")
    assert [k for k in got if k[5] == "changed"] == [k for k in got if k[2] == "applicant_definition"]


def test_default_years_are_the_two_newest(it_db: Engine) -> None:
    report = diff_program(it_db, "サービス等生産性向上IT導入支援事業")  # an alias works too
    assert (report.program, report.before_label, report.after_label) == ("IT導入補助金", "2023", "2024")


def test_unknown_program_or_year_is_a_clear_error(it_db: Engine) -> None:
    with pytest.raises(DiffError, match="no program"):
        diff_program(it_db, "存在しない補助金")
    with pytest.raises(DiffError, match="no edition of budget year 2022"):
        diff_program(it_db, "IT導入補助金", "2022", "2024")
    with pytest.raises(DiffError, match="2024当初"):
        diff_program(it_db, "IT導入補助金", "2023", "2024当初")


def test_within_a_year_補正_outranks_当初_unless_a_budget_is_named(fresh_db: Engine, make_fact: Any,
                                                                   save_doc: Any) -> None:
    save_doc(fresh_db, "a", [make_fact("cap_max", 100, "枠", year=2023, budget="当初"),
                             make_fact("rate", "1/3", "枠", year=2023, budget="当初")])
    save_doc(fresh_db, "b", [make_fact("cap_max", 200, "枠", year=2024, budget="当初"),
                             make_fact("rate", "1/2", "枠", year=2024, budget="当初")])
    save_doc(fresh_db, "c", [make_fact("cap_max", 300, "枠", year=2024, budget="補正")])
    got = by_key(diff_program(fresh_db, "IT導入補助金", "2023", "2024"))
    assert got["枠", None, "cap_max", None, None, "changed"]["after"] == 300
    assert got["枠", None, "rate", None, None, "changed"]["after"] == "1/2"  # only 当初 states it: kept
    got = by_key(diff_program(fresh_db, "IT導入補助金", "2023", "2024当初"))
    assert got["枠", None, "cap_max", None, None, "changed"]["after"] == 200


def test_keys_with_several_values_report_what_appeared_and_disappeared(fresh_db: Engine, make_fact: Any,
                                                                       save_doc: Any) -> None:
    """Deadlines of several calls in one document: the calls that came and went are added and removed."""
    save_doc(fresh_db, "a", [make_fact("deadline", d, "枠", year=2023) for d in ("2023-05-01", "2023-07-01")]
             + [make_fact("deadline", "2023-09-01", "枠", condition="3次締切", year=2023)])
    save_doc(fresh_db, "b", [make_fact("deadline", d, "枠", year=2024) for d in ("2023-07-01", "2024-05-01")]
             + [make_fact("deadline", "2024-09-02", "枠", condition="3次締切", year=2024)])
    items = diff_program(fresh_db, "IT導入補助金", "2023", "2024").to_json()["changes"]
    assert sorted(((i["change"], i["before"], i["after"]) for i in items), key=str) == [
        ("changed", "2023-09-01", "2024-09-02"), ("not_stated", "2023-05-01", None),
        ("not_stated", None, "2024-05-01"), ("unchanged", "2023-07-01", "2023-07-01")]


def test_the_red_printing_is_the_source_cited(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(fresh_db, "old", [make_fact("cap_max", 1, year=2023)])
    save_doc(fresh_db, "plain", [make_fact("cap_max", 2, year=2024, quote="plain")])
    save_doc(fresh_db, "red", [make_fact("cap_max", 2, year=2024, quote="red", emphasis=True)])
    [item] = diff_program(fresh_db, "IT導入補助金").to_json()["changes"]
    assert item["emphasis"] is True
    assert {s["document"] for s in item["after_sources"]} == {"plain", "red"}


def test_page_links_prefer_local_files_found_under_the_mirror(tmp_path: Path) -> None:
    (tmp_path / "pdf").mkdir()
    pdf = tmp_path / "pdf" / "公募要領 v2.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    url, local = page_links("https://x.go.jp/a.pdf", "公募要領 v2.pdf", 3, (tmp_path,))
    assert url == "https://x.go.jp/a.pdf#page=3"
    assert local == pdf.resolve().as_uri() + "#page=3" and "%20" in local
    assert page_links("javascript:alert(1)", None, 1) == (None, None)
    assert page_links(None, str(pdf), None) == (None, pdf.as_uri())


def test_the_cited_source_does_not_depend_on_backend_or_insertion_order(fresh_db: Engine, make_fact: Any,
                                                                        save_doc: Any) -> None:
    """Ties go to the dated document, then the lowest key — not to NULL ordering or row ids."""
    import datetime as dt

    save_doc(fresh_db, "old", [make_fact("cap_max", 1, year=2023)])
    for key in ("z-undated", "b-undated", "m-dated", "a-undated"):
        save_doc(fresh_db, key, [make_fact("cap_max", 2, year=2024, quote=key)],
                 published=dt.date(2024, 4, 1) if key == "m-dated" else None)
    [item] = diff_program(fresh_db, "IT導入補助金").to_json()["changes"]
    assert [s["document"] for s in item["after_sources"]] == ["m-dated", "a-undated", "b-undated", "z-undated"]
    save_doc(fresh_db, "m-dated", [])  # now every 2024 statement is undated
    [item] = diff_program(fresh_db, "IT導入補助金").to_json()["changes"]
    assert item["after_sources"][0]["document"] == "a-undated"


def test_a_changed_requirement_is_a_change_and_each_industry_is_its_own_rule(fresh_db: Engine, make_fact: Any,
                                                                             save_doc: Any) -> None:
    """A wage requirement raised between two years is `changed` (its measure is printed words, not a key);
    a class's limit per industry pairs with the same industry's, and its wording may vary."""
    from corpus.outputs.report import render

    for year, growth, margin, service in ((2023, "1.5", 30, "サービス業(旅館業を除く。)"),
                                          (2024, "3.0", 30, "サービス業(旅館業を除く)")):
        save_doc(fresh_db, f"y{year}", [
            make_fact("wage_growth_min", growth, "一般枠", year=year,
                      condition="給与支給総額 年平均成長率" if year == 2023 else "1人当たり給与支給総額 年平均成長率"),
            make_fact("min_wage_margin", margin, "一般枠", year=year,
                      condition="事業場内最低賃金 ≥ 地域別最低賃金+30円"),
            make_fact("employees_max", 300, applicant="中小企業者", condition="製造業その他", year=year),
            make_fact("employees_max", 100, applicant="中小企業者", condition=service, year=year),
            make_fact("capital_max", 50000000, applicant="中小企業者", condition=service, year=year)])
    report = diff_program(fresh_db, "IT導入補助金", "2023", "2024")
    got = by_key(report)
    changed = got["一般枠", None, "wage_growth_min", None, None, "changed"]
    assert (changed["before"], changed["after"]) == ("1.5", "3.0")
    assert got["一般枠", None, "min_wage_margin", None, None, "unchanged"]["after"] == 30
    assert got[None, None, "employees_max", "中小企業", "製造業その他", "unchanged"]["after"] == 300
    assert got[None, None, "employees_max", "中小企業", "サービス業", "unchanged"]["after"] == 100
    assert got[None, None, "capital_max", "中小企業", "サービス業", "unchanged"]["after"] == 50000000
    assert len(got) == 5
    assert qualifier_label(Qualifiers(band=Band(1500000, None)), "wage_growth_min") == "申請額150万円以上"
    assert qualifier_label(Qualifiers(band=Band(1500000, None)), "rate") == "補助額150万円以上の部分"
    md = render([report], "md")
    assert "賃上げ率の下限" in md and "1.5%" in md and "3.0%" in md
    html = render([report], "html")
    assert "従業員数の上限" in html and "300人" in html and "+30円" in html and "5,000万円" in html
