"""Builds side by side (issue 20): two `hojo build`s started together on one PostgreSQL database both
succeed and leave what one build leaves; an export run while statements are refreshed reads one
snapshot, so it never shows a statement without its sources (on SQLite too).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from corpus.outputs.export import export
from schema.db import make_engine, transaction
from schema.pgtemp import TempPostgres
from schema.statements_store import refresh_statements

REPO = Path(__file__).resolve().parent.parent.parent
PROGRAMS = ["IT導入補助金2025", "ものづくり補助金", "小規模事業者持続化補助金"]
FRAMES = ["通常枠", "インボイス枠", "セキュリティ対策推進枠", "グローバル枠"]


def _leaflets(folder: Path, n: int = 8) -> Path:
    """Write `n` made-up leaflets that share programs and frames (so their builds refresh the same statements)."""
    folder.mkdir()
    for i in range(n):
        lines = [PROGRAMS[i % len(PROGRAMS)]]
        for k, frame in enumerate(FRAMES):
            lines += [frame, f"補助上限額 {(i + 1) * 50 + k * 10}万円", f"補助率 {1 + (i + k) % 2}/{3 + k % 2}以内"]
        lines.append(f"申請締切 2025年{1 + i % 12}月{10 + i}日 17:00")
        (folder / f"leaflet{i:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _hojo_together(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Start the `hojo` commands at the same moment; return each one's result."""
    env = {**os.environ, "HOJO_DEBUG": "", "COLUMNS": "200", "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-m", "corpus", *cmd], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for cmd in commands]
    out = []
    for p, cmd in zip(procs, commands, strict=True):
        stdout, stderr = p.communicate(timeout=600)
        out.append(subprocess.CompletedProcess(cmd, p.returncode, stdout, stderr))
    return out


def _content(url: str, what: str) -> list[str]:
    """Return an export as sorted lines, without the row ids a build gives (they differ between builds)."""
    engine = make_engine(url)
    try:
        buf = io.StringIO()
        export(engine, what, "jsonl", buf)
    finally:
        engine.dispose()
    rows = []
    for line in buf.getvalue().splitlines():
        row = json.loads(line)
        row.pop("statement_id", None)
        row.pop("id", None)  # a fact's row id
        for s in row.get("sources", []):
            s.pop("fact_id", None)
        rows.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return sorted(rows)


@pytest.mark.postgres
def test_two_builds_started_together_both_succeed_and_equal_one_build(pg_server: TempPostgres,
                                                                       tmp_path: Path) -> None:
    docs = _leaflets(tmp_path / "in")
    one = pg_server.create_database(f"one_{os.getpid()}")
    both = pg_server.create_database(f"both_{os.getpid()}")
    (alone,) = _hojo_together(["build", str(docs), "--db", one, "--workers", "1", "--no-progress"])
    assert alone.returncode == 0, alone.stderr
    for extra in ([], ["--force"]):  # a fresh database, then every document written again by both
        runs = _hojo_together(*[["build", str(docs), "--db", both, "--workers", "1", "--no-progress", *extra]] * 2)
        for r in runs:
            assert r.returncode == 0, r.stderr[-3000:]
            assert "violates" not in r.stderr and "error" not in r.stderr.lower()
        for what in ("documents", "facts", "statements"):
            got, want = _content(both, what), _content(one, what)
            if what == "documents":  # build times aside
                keep = ("document", "sha256", "paths", "status", "pages")
                got, want = ([json.dumps({k: json.loads(x)[k] for k in keep}) for x in rows] for rows in (got, want))
            assert got == want and want, what


def _refresh_loop(url: str, stop: threading.Event, errors: list[BaseException]) -> None:
    engine = make_engine(url)
    try:
        while not stop.is_set():
            with transaction(engine) as s:
                refresh_statements(s)
    except BaseException as e:
        errors.append(e)
    finally:
        engine.dispose()


def test_exports_read_during_refreshes_never_show_a_statement_without_sources(
        fresh_db: Engine, db_url: str, save_doc: Any, make_fact: Any) -> None:
    for i in range(6):
        save_doc(fresh_db, f"doc{i}", [make_fact("cap_max", 1_000_000 * (k + 1), FRAMES[k], document=f"doc{i}",
                                                 quote=f"補助上限額 {100 * (k + 1)}万円") for k in range(4)]
                 + [make_fact("rate", "1/2", FRAMES[i % 4], applicant="中小企業", document=f"doc{i}")])
    with transaction(fresh_db) as s:
        refresh_statements(s)
    stop, errors = threading.Event(), []
    refresher = threading.Thread(target=_refresh_loop, args=(db_url, stop, errors))
    refresher.start()
    exports, deadline = 0, time.monotonic() + 4
    try:
        while time.monotonic() < deadline:
            buf = io.StringIO()
            n = export(fresh_db, "statements", "jsonl", buf)
            rows = [json.loads(line) for line in buf.getvalue().splitlines()]
            assert n == len(rows) > 0
            bare = [r for r in rows if not r["sources"]]
            assert not bare, f"export {exports}: {len(bare)} of {len(rows)} statements without sources"
            exports += 1
    finally:
        stop.set()
        refresher.join(timeout=120)
    assert not errors, errors
    assert exports >= 5
