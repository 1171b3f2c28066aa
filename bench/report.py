"""The human-readable part of the benchmark: a rich table per corpus, the profile, the targets, the last line."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from bench.suite import AT_LEAST
from corpus.stages import READ, STAGES

READ_PARTS = ("text", "tables")
"""Rows drawn under the read stage: its parts, from the timings the reader keeps."""


def _rows() -> list[str]:
    """Return the stage rows in pipeline order, the read stage's parts right after it."""
    out: list[str] = []
    for st in STAGES:
        out.append(st.name)
        if st is READ:
            out += READ_PARTS
    return out


def _n(v: Any, fmt: str = ",.1f") -> str:
    return "—" if v is None else format(v, fmt)


def _corpus_table(name: str, c: dict[str, Any]) -> Table:
    t = Table(title=f"{name} corpus: {c['files']} files, {_n(c.get('pages'), ',')} pages, "
                    f"{_n(c.get('chars'), ',')} chars, {c['bytes'] / 1e6:.1f} MB", title_justify="left")
    for col in ("stage", "pages", "seconds", "CPU s", "pages/s", "chars/s", "peak RSS MB", "note"):
        t.add_column(col, justify="left" if col in ("stage", "note") else "right")
    raw = c["raw"]
    t.add_row("raw PyMuPDF get_text()", _n(raw["pages"], ","), _n(raw["seconds"], ".2f"),
              _n(raw["cpu_seconds"], ".2f"), _n(raw["pages_s"]),
              _n(raw["chars_s"], ",.0f"), "", raw["note"])
    for k in _rows():
        s = c["stages"].get(k)
        if s is None:
            continue
        if s["status"] != "ok":
            t.add_row(k, "", "", "", "", "", "", f"{s['status']}: {s['note']}")
            continue
        t.add_row(("  " if k in READ_PARTS else "") + k, _n(s["pages"], ","), _n(s["seconds"], ".2f"),
                  _n(s["cpu_seconds"], ".2f"), _n(s["pages_s"]), _n(s["chars_s"], ",.0f"),
                  _n(s["peak_rss_mb"], ",.0f"), s["note"])
    runs = [(f"end to end, {w} worker(s)", r) for w, r in c["end_to_end"].items()]
    runs += [(f"end to end, Dask LocalCluster, {w} workers", r) for w, r in (c.get("dask") or {}).items()]
    for label, r in runs:
        if r.get("status") != "ok":
            t.add_row(label, "", "", "", "", "", "", f"failed: {r.get('reason')}")
            continue
        note = (f"ratio {_n(r['ratio'], '.2f')}; {r['documents']} docs, {r['failed']} failed; "
                f"PSS {_n(r['peak_pss_mb'], ',.0f')} MB; no-op rebuild {_n(r.get('noop_seconds'), '.2f')} s; "
                f"rules-only rebuild {_n(r.get('rules_only_seconds'), '.2f')} s "
                f"({_n(r.get('rules_only_pct'), '.0f')}%, {r.get('rules_only_refacts')} docs' facts re-run)")
        if r.get("noop_cli_seconds") is not None:
            note += f" (`hojo build` {r['noop_cli_seconds']:.2f} s)"
        t.add_row(label, _n(r["pages"], ","), _n(r["seconds"], ".2f"),
                  _n(r["cpu_seconds"], ".2f"), _n(r["pages_s"]),
                  _n(r["chars_s"], ",.0f"), _n(r["peak_rss_mb"], ",.0f"), note)
    return t


def _profile_table(p: dict[str, Any]) -> Table:
    t = Table(title=f"profile of build(), 1 worker, real corpus: {p.get('seconds', 0):.1f} s → {p['file']}",
              title_justify="left")
    for col in ("where the time goes", "seconds", "%"):
        t.add_column(col, justify="left" if col.startswith("where") else "right")
    for s in p.get("stages", []):
        t.add_row(s["stage"], f"{s['seconds']:.2f}", f"{s['pct']:.1f}")
    t.add_section()
    for h in p.get("hotspots", [])[:10]:
        t.add_row(f"self: {h['function']} ({h['where']})", f"{h['self_seconds']:.2f}", f"{h['pct']:.1f}")
    t.add_section()
    for k in p.get("packages", [])[:6]:
        t.add_row(f"package: {k['package']}", f"{k['seconds']:.2f}", f"{k['pct']:.1f}")
    return t


