"""A pyinstrument profile of a build, written to a file and summarised: per stage, per package, hotspots."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Outermost call of each of these functions (by name and file) is charged to the stage; nested
# calls of an already-charged stage are not counted twice. Order does not matter.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("read (extract)", "read_document", "extract/"),
    ("  text: page.get_textpage + dict", "_read_page", "extract/pdf"),
    ("  tables: ruled (find_tables)", "find_tables", "extract/tables"),
    ("  tables: unruled (stream)", "find_stream_tables", "extract/streamtables"),
    ("  layout: xycut + order_lines", "xycut", "extract/layout"),
    ("  normalise (glyphs)", "normalize", "normalize/glyphs"),
    ("  normalise with map", "normalize_with_map", "normalize/glyphs"),
    ("  OCR", "ocr_pages", "extract/ocr"),
    ("facts (extract_facts)", "extract_facts", "extract/facts"),
    ("  GiNZA (spaCy pipeline)", "__call__", "spacy/language"),
    ("  GiNZA (nlp.pipe)", "pipe", "spacy/language"),
    ("model load (load_nlp)", "load_nlp", "extract/facts/nlp"),
    ("load (save_document)", "save_document", "schema/store"),
    ("load: commit", "commit", "sqlalchemy/orm/session"),
    ("skip check (up_to_date)", "up_to_date", "corpus/build"),
)

_SITE = re.compile(r"site-packages/([^/]+)/")


def write_profile(profiler: Any, path: Path) -> None:
    """Write the profile: HTML for .html, speedscope JSON for .json/.speedscope, else indented text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".html":
        text = profiler.output_html()
    elif suffix in (".json", ".speedscope"):
        from pyinstrument.renderers import SpeedscopeRenderer

        text = profiler.output(renderer=SpeedscopeRenderer())
    else:
        text = profiler.output_text(unicode=True, color=False, show_all=False)
    path.write_text(text, encoding="utf-8")


def _frames(frame: Any) -> Iterator[Any]:
    stack = [frame]
    while stack:
        f = stack.pop()
        yield f
        stack.extend(f.children)


def _package(path: str | None) -> str:
    if not path:
        return "(builtin)"
    if m := _SITE.search(path):
        return m.group(1).removesuffix(".py")
    for pkg in ("extract/facts", "extract", "normalize", "schema", "corpus"):
        if f"/{pkg}/" in path:
            return pkg.replace("/", ".")
    return "(stdlib)" if "/lib/python" in path else Path(path).name


def _charge(frame: Any, inside: frozenset[str], out: dict[str, float]) -> None:
    name = None
    for label, func, where in STAGES:
        if frame.function == func and where in (frame.file_path or ""):
            name = label
            break
    if name is not None and name not in inside:
        out[name] += frame.time
        inside = inside | {name}
    for c in frame.children:
        _charge(c, inside, out)


def summarise(profiler: Any, top: int = 12) -> dict[str, Any]:
    """Given a stopped profiler, return seconds and shares per stage, per package and the top self-time functions."""
    session = profiler.last_session
    root = session.root_frame()
    total = root.time if root is not None else 0.0
    if not total:
        return {"seconds": 0.0, "stages": [], "packages": [], "hotspots": []}
    stages: dict[str, float] = defaultdict(float)
    _charge(root, frozenset(), stages)
    packages: dict[str, float] = defaultdict(float)
    funcs: dict[tuple[str, str], float] = defaultdict(float)
    for f in _frames(root):
        if f.is_synthetic or (f.file_path or "").startswith("<thread>"):
            continue
        own = f.total_self_time
        if not own:
            continue
        packages[_package(f.file_path)] += own
        funcs[(f.function, f"{f.file_path_short}:{f.line_no}")] += own

    def pct(s: float) -> float:
        return round(100 * s / total, 1)

    order = {label: i for i, (label, _, _) in enumerate(STAGES)}
    return {
        "seconds": round(total, 3),
        "cpu_seconds": round(getattr(session, "cpu_time", 0.0) or 0.0, 3),
        "stages": [{"stage": k, "seconds": round(v, 3), "pct": pct(v)}
                   for k, v in sorted(stages.items(), key=lambda kv: order[kv[0]])],
        "packages": [{"package": k, "seconds": round(v, 3), "pct": pct(v)}
                     for k, v in sorted(packages.items(), key=lambda kv: -kv[1])[:top]],
        "hotspots": [{"function": fn, "where": where, "self_seconds": round(v, 3), "pct": pct(v)}
                     for (fn, where), v in sorted(funcs.items(), key=lambda kv: -kv[1])[:top]],
    }
