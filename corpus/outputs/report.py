"""Render diff reports as Markdown, standalone HTML or JSON, and write the reports of a whole database.

Document text is untrusted: HTML goes through Jinja2's autoescape (plus a
Content-Security-Policy that forbids scripts), Markdown through `md_escape`
applied to every interpolated value, JSON through `json.dumps`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlparse
from urllib.request import url2pathname

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup
from sqlalchemy import Engine

from corpus.clikit import render_table, simple_table
from corpus.outputs import report_templates
from corpus.outputs.changefeed import FeedEntry, changes_feed
from corpus.outputs.report_templates import (
    CHANGE,
    DATE_KINDS,
    FRAME_CHANGE,
    HOW,
    KIND,
    LEAD,
    LEAD_ORDER,
    NOTE,
    VALUE,
    qualifier_label,
)
from corpus.outputs.report_templates import what_is as _what_is
from extract.knowledge.diff import Citation, DiffReport, Entry, FrameRef, Section, Value, frame_label
from extract.knowledge.printed import names_round

Format = Literal["md", "html", "json"]
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def what_is(e: Entry) -> str:
    """Given an entry, return what its value is as a reader says it: 補助上限額, 補助上限額(1人当たり)."""
    return _what_is(e.kind, e.unit)


def format_yen(n: int) -> str:
    """Given an amount in yen, return it as printed in Japanese documents (150万円, 3,400億円, 12,345円)."""
    if n and n % 100_000_000 == 0:
        return f"{n // 100_000_000:,}億円"
    if n and n % 10_000 == 0:
        return f"{n // 10_000:,}万円"
    return f"{n:,}円"


def format_value(v: Value) -> str:
    """Given a value, return it for a reader: amounts in 万円/億円; head counts, wage growths and margins over
    the minimum wage as `report_templates.VALUE` prints them (300人, 3.0%, +30円); dates with their time."""
    exported = v.export()
    if v.kind in VALUE:
        return VALUE[v.kind].format(f"{exported:,}" if isinstance(exported, int) else exported)
    if isinstance(exported, int):
        return format_yen(exported)
    if v.kind in ("deadline", "opens"):
        return exported.replace("T", " ")
    return exported


def md_escape(value: Any) -> Any:
    """Given a value bound for Markdown, return it with HTML and Markdown syntax neutralised; Markup passes."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    s = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return " ".join(s.splitlines())


def _quotes(r: DiffReport, section: Section) -> list[tuple[str, Citation, str]]:
    """Return each source quoted by a change of `section` once: (year label, source, what it states)."""
    seen: dict[tuple[str, Citation], list[str]] = {}
    for e in section.entries:
        if e.change not in LEAD:
            continue
        what = what_is(e) + (f"・{e.applicant}" if e.applicant else "")
        for year, v in ((r.before_label, e.before), (r.after_label, e.after)):
            if v is not None:
                stated = seen.setdefault((year, v.source), [])
                if what not in stated:
                    stated.append(what)
    return [(year, src, "、".join(what)) for (year, src), what in seen.items()]


def _edition_renames(r: DiffReport) -> list[tuple[str, str]]:
    """Return (old, new) printed edition names where the program's edition is named anew (IT導入補助金2025 → …2026)."""
    # a label naming a round (第16回公募 → 第17回公募) is the next call, not a new name
    before = [e for e in r.before_side.editions if not names_round(e)]
    after = [e for e in r.after_side.editions if not names_round(e)]
    return [(b, a) for b in before for a in after if b != a] if len(before) == 1 and len(after) == 1 else []


def _label(ref: FrameRef | None) -> str:
    return (frame_label(ref) or report_templates.WHOLE_PROGRAM) if ref is not None else ""


def _note(e: Any) -> str:
    return NOTE.get(e.note, e.note).format(detail=e.detail) if e.note else ""


def _how(p: Any) -> str:
    text = HOW.get(p.how, p.how)
    return f"{text}: {p.evidence}" if p.evidence else text


def _count(r: DiffReport, change: str) -> int:
    return sum(e.change == change for e in r.entries)


