"""Document structure of 公募要領 PDFs: wrapped paragraphs, outline sections, title frames, unreadable pages."""

from __future__ import annotations

import pytest

from extract.facts.catalog import default_catalog
from extract.facts.frames import find_names, glued_name, names_in
from extract.facts.model import DocInfo
from extract.facts.outline import Outline, style_of
from extract.facts.pipeline import _wrapped_lines, run
from extract.facts.segments import reflow
from extract.model import DocumentText, Line, Page
from normalize.glyphs import normalize

INFO = DocInfo(key="doc", sha256="0" * 64)
RIGHT = 540.0


def pdf_page(number: int, rows: list[tuple[str, float]], flags: list[str] | None = None) -> Page:
    """Given (text, right edge) per line, return a PDF page whose lines have boxes."""
    lines = [Line(normalize(t), (50.0, 100.0 + 20 * i, x1, 111.0 + 20 * i)) for i, (t, x1) in enumerate(rows)]
    text = "\n".join(ln.text for ln in lines)
    return Page(number, text, text, lines, flags=flags or [])


def rows_of(doc: DocumentText) -> set[tuple]:
    return {(f.frame, f.type, f.kind, f.value, f.applicant) for f in run(doc, INFO)}


def test_a_paragraph_wrapped_at_the_margin_is_read_as_one_sentence() -> None:
    page = pdf_page(
        1,
        [
            ("小規模事業者持続化補助金公募要領", 300),
            ("・補助額50万円以下の部分は補助率3/4以内にて算出する。ただし、小規模事業者については補", RIGHT),
            ("助率4/5以内にて算出する。なお、この補助率は交付決定の時点で判定するものとし、その", RIGHT),
            ("後の変更は認めないものとする。以上の点に留意して申請を行うこと。ここまでが一つの段落", RIGHT),
            ("である。", 120),
        ],
    )
    got = rows_of(DocumentText([page], "pdf"))
    assert (None, None, "rate", "4/5", "小規模事業者") in got


def test_the_widest_line_of_a_cover_is_no_wrapped_paragraph() -> None:
    cover = pdf_page(1, [("デジタル化・AI導入補助金2026公募要領", RIGHT), ("(通常枠)", 300), ("各種問合せ先", 200)])
    assert _wrapped_lines(cover.lines) == [False, False, False]
    assert reflow(["IT導入補助金2025公募要領", "(通常枠)"], [False, False]) == [
        ("IT導入補助金2025公募要領", [0]),
        ("(通常枠)", [1]),
    ]


OUTLINE_CASES = [
    ("2.3.1補助対象事業枠", "dotted3"),
    ("2-3補助対象経費", "dotted2"),
    ("3. 補助事業の流れ", "number."),
    ("(1)補助率", "(number)"),
    ("B) グローバル枠", "letter)"),
    ("(ア) 大分類I", "(kana)"),
    ("①ソフトウェア", "(number)"),  # NFKC makes ① (1)
    ("補助対象経費", None),
]


@pytest.mark.parametrize(("heading", "style"), OUTLINE_CASES)
def test_outline_styles(heading: str, style: str | None) -> None:
    assert style_of(normalize(heading)) == style


def test_outline_closes_deeper_levels() -> None:
    o = Outline()
    assert [o.place(s) for s in ("dotted3", "letter)", "letter)", "dotted3", "letter)")] == [0, 1, 1, 0, 1]


def test_a_frame_section_ends_at_the_next_section_of_its_level() -> None:
    doc = DocumentText(
        [
            Page(
                1,
                "",
                normalize(
                    "ものづくり補助金 公募要領\n2.3.1補助対象事業枠\nB) グローバル枠\n補助上限額 3,000万円\n"
                    "2.3.2特例措置\nC) 大幅な賃上げに係る特例\n補助上限額は最大1,000万円を上乗せする場合がある\n"
                    "3.補助対象経費\n補助下限額:100万円"
                ),
            )
        ],
        "text",
    )
    got = rows_of(doc)
    assert ("グローバル枠", None, "cap_max", 30000000, None) in got
    assert (None, None, "cap_min", 1000000, None) in got


def test_a_quoted_name_in_a_list_is_a_reference_not_a_section() -> None:
    doc = DocumentText(
        [
            Page(
                1,
                "",
                normalize(
                    "小規模事業者持続化補助金 公募要領\n(1)「小規模事業者持続化補助金<一般型>」\n"
                    "(3)「小規模事業者持続化補助金<低感染リスク型ビジネス枠>」\n補助上限:50万円"
                ),
            )
        ],
        "text",
    )
    assert rows_of(doc) == {(None, None, "cap_max", 500000, None)}


