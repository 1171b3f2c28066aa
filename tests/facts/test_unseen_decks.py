"""Classes of errors found on made-up slide decks and leaflets (text layers as a converter writes
them), each tested on a text written for the test: names of programs, frames and types are invented
(彩雲, 翠嵐, 霧笛 …) or generic, and no sentence is taken from the corpus."""

from __future__ import annotations

from collections.abc import Callable

from extract.facts.model import DocInfo, Fact
from extract.facts.pipeline import run
from extract.model import DocumentText

INFO = DocInfo(key="doc", sha256="0" * 64)
Read = Callable[[str], DocumentText]


def facts_of(read: Read, text: str) -> list[Fact]:
    return run(read(text), INFO)


def got(facts: list[Fact], *fields: str) -> set[tuple]:
    fields = fields or ("frame", "type", "kind", "value", "applicant")
    return {tuple(getattr(f, k) for k in fields) for f in facts}


# --- a particle ends a name; a field label in brackets is no section; a slide title is its first line ---

def test_a_particle_between_kanji_is_no_okurigana_so_a_cue_before_it_stays_a_cue(text_layer) -> None:
    text = "ものづくり補助金のご案内\n\n彩雲承継枠について\n補助上限額:800万円\n※補助下限額は各枠とも100万円\n"
    assert ("彩雲承継枠", None, "cap_min", 1000000, None) in got(facts_of(text_layer, text))


def test_a_bracketed_field_label_with_its_content_is_an_item_of_the_frames_section(text_layer) -> None:
    text = ("霧笛市創業応援補助金のご案内\n\n翠嵐活用枠について\n"
            "【補助対象経費】設備費、広告費、外注費\n【補助率】1/2\n【補助額】下限20万円、上限100万円\n")
    assert got(facts_of(text_layer, text), "frame", "kind", "value") == {
        ("翠嵐活用枠", "rate", "1/2"), ("翠嵐活用枠", "cap_min", 200000), ("翠嵐活用枠", "cap_max", 1000000)}


def test_a_bracketed_section_heading_alone_still_ends_the_frames_section(text_layer) -> None:
    text = ("霧笛市創業応援補助金のご案内\n\n翠嵐活用枠について\n【補助率】1/2\n"
            "【申請スケジュール】\n受付開始:令和7年4月21日(月)\n")
    assert got(facts_of(text_layer, text), "frame", "kind", "value") == {
        ("翠嵐活用枠", "rate", "1/2"), (None, "opens", "2025-04-21")}


DECK = (" 事業承継・M&A補助金の概要\n 支援枠は彩雲承継枠と翠嵐活用枠です。\n1\n"
        " 翠嵐活用枠\n 専門家の活用費用を支援。\n\n甲支援類型\n補助率:2/3\n補助上限額:600万円\n\n"
        "乙支援類型\n補助率:1/2\n補助上限額:400万円\n2\n")


def test_a_slides_first_line_naming_a_frame_is_its_title_and_its_types_nest_under_it(text_layer) -> None:
    assert got(facts_of(text_layer, DECK)) == got(facts_of(text_layer, DECK.replace("\n1\n", "\n1\n\f"))) == {
        ("翠嵐活用枠", "甲支援類型", "rate", "2/3", None), ("翠嵐活用枠", "甲支援類型", "cap_max", 6000000, None),
        ("翠嵐活用枠", "乙支援類型", "rate", "1/2", None), ("翠嵐活用枠", "乙支援類型", "cap_max", 4000000, None)}


def test_a_numbered_first_line_is_no_slide_title_over_the_types(text_layer) -> None:
    numbered = DECK.replace(" 翠嵐活用枠\n", " 1.翠嵐活用枠\n").replace("乙支援類型\n", "2.乙支援類型\n")
    frames = {f.frame for f in facts_of(text_layer, numbered) if f.type == "乙支援類型"}
    assert frames == {None}  # 1.翠嵐活用枠 and 2.乙支援類型 are siblings of one outline


# --- a value said of every frame or type ----------------------------------------------------------

