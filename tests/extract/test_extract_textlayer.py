"""read_text_layer: page splitting, Markdown / HTML / TSV tables as grids, emphasis, quality flags."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from extract import read_document
from extract.textlayer import split_pages
from extract.texttables import html_tables, markdown_tables, spaced_as_tsv, tsv_tables

SPLITS = [
    # (text, expected pages, how)
    ("一頁目\n\f二頁目\n\f三頁目", ["一頁目\n", "二頁目\n", "三頁目"], "formfeed"),
    ("<!-- page 1 -->\n概要\n<!-- page 2 -->\n補助率", ["概要", "補助率"], "markers"),
    ("--- page 1 ---\n概要\n--- page 2 ---\n補助率", ["概要", "補助率"], "markers"),
    (
        "概要\n補助率 1/2\n\n3\n 次の頁\n本文\n\n4\n 最後の頁",
        ["概要\n補助率 1/2\n\n3", " 次の頁\n本文\n\n4", " 最後の頁"],
        "heuristic",
    ),
    ("概要\n補助率 1/2\n本文", ["概要\n補助率 1/2\n本文"], "none"),
]


def test_split_pages_uses_the_strongest_evidence() -> None:
    for text, pages, how in SPLITS:
        assert split_pages(text) == (pages, how), text


def test_chart_values_are_not_page_numbers() -> None:
    text = "表紙\n\n50\n\n本文\n\n350\n\n100\n\n12\n 次の頁\n\n13\n 最後"
    pages, how = split_pages(text)
    assert how == "heuristic"
    assert [p.splitlines()[-1] for p in pages[:-1]] == ["12", "13"]


def test_markdown_pipe_table() -> None:
    lines = [
        "前文",
        "| 枠 | 補助上限 | 補助率 |",
        "|---|:---:|---:|",
        "| 通常枠 | **450万円** | 1/2 |",
        "| インボイス枠 | 350万円 | ３／４ |",
        "後文",
    ]
    ((a, b, t),) = markdown_tables(lines)
    assert (a, b) == (1, 4)
    assert t.rows == [["枠", "補助上限", "補助率"], ["通常枠", "450万円", "1/2"], ["インボイス枠", "350万円", "3/4"]]
    assert (t.header_rows, t.source) == (1, "markdown")


def test_html_table_honours_rowspan_and_colspan() -> None:
    html = """<table>
