"""Scope by layout: row labels that are frames without 枠/類型, and frame bands over column groups.

Every document here is made up in the test (frame names included); PDFs are drawn with PyMuPDF.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from extract.facts.bands import Band, BandRow
from extract.facts.frames import find_names
from extract.facts.model import DocInfo
from extract.facts.pipeline import run
from extract.facts.scope import DocContext, Scope
from extract.facts.segments import band_names, groups, names_header
from extract.facts.vocab import Vocabulary, label_pair, leading_label
from extract.model import DocumentText, Line, Page
from extract.pdf import read_pdf
from extract.textlayer import read_text_layer
from normalize.glyphs import normalize

INFO = DocInfo(key="doc", sha256="0" * 64)


def text_doc(tmp_path: Path, text: str) -> DocumentText:
    """Given the text of a text layer, return it read as `hojo build` reads a .txt file."""
    path = tmp_path / "layer.txt"
    path.write_text(text, encoding="utf-8")
    return read_text_layer(path)


def facts_of(doc: DocumentText) -> set[tuple]:
    return {(f.frame, f.type, f.kind, f.value, f.applicant, f.condition) for f in run(doc, INFO)}


def vocab_of(*texts: str) -> Vocabulary:
    return Vocabulary(n for t in texts for n in find_names(normalize(t)))


# --- class 2: row labels that are frames or types without 枠/類型 --------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("暁光展開", ("暁光展開枠", None)),
        ("①暁光展開", ("暁光展開枠", None)),
        ("(2)潮騒育成※1", ("潮騒育成枠", None)),
        ("霧笛支援", (None, "霧笛支援類型")),
        ("暁光", None),  # part of a stem is no name
        ("小規模事業者", None),  # an applicant stays an applicant even with a 小規模事業者枠
        ("引上げ", None),  # the tail of 賃金引上げ枠 broken onto a line of its own is a fragment
    ],
)
def test_the_vocabulary_knows_names_without_their_head_noun(label: str, expected: tuple | None) -> None:
    vocab = vocab_of("暁光展開枠と潮騒育成枠", "霧笛支援類型", "小規模事業者枠", "賃金引上げ枠", "※賃金 / 引上げ枠")
    assert vocab.pair(normalize(label)) == expected


@pytest.mark.parametrize(
    ("cell", "level"),
    [("類型", "type"), ("申請類型", "type"), ("枠", "frame"), ("枠/類型", "frame"), ("区分", None), ("補助率", None)],
)
def test_a_header_cell_names_the_level_of_the_labels(cell: str, level: str | None) -> None:
    assert names_header(cell) == level


@pytest.mark.parametrize(
    ("label", "pair"),
    [
        ("暁光展開", (None, "暁光展開")),
        ("中小企業者", None),  # an applicant
        ("従業員数5人以下", None),  # a tier
        ("補助上限額", None),  # a value label
        ("者は", None),  # the end of a sentence broken over lines
        ("中堅", None),  # the short form of an applicant
        ("原則", None),  # the default case
        ("通常枠", None),  # a name with its head noun is read by the name finder
    ],
)
def test_a_label_under_a_types_header_is_a_type_unless_it_is_something_else(label: str, pair: tuple | None) -> None:
    assert label_pair(label, "type", Vocabulary()) == pair


def test_the_leading_label_of_a_flattened_row() -> None:
    assert leading_label("暁光展開 1/2、2/3 300~500万円") == (5, "暁光展開")
    assert leading_label("暁光展開1/2") == (4, "暁光展開")
    assert leading_label("1/2 500万円") is None


ROWS_TABLE = "\t補助率\t補助上限額\n暁光展開\t2/3\t500万円\n潮騒育成\t1/2\t300万円\n"


def test_table_rows_named_as_frames_elsewhere_are_those_frames(tmp_path: Path) -> None:
    doc = text_doc(tmp_path, f"持続化補助金の概要\n\n本事業には暁光展開枠、潮騒育成枠があります。\n\n{ROWS_TABLE}")
    assert facts_of(doc) == {
        ("暁光展開枠", None, "rate", "2/3", None, None),
        ("暁光展開枠", None, "cap_max", 5000000, None, None),
        ("潮騒育成枠", None, "rate", "1/2", None, None),
        ("潮騒育成枠", None, "cap_max", 3000000, None, None),
    }


def test_table_rows_under_a_types_header_are_types(tmp_path: Path) -> None:
    doc = text_doc(tmp_path, "持続化補助金の概要\n\n類型" + ROWS_TABLE)
    assert facts_of(doc) == {
        (None, "暁光展開", "rate", "2/3", None, None),
        (None, "暁光展開", "cap_max", 5000000, None, None),
        (None, "潮騒育成", "rate", "1/2", None, None),
        (None, "潮騒育成", "cap_max", 3000000, None, None),
    }


def test_a_table_printing_its_names_whole_keeps_bare_labels_as_what_they_are(tmp_path: Path) -> None:
    doc = text_doc(
        tmp_path,
        "持続化補助金の概要\n\n類型\t補助率\t補助上限額\n暁光展開枠\t2/3\t500万円\n従業員数5人以下\t1/2\t300万円\n",
    )
    got = facts_of(doc)
    assert ("暁光展開枠", None, "cap_max", 5000000, None, None) in got
    assert (None, None, "rate", "1/2", None, "従業員数5人以下") in got


def test_flattened_rows_named_as_frames_elsewhere_give_one_frame_per_row(tmp_path: Path) -> None:
    doc = text_doc(
        tmp_path,
        "持続化補助金の概要\n\n本事業には暁光展開枠、潮騒育成枠があります。\n\n補助率 補助上限額\n"
        "暁光展開 2/3 500万円\n潮騒育成 1/2、3/4 300万円\n",
    )
    assert facts_of(doc) == {
        ("暁光展開枠", None, "rate", "2/3", None, None),
        ("暁光展開枠", None, "cap_max", 5000000, None, None),
        ("潮騒育成枠", None, "rate", "1/2", None, None),
        ("潮騒育成枠", None, "rate", "3/4", None, None),
        ("潮騒育成枠", None, "cap_max", 3000000, None, None),
    }


def test_flattened_rows_under_a_types_header_row_are_types(tmp_path: Path) -> None:
    doc = text_doc(
        tmp_path, "持続化補助金の概要\n\n類型 補助率 補助上限額\n暁光展開 2/3 500万円\n潮騒育成 1/2 300万円\n"
    )
    assert facts_of(doc) == {
        (None, "暁光展開", "rate", "2/3", None, None),
        (None, "暁光展開", "cap_max", 5000000, None, None),
        (None, "潮騒育成", "rate", "1/2", None, None),
        (None, "潮騒育成", "cap_max", 3000000, None, None),
    }


def test_a_bare_name_on_a_line_of_its_own_heads_its_values(tmp_path: Path) -> None:
    doc = text_doc(tmp_path, "持続化補助金の概要\n\n暁光展開枠と潮騒育成枠\n\n補助率\n暁光展開\n2/3\n潮騒育成\n1/2\n")
    assert facts_of(doc) == {
        ("暁光展開枠", None, "rate", "2/3", None, None),
        ("潮騒育成枠", None, "rate", "1/2", None, None),
    }


def test_pdf_table_rows_named_as_frames_in_the_title_are_those_frames(tmp_path: Path, ruled_table) -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=595, height=842)
    page.insert_text((50, 60), "持続化補助金(暁光展開枠・潮騒育成枠)の概要", fontname="japan", fontsize=16)
    ruled_table(
        page,
        50,
        100,
        [120, 120, 160],
        [["", "補助率", "補助上限額"], ["暁光展開", "2/3", "500万円"], ["潮騒育成", "1/2", "300万円"]],
    )
    pdf.save(tmp_path / "rows.pdf")
    got = facts_of(read_pdf(tmp_path / "rows.pdf", ocr=False))
    assert got == {
        ("暁光展開枠", None, "rate", "2/3", None, None),
        ("暁光展開枠", None, "cap_max", 5000000, None, None),
        ("潮騒育成枠", None, "rate", "1/2", None, None),
        ("潮騒育成枠", None, "cap_max", 3000000, None, None),
    }


def test_page_lines_built_in_code_use_the_same_vocabulary() -> None:
    lines = [Line(normalize(t)) for t in ("持続化補助金の概要", "暁光展開枠の補助率", "暁光展開 2/3")]
    page = Page(1, "", "\n".join(ln.text for ln in lines), lines)
    assert ("暁光展開枠", None, "rate", "2/3", None, None) in facts_of(DocumentText([page], "text"))


# --- class 1: frame names above column groups ----------------------------------------------


@pytest.mark.parametrize(
    ("labels", "k", "expected"),
    [
        (["補助上限額", "補助率", "補助上限額", "補助率"], 2, [0, 0, 1, 1]),
        (["上限", "率", "期間", "上限", "率", "期間"], 2, [0, 0, 0, 1, 1, 1]),
        (["補助上限額", "補助率"], 2, None),  # one column each would pair a cap with one frame, a rate with the other
        (["補助上限額", "補助率", "補助上限額"], 2, None),
        (["補助上限額", "補助率", "補助率", "補助上限額"], 2, None),
        (["", "", "", ""], 2, [0, 0, 1, 1]),  # no header row: the columns split evenly
    ],
)
def test_column_groups_by_repeated_labels(labels: list[str], k: int, expected: list[int] | None) -> None:
    assert groups(labels, k) == expected


def test_a_band_row_gives_each_extent_the_bands_above_it() -> None:
    row = BandRow([Band(100, 300, (("甲枠", None),)), Band(300, 500, (("乙枠", None),))], 80, 100, frozenset())
    assert row.over(120, 200) == (("甲枠", None),)
    assert row.over(320, 480) == (("乙枠", None),)
    assert row.over(100, 500) == (("甲枠", None), ("乙枠", None))  # a cell spanning both
    assert row.over(100, 500, spanning=False) is None  # a line running under both
    assert row.over(700, 800) is None  # beside the row
    assert row.scopes((120, 110, 200, 120)) and not row.scopes((120, 40, 200, 50))


def slide(
    path: Path,
    ruled_table,
    *,
    fills: bool = True,
    tables: str = "one",
    align: str = "centre",
    one_line: bool = False,
    title: str = "ものづくり補助金の概要",
    names: tuple[str, str] = ("彩雲拡張枠", "翠嵐連携枠"),
) -> Path:
    """Draw a slide: two frame bands side by side over one table, two abutting tables, or lines
    in two columns, and a second page with a value under no band; return the PDF's path."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=842, height=595)
    page.insert_text((60, 60), title, fontname="japan", fontsize=20)
    bands = [(150, 450, names[0], (0.2, 0.4, 0.8)), (450, 750, names[1], (0.9, 0.5, 0.1))]
    for x0, x1, _, colour in bands:
        if fills:
            page.draw_rect(pymupdf.Rect(x0, 100, x1, 125), color=None, fill=colour)
    xs = [(x0 + 10 if align == "left" else (x0 + x1) / 2 - 30) for x0, x1, _, _ in bands]
    if one_line:
        page.insert_text(
            (xs[0], 118),
            names[0] + "　" * round((xs[1] - xs[0]) / 12 - len(names[0])) + names[1],
            fontname="japan",
            fontsize=12,
        )
    else:
        for x, (_, _, name, _) in zip(xs, bands, strict=True):
            page.insert_text((x, 118), name, fontname="japan", fontsize=12)
    head = ["補助上限額", "補助率"]
    if tables == "one":
        ruled_table(
            page,
            50,
            125,
            [100, 150, 150, 150, 150],
            [["", *head, *head], ["小規模事業者", "500万円", "2/3", "1,000万円", "1/2"]],
        )
    elif tables == "two":
        ruled_table(page, 150, 125, [150, 150], [head, ["500万円", "2/3"]])
        ruled_table(page, 450, 125, [150, 150], [head, ["1,000万円", "1/2"]])
    elif tables == "unruled":
        grid = [["", *head, *head], ["小規模事業者", "500万円", "2/3", "1,000万円", "1/2"]]
        for r, row in enumerate(grid):
            for x, text in zip([40, 200, 330, 470, 610], row, strict=True):
                if text:
                    page.insert_text((x, 145 + 30 * r), text, fontname="japan", fontsize=11)
        page.insert_text((40, 205), "中小企業者", fontname="japan", fontsize=11)
        page.insert_text((330, 205), "1/2", fontname="japan", fontsize=11)
    else:
        page.insert_text((160, 150), "補助上限額:500万円", fontname="japan", fontsize=11)
        page.insert_text((160, 190), "補助率:2/3", fontname="japan", fontsize=11)
        page.insert_text((460, 165), "設備投資を伴う場合", fontname="japan", fontsize=11)
        page.insert_text((460, 205), "補助上限額:1,000万円", fontname="japan", fontsize=11)
        page.insert_text((460, 230), "補助率:1/2", fontname="japan", fontsize=11)
        page.insert_text(
            (160, 260),
            "※いずれも補助下限額は100万円とします。両方の枠に共通する注記です。",
            fontname="japan",
            fontsize=11,
        )
        page.insert_text((160, 300), "予算額:200億円", fontname="japan", fontsize=11)  # below the columns
    second = pdf.new_page(width=842, height=595)
    second.insert_text((60, 60), "申請の流れ", fontname="japan", fontsize=20)
    second.insert_text((60, 100), "補助上限額:3,000万円", fontname="japan", fontsize=11)
    pdf.save(path)
    return path


