"""Build documents into the database: plan, skip what is up to date, process in workers, store atomically."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine, select

from corpus import pipeline, schedule
from corpus.executors import open_workers
from corpus.fetch import FetchError, locate
from corpus.identity import Note, resolve
from corpus.inputs import INPUT_SUFFIXES, Job, Skipped, path_jobs, scan_paths, stored_path
from corpus.manifest import Entry
from corpus.outputs.reading import Reading, readings
from corpus.pipeline import Limits, Processed, share_engine
from corpus.pipeline import Progress as OnPage
from corpus.schedule import Todo
from corpus.stages import STATEMENTS, Plan, pipeline_version, plan, versions
from extract.facts.catalog import default_catalog
from schema.db import transaction
from schema.models import DocumentPathRow, DocumentRow, FactRow, FrameRow, ProgramRow, ScopeRow
from schema.statements_store import statements_stale
from schema.store import DocumentMeta, record_paths, save_failure
from schema.stored import stage_states

log = logging.getLogger(__name__)

__all__ = ["INPUT_SUFFIXES", "Job", "Skipped", "Summary", "build", "manifest_jobs", "path_jobs", "scan_paths"]


@dataclass(slots=True)
class Summary:
    """Counts and timings of one build."""

    built: int = 0
    skipped: int = 0
    failed: int = 0
    pages: int = 0
    facts: int = 0
    refacts: int = 0  # of `built`: documents whose facts alone were re-run on their stored rows
    statements: int | None = None  # None when the statements were already up to date
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    # programs the catalog does not know, as (printed name, document, pages of its facts)
    unknown_programs: list[tuple[str, str, list[int]]] = field(default_factory=list)
    left_out: list[Skipped] = field(default_factory=list)
    """Paths given that are not documents built: missing or unreadable paths, empty folders, other file types."""
    documents: list[Reading] = field(default_factory=list)
    """Each document this build (re)made facts of: the program it was read as, its facts, its pages left unread."""
    names: list[Note] = field(default_factory=list)
    """Files whose name another document has ("renamed": the key they got) and bytes found twice ("same")."""
    pages_skipped: list[str] = field(default_factory=list)
    """Pages the fact stage gave up on (over --page-seconds), each named with its file."""
    inputs: int = 0
    """Documents this build was asked for (built, skipped or failed)."""

    @property
    def gap_pages(self) -> int:
        """Return how many pages of the build print amounts, rates or dates from which no fact came."""
        return sum(len(r.gaps) for r in self.documents)

    @property
    def without_facts(self) -> list[Reading]:
        """Return the documents of the build that gave no fact."""
        return [r for r in self.documents if not r.facts]

    @property
    def ok(self) -> bool:
        """Whether every input was built (or was up to date) and there was at least one: `make -k`'s exit 0."""
        return self.failed == 0 and self.inputs > 0


def unknown_programs(engine: Engine, keys: Iterable[str]) -> list[tuple[str, str, list[int]]]:
    """Given document keys, return the programs their stored facts name that the fact stage's
    catalog lacks, as (program, document, pages), so that a user can extend the catalog."""
    catalog = default_catalog()
    wanted = set(keys)
    found: dict[tuple[str, str], set[int]] = {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(ProgramRow.name, DocumentRow.key, FactRow.page)
            .join(ScopeRow, ScopeRow.program_id == ProgramRow.id)
            .join(FrameRow, FrameRow.edition_id == ScopeRow.id)
            .join(FactRow, FactRow.frame_id == FrameRow.id)
            .join(DocumentRow, DocumentRow.id == FactRow.document_id)
        )
        for program, key, page in rows:
            if key in wanted and catalog.get(program) is None:
                pages = found.setdefault((program, key), set())
                if page is not None:
                    pages.add(page)
    return [(program, key, sorted(pages)) for (program, key), pages in sorted(found.items())]


def manifest_jobs(entries: Iterable[Entry], mirror: Path | None, cache: Path) -> list[Job]:
    """Given manifest entries, return jobs with each document located (or the reason it is missing)."""
    jobs = []
    for e in entries:
        try:
            path = locate(e, mirror, cache)
        except FetchError as err:
            jobs.append(Job(e.meta(), None, str(err)))
            continue
        jobs.append(Job(replace(e.meta(), paths=(stored_path(path),)), path))
    return jobs


