"""Render diff reports as Markdown, standalone HTML or JSON, and write the reports of a whole database.

Document text is untrusted: HTML goes through Jinja2's autoescape (plus a
Content-Security-Policy that forbids scripts), Markdown through `md_escape`
applied to every interpolated value, JSON through `json.dumps`.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup
from sqlalchemy import Engine

from schema import report_templates
from schema.diff import DiffReport, Entry, FrameRef, Section, Source, Value, compare, frame_label
from schema.statements import names_round

Format = Literal["md", "html", "json"]

KIND = {"rate": "補助率", "cap_max": "補助上限額", "cap_min": "補助下限額", "deadline": "締切",
        "opens": "公募開始", "budget": "予算額", "applicant_definition": "対象者の定義",
        "employees_max": "従業員数の上限", "capital_max": "資本金の上限", "wage_growth_min": "賃上げ率の下限",
        "min_wage_margin": "最低賃金への上乗せ"}
UNIT = {"person": "(1人当たり)", "person_hour": "(1人1時間当たり)", "establishment": "(1事業所当たり)",
        "group_member": "(構成員1者当たり)"}
"""How the reports print what a value is counted per, after its kind (補助上限額(1人当たり))."""
CHANGE = {"added": "追加", "removed": "削除", "changed": "変更", "unchanged": "変更なし",
          "not_stated": "記載なし", "conflict": "食い違い"}
FRAME_CHANGE = {"added": "新設", "removed": "廃止", "renamed": "名称変更", "same": "継続", "not_stated": "記載なし"}
LEAD = ("changed", "added", "removed", "conflict")
"""The entries a report leads with; the rest (unchanged, not stated) are folded under each frame."""
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def what_is(e: Entry) -> str:
    """Given an entry, return what its value is as a reader says it: 補助上限額, 補助上限額(1人当たり)."""
    return KIND.get(e.kind, e.kind) + UNIT.get(e.unit or "", "")


def format_yen(n: int) -> str:
    """Given an amount in yen, return it as printed in Japanese documents (150万円, 3,400億円, 12,345円)."""
    if n and n % 100_000_000 == 0:
        return f"{n // 100_000_000:,}億円"
    if n and n % 10_000 == 0:
        return f"{n // 10_000:,}万円"
    return f"{n:,}円"


def format_value(v: Value) -> str:
    """Given a value, return it for a reader: amounts in 万円/億円, head counts in 人, a wage growth
    in %, a margin over the minimum wage as +N円, dates with their time."""
    exported = v.export()
    if v.kind == "employees_max" and isinstance(exported, int):
        return f"{exported:,}人"
    if v.kind == "min_wage_margin" and isinstance(exported, int):
        return f"+{exported:,}円"
    if v.kind == "wage_growth_min":
        return f"{exported}%"
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


def _quotes(r: DiffReport, section: Section) -> list[tuple[str, Source, str]]:
    """Return each source quoted by a change of `section` once: (year label, source, what it states)."""
    seen: dict[tuple[str, Source], list[str]] = {}
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


def _count(r: DiffReport, change: str) -> int:
    return sum(e.change == change for e in r.entries)


def _env(fmt: Literal["md", "html"]) -> Environment:
    if fmt == "html":
        env = Environment(loader=DictLoader({"page": report_templates.HTML, "src": report_templates.HTML_SOURCE,
                                             "row": report_templates.HTML_ROW}),
                          autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

        def src(v: Value, frame: FrameRef | None) -> Markup:
            return Markup(env.get_template("src").render(v=v, frame=frame, link=v.source.link, label=frame_label))

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
    env.globals.update(KIND=KIND, what=what_is, CHANGE=CHANGE, FRAME_CHANGE=FRAME_CHANGE, LEAD=LEAD, label=frame_label,
                       fmt=format_value, count=_count, edition_renames=_edition_renames, quotes=_quotes,
                       red=lambda r: sum(e.emphasis for e in r.changes))
    return env


def render(reports: Sequence[DiffReport], fmt: Format, title: str | None = None) -> str:
    """Given diff reports (usually of one program), return them as one Markdown, HTML or JSON document."""
    if fmt == "json":
        data: Any = reports[0].to_json() if len(reports) == 1 else [r.to_json() for r in reports]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if title is None:
        title = f"{reports[0].program}: 予算年度ごとの変化" if reports else "hojo diff"
    return _env(fmt).get_template("page").render(reports=list(reports), title=title)


def safe_filename(name: str) -> str:
    """Given a program name, return a file name stem safe on every OS (Japanese kept)."""
    stem = re.sub(r"[^\w・&+\-]+", "_", name).strip("._") or "program"
    return stem[:120]


def write_reports(engine: Engine, out_dir: Path | str, roots: Sequence[Path | str] = ()) -> list[Path]:
    """Write `<program>.md` and `.html` for every program with ≥ 2 budget years, plus index.md/.html.

    Each report compares every pair of consecutive fiscal years, newest first. `roots` are
    folders searched for the source files so that the reports link to local pages.
    Returns the paths written.
    """
    from schema.diffload import YearSpec, available, load_side
    from schema.statements_store import ensure_statements

    ensure_statements(engine)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    root_paths = tuple(Path(r) for r in roots)
    written: list[Path] = []
    index: list[tuple[str, str, list[int]]] = []
    with engine.connect() as conn:
        for p in available(conn):
            years = sorted(p.years)
            if len(years) < 2:
                continue
            sides = {y: load_side(conn, p.program, YearSpec(y), root_paths) for y in years}
            reports = [compare(p.program, str(a), str(b), sides[a], sides[b])
                       for a, b in reversed(list(itertools.pairwise(years)))]
            stem = safe_filename(p.program)
            for fmt in ("md", "html"):
                path = out / f"{stem}.{fmt}"
                path.write_text(render(reports, fmt), encoding="utf-8")
                written.append(path)
            index.append((p.program, stem, years))
    for fmt in ("md", "html"):
        path = out / f"index.{fmt}"
        path.write_text(_render_index(index, fmt), encoding="utf-8")
        written.append(path)
    return written


def _render_index(index: list[tuple[str, str, list[int]]], fmt: str) -> str:
    if fmt == "md":
        lines = ["# hojo: 予算年度の差分レポート", ""]
        lines += [f"- [{md_escape(name)}]({quote(stem)}.md) — {', '.join(map(str, years))}"
                  for name, stem, years in index] or ["(2つ以上の予算年度をもつ制度がありません)"]
        return "\n".join(lines) + "\n"
    env = Environment(autoescape=True)
    return env.from_string(
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<title>hojo: 予算年度の差分レポート</title></head><body><h1>hojo: 予算年度の差分レポート</h1><ul>"
        "{% for name, stem, years in index %}<li><a href=\"{{ stem|urlencode }}.html\">{{ name }}</a> — "
        "{{ years|join(', ') }}</li>{% else %}<li>2つ以上の予算年度をもつ制度がありません</li>{% endfor %}"
        "</ul></body></html>\n"
    ).render(index=index)
