"""Every 類型 has its 枠: a type printed without its frame takes the frame of the structure it stands in.

Every document here is made up in the test (program layouts, frame and type names); PDFs are drawn
with PyMuPDF's built-in Japanese font."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf

from extract.facts.model import DocInfo, Fact
from extract.facts.pipeline import run
from extract.model import DocumentText
from extract.pdf import read_pdf

INFO = DocInfo(key="doc", sha256="0" * 64)
RULE = "frame.type-under-frame"


def text_facts(read: Callable[[str], DocumentText], text: str) -> list[Fact]:
    return run(read(text), INFO)


def pairs(facts: list[Fact]) -> set[tuple]:
    return {(f.frame, f.type, f.kind, f.value) for f in facts}


LEAFLET = (
    "ものづくり補助金のご案内\n\n支援枠の概要\n\n"
    "\t彩雲承継枠\t翠嵐活用枠\t霧笛推進枠\n"
    "補助上限\t800万円\t甲支援類型:600万円 乙支援類型:300万円\t丙統合類型:150万円\n"
    "補助率\t1/2\t甲支援類型:2/3 乙支援類型:1/2\t丙統合類型:1/2\n"
)


def test_a_type_in_a_cell_takes_the_frame_of_its_column(text_layer) -> None:
    facts = text_facts(text_layer, LEAFLET)
    assert pairs(facts) == {
        ("彩雲承継枠", None, "cap_max", 8000000), ("彩雲承継枠", None, "rate", "1/2"),
        ("翠嵐活用枠", "甲支援類型", "cap_max", 6000000), ("翠嵐活用枠", "甲支援類型", "rate", "2/3"),
        ("翠嵐活用枠", "乙支援類型", "cap_max", 3000000), ("翠嵐活用枠", "乙支援類型", "rate", "1/2"),
        ("霧笛推進枠", "丙統合類型", "cap_max", 1500000), ("霧笛推進枠", "丙統合類型", "rate", "1/2"),
    }
    placed = [f for f in facts if f.type]
    assert all(RULE in f.extra["rules"] for f in placed)
    assert not any(RULE in f.extra["rules"] for f in facts if not f.type)
    assert {f.extra["frame_from"] for f in placed} == {
        "the frame of the column, band or heading the type is printed under"}


def test_the_documents_own_pairing_wins_over_the_column(text_layer) -> None:
    text = "ものづくり補助金のご案内\n\n霧笛推進枠(甲支援類型)を新設します。\n\n" + LEAFLET.split("\n\n", 2)[2]
    got = pairs(text_facts(text_layer, text))
    assert ("霧笛推進枠", "甲支援類型", "cap_max", 6000000) in got  # printed as a pair: that frame
    assert ("翠嵐活用枠", "乙支援類型", "cap_max", 3000000) in got  # not printed as one: the column's


def test_a_type_outside_any_frame_keeps_no_frame(text_layer) -> None:
    got = pairs(text_facts(text_layer, "ものづくり補助金のご案内\n\n甲支援類型:補助上限額600万円\n"))
    assert got == {(None, "甲支援類型", "cap_max", 6000000)}


def test_a_type_in_a_cell_of_a_pdf_table_takes_the_frame_of_its_column(tmp_path: Path, ruled_table) -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=842, height=595)
    page.insert_text((50, 60), "ものづくり補助金 支援枠の概要", fontname="japan", fontsize=18)
    ruled_table(page, 50, 100, [90, 150, 230], [
        ["", "彩雲承継枠", "翠嵐活用枠"],
        ["補助上限", "800万円", "甲支援類型:600万円\n乙支援類型:300万円"],
    ], row_height=40, fontsize=10)
    pdf.save(tmp_path / "cells.pdf")
    got = pairs(run(read_pdf(tmp_path / "cells.pdf", ocr=False), INFO))
    assert got == {
        ("彩雲承継枠", None, "cap_max", 8000000),
        ("翠嵐活用枠", "甲支援類型", "cap_max", 6000000),
        ("翠嵐活用枠", "乙支援類型", "cap_max", 3000000),
    }


def test_numbered_type_headings_nest_under_a_shallower_frame_heading(text_layer) -> None:
    text = (
        "ものづくり補助金 公募要領\n\n"
        "1.彩雲承継枠\n(1)甲支援類型\n補助上限額:600万円\n(2)乙支援類型\n補助上限額:300万円\n"
        "2.丙統合類型\n補助上限額:150万円\n"
    )
    assert pairs(text_facts(text_layer, text)) == {
        ("彩雲承継枠", "甲支援類型", "cap_max", 6000000),
        ("彩雲承継枠", "乙支援類型", "cap_max", 3000000),
        (None, "丙統合類型", "cap_max", 1500000),  # a heading of the frame's own rank: no child of it
    }


def test_a_pair_a_slide_prints_by_its_layout_holds_on_the_documents_later_pages(text_layer) -> None:
    text = (
        "ものづくり補助金(彩雲承継枠)の類型の概要\n■ 甲支援類型\n中小企業の事業承継を支援する。\n"
        "■ 乙支援類型\n複数の事業者の連携を支援する。\n\f"
        "「甲支援類型」の概要について\n補助上限額:600万円\n"
    )
    facts = text_facts(text_layer, text)
    assert pairs(facts) == {("彩雲承継枠", "甲支援類型", "cap_max", 6000000)}
    assert facts[0].page == 2 and RULE in facts[0].extra["rules"]


def test_a_former_name_beside_a_header_is_no_frame_and_keeps_the_types_under_their_frame(text_layer) -> None:
    """A header cell printing the former name in brackets (彩雲枠 (旧翠嵐枠)) heads its columns with the frame
    before the aside: the 類型 under it take that frame, and the former name states no value of this edition."""
    text = ("ものづくり補助金の概要\n\n"
            "\t霧笛枠\t彩雲枠 (旧翠嵐枠)\t\t東雲枠 (旧:白露枠)\n"
            "\t\t甲育成類型\t乙育成類型\t\n"
            "補助上限\t50万円\t200万円\t300万円\t6,000万円\n"
            "補助率\t2/3\t2/3\t1/2\t3/4\n")
    got = pairs(text_facts(text_layer, text))
    assert got == {
        ("霧笛枠", None, "cap_max", 500000), ("霧笛枠", None, "rate", "2/3"),
        ("彩雲枠", "甲育成類型", "cap_max", 2000000), ("彩雲枠", "甲育成類型", "rate", "2/3"),
        ("彩雲枠", "乙育成類型", "cap_max", 3000000), ("彩雲枠", "乙育成類型", "rate", "1/2"),
        ("東雲枠", None, "cap_max", 60000000), ("東雲枠", None, "rate", "3/4"),
    }
