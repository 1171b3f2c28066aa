"""The pathological set of `make bench`: one-page PDFs of shapes that made the fact stage's time grow with
the square of the page, built with `build()` and compared per character with a normal page.

- pages of running text with values, one alone and forty in one document (the normal pages: the
  baseline is the forty, whose build's fixed costs are spread over 40 pages);
- one line of values, 20,000 and 200,000 characters long (linear: the second costs 10 times the first);
- a page of 5,000 tiny spans (short values in alternating colours);
- a table of 200×200 ruled cells.

Each file is built alone into a fresh SQLite database by `build()` in this process, without a page
time budget, so the figure is the whole cost of the page (read, facts, load). The generated files
are kept in the bench folder and made again only when their recipe changes.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LINE_UNIT = "補助上限額{n}万円、補助率{a}/{b}以内、"
NORMAL_LINES = [
    "IT導入補助金2025 公募要領(通常枠)",
    "1. 補助対象者",
    "中小企業・小規模事業者等であって、ITツールを導入する事業者が対象となります。",
    "2. 補助額・補助率",
    "通常枠の補助上限額は450万円、補助下限額は5万円とする。",
    "補助率は1/2以内とする。ただし、最低賃金近傍の事業者は2/3以内とする。",
    "3. 申請期間",
    "申請受付開始は2025年3月31日(月)、締切は2025年5月12日(月)17:00とする。",
    "4. 留意事項",
    "交付決定前に発注・契約・支払いを行った経費は補助の対象外となります。",
] * 3


def _font() -> Any:
    import pymupdf

    return pymupdf.Font("japan")


def normal_pages(path: Path, pages: int = 1) -> None:
    """Pages of running text, headings and values, as a 公募要領 prints them (about 750 characters each)."""
    import pymupdf

    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=595, height=842)
        tw = pymupdf.TextWriter(page.rect)
        for i, line in enumerate(NORMAL_LINES):
            tw.append((48, 50 + i * 25), line, font=_font(), fontsize=10)
        tw.write_text(page)
    doc.save(path, garbage=4, deflate=True)


def long_line(path: Path, chars: int) -> None:
    """A page whose one line holds `chars` characters of caps and rates (the page is as wide as the line)."""
    import pymupdf

    text, n = "", 0
    while len(text) < chars:
        text += LINE_UNIT.format(n=10 + n % 990, a=1 + n % 2, b=2 + n % 3)
        n += 1
    size = 8.0
    doc = pymupdf.open()
    page = doc.new_page(width=max(600.0, chars * size * 1.02 + 100), height=200)
    page.insert_text((36, 60), "IT導入補助金", fontname="japan", fontsize=12)
    page.insert_text((36, 120), text[:chars], fontname="japan", fontsize=size)
    doc.save(path, garbage=4, deflate=True)


def tiny_spans(path: Path, spans: int = 5_000, per_line: int = 50) -> None:
    """A page of `spans` short values (1万円 … 97万円), side by side in alternating colours: one span each."""
    import pymupdf

    rows = -(-spans // per_line)
    doc = pymupdf.open()
    page = doc.new_page(width=per_line * 28 + 72, height=rows * 9 + 72)
    writers = [pymupdf.TextWriter(page.rect), pymupdf.TextWriter(page.rect, color=(1, 0, 0))]
    writers[0].append((36, 30), "IT導入補助金 補助上限額", font=_font(), fontsize=8)
    for i in range(spans):
        r, c = divmod(i, per_line)
        writers[i % 2].append((36 + c * 28, 50 + r * 9), f"{i % 97 + 1}万円", font=_font(), fontsize=6)
    for tw in writers:
        tw.write_text(page)
    doc.save(path, garbage=4, deflate=True)


def grid_table(path: Path, rows: int = 200, cols: int = 200) -> None:
    """A ruled table of `rows`×`cols` cells: a header row of cues, a column of 類型, amounts in every other cell."""
    import pymupdf

    cw, ch, x0, y0 = 30.0, 10.0, 36.0, 50.0
    doc = pymupdf.open()
    page = doc.new_page(width=cols * cw + 72, height=rows * ch + 92)
    head = pymupdf.TextWriter(page.rect)
    head.append((36, 30), "IT導入補助金 補助上限額一覧", font=_font(), fontsize=8)
    head.write_text(page)
    shape = page.new_shape()
    for r in range(rows + 1):
        shape.draw_line((x0, y0 + r * ch), (x0 + cols * cw, y0 + r * ch))
    for c in range(cols + 1):
        shape.draw_line((x0 + c * cw, y0), (x0 + c * cw, y0 + rows * ch))
    shape.finish(width=0.3)
    shape.commit()
    for r in range(rows):  # a writer per row: a TextWriter bounds all its text at every append
        tw = pymupdf.TextWriter(page.rect)
        for c in range(cols):
            text = "類型" if r == c == 0 else "補助上限額" if r == 0 else f"{c + 1}類型" if c == 0 else \
                f"{(r * c) % 90 + 10}万円"
            tw.append((x0 + c * cw + 1, y0 + r * ch + 7.5), text, font=_font(), fontsize=5)
        tw.write_text(page)
    doc.save(path, garbage=4, deflate=True)


SHAPES: dict[str, tuple[Callable[..., None], dict[str, int]]] = {
    "normal page": (normal_pages, {"pages": 1}),
    "40 normal pages": (normal_pages, {"pages": 40}),
    "one line, 20,000 chars": (long_line, {"chars": 20_000}),
    "one line, 200,000 chars": (long_line, {"chars": 200_000}),
    "5,000 tiny spans": (tiny_spans, {"spans": 5_000}),
    "table 200×200": (grid_table, {"rows": 200, "cols": 200}),
}


def make_files(folder: Path) -> dict[str, Path]:
    """Write the set into `folder` (again only when a recipe changed); return the file of each shape."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, (make, kw) in SHAPES.items():
        recipe = inspect.getsource(make) + repr(sorted(kw.items())) + LINE_UNIT
        path = folder / f"{make.__name__}-{hashlib.sha256(recipe.encode()).hexdigest()[:10]}.pdf"
        if not path.exists():
            t0 = time.perf_counter()
            part = path.with_suffix(".part.pdf")
            make(part, **kw)
            part.replace(path)
            log.info("pathological set: made %s in %.1fs", path.name, time.perf_counter() - t0)
        out[name] = path
    return out


