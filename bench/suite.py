"""Benchmark every stage and whole builds against raw PyMuPDF, on the real corpus and a synthetic one.

`run_bench()` measures, per corpus: raw ``page.get_text()`` over the corpus PDFs (the physical
floor); each stage of `corpus.stages.STAGES` run on its own, serially in this process (read, with
its parts text and tables; facts; load into a fresh SQLite database); and `build()` end to end
with each worker count into a fresh database, then again into the same one (the no-op rebuild),
then once more after the fact stage's stored versions are made stale (the rules-only rebuild);
with `dask`, also on a Dask LocalCluster. Results go to a JSON file with stable keys;
`bench.report` draws the table and the last two lines.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bench.builds import TreeSampler, parallel_capacity, run_build
from corpus.build import Job, manifest_jobs, path_jobs

log = logging.getLogger(__name__)

SCHEMA = 1
TARGETS = {"end_to_end_pages_s": 25.0, "ratio": 4.0, "real_ratio": 5.0, "noop_seconds": 2.0, "peak_rss_mb": 1200.0,
           "scaling": 1.7, "rules_only_pct": 25.0}
AT_LEAST = frozenset({"end_to_end_pages_s", "scaling"})
"""Targets that are floors; the others are ceilings."""
STAGE_KEYS = ("status", "pages", "chars", "seconds", "cpu_seconds", "pages_s", "chars_s", "peak_rss_mb", "note")


@dataclass(slots=True)
class Corpus:
    """A named set of build jobs and the picklable call that plans them (`mirror`: from the manifest)."""

    name: str
    plan: Callable[[], list[Job]]
    mirror: Path | None = None
    jobs: list[Job] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.jobs = [j for j in self.plan() if j.path is not None]

    @property
    def paths(self) -> list[Path]:
        return [j.path for j in self.jobs if j.path is not None]

    @property
    def pdfs(self) -> list[Path]:
        return [p for p in self.paths if p.suffix.lower() == ".pdf"]


def real_corpus(mirror: Path | None, cache: Path) -> Corpus | None:
    """Return the manifest documents found in the mirror or cache (never downloading), or the mirror's files."""
    from corpus.manifest import load_manifest

    if mirror is None:
        return None
    found = [e for e in load_manifest() if any((b / e.file).is_file() for b in (mirror, cache))]
    if found:
        return Corpus("real", partial(manifest_jobs, found, mirror, cache), mirror)
    adhoc = Corpus("real", partial(path_jobs, [mirror]))
    return adhoc if adhoc.jobs else None


def _stage(status: str = "ok", *, pages: int = 0, chars: int = 0, seconds: float | None = None,
           cpu: float | None = None, rss: float | None = None, note: str = "") -> dict[str, Any]:
    """Return one stage's figures with every key present (None where not measured)."""
    ok = status == "ok" and seconds is not None
    secs = seconds or 0.0
    rate = (lambda n: round(n / secs, 1) if ok and secs and n else None)  # noqa: E731
    return {"status": status, "pages": pages if ok else None, "chars": chars if ok else None,
            "seconds": round(secs, 3) if ok else None, "cpu_seconds": round(cpu, 3) if ok and cpu else None,
            "pages_s": rate(pages), "chars_s": rate(chars), "peak_rss_mb": round(rss, 1) if rss else None,
            "note": note}


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def raw_pymupdf(pdfs: list[Path]) -> dict[str, Any]:
    """Given PDFs, return pages/s and chars/s of opening each and calling `page.get_text()` on every page."""
    from bench.reading import raw_get_text

    (pages, chars, _), wall, cpu = _timed(lambda: raw_get_text(pdfs))
    return _stage(pages=pages, chars=chars, seconds=wall, cpu=cpu, note=f"{len(pdfs)} PDFs")