def test_a_value_of_every_type_holds_for_each_type_of_its_slide(text_layer) -> None:
    text = ("ものづくり補助金の概要\n\n翠嵐活用枠について\n\n甲支援類型\n補助上限額:600万円\n\n"
            "乙支援類型\n補助上限額:400万円\n\n補助下限額:50万円(各類型共通)\n")
    assert {(f.type, f.value) for f in facts_of(text_layer, text) if f.kind == "cap_min"} == {
        ("甲支援類型", 500000), ("乙支援類型", 500000)}


def test_a_value_of_every_frame_on_a_slide_of_no_frame_stays_program_wide(text_layer) -> None:
    text = "ものづくり補助金の概要\n\n補助上限額:600万円\n※補助下限額は各枠とも100万円\n"
    assert {(f.frame, f.type, f.value) for f in facts_of(text_layer, text) if f.kind == "cap_min"} == {
        (None, None, 1000000)}


# --- programs of other ministries keep their official names -----------------------------------

def test_an_official_name_linking_nouns_by_niokeru_is_kept_whole(text_layer) -> None:
    text = "令和7年度 港湾地区における霧笛型物流効率化推進事業\n\n補助率 1/2\n補助上限額 3,000万円\n"
    assert {f.program for f in facts_of(text_layer, text)} == {"港湾地区における霧笛型物流効率化推進事業"}


def test_a_program_of_another_ministry_may_end_in_taisaku_jigyo(text_layer) -> None:
    text = "霧笛港人材不足対策事業の概要\n\n補助率 1/2\n補助上限額 3,000万円\n"
    assert {f.program for f in facts_of(text_layer, text)} == {"霧笛港人材不足対策事業"}


# --- leaflets: boxes side by side as a table headed by names only ------------------------------

BOXES = ("霧笛県省エネ設備導入補助金のご案内\n\n"
         "彩雲型\t翠嵐電化型\t中小企業型\n"
         "設備の更新\t電化・燃料転換\t中小企業等の設備更新\n"
         "補助率 1/3\t補助率 1/3\t補助率 1/2\n"
         "上限 1億円\t上限 5億円\t上限 5,000万円\n")


def test_a_table_whose_header_row_names_every_column_has_no_row_label_column(text_layer) -> None:
    assert got(facts_of(text_layer, BOXES), "type", "kind", "value") == {
        ("彩雲型", "rate", "1/3"), ("彩雲型", "cap_max", 100000000),
        ("翠嵐電化型", "rate", "1/3"), ("翠嵐電化型", "cap_max", 500000000),
        ("中小企業型", "rate", "1/2"), ("中小企業型", "cap_max", 50000000)}


def test_a_type_named_after_a_company_class_is_no_applicant(text_layer) -> None:
    assert {f.applicant for f in facts_of(text_layer, BOXES)} == {None}


# --- a budget line the program's budget is a share of ---------------------------------------------

def test_a_budget_line_printed_with_no_uchisu_is_no_section_about_that_line(text_layer) -> None:
    text = (" 中堅企業の投資支援について\n\n 中小企業成長加速化補助金\n"
            "令和6年度補正予算 中小企業生産性革命推進事業の内数\n補助上限額 5億円\n補助率 1/2\n")
    assert {(f.program, f.fiscal_year, f.budget) for f in facts_of(text_layer, text)} == {
        ("成長加速化補助金", 2024, "補正")}


# --- a type in plain 型 printed as a cell names its sections ---------------------------------------

PLAIN_TYPES = ("霧笛県省力化設備補助金の全体像\n\n"
               "\t彩雲注文型\t翠嵐一般型\n概要\t汎用製品を導入\t個別の設備を導入\n\n"
               "彩雲注文型の補助上限額\n\n従業員数\t補助上限額\n5人以下\t250万円\n6人以上\t550万円\n\n"
               "翠嵐一般型の公募スケジュール\n\n\t公募開始\t申請締切\n第4回\t令和7年9月19日(金)\t令和7年11月28日(金)\n")


