"""Fixtures of the extract tests: the shared corpus (skip when absent, fail under CI=true), and
small PDFs drawn with PyMuPDF's built-in CJK font that exercise one layout feature each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

JP = "japan"  # PyMuPDF's built-in CJK font (Droid Sans Fallback)


@pytest.fixture(scope="session")
def shared_corpus(shared: Path) -> Path:
    """The shared corpus directory; `shared` (tests/conftest.py) skips, or fails under CI=true, without it."""
    return shared / "corpus"


Draw = Callable[[pymupdf.Page], None]


def write_pdf(path: Path, *pages: Draw, width: float = 842, height: float = 595) -> Path:
    """Write a PDF with one page per drawing function (landscape slide size by default)."""
    doc = pymupdf.open()
    for draw in pages:
        draw(doc.new_page(width=width, height=height))
    doc.save(path)
    doc.close()
    return path


def text(page: pymupdf.Page, x: float, y: float, s: str, size: float = 12, **kw: object) -> None:
    """Write one line of Japanese with its baseline at (x, y)."""
    page.insert_text((x, y), s, fontname=JP, fontsize=size, **kw)


def two_column_slide(page: pymupdf.Page) -> None:
    text(page, 60, 50, "事業の概要とスケジュール", size=24)
    for i, s in enumerate(["通常枠の概要", "ソフトウェア導入を支援", "補助率は二分の一以内"]):
        text(page, 60, 120 + 22 * i, s)
    for i, s in enumerate(["インボイス枠の概要", "会計ソフト導入を支援", "補助率は四分の三以内"]):
        text(page, 460, 120 + 22 * i, s)


def ruled_table(page: pymupdf.Page) -> None:
    """A 4 x 3 grid: a shaded header row whose second cell spans two columns, a row label column."""
    text(page, 60, 50, "補助額・補助率", size=18)
    xs, ys = [60, 200, 400, 600], [80, 110, 140, 170, 200]
    page.draw_rect(pymupdf.Rect(xs[0], ys[0], xs[-1], ys[1]), color=None, fill=(0.85, 0.85, 0.85))
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y), width=0.8)
    for x in xs:
        top = ys[1] if x == xs[2] else ys[0]  # no rule in the header: 通常枠 spans two columns
        page.draw_line((x, top), (x, ys[-1]), width=0.8)
    text(page, 70, 100, "枠")
    text(page, 320, 100, "通常枠")
    cells = [
        ("補助額", "5万円~150万円", "150万円~450万円"),
        ("補助率", "1/2以内", "2/3以内"),
        ("プロセス数", "1~3", "4以上"),
    ]
    for r, row in enumerate(cells):
        for c, s in enumerate(row):
            text(page, xs[c] + 8, ys[r + 1] + 20, s)


def unruled_table(page: pymupdf.Page) -> None:
    text(page, 60, 50, "類型別の補助上限", size=18)
    rows = [
        ("類型", "補助上限", "補助率"),
        ("A類型", "150万円", "1/2"),
        ("B類型", "450万円", "1/2"),
        ("C類型", "350万円", "2/3"),
    ]
    for r, row in enumerate(rows):
        for c, s in enumerate(row):
            text(page, 80 + 180 * c, 100 + 24 * r, s)


def banded_unruled_table(page: pymupdf.Page) -> None:
    """An unruled table under two group headers centred over its column pairs."""
    text(page, 270, 110, "甲群")
    text(page, 570, 110, "乙群")
    rows = [
        ("", "上限", "率", "上限", "率"),
        ("小規模", "50万円", "2/3", "80万円", "1/2"),
        ("中規模", "60万円", "1/2", "90万円", "1/3"),
    ]
    for r, row in enumerate(rows):
        for x, s in zip((40, 200, 330, 470, 610), row, strict=True):
            if s:
                text(page, x, 140 + 30 * r, s)


def vertical_caption(page: pymupdf.Page) -> None:
    for i, ch in enumerate("事前準備"):
        text(page, 40, 120 + 16 * i, ch, size=14)
    text(page, 100, 120, "gBizIDプライムを取得する")
    text(page, 100, 142, "みらデジ経営チェックを受ける")


def red_span(page: pymupdf.Page) -> None:
    page.insert_text((60, 100), "補助率は", fontname=JP, fontsize=14)
    page.insert_text((60 + 14 * 4, 100), "2/3以内", fontname=JP, fontsize=14, color=(1, 0, 0))
    page.insert_text((60, 130), "赤字は令和6年度補正予算での拡充点", fontname=JP, fontsize=12)


def _render(draw: Draw, dpi: int = 300) -> pymupdf.Pixmap:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    draw(page)
    return page.get_pixmap(dpi=dpi)


def image_only(page: pymupdf.Page) -> None:
    def draw(p: pymupdf.Page) -> None:
        text(p, 60, 100, "補助上限額 450万円", size=36)
        text(p, 60, 170, "補助率 2分の1以内", size=36)

    page.insert_image(page.rect, pixmap=_render(draw))


def garbage_page(page: pymupdf.Page) -> None:
    """A page whose text layer lost its Japanese: digits, Latin letters and empty brackets survive."""
    for i, s in enumerate(["2022 2 4 ( )(7 )", "(2022 )", "jGrants", "2021 11 10 ( )(4 )", "HP HP", "03-6747-4602"]):
        page.insert_text((60, 80 + 20 * i), s, fontsize=12)


def japanese_page(page: pymupdf.Page) -> None:
    for i, s in enumerate(
        ["事業再構築補助金の概要", "補助上限額は1億円", "補助率は中小企業2/3以内", "申請はjGrantsで受け付ける"]
    ):
        text(page, 60, 80 + 22 * i, s)


def running_page(n: int) -> Draw:
    def draw(page: pymupdf.Page) -> None:
        text(page, 60, 30, "IT導入補助金2025 公募要領", size=9)
        text(page, 60, 120, f"第{n}章 本文の内容です")
        text(page, 60, 145, "補助率は二分の一以内とする")
        page.insert_text((410, 575), str(n), fontsize=9)

    return draw


class Drawings:
    """The page drawings above, handed to tests by the `draw` fixture (conftest is not importable)."""

    two_column_slide = staticmethod(two_column_slide)
    ruled_table = staticmethod(ruled_table)
    unruled_table = staticmethod(unruled_table)
    banded_unruled_table = staticmethod(banded_unruled_table)
    vertical_caption = staticmethod(vertical_caption)
    red_span = staticmethod(red_span)
    image_only = staticmethod(image_only)
    garbage_page = staticmethod(garbage_page)
    japanese_page = staticmethod(japanese_page)
    running_page = staticmethod(running_page)


@pytest.fixture
def draw() -> type[Drawings]:
    """The page-drawing functions: `draw.ruled_table(page)` and so on."""
    return Drawings


@pytest.fixture
def pdf(tmp_path: Path) -> Callable[..., Path]:
    """Given drawing functions, write them as pages of a PDF in tmp_path and return its path."""
    counter = iter(range(1_000))

    def make(*pages: Draw, **kw: float) -> Path:
        return write_pdf(tmp_path / f"doc{next(counter)}.pdf", *pages, **kw)

    return make