def frames_of(path: Path) -> set[tuple]:
    return {(f.page, f.frame, f.kind, f.value) for f in run(read_pdf(path, ocr=False), INFO)}


BANDED = {
    (1, "彩雲拡張枠", "cap_max", 5000000),
    (1, "彩雲拡張枠", "rate", "2/3"),
    (1, "翠嵐連携枠", "cap_max", 10000000),
    (1, "翠嵐連携枠", "rate", "1/2"),
    (2, None, "cap_max", 30000000),  # the bands scope their slide only
}


@pytest.mark.parametrize(
    ("fills", "tables", "align", "one_line"),
    [
        (True, "one", "centre", False),
        (False, "one", "centre", False),  # no coloured shapes: the names' own positions
        (True, "one", "left", False),  # a name at the left of a wide band: the band's shape
        (True, "two", "centre", False),  # two abutting tables
        (True, "one", "left", True),  # both names on one line of the text layer
    ],
)
def test_each_value_of_a_table_takes_the_band_above_its_column(
    tmp_path: Path, fills: bool, tables: str, align: str, one_line: bool, ruled_table
) -> None:
    path = slide(tmp_path / "bands.pdf", ruled_table, fills=fills, tables=tables, align=align, one_line=one_line)
    assert frames_of(path) == BANDED