def test_a_type_in_plain_kata_printed_as_a_cell_names_the_caption_above_a_table(text_layer) -> None:
    assert got(facts_of(text_layer, PLAIN_TYPES), "type", "kind", "value") == {
        ("彩雲注文型", "cap_max", 2500000), ("彩雲注文型", "cap_max", 5500000),
        ("翠嵐一般型", "opens", "2025-09-19"), ("翠嵐一般型", "deadline", "2025-11-28")}


def test_a_type_in_plain_kata_inside_a_longer_word_names_nothing(text_layer) -> None:
    first = PLAIN_TYPES.split("翠嵐一般型の公募")[0]
    text = first.replace("彩雲注文型の補助上限額", "彩雲注文型ビジネス推進の補助上限額")
    assert {f.type for f in facts_of(text_layer, text) if f.kind == "cap_max"} == {None}


# --- a 助成金's table of courses by the workers counted -------------------------------------------

COURSES = ("霧笛業務改善助成金のご案内\n\n 助成上限額・助成率\n\n"
           "コース区分\t引上げ額\t引き上げる労働者数\n"
           "\t\t1人\t2~3人\t4人以上\n"
           "45円コース\t45円以上\t45万円\t70万円\t100万円\n"
           "75円コース\t75円以上\t75万円\t110万円\t150万円\n\n"
           "助成率\n事業場内最低賃金 1,000円未満\t9/10\n事業場内最低賃金 1,000円以上\t4/5\n")


def test_a_course_named_by_its_amount_is_the_frame_of_its_row(text_layer) -> None:
    caps = {(f.frame, f.value, f.condition) for f in facts_of(text_layer, COURSES) if f.kind == "cap_max"}
    assert caps == {
        ("45円コース", 450000, "引き上げる労働者数 1人"), ("45円コース", 700000, "引き上げる労働者数 2~3人"),
        ("45円コース", 1000000, "引き上げる労働者数 4人以上"), ("75円コース", 750000, "引き上げる労働者数 1人"),
        ("75円コース", 1100000, "引き上げる労働者数 2~3人"), ("75円コース", 1500000, "引き上げる労働者数 4人以上")}


def test_a_first_tab_row_of_values_is_a_row_not_a_header(text_layer) -> None:
    assert {f.value for f in facts_of(text_layer, COURSES) if f.kind == "rate"} == {"9/10", "4/5"}


# --- a program divided into タイプ ------------------------------------------------------------------

def test_a_numbered_heading_naming_a_taipu_is_a_frame(text_layer) -> None:
    text = ("【令和6年度補正予算額 30億円】\n霧笛農機導入緊急支援事業\n\n＜事業の内容＞\n1.彩雲経営体タイプ\n"
            "補助率:1/2以内\n上限額:1,500万円\n2.翠嵐産地タイプ\n補助率:1/2以内(中山間地域は55/100以内)\n"
            "上限額:1億円\n\n高効率な省エネタイプの機器は補助率1/3以内\n")
    assert got(facts_of(text_layer, text), "frame", "kind", "value") >= {
        ("彩雲経営体タイプ", "rate", "1/2"), ("彩雲経営体タイプ", "cap_max", 15000000),
        ("翠嵐産地タイプ", "rate", "1/2"), ("翠嵐産地タイプ", "rate", "11/20"),
        ("翠嵐産地タイプ", "cap_max", 100000000)}
    assert not any(f.frame and "省エネ" in f.frame for f in facts_of(text_layer, text))


# --- the hour a schedule says every round closes at -----------------------------------------------

ROUNDS = ("霧笛市デジタル化応援補助金のご案内\n\n 申請スケジュール\n受付開始\n令和7年4月21日(月)\n第1回締切\n"
          "令和7年5月30日(金)\n第2回締切\n令和7年7月31日(木)\n※各回とも17時必着。\n")


def test_an_hour_said_of_every_round_closes_each_deadline_of_the_page(text_layer) -> None:
    assert got(facts_of(text_layer, ROUNDS), "kind", "value") == {
        ("opens", "2025-04-21"), ("deadline", "2025-05-30T17:00"), ("deadline", "2025-07-31T17:00")}


