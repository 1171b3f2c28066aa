"""Sums per person, hour, establishment or group member (an employment 助成金), on documents written here.

Each form a leaflet or pamphlet of such a 助成金 prints its sums in: a 大企業 amount in brackets, a
note saying what bare brackets are, a コース table with company-size columns (ruled PDF and text
layer), sums per hour, add-ons per establishment; and a pamphlet of procedures and wage figures
that states no sum granted at all.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from extract import read_document
from extract.facts.model import DocInfo
from extract.facts.pipeline import run

Row = tuple[str | None, int | str, str | None, str | None]  # frame, value, applicant, unit


def facts_of(path: Path) -> list:
    return run(read_document(path), DocInfo(key=path.stem, sha256="0" * 64))


def rows(path: Path) -> set[Row]:
    return {(f.frame, f.value, f.applicant, f.unit) for f in facts_of(path)}


BRACKETS = """事業主の皆さまへ
令和7年度 ひまわり雇用助成金のご案内

正社員化コース
有期雇用労働者等を正社員化した事業主に助成します。
・有期雇用労働者から正規雇用労働者への転換 1人当たり80万円(大企業60万円)
・無期雇用労働者から正規雇用労働者への転換 1人当たり40万円(大企業30万円)
※支給申請上限人数は1年度1事業所当たり20人までです。
【加算措置】
・正社員転換制度を新たに規定した場合 1事業所当たり20万円(大企業15万円)加算

賃金規定等改定コース
基本給の賃金規定等を3%以上増額改定した事業主に助成します。
・3%以上5%未満増額 1人当たり4万円(大企業2.6万円)
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _pdf_lines(path: Path, text: str) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(text.splitlines()):
        page.insert_text((48, 60 + 18 * i), line, fontname="japan", fontsize=10)
    doc.save(path)
    doc.close()
    return path


EXPECTED_BRACKETS = {
    ("正社員化コース", 800000, "中小企業", "person"), ("正社員化コース", 600000, "大企業", "person"),
    ("正社員化コース", 400000, "中小企業", "person"), ("正社員化コース", 300000, "大企業", "person"),
    ("正社員化コース", 200000, "中小企業", "establishment"), ("正社員化コース", 150000, "大企業", "establishment"),
    ("賃金規定等改定コース", 40000, "中小企業", "person"), ("賃金規定等改定コース", 26000, "大企業", "person"),
}


def test_a_bracketed_large_company_amount_in_a_text_layer(tmp_path: Path) -> None:
    got = facts_of(_write(tmp_path / "leaflet.txt", BRACKETS))
    assert {(f.frame, f.value, f.applicant, f.unit) for f in got} == EXPECTED_BRACKETS
    assert {f.program for f in got} == {"ひまわり雇用助成金"} and {f.fiscal_year for f in got} == {2025}
    # the tier holds for both sizes; the add-on names itself; the count limit (20人まで) is no fact
    assert {f.condition for f in got if f.value in (800000, 600000)} == {"有期雇用労働者から正規雇用労働者への転換"}
    assert all(f.condition and "加算" in f.condition for f in got if f.unit == "establishment")


def test_the_same_leaflet_as_a_pdf_gives_the_same_sums(tmp_path: Path) -> None:
    assert rows(_pdf_lines(tmp_path / "leaflet.pdf", BRACKETS)) == EXPECTED_BRACKETS


@pytest.mark.parametrize(("open_", "close", "note"), [("(", ")", "※( )内は大企業の額です。"),
                                                      ("<", ">", "※< >は大企業の額")])