def _targets_table(res: dict[str, Any]) -> Table:
    h = res["headline"]
    m = res["machine"]
    t = Table(title=f"targets ({h['corpus']} corpus, {h['workers']} workers; no-op and real_ratio on the real "
                    f"corpus; the machine's parallel capacity was {m.get('parallel_capacity_start')} → "
                    f"{m.get('parallel_capacity_end')})",
              title_justify="left")
    for col in ("target", "measured", "goal", "met"):
        t.add_column(col, justify="left" if col == "target" else "right")
    for k, goal in res["targets"].items():
        met = h["met"].get(k)
        t.add_row(k, _n(h.get(k), ",.2f"), ("≥ " if k in AT_LEAST else "≤ ") + f"{goal:g}",
                  "—" if met is None else ("yes" if met else "NO"))
    return t


def render(res: dict[str, Any], console: Console) -> None:
    """Print the tables of a `run_bench` result."""
    m = res["machine"]
    console.print(f"hojo bench {res['timestamp']} · {m['cores']} cores · Python {m['python']} · "
                  f"PyMuPDF {m['pymupdf']} · {m['git_commit']} · load {m['load_average_start']} → "
                  f"{m.get('load_average_end')} · parallel capacity of {max(res['options']['workers'])} processes "
                  f"{m.get('parallel_capacity_start')} → {m.get('parallel_capacity_end')} (pure-CPU control, "
                  "the ceiling of the scaling figure)")
    for name, c in res["corpora"].items():
        console.print(_corpus_table(name, c))
        if c.get("profile"):
            console.print(_profile_table(c["profile"]))
        for comp, v in (c.get("components") or {}).items():
            console.print(f"[bold]{name} · {comp} bench[/]: {v}", soft_wrap=True)
    if res.get("pathological"):
        console.print(_pathological_table(res["pathological"]))
    console.print(_targets_table(res))


def _pathological_table(p: dict[str, Any]) -> Table:
    """The pathological pages: time per character against the normal page's."""
    table = Table(title=f"pathological pages (build() of one page each, no time budget): the 200,000-character "
                        f"line took {_f(p['line_200k_over_20k'], '.2f')}× the 20,000-character one "
                        f"(linear 10×, target < {p['line_200k_over_20k_target']:g}×)", title_justify="left")
    for col in ("file", "characters", "build s", "µs/char", "× normal", "facts s", "facts µs/char", "× normal "):
        table.add_column(col, justify="left" if col == "file" else "right")
    for name, r in p["shapes"].items():
        table.add_row(name, _n(r["chars"], ",d"), _n(r["seconds"], ".2f"), _n(r["us_per_char"], ".2f"),
                      _n(r["vs_normal"], ".2f"), _n(r["facts_seconds"], ".2f"), _n(r["facts_us_per_char"], ".2f"),
                      _n(r["facts_vs_normal"], ".2f"))
    return table


def _f(v: Any, fmt: str) -> str:
    return "n/a" if v is None else format(v, fmt)


def headline(res: dict[str, Any]) -> str:
    """Return the last two lines::

        end-to-end E pages/s; raw PyMuPDF R pages/s; ratio R/E = X; peak RSS M MB
        scaling 2/1 workers = S; rules-only rebuild = P% of full; real-corpus ratio R/E = Y
    """
    h = res["headline"]
    return (f"end-to-end {_f(h['end_to_end_pages_s'], '.1f')} pages/s; raw PyMuPDF {_f(h['raw_pages_s'], '.1f')} "
            f"pages/s; ratio R/E = {_f(h['ratio'], '.2f')}; peak RSS {_f(h['peak_rss_mb'], '.0f')} MB\n"
            f"scaling 2/1 workers = {_f(h['scaling'], '.2f')}; rules-only rebuild = "
            f"{_f(h['rules_only_pct'], '.1f')}% of full; real-corpus ratio R/E = {_f(h['real_ratio'], '.2f')}")
