"""The tasks a worker runs, built from the stages of `corpus.stages`: whole documents, page ranges, facts only.

A task carries a file (a path, or its name and bytes for a worker on another machine) and what is
known of the document; a facts-only task carries instead the URL of the database it reads the stored
document from (the worker opens its own engine, no session crosses processes). Every task hands its
result back, and the client stores it (`store_result`, one transaction per document): one writer, on
SQLite as on PostgreSQL. Errors are caught and returned, never raised, so one bad file cannot stop a build.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.stages import FACTS, LOAD, READ
from extract.facts.model import DocInfo, Fact
from extract.model import DocumentText
from schema.rows import DocumentMeta, DocumentRows, document_rows

Source = Path | tuple[str, bytes]
"""A file to read: its path on a shared disk, or its name and bytes."""

_ENGINES: dict[str, Any] = {}
_NLP: Any = None  # set by `corpus.nlpserver.use_server` in pool workers: GiNZA shared through the client


@dataclass(frozen=True, slots=True)
class Limits:
    """The largest input a build reads: bytes of a file and pages of a document, and the seconds the fact
    stage may spend on one page before it skips it (None: no limit)."""

    max_bytes: int | None = None
    max_pages: int | None = None
    page_seconds: float | None = None

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pages"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1, not {value}")
        if self.page_seconds is not None and not self.page_seconds > 0:
            raise ValueError(f"page_seconds must be more than 0 (None: no limit), not {self.page_seconds}")


Progress = Callable[[str, int], object]
"""Told of pages as they pass a stage: ``progress("read", 1)``, ``progress("facts", 1)``."""

_PROGRESS: Progress | None = None


def set_progress(progress: Progress | None) -> None:
    """Make the tasks run in this process tell `progress` of their pages (a worker's queue, a progress bar)."""
    global _PROGRESS
    _PROGRESS = progress


def _stage(stage: str) -> Callable[[int], object] | None:
    progress = _PROGRESS
    return None if progress is None else (lambda n: progress(stage, n))


@dataclass(slots=True)
class Processed:
    """What one task produced for one document, or the error that stopped it.

    `doc` (read, or as the rows to insert) and `facts` are what the client stores (`store_result`)."""

    key: str
    plan: str = "full"
    doc: DocumentRows | DocumentText | None = None
    facts: list[Fact] = field(default_factory=list)
    pages: int = 0
    n_facts: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    skipped_pages: list[str] = field(default_factory=list)  # pages the fact stage gave up on, each named


def info_of(meta: DocumentMeta) -> DocInfo:
    """Given a document's description, return what the fact stage is told of it."""
    return DocInfo(key=meta.key, sha256=meta.sha256 or "", title=meta.title,
                   published=meta.published.isoformat() if meta.published else None, kind=meta.kind)


def engine_for(url: str) -> Any:
    """Return this process's engine for `url` (made once; the client registers its own with `share_engine`)."""
    if url not in _ENGINES:
        from schema.db import make_engine

        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def share_engine(url: str, engine: Any) -> None:
    """Let tasks run in this process use `engine` for `url` (an in-process build, an in-memory database)."""
    _ENGINES[url] = engine


@contextmanager
def local_file(source: Source) -> Iterator[Path]:
    """Given a source, yield a local path to it (bytes are written to a temporary file of the same name)."""
    if isinstance(source, Path):
        yield source
        return
    name, data = source
    with tempfile.TemporaryDirectory(prefix="hojo-task-") as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        yield path


def _read(source: Source, pages: tuple[int, int] | None = None, limits: Limits | None = None) -> DocumentText:
    lim = limits or Limits()
    with local_file(source) as path:
        return READ.run(path, pages, max_bytes=lim.max_bytes, max_pages=lim.max_pages, on_page=_stage("read"))


def _error(source: Source, e: Exception) -> str:
    from extract.errors import ExtractError

    name = source if isinstance(source, Path) else source[0]
    if isinstance(e, ExtractError):
        return str(e)
    return f"{name}: unexpected {type(e).__name__}: {' '.join(str(e).split())}"


def _facts(doc: DocumentText, meta: DocumentMeta, warnings: list[str], timings: dict[str, float],
           res: Processed, page_seconds: float | None = None) -> list[Fact]:
    """Run the fact stage; a failure goes into `warnings`, the pages it skipped over `page_seconds`
    into `res.skipped_pages`."""
    from extract.facts.budget import PageBudget

    t0 = time.perf_counter()
    budget = PageBudget(page_seconds)
    try:
        facts: list[Fact] = FACTS.run(doc, info_of(meta), _NLP, on_page=_stage("facts"), budget=budget)
    except Exception as e:
        warnings.append(f"{meta.file_name or meta.key}: fact extraction failed: {type(e).__name__}: {e}")
        facts = []
    timings["facts"] = time.perf_counter() - t0
    res.skipped_pages = [f"{meta.file_name or meta.key}: page {page}: skipped by the fact stage after {secs:g} s, "
                         f"over its budget of {page_seconds:g} s (--page-seconds); its values are not read"
                         for page, secs in budget.skipped()]
    return facts


def _finish(res: Processed, doc: DocumentText, facts: list[Fact], rows: bool) -> Processed:
    """Hand back the document (as the rows to insert when `rows`: they pickle faster) and its facts, with
    the counts."""
    res.pages, res.n_facts = len(doc.pages), len(facts)
    res.doc, res.facts = (document_rows(doc) if rows else doc), facts
    return res


def store_result(engine: Any, meta: DocumentMeta, res: Processed, versions: dict[str, str], version: str) -> None:
    """The store step, run by the client on what a task handed back: in one transaction, write the whole
    document with its rows and facts (`LOAD`), or only replace its facts after a facts-only task; record
    the stage versions and the timings."""
    from schema.db import transaction
    from schema.stored import replace_facts

    t0 = time.perf_counter()
    with transaction(engine) as s:
        if res.plan == "facts":
            replace_facts(s, meta.key, res.facts, pipeline_version=version, stage_versions=versions,
                          timings=res.timings)
        else:
            res.timings["total"] = sum(res.timings.values())
            LOAD.run(s, meta, res.doc, res.facts, pipeline_version=version, timings=res.timings,
                     stage_versions=versions)
    res.timings[LOAD.name] = time.perf_counter() - t0


def process(source: Source, meta: DocumentMeta, limits: Limits | None = None, rows: bool = True) -> Processed:
    """Read a whole file and find its facts. Inputs over `limits` fail with `TooLarge`."""
    res = Processed(meta.key)
    t0 = time.perf_counter()
    try:
        doc = _read(source, None, limits)
    except Exception as e:
        return Processed(meta.key, error=_error(source, e))
    res.timings[READ.name] = time.perf_counter() - t0
    facts = _facts(doc, meta, doc.warnings, res.timings, res, (limits or Limits()).page_seconds)
    doc.warnings += res.skipped_pages  # kept in the document's row (`documents.error`)
    res.warnings = [w for w in doc.warnings if w not in res.skipped_pages]
    return _finish(res, doc, facts, rows)


def read_part(source: Source, first: int, stop: int, limits: Limits | None = None) -> DocumentText | str:
    """Read pages `first` to `stop` (0-based, exclusive) of a PDF; return them, or the error as text."""
    t0 = time.perf_counter()
    try:
        doc = _read(source, (first, stop), limits)
    except Exception as e:
        return _error(source, e)
    doc.timings["wall"] = time.perf_counter() - t0
    return doc


def join_and_process(source: Source, meta: DocumentMeta, parts: list[DocumentText], limits: Limits | None = None,
                     rows: bool = True) -> Processed:
    """Join the page ranges of one PDF into the document read whole, then find its facts."""
    from extract.pdf import join_parts

    res = Processed(meta.key)
    t0 = time.perf_counter()
    try:
        with local_file(source) as path:
            doc = join_parts(path, parts)
    except Exception as e:
        return Processed(meta.key, error=_error(source, e))
    res.timings[READ.name] = time.perf_counter() - t0 + sum(p.timings.get("wall", 0.0) for p in parts)
    facts = _facts(doc, meta, doc.warnings, res.timings, res, (limits or Limits()).page_seconds)
    doc.warnings += res.skipped_pages
    res.warnings = [w for w in doc.warnings if w not in res.skipped_pages]
    return _finish(res, doc, facts, rows)


def refacts(meta: DocumentMeta, db: str, limits: Limits | None = None) -> Processed:
    """Run the fact stage on a stored document, read from the database at `db`, without its file."""
    from schema.db import transaction
    from schema.stored import stored_document

    res = Processed(meta.key, plan="facts")
    with transaction(engine_for(db)) as s:
        doc = stored_document(s, meta.key)
    if doc is None:
        return Processed(meta.key, plan="facts", error=f"{meta.key}: no stored document to run facts on")
    res.warnings = []
    facts = _facts(doc, meta, res.warnings, res.timings, res, (limits or Limits()).page_seconds)
    if res.warnings:  # keep the previous facts rather than store none
        res.error = "; ".join(res.warnings)
        return res
    res.pages, res.n_facts, res.facts = len(doc.pages), len(facts), facts
    return res
