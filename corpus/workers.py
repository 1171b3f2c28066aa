"""Worker processes that end with the build that started them, and tell it of the pages they read.

A `hojo build` killed with SIGKILL cannot tear its pool down, and the pool's workers
(children of the multiprocessing fork server, not of the build) would go on parsing
for minutes. `watch_parent`, run by the pool initializer, starts a daemon thread in
each worker that waits on a pidfd of the build process (Linux ≥ 5.3; elsewhere it
polls the pid once a second) and ends the worker at once when the build is gone.

The initializer also hands each worker a queue on which its tasks report pages as they
are read (`corpus.pipeline.set_progress`); the build `drain`s it into its progress bar.
The pool itself is made by `corpus.executors.open_workers`.
"""

from __future__ import annotations

import logging
import os
import queue
import select
import threading
import time
from multiprocessing.queues import Queue

from corpus.pipeline import Progress

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


def _init_worker(build_pid: int, progress: Queue[tuple[str, int]] | None) -> None:
    global _progress
    _progress = progress
    watch_parent(build_pid)


def _report(stage: str, n: int) -> None:
    if _progress is not None:
        _progress.put((stage, n))


def drain(progress: Queue[tuple[str, int]], to: Progress) -> None:
    """Hand every (stage, pages) report waiting in the queue to `to`, without blocking."""
    while True:
        try:
            stage, n = progress.get_nowait()
        except queue.Empty:
            return
        to(stage, n)
