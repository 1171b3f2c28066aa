"""Diff reports: Markdown, standalone HTML (rendered in headless Chromium), JSON, hostile document text."""

from __future__ import annotations

import html.parser
import json
import os
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text

from corpus.outputs.report import md_escape, render, safe_filename, write_reports
from schema.db import init_db
from schema.diffload import diff_program

CI = os.environ.get("CI", "").lower() == "true"
EVIL = "<script>alert('x')</script>'; DROP TABLE facts; --"


class TagCounter(html.parser.HTMLParser):
    """Counts start tags and collects hrefs and visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> TagCounter:
    p = TagCounter()
    p.feed(page)
    return p


def test_html_report_is_one_page_with_a_table_per_frame(it_db: Engine) -> None:
    report = diff_program(it_db, "IT導入補助金")
    page = render([report], "html")
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>") and parsed.tags["html"] == 1
    # the changes lead in one table; each frame follows with its changes, the rest folded away
    assert parsed.tags["section"] == len(report.sections) == 7
    lead = page[page.index("<h3>主な変化</h3>"):page.index('<section class="frame">')]
    assert lead.count("<tr class=") == len(report.changes) and 'class="unchanged"' not in lead
    folded = [s for s in report.sections if any(e.change in ("unchanged", "not_stated") for e in s.entries)]
    assert parsed.tags["details"] == len(folded) and "<details open" not in page
    for chunk in page.split("<details>")[1:]:
        body = chunk[:chunk.index("</details>")]
        assert 'class="changed"' not in body and 'class="added"' not in body
    assert parsed.tags.get("script", 0) == 0 and parsed.tags.get("link", 0) == 0  # standalone
    assert "https://example.go.jp/it2024.pdf#page=4" in parsed.hrefs
    assert 'class="changed"' in page and 'class="added"' in page and 'class="removed"' in page
    assert "150万円" in page and "赤字で強調" in page


def test_markdown_report_lists_changes_with_quotes_and_links(it_db: Engine) -> None:
    md = render([diff_program(it_db, "IT導入補助金")], "md")
    assert "## 2023 → 2024" in md
    assert "| 補助上限額 | — | — | 100万円 | 150万円 ‼赤字で強調 | 変更 |" in md
    # sources by their title, linked to the publisher's page (no local copy here)
    assert "「補助上限額 150万円」 — [IT導入補助金2025 公募要領 p.4](https://example.go.jp/it2024.pdf#page=4)" in md
    assert "名称変更: デジタル化基盤導入枠 デジタル化基盤導入類型 → インボイス枠 インボイス対応類型" in md


def test_json_report_is_the_diff_spec_object(it_db: Engine) -> None:
    data = json.loads(render([diff_program(it_db, "IT導入補助金")], "json"))
    assert set(data) == {"program", "from", "to", "frames", "changes"}
    assert (data["from"]["fiscal_year"], data["to"]["fiscal_year"]) == (2023, 2024)
    assert data["to"]["documents"] == ["it2024"]
    assert sum(i["change"] in ("added", "removed", "changed") for i in data["changes"]) == 6
    assert {i["change"] for i in data["changes"]} == {"added", "removed", "changed", "unchanged", "not_stated"}
    assert {f["change"] for f in data["frames"]} == {"same", "renamed", "added", "removed"}


def test_write_reports_covers_programs_with_two_years(it_db: Engine, tmp_path: Path, make_fact: Any,
                                                      save_doc: Any) -> None:
    save_doc(it_db, "mono", [make_fact("cap_max", 1, program="ものづくり補助金", year=2024)])  # one year only
    paths = write_reports(it_db, tmp_path / "reports")
    assert sorted(p.name for p in paths) == ["IT導入補助金.html", "IT導入補助金.md", "changes.atom", "index.html",
                                             "index.md"]
    assert "IT導入補助金" in (tmp_path / "reports" / "index.html").read_text()
    assert "セキュリティ対策推進枠" in (tmp_path / "reports" / "IT導入補助金.md").read_text()


def test_write_reports_on_an_empty_database_writes_an_index(fresh_db: Engine, tmp_path: Path) -> None:
    assert [p.name for p in write_reports(fresh_db, tmp_path)] == ["index.md", "index.html", "changes.atom"]
    assert b"<entry>" not in (tmp_path / "changes.atom").read_bytes()


@pytest.mark.parametrize(("raw", "escaped"), [
    ("<b>", "&lt;b&gt;"), ("a|b", "a\\|b"), ("*x*", "\\*x\\*"), ("[l](javascript:x)", "\\[l\\](javascript:x)"),
    ("line\nbreak", "line break"), ("& ;", "&amp; ;"), ("# h", "\\# h"),
])
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


def test_safe_filename() -> None:
    assert safe_filename("事業承継・M&A補助金") == "事業承継・M&A補助金"
    assert "/" not in safe_filename("../../etc/passwd") and "<" not in safe_filename(EVIL)


def test_hostile_document_text_stays_data(engine: Engine, make_fact: Any, save_doc: Any, tmp_path: Path) -> None:
    """Text holding <script> and '; DROP TABLE reaches SQL only as parameters and HTML only escaped."""
    init_db(engine)
    program = f"{EVIL}補助金"
    for year, cap in ((2023, 1), (2024, 2)):
        save_doc(engine, f"evil'; DROP TABLE documents; -- {year}", [
            make_fact("cap_max", cap, EVIL, EVIL, program=program, year=year, applicant=EVIL, condition=EVIL,
                      quote=EVIL, emphasis=True),
        ], pages=(EVIL,), title=EVIL, source_url="javascript:alert(1)")

    names = set(inspect(engine).get_table_names())
    assert {"facts", "documents", "programs"} <= names
    with engine.connect() as c:
        assert c.execute(text("SELECT COUNT(*) FROM facts")).scalar_one() == 2
        row = c.execute(text("SELECT f.quote, f.applicant, f.condition, fr.frame, p.name, d.title FROM facts f"
                             " JOIN frames fr ON fr.id = f.frame_id JOIN editions e ON e.id = fr.edition_id"
                             " JOIN programs p ON p.id = e.program_id JOIN documents d ON d.id = f.document_id"
                             " LIMIT 1")).one()
    assert tuple(row) == (EVIL, EVIL, EVIL, EVIL, program, EVIL)

    report = diff_program(engine, program)
    page = render([report], "html")
    parsed = parse(page)
    assert parsed.tags.get("script", 0) == 0
    assert "<script" not in page.lower() and "&lt;script&gt;" in page
    assert not any(h.startswith("javascript:") for h in parsed.hrefs)
    assert EVIL in "".join(parsed.text)  # shown to the reader as text, intact
    md = render([report], "md")
    assert "<script" not in md.lower() and "&lt;script&gt;" in md
    [item] = json.loads(render([report], "json"))["changes"]
    assert (item["frame"], item["applicant"], item["after_sources"][0]["quote"]) == (EVIL, EVIL, EVIL)
    paths = write_reports(engine, tmp_path / "r")
    assert all(p.parent == tmp_path / "r" for p in paths)
    for p in paths:
        assert "<script" not in p.read_text().lower()
    with engine.connect() as c:  # and nothing was dropped along the way
        assert c.execute(text("SELECT COUNT(*) FROM facts")).scalar_one() == 2


