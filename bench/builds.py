"""What the benchmark measures outside its own process: whole builds in a child, memory of a process tree.

A build is run in a freshly spawned interpreter (`run_build`), so its peak memory is its own
and the cost of starting the worker pool and loading GiNZA in every worker is counted, as a
user's `hojo build` pays it. A sampling thread (`TreeSampler`) adds up the resident memory of
that child and all its descendants (the forkserver and its workers are grandchildren, which
`getrusage(RUSAGE_CHILDREN)` never sees); the child's own getrusage figures are kept beside it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MB = 1024 * 1024


def _spin(n: int) -> int:
    x = 0
    for i in range(n):
        x += i * i
    return x


def parallel_capacity(workers: int = 2, n: int = 4_000_000) -> float:
    """Return how much faster `workers` processes do a fixed pure-CPU job than one process does it alone
    (2.0 on an idle 2-core machine; near 1.0 when other jobs leave one core free): the ceiling of any
    scaling figure measured in the same minutes."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    jobs = [n] * (2 * workers)
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        list(pool.map(_spin, [1] * workers))  # start the workers before timing
        t0 = time.perf_counter()
        for x in jobs:
            _spin(x)
        one = time.perf_counter() - t0
        t0 = time.perf_counter()
        list(pool.map(_spin, jobs))
        many = time.perf_counter() - t0
    return round(one / many, 2) if many else 0.0


def rusage_mb() -> dict[str, float]:
    """Return this process's peak RSS and its reaped children's largest peak RSS, in MB (Linux: KiB units)."""
    scale = 1024 if sys.platform != "darwin" else 1
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / MB
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / MB
    return {"self_mb": round(own, 1), "children_mb": round(kids, 1), "sum_mb": round(own + kids, 1)}


class TreeSampler:
    """Sample the summed RSS of a process and its descendants every `interval` seconds, their PSS
    every `pss_interval`.

    `peak_mb` is the highest sum seen since the last `reset()`; `cpu_seconds` adds the last CPU
    time seen of every process that was ever in the tree (a process that dies between two samples
    loses at most one interval). Without psutil only the process itself is sampled, from /proc.
    PSS is sampled less often because reading it walks each process's page tables (≈ 9 ms of CPU
    for a 2-worker build's tree, holding the memory map lock the build's own allocations need):
    at every RSS sample the sampler took ≈ 15% of a core, which a build using every core lost.
    """

    def __init__(self, pid: int | None = None, interval: float = 0.05, pss_interval: float = 1.0) -> None:
        self.pid = pid or os.getpid()
        self.interval = interval
        self.pss_every = max(1, round(pss_interval / interval))
        self._samples = 0
        self.peak_mb = 0.0
        self.peak_pss_mb = 0.0
        self.processes = 0
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def reset(self) -> float:
        """Return the peak since the previous reset and start a new window at the current level."""
        peak, self.peak_mb = self.peak_mb, 0.0
        self._sample()
        return max(peak, self.peak_mb)

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    def _procs(self) -> Iterator[Any]:
        import psutil

        root = psutil.Process(self.pid)
        yield root
        yield from root.children(recursive=True)

    def _sample(self) -> None:
        try:
            import psutil
        except ImportError:  # pragma: no cover - psutil comes with pymupdf
            rss = _proc_rss(self.pid)
            self.peak_mb = max(self.peak_mb, rss)
            return
        rss = pss = 0.0
        n = 0
        with_pss = self._samples % self.pss_every == 0
        self._samples += 1
        try:
            for p in self._procs():
                try:
                    with p.oneshot():
                        rss += p.memory_info().rss / MB
                        t = p.cpu_times()
                        self._cpu[p.pid] = t.user + t.system
                    if with_pss:
                        with contextlib.suppress(psutil.AccessDenied, AttributeError):
                            pss += p.memory_full_info().pss / MB
                    n += 1
                except psutil.NoSuchProcess:
                    continue
        except psutil.NoSuchProcess:
            return
        self.processes = max(self.processes, n)
        self.peak_mb = max(self.peak_mb, rss)
        self.peak_pss_mb = max(self.peak_pss_mb, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)