def measure_stages(corpus: Corpus, sampler: TreeSampler, db_dir: Path) -> tuple[dict[str, dict[str, Any]], list[Any]]:
    """Given a corpus, run each stage of `corpus.stages.STAGES` over all of it in turn in this process;
    return figures per stage (the read stage's parts beside it) and the documents read, as (DocInfo,
    DocumentText) pairs."""
    from corpus.pipeline import info_of
    from corpus.stages import FACTS, LOAD, READ, STAGES, STATEMENTS, pipeline_version, versions
    from extract.errors import ExtractError
    from extract.facts import load_nlp
    from schema.db import init_db, make_engine, transaction

    st: dict[str, dict[str, Any]] = {}
    sampler.reset()
    docs: list[tuple[Job, Any]] = []
    failed: list[str] = []
    outputs: dict[str, dict[str, Any]] = {}

    def read_all() -> None:
        for j in corpus.jobs:
            try:
                docs.append((j, READ.run(j.path)))
            except ExtractError as e:
                failed.append(str(e))

    def facts_all() -> None:
        outputs["facts"] = {j.meta.key: FACTS.run(d, info_of(j.meta)) for j, d in docs}

    engine = make_engine(f"sqlite:///{db_dir / 'stages.db'}")
    _, init_s, _ = _timed(lambda: init_db(engine))
    _, load_s, _ = _timed(load_nlp)
    version, current = pipeline_version(), versions()

    def load_all() -> None:
        for j, d in docs:
            with transaction(engine) as s:
                LOAD.run(s, j.meta, d, outputs["facts"].get(j.meta.key, []), pipeline_version=version,
                         timings=dict(d.timings), stage_versions=current)

    def statements_all() -> None:
        with transaction(engine) as s:
            outputs["statements"] = {"n": STATEMENTS.run(s)[0]}

    runs = {READ.name: read_all, FACTS.name: facts_all, LOAD.name: load_all, STATEMENTS.name: statements_all}
    notes = {FACTS.name: lambda: f"{sum(map(len, outputs['facts'].values()))} facts; GiNZA load "
                                 f"{load_s:.2f}s not included",
             LOAD.name: lambda: f"fresh SQLite; schema {init_s:.2f}s not included",
             STATEMENTS.name: lambda: f"{outputs['statements']['n']} statements, corpus-wide"}
    for stage in STAGES:
        _, wall, cpu = _timed(runs[stage.name])
        pages = sum(len(d.pages) for _, d in docs)
        chars = sum(d.n_chars for _, d in docs)
        if stage is READ:
            parts = {k: sum(d.timings.get(k, 0.0) for _, d in docs) for k in ("text", "tables", "ocr")}
            ocr = f"; OCR {parts['ocr']:.2f}s" if parts["ocr"] else ""
            note = f"{len(docs)} docs; {len(failed)} failed{ocr}"
        else:
            note = notes[stage.name]()
        st[stage.name] = _stage(pages=pages, chars=chars, seconds=wall, cpu=cpu, rss=sampler.reset(),
                                note=f"{note}; version {stage.version}")
        if stage is READ:
            table_pages = sum(len(d.pages) for _, d in docs if d.kind == "pdf")
            n_tables = sum(len(p.tables) for _, d in docs for p in d.pages)
            st["text"] = _stage(pages=pages, chars=chars, seconds=parts["text"],
                                note="part of read: spans, layout, line normalisation")
            st["tables"] = _stage(pages=table_pages, chars=0, seconds=parts["tables"],
                                  note=f"part of read: {n_tables} tables (PDF pages)")
    engine.dispose()
    return st, [(info_of(j.meta), d) for j, d in docs]


def components(corpus: Corpus, docs: list[Any]) -> dict[str, Any]:
    """Run the stage owners' own benchmarks where they exist (extract, normalize, facts); report the others."""
    out: dict[str, Any] = {}

    def attempt(name: str, fn: Callable[[], Any]) -> None:
        try:
            out[name] = {"status": "ok", **fn()}
        except ImportError as e:
            out[name] = {"status": "unavailable", "reason": str(e)}
        except Exception as e:
            out[name] = {"status": "failed", "reason": f"{type(e).__name__}: {e}"}
        log.info("component %s: %s", name, out[name]["status"])

    def ext() -> dict[str, Any]:
        from bench.reading import bench_extract
        return bench_extract(corpus.pdfs)

    def norm() -> dict[str, Any]:
        from bench.glyphs import bench_normalize
        return bench_normalize("\n".join(p.raw_text for _, d in docs for p in d.pages))

    def fct() -> dict[str, Any]:
        from bench.facts import bench_facts
        return bench_facts([d for _, d in docs], [i for i, _ in docs])

    attempt("extract", ext)
    attempt("normalize", norm)
    attempt("facts", fct)
    return json.loads(json.dumps(out, default=str))


