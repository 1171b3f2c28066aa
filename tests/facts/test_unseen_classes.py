"""Error classes seen on unseen documents (issue 11), each on text layers and PDFs written here.

3. applicants printed as abbreviations (中小2/3、中堅1/2);
4. a program named by its official budget-line name (…支援事業費補助金, …事業事務局);
5. spaces: a space between two words stays, the letter-spacing of one word goes.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from extract import read_document
from extract.facts.catalog import CATALOG_TOML, Catalog
from extract.facts.model import DocInfo
from extract.facts.pipeline import run
from extract.model import DocumentText, Line, Page, Table
from normalize.glyphs import normalize

INFO = DocInfo(key="doc", sha256="0" * 64)


def doc_of(*pages: str) -> DocumentText:
    """Given page texts, return a text-layer document."""
    out = []
    for n, text in enumerate(pages, 1):
        lines = [Line(normalize(t)) for t in text.split("\n")]
        out.append(Page(n, text, normalize(text), lines))
    return DocumentText(out, "text")


def write_pdf(path: Path, lines: list[tuple[float, str]]) -> Path:
    """Write a one-page PDF with each (y, text) line drawn in PyMuPDF's CJK font."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    for y, s in lines:
        page.insert_text((60, y), s, fontname="japan", fontsize=14)
    doc.save(path)
    doc.close()
    return path


def rows(facts: list) -> set[tuple]:
    return {(f.program, f.frame, f.kind, f.value, f.applicant) for f in facts}


# --- class 5: spaces ---------------------------------------------------------------------


def test_letter_spaced_label_is_one_word_and_a_list_keeps_its_spaces() -> None:
    doc = doc_of(
        "IT導入補助金の概要\n\n対象地域 青森県 岩手県 秋田県\n\n"
        "補 助 率:1/2\n中小企業は補助 率:2/3\n補助 上限額 300万円"
    )
    assert "青森県 岩手県 秋田県" in doc.pages[0].text
    assert "補助率:1/2" in doc.pages[0].text
    assert rows(run(doc, INFO)) == {
        ("IT導入補助金", None, "rate", "1/2", None),
        ("IT導入補助金", None, "rate", "2/3", "中小企業"),
        ("IT導入補助金", None, "cap_max", 3_000_000, None),
    }


def test_a_frame_name_wrapped_before_its_head_noun_is_one_name(tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "wrap.pdf",
        [
            (60, "ものづくり補助金の概要"),
            (120, "地域連携促進 枠"),
            (150, "補 助 上 限 額 : 1,000万円"),
            (200, "対象地域 青森県 岩手県"),
        ],
    )
    doc = read_document(pdf)
    assert "補助上限額" in doc.pages[0].text and "青森県 岩手県" in doc.pages[0].text
    assert rows(run(doc, INFO)) == {("ものづくり補助金", "地域連携促進枠", "cap_max", 10_000_000, None)}


# --- class 3: abbreviated applicants -------------------------------------------------------


def test_abbreviated_applicants_in_a_flattened_line_and_a_table() -> None:
    table = Table(
        [["枠", "中小", "中堅"], ["補助上限額", "4,000万円", "6,000万円"], ["補助率", "1/2", "1/3"]],
        header_rows=1,
        header_cols=1,
        source="tsv",
    )
    doc = doc_of("ものづくり補助金の概要\n\n補助率 中小2/3、中堅1/2\n補助上限額:小規模 500万円・中小 1,000万円")
    doc.pages[0].tables.append(table)
    doc.pages[0].text += "\n枠\t中小\t中堅"
    assert rows(run(doc, INFO)) == {
        ("ものづくり補助金", None, "rate", "2/3", "中小企業"),
        ("ものづくり補助金", None, "rate", "1/2", "中堅企業"),
        ("ものづくり補助金", None, "cap_max", 5_000_000, "小規模事業者"),
        ("ものづくり補助金", None, "cap_max", 10_000_000, "中小企業"),
        ("ものづくり補助金", None, "cap_max", 40_000_000, "中小企業"),
        ("ものづくり補助金", None, "cap_max", 60_000_000, "中堅企業"),
        ("ものづくり補助金", None, "rate", "1/2", "中小企業"),
        ("ものづくり補助金", None, "rate", "1/3", "中堅企業"),
    }
    assert not any(f.condition for f in run(doc, INFO))


def test_abbreviated_applicants_on_a_pdf_page(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "abbr.pdf", [(60, "省力化投資補助金の概要"), (120, "補助率:中小 1/2、小規模・再生 2/3")])
    facts = run(read_document(pdf), INFO)
    assert ("省力化投資補助金", None, "rate", "1/2", "中小企業") in rows(facts)
    # 再生 abbreviates 再生事業者 in a list of classes, as 小規模・再生事業者 does (rule applicant.list)
    assert ("省力化投資補助金", None, "rate", "2/3", "小規模事業者・再生事業者") in rows(facts)


# --- class 4: programs named by their budget line --------------------------------------------