def find_chromium() -> str | None:
    for name in (os.environ.get("HOJO_CHROMIUM"), "chromium", "chromium-browser", "google-chrome",
                 "google-chrome-stable"):
        if name and (path := shutil.which(name)):
            return path
    return None


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_html_report_renders_in_headless_chromium(sqlite_it_db: Engine, tmp_path: Path) -> None:
    chromium = find_chromium()
    if chromium is None:
        reason = "headless Chromium not found (Debian package 'chromium'; or set HOJO_CHROMIUM)"
        pytest.fail(reason) if CI else pytest.skip(reason)
    page = tmp_path / "report.html"
    page.write_text(render([diff_program(sqlite_it_db, "IT導入補助金")], "html"), encoding="utf-8")
    shot = tmp_path / "report.png"
    flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1600"]
    subprocess.run([chromium, *flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120,
                   check=True, cwd=tmp_path)
    data = shot.read_bytes()
    assert png_size(data) == (1280, 1600)
    assert len(data) > 20_000, "the screenshot looks blank"
    dom = subprocess.run([chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True, cwd=tmp_path).stdout
    assert "セキュリティ対策推進枠" in dom and "150万円" in dom and "<table>" in dom
    if os.environ.get("HOJO_SCREENSHOT_DIR"):
        shutil.copy(shot, Path(os.environ["HOJO_SCREENSHOT_DIR"]) / "diff-report.png")


def test_a_new_round_is_no_rename_of_the_program(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(fresh_db, "a", [make_fact("cap_max", 1, "枠", year=2023, edition="第1次公募")])
    save_doc(fresh_db, "b", [make_fact("cap_max", 1, "枠", year=2024, edition="第2次公募")])
    assert "事業名" not in render([diff_program(fresh_db, "IT導入補助金")], "md")
    save_doc(fresh_db, "c", [make_fact("cap_max", 1, "枠", year=2024, edition="新補助金2025")])
    save_doc(fresh_db, "a2", [make_fact("cap_max", 1, "枠", year=2023, edition="旧補助金2024")])
    save_doc(fresh_db, "a", [])
    assert "事業名の変更: 旧補助金2024 → 新補助金2025" in render([diff_program(fresh_db, "IT導入補助金")], "md")