def _cli_noop(corpus: Corpus, db_url: str, workers: int) -> float | None:
    """Return the wall seconds of `hojo build` (a new interpreter) against a database already up to date."""
    cmd = [sys.executable, "-m", "corpus", "build", "--db", db_url, "--no-progress", "--workers", str(workers)]
    cmd += ["--mirror", str(corpus.mirror)] if corpus.mirror else [str(p) for p in corpus.paths]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        log.warning("no-op `hojo build` exited %d: %s", done.returncode, done.stderr.strip()[-300:])
        return None
    return round(time.perf_counter() - t0, 3)


def _rates(r: dict[str, Any], res: dict[str, Any]) -> None:
    """Add pages/s, chars/s, the ratio to raw PyMuPDF and the rules-only share to a build's figures."""
    r["pages_s"] = round(r["pages"] / r["seconds"], 1) if r["seconds"] else None
    r["chars_s"] = round(res["chars"] / r["seconds"], 1) if r["seconds"] and res["chars"] else None
    r["ratio"] = round(res["raw"]["pages_s"] / r["pages_s"], 2) if r["pages_s"] and res["raw"]["pages_s"] else None
    if r.get("rules_only_seconds") is not None and r["seconds"]:
        r["rules_only_pct"] = round(100 * r["rules_only_seconds"] / r["seconds"], 1)


def bench_corpus(corpus: Corpus, workers: list[int], work: Path, quick: bool,
                 profile: Path | None, dask: bool = False) -> dict[str, Any]:
    """Given a corpus, return its figures: sizes, raw floor, stages, end to end per worker count, extras."""
    log.info("%s corpus: %d files; warming the file cache", corpus.name, len(corpus.paths))
    nbytes = sum(len(p.read_bytes()) for p in corpus.paths)
    res: dict[str, Any] = {"files": len(corpus.paths), "pdf_files": len(corpus.pdfs), "bytes": nbytes}
    log.info("%s: raw PyMuPDF get_text()", corpus.name)
    res["raw"] = raw_pymupdf(corpus.pdfs)
    log.info("%s: stages one by one", corpus.name)
    with tempfile.TemporaryDirectory(prefix="hojo-bench-", dir=work) as tmp, TreeSampler() as sampler:
        res["stages"], docs = measure_stages(corpus, sampler, Path(tmp))
    res["pages"] = res["stages"]["read"]["pages"]
    res["chars"] = res["stages"]["read"]["chars"]
    res["end_to_end"] = {}
    for w in workers:
        log.info("%s: build() with %d worker(s) into a fresh database, then the no-op rebuild", corpus.name, w)
        with tempfile.TemporaryDirectory(prefix="hojo-bench-", dir=work) as tmp:
            url = f"sqlite:///{Path(tmp) / 'e2e.db'}"
            r = run_build(corpus.plan, url, w)
            if r.get("status") == "ok":
                _rates(r, res)
                if not quick and w == max(workers):
                    r["noop_cli_seconds"] = _cli_noop(corpus, url, w)
            res["end_to_end"][str(w)] = r
    if dask:
        w = max(workers)
        log.info("%s: build() on a Dask LocalCluster of %d workers", corpus.name, w)
        with tempfile.TemporaryDirectory(prefix="hojo-bench-", dir=work) as tmp:
            r = run_build(corpus.plan, f"sqlite:///{Path(tmp) / 'dask.db'}", w, executor="dask")
            if r.get("status") == "ok":
                _rates(r, res)
            res["dask"] = {str(w): r}
    if profile is not None:
        log.info("%s: profiling build() with 1 worker → %s", corpus.name, profile)
        with tempfile.TemporaryDirectory(prefix="hojo-bench-", dir=work) as tmp:
            r = run_build(corpus.plan, f"sqlite:///{Path(tmp) / 'prof.db'}", 1, noop=False, profile=profile)
        res["profile"] = {"file": str(profile), "build_seconds": r.get("seconds"), **r.get("profile", {})}
    if not quick and corpus.name == "real":
        res["components"] = components(corpus, docs)
    return res