def test_a_budget_line_name_resolves_to_the_program_by_its_stem() -> None:
    doc = doc_of("中小企業デジタル化・AI導入支援事業費補助金 交付規程\n\n第1条 補助上限額は450万円とする。")
    assert rows(run(doc, INFO)) == {("IT導入補助金", None, "cap_max", 4_500_000, None)}


def test_a_secretariat_name_is_no_cut_off_program() -> None:
    doc = doc_of("公募要領\n中小企業デジタル化・AI導入支援事業事務局\n\n補助率 1/2以内")
    assert {f.program for f in run(doc, INFO)} == {"IT導入補助金"}


def test_an_unknown_budget_line_is_kept_whole() -> None:
    doc = doc_of("令和7年度 中小企業海外展開・販路開拓支援事業費補助金 公募要領\n\n補助率 2/3以内")
    assert {f.program for f in run(doc, INFO)} == {"中小企業海外展開・販路開拓支援事業費補助金"}


def test_a_catalog_entry_added_by_a_user_resolves_budget_lines_without_aliases(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[[program]]\nname = "海外展開・販路開拓補助金"\n', encoding="utf-8")
    catalog = Catalog.load(CATALOG_TOML, extra)
    doc = doc_of("令和7年度 中小企業海外展開・販路開拓支援事業費補助金 公募要領\n\n補助率 2/3以内")
    assert {f.program for f in run(doc, INFO, catalog=catalog)} == {"海外展開・販路開拓補助金"}


def test_a_budget_line_title_on_a_pdf_page(tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "line.pdf",
        [(60, "令和7年度補正 中小企業省力化投資促進事業費補助金"), (90, "交付規程"), (150, "補助上限額 1,000万円")],
    )
    facts = run(read_document(pdf), INFO)
    assert rows(facts) == {("省力化投資補助金", None, "cap_max", 10_000_000, None)}
    assert {(f.fiscal_year, f.budget) for f in facts} == {(2025, "補正")}


def test_a_document_whose_title_names_no_program_takes_the_one_its_text_names() -> None:
    doc = doc_of(
        "公募要領\n第1次締切分\n\n1. 補助率\n補助率 1/2以内",
        "2. お問い合わせ\n中小企業デジタル化・AI導入支援事業事務局",
    )
    assert rows(run(doc, INFO)) == {("IT導入補助金", None, "rate", "1/2", None)}


def test_a_line_of_the_program_before_its_frame_in_the_title_is_no_part_of_the_frame() -> None:
    """<標準型 拡張枠>: the program's line (標準型, with rounds of its own) and the frame 拡張枠, two words
    apart; the frame the title restricts the document to is 拡張枠, not 標準型拡張枠."""
    doc = doc_of(
        "小規模事業者持続化補助金<標準型 拡張枠>\n第9回公募 公募要領\n\n"
        "1. 補助対象者\n補助上限:80万円\n補助率:2/3"
    )
    got = {(f.frame, f.kind, f.value) for f in run(doc, INFO)}
    assert got == {("拡張枠", "cap_max", 800000), ("拡張枠", "rate", "2/3")}


def test_a_row_label_stating_a_limit_of_its_own_still_labels_its_row() -> None:
    """補助上限額(補助下限額50万円) in the first column of a ruled table is a row label that also states the
    lower limit: the tiers in the cell beside it are each a cap, the cell below it a rate."""
    table = Table(
        [["概要", "販路開拓の取り組みを支援"],
         ["補助上限額\n(補助下限額\n50万円)", "従業員数10人以下400万円\n11~30人900万円\n31人以上1,800万円"],
         ["補助率", "2/3"]],
        header_rows=1,
        source="rules",
    )
    doc = doc_of("ものづくり補助金 公募要領\n\n(1) 海外販路枠\n")
    doc.pages[0].tables.append(table)
    got = {(f.frame, f.kind, f.value, f.condition) for f in run(doc, INFO)}
    assert got == {
        ("海外販路枠", "cap_min", 500_000, None),
        ("海外販路枠", "cap_max", 4_000_000, "従業員数10人以下"),
        ("海外販路枠", "cap_max", 9_000_000, "11~30人"),
        ("海外販路枠", "cap_max", 18_000_000, "31人以上"),
        ("海外販路枠", "rate", "2/3", None),
    }


def test_a_column_headed_by_a_case_before_its_cue_holds_caps_in_that_case() -> None:
    """大幅な賃上げを行う場合の補助上限額 (or 賃上げ特例の補助上限額): 賃上げ stands in the case, so the column
    holds caps (no wage amounts), each with the case in its condition; a column of 賃上げ額 holds no caps."""
    cases = [("大幅な賃上げを行う場合の\n補助上限額", "大幅な賃上げを行う場合"),
             ("賃上げ特例の補助上限額", "賃上げ特例")]
    for header, case in cases:
        table = Table([["従業員数", "補助上限額", header, "賃上げ額"],
                       ["10人以下", "600万円", "900万円", "10万円"], ["11人以上", "1,200万円", "1,600万円", "20万円"]],
                      header_rows=1, source="rules")
        doc = doc_of("省力化投資補助金 交付規程\n\n別表\n")
        doc.pages[0].tables.append(table)
        assert {(f.value, f.condition) for f in run(doc, INFO) if f.kind == "cap_max"} == {
            (6_000_000, "10人以下"), (12_000_000, "11人以上"),
            (9_000_000, f"10人以下; {case}"), (16_000_000, f"11人以上; {case}")}


def test_a_frame_name_opening_a_slide_row_labels_the_values_after_it() -> None:
    """Slides print a frame's row as its name, a space or the name's bracket, then the cue and the value
    (通常枠 補助上限額 450万円, 【成長枠】上限1,000万円(補助率2/3), ■…): each value is its row's frame's."""
    rows_of = {
        "plain": "地域枠 補助上限額 300万円\n広域枠 補助上限額 800万円",
        "bracketed": "【地域枠】上限300万円(補助率1/2)\n【広域枠】上限800万円(補助率2/3)",
        "bulleted": "■地域枠 補助上限額300万円\n■広域枠 補助上限額800万円",
    }
    for shape, text in rows_of.items():
        got = {(f.frame, f.kind, f.value) for f in run(doc_of("みどり町商店街活性化補助金の概要\n\n" + text), INFO)}
        assert ("地域枠", "cap_max", 3_000_000) in got and ("広域枠", "cap_max", 8_000_000) in got, shape
        assert all(frame for frame, _, _ in got), shape
    # a name inside a sentence is no row label: 地域枠 is the topic, not the 上限 of this line
    sentence = run(doc_of("みどり町商店街活性化補助金の概要\n\n地域枠を新設し、上限額を引き上げる"), INFO)
    assert not sentence


def test_a_numbered_title_naming_a_frame_ends_at_the_next_section_of_its_rank() -> None:
    """2. 地域枠の概要 reads as the page's title, yet it is a numbered section: 3. 申請手続き after it is
    the program's, so its deadline has no frame (in a text layer, one page holds every section)."""
    text = ("みどり町商店街活性化補助金 公募の手引き\n\n1. 目的\n商店街のにぎわいを取り戻す。\n"
            "2. 地域枠の概要\n補助上限額:300万円\n3. 申請手続き\n申請締切:2025年5月30日")
    got = {(f.frame, f.kind) for f in run(doc_of(text), INFO)}
    assert got == {("地域枠", "cap_max"), (None, "deadline")}


def test_a_frame_printed_with_its_type_before_a_value_is_no_condition_of_it() -> None:
    """地域枠(商店街類型) 補助上限額…: the frame and its type label the value together; the frame stays out of
    the condition (a condition keys the value, so two editions printing the row differently still pair)."""
    rows_printed = ["地域枠（商店街類型）補助上限額300万円", "地域枠 商店街類型 補助上限額 300万円",
                    "地域枠(商店街類型):上限300万円"]
    for row in rows_printed:
        facts = run(doc_of("みどり町商店街活性化補助金の概要\n\n" + row), INFO)
        got = [(f.frame, f.type, f.value, f.condition) for f in facts]
        assert got == [("地域枠", "商店街類型", 3_000_000, None)], row


def test_amounts_under_employee_tier_headers_are_the_caps_of_each_tier() -> None:
    """類型 | 従業員数10人以下 | 11~30人 | 31人以上 over one row of amounts per type, with no cue word in the
    table: each amount is its type's cap for that tier (as 従業員数20人以下 1,500万円 on a line is)."""
    table = Table([["類型", "従業員数10人以下", "11~30人", "31人以上"],
                   ["基本類型", "400万円", "600万円", "900万円"], ["発展類型", "800万円", "1,200万円", "1,800万円"]],
                  header_rows=1, source="rules")
    doc = doc_of("みどり町商店街活性化補助金の概要\n\n(2) 地域枠\n")
    doc.pages[0].tables.append(table)
    got = {(f.frame, f.type, f.kind, f.value, f.condition) for f in run(doc, INFO)}
    assert ("地域枠", "基本類型", "cap_max", 4_000_000, "従業員数10人以下") in got
    assert ("地域枠", "発展類型", "cap_max", 18_000_000, "31人以上") in got
    assert len(got) == 6


def test_a_budget_takes_the_year_printed_nearest_before_it() -> None:
    """令和7年度予算額 15億円(令和6年度補正予算額 20億円): the bracketed amount is the 2024 supplementary
    budget's, the first the 2025 initial budget's; the first year on the line does not hold for both."""
    doc = doc_of("みどり町商店街活性化補助金の概要\n\n令和7年度予算額 15億円（令和6年度補正予算額 20億円）")
    got = {(f.value, f.fiscal_year, f.budget) for f in run(doc, INFO) if f.kind == "budget"}
    assert got == {(1_500_000_000, 2025, "当初"), (2_000_000_000, 2024, "補正")}
