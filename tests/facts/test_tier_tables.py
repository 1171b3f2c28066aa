"""Tier tables (caps by employee count) and the notes beside them, on text layers and a PDF written here.

Subsidy leaflets print the cap per employee tier in a table whose header row names the tier
column (従業員数, 従業員規模) beside the cue (補助上限額); the raised cap of a special provision
in brackets after each cap, explained by a note (※()内は…); rates that change at a band of the
subsidy amount (1,500万円までは1/2)."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from extract import read_document
from extract.facts.kinds import bracket_condition
from extract.facts.model import DocInfo
from extract.facts.pipeline import run
from extract.facts.values import read_segment
from extract.model import DocumentText, Line, Page
from normalize.glyphs import normalize
from normalize.qualifiers import parse_condition

INFO = DocInfo(key="doc", sha256="0" * 64)
LEAFLET = (
    "持続化補助金のご案内\n\n"
    "従業員規模 補助上限額 補助率\n"
    "5人以下 300万円(400万円) 2/3\n"
    "6~20人 600万円(800万円)\n"
    "21人以上 900万円(1,200万円)\n"
    "※()内は大幅賃上げ特例適用時の上限額\n"
)


def facts_of(text: str) -> list:
    page = Page(1, text, normalize(text), [Line(normalize(t)) for t in text.split("\n")])
    return run(DocumentText([page], "text"), INFO)


def caps(facts: list) -> set[tuple[int, str | None]]:
    return {(f.value, f.condition) for f in facts if f.kind == "cap_max"}


def test_a_header_row_naming_the_tier_column_gives_every_row_its_cap() -> None:
    assert caps(facts_of(LEAFLET)) == {
        (3000000, "5人以下"), (4000000, "5人以下; 大幅賃上げ特例適用時"),
        (6000000, "6~20人"), (8000000, "6~20人; 大幅賃上げ特例適用時"),
        (9000000, "21人以上"), (12000000, "21人以上; 大幅賃上げ特例適用時"),
    }


def test_the_bracketed_cap_keeps_the_tier_and_the_provision_as_qualifiers() -> None:
    raised = next(f for f in facts_of(LEAFLET) if f.value == 8000000)
    q = parse_condition(raised.condition)
    assert q.tier is not None and (q.tier.min, q.tier.max) == (6, 20)
    assert q.provision is not None


def test_the_same_table_in_a_pdf(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    for y, text in enumerate(LEAFLET.strip().split("\n")):
        if text:
            page.insert_text((60, 60 + 24 * y), text, fontname="japan", fontsize=14)
    doc.save(tmp_path / "leaflet.pdf")
    doc.close()
    facts = run(read_document(tmp_path / "leaflet.pdf"), INFO)
    assert caps(facts) == caps(facts_of(LEAFLET))
    assert all(f.bbox is not None for f in facts)


def test_a_note_on_brackets_says_whom_they_are_for_with_or_without_a_case_clause() -> None:
    assert bracket_condition((), "※()内は大幅賃上げ特例適用時の上限額") == "大幅賃上げ特例適用時"
    assert bracket_condition((), "※()内の金額は、賃上げ要件を満たす事業者の上限額") == "賃上げ要件を満たす事業者"
    assert bracket_condition((), "※()内は賃上げを行う場合の上限額") == "賃上げを行う場合"
    assert bracket_condition((), "※補助率は()内の割合とします") is None


def test_a_band_of_the_subsidy_amount_keeps_its_figures_in_the_condition() -> None:
    cands = read_segment(normalize("補助率 補助金額2,000万円までは1/2、2,000万円を超える部分は1/3"))
    assert [(c.value, c.conditions) for c in cands] == [("1/2", ["2,000万円まで"]), ("1/3", ["2,000万円を超える部分"])]
    q = parse_condition("2,000万円まで")
    assert q.band is not None and q.band.max == 20000000


def test_a_limit_of_the_investment_is_no_limit_of_the_subsidy() -> None:
    assert read_segment(normalize("【投資下限額】5,000万円以上")) == []
    assert read_segment(normalize("事業費上限 2,000万円")) == []
    assert [(c.kind, c.value) for c in read_segment(normalize("専門家経費補助上限額:50万円"))] == [("cap_max", 500000)]


def test_a_rate_in_brackets_with_its_case_is_the_same_applicants_rate_in_that_case() -> None:
    cands = read_segment(normalize("補助率 中小企業 1/2(大規模な賃上げを行う場合 2/3)"))
    assert [(c.value, c.applicant, c.conditions) for c in cands] == [
        ("1/2", "中小企業", []), ("2/3", "中小企業", ["大規模な賃上げを行う場合"])]
    cands = read_segment(normalize("補助率 1/2 (小規模事業者は2/3)"))
    assert [(c.value, c.applicant) for c in cands] == [("1/2", None), ("2/3", "小規模事業者")]
    assert read_segment(normalize("締切 3/10(予定の場合 3/17)")) == []


def test_each_line_of_a_rate_list_names_its_applicant() -> None:
    facts = facts_of("持続化補助金\n通常枠\n補助率 中小企業 1/2(大規模な賃上げを行う場合2/3)\n"
                     "中堅企業 1/3(大規模な賃上げを行う場合1/2)\n")
    assert {(f.value, f.applicant, f.condition) for f in facts} == {
        ("1/2", "中小企業", None), ("2/3", "中小企業", "大規模な賃上げを行う場合"),
        ("1/3", "中堅企業", None), ("1/2", "中堅企業", "大規模な賃上げを行う場合")}


def test_an_increment_added_to_every_cap_is_no_cap() -> None:
    assert read_segment(normalize("対象の事業者には、全ての枠で一律に50万円の補助上限を上乗せします。")) == []
    assert [(c.kind, c.value) for c in read_segment(normalize("補助上限額 50万円"))] == [("cap_max", 500000)]


FLAT_ROWS = (
    "再構築補助金の概要\n\n"
    "申請類型 補助上限額 補助率\n\n"
    "成長枠\n(新市場に進出する事業者への支援)\n\n"
    "1,000万円、2,000万円\n中小1/2、\n中堅1/3転換枠\n\n"
    "(業態を転換する事業者への支援)\n\n"
    "3,000万円\n中小2/3\n"
)


def test_rows_of_a_flattened_table_start_with_their_frames_name() -> None:
    got = {(f.frame, f.kind, f.value, f.applicant) for f in facts_of("事" + FLAT_ROWS)}
    assert got == {
        ("成長枠", "cap_max", 10000000, None), ("成長枠", "cap_max", 20000000, None),
        ("成長枠", "rate", "1/2", "中小企業"), ("成長枠", "rate", "1/3", "中堅企業"),
        ("転換枠", "cap_max", 30000000, None), ("転換枠", "rate", "2/3", "中小企業"),
    }


def test_a_header_listing_frames_across_is_no_header_of_frame_rows() -> None:
    text = ("事業再構築補助金の概要\n\n枠名 成長枠 転換枠\n補助上限額\n1,000万円\n3,000万円\n")
    assert {f.frame for f in facts_of(text)} == {None}  # the columns of a flattened table are lost


def test_a_frame_as_the_topic_of_a_clause_is_the_values_frame_and_no_condition() -> None:
    cands = read_segment(normalize("※成長枠のうち赤字事業者については補助率3/4以内"))
    assert [(c.value, c.names, c.applicant, c.conditions) for c in cands] == [
        ("3/4", [("成長枠", None)], "赤字事業者", [])]
    cands = read_segment(normalize("通常枠では補助率2/3"))
    assert [(c.names, c.conditions) for c in cands] == [([("通常枠", None)], [])]


def test_a_numbered_note_speaks_only_of_the_values_marked_with_its_number() -> None:
    text = ("甲類型: 1/3・1/2※1 乙類型: 1/2・2/3※2 ※1:要件を満たす場合:2,000万円 以下の部分は1/2、"
            "2,000万円超の部分は1/3 ※2 赤字の場合")
    got = [(c.names[0][1], c.value, c.conditions) for c in read_segment(normalize(text), ("補助率",))]
    assert ("乙類型", "1/2", []) in got
    assert any(t == "甲類型" and v == "1/2" and cond and "2,000万円" in cond[0] for t, v, cond in got)


def test_a_rate_that_follows_another_rule_is_stated_where_that_rule_is() -> None:
    text = "なお、設備費の補助率は、事業費の補助率(1/2以内又は2/3以内)に従う。"
    assert read_segment(normalize(text), ("補助率",)) == []
    assert read_segment(normalize("撤去費(併用時) 事業費に従う(2/3又は3/4以内)"), ("補助率",)) == []
    kept = read_segment(normalize("補助率は2/3以内(詳細は交付規程に従う)"), ("補助率",))
    assert [(c.kind, c.value) for c in kept] == [("rate", "2/3")]


def test_a_case_about_anything_but_the_applicant_keeps_its_case_words() -> None:
    cands = read_segment(normalize("上限額 300万円(連携して申請する場合は600万円)"))
    assert [(c.value, c.conditions) for c in cands] == [(3000000, []), (6000000, ["連携して申請する場合"])]
    assert parse_condition(cands[1].conditions[0]).case == "連携して申請する場合"  # a key of its own
    cands = read_segment(normalize("補助率 1/2、小規模事業者の場合は2/3"))
    assert [(c.value, c.applicant, c.conditions) for c in cands] == [("1/2", None, []), ("2/3", "小規模事業者", [])]


def test_a_schedule_heading_after_the_frames_sections_is_the_programs() -> None:
    facts = facts_of("持続化補助金の概要\n\n通常枠\n補助上限額:50万円\n\n創業枠\n補助上限額:200万円\n\n"
                     "公募スケジュール\n申請受付開始:2025年5月1日\n申請締切:2025年6月13日\n")
    assert {(f.kind, f.frame) for f in facts} == {("cap_max", "通常枠"), ("cap_max", "創業枠"),
                                                  ("opens", None), ("deadline", None)}
    named = facts_of("持続化補助金の概要\n\n通常枠\n補助上限額:50万円\n\n"
                     "創業枠のスケジュール\n申請締切:2025年6月13日\n")
    assert ("deadline", "創業枠") in {(f.kind, f.frame) for f in named}


def test_caps_by_employee_count_need_no_cue_word() -> None:
    facts = facts_of("事業再構築補助金の概要\n\n成長枠\n従業員数20人以下 1,000万円(1,500万円)\n"
                     "従業員数21人以上 2,000万円(3,000万円)\n※( )内は大規模な賃上げを行う場合\n補助率 1/2\n")
    assert {(f.value, f.condition) for f in facts if f.kind == "cap_max"} == {
        (10000000, "従業員数20人以下"), (15000000, "従業員数20人以下; 大規模な賃上げを行う場合"),
        (20000000, "従業員数21人以上"), (30000000, "従業員数21人以上; 大規模な賃上げを行う場合")}


def test_the_flow_of_a_scheme_diagram_is_no_rate_of_the_applicants(tmp_path: Path) -> None:
    facts = facts_of("持続化補助金の事業スキーム\n\n国\n↓定額補助\n事務局\n↓\n小規模事業者\n補助率:2/3\n")
    assert {(f.kind, f.value) for f in facts} == {("rate", "2/3")}
    path = tmp_path / "table.txt"
    path.write_text("持続化補助金 共同型の補助率\n\n経費\t補助率\n謝金\t定額\n会場費\t2/3\n", encoding="utf-8")
    table = run(read_document(path), INFO)
    assert {(f.kind, f.value) for f in table} == {("rate", "10/10"), ("rate", "2/3")}  # a cell 定額 is a rate