def test_the_frame_a_guideline_is_about_scopes_its_values() -> None:
    doc = DocumentText(
        [
            Page(1, "", normalize("IT導入補助金2025公募要領\nインボイス枠(電子取引類型)\n各種問合せ先")),
            Page(2, "", normalize("2-3補助対象経費、補助率及び補助額\n補助上限額は350万円とする。")),
        ],
        "text",
    )
    assert rows_of(doc) == {("インボイス枠", "電子取引類型", "cap_max", 3500000, None)}


def test_a_round_in_the_title_is_the_edition() -> None:
    doc = DocumentText(
        [Page(1, "", normalize("事業承継・M&A補助金\n(14次公募)\n【公募要領】\n補助上限額:800万円"))], "text"
    )
    assert {f.edition for f in run(doc, INFO)} == {"14次公募"}


def test_pages_whose_japanese_was_lost_give_nothing() -> None:
    lost = pdf_page(2, [("1/4( 25 )", 100), ("1/2( 50 )", 100)], flags=["lost_japanese"])
    assert run(DocumentText([pdf_page(1, [("IT導入補助金について", 200)]), lost], "pdf"), INFO) == []


# --- names a narrow cell or line wrapped -------------------------------------------------------
KNOWN = names_in(["セキュリティ対策推進枠の概要", "複数社連携IT導入枠", "賃金引上げ枠", "事業承継促進枠"])
WRAPPED_NAME_CASES = [
    ("セキュリティ\n対策推進枠", ["セキュリティ対策推進枠"]),
    ("複数社連携\nIT導入枠", ["複数社連携IT導入枠"]),
    ("通常枠 複数社連携 IT導入枠 インボイス枠", ["通常枠", "複数社連携IT導入枠", "インボイス枠"]),
    ("補助額\nインボイス枠", ["インボイス枠"]),  # a label above, no name the document prints whole
    ("通常枠\nセキュリティ対策推進枠", ["通常枠", "セキュリティ対策推進枠"]),
    ("事業承継促進枠", ["事業承継促進枠"]),  # 事業 starts the name, it is no program glued before it
    ("インボイス対応\n類型", ["インボイス対応類型"]),  # no line starts with a bare 類型
    ("インボイス枠\n電子取引\n類型", ["インボイス枠", "電子取引類型"]),
    ("IT導入補助金2025インボイス枠", ["インボイス枠"]),
    ("IT導入補助金2025セキュリティ対策推進枠", ["セキュリティ対策推進枠"]),
    ("デジタル化・AI導入補助金2026(通常枠)", ["通常枠"]),
]


@pytest.mark.parametrize(("text", "names"), WRAPPED_NAME_CASES)
def test_wrapped_names_are_completed(text: str, names: list[str]) -> None:
    assert [n.text for n in find_names(normalize(text), known=KNOWN)] == names


def test_lines_that_split_a_name_are_joined() -> None:
    assert glued_name("※賃金引", "上げ枠のうち、赤字事業者は", KNOWN)
    assert not glued_name("補助額", "インボイス枠", KNOWN)


def test_catalog_still_finds_programs() -> None:
    assert default_catalog().get("IT導入補助金") is not None


def test_a_tier_line_and_a_bracketed_cap_give_their_conditions() -> None:
    text = (
        "中小企業省力化投資補助事業\n補助上限額\n従業員数5名以下\n200万円 (300万円)\n従業員数6~20名\n"
        "500万円 (750万円)\n※賃上げ要件を達成した場合、\n( )内の値に補助上限額を引き上げ"
    )
    facts = run(DocumentText([Page(1, "", normalize(text))], "text"), INFO)
    assert {(f.value, f.condition) for f in facts} == {
        (2000000, "従業員数5名以下"),
        (3000000, "従業員数5名以下; 賃上げ要件を達成した場合"),
        (5000000, "従業員数6~20名"),
        (7500000, "従業員数6~20名; 賃上げ要件を達成した場合"),
    }


def test_a_frame_introduced_in_one_programs_section_takes_its_values_there() -> None:
    text = (
        "中小企業生産性革命推進事業\n(2)小規模事業者持続的発展支援事業(持続化補助金)\n"
        "賃上げに取り組む事業者(成長・分配強化枠)を支援します\n"
        "(4)事業承継・引継ぎ支援事業(事業承継・引継ぎ補助金)\n補助上限:600万円\n"
        "申請類型 補助上限額 補助率\n通常枠50万円\n成長・分配強化枠200万円"
    )
    facts = run(DocumentText([Page(1, "", normalize(text))], "text"), INFO)
    assert {(f.program, f.frame, f.value) for f in facts} == {
        ("事業承継・M&A補助金", None, 6000000),
        ("事業承継・M&A補助金", "通常枠", 500000),  # a name every program uses has no home
        ("持続化補助金", "成長・分配強化枠", 2000000),
    }


