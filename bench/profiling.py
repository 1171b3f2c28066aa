"""A pyinstrument profile of a build, written to a file and summarised: per stage, per package, hotspots."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Target = tuple[str, str, str]
"""(label, function name, source file) of what the profile charges to a row."""


def _code(ref: str) -> tuple[str, str]:
    """Given `module:function` (or `module:Class.method`), return the function's name and file."""
    import importlib

    module, _, attr = ref.partition(":")
    obj: Any = importlib.import_module(module)
    for name in attr.split("."):
        obj = getattr(obj, name)
    code = getattr(obj, "__wrapped__", obj).__code__
    return code.co_name, code.co_filename


def targets() -> list[Target]:
    """Return the rows of the profile: each stage of `corpus.stages.STAGES` (its run function) and its
    parts, then the build's planning (which stages each document needs)."""
    from corpus.build import plan_jobs
    from corpus.stages import STAGES

    out: list[Target] = []
    for st in STAGES:
        out.append((st.name, st.run.__code__.co_name, st.run.__code__.co_filename))
        out += [(f"  {st.name}: {label}", *_code(ref)) for label, ref in st.parts]
    out.append(("planning (plan_jobs)", plan_jobs.__code__.co_name, plan_jobs.__code__.co_filename))
    return out


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


def _charge(frame: Any, rows: list[Target], inside: frozenset[str], out: dict[str, float]) -> None:
    """Charge the outermost call of each row's function to that row (nested calls are not counted twice)."""
    name = None
    for label, func, where in rows:
        if frame.function == func and (frame.file_path or "") == where:
            name = label
            break
    if name is not None and name not in inside:
        out[name] += frame.time
        inside = inside | {name}
    for c in frame.children:
        _charge(c, rows, inside, out)


def summarise(profiler: Any, top: int = 12) -> dict[str, Any]:
    """Given a stopped profiler, return seconds and shares per stage, per package and the top self-time functions."""
    session = profiler.last_session
    root = session.root_frame()
    total = root.time if root is not None else 0.0
    if not total:
        return {"seconds": 0.0, "stages": [], "packages": [], "hotspots": []}
    rows = targets()
    stages: dict[str, float] = defaultdict(float)
    _charge(root, rows, frozenset(), stages)
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

    order = {label: i for i, (label, _, _) in enumerate(rows)}
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