def test_lines_in_columns_take_their_band_and_a_note_under_both_ends_the_columns(tmp_path: Path, ruled_table) -> None:
    path = slide(tmp_path / "lines.pdf", ruled_table, tables="none", align="left", one_line=True)
    assert frames_of(path) == BANDED | {(1, None, "cap_min", 1000000), (1, None, "budget", 20000000000)}


def test_types_in_a_column_header_take_the_frame_of_the_band_above(tmp_path: Path, ruled_table) -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=842, height=595)
    page.insert_text((60, 60), "ものづくり補助金の概要", fontname="japan", fontsize=20)
    page.insert_text((270, 118), "彩雲拡張枠", fontname="japan", fontsize=12)
    page.insert_text((570, 118), "翠嵐連携枠", fontname="japan", fontsize=12)
    ruled_table(
        page, 50, 125, [100, 150, 150, 300], [["", "甲型類型", "乙型類型", ""], ["補助率", "2/3", "1/2", "1/3"]]
    )
    pdf.save(tmp_path / "types.pdf")
    got = {(f.frame, f.type, f.value) for f in run(read_pdf(tmp_path / "types.pdf", ocr=False), INFO)}
    assert got == {("彩雲拡張枠", "甲型類型", "2/3"), ("彩雲拡張枠", "乙型類型", "1/2"), ("翠嵐連携枠", None, "1/3")}