def _proc_rss(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_build(plan: Callable[[], list[Any]], db_url: str, workers: int, *, noop: bool = True,
              profile: Path | None = None, executor: str = "process") -> dict[str, Any]:
    """Given a picklable call returning build jobs and a fresh database URL, build in a spawned child.

    Returns the figures: seconds of planning plus `build()` (first build), pages, documents, failures,
    the no-op rebuild's seconds (planning again, with its SHA-256s, plus `build()`), the rules-only
    rebuild's seconds (the stored fact-stage versions made stale, as a fact-rule change makes them, then
    `build()`: facts re-run from the stored rows), peak RSS/PSS of
    the child's process tree, CPU seconds of the tree, getrusage of the child, and with `profile`
    the pyinstrument summary (the profile file written there).
    """
    from multiprocessing import get_context

    ctx = get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_child, args=(queue, plan, db_url, workers, noop, str(profile) if profile else None,
                                                  executor))
    t0 = time.perf_counter()
    child.start()
    with TreeSampler(child.pid) as sampler:
        result: dict[str, Any] = queue.get()
    child.join()
    result["child_wall_seconds"] = round(time.perf_counter() - t0, 3)
    result["peak_rss_mb"] = round(sampler.peak_mb, 1)
    result["peak_pss_mb"] = round(sampler.peak_pss_mb, 1)
    result["cpu_seconds"] = round(sampler.cpu_seconds, 2)
    result["processes"] = sampler.processes
    return result


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings = 0
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage()[:300])
        else:
            self.warnings += 1


def _child(queue: Any, plan: Callable[[], list[Any]], db_url: str, workers: int, noop: bool,
           profile: str | None, executor: str = "process") -> None:
    counter = _Count()
    logging.basicConfig(level=logging.WARNING, handlers=[counter], force=True)
    try:
        queue.put(_build_twice(plan, db_url, workers, noop, Path(profile) if profile else None, counter,
                               executor))
    except Exception as e:  # the parent must always get an answer
        queue.put({"status": "failed", "reason": f"{type(e).__name__}: {e}"})


def stale_facts(engine: Any) -> None:
    """Mark every stored document's fact-stage output as made by another version (as editing a fact rule does)."""
    from sqlalchemy import update

    from corpus.stages import FACTS
    from schema.db import transaction
    from schema.models import DocumentStageRow

    with transaction(engine) as s:
        s.execute(update(DocumentStageRow).where(DocumentStageRow.stage == FACTS.name).values(version="stale"))


def _build_twice(plan: Callable[[], list[Any]], db_url: str, workers: int, noop: bool, profile: Path | None,
                 counter: _Count, executor: str = "process") -> dict[str, Any]:
    from corpus.build import build
    from schema.db import init_db, make_engine

    engine = make_engine(db_url)
    t0 = time.perf_counter()
    init_db(engine)
    init_s = time.perf_counter() - t0
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
    t0 = time.perf_counter()
    jobs = plan()
    plan_s = time.perf_counter() - t0
    # a GiNZA answer cache of this run only: the first build starts cold, later ones reuse its answers
    cache = Path(db_url.removeprefix("sqlite:///")).with_name("ginza-answers.sqlite") \
        if db_url.startswith("sqlite:///") else None
    first = build(engine, jobs, workers=workers, progress=False, executor=executor, parse_cache=cache)
    seconds = time.perf_counter() - t0
    out: dict[str, Any] = {"status": "ok", "workers": workers, "init_db_seconds": round(init_s, 3),
                           "plan_seconds": round(plan_s, 3),
                           "seconds": round(seconds, 3), "documents": first.built, "failed": first.failed,
                           "pages": first.pages, "facts": first.facts, "warnings": counter.warnings,
                           "errors": counter.errors[:5]}
    if profiler is not None:
        profiler.stop()
        from bench.profiling import summarise, write_profile

        write_profile(profiler, profile)  # type: ignore[arg-type]
        out["profile"] = summarise(profiler)
    if noop:
        t0 = time.perf_counter()
        again = build(engine, plan(), workers=workers, progress=False, parse_cache=cache)
        out["noop_seconds"] = round(time.perf_counter() - t0, 3)
        out["noop_skipped"] = again.skipped
        out["noop_built"] = again.built
        stale_facts(engine)
        t0 = time.perf_counter()
        rules = build(engine, plan(), workers=workers, progress=False, executor=executor, parse_cache=cache)
        out["rules_only_seconds"] = round(time.perf_counter() - t0, 3)
        out["rules_only_refacts"] = rules.refacts
        out["rules_only_facts"] = rules.facts
    out["rusage"] = rusage_mb()
    engine.dispose()
    return out