def ordered(entries: Sequence[Entry]) -> list[Entry]:
    """Given entries, return those a report leads with in the order of its first screen: caps, rates,
    requirements, definitions and the budget, then the dates (a shifted opening says less than a new cap)."""
    rank = {k: i for i, k in enumerate((*LEAD_ORDER, *DATE_KINDS))}
    lead = [e for e in entries if e.change in LEAD]
    return sorted(lead, key=lambda e: rank.get(e.kind, len(LEAD_ORDER)))  # stable: each frame's order kept


def main_changes(r: DiffReport) -> list[Entry]:
    """Return the pair's changes and conflicts of everything but dates, in the order of its first screen."""
    return [e for e in ordered(r.entries) if e.kind not in DATE_KINDS]


def date_changes(r: DiffReport) -> list[Entry]:
    """Return the pair's changes and conflicts of opening dates and deadlines."""
    return [e for e in ordered(r.entries) if e.kind in DATE_KINDS]


def page_link(src: Citation, base: Path | None) -> str | None:
    """Given a source, return the link to its page a report written into `base` carries: the local file as a
    path relative to `base` (the report works wherever the folders move together), else the publisher's URL;
    without a base, the local file's URL."""
    if src.file_url and base is not None:
        target, _, anchor = src.file_url.partition("#")
        path = Path(url2pathname(urlparse(target).path))
        rel = Path(os.path.relpath(path, base.resolve())).as_posix()
        return quote(rel) + (f"#{anchor}" if anchor else "")
    return src.url or src.file_url