BAND_TABLE = "\t補助上限額\t補助率\t補助上限額\t補助率\n小規模事業者\t500万円\t2/3\t1,000万円\t1/2\n"
BAND_FACTS = {
    ("彩雲拡張枠", None, "cap_max", 5000000, "小規模事業者", None),
    ("彩雲拡張枠", None, "rate", "2/3", "小規模事業者", None),
    ("翠嵐連携枠", None, "cap_max", 10000000, "小規模事業者", None),
    ("翠嵐連携枠", None, "rate", "1/2", "小規模事業者", None),
}


@pytest.mark.parametrize(
    "bands",
    [
        "\t彩雲拡張枠\t\t翠嵐連携枠\t\n",  # merged cells written with their empty fields
        "\t彩雲拡張枠\t翠嵐連携枠\n",  # each merged cell written once
        "彩雲拡張枠\t翠嵐連携枠\n",  # and the corner left out
        "彩雲拡張枠　　　翠嵐連携枠\n\n",  # a line of its own above the table
    ],
)
def test_text_layer_bands_scope_the_column_groups_their_labels_repeat(tmp_path: Path, bands: str) -> None:
    doc = text_doc(tmp_path, f"ものづくり補助金の概要\n\n{bands}{BAND_TABLE}")
    assert facts_of(doc) == BAND_FACTS


def test_a_line_of_names_over_columns_that_do_not_repeat_is_no_band(tmp_path: Path) -> None:
    doc = text_doc(
        tmp_path,
        "ものづくり補助金の概要\n\n彩雲拡張枠　翠嵐連携枠\n\n\t補助上限額\t補助率\n小規模事業者\t500万円\t2/3\n",
    )
    assert {f[0] for f in facts_of(doc)} == {None}


def test_bands_are_nearer_than_a_title_naming_them_all(tmp_path: Path, ruled_table) -> None:
    path = slide(
        tmp_path / "title.pdf", ruled_table, tables="none", one_line=True,
        title="ものづくり補助金 彩雲拡張枠、翠嵐連携枠の概要",
    )
    got = frames_of(path)
    assert {x for x in got if x[0] == 1 and x[2] in ("cap_max", "rate")} == {x for x in BANDED if x[0] == 1}