def bench_pathological(work: Path) -> dict[str, Any]:
    """Build each file of the set alone; return seconds (the build, and its fact stage), characters and µs per
    character of each, their ratio to the forty normal pages', and the 200,000 to 20,000 character line's ratio
    of seconds (10 is linear)."""
    from corpus.build import build, path_jobs
    from corpus.pipeline import Limits
    from schema.db import init_db, make_engine, transaction
    from schema.models import DocumentRow

    files = make_files(work / "pathological")
    rows: dict[str, dict[str, Any]] = {}
    for name, path in files.items():
        with tempfile.TemporaryDirectory(prefix="hojo-patho-", dir=work) as tmp:
            engine = make_engine(f"sqlite:///{Path(tmp) / 'p.db'}")
            init_db(engine)
            t0 = time.perf_counter()
            summary = build(engine, path_jobs([path]), progress=False, limits=Limits(page_seconds=None))
            secs = time.perf_counter() - t0
            with transaction(engine) as s:
                doc = s.query(DocumentRow).one()
                chars, seconds_facts = doc.n_chars, doc.seconds_facts
            engine.dispose()
        rows[name] = {"seconds": round(secs, 3), "facts_seconds": round(seconds_facts or 0.0, 3), "chars": chars,
                      "facts": summary.facts, "built": summary.built,
                      "us_per_char": round(1e6 * secs / chars, 2) if chars else None,
                      "facts_us_per_char": round(1e6 * (seconds_facts or 0.0) / chars, 2) if chars else None}
        log.info("pathological set: %s: %.2fs, %d characters", name, secs, chars)
    base = rows["40 normal pages"]
    for r in rows.values():
        for k in ("us_per_char", "facts_us_per_char"):
            r[k.replace("us_per_char", "vs_normal")] = round(r[k] / base[k], 2) if base[k] and r[k] else None
    short, long = rows["one line, 20,000 chars"], rows["one line, 200,000 chars"]
    return {"shapes": rows, "line_200k_over_20k": round(long["seconds"] / short["seconds"], 2),
            "line_200k_over_20k_target": 20.0}
