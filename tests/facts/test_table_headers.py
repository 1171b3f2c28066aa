"""Table headers that name frames and applicants, on a ruled PDF table drawn here."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from extract import read_document
from extract.facts.model import DocInfo
from extract.facts.pipeline import run
from normalize.qualifiers import parse_condition

INFO = DocInfo(key="doc", sha256="0" * 64)


def draw_table(path: Path, title: str, widths: list[float], heights: list[float],
               cells: list[tuple[int, int, int, int, str]]) -> Path:
    """Write a one-page PDF with a title and a ruled table; cells are (row, col, rowspan, colspan, text)."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.insert_text((40, 50), title, fontname="japan", fontsize=18)
    xs, ys = [40.0], [80.0]
    for w in widths:
        xs.append(xs[-1] + w)
    for h in heights:
        ys.append(ys[-1] + h)
    for r, c, rs, cs, text in cells:
        rect = pymupdf.Rect(xs[c], ys[r], xs[c + cs], ys[r + rs])
        page.draw_rect(rect, color=(0, 0, 0), width=0.8)
        inner = pymupdf.Rect(rect.x0 + 3, rect.y0 + 3, rect.x1 - 3, rect.y1 - 3)
        page.insert_textbox(inner, text, fontname="japan", fontsize=10)
    doc.save(path)
    doc.close()
    return path


def test_frame_rows_and_applicant_columns_under_a_spanning_rate_header(tmp_path: Path) -> None:
    # a frame whose name holds a word that elsewhere marks a non-subsidy amount (付加価値), and an
    # applicant column printed as a list (小規模・再生事業者)
    pdf = draw_table(tmp_path / "t.pdf", "ものづくり補助金の概要", [200, 160, 110, 150], [24, 24, 30, 30], [
        (0, 0, 2, 1, "枠"), (0, 1, 2, 1, "補助上限額"), (0, 2, 1, 2, "補助率"),
        (1, 2, 1, 1, "中小企業"), (1, 3, 1, 1, "小規模・再生事業者"),
        (2, 0, 1, 1, "高付加価値化枠"), (2, 1, 1, 1, "1,200万円"), (2, 2, 1, 1, "1/2"), (2, 3, 1, 1, "2/3"),
        (3, 0, 1, 1, "海外展開枠"), (3, 1, 1, 1, "2,000万円"), (3, 2, 1, 1, "1/3"), (3, 3, 1, 1, "1/2"),
    ])
    got = {(f.frame, f.kind, f.value, f.applicant) for f in run(read_document(pdf), INFO)}
    assert got == {
        ("高付加価値化枠", "cap_max", 12000000, None),
        ("高付加価値化枠", "rate", "1/2", "中小企業"),
        ("高付加価値化枠", "rate", "2/3", "小規模事業者・再生事業者"),
        ("海外展開枠", "cap_max", 20000000, None),
        ("海外展開枠", "rate", "1/3", "中小企業"),
        ("海外展開枠", "rate", "1/2", "小規模事業者・再生事業者"),
    }


def test_a_cell_merged_over_applicant_rows_holds_for_each_and_its_twin_beside_it_is_read(tmp_path: Path) -> None:
    # 1/3 printed once for both applicant rows of the first type; the second type prints its own 1/3
    # for 大企業 in a separate cell that says the same as the merged one to its left
    pdf = draw_table(tmp_path / "t.pdf", "省エネ補助金の補助率", [160, 160, 160], [24, 30, 30], [
        (0, 0, 1, 1, "企業体"), (0, 1, 1, 1, "甲類型"), (0, 2, 1, 1, "乙類型"),
        (1, 0, 1, 1, "中小企業者等"), (1, 1, 2, 1, "補助率1/3以内"), (1, 2, 1, 1, "補助率1/2以内"),
        (2, 0, 1, 1, "大企業"), (2, 2, 1, 1, "補助率1/3以内"),
    ])
    got = {(f.type, f.value, f.applicant) for f in run(read_document(pdf), INFO)}
    assert got == {("甲類型", "1/3", "中小企業者等"), ("甲類型", "1/3", "大企業"),
                   ("乙類型", "1/2", "中小企業者等"), ("乙類型", "1/3", "大企業")}


def test_a_value_column_whose_header_names_a_provision_gives_it_to_its_cells(tmp_path: Path) -> None:
    pdf = draw_table(tmp_path / "t.pdf", "省力化投資補助金の補助上限額", [150, 180, 260], [24, 24, 24], [
        (0, 0, 1, 1, "従業員数"), (0, 1, 1, 1, "補助上限額"), (0, 2, 1, 1, "補助上限額(大幅賃上げ特例)"),
        (1, 0, 1, 1, "5人以下"), (1, 1, 1, 1, "500万円"), (1, 2, 1, 1, "700万円"),
        (2, 0, 1, 1, "6人以上"), (2, 1, 1, 1, "900万円"), (2, 2, 1, 1, "1,200万円"),
    ])
    got = {(f.value, f.condition) for f in run(read_document(pdf), INFO)}
    assert got == {(5000000, "5人以下"), (7000000, "5人以下; 大幅賃上げ特例"),
                   (9000000, "6人以上"), (12000000, "6人以上; 大幅賃上げ特例")}


