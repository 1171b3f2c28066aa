"""read_pdf on PDFs the tests draw: reading order, tables, vertical text, emphasis, quality, roles."""

from __future__ import annotations

import pymupdf
import pytest

from extract import read_document
from extract.locate import locate_text
from extract.model import Page
from extract.ocr import tesseract


def _first(pdf, fn, c) -> Page:
    # two plain Japanese pages make it a Japanese document (the lost-Japanese check needs one)
    return read_document(pdf(fn, c.japanese_page, c.japanese_page)).pages[0]


def test_two_column_slide_reads_title_then_left_column_then_right(pdf, draw) -> None:
    page = _first(pdf, draw.two_column_slide, draw)
    assert page.text.splitlines() == [
        "事業の概要とスケジュール",
        "通常枠の概要",
        "ソフトウェア導入を支援",
        "補助率は二分の一以内",
        "インボイス枠の概要",
        "会計ソフト導入を支援",
        "補助率は四分の三以内",
    ]
    assert page.lines[0].role == "title"
    assert [ln.role for ln in page.lines[1:]] == ["body"] * 6


def test_ruled_table_with_merged_header_is_a_grid(pdf, draw) -> None:
    page = _first(pdf, draw.ruled_table, draw)
    assert len(page.tables) == 1
    t = page.tables[0]
    assert t.rows == [
        ["枠", "通常枠", "通常枠"],
        ["補助額", "5万円~150万円", "150万円~450万円"],
        ["補助率", "1/2以内", "2/3以内"],
        ["プロセス数", "1~3", "4以上"],
    ]
    assert t.spans() == [{"row": 0, "col": 1, "rows": 1, "cols": 2}]
    assert t.header_rows == 1
    assert t.source == "rules"
    merged = next(cell for cell in t.cells if cell.col_span == 2)
    assert merged.bbox == pytest.approx((200, 80, 600, 110), abs=1.5)
    # the page text reads the table row by row
    lines = page.text.splitlines()
    assert lines.index("補助額") < lines.index("150万円~450万円") < lines.index("補助率")


def test_table_without_rules_is_found_from_aligned_columns(pdf, draw) -> None:
    page = _first(pdf, draw.unruled_table, draw)
    assert [t.source for t in page.tables] == ["text"]
    t = page.tables[0]
    assert t.rows == [
        ["類型", "補助上限", "補助率"],
        ["A類型", "150万円", "1/2"],
        ["B類型", "450万円", "1/2"],
        ["C類型", "350万円", "2/3"],
    ]
    assert (t.header_rows, t.header_cols) == (1, 1)


def test_a_row_over_column_groups_above_an_unruled_table_is_left_out_of_it(pdf, draw) -> None:
    page = _first(pdf, draw.banded_unruled_table, draw)
    assert [t.rows for t in page.tables] == [
        [
            ["", "上限", "率", "上限", "率"],
            ["小規模", "50万円", "2/3", "80万円", "1/2"],
            ["中規模", "60万円", "1/2", "90万円", "1/3"],
        ]
    ]
    assert "甲群" in page.text and "乙群" in page.text


def test_prose_is_not_a_table(pdf, draw) -> None:
    assert all(not p.tables for p in read_document(pdf(draw.two_column_slide, draw.japanese_page)).pages)


def test_vertical_caption_is_read_as_one_word_before_its_text(pdf, draw) -> None:
    page = _first(pdf, draw.vertical_caption, draw)
    vertical = [ln for ln in page.lines if ln.vertical]
    assert [ln.text for ln in vertical] == ["事前準備"]
    assert page.text.splitlines() == ["事前準備", "gBizIDプライムを取得する", "みらデジ経営チェックを受ける"]


def test_red_span_is_kept_as_emphasis(pdf, draw) -> None:
    page = _first(pdf, draw.red_span, draw)
    line = page.lines[0]
    assert line.text == "補助率は2/3以内"
    assert [(s.text, s.is_red) for s in line.spans] == [("補助率は", False), ("2/3以内", True)]
    assert line.spans[1].color == 0xFF0000


def test_image_only_page_is_flagged(pdf, draw) -> None:
    page = _first(pdf, draw.image_only, draw)
    assert "no_text_layer" in page.flags
    assert page.raw_text.strip() == ""


