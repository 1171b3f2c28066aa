"""A killed build leaves no worker behind (the pool's workers watch the build process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus.workers import ORPHANED

SLIDE = "IT導入補助金2025\n通常枠\n補助上限額 450万円\n補助率 1/2以内"


def _session(sid: int) -> dict[int, str]:
    """Return the live processes of session `sid` (pid → command name), zombies left out."""
    out = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        state, session = rest[0], int(rest[3])
        if session == sid and state not in ("Z", "X"):
            out[int(d.name)] = name
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
def test_sigkill_of_a_two_worker_build_leaves_no_worker_alive(docs, tmp_path: Path) -> None:
    for i in range(6):
        docs.pdf(f"deck{i}.pdf", [SLIDE + f"\n第{i}版"] * 6)
    cmd = [sys.executable, "-m", "corpus", "build", str(docs.root), "--db", f"sqlite:///{tmp_path / 'k.db'}",
           "--workers", "2", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        # the build, the fork server and two workers (the resource tracker may come and go)
        while len(_session(proc.pid)) < 4 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the build ended before its workers could be seen"
        started = _session(proc.pid)
        assert len(started) >= 4, started
        os.kill(proc.pid, signal.SIGKILL)  # the build only: its workers must notice by themselves
        proc.wait()
        deadline = time.monotonic() + 5
        while _session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _session(proc.pid) == {}, f"still alive 5 s after the build was killed: {_session(proc.pid)}"
    finally:
        for pid in _session(proc.pid):
            os.kill(pid, signal.SIGKILL)


def test_a_watching_process_ends_with_the_watched_one(tmp_path: Path) -> None:
    """A (sleeping 60 s) watches B; B is killed; A is gone within 2 s with the orphan exit status."""
    watched = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    watcher = subprocess.Popen([sys.executable, "-c", "import sys, time; from corpus.workers import watch_parent; "
                                f"watch_parent({watched.pid}); print('ready', flush=True); time.sleep(60)"],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert watcher.stdout is not None and watcher.stdout.readline().strip() == "ready"
        watched.kill()
        watched.wait()
        assert watcher.wait(timeout=2) == ORPHANED
    finally:
        for p in (watched, watcher):
            if p.poll() is None:
                p.kill()


def _imported_after(code: str) -> set[str]:
    """Return the modules a fresh interpreter holds after running `code`."""
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_a_pool_worker_starts_without_the_command_line() -> None:
    from corpus.executors import PRELOAD

    # what the fork server preloads leaves out the command line; a task's arguments and results need no SQLAlchemy
    assert "corpus.cli" not in _imported_after(f"import {', '.join(PRELOAD)}")
    assert "sqlalchemy" not in _imported_after("import corpus.pipeline, schema.rows")
    # each worker re-runs the script that started the build (multiprocessing's main-module fix-up)
    script = Path(sys.executable).with_name("hojo")
    if not script.is_file():
        pytest.skip("no installed hojo script beside this interpreter")
    fixup = _imported_after(f"import runpy; runpy.run_path({str(script)!r}, run_name='__mp_main__')")
    assert "corpus.cli" not in fixup and "typer" not in fixup


@pytest.mark.parametrize("report", [True, False])
def test_pool_workers_report_pages_only_when_asked(report: bool) -> None:
    from corpus.executors import open_workers

    ask = "__import__('corpus.pipeline').pipeline._PROGRESS is not None"
    with open_workers("process", 2, report_pages=report) as pool:
        assert pool.executor.submit(eval, ask).result(timeout=120) is report
        assert (pool.drain is not None) is report