def test_boxes_side_by_side_whose_lines_alternate_labels_and_values(tmp_path: Path) -> None:
    # three boxes, each a frame's name over 補助上限額 / its cap / 補助率 / its rate: the lines align
    # across the boxes and read as one grid whose label rows head the value rows below them
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.insert_text((40, 50), "持続化補助金の申請枠", fontname="japan", fontsize=18)
    frames = [("甲枠", "60万円", "2/3"), ("乙枠", "250万円", "3/4"), ("丙枠", "150万円", "1/2")]
    for i, (name, cap, rate) in enumerate(frames):
        x = 40 + i * 260
        page.draw_rect(pymupdf.Rect(x, 80, x + 240, 110), color=(0, 0, 0.6), fill=(0, 0, 0.6))
        page.insert_text((x + 10, 102), name, fontname="japan", fontsize=16, color=(1, 1, 1))
        for k, text in enumerate(["補助上限額", cap, "補助率", rate]):
            page.insert_text((x + 10, 140 + 28 * k), text, fontname="japan", fontsize=13)
    doc.save(tmp_path / "boxes.pdf")
    doc.close()
    got = {(f.frame, f.kind, f.value) for f in run(read_document(tmp_path / "boxes.pdf"), INFO)}
    assert got == {("甲枠", "cap_max", 600000), ("乙枠", "cap_max", 2500000), ("丙枠", "cap_max", 1500000),
                   ("甲枠", "rate", "2/3"), ("乙枠", "rate", "3/4"), ("丙枠", "rate", "1/2")}


def test_two_columns_of_text_each_a_type_with_a_label_over_its_tiers(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "省力化投資補助金のご案内", fontname="japan", fontsize=16)
    columns = [["【標準型】", "補助上限額:", "5名以下 100万円", "6名以上 300万円"],
               ["【拡張型】", "補助上限額:", "5名以下 400万円", "6名以上 900万円"]]
    for x, lines in zip((40, 310), columns, strict=True):
        for i, text in enumerate(lines):
            page.insert_text((x, 100 + 22 * i), text, fontname="japan", fontsize=11)
    doc.save(tmp_path / "twocol.pdf")
    doc.close()
    got = {(f.type, f.value, f.condition) for f in run(read_document(tmp_path / "twocol.pdf"), INFO)}
    assert got == {("標準型", 1000000, "5名以下"), ("標準型", 3000000, "6名以上"),
                   ("拡張型", 4000000, "5名以下"), ("拡張型", 9000000, "6名以上")}


def test_columns_under_one_header_are_told_apart_by_a_row_of_tiers(tmp_path: Path) -> None:
    # 標準枠 prints two columns; the 要件 row (1プロセス以上 | 4プロセス以上) is what tells them apart
    pdf = draw_table(tmp_path / "t.pdf", "IT導入補助金の概要", [120, 170, 170, 170], [24, 24, 24, 24], [
        (0, 0, 1, 1, "枠"), (0, 1, 1, 2, "標準枠"), (0, 3, 1, 1, "防御枠"),
        (1, 0, 1, 1, "補助額"), (1, 1, 1, 1, "5万円~100万円未満"), (1, 2, 1, 1, "100万円~300万円以下"),
        (1, 3, 1, 1, "5万円~80万円"),
        (2, 0, 1, 1, "要件"), (2, 1, 1, 1, "1プロセス以上"), (2, 2, 1, 1, "4プロセス以上"),
        (2, 3, 1, 1, "所定のサービス"),
        (3, 0, 1, 1, "補助率"), (3, 1, 1, 2, "1/2以内"), (3, 3, 1, 1, "1/2以内"),
    ])
    caps = {(f.frame, f.kind, f.value, f.condition) for f in run(read_document(pdf), INFO) if f.kind != "rate"}
    assert caps == {("標準枠", "cap_min", 50000, "1プロセス以上"), ("標準枠", "cap_max", 1000000, "1プロセス以上"),
                    ("標準枠", "cap_min", 1000000, "4プロセス以上"), ("標準枠", "cap_max", 3000000, "4プロセス以上"),
                    ("防御枠", "cap_min", 50000, None), ("防御枠", "cap_max", 800000, None)}


