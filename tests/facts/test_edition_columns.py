"""Editions side by side: a slide compares this year's column with a 【参考】 column of an earlier budget.

Each column (or band over columns) heads its own budget year; a value takes the one it stands under.
Every document here is made up in the test; PDFs are drawn with PyMuPDF's built-in Japanese font."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from extract.facts.catalog import default_catalog
from extract.facts.model import DocInfo, Fact
from extract.facts.pipeline import run
from extract.facts.scope import Edition, edition_heading
from extract.model import DocumentText
from extract.pdf import read_pdf
from normalize.glyphs import normalize

INFO = DocInfo(key="doc", sha256="0" * 64)
RULE = "label.edition-heading"
TITLE = "ものづくり補助金の概要(令和6年度補正)\n\n"
BY_YEAR = {
    (2024, "補正", "cap_max", 10000000), (2024, "補正", "rate", "2/3"),
    (2023, "補正", "cap_max", 7500000), (2023, "補正", "rate", "1/2"),
}


def text_facts(read: Callable[[str], DocumentText], text: str) -> list[Fact]:
    return run(read(text), INFO)


def by_year(facts: list[Fact]) -> set[tuple]:
    return {(f.fiscal_year, f.budget, f.kind, f.value) for f in facts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6年度補正", Edition(2024, "補正")),
        ("【参考】令和5年度補正予算", Edition(2023, "補正")),
        ("【参考】令和元年度補正予算(彩雲拡張枠)", Edition(2019, "補正")),
        ("IT導入補助金2025", Edition(2024, "補正", "IT導入補助金2025")),
        ("令和7年度", None),  # no budget: a year, not an edition
        ("令和6年度補正予算額", None),  # a value label, not a heading
        ("令和5年度補正予算での拡充内容", None),
        ("令和6年度補正・令和7年度当初", None),  # two budgets: no one edition
    ],
)
def test_an_edition_heading_prints_one_budget_year_or_edition_label_and_little_else(
    text: str, expected: Edition | None
) -> None:
    assert edition_heading(normalize(text), default_catalog()) == expected


def test_columns_of_a_text_layer_table_headed_by_editions(text_layer) -> None:
    facts = text_facts(text_layer, TITLE + "\t令和6年度補正\t【参考】令和5年度補正\n補助上限額\t1,000万円\t750万円\n"
                                        "補助率\t2/3\t1/2\n")
    assert by_year(facts) == BY_YEAR
    assert all(RULE in f.extra["rules"] for f in facts)


def test_rows_of_a_text_layer_table_headed_by_editions(text_layer) -> None:
    facts = text_facts(text_layer, TITLE + "\t補助上限額\t補助率\n令和6年度補正\t1,000万円\t2/3\n"
                                        "【参考】令和5年度補正\t750万円\t1/2\n")
    assert by_year(facts) == BY_YEAR


def test_a_line_of_editions_above_a_table_heads_its_column_groups(text_layer) -> None:
    facts = text_facts(text_layer, TITLE + "令和6年度補正　　　【参考】令和5年度補正\n"
                                        "\t補助上限額\t補助率\t補助上限額\t補助率\n中小企業\t1,000万円\t2/3\t750万円\t1/2\n")
    assert by_year(facts) == BY_YEAR


def slide(path: Path, body: str, ruled, heads: str = "two") -> Path:
    """Draw a slide comparing two editions: headings side by side (two lines, or one line) over a table
    whose columns repeat their labels, over lines in two columns, or a table whose own header cells
    print the editions; a second page prints a value under no heading."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=842, height=595)
    page.insert_text((60, 60), "ものづくり補助金の概要(令和6年度補正)", fontname="japan", fontsize=20)
    if heads == "two":  # each centred over its column group (150-450, 450-750)
        page.insert_text((246, 118), "令和6年度補正予算", fontname="japan", fontsize=12)
        page.insert_text((522, 118), "【参考】令和5年度補正予算", fontname="japan", fontsize=12)
    elif heads == "one":  # the same, written as one line with spaces between
        page.insert_text((246, 118), "令和6年度補正予算" + "　" * 14 + "【参考】令和5年度補正予算",
                         fontname="japan", fontsize=12)
    head = ["補助上限額", "補助率"]
    if body == "table":
        ruled(page, 50, 125, [100, 150, 150, 150, 150],
              [["", *head, *head], ["中小企業", "1,000万円", "2/3", "750万円", "1/2"]])
    elif body == "header":
        ruled(page, 50, 125, [100, 200, 200], [["", "令和6年度補正", "【参考】令和5年度補正"],
                                              ["補助上限額", "1,000万円", "750万円"], ["補助率", "2/3", "1/2"]])
    else:
        for x, cap, rate in ((160, "1,000万円", "2/3"), (460, "750万円", "1/2")):
            page.insert_text((x, 150), f"補助上限額:{cap}", fontname="japan", fontsize=11)
            page.insert_text((x, 180), f"補助率:{rate}", fontname="japan", fontsize=11)
        page.insert_text((160, 230), "※いずれも補助下限額は100万円とします。両年度に共通する注記です。",
                         fontname="japan", fontsize=11)
    second = pdf.new_page(width=842, height=595)
    second.insert_text((60, 60), "申請の流れ", fontname="japan", fontsize=20)
    second.insert_text((60, 100), "補助上限額:3,000万円", fontname="japan", fontsize=11)
    pdf.save(path)
    return path


