"""Read-only databases (issue 20): reading commands read a chmod-444 file or a file in a read-only folder
without writing anything; `hojo build` into one is one line naming the file, exit status 2.

Under root, permissions bind nobody: the commands run without the capabilities that ignore them
(`unprivileged`), as a user would; the file's bytes are compared before and after.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from corpus.build import build, path_jobs
from schema.db import downgrade, init_db, make_engine
from schema.dburl import open_engine, read_only
from schema.migrations import HEAD, MIGRATIONS_DIR
from schema.statements_store import ensure_statements
from tests.corpus.conftest import unprivileged

BEFORE_PATHS = str(ScriptDirectory(str(MIGRATIONS_DIR)).get_revision("0013").down_revision)
"""The revision before document_paths (0013): a database of a hojo before document identity."""

LEAFLET = "IT導入補助金2025\n通常枠\n補助上限額 450万円\n中小企業は補助率を1/2とする。\n"


def _hojo(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = unprivileged([sys.executable, "-m", "corpus", *args])
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "200", "HOJO_DEBUG": ""})


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def built(docs, tmp_path: Path) -> Iterator[Path]:
    """A database holding one built leaflet, in a folder of its own; made writable again afterwards."""
    docs.text("leaflet.txt", LEAFLET)
    folder = tmp_path / "dbdir"
    db = folder / "hojo.db"
    engine = make_engine(f"sqlite:///{db}")
    init_db(engine)
    build(engine, path_jobs([docs.root]), progress=False)
    engine.dispose()
    yield db
    folder.chmod(0o755)
    db.chmod(0o644)


def _read_everything(url: str) -> None:
    for args in (["export", "--what", "facts"], ["export", "--what", "statements"], ["export", "--what", "programs"],
                 ["diff", "--list"], ["explain", "1"], ["db", "current"]):
        res = _hojo(*args, "--db", url)
        assert res.returncode == 0, (args, res.stderr)
        assert res.stdout.strip() and "error" not in res.stderr, (args, res.stderr)
    facts = _hojo("export", "--what", "facts", "--db", url)
    assert '"value": 4500000' in facts.stdout


def test_a_chmod_444_database_is_read_and_a_build_into_it_is_one_line(built: Path, docs) -> None:
    url = f"sqlite:///{built}"
    built.chmod(0o444)
    before = _digest(built.parent)
    _read_everything(url)
    assert _digest(built.parent) == before  # nothing written, no -wal or -shm left beside it
    res = _hojo("build", str(docs.root), "--db", url, "--no-progress")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [f"error: {built}: the database is read-only"]
    assert _digest(built.parent) == before


def test_a_database_in_a_read_only_folder_is_read_and_not_written(built: Path, docs) -> None:
    url = f"sqlite:///{built}"
    built.parent.chmod(0o555)
    before = _digest(built.parent)
    _read_everything(url)
    assert _digest(built.parent) == before
    res = _hojo("build", str(docs.root), "--db", url, "--no-progress")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        f"error: {built}: the database is read-only (its folder {built.parent} cannot be written)"]


def test_stale_statements_of_a_read_only_database_are_read_as_stored(built: Path) -> None:
    con = sqlite3.connect(built)
    con.execute("DELETE FROM derived_versions")  # as if derived by another hojo: stale
    con.commit()
    con.close()
    built.chmod(0o444)
    before = _digest(built.parent)
    res = _hojo("export", "--what", "statements", "--db", f"sqlite:///{built}")
    assert res.returncode == 0, res.stderr
    assert '"kind": "cap_max"' in res.stdout and "read-only" in res.stderr and "lag the facts" in res.stderr
    assert _digest(built.parent) == before


def test_a_read_only_database_of_an_older_revision_is_refused_in_one_line(built: Path) -> None:
    engine = make_engine(f"sqlite:///{built}")
    downgrade(engine, BEFORE_PATHS)
    engine.dispose()
    built.chmod(0o444)
    res = _hojo("export", "--what", "facts", "--db", f"sqlite:///{built}")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        f"error: {built}: the database is read-only and at revision {BEFORE_PATHS}; reading it needs "
        f"`hojo db upgrade` to {HEAD}, where it can be written"]


def test_an_engine_opened_read_only_derives_nothing(built: Path, caplog) -> None:
    """In process (no privileges to drop): a `mode=ro` URL is read-only to SQLite itself, root or not."""
    con = sqlite3.connect(built)
    con.execute("DELETE FROM derived_versions")
    con.commit()
    con.close()
    engine = open_engine(f"sqlite:///file:{built}?mode=ro&uri=true", must_exist=True)
    assert read_only(engine)
    ensure_statements(engine)  # would raise "attempt to write a readonly database" if it wrote
    assert "read-only" in caplog.text
    writable = open_engine(f"sqlite:///{built}", must_exist=True)
    assert not read_only(writable)