<tr><th rowspan="2">枠</th><th colspan="2">インボイス枠</th></tr>
<tr><th>インボイス対応類型</th><th>電子取引類型</th></tr>
<tr><td>補助率</td><td>3/4<br>小規模事業者 4/5</td><td><ul><li>中小企業 2/3</li><li>大企業 1/2</li></ul></td></tr>
</table>"""
    ((_, _, t),) = html_tables(html.splitlines())
    assert t.rows == [
        ["枠", "インボイス枠", "インボイス枠"],
        ["枠", "インボイス対応類型", "電子取引類型"],
        ["補助率", "3/4\n小規模事業者4/5", "中小企業2/3\n大企業1/2"],
    ]
    assert t.spans() == [{"row": 0, "col": 0, "rows": 2, "cols": 1}, {"row": 0, "col": 1, "rows": 1, "cols": 2}]
    assert (t.header_rows, t.source) == (2, "html")


def test_tsv_table_with_a_two_level_header_as_seed_002_writes_it() -> None:
    lines = [
        "枠/類型\t通常枠\tインボイス枠\t\tセキュリティ対策推進枠",
        "\t\tインボイス対応類型\t電子取引類型\t",
        "補助率\t1/2\t3/4\t2/3\t1/2",
    ]
    ((_, _, t),) = tsv_tables(lines)
    assert t.rows == [
        ["枠/類型", "通常枠", "インボイス枠", "インボイス枠", "セキュリティ対策推進枠"],
        ["枠/類型", "通常枠", "インボイス対応類型", "電子取引類型", "セキュリティ対策推進枠"],
        ["補助率", "1/2", "3/4", "2/3", "1/2"],
    ]
    assert t.header_rows == 2 and t.header_cols == 1
    assert {"row": 0, "col": 2, "rows": 1, "cols": 2} in t.spans()


@given(
    st.lists(
        st.lists(st.text("補助率上限額枠0123456789/万円", min_size=1, max_size=6), min_size=3, max_size=3),
        min_size=2,
        max_size=6,
    )
)
def test_tsv_round_trip(grid: list[list[str]]) -> None:
    ((_, _, t),) = tsv_tables(["\t".join(r) for r in grid])
    assert t.rows == grid


def test_text_layer_document(tmp_path: Path) -> None:
    p = tmp_path / "deck.md"
    p.write_text(
        "# IT導入補助金2025の概要\n\n- 補助率は**最大4/5**に拡充\n[事務局サイト](#)\n\f"
        "枠\t補助上限\n通常枠\t450万円\n\f"
        "2022 2 4 ( )(7 )\n(2022 )\njGrants\n2021 11 10 ( )(4 )\nHP HP\n",
        encoding="utf-8",
    )
    doc = read_document(p)
    assert doc.kind == "text" and doc.metadata["page_split"] == "formfeed"
    first = doc.pages[0]
    assert first.lines[0].role == "title" and first.lines[0].text == "IT導入補助金2025の概要"
    bullet = first.lines[2]
    assert bullet.text == "- 補助率は最大4/5に拡充"
    assert [s.text for s in bullet.spans if s.bold] == ["最大4/5"]
    assert first.lines[3].text == "事務局サイト"
    assert all(ln.bbox is None for ln in first.lines)
    assert first.text == "\n".join(ln.text for ln in first.lines)
    assert doc.pages[1].tables[0].rows == [["枠", "補助上限"], ["通常枠", "450万円"]]
    assert "lost_japanese" in doc.pages[2].flags
    assert doc.pages[0].flags == []


def test_a_table_laid_out_with_runs_of_spaces_reads_as_tab_separated_rows() -> None:
    lines = [
        "補助の概要",
        "  区分          補助上限額      補助率",
        "  甲枠          50万円          2/3",
        "  乙枠          200万円         3/4 (赤字の場合 4/5)",
        "",
        "※補助上限額 50万円 (一つの空白はセルの中)",
    ]
    out = spaced_as_tsv(lines)
    assert out[1:4] == ["区分\t補助上限額\t補助率", "甲枠\t50万円\t2/3", "乙枠\t200万円\t3/4 (赤字の場合 4/5)"]
    assert out[0] == lines[0] and out[4:] == lines[4:]
    (_, _, table), = tsv_tables(out)
    assert table.rows[2] == ["乙枠", "200万円", "3/4 (赤字の場合4/5)"]  # cells normalised


def test_uneven_or_short_runs_of_spaced_lines_stay_text() -> None:
    uneven = ["区分  補助上限額  補助率", "甲枠  50万円  2/3", "乙枠  200万円"]  # a merged cell
    assert spaced_as_tsv(uneven) == uneven
    two = ["区分  補助上限額", "甲枠  50万円"]
    assert spaced_as_tsv(two) == two
    words = ["申請の流れ  概要", "事前準備  登録", "申請  提出"]  # aligned words with no values
    assert spaced_as_tsv(words) == words


def test_a_spaced_table_in_a_text_layer_gives_each_frame_its_row(tmp_path: Path) -> None:
    from extract.facts.model import DocInfo
    from extract.facts.pipeline import run

    path = tmp_path / "layout.txt"
    path.write_text("ものづくり補助金の補助上限額\n\n"
                    "従業員規模    甲枠       乙枠\n"
                    "5人以下       500万円    2,000万円\n"
                    "6人以上       900万円    2,000万円\n", encoding="utf-8")
    facts = run(read_document(path), DocInfo(key="layout", sha256="0" * 64))
    assert {(f.frame, f.value, f.condition) for f in facts} == {
        ("甲枠", 5000000, "5人以下"), ("乙枠", 20000000, "5人以下"),
        ("甲枠", 9000000, "6人以上"), ("乙枠", 20000000, "6人以上")}