def test_a_note_says_what_bare_brackets_are(tmp_path: Path, open_: str, close: str, note: str) -> None:
    path = _write(tmp_path / "note.txt", f"""あおぞら雇用助成金のご案内
正社員化コース
重点支援対象者 1人当たり 80万円{open_}60万円{close}
上記以外の対象者 1人当たり 40万円{open_}30万円{close}
{note}
社会保険適用時処遇改善コース
1年目 1人当たり 10万円{open_}7.5万円{close}
""")
    got = facts_of(path)
    assert {(f.frame, f.value, f.applicant, f.condition) for f in got} == {
        ("正社員化コース", 800000, "中小企業", "重点支援対象者"),
        ("正社員化コース", 600000, "大企業", "重点支援対象者"),
        ("正社員化コース", 400000, "中小企業", "上記以外の対象者"),
        ("正社員化コース", 300000, "大企業", "上記以外の対象者"),
        ("社会保険適用時処遇改善コース", 100000, "中小企業", "1年目"),
        ("社会保険適用時処遇改善コース", 75000, "大企業", "1年目"),
    }
    assert {f.unit for f in got} == {"person"}


def _ruled_table(path: Path, lines: list[str], cells: list[list[str]], widths: list[float]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    for i, line in enumerate(lines):
        page.insert_text((40, 40 + 24 * i), line, fontname="japan", fontsize=14)
    y = 40 + 24 * len(lines)
    for row in cells:
        x = 40.0
        for w, text in zip(widths, row, strict=True):
            rect = pymupdf.Rect(x, y, x + w, y + 28)
            page.draw_rect(rect, color=(0, 0, 0), width=0.8)
            page.insert_textbox(pymupdf.Rect(rect.x0 + 3, rect.y0 + 3, rect.x1 - 3, rect.y1 - 3), text,
                                fontname="japan", fontsize=10)
            x += w
        y += 28
    doc.save(path)
    doc.close()
    return path


COURSES = [["コース", "中小企業", "大企業"],
           ["正社員化コース", "80万円", "60万円"],
           ["賃金規定等共通化コース", "60万円", "45万円"]]
EXPECTED_COURSES = {("正社員化コース", 800000, "中小企業", "person"), ("正社員化コース", 600000, "大企業", "person"),
                    ("賃金規定等共通化コース", 600000, "中小企業", "person"),
                    ("賃金規定等共通化コース", 450000, "大企業", "person")}


def test_a_course_table_with_company_size_columns_as_a_ruled_pdf(tmp_path: Path) -> None:
    pdf = _ruled_table(tmp_path / "courses.pdf", ["みどり雇用助成金のご案内", "コース別の支給額(1人当たり)"], COURSES,
                       [260, 120, 120])
    assert rows(pdf) == EXPECTED_COURSES


def test_a_course_table_with_company_size_columns_as_a_text_layer(tmp_path: Path) -> None:
    table = "\n".join("| " + " | ".join(r) + " |" for r in [COURSES[0], ["---"] * 3, *COURSES[1:]])
    md = _write(tmp_path / "courses.md", f"# みどり雇用助成金のご案内\n\nコース別の支給額(1人当たり)\n\n{table}\n")
    assert rows(md) == EXPECTED_COURSES


def test_a_table_without_a_unit_or_a_word_of_a_sum_gives_nothing(tmp_path: Path) -> None:
    # the same grid under a caption about wages: its amounts are pay, not sums granted
    pdf = _ruled_table(tmp_path / "wages.pdf", ["みどり雇用助成金のご案内", "転換後の月額賃金の例"], COURSES,
                       [260, 120, 120])
    assert rows(pdf) == set()


def test_sums_per_person_and_hour_keep_their_hundreds_of_yen(tmp_path: Path) -> None:
    path = _write(tmp_path / "hours.txt", """令和7年度 人材育成応援助成金のご案内
人材育成支援コース
訓練期間中の賃金の一部を助成します。
賃金助成 1人1時間当たり 800円(大企業400円)
OJT実施助成 1人当たり 20万円(大企業11万円)
""")
    assert rows(path) == {("人材育成支援コース", 800, "中小企業", "person_hour"),
                          ("人材育成支援コース", 400, "大企業", "person_hour"),
                          ("人材育成支援コース", 200000, "中小企業", "person"),
                          ("人材育成支援コース", 110000, "大企業", "person")}


def test_a_pamphlet_of_procedures_and_wage_figures_states_no_sum(tmp_path: Path) -> None:
    path = _write(tmp_path / "procedures.txt", """事業主の皆さまへ
ひまわり雇用助成金 支給申請の手続き
1 計画の作成・提出
取組実施日の前日までに、計画を管轄労働局へ提出してください。
2 賃金の支払い
転換後6か月分の賃金を支給してください。
例えば、月給20万円の労働者の場合、転換後の賃金は月給20万6,000円以上とする必要があります。
転換後の基本給は転換前と比べて3%以上増額させる必要があります。
時給1,000円の有期雇用労働者を正社員化する場合の例をご覧ください。
1人当たり月額3万円以上の手当を支給している場合は、賃金に含めます。
賞与の支給額 30万円は賃金に含めません。
支給額の例 有期雇用労働者3人を正社員化した場合 中小企業で240万円
3 支給申請
賃金を支払った日の翌日から起算して2か月以内に支給申請してください。
地域別最低賃金 1,055円を下回らないこと。
""")
    assert facts_of(path) == []


def test_a_sum_per_group_member_keeps_the_gold_convention(tmp_path: Path) -> None:
    path = _write(tmp_path / "group.txt", "はやぶさ連携補助金\n連携枠\n補助上限額:50万円×グループ構成員数\n")
    assert rows(path) == {("連携枠", 500000, None, "group_member")}


def test_company_sizes_under_a_spanning_header_keep_the_tier_of_their_row(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.insert_text((40, 40), "みどり雇用助成金のご案内", fontname="japan", fontsize=14)
    page.insert_text((40, 64), "正社員化コース", fontname="japan", fontsize=14)
    xs, ys = [40, 300, 420, 540], [90, 114, 138, 168, 198]
    cells = [(0, 0, 2, 1, "転換の区分"), (0, 1, 1, 2, "支給額(1人当たり)"),
             (1, 1, 1, 1, "中小企業"), (1, 2, 1, 1, "大企業"),
             (2, 0, 1, 1, "重点支援対象者"), (2, 1, 1, 1, "80万円"), (2, 2, 1, 1, "60万円"),
             (3, 0, 1, 1, "上記以外"), (3, 1, 1, 1, "40万円"), (3, 2, 1, 1, "30万円")]
    for r, c, rs, cs, text in cells:
        rect = pymupdf.Rect(xs[c], ys[r], xs[c + cs], ys[r + rs])
        page.draw_rect(rect, color=(0, 0, 0), width=0.8)
        page.insert_textbox(pymupdf.Rect(rect.x0 + 3, rect.y0 + 3, rect.x1 - 3, rect.y1 - 3), text,
                            fontname="japan", fontsize=10)
    doc.save(tmp_path / "spanning.pdf")
    doc.close()
    got = {(f.frame, f.value, f.applicant, f.unit, f.condition) for f in facts_of(tmp_path / "spanning.pdf")}
    assert got == {("正社員化コース", 800000, "中小企業", "person", "重点支援対象者"),
                   ("正社員化コース", 600000, "大企業", "person", "重点支援対象者"),
                   ("正社員化コース", 400000, "中小企業", "person", "上記以外"),
                   ("正社員化コース", 300000, "大企業", "person", "上記以外")}


def test_angle_brackets_explained_by_a_note_are_alternatives_in_its_case(tmp_path: Path) -> None:
    path = _write(tmp_path / "angles.txt", """あおぞら雇用助成金のご案内
正社員化コース
有期雇用労働者から正規雇用労働者 1人当たり 57万円<72万円>
< >内は生産性の向上が認められる場合の額
""")
    assert {(f.value, f.unit, f.condition) for f in facts_of(path)} == {
        (570000, "person", "有期雇用労働者から正規雇用労働者"),
        (720000, "person", "有期雇用労働者から正規雇用労働者; 生産性の向上が認められる場合")}