@pytest.mark.parametrize(("body", "heads"), [("table", "two"), ("table", "one"), ("lines", "two"), ("header", "none")])
def test_a_pdf_slide_gives_each_column_the_edition_it_stands_under(
    tmp_path: Path, body: str, heads: str, ruled_table
) -> None:
    facts = run(read_pdf(slide(tmp_path / "slide.pdf", body, ruled_table, heads), ocr=False), INFO)
    assert by_year([f for f in facts if f.page == 1 and f.kind != "cap_min"]) == BY_YEAR
    assert by_year([f for f in facts if f.page == 2]) == {(2024, "補正", "cap_max", 30000000)}
    # a note running under both columns is of neither: it keeps the slide's edition
    assert by_year([f for f in facts if f.kind == "cap_min"]) <= {(2024, "補正", "cap_min", 1000000)}


def test_headings_one_per_line_head_the_column_groups_a_types_row_splits(text_layer) -> None:
    text = TITLE + ("令和6年度補正予算(彩雲拡張枠)\n(100億円の内数)\n\n【参考】令和5年度補正予算(翠嵐連携枠)\n"
                    "(80億円の内数)\n\n類型名 甲類型 乙類型 ー\n\n補助上限額\n\n1,000万円\n\n500万円\n\n750万円\n\n"
                    "補助率\n\n2/3\n\n2/3\n\n1/2\n")
    got = {(f.frame, f.type, f.fiscal_year, f.kind, f.value) for f in text_facts(text_layer, text)}
    assert got == {
        ("彩雲拡張枠", "甲類型", 2024, "cap_max", 10000000), ("彩雲拡張枠", "乙類型", 2024, "cap_max", 5000000),
        ("翠嵐連携枠", None, 2023, "cap_max", 7500000), ("彩雲拡張枠", "甲類型", 2024, "rate", "2/3"),
        ("彩雲拡張枠", "乙類型", 2024, "rate", "2/3"), ("翠嵐連携枠", None, 2023, "rate", "1/2"),
    }


def test_a_line_of_two_headings_over_rows_printed_on_one_line(text_layer) -> None:
    facts = text_facts(text_layer, TITLE + "令和6年度補正予算　　　　【参考】令和5年度補正予算\n"
                                        "補助上限額 1,000万円 750万円\n補助率 2/3 1/2\n")
    assert by_year(facts) == BY_YEAR


def test_values_under_editions_side_by_side_that_no_column_places_get_neither(text_layer) -> None:
    text = TITLE + ("補助下限額:100万円\n\n令和6年度補正予算\n\n【参考】令和5年度補正予算\n\n"
                    "補助率 1/2・2/3\n\f申請の流れ\n補助上限額:3,000万円\n")
    got = by_year(text_facts(text_layer, text))
    assert got == {
        (2024, "補正", "cap_min", 1000000),  # before the headings: the slide's own edition
        (None, None, "rate", "1/2"), (None, None, "rate", "2/3"),  # one cell of alternatives: which column?
        (2024, "補正", "cap_max", 30000000),  # the next page: the document's edition again
    }


def test_a_reference_section_after_this_years_values_is_a_section_not_a_column(text_layer) -> None:
    text = TITLE + "令和6年度補正予算\n補助上限額:1,000万円\n\n【参考】令和5年度補正予算\n補助上限額:750万円\n"
    got = by_year(text_facts(text_layer, text))
    assert got == {(2024, "補正", "cap_max", 10000000), (2023, "補正", "cap_max", 7500000)}


@pytest.mark.parametrize(
    "heads",
    ["令和6年度補正予算\n令和7年度当初予算\n", "令和6年度補正予算・令和7年度当初予算\n"],
)
def test_headings_of_the_two_budgets_that_fund_a_program_are_no_comparison(text_layer, heads: str) -> None:
    got = by_year(text_facts(text_layer, "ものづくり補助金の概要\n\n" + heads + "補助上限額:1,000万円\n"))
    assert {(fy, budget) for fy, budget, _, _ in got} != {(None, None)}
    assert all(fy is not None for fy, _, _, _ in got)