def test_an_older_edition_a_slide_title_names_holds_for_that_slide_only() -> None:
    pages = [
        "中小企業生産性革命推進事業\n令和5年度補正予算額2,000億円",
        "IT導入補助金の概要\n補助上限額:450万円",
        "「IT導入補助金2022」の採択結果\n採択件数 12,000件",
        "IT導入補助金(スケジュール)\n1次締切:3月15日(金)17:00",
    ]
    doc = DocumentText([Page(n, "", normalize(t)) for n, t in enumerate(pages, 1)], "text")
    deadline = next(f for f in run(doc, INFO) if f.kind == "deadline")
    assert (deadline.edition, deadline.fiscal_year, deadline.budget) == (None, 2023, "補正")


def test_programs_listed_under_a_budget_line_take_its_year() -> None:
    pages = [
        "中小企業生産性革命推進事業\n令和3年度補正予算案額2,001億円\n(3)サービス等生産性向上IT導入支援事業(IT導入補助金)\n"
        "PC、タブレット等補助上限:10万円(補助率:1/2)",
        "(3)IT導入補助金(概要)\n補助上限額:450万円",
    ]
    doc = DocumentText([Page(n, "", normalize(t)) for n, t in enumerate(pages, 1)], "text")
    got = {(f.value, f.fiscal_year, f.budget) for f in run(doc, INFO) if f.kind == "cap_max"}
    assert got == {(100000, 2021, "補正"), (4500000, 2021, "補正")}  # the program's section goes on


def test_a_frame_named_before_its_cap_labels_it() -> None:
    text = "ものづくり補助金\nグリーン枠の概要\n従来一律1,000万円としていた通常枠の補助上限額を、1,250万円に見直し。"
    facts = run(DocumentText([Page(1, "", normalize(text))], "text"), INFO)
    assert {(f.frame, f.value) for f in facts} == {("通常枠", 12500000)}


def test_a_case_that_restates_an_applicants_definition_names_that_applicant() -> None:
    text = (
        "IT導入補助金の概要\n通常枠\n補助率 中小企業:1/2最低賃金近傍の事業者:2/3 "
        "(3か月以上地域別最低賃金+50円以内で雇用している従業員が全従業員の30%以上であることを示した事業者)\n\n"
        "※3か月以上地域別最低賃金+50円以内で雇用している従業員が全従業員の30%以上であることを示した場合は補助率2/3以内。"
    )
    facts = run(DocumentText([Page(1, "", normalize(text))], "text"), INFO)
    assert {(f.value, f.applicant) for f in facts} == {("1/2", "中小企業"), ("2/3", "最低賃金近傍の事業者")}


def test_the_end_of_a_title_wrapped_onto_its_own_line_is_joined() -> None:
    assert reflow(["デジタル化基盤導入枠の2022年度最終", "締切日"]) == [
        ("デジタル化基盤導入枠の2022年度最終締切日", [0, 1])
    ]
    assert reflow(["補助上限額 50万円", "概要"]) == [("補助上限額 50万円", [0]), ("概要", [1])]
    pages = [
        "IT導入補助金について",
        "最終締切日\n2023年2月16日(木)17:00(予定)\n\nデジタル化基盤導入枠の2022年度最終\n締切日",
    ]
    doc = DocumentText([Page(n, "", normalize(t)) for n, t in enumerate(pages, 1)], "text")
    assert {(f.frame, f.value) for f in run(doc, INFO)} == {("デジタル化基盤導入枠", "2023-02-16T17:00")}


def test_a_line_that_starts_with_a_colon_continues_its_label() -> None:
    assert reflow(["・POSレジ・モバイルPOSレジ・券売機", ":補助額20万円まで"]) == [
        ("・POSレジ・モバイルPOSレジ・券売機:補助額20万円まで", [0, 1])
    ]


def test_a_flattened_table_in_a_guideline_keeps_the_guideline_frame() -> None:
    pages = [
        "IT導入補助金2025公募要領\n(通常枠)",
        "補助対象経費\n補助率\n補助額\nプロセス数\nソフトウェア購入費\n1/2以内\n5万円~150万円未満\n1プロセス以上",
    ]
    doc = DocumentText([Page(n, "", normalize(t)) for n, t in enumerate(pages, 1)], "text")
    assert {f.frame for f in run(doc, INFO)} == {"通常枠"}