@pytest.mark.parametrize("tables", ["one", "none"])
def test_bands_naming_types_take_the_frame_of_the_slide(tmp_path: Path, tables: str, ruled_table) -> None:
    path = slide(
        tmp_path / "types.pdf", ruled_table, tables=tables, title="ものづくり補助金 彩雲拡張枠の概要",
        names=("甲型類型", "乙型類型"),
    )
    got = {(f.frame, f.type, f.value) for f in run(read_pdf(path, ocr=False), INFO) if f.page == 1}
    assert {("彩雲拡張枠", "甲型類型", 5000000), ("彩雲拡張枠", "乙型類型", 10000000)} <= got
    assert {(f, t) for f, t, _ in got} <= {("彩雲拡張枠", "甲型類型"), ("彩雲拡張枠", "乙型類型"), ("彩雲拡張枠", None)}


def test_columns_under_a_types_corner_are_types_and_learnt_names_name_columns(tmp_path: Path) -> None:
    transposed = text_doc(tmp_path, "持続化補助金の概要\n\n類型\t暁光展開\t潮騒育成\n補助率\t2/3\t1/2\n")
    assert facts_of(transposed) == {
        (None, "暁光展開", "rate", "2/3", None, None),
        (None, "潮騒育成", "rate", "1/2", None, None),
    }
    learnt = text_doc(
        tmp_path, "持続化補助金の概要\n\n\t暁光展開\t一般\n補助率\t2/3\t1/2\n\f暁光展開枠を新設します。\n"
    )
    assert facts_of(learnt) == {
        ("暁光展開枠", None, "rate", "2/3", None, None),
        (None, None, "rate", "1/2", None, None),
    }


def test_a_table_flattened_to_lines_under_bands_splits_each_row_into_column_groups(tmp_path: Path) -> None:
    doc = text_doc(
        tmp_path,
        "ものづくり補助金の概要\n\n彩雲拡張枠 翠嵐連携枠\n補助上限額 補助率 補助上限額 補助率\n"
        "小規模事業者 500万円 2/3 1,000万円 1/2\n\n申請の流れ\n補助上限額:3,000万円\n",
    )
    assert facts_of(doc) == BAND_FACTS | {(None, None, "cap_max", 30000000, None, None)}
    quotes = {f.quote for f in run(doc, INFO) if f.frame == "翠嵐連携枠"}
    assert quotes == {normalize("小規模事業者 500万円 2/3 1,000万円 1/2")}  # the quote is the whole row


def test_a_flattened_row_whose_values_do_not_line_up_is_read_whole(tmp_path: Path) -> None:
    doc = text_doc(
        tmp_path,
        "ものづくり補助金の概要\n\n彩雲拡張枠 翠嵐連携枠\n補助上限額 補助率 補助上限額 補助率\n"
        "小規模事業者 500万円 2/3\n",
    )
    assert {f[0] for f in facts_of(doc)} == {None}


def test_an_unruled_table_under_bands_keeps_its_row_headers(tmp_path: Path, ruled_table) -> None:
    path = slide(tmp_path / "unruled.pdf", ruled_table, tables="unruled")
    got = {(f.frame, f.kind, f.value, f.applicant) for f in run(read_pdf(path, ocr=False), INFO) if f.page == 1}
    assert got == {
        ("彩雲拡張枠", "cap_max", 5000000, "小規模事業者"),
        ("彩雲拡張枠", "rate", "2/3", "小規模事業者"),
        ("翠嵐連携枠", "cap_max", 10000000, "小規模事業者"),
        ("翠嵐連携枠", "rate", "1/2", "小規模事業者"),
        ("彩雲拡張枠", "rate", "1/2", "中小企業者"),
    }


def test_a_band_may_carry_a_short_subtitle_after_its_name(tmp_path: Path, ruled_table) -> None:
    path = slide(tmp_path / "subtitles.pdf", ruled_table, names=("彩雲拡張枠(設備投資)", "翠嵐連携枠~海外展開~"))
    assert frames_of(path) == BANDED


def test_titles_side_by_side_are_no_bands() -> None:
    ctx = DocContext(Scope())
    assert band_names("彩雲拡張枠 ~海外展開~", ctx, None) == (("彩雲拡張枠", None),)
    assert band_names("【新設】彩雲拡張枠", ctx, None) == (("彩雲拡張枠", None),)
    assert band_names("彩雲拡張枠の概要", ctx, None) == ()
    assert band_names("彩雲拡張枠:上限500万円", ctx, None) == ()  # a value is no band
