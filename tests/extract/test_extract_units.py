"""Small pure pieces of extract/: quality flags, page-number lines, XY-cut, locate on random ranges."""

from __future__ import annotations

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import read_document
from extract.layout import Unit, xycut
from extract.locate import line_box, locate
from extract.model import Line
from extract.quality import text_flags
from extract.running import PAGE_NUMBER

JA = 0.8  # a Japanese document

FLAG_CASES = [
    # (page text, document Japanese share, expected flags)
    ("事業再構築補助金の概要 補助上限額は1億円 補助率は中小企業2/3以内", JA, []),
    ("2022 2 4 ( )(7 )\n(2022 )\njGrants\n2021 11 10 ( )(4 )\nHP HP", JA, ["lost_japanese"]),
    ("2022 2 4 ( )(7 )\n(2022 )\njGrants\n2021 11 10 ( )(4 )\nHP HP", 0.0, []),  # an English document
    ("See https://it-shien.smrj.go.jp/ and https://www.meti.go.jp/", JA, []),  # URLs only: too short
    ("目次 1.事業の概要...........................3 2.補助対象..............5", JA, []),  # dot leaders
    (
        "(cid:12)(cid:845)(cid:77)(cid:1203)(cid:99)(cid:3)(cid:401)(cid:18)(cid:7)",
        JA,
        ["cid_garbage", "lost_japanese"],
    ),
    ("\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009\ue00a\ue00b\ue00c補助金の概要です", JA, ["private_use"]),
    ("\uf06c 補助対象経費は機械装置等費と広報費とウェブサイト関連費", JA, []),  # Wingdings bullet
    ("短い", JA, []),
]


@pytest.mark.parametrize(("text", "doc_ja", "flags"), FLAG_CASES)
def test_text_flags(text: str, doc_ja: float, flags: list[str]) -> None:
    assert sorted(text_flags(text, doc_ja)) == sorted(flags)


@pytest.mark.parametrize(
    ("line", "is_number"),
    [
        ("12", True),
        ("- 12 -", True),
        ("12/45", True),
        ("P.12", True),
        ("1/20ページ", True),
        ("(3)", True),
        ("第12条", False),
        ("2025年", False),
        ("12万円", False),
    ],
)
def test_page_number_lines(line: str, is_number: bool) -> None:
    assert bool(PAGE_NUMBER.match(line)) is is_number


def _u(x0: float, y0: float, x1: float, y1: float, name: str) -> Unit:
    return Unit([Line(name, (x0, y0, x1, y1))], (x0, y0, x1, y1))


def test_xycut_reads_labels_and_values_row_by_row_but_columns_column_by_column() -> None:
    labels = [_u(50, 100 + 30 * i, 110, 112 + 30 * i, f"label{i}") for i in range(3)]
    values = [_u(200, 100 + 30 * i, 500, 112 + 30 * i, f"value{i}") for i in range(3)]
    order = [u.lines[0].text for u in xycut(labels + values)]
    assert order == ["label0", "value0", "label1", "value1", "label2", "value2"]
    left = [_u(50, 100 + 30 * i, 300, 112 + 30 * i, f"left{i}") for i in range(3)]
    right = [_u(400, 100 + 30 * i, 650, 112 + 30 * i, f"right{i}") for i in range(3)]
    title = _u(50, 40, 400, 70, "title")
    order = [u.lines[0].text for u in xycut([*right, *left, title])]
    assert order == ["title", "left0", "left1", "left2", "right0", "right1", "right2"]


def test_rotated_text_is_one_vertical_line(tmp_path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.insert_text((40, 300), "申請の流れ", fontname="japan", fontsize=14, rotate=90)
    page.insert_text((100, 200), "交付申請を行う", fontname="japan", fontsize=12)
    doc.save(tmp_path / "r.pdf")
    got = read_document(tmp_path / "r.pdf").pages[0]
    assert [(ln.text, ln.vertical) for ln in got.lines] == [("申請の流れ", True), ("交付申請を行う", False)]
    box = locate(got, 0, 2)  # 申請: the bottom of a line written upwards is cut along y
    assert box is not None and box[0] < 45


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory):
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    for i, (s, color) in enumerate(
        [("補助上限額 ４５０万円", (0, 0, 0)), ("補助率 ２／３以内", (1, 0, 0)), ("ＩＴツール導入費", (0, 0, 0))]
    ):
        page.insert_text((60, 80 + 30 * i), s, fontname="japan", fontsize=14, color=color)
    path = tmp_path_factory.mktemp("loc") / "p.pdf"
    doc.save(path)
    return read_document(path).pages[0]


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_locate_stays_inside_the_lines_it_covers(sample_page, data) -> None:
    text = sample_page.text
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a + 1, len(text)))
    box = locate(sample_page, a, b)
    covered = [ln for ln in sample_page.lines if ln.bbox]
    if not text[a:b].strip("\n"):
        return
    assert box is not None
    x0 = min(ln.bbox[0] for ln in covered)
    x1 = max(ln.bbox[2] for ln in covered)
    assert x0 - 0.01 <= box[0] <= box[2] <= x1 + 0.01
    # a range inside one line is no wider than that line and ordered left to right
    ln = sample_page.lines[0]
    i = data.draw(st.integers(0, len(ln.text) - 1))
    j = data.draw(st.integers(i + 1, len(ln.text)))
    part = line_box(ln, i, j)
    assert part is not None and ln.bbox is not None
    assert ln.bbox[0] - 0.01 <= part[0] < part[2] <= ln.bbox[2] + 0.01
