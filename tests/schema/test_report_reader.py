"""The reports as a reader opens them: in a headless browser (Playwright driving Debian's Chromium), the first
screen of each pair, the table of contents, titles and page links that survive a move, the red-print badge,
and the `changes.atom` feed other tools subscribe to."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest

from corpus.outputs.report import write_reports
from schema.db import init_db, make_engine

CI = os.environ.get("CI", "").lower() == "true"
ATOM = "{http://www.w3.org/2005/Atom}"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]


def _unavailable(reason: str) -> None:
    pytest.fail(f"{reason} (CI=true: this must run in CI)") if CI else pytest.skip(reason)


@pytest.fixture
def report_dir(tmp_path: Path, make_fact: Any, save_doc: Any) -> Path:
    """Three editions of IT導入補助金 (two pairs): 2023 → 2024 changes a cap (printed in red), adds a rate and
    moves the deadline; 2024 → 2025 moves only the deadline. The PDFs lie in `sources/`, the reports in
    `site/reports/`."""
    engine = make_engine(f"sqlite:///{tmp_path / 'h.db'}")
    init_db(engine)
    sources = tmp_path / "sources"
    sources.mkdir()
    y = {2023: ("当初", dt.date(2023, 1, 10)), 2024: ("補正", dt.date(2024, 12, 1)),
         2025: ("補正", dt.date(2026, 1, 5))}
    caps = {2023: 1_000_000, 2024: 1_500_000, 2025: 1_500_000}
    deadlines = {2023: "2023-03-15T17:00", 2024: "2025-01-20T17:00", 2025: "2026-01-19T17:00"}
    for year, (budget, published) in y.items():
        key = f"it{year}"
        (sources / f"{key}.pdf").write_bytes(b"%PDF-1.7\n")
        facts = [make_fact("cap_max", caps[year], "セキュリティ対策推進枠", year=year, budget=budget, document=key,
                           page=3, quote=f"補助上限額 {caps[year] // 10_000}万円", emphasis=year == 2024),
                 make_fact("rate", "1/2", "セキュリティ対策推進枠", applicant="中小企業", year=year, budget=budget,
                           document=key, page=3, quote="中小企業 1/2"),
                 make_fact("cap_max", 4_500_000, "通常枠", year=year, budget=budget, document=key, page=2,
                           quote="通常枠 450万円"),
                 make_fact("deadline", deadlines[year], None, None, year=year, budget=budget, document=key,
                           page=9, quote=f"締切 {deadlines[year]}")]
        if year >= 2024:
            facts.append(make_fact("rate", "2/3", "セキュリティ対策推進枠", applicant="小規模事業者", year=year,
                                   budget=budget, document=key, page=3, quote="小規模事業者 2/3"))
        save_doc(engine, key, facts, title=f"IT導入補助金{year + 1} 公募要領", published=published,
                 pages=tuple(f"{year} page {i}" for i in range(1, 10)))
    out = tmp_path / "site" / "reports"
    write_reports(engine, out, (sources,))
    engine.dispose()
    return out


@pytest.fixture(scope="module")
def browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[dev]')")
    chromium = next((p for n in (os.environ.get("HOJO_CHROMIUM"), "chromium", "chromium-browser") if n
                     and (p := shutil.which(n))), None)
    if chromium is None:
        _unavailable("Chromium not found (Debian package 'chromium'; or set HOJO_CHROMIUM)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield b
        b.close()


def test_the_first_screen_leads_with_what_changed_and_dates_come_last(report_dir: Path, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((report_dir / "IT導入補助金.html").as_uri())
    toc = page.locator("nav.toc a")
    assert [toc.nth(i).inner_text() for i in range(toc.count())] == ["2024 → 2025", "2023 → 2024"]
    first = page.locator("#e2")  # 2023 → 2024: the pair with a cap change
    page.locator("nav.toc a", has_text="2023 → 2024").click()
    assert first.bounding_box()["y"] < 50  # the link brought the pair to the top
    lead = page.locator("#e2 ~ table.lead").first
    rows = lead.locator("tbody tr")
    kinds = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    assert kinds[0] == "補助上限額" and "締切" not in kinds  # caps and rates first; the date in its own table
    box = lead.bounding_box()
    assert box["y"] + 120 < 900, "the main changes start on the first screen of the pair"
    dates = page.locator("#e2 ~ table.dates").first
    assert "締切" in dates.inner_text() and dates.bounding_box()["y"] > box["y"]
    badge = lead.locator(".badge.red").first
    assert badge.inner_text() == "赤字で強調"  # never bare 赤字, which the same report uses for 赤字事業者
    page.close()


def test_sources_are_cited_by_title_with_links_that_survive_a_move(report_dir: Path, browser: Any,
                                                                    tmp_path: Path) -> None:
    html = (report_dir / "IT導入補助金.html").read_text(encoding="utf-8")
    assert "file://" not in html
    moved = tmp_path / "elsewhere"
    shutil.copytree(tmp_path / "site", moved / "site")
    shutil.copytree(tmp_path / "sources", moved / "sources")
    page = browser.new_page()
    page.goto((moved / "site" / "reports" / "IT導入補助金.html").as_uri())
    link = page.locator("table.lead a", has_text="IT導入補助金2025 公募要領 p.3").first
    href = link.get_attribute("href")
    assert href.startswith("../../sources/it2024.pdf#page=3")
    target = (moved / "site" / "reports" / unquote(href.split("#")[0])).resolve()
    assert target == (moved / "sources" / "it2024.pdf").resolve() and target.is_file()
    page.close()


def test_changes_atom_has_one_entry_per_pair_linking_into_the_reports(report_dir: Path) -> None:
    root = ET.parse(report_dir / "changes.atom").getroot()
    assert root.tag == f"{ATOM}feed" and root.findtext(f"{ATOM}id") == "urn:hojo:changes"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["IT導入補助金: 2024 → 2025", "IT導入補助金: 2023 → 2024"]
    for e in entries:
        assert e.findtext(f"{ATOM}id").startswith("urn:hojo:diff:") and e.findtext(f"{ATOM}updated")
        href = e.find(f"{ATOM}link").get("href")
        file, _, anchor = href.partition("#")
        assert (report_dir / unquote(file)).is_file()
        assert f'id="{anchor}"' in (report_dir / unquote(file)).read_text(encoding="utf-8")
    summary = entries[1].findtext(f"{ATOM}summary")
    assert "補助上限額 100万円 → 150万円" in summary and "日程の変化 1 件" in summary
    assert entries[0].findtext(f"{ATOM}updated") == "2026-01-05T00:00:00+09:00"
    before = (report_dir / "changes.atom").read_bytes()
    assert before == (report_dir / "changes.atom").read_bytes()


def test_markdown_has_the_same_order_and_a_table_of_contents(report_dir: Path) -> None:
    md = (report_dir / "IT導入補助金.md").read_text(encoding="utf-8")
    assert md.index("1. [2024 → 2025](#e1)") < md.index('<a id="e1"></a>') < md.index('<a id="e2"></a>')
    pair = md[md.index('<a id="e2"></a>'):]
    assert pair.index("### 主な変化") < pair.index("### 日程の変化")
    assert "‼赤字で強調" in pair and "[IT導入補助金2025 公募要領 p.3](../../sources/it2024.pdf#page=3)" in pair
