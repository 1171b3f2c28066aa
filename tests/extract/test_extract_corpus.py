"""The extract stage on the real corpus (../shared/corpus): tables, quality flags, every file reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import read_document
from extract.locate import locate_text

pytestmark = pytest.mark.corpus

IT2025_P3_TABLE = [
    ["枠", "通常枠", "通常枠", "セキュリティ対策推進枠"],
    ["補助額", "5万円~150万円未満", "150万円~450万円以下", "5万円~150万円"],
    [
        "機能要件",
        "1プロセス以上",
        "4プロセス以上",
        "独立行政法人情報処理推進機構が公表する\n"
        "「サイバーセキュリティお助け隊サービスリスト」に掲載されているいずれかのサービス",
    ],
    [
        "補助率",
        *[
            "1/2以内\n※3か月以上、地域別最低賃金+50円以内で雇用している従業員数が"
            "全従業員の30パーセント以上であることを示した場合は、2/3以内"
        ]
        * 2,
        "中小企業:1/2以内\n小規模事業者:2/3以内",
    ],
    [
        "補助対象経費",
        *["ソフトウェア購入費、クラウド利用費(クラウド利用料最大2年分)、導入関連費"] * 2,
        "サービス利用料(最大2年分)",
    ],
]


def test_it2025_page3_subsidy_table_is_a_grid(shared_corpus: Path) -> None:
    doc = read_document(shared_corpus / "pdf" / "it2025_koubo_tsujyo.pdf")
    page = doc.pages[2]
    first, second = page.tables
    assert first.rows == IT2025_P3_TABLE
    assert first.spans() == [
        {"row": 0, "col": 1, "rows": 1, "cols": 2},
        {"row": 3, "col": 1, "rows": 1, "cols": 2},
        {"row": 4, "col": 1, "rows": 1, "cols": 2},
    ]
    assert (first.header_rows, first.header_cols) == (1, 1)
    assert first.bbox == pytest.approx((54, 114, 547, 255), abs=1.5)
    # the second table: two header rows (枠, 類型), the IT-tool cap split into two bands
    assert second.header_rows == 2
    assert second.rows[0][:2] == ["枠", "インボイス枠"] and second.rows[0][-1] == "複数社連携IT導入枠"
    assert second.rows[1][1] == "インボイス対応類型" and "電子取引類型" in second.rows[1]
    cap = next(r for r in second.rows if r[0] == "補助額" and "うち" in r[1])
    assert cap[1:3] == ["うち、~\n50万円部分", "うち、\n50万円超~\n350万円部分"]
    rate = next(r for r in second.rows if r[0] == "補助率")
    assert rate[1:4] == ["3/4以内\n※小規模事業者は4/5以内", "2/3以内", "1/2以内"]
    # provenance: a cell's text can be traced back to its box on the page
    box = locate_text(page, "150万円~450万円以下")
    cell = next(c for c in first.cells if c.text == "150万円~450万円以下")
    assert box is not None and cell.bbox is not None and (cell.row, cell.col) == (1, 2)
    x0, y0, x1, y1 = cell.bbox
    assert x0 <= box[0] and box[2] <= x1 and y0 <= box[1] and box[3] <= y1


def test_seed_002_tsv_tables_are_grids(shared_corpus: Path) -> None:
    doc = read_document(shared_corpus / "seeds" / "002_ad8da3ff977776d7.txt")
    tables = [t for p in doc.pages for t in p.tables]
    assert all(t.source == "tsv" for t in tables) and len(tables) >= 4
    t = tables[0]
    assert t.rows[0] == [
        "枠/類型",
        "通常枠",
        "複数社連携IT導入枠",
        "インボイス枠",
        "インボイス枠",
        "セキュリティ対策推進枠",
    ]
    assert t.rows[1][3:5] == ["インボイス対応類型", "電子取引類型"]
    assert t.header_rows == 2 and [r[0] for r in t.rows[2:]] == ["活用イメージ", "補助対象経費", "補助額", "補助率"]
    assert t.rows[5][4] == "大企業: 1/2中小企業: 2/3"
    shokei = next(t for t in tables if "事業承継促進枠" in t.rows[0])
    # the cells wrap their labels (補助 / 上限); the normaliser keeps a space between two words
    # and the fact stage joins a wrap inside a word it knows (extract.facts.wraps)
    assert [r[0] for r in shokei.rows] == ["", "要件", "補助 上限", "補助 率", "対象 経費"]
    assert shokei.rows[2][4].startswith("150万円")


def test_seed_004_tsv_tables_are_grids(shared_corpus: Path) -> None:
    doc = read_document(shared_corpus / "seeds" / "004_97e5e346fbdc1171.txt")
    tables = [t for p in doc.pages for t in p.tables]
    frames, processes = tables
    assert frames.rows[0][1:] == [
        "通常枠",
        "複数社連携 IT導入枠",
        "インボイス枠",
        "インボイス枠",
        "セキュリティ 対策推進枠",  # a wrapped cell: two words for the normaliser, one name for the fact stage
    ]
    assert frames.rows[1][3:5] == ["インボイス対応類型", "電子取引類型"]
    assert frames.header_rows == 2
    assert frames.rows[-1][0] == "補助率" and frames.rows[-1][-1] == "中小企業:1/2小規模事業者:2/3"
    # the merged row label 補助上限 continues into the row whose first field is empty
    assert [r[0] for r in frames.rows[4:6]] == ["補助上限", "補助上限"]
    assert processes.rows[0] == ["種別", "", "Pコード", "プロセス名"]
    assert processes.rows[3] == ["業務プロセス", "共通プロセス", "共P-03", "供給・在庫・物流"]
    assert {"row": 1, "col": 0, "rows": 6, "cols": 1} in processes.spans()


def test_seed_003_page_that_lost_its_japanese_is_flagged(shared_corpus: Path) -> None:
    doc = read_document(shared_corpus / "seeds" / "003_3718bcd4a02e3a08.txt")
    lost = [p for p in doc.pages if "lost_japanese" in p.flags]
    assert len(lost) == 1
    assert "2022 2 4 ( )(7 )" in lost[0].text
    assert doc.metadata["page_split"] == "heuristic" and len(doc.pages) > 20


@pytest.mark.slow
def test_every_corpus_file_reads(shared_corpus: Path) -> None:
    paths = sorted((shared_corpus / "pdf").glob("*.pdf")) + sorted((shared_corpus / "seeds").glob("*.txt"))
    assert len(paths) == 25
    flagged: dict[str, list[tuple[int, list[str]]]] = {}
    for path in paths:
        doc = read_document(path)
        assert doc.pages and all(": MuPDF: " in w for w in doc.warnings), (path.name, doc.warnings)
        for p in doc.pages:
            assert p.text == "\n".join(ln.text for ln in p.lines), (path.name, p.number)
            if p.flags:
                flagged.setdefault(path.name, []).append((p.number, p.flags))
    # the only PDF pages without usable text are the three blank pages of the SII deck
    assert flagged["shouene_sii_koufutebiki_shinsei.pdf"] == [(22, ["blank"]), (30, ["blank"]), (83, ["blank"])]
    assert set(flagged) == {"shouene_sii_koufutebiki_shinsei.pdf", "003_3718bcd4a02e3a08.txt"}
