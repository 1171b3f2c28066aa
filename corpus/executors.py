"""Where a build's tasks run: in this process, in a local process pool, or on a Dask cluster.

Each executor is a `concurrent.futures.Executor` (Dask's through `Client.get_executor`), so
`corpus.schedule` drives them all the same way. Tasks are the plain functions of
`corpus.pipeline` with picklable arguments: files (paths or bytes), document descriptions,
database URLs — never an open session.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

log = logging.getLogger(__name__)

EXECUTORS = ("process", "dask")
PRELOAD = ("corpus.pipeline", "corpus.nlpserver", "corpus.executors", "corpus.workers", "extract.pdf",
           "extract.textlayer", "extract.facts.pipeline", "extract.facts.associate", "schema.stored", "schema.db")
"""Modules the process pool's fork server imports once for all its workers. `schema.stored` (SQLAlchemy and
the models, ≈ 0.25 s) is for facts-only tasks, which read their document's rows: imported by each new worker
instead, it was a tenth of a rules-only rebuild with two workers."""


class InlineExecutor(Executor):
    """Run each task at once in this process (one worker: no pickling, no second interpreter)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:  # type: ignore[override]
        fut: Future[Any] = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as e:
            fut.set_exception(e)
        return fut


@dataclass(slots=True)
class Workers:
    """Where a build's tasks run, as the build sees it whatever the executor: `submit` a task, how many run at
    once (`workers`), whether they run in this process and share its disk (else tasks carry bytes), and
    `heard` to hear of the pages they read."""

    executor: Executor
    workers: int
    in_process: bool = False
    shared_disk: bool = True  # tasks may carry paths (else they carry bytes)
    description: str = ""
    drain: Callable[[Any], None] | None = None  # hand the pages the workers reported to a callback

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]:
        """Run `fn(*args)` on a worker; return its future."""
        return self.executor.submit(fn, *args)

    @contextlib.contextmanager
    def heard(self, on_page: Callable[[str, int], object]) -> Iterator[Callable[[], object] | None]:
        """Route the pages the tasks report to `on_page`: directly in this process, through the pool's queue
        (drained by the returned call), or nowhere (Dask)."""
        if self.in_process:
            from corpus import pipeline

            pipeline.set_progress(on_page)
            try:
                yield None
            finally:
                pipeline.set_progress(None)
            return
        drain = self.drain
        yield (lambda: drain(on_page)) if drain is not None else None


@contextlib.contextmanager
def open_workers(kind: str = "process", workers: int = 1, scheduler: str | None = None,
                 prefetch_nlp: bool = False, report_pages: bool = True) -> Iterator[Workers]:
    """Yield the executor of `kind` with `workers` workers (Dask: a `LocalCluster` unless `scheduler` is given).

    `prefetch_nlp`: the pool's shared GiNZA starts loading at once (new documents will likely need it).
    `report_pages`: the pool's workers tell of each page they read (for a progress bar; two messages a page)."""
    if kind not in EXECUTORS:
        raise ValueError(f"unknown executor {kind!r}: choose one of {', '.join(EXECUTORS)}")
    if kind == "dask":
        with _dask(workers, scheduler) as w:
            yield w
        return
    if workers <= 1:
        yield Workers(InlineExecutor(), 1, in_process=True, description="in this process")
        return
    from corpus.nlpserver import ParseServer
    from corpus.workers import drain

    ctx = get_context("forkserver")
    # Workers fork from a server that has imported the pipeline once, instead of each importing it.
    ctx.set_forkserver_preload(list(PRELOAD))
    pages: Any = ctx.Queue() if report_pages else None
    try:
        with ParseServer(prefetch=prefetch_nlp) as server, ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_pool_worker,
            initargs=(os.getpid(), pages, server.address, server.authkey),
        ) as pool:
            yield Workers(pool, workers, description=f"{workers} worker processes, GiNZA shared",
                          drain=(lambda to: drain(pages, to)) if pages is not None else None)
    finally:
        if pages is not None:
            pages.close()
            pages.cancel_join_thread()


def _init_pool_worker(build_pid: int, pages: Any, address: str, authkey: bytes) -> None:
    """Pool initializer: end with the build (`corpus.workers`), report pages on its queue, share its GiNZA."""
    from corpus import pipeline, workers
    from corpus.nlpserver import use_server

    workers._init_worker(build_pid, pages)
    pipeline.set_progress(workers._report if pages is not None else None)
    use_server(address, authkey)


@contextlib.contextmanager
def _dask(workers: int, scheduler: str | None) -> Iterator[Workers]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise RuntimeError("the dask executor needs the `dask` extra: pip install 'hojo[dask]'") from e
    with contextlib.ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
            where = f"scheduler {scheduler}"
        else:
            cluster = stack.enter_context(LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                                       processes=True, dashboard_address=":0"))
            client = stack.enter_context(Client(cluster))
            where = "a LocalCluster"
        n = len(client.scheduler_info().get("workers", {})) or workers
        log.info("dask: %d worker(s) on %s", n, where)
        yield Workers(client.get_executor(pure=False), n, shared_disk=not scheduler,
                      description=f"dask, {n} workers on {where}")
