"""Worker processes that end with the build that started them.

A `hojo build` killed with SIGKILL cannot tear its pool down, and the pool's workers
(children of the multiprocessing fork server, not of the build) would go on parsing
for minutes. `watch_parent` is the pool initializer: a daemon thread in each worker
waits on a pidfd of the build process (Linux ≥ 5.3; elsewhere it polls the pid once a
second) and ends the worker at once when the build is gone.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

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


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Return a process pool (fork server) whose workers end with this process, even on SIGKILL."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("forkserver"),
                               initializer=watch_parent, initargs=(os.getpid(),))
