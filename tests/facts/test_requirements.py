"""Requirements (employees_max, capital_max, wage_growth_min, min_wage_margin) on documents written here:
definition tables of 中小企業者 / 小規模事業者 by industry (a ruled PDF table, text-layer tables and
lines), definition sentences, wage requirements with their 特例, and the forms that look alike but
are none (minimums, cap tiers, bonus points, near-minimum-wage tests, a parent's capital, outcome
targets, revision histories). Every `requirements` example of the rule table runs here too."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from extract import read_document
from extract.facts.model import REQUIREMENT_KINDS, DocInfo, Fact
from extract.facts.pipeline import run
from extract.facts.ruletable import table
from extract.model import DocumentText, Line, Page
from normalize.glyphs import normalize

INFO = DocInfo(key="doc", sha256="0" * 64, title="省力化投資補助金 公募要領")


def _page_facts(text: str, info: DocInfo = INFO) -> list[Fact]:
    page = Page(1, text, normalize(text), [Line(normalize(t)) for t in text.split("\n")])
    return run(DocumentText([page], "text"), info)


def _required(facts: list[Fact]) -> set[tuple[str, int | str, str | None, str | None]]:
    return {(f.kind, f.value, f.applicant, f.condition) for f in facts if f.kind in REQUIREMENT_KINDS}


def _values(facts: list[Fact]) -> list[str]:
    return sorted(f"{f.kind}={f.value}" for f in facts if f.kind in REQUIREMENT_KINDS)


EXAMPLES = [(r.id, x) for r in table().values() for x in r.examples if "requirements" in x]


@pytest.mark.parametrize(("rule_id", "example"), EXAMPLES, ids=[f"{rid}:{x['text'][:30]}" for rid, x in EXAMPLES])
def test_requirement_examples(rule_id: str, example: dict) -> None:
    """Read as a one-page document, the example states exactly the requirements it lists; a row that
    reads a requirement kind is among the rule ids of what it reads."""
    facts = _page_facts(example["text"])
    assert _values(facts) == sorted(example["requirements"])
    row = table()[rule_id]
    if row.action in REQUIREMENT_KINDS and example["requirements"]:
        assert any(rule_id in f.extra["rules"] for f in facts if f.kind == row.action)


Cell = tuple[int, int, int, int, str]  # row, column, rows spanned, columns spanned, text


def _ruled_pdf(path: Path, lines_above: list[str], widths: list[float], rows: list[list[str]] | list[Cell],
               height: float = 34.0) -> Path:
    """Write a one-page PDF: some lines of text, then a ruled table — `rows` of cell texts, or cells with
    their spans (a merged header) — whose cells wrap their text in their box."""
    cells: list[Cell] = ([c for c in rows if isinstance(c, tuple)] or
                         [(r, c, 1, 1, text) for r, row in enumerate(rows) if isinstance(row, list)
                          for c, text in enumerate(row)])
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 50.0
    for text in lines_above:
        page.insert_text((40, y), text, fontname="japan", fontsize=11)
        y += 20
    xs = [40.0]
    for w in widths:
        xs.append(xs[-1] + w)
    for r, c, rs, cs, text in cells:
        rect = pymupdf.Rect(xs[c], y + 10 + r * height, xs[c + cs], y + 10 + (r + rs) * height)
        page.draw_rect(rect, color=(0, 0, 0), width=0.8)
        page.insert_textbox(pymupdf.Rect(rect.x0 + 3, rect.y0 + 3, rect.x1 - 3, rect.y1 - 3), text,
                            fontname="japan", fontsize=9)
    doc.save(path)
    doc.close()
    return path


def test_a_ruled_pdf_definition_table_gives_each_row_its_thresholds(tmp_path: Path) -> None:
    pdf = _ruled_pdf(tmp_path / "def.pdf", ["省力化投資補助金 公募要領", "2.補助対象者", "(1)中小企業者",
                                            "資本金又は常勤従業員数が下表の数字以下の会社又は個人であること。"],
                     [230, 120, 120], [
        ["業種", "資本金", "常勤従業員数"],
        ["製造業、建設業、運輸業", "3億円", "300人"],
        ["卸売業", "1億円", "100人"],
        ["小売業", "5,000万円", "50人"],
    ])
    got = _required(run(read_document(pdf), INFO))
    assert got == {
        ("capital_max", 300000000, "中小企業者", "製造業、建設業、運輸業"),
        ("employees_max", 300, "中小企業者", "製造業、建設業、運輸業"),
        ("capital_max", 100000000, "中小企業者", "卸売業"), ("employees_max", 100, "中小企業者", "卸売業"),
        ("capital_max", 50000000, "中小企業者", "小売業"), ("employees_max", 50, "中小企業者", "小売業"),
    }


def test_a_guidebook_table_whose_merged_headers_name_the_class_and_the_measure(tmp_path: Path) -> None:
    above = ["事業承継・M&A補助金 ガイドブック", "■中小企業者の範囲"]
    pdf = _ruled_pdf(tmp_path / "guide.pdf", above, [170, 130, 130, 130], [
        (0, 0, 2, 1, "業種"), (0, 1, 1, 2, "中小企業者(いずれかを満たすこと)"), (0, 3, 1, 1, "小規模企業者"),
        (1, 1, 1, 1, "資本金の額又は出資の総額"), (1, 2, 1, 1, "常時使用する従業員の数"),
        (1, 3, 1, 1, "常時使用する従業員の数"),
        (2, 0, 1, 1, "1製造業その他"), (2, 1, 1, 1, "3億円以下"), (2, 2, 1, 1, "300人以下"), (2, 3, 1, 1, "20人以下"),
        (3, 0, 1, 1, "2小売業"), (3, 1, 1, 1, "5,000万円以下"), (3, 2, 1, 1, "50人以下"), (3, 3, 1, 1, "5人以下"),
    ])
    got = _required(run(read_document(pdf), DocInfo(key="guide", sha256="2" * 64)))
    assert got == {
        ("capital_max", 300000000, "中小企業者", "製造業その他"), ("employees_max", 300, "中小企業者", "製造業その他"),
        ("employees_max", 20, "小規模企業者", "製造業その他"),
        ("capital_max", 50000000, "中小企業者", "小売業"), ("employees_max", 50, "中小企業者", "小売業"),
        ("employees_max", 5, "小規模企業者", "小売業"),
    }


@pytest.mark.parametrize("sep", ["\t", "      "])
def test_a_text_layer_definition_table_aligned_by_tabs_or_spaces(tmp_path: Path, sep: str) -> None:
    rows = [["業種", "資本金", "常時使用する従業員の数"], ["製造業その他", "3億円以下", "300人以下"],
            ["卸売業", "1億円以下", "100人以下"], ["小売業", "5,000万円以下", "50人以下"]]
    txt = tmp_path / "koubo.txt"
    txt.write_text("省力化投資補助金 公募要領\n\n(1)中小企業者\n\n" + "\n".join(sep.join(r) for r in rows) + "\n",
                   encoding="utf-8")
    got = _required(run(read_document(txt), DocInfo(key="koubo", sha256="3" * 64)))
    assert got == {
        ("capital_max", 300000000, "中小企業者", "製造業その他"), ("employees_max", 300, "中小企業者", "製造業その他"),
        ("capital_max", 100000000, "中小企業者", "卸売業"), ("employees_max", 100, "中小企業者", "卸売業"),
        ("capital_max", 50000000, "中小企業者", "小売業"), ("employees_max", 50, "中小企業者", "小売業"),
    }


def test_a_text_layer_definition_table_with_class_columns(tmp_path: Path) -> None:
    # the form of a guidebook: one table defines both classes, a column header names each
    md = tmp_path / "guide.md"
    md.write_text(
        "# 事業承継・M&A補助金 ガイドブック\n\n## 対象となる中小企業者の範囲\n\n"
        "| 業種 | 中小企業者 資本金の額又は出資の総額 | 中小企業者 常時使用する従業員の数 "
        "| 小規模企業者 常時使用する従業員の数 |\n"
        "|---|---|---|---|\n"
        "| 製造業その他 | 3億円以下 | 300人以下 | 20人以下 |\n"
        "| 卸売業 | 1億円以下 | 100人以下 | 5人以下 |\n"
        "| サービス業 | 5,000万円以下 | 100人以下 | 5人以下 |\n", encoding="utf-8")
    got = _required(run(read_document(md), DocInfo(key="guide", sha256="1" * 64)))
    assert got == {
        ("capital_max", 300000000, "中小企業者", "製造業その他"), ("employees_max", 300, "中小企業者", "製造業その他"),
        ("employees_max", 20, "小規模企業者", "製造業その他"),
        ("capital_max", 100000000, "中小企業者", "卸売業"), ("employees_max", 100, "中小企業者", "卸売業"),
        ("employees_max", 5, "小規模企業者", "卸売業"),
        ("capital_max", 50000000, "中小企業者", "サービス業"), ("employees_max", 100, "中小企業者", "サービス業"),
        ("employees_max", 5, "小規模企業者", "サービス業"),
    }


def test_a_small_business_table_as_lines_under_its_heading() -> None:
    text = ("省力化投資補助金 公募要領\n(2)小規模事業者であること\n業種 常時使用する従業員の数\n"
            "商業・サービス業(宿泊業・娯楽業を除く) 5人以下\n製造業その他 20人以下")
    # a bare count on a line needs its measure: these lines print it only in the header line above
    assert _required(_page_facts(text)) == set()
    text = ("省力化投資補助金 公募要領\n(2)小規模事業者であること\n"
            "商業・サービス業(宿泊業・娯楽業を除く) 常時使用する従業員の数 5人以下\n"
            "製造業その他 常時使用する従業員の数 20人以下")
    assert _required(_page_facts(text)) == {
        ("employees_max", 5, "小規模事業者", "商業・サービス業(宿泊業・娯楽業を除く)"),
        ("employees_max", 20, "小規模事業者", "製造業その他"),
    }


def test_an_industry_on_the_line_before_its_definition() -> None:
    # a two-column table whose grid was not found: label and definition alternate as lines
    text = ("省力化投資補助金 公募要領\n(中小企業者の定義)\n(1)製造業、建設業、運輸業\n"
            "資本金の額又は出資の総額が3億円以下の会社又は常時使用する従業員の数が300人以下の会社及び個人\n"
            "(2)卸売業\n資本金の額又は出資の総額が1億円以下の会社又は常時使用する従業員の数が100人以下の会社及び個人")
    assert _required(_page_facts(text)) == {
        ("capital_max", 300000000, "中小企業者", "製造業、建設業、運輸業"),
        ("employees_max", 300, "中小企業者", "製造業、建設業、運輸業"),
        ("capital_max", 100000000, "中小企業者", "卸売業"), ("employees_max", 100, "中小企業者", "卸売業"),
    }


def test_a_definition_sentence_with_an_alternative_for_other_industries() -> None:
    text = ("省力化投資補助金 公募要領\n"
            "中小企業者とは、資本金の額又は出資の総額が三億円以下の会社並びに常時使用する従業員の数が三百人以下の会社及び個人をいう。\n"
            "小規模企業者とは、常時20人(商業又はサービス業を主たる事業として営む者については、5人)以下の従業員を使用する事業者をいう。")
    assert _required(_page_facts(text)) == {
        ("capital_max", 300000000, "中小企業者", None), ("employees_max", 300, "中小企業者", None),
        ("employees_max", 20, "小規模企業者", None),
        ("employees_max", 5, "小規模企業者", "商業又はサービス業を主たる事業として営む者"),
    }


def test_wage_requirements_with_measure_period_and_frame() -> None:
    text = ("省力化投資補助金(一般型)公募要領\n3.申請要件\n以下の要件を全て満たすこと。\n"
            "(1)補助事業終了後3~5年の事業計画期間において、給与支給総額を年平均成長率+2.0%以上増加させること。\n"
            "(2)事業計画期間において、1人あたり給与支給総額の年平均成長率を3パーセント以上とすること。\n"
            "(3)事業計画期間において、事業場内最低賃金を地域別最低賃金より+30円以上高い水準にすること。\n"
            "(4)付加価値額の年平均成長率を4.0%以上増加させること。")
    facts = [f for f in _page_facts(text) if f.kind in REQUIREMENT_KINDS]
    assert {(f.kind, f.value) for f in facts} == {("wage_growth_min", "2.0"), ("wage_growth_min", "3.0"),
                                                ("min_wage_margin", 30)}
    growth = {f.value: f.condition for f in facts if f.kind == "wage_growth_min"}
    assert growth["2.0"] is not None and growth["2.0"].startswith("給与支給総額 年平均成長率")
    assert growth["3.0"] is not None and growth["3.0"].startswith("1人あたり給与支給総額 年平均成長率")
    assert all(f.applicant is None and f.page == 1 for f in facts)


def test_a_provision_requires_its_totals_and_its_name_is_in_the_condition() -> None:
    text = ("省力化投資補助金 公募要領\n5.大幅な賃上げに係る補助上限額引上げの特例の要件\n"
            "・給与支給総額基準値に加え、更に年平均成長率+3.0%(合計で年平均成長率+5.0%)以上の目標値を設定すること。\n"
            "・事業場内最低賃金基準値に加え、更に+30円(合計で+60円)以上の目標値を設定すること。")
    facts = [f for f in _page_facts(text) if f.kind in REQUIREMENT_KINDS]
    assert {(f.kind, f.value) for f in facts} == {("wage_growth_min", "5.0"), ("min_wage_margin", 60)}
    assert all("大幅な賃上げに係る補助上限額引上げの特例" in (f.condition or "") for f in facts)


def test_a_requirement_for_a_named_group_of_applicants_and_for_everyone_else() -> None:
    text = ("省力化投資補助金 公募要領\n(2)申請要件\n"
            "(カ) 100万円以上の補助金を申請する者であって、過去3年以内に交付決定を受けた事業者は、以下を満たすこと。\n"
            "一 事業計画期間において、1人当たり給与支給総額の年平均成長率を4.5%以上増加させること。\n"
            "(キ) 過去3年以内に交付決定を受けた事業者以外は、以下を満たすこと。\n"
            "一 事業計画期間において、1人当たり給与支給総額の年平均成長率を3.5%以上増加させること。")
    facts = {(f.value, f.applicant) for f in _page_facts(text) if f.kind == "wage_growth_min"}
    assert facts == {("4.5", "過去3年以内に交付決定を受けた事業者"), ("3.5", None)}


def test_a_requirement_takes_the_frame_of_its_heading_or_the_one_frame_of_the_document() -> None:
    only = DocInfo(key="doc", sha256="0" * 64, title="省力化投資補助金 公募要領(カタログ注文型)")
    text = "省力化投資補助金 公募要領\n(3)申請要件\n・事業場内最低賃金を地域別最低賃金+45円以上の水準にすること。"
    frames = {f.frame for f in _page_facts(text, only) if f.kind == "min_wage_margin"}
    assert len(frames) == 1
    text = ("ものづくり補助金 公募要領\n2.5.2グローバル枠の追加要件\n"
            "・事業場内最低賃金を地域別最低賃金+45円以上の水準にすること。")
    got = {(f.frame, f.value) for f in _page_facts(text, DocInfo(key="d", sha256="0" * 64))
           if f.kind == "min_wage_margin"}
    assert got == {("グローバル枠", 45)}


def test_a_table_of_requirements_by_frame_with_signed_figures(tmp_path: Path) -> None:
    md = tmp_path / "koubo.md"
    md.write_text("# ものづくり補助金 公募要領\n\n## 申請要件\n\n"
                  "| 枠 | 給与支給総額の年平均成長率 | 事業場内最低賃金の水準 |\n|---|---|---|\n"
                  "| 通常枠 | +1.5% | 地域別最低賃金+30円 |\n| 成長分野進出枠 | +3.0%※1 | 地域別最低賃金+45円 |\n"
                  "| 加点要件 | +4.0% | 地域別最低賃金+50円 |\n", encoding="utf-8")
    got = {(f.frame, f.kind, f.value) for f in run(read_document(md), DocInfo(key="m", sha256="4" * 64))
           if f.kind in REQUIREMENT_KINDS}
    assert got == {("通常枠", "wage_growth_min", "1.5"), ("通常枠", "min_wage_margin", 30),
                   ("成長分野進出枠", "wage_growth_min", "3.0"), ("成長分野進出枠", "min_wage_margin", 45)}


@pytest.mark.parametrize("text", [
    # minimums and a parent's capital
    "(1)常時使用する従業員が21人以上の事業者は、次の要件も満たすこと。",
    "(2)資本金又は出資金が5億円以上の法人に発行済株式の総数を保有されていないこと。",
    # cap tiers by employee count
    "(中小企業者の定義)\n補助上限額\n従業員数5人以下 750万円\n従業員数6~20人 1,000万円\n従業員数21人以上 1,500万円",
    # bonus points
    "(3)加点項目\n・従業員50名以下の中小企業が被用者保険の任意適用に取り組む場合\n"
    "・給与支給総額の年平均成長率を4.0%以上増加させる計画を策定していること。",
    # near-minimum-wage tests
    "・令和6年10月から令和7年9月までの間で、地域別最低賃金+50円以内で雇用している従業員が全従業員の30%以上いること。",
    # an own-wage raise over its earlier level
    "・補助事業の終了時点において、事業場内最低賃金が申請時の事業場内最低賃金より+50円以上であること。",
    # an outcome target of the program
    "成果目標\n以下の達成を目指す。\n・補助事業者全体の給与支給総額が年率平均1.5%以上向上",
    # a revision history
    "改定前)\n事業計画期間における1人当たり給与支給総額の年平均成長率 申請要件 3.5パーセント以上",
    # a count of companies by size band
    "・連携体の内訳:従業員20人以下の中小企業が4者、従業員21~50人の中小企業が2者",
])
def test_forms_that_are_no_requirement(text: str) -> None:
    assert _required(_page_facts("省力化投資補助金 公募要領\n" + text)) == set()


def test_a_cap_tier_by_employee_count_stays_a_cap_tier() -> None:
    text = "省力化投資補助金 公募要領\n補助上限額\n従業員数5人以下 750万円\n従業員数6~20人 1,000万円"
    facts = _page_facts(text)
    assert {(f.kind, f.value) for f in facts} == {("cap_max", 7500000), ("cap_max", 10000000)}


def test_a_requirement_fact_keeps_its_provenance() -> None:
    facts = [f for f in _page_facts("省力化投資補助金 公募要領\n(1)小規模事業者であること\n"
                                     "製造業その他 常時使用する従業員の数 20人以下") if f.kind == "employees_max"]
    assert len(facts) == 1
    f = facts[0]
    assert f.program == "省力化投資補助金" and f.frame is None and f.page == 1
    assert "20人以下" in f.quote and "label.class-heading" in f.extra["rules"]
    assert f.to_export()["value"] == 20


REQUIREMENT_GOLD_DOCS = ("it2026_koubo_tsujyo", "r6_koubover2_ip17", "shinjigyo_03_kouboyouryou",
                         "公募要領_20次締切_20250516")


@pytest.mark.corpus
def test_requirement_gold_scores(shared: Path, tmp_path: Path, score_facts) -> None:
    """The four 公募要領 of the requirement dev gold, scored on the requirement kinds: level A F1 ≥ 1.0,
    level C F1 ≥ 1.0 (what the code reaches; the issue asks for 0.9 and 0.8). Requirements use no
    dependency parse, so the facts are read without GiNZA."""
    from extract.facts.__main__ import doc_info

    paths = [shared / "corpus" / "pdf" / f"{key}.pdf" for key in REQUIREMENT_GOLD_DOCS]
    facts = [f for path in paths for f in run(read_document(path), doc_info(path), nlp=None)]
    scores, printed = score_facts(facts, tmp_path / "facts.jsonl", shared / "gold-dev" / "requirements",
                                  REQUIREMENT_GOLD_DOCS, REQUIREMENT_KINDS)
    assert scores["F1_A"] >= 1.0, printed
    assert scores["F1_C"] >= 1.0, printed


def test_a_provision_heading_reflowed_onto_its_lead_sentence_still_heads_the_list() -> None:
    """A heading without a number, reflowed onto the lead sentence of its list (…特例適用要件【…】以下の要件
    を…), heads the list; 当該特例 in a requirement refers back to it and names no provision of its own."""
    text = ("省力化投資補助金 公募要領\n3.2 特例措置要件\n"
            "地域の賃上げに係る補助率引上げの特例適用要件【未達の場合は返還】以下の要件を全て満たすこと。\n"
            "・給与支給総額基準値に加え、更に年平均成長率+1.5%(合計で年平均成長率+4.5%)以上の目標値を設定し、"
            "最終年度において当該特例目標値を達成すること。")
    facts = [f for f in _page_facts(text) if f.kind in REQUIREMENT_KINDS]
    assert [(f.kind, f.value) for f in facts] == [("wage_growth_min", "4.5")]
    assert "地域の賃上げに係る補助率引上げの特例" in (facts[0].condition or "")
    assert "当該特例" not in (facts[0].condition or "")