def test_a_column_of_tiers_qualifies_the_values_of_its_row_wherever_it_stands(tmp_path: Path) -> None:
    pdf = draw_table(tmp_path / "t.pdf", "IT導入補助金 標準枠の補助額", [170, 120, 170, 110], [24, 24, 24], [
        (0, 0, 1, 1, "補助対象経費"), (0, 1, 1, 1, "補助率"), (0, 2, 1, 1, "補助額"),
        (0, 3, 1, 1, "プロセス数"),
        (1, 0, 1, 1, "ソフトウェア購入費"), (1, 1, 1, 1, "1/2以内"), (1, 2, 1, 1, "5万円~100万円未満"),
        (1, 3, 1, 1, "1以上"),
        (2, 0, 1, 1, "ソフトウェア購入費"), (2, 1, 1, 1, "1/2以内"), (2, 2, 1, 1, "100万円~300万円以下"),
        (2, 3, 1, 1, "4以上"),
    ])
    caps = {(f.value, parse_condition(f.condition).tier.min) for f in run(read_document(pdf), INFO)
            if f.kind == "cap_max"}
    assert caps == {(1000000, 1), (3000000, 4)}


def test_a_value_crossed_out_beside_its_replacement_is_no_fact(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.insert_text((40, 50), "持続化補助金の見直し", fontname="japan", fontsize=18)
    page.insert_text((40, 100), "補助下限額", fontname="japan", fontsize=14)
    page.insert_text((140, 100), "30万円", fontname="japan", fontsize=14)
    page.draw_line((138, 95), (186, 95), color=(1, 0, 0), width=1.2)  # through the middle of 30万円
    page.insert_text((200, 100), "5万円", fontname="japan", fontsize=14)
    page.insert_text((40, 140), "補助上限額", fontname="japan", fontsize=14)
    page.insert_text((140, 140), "100万円", fontname="japan", fontsize=14)
    page.draw_line((138, 143), (196, 143), color=(0, 0, 0), width=0.8)  # an underline stays
    page.draw_line((20, 135), (500, 135), color=(0, 0, 0), width=0.8)  # a connector across: crosses out nothing
    doc.save(tmp_path / "struck.pdf")
    doc.close()
    read = read_document(tmp_path / "struck.pdf")
    assert [sp.text for ln in read.pages[0].lines for sp in ln.spans if sp.struck] == ["30万"]  # the stroke's reach
    got = {(f.kind, f.value) for f in run(read, INFO)}
    assert got == {("cap_min", 50000), ("cap_max", 1000000)}


def test_a_cell_spanning_the_rows_of_a_tier_column_holds_for_every_tier(tmp_path: Path) -> None:
    pdf = draw_table(tmp_path / "t.pdf", "IT導入補助金 標準枠の補助額", [120, 170, 110], [24, 24, 24], [
        (0, 0, 1, 1, "補助率"), (0, 1, 1, 1, "補助額"), (0, 2, 1, 1, "プロセス数"),
        (1, 0, 2, 1, "1/2以内"), (1, 1, 1, 1, "5万円~100万円未満"), (1, 2, 1, 1, "1以上"),
        (2, 1, 1, 1, "100万円~300万円以下"), (2, 2, 1, 1, "4以上"),
    ])
    facts = run(read_document(pdf), INFO)
    assert [f.condition for f in facts if f.kind == "rate"] == [None]  # no one tier's condition
    assert {f.value: parse_condition(f.condition).tier.min for f in facts if f.kind == "cap_max"} == {
        1000000: 1, 3000000: 4}


def test_a_header_cell_over_frames_groups_them_and_is_no_frame(tmp_path: Path) -> None:
    """特別枠 spanning the columns of 霧笛枠 and 白露枠 groups them: their cells are theirs, not the group's too;
    a frame over its 類型 (東雲枠 over 甲類型) still pairs with them."""
    pdf = draw_table(tmp_path / "t.pdf", "テスト補助金 交付規程 別表", [80, 90, 90, 90, 90], [24, 24, 30, 30], [
        (0, 0, 2, 1, "枠"), (0, 1, 2, 1, "通常枠"), (0, 2, 1, 2, "特別枠"), (0, 4, 1, 1, "東雲枠"),
        (1, 2, 1, 1, "霧笛枠"), (1, 3, 1, 1, "白露枠"), (1, 4, 1, 1, "甲類型"),
        (2, 0, 1, 1, "補助率"), (2, 1, 1, 1, "3分の2"), (2, 2, 1, 1, "3分の2"), (2, 3, 1, 1, "3分の2"),
        (2, 4, 1, 1, "4分の3"),
        (3, 0, 1, 1, "補助上限"), (3, 1, 1, 1, "50万円"), (3, 2, 1, 1, "200万円"), (3, 3, 1, 1, "150万円"),
        (3, 4, 1, 1, "300万円"),
    ])
    got = {(f.frame, f.type, f.kind, f.value) for f in run(read_document(pdf), INFO)}
    assert got == {
        ("通常枠", None, "rate", "2/3"), ("通常枠", None, "cap_max", 500000),
        ("霧笛枠", None, "rate", "2/3"), ("霧笛枠", None, "cap_max", 2000000),
        ("白露枠", None, "rate", "2/3"), ("白露枠", None, "cap_max", 1500000),
        ("東雲枠", "甲類型", "rate", "3/4"), ("東雲枠", "甲類型", "cap_max", 3000000),
    }