def test_office_hours_close_no_deadline(text_layer) -> None:
    text = ROUNDS.replace("※各回とも17時必着。", "受付時間はいずれも平日9時~17時")
    assert {f.value for f in facts_of(text_layer, text) if f.kind == "deadline"} == {"2025-05-30", "2025-07-31"}


def test_a_type_in_plain_kata_named_in_a_sentence_gives_the_value_its_type(text_layer) -> None:
    text = ("霧笛県宿泊支援事業の概要\n\n類型\n補助率\n補助上限額\n彩雲単独型\n1/2\n1,000万円\n翠嵐連携型\n2/3\n"
            "2,000万円\n※翠嵐連携型で構成員が5者以上の場合、上限額を2,500万円に引き上げます。\n")
    assert (None, "翠嵐連携型", "cap_max", 25000000, None) in got(facts_of(text_layer, text))


# --- a 助成金's table by company size: sums per person and hour, expense rates in percent ----------

HOURS = ("令和7年度 霧笛人材育成助成金のご案内\n\n■ 助成額・助成率(彩雲育成コース)\n\n"
         "\t中小企業\t中小企業以外\n賃金助成(1人1時間当たり)\t800円\t400円\n経費助成率\t45%\t30%\n")


def test_a_cell_under_a_label_counting_per_person_and_hour_keeps_its_small_sum(text_layer) -> None:
    caps = {(f.frame, f.value, f.applicant, f.unit) for f in facts_of(text_layer, HOURS) if f.kind == "cap_max"}
    assert caps == {("彩雲育成コース", 800, "中小企業", "person_hour"),
                    ("彩雲育成コース", 400, "中小企業以外", "person_hour")}


def test_a_percentage_alone_under_a_label_of_rates_is_a_rate(text_layer) -> None:
    rates = {(f.value, f.applicant) for f in facts_of(text_layer, HOURS) if f.kind == "rate"}
    assert rates == {("9/20", "中小企業"), ("3/10", "中小企業以外")}


# --- a value in bare brackets after an applicant's value: the same applicant in the note's case ------

def test_a_bracketed_rate_after_an_applicants_rate_is_that_applicants_in_the_notes_case(text_layer) -> None:
    text = ("ものづくり補助金の概要\n\n翠嵐連携枠\n補助率 中小企業 1/2(2/3) 中堅企業 1/3(1/2)\n"
            "※( )内は大規模な賃上げを行う場合\n")
    assert got(facts_of(text_layer, text), "value", "applicant", "condition") == {
        ("1/2", "中小企業", None), ("2/3", "中小企業", "大規模な賃上げを行う場合"),
        ("1/3", "中堅企業", None), ("1/2", "中堅企業", "大規模な賃上げを行う場合")}


def test_noon_said_of_every_period_closes_each_deadline_of_the_page(text_layer) -> None:
    text = ROUNDS.replace("※各回とも17時必着。", "※各期とも正午締切。")
    assert {f.value for f in facts_of(text_layer, text) if f.kind == "deadline"} == {
        "2025-05-30T12:00", "2025-07-31T12:00"}


# --- one type name under two frames; a class opening a row of values -------------------------------

SHARED = (" 事業再構築補助金の概要\n 二つの枠で公募します。\n1\n"
          " 彩雲進出枠\n 成長分野への挑戦を支援。\n\n通常類型\n"
          "補助上限額 1,200万円\n\n特別類型\n中小企業 上限1億円 補助率1/2(2/3)\n中堅企業 上限1.5億円 補助率1/3(1/2)\n"
          "※( )内は大規模な賃上げを行う場合\n2\n"
          " 翠嵐回復枠\n 債務の借換えを行う事業者を支援。\n類型\n通常類型\n最低賃金類型\n"
          "補助上限額\n1,000万円\n500万円\n3\n")