def _env(fmt: Literal["md", "html"], base: Path | None) -> Environment:
    def link(src: Citation) -> str | None:
        return page_link(src, base)

    if fmt == "html":
        env = Environment(loader=DictLoader({"page": report_templates.HTML, "src": report_templates.HTML_SOURCE,
                                             "row": report_templates.HTML_ROW}),
                          autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

        def src(v: Value, frame: FrameRef | None) -> Markup:
            return Markup(env.get_template("src").render(v=v, frame=frame, link=link(v.source), label=_label))

        def row(r: DiffReport, e: Any, with_frame: bool) -> Markup:
            return Markup(env.get_template("row").render(r=r, e=e, with_frame=with_frame))

        env.globals.update(src=src, row=row)
    else:
        env = Environment(loader=DictLoader({"page": report_templates.MARKDOWN}), autoescape=False,
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, finalize=md_escape,
                          keep_trailing_newline=True)

        def mdlink(text: str, url: str) -> Markup:
            safe_url = quote(url, safe=":/#=?&%.-_~")
            return Markup(f"[{md_escape(text)}]({safe_url})")

        env.globals["mdlink"] = mdlink
        env.globals["anchor"] = lambda name: Markup(f'<a id="{md_escape(name)}"></a>')
    env.globals.update(link=link, main=main_changes, dated=date_changes, ordered=ordered)
    env.globals.update(KIND=KIND, what=what_is, CHANGE=CHANGE, FRAME_CHANGE=FRAME_CHANGE, LEAD=LEAD, label=_label,
                       fmt=format_value, count=_count, edition_renames=_edition_renames, quotes=_quotes,
                       qlabel=qualifier_label, note=_note, how=_how, T=report_templates.WORDS,
                       red=lambda r: sum(e.emphasis for e in r.changes))
    return env


def render(reports: Sequence[DiffReport], fmt: Format, title: str | None = None, base: Path | None = None) -> str:
    """Given diff reports (usually of one program), return them as one Markdown, HTML or JSON document;
    `base` is the folder the document is written into (its page links are relative to it)."""
    if fmt == "json":
        data: Any = reports[0].to_json() if len(reports) == 1 else [r.to_json() for r in reports]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if title is None:
        title = report_templates.WORDS["title"].format(program=reports[0].program) if reports else "hojo diff"
    return _env(fmt, base).get_template("page").render(reports=list(reports), title=title)


def safe_filename(name: str) -> str:
    """Given a program name, return a file name stem safe on every OS (Japanese kept)."""
    stem = re.sub(r"[^\w・&+\-]+", "_", name).strip("._") or "program"
    return stem[:120]


def write_reports(engine: Engine, out_dir: Path | str, roots: Sequence[Path | str] = ()) -> list[Path]:
    """Write `<program>.md` and `.html` for every program with two or more editions to compare, plus index.md/.html.

    Each report compares every pair of consecutive editions (the editions of one budget year
    together; `schema.diffload.report_sides`), newest first. `roots` are folders searched for
    the source files so that the reports link to local pages. Returns the paths written.
    """
    from schema.diffload import consecutive, diff_sides, program_editions, report_sides, side_selection
    from schema.editions_store import stored_editions
    from schema.statements_store import ensure_statements

    ensure_statements(engine)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    root_paths = tuple(Path(r) for r in roots)
    written: list[Path] = []
    index: list[tuple[str, str, list[str]]] = []
    feed: list[FeedEntry] = []
    with engine.connect() as conn:
        for program in sorted({s.program for s in stored_editions(conn)}):
            editions = program_editions(conn, program)
            sides = report_sides(editions)
            pairs = consecutive(sides)
            if not pairs:
                continue
            reports = [diff_sides(conn, program, side_selection(sides[i]), side_selection(sides[j]), editions,
                                  root_paths) for i, j in pairs]
            stem = safe_filename(program)
            for fmt in ("md", "html"):
                path = out / f"{stem}.{fmt}"
                path.write_text(render(reports, fmt, base=out), encoding="utf-8")
                written.append(path)
            index.append((program, stem, [label for label, _ in sides]))
            feed += [feed_entry(f"{quote(stem)}.html#e{i}", r) for i, r in enumerate(reports, 1)]
    for fmt in ("md", "html"):
        path = out / f"index.{fmt}"
        path.write_text(_render_index(index, fmt), encoding="utf-8")
        written.append(path)
    atom = out / "changes.atom"
    atom.write_bytes(changes_feed(feed))
    written.append(atom)
    return written


FEED_SHOWN = 5
"""How many of a pair's main changes its feed entry spells out."""


def change_line(e: Entry) -> str:
    """Given an entry, return it in one line: 補助上限額 100万円 → 150万円（セキュリティ対策推進枠・変更）."""
    before = format_value(e.before) if e.before else "—"
    after = format_value(e.after) if e.after else "—"
    who = "・".join(p for p in (_label(e.frame), e.applicant, qualifier_label(e.qualifiers, e.kind)) if p)
    return f"{what_is(e)} {before} → {after}（{who}・{CHANGE[e.change]}）"


def feed_entry(href: str, r: DiffReport) -> FeedEntry:
    """Given a pair's report and where it is, return its entry of changes.atom: the frames renamed, added or
    removed, the first main changes, how many dates moved."""
    parts = [f"{FRAME_CHANGE[p.change]}: {' → '.join(_label(x) for x in (p.before, p.after) if x)}"
             for p in r.frames if p.change not in ("same", "not_stated") and not p.whole]
    main = main_changes(r)
    parts += [change_line(e) for e in main[:FEED_SHOWN]]
    if len(main) > FEED_SHOWN:
        parts.append(f"ほか {len(main) - FEED_SHOWN} 件")
    if dates := date_changes(r):
        parts.append(f"日程の変化 {len(dates)} 件")
    summary = f"変化 {len(r.changes)} 件。" + ("、".join(parts) if parts else "記載された値に変化はありません。")
    days = [d.published for d in r.after_side.documents.values() if d.published]
    return FeedEntry(r.program, f"{r.program}: {r.before_label} → {r.after_label}", href, summary,
                     max(days) if days else None)


def _render_index(index: list[tuple[str, str, list[str]]], fmt: str) -> str:
    env = Environment(loader=DictLoader({"md": report_templates.INDEX_MARKDOWN, "html": report_templates.INDEX_HTML}),
                      autoescape=fmt == "html", finalize=md_escape if fmt == "md" else None,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda stem: Markup(quote(stem))
    return env.get_template(fmt).render(index=index)


def listing_text(programs: list[dict], json_out: bool) -> str:
    """Given `schema.diffload.editions_listing`, return it as JSON or as a table: program, edition, documents, how it
    was dated (`hojo diff --list`)."""
    if json_out:
        return json.dumps(programs, ensure_ascii=False, indent=2, default=str) + "\n"
    if not programs:
        return "no facts in the database yet\n"
    table = simple_table("program", "edition", "documents", "dated by")
    for p in programs:
        for i, e in enumerate(p["editions"]):
            by = e["dated_by"]
            dated = "\n".join(f"{k}: {v}" for k, v in by.items() if not (k == "budget" and v == by.get("fiscal_year")))
            table.add_row(p["program"] if i == 0 else "", e["edition"], "\n".join(e["documents"]), dated)
    return render_table(table)
