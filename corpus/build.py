"""Build documents into the database: plan, skip what is up to date, process in workers, store atomically."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine, select

from corpus.config import pipeline_version
from corpus.fetch import FetchError, locate
from corpus.inputs import INPUT_SUFFIXES, Job, Skipped, path_jobs, scan_paths
from corpus.manifest import Entry
from corpus.pipeline import Limits, Processed, process
from corpus.pipeline import Progress as OnPage
from corpus.workers import drain, run_job, worker_pool
from extract.facts.catalog import default_catalog
from extract.facts.model import DocInfo
from schema.db import transaction
from schema.models import Document, Edition, Fact, Frame, Program
from schema.statements_store import refresh_statements, statements_stale
from schema.store import DocumentMeta, save_document, save_failure

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
    statements: int | None = None  # None when the statements were already up to date
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    # programs the catalog does not know, as (printed name, document, pages of its facts)
    unknown_programs: list[tuple[str, str, list[int]]] = field(default_factory=list)
    left_out: list[Skipped] = field(default_factory=list)
    """Paths given that are not documents built: unreadable folders, clashing keys, other file types."""


def unknown_programs(engine: Engine, keys: Iterable[str]) -> list[tuple[str, str, list[int]]]:
    """Given document keys, return the programs their stored facts name that the fact stage's
    catalog lacks, as (program, document, pages), so that a user can extend the catalog."""
    catalog = default_catalog()
    wanted = set(keys)
    found: dict[tuple[str, str], set[int]] = {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(Program.name, Document.key, Fact.page)
            .join(Edition, Edition.program_id == Program.id)
            .join(Frame, Frame.edition_id == Edition.id)
            .join(Fact, Fact.frame_id == Frame.id)
            .join(Document, Document.id == Fact.document_id)
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
            jobs.append(Job(e.meta(), locate(e, mirror, cache)))
        except FetchError as err:
            jobs.append(Job(e.meta(), None, str(err)))
    return jobs


def up_to_date(engine: Engine, jobs: list[Job], version: str) -> set[str]:
    """Return the keys of jobs whose stored document has the same SHA-256 and pipeline version."""
    with engine.connect() as conn:
        rows = conn.execute(select(Document.key, Document.sha256, Document.pipeline_version, Document.status))
        stored = {k: (sha, v, st) for k, sha, v, st in rows}
    return {j.meta.key for j in jobs if j.path and stored.get(j.meta.key) == (j.meta.sha256, version, "ok")}


def _info(meta: DocumentMeta) -> DocInfo:
    return DocInfo(key=meta.key, sha256=meta.sha256 or "", title=meta.title,
                   published=meta.published.isoformat() if meta.published else None, kind=meta.kind)


def _results(jobs: list[tuple[Path, DocumentMeta]], workers: int, limits: Limits,
             on_page: OnPage) -> Iterator[Processed]:
    """Process `jobs` (in this process, or in a pool of `workers`); yield results as they come.

    `on_page(stage, n)` hears of every page read and walked for facts, from the workers too.
    """
    if workers <= 1 or len(jobs) <= 1:
        for path, meta in jobs:
            yield process(path, _info(meta), limits, on_page)
        return
    with worker_pool(workers) as (pool, pages_read):
        # Largest files first, so the last worker is not left with the longest document.
        order = sorted(jobs, key=lambda j: _size(j[0]), reverse=True)
        pending: set[Future[Processed]] = {pool.submit(run_job, path, _info(meta), limits) for path, meta in order}
        while pending:
            done, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            drain(pages_read, on_page)
            for fut in done:
                yield fut.result()
        drain(pages_read, on_page)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def build(engine: Engine, jobs: list[Job], *, workers: int = 1, force: bool = False,
          progress: bool = True, left_out: Iterable[Skipped] = (), limits: Limits | None = None) -> Summary:
    """Build `jobs` into the database behind `engine`, one transaction per document; return the summary.

    `left_out` (from `scan_paths`) goes into the summary; the ones that should have been built count as failed.
    Inputs over `limits` fail (default: no limit). Progress shows documents done and pages read.
    """
    t0 = time.perf_counter()
    version = pipeline_version()
    summary = Summary(left_out=list(left_out))
    for sk in summary.left_out:
        if sk.failed:
            log.error("%s", sk)
            summary.failed += 1
        else:
            log.debug("skipped %s", sk)
    skip = set() if force else up_to_date(engine, jobs, version)
    summary.skipped = len(skip)
    todo = [(j.path, j.meta) for j in jobs if j.meta.key not in skip and j.path is not None]
    by_key = {j.meta.key: j for j in jobs}

    def fail(meta: DocumentMeta, reason: str) -> None:
        log.error("%s", reason)
        summary.failed += 1
        summary.failures.append((meta.key, reason))
        with transaction(engine) as s:
            kept = s.scalars(select(Document).where(Document.key == meta.key, Document.status == "ok")).first()
            if kept is not None:
                # Never lose a good build because this run could not redo it: keep it, note why.
                kept.error = f"last rebuild failed, kept the previous build: {reason}"
            else:
                save_failure(s, meta, reason, version)

    for j in jobs:
        if j.path is None:
            fail(j.meta, j.error or f"{j.meta.key}: not found")

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  disable=not progress or not todo, transient=False) as bar:
        docs_task = bar.add_task("documents", total=len(todo))
        stages = {"read": bar.add_task("pages read", total=None),
                  "facts": bar.add_task("pages through facts", total=None)}

        def count_pages(stage: str, n: int) -> None:
            bar.advance(stages[stage], n)

        for res in _results(todo, workers, limits or Limits(), count_pages):
            meta = by_key[res.key].meta
            bar.advance(docs_task)
            if res.error or res.doc is None:
                fail(meta, res.error or f"{meta.key}: no output")
                continue
            with transaction(engine) as s:
                save_document(s, meta, res.doc, res.facts, pipeline_version=version, timings=res.timings)
            for w in res.doc.warnings:
                log.warning("%s", w)
            summary.built += 1
            summary.pages += len(res.doc.pages)
            summary.facts += len(res.facts)
    refresh_if_needed(engine, summary)
    summary.unknown_programs = unknown_programs(engine, by_key)
    for program, key, pages in summary.unknown_programs:
        log.warning("%s: program %s is not in the catalog (pages %s)", key, program, ", ".join(map(str, pages)))
    summary.seconds = time.perf_counter() - t0
    return summary


def refresh_if_needed(engine: Engine, summary: Summary) -> None:
    """Rebuild the statements from the stored facts when this build changed any, or they are stale."""
    with transaction(engine) as s:
        if summary.built or summary.failed or statements_stale(s):
            summary.statements, _ = refresh_statements(s)