def test_a_type_name_printed_under_two_frames_takes_the_frame_it_stands_under(text_layer) -> None:
    facts = facts_of(text_layer, SHARED)
    caps = {(f.frame, f.type, f.value) for f in facts if f.kind == "cap_max" and not f.applicant}
    assert caps == {("彩雲進出枠", "通常類型", 12000000), ("翠嵐回復枠", "通常類型", 10000000),
                    ("翠嵐回復枠", "最低賃金類型", 5000000)}


def test_a_class_opening_a_row_of_values_is_the_applicant_of_each(text_layer) -> None:
    rates = {(f.value, f.applicant, f.condition) for f in facts_of(text_layer, SHARED) if f.kind == "rate"}
    assert rates == {("1/2", "中小企業", None), ("2/3", "中小企業", "大規模な賃上げを行う場合"),
                     ("1/3", "中堅企業", None), ("1/2", "中堅企業", "大規模な賃上げを行う場合")}


# --- the slide of the budget line that holds the program -------------------------------------------

def test_the_slide_of_an_umbrella_budget_line_scopes_that_slide_only(text_layer) -> None:
    text = (" 霧笛商店街デジタル化補助金の概要\n\n関東経済産業局\n1\n"
            " 中小企業生産性革命推進事業\n令和7年度補正予算額 3,200億円\n2\n"
            " 支援枠の一覧\n彩雲拡張枠 補助上限額 1,000万円\n3\n")
    assert {(f.program, f.kind) for f in facts_of(text_layer, text)} == {
        ("生産性革命推進事業", "budget"), ("霧笛商店街デジタル化補助金", "cap_max")}


# --- tables one cell per line: tiers under a name, a title above the header, a generic axis header ---

TIERED = (" 霧笛デジタル化補助金の概要\n\n 支援枠の一覧\n申請枠\n補助額\n補助率\n"
          "彩雲拡張枠\n1プロセス以上\n4プロセス以上\n"
          "翠嵐連携枠\n\n5万円~150万円\n\n1/2\n\n150万円~450万円\n\n1/2\n\n~350万円\n\n3/4\n")


def test_tiers_under_a_name_are_rows_of_that_name_in_a_table_one_cell_per_line(text_layer) -> None:
    assert got(facts_of(text_layer, TIERED), "frame", "kind", "value", "condition") == {
        ("彩雲拡張枠", "cap_min", 50000, "1プロセス以上"), ("彩雲拡張枠", "cap_max", 1500000, "1プロセス以上"),
        ("彩雲拡張枠", "rate", "1/2", "1プロセス以上"), ("彩雲拡張枠", "cap_min", 1500000, "4プロセス以上"),
        ("彩雲拡張枠", "cap_max", 4500000, "4プロセス以上"), ("彩雲拡張枠", "rate", "1/2", "4プロセス以上"),
        ("翠嵐連携枠", "cap_max", 3500000, None), ("翠嵐連携枠", "rate", "3/4", None)}


def test_a_generic_axis_header_is_no_frame_and_a_flow_label_no_rate(text_layer) -> None:
    text = ("【令和7年度予算額 12億円】\n霧笛産地強化支援事業\n\n＜事業の内容＞\n"
            "事業タイプ\n彩雲整備タイプ\n翠嵐導入タイプ\n"
            "補助率\n1/2以内\n1/3以内\n\n※翠嵐導入タイプは上限1,500万円\n\n＜事業の流れ＞\n国\n交付(定額)\n都道府県\n")
    facts = facts_of(text_layer, text)
    assert {f.frame for f in facts} == {None, "彩雲整備タイプ", "翠嵐導入タイプ"}
    assert {f.value for f in facts if f.kind == "rate"} == {"1/2", "1/3"}


def test_frames_listed_together_before_a_value_give_it_to_each(text_layer) -> None:
    text = "霧笛デジタル化補助金の概要\n\n※最低賃金近傍の事業者は、彩雲拡張枠及び翠嵐連携枠の補助率を2/3とする。\n"
    facts = facts_of(text_layer, text)
    assert {(f.frame, f.value) for f in facts} == {("彩雲拡張枠", "2/3"), ("翠嵐連携枠", "2/3")}
    assert all("frame.name-joiner" in f.extra["rules"] for f in facts)
