"""Two processes building into one database at once: no duplicated or lost rows, no deadlock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, text

from schema.db import current_revision, make_engine
from schema.migrations import HEAD

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
N = 12


def run_writers(url: str, n_writers: int = 2) -> None:
    """Start the writers on an empty database at the same instant and wait for all of them."""
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    start_at = time.time() + 1.5  # lets both interpreters finish importing first
    procs = [subprocess.Popen([sys.executable, str(HERE / "concurrent_writer.py"), url, f"w{k}", str(N),
                               str(start_at), str(k)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for k in range(n_writers)]
    for p in procs:
        _out, err = p.communicate(timeout=240)
        assert p.returncode == 0, f"writer failed:\n{err[-3000:]}"


def scalar(engine: Engine, sql: str) -> int:
    with engine.connect() as c:
        return c.execute(text(sql)).scalar_one()


def test_two_processes_share_rows_without_duplicates(db_url: str) -> None:
    run_writers(db_url)
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == HEAD
        programs, years, frames_per_edition = 3, 3, 4 + N  # F0..F3 plus G0..G{N-1}
        assert scalar(engine, "SELECT COUNT(*) FROM programs") == programs
        assert scalar(engine, "SELECT COUNT(*) FROM editions") == programs * years
        assert scalar(engine, "SELECT COUNT(*) FROM frames") == programs * years * frames_per_edition
        assert scalar(engine, "SELECT COUNT(*) FROM documents") == 2 * N + 1
        facts_per_doc = programs * years * 5
        assert scalar(engine, "SELECT COUNT(*) FROM facts") == (2 * N + 1) * facts_per_doc
        assert scalar(engine, "SELECT COUNT(*) FROM (SELECT program_id, alias FROM program_aliases"
                              " GROUP BY program_id, alias HAVING COUNT(*) > 1) d") == 0
        assert scalar(engine, "SELECT COUNT(*) FROM facts f LEFT JOIN frames fr ON fr.id = f.frame_id"
                              " WHERE fr.id IS NULL") == 0
        # the shared document holds exactly one build's facts, written by whichever writer came last
        assert scalar(engine, "SELECT COUNT(*) FROM facts f JOIN documents d ON d.id = f.document_id"
                              " WHERE d.key = 'shared'") == facts_per_doc
        assert scalar(engine, "SELECT COUNT(DISTINCT f.value) FROM facts f JOIN documents d"
                              " ON d.id = f.document_id WHERE d.key = 'shared'") == 1
        if engine.dialect.name == "sqlite":
            with engine.connect() as c:
                assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    finally:
        engine.dispose()