def plan_jobs(engine: Engine, jobs: list[Job], versions: dict[str, str], force: bool = False) -> dict[str, Plan]:
    """Return, per job key, what to run: "full" (read, facts, load), "facts" (on the stored rows) or "skip".

    A document is rebuilt in full when its file changed (SHA-256), its last build failed, or the
    read or load stage changed; only its facts re-run when only the fact stage changed."""
    states = {} if force else stage_states(engine)
    out: dict[str, Plan] = {}
    for j in jobs:
        sha, status, stored = states.get(j.meta.key, (None, "", {}))
        usable = stored if sha == j.meta.sha256 and status == "ok" else None
        out[j.meta.key] = plan(usable, versions)
    return out


def _read_url(engine: Engine, pool: Any) -> str | None:
    """Return the URL through which tasks read the stored documents of facts-only tasks: the client's own
    database for tasks run in this process (even in memory: `share_engine`), PostgreSQL for any worker,
    a SQLite file for workers that share its disk; else None (those documents are read again whole).
    Tasks never write: the client stores every result (SQLite has one writer at a time; one way for all)."""
    url = engine.url
    if not pool.in_process and url.get_backend_name() == "sqlite" and (
            not pool.shared_disk or url.database in (None, "", ":memory:")):
        return None
    return url.render_as_string(hide_password=False)


def build(engine: Engine, jobs: list[Job], *, workers: int = 1, force: bool = False,
          progress: bool = True, left_out: Iterable[Skipped] = (), limits: Limits | None = None,
          executor: str = "process", scheduler: str | None = None, parse_cache: Path | None = None) -> Summary:
    """Build `jobs` into the database behind `engine`, one transaction per document; return the summary.

    Only stale stages run (`corpus.stages`): a changed file is read again, a changed fact stage
    re-runs on the stored rows. `left_out` (from `scan_paths`) goes into the summary; the ones that
    should have been built count as failed. Inputs over `limits` fail (default: no limit). Progress
    shows documents done and pages read. `executor` is "process" (this process for one worker, else
    a local process pool) or "dask" (a LocalCluster of `workers`, or the cluster at `scheduler`).
    `parse_cache` is a file where the GiNZA answers of this process (one worker, or the pool's shared
    parser) are kept between builds."""
    with _parse_cache(parse_cache):
        return _build(engine, jobs, workers=workers, force=force, progress=progress, left_out=left_out,
                      limits=limits or Limits(), executor=executor, scheduler=scheduler)


