"""Facts of PDFs laid out as the publishers lay them out, drawn here: schedule tables and timelines,
frame tables with a 類型 column, leaflets with big split numbers, label boxes, two-column sheets.

Each test draws a small PDF written for its rule (none is copied from the corpus or from the
documents the rules were found on) and checks the facts the whole stage reads from it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf

from extract import read_document
from extract.facts.model import DocInfo, Fact
from extract.facts.pipeline import run

INFO = DocInfo(key="doc", sha256="0" * 64)
Cell = tuple[int, int, int, int, str]


def ruled(page: pymupdf.Page, x: float, y: float, widths: list[float], heights: list[float],
          cells: list[Cell], size: float = 10) -> float:
    """Draw a ruled table at (x, y); cells are (row, col, rowspan, colspan, text), lines split at \\n.
    Return the y below the table."""
    xs, ys = [x], [y]
    for w in widths:
        xs.append(xs[-1] + w)
    for h in heights:
        ys.append(ys[-1] + h)
    for r, c, rs, cs, text in cells:
        page.draw_rect(pymupdf.Rect(xs[c], ys[r], xs[c + cs], ys[r + rs]), color=(0, 0, 0), width=0.7)
        for k, line in enumerate(text.split("\n")):
            page.insert_text((xs[c] + 4, ys[r] + 4 + size * (1 + 1.4 * k)), line, fontname="japan", fontsize=size)
    return ys[-1]


def drawn(tmp_path: Path, *pages: Callable[[pymupdf.Page], object], width: float = 595, height: float = 842) -> Path:
    """Write a PDF whose pages are drawn by the given functions; return its path."""
    doc = pymupdf.open()
    for draw in pages:
        draw(doc.new_page(width=width, height=height))
    path = tmp_path / "t.pdf"
    doc.save(path)
    doc.close()
    return path


def facts_of(path: Path) -> list[Fact]:
    return run(read_document(path), INFO)


def text(page: pymupdf.Page, x: float, y: float, s: str, size: float = 10.5,
         color: tuple[float, float, float] = (0, 0, 0)) -> None:
    page.insert_text((x, y), s, fontname="japan", fontsize=size, color=color)


def test_a_schedule_table_with_the_announcement_of_results_is_read(tmp_path: Path) -> None:
    # 採択結果の発表 is an event of the schedule, not a count: the table is no statistic
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "みなと市 商店街にぎわい創出補助金 募集案内", 16)
        text(p, 40, 90, "事業スケジュール", 12)
        ruled(p, 40, 100, [140, 300], [24, 24, 24], [
            (0, 0, 1, 1, "募集開始"), (0, 1, 1, 1, "2025年9月1日(月)"),
            (1, 0, 1, 1, "申請受付締切"), (1, 1, 1, 1, "2025年10月31日(金)15:00"),
            (2, 0, 1, 1, "採択結果の発表"), (2, 1, 1, 1, "2025年12月中旬(予定)"),
        ])

    got = {(f.kind, f.value) for f in facts_of(drawn(tmp_path, page)) if f.kind in ("opens", "deadline")}
    assert got == {("opens", "2025-09-01"), ("deadline", "2025-10-31T15:00")}


def test_a_closing_hour_printed_with_minutes_for_every_round(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "はまなす県 観光施設バリアフリー化補助金 募集要項", 15)
        text(p, 40, 90, "5 募集期間", 12)
        text(p, 50, 115, "前期 令和7年6月2日(月)~令和7年6月30日(月)")
        text(p, 50, 135, "後期 令和7年9月1日(月)~令和7年9月30日(火)")
        text(p, 50, 155, "※いずれも16時30分までに必着")

    got = {f.value for f in facts_of(drawn(tmp_path, page)) if f.kind == "deadline"}
    assert got == {"2025-06-30T16:30", "2025-09-30T16:30"}


def _program(path: Path) -> set[str]:
    return {f.program for f in facts_of(path)}


def test_a_leaflet_title_set_over_two_lines_is_one_program_name(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 40, "令和7年度", 12)
        text(p, 40, 80, "みなみ町小規模事業者", 26)
        text(p, 40, 116, "販路開拓応援補助金", 26)
        text(p, 40, 170, "補助上限額 50万円 補助率 2/3以内", 13)

    assert _program(drawn(tmp_path, page)) == {"みなみ町小規模事業者販路開拓応援補助金"}


def test_an_issuer_above_a_title_is_no_part_of_the_name(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 40, "国土交通省", 12)
        text(p, 40, 80, "地域交通キャッシュレス化推進事業", 22)
        text(p, 40, 130, "補助率 1/3以内", 12)

    assert _program(drawn(tmp_path, page)) == {"地域交通キャッシュレス化推進事業"}


def test_the_project_in_brackets_after_a_budget_lines_subsidy_is_the_documents_program(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 150, 120, "令和7年度 温室効果ガス排出削減対策事業費等補助金", 14)
        text(p, 180, 150, "(中小規模事業場の省エネ診断支援事業)", 14)
        text(p, 240, 200, "公募要領", 20)
        text(p, 40, 300, "補助率:1/2以内 補助上限額:300万円", 11)

    assert _program(drawn(tmp_path, page)) == {"中小規模事業場の省エネ診断支援事業"}


def test_a_label_box_beside_its_line_of_dates_is_read_first(tmp_path: Path) -> None:
    # the label sits a little lower than the dates, in a filled box on their left
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "さくらんぼ県 中小企業DX推進補助金", 18)
        p.draw_rect(pymupdf.Rect(40, 100, 130, 140), color=None, fill=(0.1, 0.4, 0.2))
        text(p, 55, 126, "受付期間", 14, (1, 1, 1))
        text(p, 145, 118, "2025年7月1日(火)~8月29日(金)", 16)

    got = {(f.kind, f.value) for f in facts_of(drawn(tmp_path, page))}
    assert got == {("opens", "2025-07-01"), ("deadline", "2025-08-29")}


def test_a_column_of_types_beside_the_frames_and_a_tier_column_with_a_dash(tmp_path: Path) -> None:
    # 枠 | 類型 | 従業員数 | 補助上限額 | 補助率, types and rates merged over their tier rows; the last
    # frame has no type and no tier (― in the tier column)
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "ものづくり補助金 公募要領", 16)
        text(p, 40, 85, "1-2 補助対象事業の区分", 12)
        ruled(p, 40, 100, [100, 90, 80, 90, 90], [24] * 6, [
            (0, 0, 1, 1, "枠"), (0, 1, 1, 1, "類型"), (0, 2, 1, 1, "従業員数"), (0, 3, 1, 1, "補助上限額"),
            (0, 4, 1, 1, "補助率"),
            (1, 0, 4, 1, "成長投資枠"), (1, 1, 2, 1, "標準類型"), (1, 2, 1, 1, "10人以下"), (1, 3, 1, 1, "500万円"),
            (1, 4, 2, 1, "1/2"), (2, 2, 1, 1, "11人以上"), (2, 3, 1, 1, "800万円"),
            (3, 1, 2, 1, "拡張類型"), (3, 2, 1, 1, "10人以下"), (3, 3, 1, 1, "900万円"), (3, 4, 2, 1, "2/3"),
            (4, 2, 1, 1, "11人以上"), (4, 3, 1, 1, "1,200万円"),
            (5, 0, 1, 2, "海外連携枠"), (5, 2, 1, 1, "―"), (5, 3, 1, 1, "2,000万円"), (5, 4, 1, 1, "1/2"),
        ])

    facts = facts_of(drawn(tmp_path, page))
    got = {(f.frame, f.type, f.kind, f.value, f.condition) for f in facts}
    assert got == {
        ("成長投資枠", "標準類型", "cap_max", 5000000, "10人以下"),
        ("成長投資枠", "標準類型", "cap_max", 8000000, "11人以上"),
        ("成長投資枠", "標準類型", "rate", "1/2", None),
        ("成長投資枠", "拡張類型", "cap_max", 9000000, "10人以下"),
        ("成長投資枠", "拡張類型", "cap_max", 12000000, "11人以上"),
        ("成長投資枠", "拡張類型", "rate", "2/3", None),
        ("海外連携枠", None, "cap_max", 20000000, None), ("海外連携枠", None, "rate", "1/2", None),
    }  # and the employee counts of the tiers define no applicant class (no employees_max)


def test_a_note_restricting_its_value_to_a_type_under_a_generic_frames_heading(tmp_path: Path) -> None:
    # 補助対象事業枠 is the heading over the frames, no frame of its own; (拡張類型に限る) places the rate
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "ものづくり補助金 公募要領", 16)
        text(p, 40, 90, "2.補助対象事業枠及び補助率", 12)
        text(p, 40, 115, "拡張類型の補助率は1/2とします。", 11)
        text(p, 40, 140, "※被災地域で事業を行う事業者(拡張類型に限る)の補助率は3/4とします。", 10)

    got = {(f.frame, f.type, f.value) for f in facts_of(drawn(tmp_path, page)) if f.kind == "rate"}
    assert got == {(None, "拡張類型", "1/2"), (None, "拡張類型", "3/4")}


def test_a_definition_naming_its_measure_once_and_wrapped_after_a_digit(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "持続化補助金 公募要領", 16)
        text(p, 40, 90, "(2)小規模事業者", 11)
        text(p, 45, 112, "常時使用する従業員の数が、宿泊業・娯楽業では20人以下、卸売業・小売業では5", 10.5)
        text(p, 45, 130, "人以下の法人又は個人事業主をいいます。", 10.5)

    got = {(f.kind, f.value, f.condition) for f in facts_of(drawn(tmp_path, page)) if f.kind == "employees_max"}
    assert got == {("employees_max", 20, "宿泊業・娯楽業"), ("employees_max", 5, "卸売業・小売業")}


def test_a_budget_heading_heads_the_amount_below_it_only(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "令和7年度補正予算 水産加工業人手不足対策緊急支援事業", 14)
        text(p, 40, 90, "4.予算額", 12)
        text(p, 50, 112, "8億5千万円(令和7年度補正予算)")
        text(p, 40, 150, "5.事業のイメージ", 12)
        text(p, 50, 172, "加工ラインへの自動計量機の導入 3,000万円")

    got = {(f.kind, f.value) for f in facts_of(drawn(tmp_path, page))}
    assert got == {("budget", 850000000)}


def test_a_box_longer_than_the_boxes_beside_it_keeps_its_last_lines(tmp_path: Path) -> None:
    # the first box prints one line more (two applicants' rates): its last value stands alone below the others
    def page(p: pymupdf.Page) -> None:
        text(p, 30, 40, "省エネ補助金 類型ごとの補助率・補助上限額", 18)
        boxes = [("(I)標準型", ["補助率", "中小企業 1/2", "大企業 1/3", "補助上限額", "5億円", "補助下限額", "50万円"]),
                 ("(II)拡張型", ["補助率", "2/3", "補助上限額", "3億円", "補助下限額", "30万円"]),
                 ("(III)連携型", ["補助率", "1/3", "補助上限額", "1億円", "補助下限額", "20万円"])]
        for i, (name, lines) in enumerate(boxes):
            x = 30 + i * 260
            p.draw_rect(pymupdf.Rect(x, 70, x + 240, 330), color=(0, 0.4, 0.2), width=1.2)
            text(p, x + 10, 92, name, 14)
            for k, s in enumerate(lines):
                text(p, x + 10, 125 + 28 * k, s, 14)

    got = {(f.type, f.kind, f.value) for f in facts_of(drawn(tmp_path, page, width=842, height=595))}
    assert {(t, k, v) for t, k, v in got if k in ("cap_min", "cap_max")} == {
        ("標準型", "cap_max", 500000000), ("拡張型", "cap_max", 300000000), ("連携型", "cap_max", 100000000),
        ("標準型", "cap_min", 500000), ("拡張型", "cap_min", 300000), ("連携型", "cap_min", 200000)}


def test_a_section_numbered_with_a_space_closes_the_types_of_the_section_before(tmp_path: Path) -> None:
    # １　事業の内容 / (1) types / ２　応募期間: the dates belong to no type (the number loses its space in
    # normalisation: 2応募期間)
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "令和7年度補正予算 花き産地持続化支援事業", 15)
        lines = ["１　事業の内容", "（１）個別型", "補助率：１／２以内", "（２）連携型", "補助率：２／３以内",
                 "２　応募期間", "令和７年１０月１日（水）～令和７年１１月２８日（金）"]
        for k, s in enumerate(lines):
            text(p, 40 if s[0] in "１２" else 50, 90 + 22 * k, s, 11)

    got = {(f.type, f.kind, f.value) for f in facts_of(drawn(tmp_path, page))}
    assert got == {("個別型", "rate", "1/2"), ("連携型", "rate", "2/3"),
                   (None, "opens", "2025-10-01"), (None, "deadline", "2025-11-28")}


def test_a_guide_of_one_type_with_applicant_labels_part_notes_and_a_yearless_timeline(tmp_path: Path) -> None:
    # the cover names the type in brackets and dates the guide; rates stand under their class's label,
    # a note under each gives the rate of a part; the timeline prints months and days only
    def cover(p: pymupdf.Page) -> None:
        text(p, 120, 200, "販路開拓支援補助金(展示会型)", 26)
        text(p, 240, 260, "申請の手引き", 22)
        text(p, 250, 420, "2025年11月", 14)

    def rates(p: pymupdf.Page) -> None:
        text(p, 40, 50, "補助率", 18)
        text(p, 40, 90, "中小企業", 14)
        text(p, 300, 90, "1/2", 22)
        text(p, 50, 112, "※補助金額500万円を超える部分は1/3", 10)
        text(p, 40, 150, "小規模事業者", 14)
        text(p, 300, 150, "2/3", 22)
        text(p, 50, 172, "※補助金額500万円を超える部分は1/3", 10)
        text(p, 40, 220, "※被災地域の事業者は、中小企業であっても補助率2/3", 10)

    def timeline(p: pymupdf.Page) -> None:
        text(p, 40, 50, "スケジュール", 18)
        for i, (event, day) in enumerate([("申請受付開始", "12月1日(月)"), ("申請締切", "1月30日(金)17:00")]):
            p.draw_rect(pymupdf.Rect(40 + 250 * i, 80, 260 + 250 * i, 160), color=(0, 0, 0.5), width=1.2)
            text(p, 60 + 250 * i, 110, event, 14)
            text(p, 60 + 250 * i, 140, day, 14)

    facts = facts_of(drawn(tmp_path, cover, rates, timeline, width=842, height=595))
    assert {f.type for f in facts} == {"展示会型"}
    assert {(f.kind, f.value, f.applicant) for f in facts} == {
        ("rate", "1/2", "中小企業"), ("rate", "1/3", "中小企業"), ("rate", "2/3", "小規模事業者"),
        ("rate", "1/3", "小規模事業者"), ("rate", "2/3", "中小企業"),
        ("opens", "2025-12-01", None), ("deadline", "2026-01-30T17:00", None)}


def test_a_type_name_wrapped_in_its_narrow_header_cell_and_a_rate_pointing_to_each_frames_own(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 40, "持続化補助金 補助上限額・補助率", 16)
        ruled(p, 40, 60, [90, 110, 80, 130], [24, 34, 24, 44], [
            (0, 0, 2, 1, ""), (0, 1, 1, 2, "販路開拓枠"), (0, 3, 2, 1, "事業再編枠"),
            (1, 1, 1, 1, "国内展開類型"), (1, 2, 1, 1, "海外展示会\n出展類型"),
            (2, 0, 1, 1, "補助上限額"), (2, 1, 1, 1, "200万円"), (2, 2, 1, 1, "300万円"), (2, 3, 1, 1, "500万円"),
            (3, 0, 1, 1, "補助率"), (3, 1, 1, 1, "2/3"), (3, 2, 1, 1, "2/3"),
            (3, 3, 1, 1, "1/2\n(併用時は\n各枠の補助率)"),
        ])

    got = {(f.frame, f.type, f.kind, f.value) for f in facts_of(drawn(tmp_path, page))}
    assert got == {
        ("販路開拓枠", "国内展開類型", "cap_max", 2000000), ("販路開拓枠", "国内展開類型", "rate", "2/3"),
        ("販路開拓枠", "海外展示会出展類型", "cap_max", 3000000), ("販路開拓枠", "海外展示会出展類型", "rate", "2/3"),
        ("事業再編枠", None, "cap_max", 5000000), ("事業再編枠", None, "rate", "1/2")}


def test_an_article_of_rules_giving_the_last_day_to_apply(tmp_path: Path) -> None:
    # a 交付規程 states the deadline in an article; the report's last day in another is no deadline
    def page(p: pymupdf.Page) -> None:
        text(p, 150, 50, "地域商業活性化支援補助金交付規程", 13)
        text(p, 40, 90, "(申請の手続)", 10)
        text(p, 40, 110, "第6条 補助金の交付を受けようとする者は、2025年8月29日(金)17時までに、交付申請書を", 10)
        text(p, 40, 126, "事務局に提出しなければならない。", 10)
        text(p, 40, 150, "(実績報告)", 10)
        text(p, 40, 170, "第14条 補助事業者は、2026年1月30日(金)までに、実績報告書を事務局に", 10)
        text(p, 40, 186, "提出しなければならない。", 10)

    got = {(f.kind, f.value) for f in facts_of(drawn(tmp_path, page))}
    assert got == {("deadline", "2025-08-29T17:00")}


def test_the_values_under_a_worked_examples_heading_are_no_facts(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "あさひ市 店舗改装支援補助金", 16)
        text(p, 40, 90, "補助上限額 120万円 補助率 1/2以内", 12)
        text(p, 40, 130, "■活用イメージ", 12)
        p.draw_rect(pymupdf.Rect(40, 140, 500, 200), color=(0.5, 0.5, 0.5), width=0.8)
        text(p, 50, 162, "客席の改装(経費180万円)", 11)
        text(p, 50, 184, "→ 補助上限額(90万円)の範囲内で補助金90万円", 11)
        text(p, 40, 230, "■申請の下限", 12)
        text(p, 50, 252, "補助下限額 10万円", 11)

    got = {(f.kind, f.value) for f in facts_of(drawn(tmp_path, page))}
    assert got == {("cap_max", 1200000), ("rate", "1/2"), ("cap_min", 100000)}


def test_each_budget_sheet_of_a_deck_is_about_the_program_its_title_names(tmp_path: Path) -> None:
    def sheet(name: str, budget: str, lines: list[str]) -> Callable[[pymupdf.Page], None]:
        def page(p: pymupdf.Page) -> None:
            text(p, 30, 42, name, 20)
            text(p, 560, 40, budget, 11)
            p.draw_rect(pymupdf.Rect(430, 85, 812, 300), color=(0, 0, 0.5), width=1)
            text(p, 440, 100, "事業スキーム(対象者、対象行為、補助率等)", 11)
            text(p, 460, 140, "中小企業等", 12)
            for k, s in enumerate(lines):
                text(p, 445, 180 + 20 * k, s, 11)
        return page

    pdf = drawn(tmp_path, sheet("地域観光資源磨き上げ支援事業", "令和7年度予算案額 8.0億円", ["補助率:1/2以内"]),
                sheet("伝統的漁法継承振興事業", "令和7年度予算案額 3.5億円", ["補助率:2/3以内", "補助上限額:500万円"]),
                width=842, height=595)
    got = {(f.program, f.kind, f.value, f.applicant) for f in facts_of(pdf)}
    assert got == {("地域観光資源磨き上げ支援事業", "budget", 800000000, None),
                   ("地域観光資源磨き上げ支援事業", "rate", "1/2", None),
                   ("伝統的漁法継承振興事業", "budget", 350000000, None),
                   ("伝統的漁法継承振興事業", "rate", "2/3", None),
                   ("伝統的漁法継承振興事業", "cap_max", 5000000, None)}


def test_a_column_of_decision_dates_beside_each_rounds_deadline_and_a_row_of_totals(tmp_path: Path) -> None:
    def schedule(p: pymupdf.Page) -> None:
        text(p, 40, 50, "ものづくり補助金 公募要領", 16)
        ruled(p, 40, 80, [80, 220, 220], [24, 24, 24], [
            (0, 0, 1, 1, "回"), (0, 1, 1, 1, "申請締切日"), (0, 2, 1, 1, "交付決定日(予定)"),
            (1, 0, 1, 1, "1次締切"), (1, 1, 1, 1, "2025年6月13日(金)17:00"), (1, 2, 1, 1, "2025年7月18日(金)"),
            (2, 0, 1, 1, "2次締切"), (2, 1, 1, 1, "2025年8月22日(金)17:00"), (2, 2, 1, 1, "2025年9月26日(金)"),
        ])
        ruled(p, 40, 200, [150, 90, 100], [24, 24, 24, 24], [
            (0, 0, 1, 1, "経費区分"), (0, 1, 1, 1, "補助率"), (0, 2, 1, 1, "補助限度額"),
            (1, 0, 1, 1, "設備費"), (1, 1, 1, 1, "1/2以内"), (1, 2, 1, 1, "300万円"),
            (2, 0, 1, 1, "専門家謝金"), (2, 1, 1, 1, "2/3以内"), (2, 2, 1, 1, "40万円"),
            (3, 0, 1, 2, "合計(1者当たり)"), (3, 2, 1, 1, "320万円"),
        ])

    got = {(f.kind, f.value) for f in facts_of(drawn(tmp_path, schedule))}
    assert {v for k, v in got if k == "deadline"} == {"2025-06-13T17:00", "2025-08-22T17:00"}
    assert ("cap_max", 3200000) in got


def test_bare_numbers_under_a_header_in_thousands_of_yen_and_a_period_ending_in_the_same_year(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "令和7年度 わかば県 商店街空き店舗活用補助金 募集要項", 14)
        ruled(p, 40, 80, [120, 100, 140], [24, 24, 24], [
            (0, 0, 1, 1, "区分"), (0, 1, 1, 1, "補助率"), (0, 2, 1, 1, "補助限度額(千円)"),
            (1, 0, 1, 1, "一般枠"), (1, 1, 1, 1, "1/2以内"), (1, 2, 1, 1, "1,500"),
            (2, 0, 1, 1, "創業枠"), (2, 1, 1, 1, "2/3以内"), (2, 2, 1, 1, "800"),
        ])
        text(p, 40, 190, "受付期間 令和7年5月7日(水)~同年6月30日(月)", 11)

    got = {(f.frame, f.kind, f.value) for f in facts_of(drawn(tmp_path, page))}
    assert got == {("一般枠", "rate", "1/2"), ("一般枠", "cap_max", 1500000), ("創業枠", "rate", "2/3"),
                   ("創業枠", "cap_max", 800000), (None, "opens", "2025-05-07"), (None, "deadline", "2025-06-30")}


def test_a_row_label_merged_over_tier_rows_and_a_label_spanning_into_the_tier_column(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "販路開拓支援補助金の概要", 16)
        ruled(p, 40, 80, [90, 80, 110, 110], [24, 24, 24, 24], [
            (0, 0, 1, 2, "区分"), (0, 2, 1, 1, "通常枠"), (0, 3, 1, 1, "特別枠"),
            (1, 0, 2, 1, "補助上限額"), (1, 1, 1, 1, "5人以下"), (1, 2, 1, 1, "500万円"), (1, 3, 1, 1, "800万円"),
            (2, 1, 1, 1, "6人以上"), (2, 2, 1, 1, "1,000万円"), (2, 3, 1, 1, "1,500万円"),
            (3, 0, 1, 2, "補助率"), (3, 2, 1, 1, "1/2"), (3, 3, 1, 1, "2/3")])

    got = {(f.frame, f.kind, f.value, f.condition) for f in facts_of(drawn(tmp_path, page))}
    assert got == {("通常枠", "cap_max", 5000000, "5人以下"), ("通常枠", "cap_max", 10000000, "6人以上"),
                   ("特別枠", "cap_max", 8000000, "5人以下"), ("特別枠", "cap_max", 15000000, "6人以上"),
                   ("通常枠", "rate", "1/2", None), ("特別枠", "rate", "2/3", None)}


def test_notes_of_a_total_cap_an_applicant_on_every_type_and_a_floor_on_every_type(tmp_path: Path) -> None:
    def page(p: pymupdf.Page) -> None:
        text(p, 40, 50, "中小企業海外展開支援補助金 募集案内", 16)
        ruled(p, 40, 80, [160, 100, 120], [24, 24, 24], [
            (0, 0, 1, 1, "区分"), (0, 1, 1, 1, "補助率"), (0, 2, 1, 1, "補助上限額"),
            (1, 0, 1, 1, "(1)市場調査型"), (1, 1, 1, 1, "1/3以内"), (1, 2, 1, 1, "300万円"),
            (2, 0, 1, 1, "(2)拠点設立型"), (2, 1, 1, 1, "1/3以内"), (2, 2, 1, 1, "1,000万円"),
        ])
        text(p, 40, 175, "※小規模事業者が申請する場合は、いずれの型も補助率を1/2以内とします。", 10)
        text(p, 40, 195, "※補助下限額は、いずれの型も50万円です。", 10)
        text(p, 40, 215, "※補助金の総額は、1事業者当たり1,200万円を上限とします。", 10)

    got = {(f.type, f.kind, f.value, f.applicant) for f in facts_of(drawn(tmp_path, page))}
    assert got >= {("市場調査型", "rate", "1/2", "小規模事業者"), ("拠点設立型", "rate", "1/2", "小規模事業者"),
                   ("市場調査型", "cap_min", 500000, None), ("拠点設立型", "cap_min", 500000, None)}
    assert {(k, v) for _, k, v, _ in got if k == "cap_max"} == {("cap_max", 3000000), ("cap_max", 10000000),
                                                               ("cap_max", 12000000)}
