"""Turn the documents a build must (re)do into tasks on an executor, and yield each document's result.

- A document whose file or read/load stage changed runs whole (`pipeline.process`); a PDF large
  enough to leave the other workers idle at the end is read as page ranges in parallel
  (`pipeline.read_part`), then joined and its facts found in one task (`join_and_process`).
- A document whose fact stage alone changed runs `pipeline.refacts` on its stored rows, which the task
  reads from the database (when the workers cannot reach it, the document runs whole instead).
- Largest files go first, so the last worker is not left with the longest document.
Results are the same whatever the split: a range read plus `join_parts` equals the whole read.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus import pipeline
from corpus.executors import Workers
from corpus.pipeline import Limits, Processed, Source
from extract.model import DocumentText
from schema.rows import DocumentMeta

log = logging.getLogger(__name__)

CHUNK_PAGES = 24
"""Pages per range task when a PDF is split."""


@dataclass(slots=True)
class Todo:
    """One document to (re)build: its description, file, and which stages to run ("full" or "facts")."""

    meta: DocumentMeta
    path: Path
    plan: str = "full"


def _source(path: Path, shared_disk: bool) -> Source:
    return path if shared_disk else (path.name, path.read_bytes())


def _size(t: Todo) -> int:
    try:
        return t.path.stat().st_size
    except OSError:
        return 0


def page_ranges(path: Path, share: float, workers: int, chunk: int = CHUNK_PAGES) -> list[tuple[int, int]]:
    """Given a PDF and the share of the build's bytes it holds, return the page ranges to read it in
    (one range when it is not worth splitting: one worker, a small share, few pages, or unreadable)."""
    from extract.errors import ExtractError
    from extract.pdf import page_count

    if workers <= 1 or path.suffix.lower() != ".pdf" or share < 1 / (2 * workers):
        return []
    try:
        n = page_count(path)
    except ExtractError:
        return []  # the whole-file task reports it
    if n <= chunk:
        return []
    parts = min(math.ceil(n / chunk), 4 * workers)
    step = math.ceil(n / parts)
    return [(a, min(a + step, n)) for a in range(0, n, step)]


def run(workers: Workers, todo: list[Todo], *, read_db: str | None = None, chunk: int = CHUNK_PAGES,
        limits: Limits | None = None, tick: Callable[[], object] | None = None) -> Iterator[Processed]:
    """Run `todo` on `workers`; yield one `Processed` per document as it completes, for the client to store.

    A facts-only task reads its stored document from `read_db` (a database the workers can reach); without
    one, the document is read again whole. Results come back in the order the tasks were given when several
    are done at once, and a task run in this process is yielded before the next one starts."""
    rows = not workers.in_process  # results that cross processes travel as rows
    lim = limits or Limits()
    pending: dict[Future[Any], tuple[str, Todo, int]] = {}
    parts: dict[str, list[DocumentText | str | None]] = {}
    total = sum(_size(t) for t in todo if t.plan == "full") or 1

    def collect(block: bool) -> Iterator[Processed]:
        done, _ = wait(list(pending), timeout=(0.25 if tick else None) if block else 0, return_when=FIRST_COMPLETED)
        if tick is not None:
            tick()
        for fut in [f for f in pending if f in done]:
            kind, t, i = pending.pop(fut)
            try:
                out: Any = fut.result()
            except Exception as e:  # a worker that died, a task the cluster lost
                out = f"{t.path.name}: task failed: {type(e).__name__}: {e}"
                if kind != "part":
                    yield Processed(t.meta.key, plan=kind, error=out)
                    continue
            if kind != "part":
                yield out
                continue
            got = parts.get(t.meta.key)
            if got is None:  # an earlier range failed: the document is reported already
                continue
            if isinstance(out, str):
                del parts[t.meta.key]
                yield Processed(t.meta.key, error=out)
                continue
            got[i] = out
            read = [p for p in got if isinstance(p, DocumentText)]
            if len(read) == len(got):
                del parts[t.meta.key]
                src = _source(t.path, workers.shared_disk)
                pending[workers.submit(pipeline.join_and_process, src, t.meta, read, lim, rows)] = ("full", t, 0)

    for t in sorted(todo, key=lambda t: (t.plan != "full", -_size(t))):
        if t.plan == "facts" and read_db is not None:
            pending[workers.submit(pipeline.refacts, t.meta, read_db, lim)] = ("facts", t, 0)
        elif not (ranges := page_ranges(t.path, _size(t) / total, workers.workers, chunk)):
            src = _source(t.path, workers.shared_disk)
            pending[workers.submit(pipeline.process, src, t.meta, lim, rows)] = ("full", t, 0)
        else:
            log.debug("%s: reading pages in %d ranges", t.meta.key, len(ranges))
            src = _source(t.path, workers.shared_disk)
            parts[t.meta.key] = [None] * len(ranges)
            for i, (a, b) in enumerate(ranges):
                pending[workers.submit(pipeline.read_part, src, a, b, lim)] = ("part", t, i)
        if workers.in_process:
            yield from collect(block=False)
    while pending:
        yield from collect(block=True)
    if tick is not None:
        tick()