@contextmanager
def _parse_cache(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    from extract.facts.associate import use_cache
    from extract.facts.parsecache import ParseCache

    cache = ParseCache(path)
    use_cache(cache)
    try:
        yield
    finally:
        use_cache(None)
        cache.close()


def _build(engine: Engine, jobs: list[Job], *, workers: int, force: bool, progress: bool, left_out: Iterable[Skipped],
           limits: Limits, executor: str, scheduler: str | None) -> Summary:
    t0 = time.perf_counter()
    current = versions()
    version = pipeline_version()
    summary = Summary(left_out=list(left_out))
    for sk in summary.left_out:
        if sk.failed:
            log.error("%s", sk)
            summary.failed += 1
        else:
            log.debug("skipped %s", sk)
    jobs, summary.names = resolve(engine, jobs)
    summary.inputs = len(jobs) + summary.failed
    for _, note in summary.names:
        log.info("%s", note)
    plans = plan_jobs(engine, jobs, current, force)
    _record_paths_found(engine, [j for j in jobs if j.path is not None and plans[j.meta.key] != "full"])
    todo = [Todo(j.meta, j.path, plans[j.meta.key]) for j in jobs
            if j.path is not None and plans[j.meta.key] != "skip"]
    summary.skipped = sum(1 for j in jobs if j.path is not None and plans[j.meta.key] == "skip")
    by_key = {j.meta.key: j for j in jobs}
    built: list[str] = []  # the documents whose facts this build (re)made

    def fail(meta: DocumentMeta, reason: str, row: bool = True) -> None:
        """Count and log a failure; record it in the document's row unless `row` is false (no file at all)."""
        log.error("%s", reason)
        summary.failed += 1
        summary.failures.append((meta.key, reason))
        if not row:
            return
        with transaction(engine) as s:
            kept = s.scalars(select(DocumentRow).where(DocumentRow.key == meta.key, DocumentRow.status == "ok")).first()
            if kept is not None:
                # Never lose a good build because this run could not redo it: keep it, note why.
                kept.error = f"last rebuild failed, kept the previous build: {reason}"
                record_paths(s, meta.key, meta.paths)
            else:
                save_failure(s, meta, reason, version)

    for j in jobs:
        if j.path is None:  # a manifest entry not found is recorded as failed; a path, never
            fail(j.meta, j.error or f"{j.meta.key}: not found", row=j.origin == "manifest")

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  disable=not progress or not todo, transient=False) as bar, \
            open_workers(executor if todo else "process", workers if todo else 1, scheduler,
                         prefetch_nlp=any(t.plan == "full" for t in todo), report_pages=progress) as pool:
        docs_task = bar.add_task("documents", total=len(todo))
        stages = {"read": bar.add_task("pages read", total=None),
                  "facts": bar.add_task("pages through facts", total=None)}

        def count_pages(stage: str, n: int) -> None:
            bar.advance(stages[stage], n)

        read_db = _read_url(engine, pool)
        if pool.in_process and read_db is not None:
            share_engine(read_db, engine)
        with pool.heard(count_pages) as tick:
            for res in schedule.run(pool, todo, read_db=read_db, limits=limits, tick=tick):
                meta = by_key[res.key].meta
                bar.advance(docs_task)
                if res.error:
                    fail(meta, res.error)
                    continue
                pipeline.store_result(engine, meta, res, current, version)
                for w in res.warnings:
                    log.warning("%s", w)
                for w in res.skipped_pages:
                    log.warning("%s", w)
                summary.pages_skipped += res.skipped_pages
                summary.built += 1
                built.append(meta.key)
                summary.refacts += res.plan == "facts"
                summary.pages += res.pages
                summary.facts += res.n_facts
    refresh_if_needed(engine, summary)
    summary.unknown_programs = unknown_programs(engine, by_key)
    for program, key, pages in summary.unknown_programs:
        log.warning("%s: program %s is not in the catalog (pages %s)", key, program, ", ".join(map(str, pages)))
    _read_back(engine, summary, built)
    summary.seconds = time.perf_counter() - t0
    return summary


def _read_back(engine: Engine, summary: Summary, built: list[str]) -> None:
    """Tell, per document the build (re)made facts of, how it was read; warn of those that gave none."""
    summary.documents = readings(engine, built) if built else []
    for r in summary.without_facts:
        log.warning("%s: no facts (read as %s)", r.document, r.read_as or "no program")


def _results(jobs: list[tuple[Path, DocumentMeta]], workers: int, limits: Limits,
             on_page: OnPage) -> Iterator[Processed]:
    """Read and find the facts of `jobs` (in this process, or in a pool of `workers`) without storing
    them; yield the results, each with its document, as they come. `on_page(stage, n)` hears of
    every page read and walked for facts, from the workers too."""
    todo = [Todo(meta, path) for path, meta in jobs]
    with open_workers("process", workers) as pool, pool.heard(on_page) as tick:
        yield from schedule.run(pool, todo, limits=limits, tick=tick)


def _record_paths_found(engine: Engine, jobs: list[Job]) -> None:
    """Record the paths of documents this build does not rewrite (up to date, or facts only) that the database
    does not hold yet: the same bytes found under another path, a manifest file found elsewhere."""
    with engine.connect() as conn:
        held = {(path, key) for path, key in conn.execute(select(DocumentPathRow.path,
                                                                 DocumentRow.key).join(DocumentRow))}
    new = [j for j in jobs if not held.issuperset((p, j.meta.key) for p in j.meta.paths)]
    if new:
        with transaction(engine) as s:
            for j in new:
                record_paths(s, j.meta.key, j.meta.paths)


def refresh_if_needed(engine: Engine, summary: Summary) -> None:
    """Run the statements stage (corpus-wide) when this build changed any facts, or they are stale."""
    with transaction(engine) as s:
        if summary.built or summary.failed or statements_stale(s):
            summary.statements, _ = STATEMENTS.run(s)
