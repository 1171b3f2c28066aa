"""Worker processes that end with the build that started them, and tell it of the pages they read.

A `hojo build` killed with SIGKILL cannot tear its pool down, and the pool's workers
(children of the multiprocessing fork server, not of the build) would go on parsing
for minutes. `watch_parent`, run by the pool initializer, starts a daemon thread in
each worker that waits on a pidfd of the build process (Linux ≥ 5.3; elsewhere it
polls the pid once a second) and ends the worker at once when the build is gone.

The initializer also hands each worker a queue on which `run_job` reports pages as
they are read; the build `drain`s it into its progress bar.
"""

from __future__ import annotations

import logging
import os
import queue
import select
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from corpus.pipeline import Limits, Processed, Progress, process
from extract.facts.model import DocInfo

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
"""How often a worker checks on its build where no pidfd is available."""
ORPHANED = 75
"""Exit status of a worker that ended because its build died (EX_TEMPFAIL)."""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _wait_for_exit(pid: int) -> None:
    """Block until process `pid` has ended."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except (AttributeError, OSError):  # no pidfd on this platform or kernel: poll
        while not _gone(pid):
            time.sleep(POLL_SECONDS)
        return
    try:
        select.select([fd], [], [])
    finally:
        os.close(fd)


def _end_when_gone(pid: int) -> None:
    _wait_for_exit(pid)
    os._exit(ORPHANED)  # the build is gone: nobody will read what this worker makes


def watch_parent(build_pid: int) -> None:
    """Pool initializer: end this worker process as soon as process `build_pid` ends."""
    threading.Thread(target=_end_when_gone, args=(build_pid,), name="hojo-watch-build", daemon=True).start()


_progress: Queue[tuple[str, int]] | None = None
"""In a worker: where `run_job` reports pages as they pass a stage."""


def _init_worker(build_pid: int, progress: Queue[tuple[str, int]]) -> None:
    global _progress
    _progress = progress
    watch_parent(build_pid)


def _report(stage: str, n: int) -> None:
    if _progress is not None:
        _progress.put((stage, n))


def run_job(path: Path, info: DocInfo, limits: Limits) -> Processed:
    """In a worker: `process` one document, reporting its pages as they pass each stage."""
    return process(path, info, limits, _report)


def drain(progress: Queue[tuple[str, int]], to: Progress) -> None:
    """Hand every (stage, pages) report waiting in the queue to `to`, without blocking."""
    while True:
        try:
            stage, n = progress.get_nowait()
        except queue.Empty:
            return
        to(stage, n)


@contextmanager
def worker_pool(workers: int) -> Iterator[tuple[ProcessPoolExecutor, Queue[Any]]]:
    """Yield a process pool (fork server) whose workers end with this process, even on SIGKILL,
    and the queue they report progress on."""
    ctx = get_context("forkserver")
    pages_read: Queue[tuple[str, int]] = ctx.Queue()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(os.getpid(), pages_read)) as pool:
            yield pool, pages_read
    finally:
        pages_read.close()
        pages_read.cancel_join_thread()