def machine() -> dict[str, Any]:
    """Return what a comparison across runs needs to know about this machine and checkout."""
    import pymupdf

    from corpus.config import package_version, pipeline_version

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                check=False, cwd=Path(__file__).parent).stdout.strip() or None
    except OSError:
        commit = None
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3 if hasattr(os, "sysconf") else None
    return {"cores": os.cpu_count(), "memory_gb": round(mem, 1) if mem else None, "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(), "python": platform.python_version(),
            "pymupdf": pymupdf.__version__, "mupdf": getattr(pymupdf, "mupdf_version", None),
            "hojo": package_version(), "pipeline_version": pipeline_version(), "git_commit": commit,
            "load_average_start": [round(x, 2) for x in os.getloadavg()]}


def run_bench(mirror: Path | None, out: Path, synthetic_pages: int = 2000, workers: tuple[int, ...] = (1, 2),
              profile: Path | None = None, quick: bool = False, cache: Path | None = None,
              dask: bool = False, pathological: bool | None = None) -> dict[str, Any]:
    """Benchmark the real corpus (and a synthetic one of `synthetic_pages`), and the pathological pages
    (`bench.pathological`; by default unless `quick`); write and return the results."""
    from bench.synth import generate
    from corpus import config

    work = out.parent / "bench"
    work.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {"schema": SCHEMA, "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                           "machine": machine(), "targets": TARGETS,
                           "options": {"mirror": str(mirror) if mirror else None, "synthetic_pages": synthetic_pages,
                                       "workers": list(workers), "quick": quick, "dask": dask,
                                       "pathological": not quick if pathological is None else pathological,
                                       "profile": str(profile) if profile else None},
                           "corpora": {}}
    res["machine"]["parallel_capacity_start"] = parallel_capacity(max(workers))
    real = real_corpus(mirror, cache or config.cache_dir())
    if real is None:
        log.error("no corpus: pass --mirror DIR (the shared corpus, or a folder of PDFs)")
    else:
        res["corpora"]["real"] = bench_corpus(real, list(workers), work, quick, profile, dask)
        if synthetic_pages > 0 and real.pdfs:
            t0 = time.perf_counter()
            files = generate(real.pdfs, work / f"synth-{synthetic_pages}", synthetic_pages)
            made = round(time.perf_counter() - t0, 2)
            synth = Corpus("synthetic", partial(path_jobs, files))
            res["corpora"]["synthetic"] = {"generation_seconds": made, "folder": str(files[0].parent),
                                           **bench_corpus(synth, list(workers), work, quick, None, dask)}
    if res["options"]["pathological"]:
        from bench.pathological import bench_pathological

        res["pathological"] = bench_pathological(work)
    res["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    res["machine"]["parallel_capacity_end"] = parallel_capacity(max(workers))
    res["headline"] = headline_figures(res)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out)
    log.info("wrote %s", out)
    return res


def headline_figures(res: dict[str, Any]) -> dict[str, Any]:
    """Return the headline: the largest corpus at the largest worker count, its scaling from the fewest
    workers, its rules-only rebuild, the real corpus's ratio, and which targets are met."""
    corpora = res["corpora"]
    name = "synthetic" if "synthetic" in corpora else "real" if "real" in corpora else None
    h: dict[str, Any] = {"corpus": name, "workers": None, "end_to_end_pages_s": None, "raw_pages_s": None,
                         "ratio": None, "peak_rss_mb": None, "noop_seconds": None, "scaling": None,
                         "rules_only_pct": None, "real_ratio": None, "met": {}}
    if name is None:
        return h
    c = corpora[name]
    runs = {int(k): v for k, v in c["end_to_end"].items() if v.get("status") == "ok"}
    h["raw_pages_s"] = c["raw"]["pages_s"]
    if runs:
        w = max(runs)
        r = runs[w]
        h.update(workers=w, end_to_end_pages_s=r["pages_s"], ratio=r["ratio"], peak_rss_mb=r["peak_rss_mb"],
                 rules_only_pct=r.get("rules_only_pct"))
        if len(runs) > 1 and r["pages_s"] and runs[min(runs)]["pages_s"]:
            h["scaling"] = round(r["pages_s"] / runs[min(runs)]["pages_s"], 2)
        real_runs = corpora.get("real", {}).get("end_to_end", {})
        h["noop_seconds"] = real_runs.get(str(w), {}).get("noop_seconds")
        h["real_ratio"] = real_runs.get(str(w), {}).get("ratio")
    for k, goal in TARGETS.items():
        v = h.get(k)
        h["met"][k] = None if v is None else (v >= goal if k in AT_LEAST else v <= goal)
    return h