@pytest.mark.skipif(tesseract() is None, reason="tesseract with the jpn traineddata is not installed")
def test_image_only_page_is_ocr_d(pdf, draw) -> None:
    page = _first(pdf, draw.image_only, draw)
    assert page.text_source == "ocr"
    assert page.ocr_text == page.text
    assert "補助率2分の1以内" in page.text  # Tesseract's jpn model reads 万 poorly: no amounts here
    box = locate_text(page, "補助率")
    assert box is not None and box[0] == pytest.approx(60, abs=6) and 130 < box[1] < box[3] < 180


def test_page_whose_text_lost_its_japanese_is_flagged(pdf, draw) -> None:
    doc = read_document(pdf(draw.garbage_page, draw.japanese_page, draw.japanese_page), ocr=False)
    assert "lost_japanese" in doc.pages[0].flags
    assert doc.pages[1].flags == [] and doc.pages[2].flags == []


def test_running_header_and_page_numbers_get_their_roles(pdf, draw) -> None:
    doc = read_document(pdf(*(draw.running_page(n) for n in range(1, 5))))
    for n, page in enumerate(doc.pages, 1):
        roles = {ln.text: ln.role for ln in page.lines}
        assert roles["IT導入補助金2025公募要領"] == "header"
        assert roles[str(n)] == "page_number"
        assert roles[f"第{n}章 本文の内容です"] == "body"  # two words: the space stays
        assert page.text.splitlines()[0] == "IT導入補助金2025公募要領"
        assert page.text.splitlines()[-1] == str(n)


def test_locate_traces_normalised_text_to_its_box(pdf, draw) -> None:
    page = _first(pdf, draw.red_span, draw)
    red = page.lines[0].spans[1]
    assert red.bbox is not None
    box = locate_text(page, "2/3以内")
    assert box == pytest.approx(red.bbox, abs=0.5)
    part = locate_text(page, "補助率")
    assert part is not None and part[2] < red.bbox[0] and part[0] == pytest.approx(60, abs=1)
    both = locate_text(page, "以内\n赤字")
    assert both is not None and both[1] < red.bbox[3] < both[3]
    assert locate_text(page, "ありません") is None


def test_locate_works_inside_table_cells(pdf, draw) -> None:
    page = _first(pdf, draw.ruled_table, draw)
    box = locate_text(page, "150万円~450万円")
    assert box is not None and box[0] >= 400 and box[2] <= 600 and box[1] >= 110 and box[3] <= 140


def test_tables_can_be_skipped_and_timings_are_kept(pdf, draw) -> None:
    doc = read_document(pdf(draw.ruled_table), tables=False)
    assert doc.pages[0].tables == []
    assert set(doc.timings) >= {"text", "tables", "ocr"}


def test_rotated_page_keeps_its_table_and_the_box_space(pdf, draw, tmp_path) -> None:
    doc = pymupdf.open(pdf(draw.ruled_table))
    doc[0].set_rotation(90)
    doc.save(tmp_path / "rotated.pdf")
    page = read_document(tmp_path / "rotated.pdf").pages[0]
    assert (page.width, page.height) == (842, 595)  # the space the boxes are in (unrotated)
    assert page.tables[0].rows[1] == ["補助額", "5万円~150万円", "150万円~450万円"]


def test_without_tesseract_flagged_pages_keep_their_layer(pdf, draw, monkeypatch) -> None:
    monkeypatch.setenv("TESSERACT", "/nonexistent/tesseract")
    tesseract.cache_clear()
    try:
        doc = read_document(pdf(draw.image_only, draw.japanese_page), ocr=True)
    finally:
        tesseract.cache_clear()
    page = doc.pages[0]
    assert page.text_source == "layer" and page.ocr_text is None
    assert "no_text_layer" in page.flags
    assert any("tesseract with jpn is not installed" in w for w in doc.warnings)


def test_ocr_false_never_runs_tesseract(pdf, draw) -> None:
    page = read_document(pdf(draw.image_only, draw.japanese_page), ocr=False).pages[0]
    assert page.text_source == "layer" and page.ocr_text is None and "no_text_layer" in page.flags
