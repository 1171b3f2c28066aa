"""The budget-year diff: frame pairing, value comparison, provenance, year selection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from schema.catalog import Rename
from schema.diff import FramePair, pair_frames
from schema.diffload import DiffError, YearSpec, diff_program, page_links, parse_year
from schema.report import format_yen

JSON_KEYS = {"program", "frame", "type", "kind", "applicant", "condition", "change", "before", "after",
             "before_source", "after_source"}


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
    with pytest.raises(DiffError):
        parse_year(text)


@pytest.mark.parametrize(("yen", "printed"), [
    (1500000, "150万円"), (30000000, "3,000万円"), (340000000000, "3,400億円"), (12345, "12,345円"), (0, "0円"),
])
def test_format_yen(yen: int, printed: str) -> None:
    assert format_yen(yen) == printed


RENAMES = (Rename("デジタル化基盤導入類型", "インボイス枠 インボイス対応類型", "IT導入補助金"),
           Rename("通常枠 A類型", "通常枠"), Rename("通常枠 B類型", "通常枠"))


def pairs(old: set[tuple[str, str]], new: set[tuple[str, str]], program: str = "IT導入補助金") -> set[tuple]:
    return {(p.change, p.before, p.after) for p in pair_frames(program, old, new, RENAMES)}


def test_frames_with_the_same_name_pair_as_same() -> None:
    assert pairs({("通常枠", "")}, {("通常枠", "")}) == {("same", ("通常枠", ""), ("通常枠", ""))}


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
    got = pair_frames("P", {("複数社連携IT導入類型", "")}, {("複数社連携IT導入枠", ""), ("グローバル枠", "")}, ())
    renamed = [p for p in got if p.change == "renamed"]
    assert [(p.before, p.after) for p in renamed] == [(("複数社連携IT導入類型", ""), ("複数社連携IT導入枠", ""))]
    assert renamed[0].how.startswith("名称の類似度 0.8")
    assert FramePair("added", None, ("グローバル枠", "")) in got


def test_dissimilar_names_are_removed_and_added() -> None:
    assert pairs({("インボイス枠", "インボイス対応類型")}, {("インボイス枠", "電子取引類型")}) == {
        ("removed", ("インボイス枠", "インボイス対応類型"), None), ("added", None, ("インボイス枠", "電子取引類型"))}


def by_key(items: list[dict[str, Any]]) -> dict[tuple, dict[str, Any]]:
    return {(i["frame"], i["type"], i["kind"], i["applicant"], i["condition"], i["change"]): i for i in items}


def test_diff_reports_the_changes_the_documents_describe(it_db: Engine) -> None:
    report = diff_program(it_db, "IT導入補助金", "2023", "2024")
    items = report.to_json()
    assert all(set(i) >= JSON_KEYS for i in items)
    got = by_key(items)

    cap = got["セキュリティ対策推進枠", None, "cap_max", None, None, "changed"]
    assert (cap["before"], cap["after"], cap["emphasis"]) == (1000000, 1500000, True)
    assert cap["before_source"] | {"url": None} == {
        "document": "it2023", "title": "IT導入補助金2023 概要", "page": 3, "quote": "補助上限額 100万円",
        "edition": None, "fiscal_year": 2023, "budget": "当初", "url": None}
    assert cap["after_source"]["url"] == "https://example.go.jp/it2024.pdf#page=4"
    assert cap["after_source"]["quote"] == "補助上限額 150万円"

    rate = got["セキュリティ対策推進枠", None, "rate", "小規模事業者", None, "added"]
    assert (rate["before"], rate["after"], rate["before_source"], rate["emphasis"]) == (None, "2/3", None, True)

    # renamed through the lineage: the 3/4 rate continues unchanged, the new 4/5 for 小規模事業者 is added
    invoice = got["インボイス枠", "インボイス対応類型", "rate", "小規模事業者", "補助額50万円以下の部分", "added"]
    assert invoice["after"] == "4/5" and "emphasis" not in invoice
    assert not any(k[:3] == ("インボイス枠", "インボイス対応類型", "rate") and k[3] is None for k in got)

    assert got["インボイス枠", "電子取引類型", "cap_max", None, None, "added"]["after"] == 3500000
    removed = got["デジタル化基盤導入枠", "商流一括インボイス対応類型", "cap_max", None, None, "removed"]
    assert (removed["before"], removed["after"], removed["after_source"]) == (3500000, None, None)
    # A類型 150万 continues as 通常枠 150万; B類型's 450万 is gone
    regular = got["通常枠", None, "cap_max", None, None, "removed"]
    assert (regular["before"], regular["before_frame"], regular["before_type"]) == (4500000, "通常枠", "B類型")
    deadline = got[None, None, "deadline", None, None, "changed"]
    assert (deadline["before"], deadline["after"]) == ("2023-03-15T17:00", "2025-01-20T17:00")
    assert len(items) == 7
    assert {p.change for p in report.frames} == {"same", "renamed", "added", "removed"}


def test_default_years_are_the_two_newest(it_db: Engine) -> None:
    report = diff_program(it_db, "サービス等生産性向上IT導入支援事業")  # an alias works too
    assert (report.program, report.before_label, report.after_label) == ("IT導入補助金", "2023", "2024")


def test_unknown_program_or_year_is_a_clear_error(it_db: Engine) -> None:
    with pytest.raises(DiffError, match="no program"):
        diff_program(it_db, "存在しない補助金")
    with pytest.raises(DiffError, match="no facts for budget year 2022"):
        diff_program(it_db, "IT導入補助金", "2022", "2024")
    with pytest.raises(DiffError, match="2024当初"):
        diff_program(it_db, "IT導入補助金", "2023", "2024当初")


def test_within_a_year_補正_outranks_当初_unless_a_budget_is_named(fresh_db: Engine, make_fact: Any,
                                                                   save_doc: Any) -> None:
    save_doc(fresh_db, "a", [make_fact("cap_max", 100, "枠", year=2023, budget="当初")])
    save_doc(fresh_db, "b", [make_fact("cap_max", 200, "枠", year=2024, budget="当初"),
                             make_fact("rate", "1/2", "枠", year=2024, budget="当初")])
    save_doc(fresh_db, "c", [make_fact("cap_max", 300, "枠", year=2024, budget="補正")])
    got = by_key(diff_program(fresh_db, "IT導入補助金", "2023", "2024").to_json())
    assert got["枠", None, "cap_max", None, None, "changed"]["after"] == 300
    assert got["枠", None, "rate", None, None, "added"]["after"] == "1/2"  # only 当初 states it: kept
    got = by_key(diff_program(fresh_db, "IT導入補助金", "2023", "2024当初").to_json())
    assert got["枠", None, "cap_max", None, None, "changed"]["after"] == 200


def test_keys_with_several_values_report_what_appeared_and_disappeared(fresh_db: Engine, make_fact: Any,
                                                                       save_doc: Any) -> None:
    save_doc(fresh_db, "a", [make_fact("deadline", d, year=2023) for d in ("2023-05-01", "2023-07-01")])
    save_doc(fresh_db, "b", [make_fact("deadline", d, year=2024) for d in ("2023-07-01", "2024-05-01",
                                                                        "2024-07-01")])
    items = diff_program(fresh_db, "IT導入補助金", "2023", "2024").to_json()
    assert sorted((i["change"], i["before"] or i["after"]) for i in items) == [
        ("added", "2024-05-01"), ("added", "2024-07-01"), ("removed", "2023-05-01")]


def test_the_red_printing_is_the_source_cited(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(fresh_db, "old", [make_fact("cap_max", 1, year=2023)])
    save_doc(fresh_db, "plain", [make_fact("cap_max", 2, year=2024, quote="plain")])
    save_doc(fresh_db, "red", [make_fact("cap_max", 2, year=2024, quote="red", emphasis=True)])
    [item] = diff_program(fresh_db, "IT導入補助金").to_json()
    assert (item["emphasis"], item["after_source"]["document"]) == (True, "red")


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
    [item] = diff_program(fresh_db, "IT導入補助金").to_json()
    assert item["after_source"]["document"] == "m-dated"
    save_doc(fresh_db, "m-dated", [])  # now every 2024 statement is undated
    [item] = diff_program(fresh_db, "IT導入補助金").to_json()
    assert item["after_source"]["document"] == "a-undated"
