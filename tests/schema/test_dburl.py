"""`schema.dburl.open_engine` for a writer: read-only databases refused, `file:` URIs, nothing changed by the probe.

(URL parsing, schemes and unreachable servers: test_schema_dburl.py.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from schema.dburl import DatabaseError, open_engine


def _sqlite_db(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return path


def test_a_missing_sqlite_file_and_its_folders_are_created_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "new" / "sub" / "hojo.db"
    engine = open_engine(f"sqlite:///{path}", must_exist=False, writable=True)
    with engine.connect() as c:
        assert c.execute(text("SELECT 1")).scalar() == 1
    assert path.is_file()
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(DatabaseError, match=rf"^{blocker / 'db' / 'x.db'}: cannot create its folder"):
        open_engine(f"sqlite:///{blocker / 'db' / 'x.db'}", must_exist=False, writable=True)


def test_read_only_sqlite_is_refused_for_a_writer_and_fine_for_a_reader(tmp_path: Path) -> None:
    db = _sqlite_db(tmp_path / "ro.db")
    before = db.read_bytes()
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    with pytest.raises(DatabaseError, match=rf"^{db}: the database is read-only$"):
        open_engine(url, must_exist=True, writable=True)
    # a reader of a WAL database opened read-only still connects
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    engine = open_engine(url, must_exist=True, writable=False)
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM t")).scalar() == 0
    engine.dispose()
    assert db.stat().st_size == len(before)


def test_a_writable_sqlite_database_is_left_as_it_was(tmp_path: Path) -> None:
    db = _sqlite_db(tmp_path / "rw.db")
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 7")
    con.close()
    open_engine(f"sqlite:///{db}", must_exist=True, writable=True).dispose()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 7
    con.close()


@pytest.mark.postgres
def test_postgresql_read_only_and_good(pg_server) -> None:
    good = pg_server.create_database("dburl_probe")
    open_engine(good, must_exist=True, writable=True).dispose()
    read_only = good + "&options=-c%20default_transaction_read_only%3Don"
    with pytest.raises(DatabaseError, match=r"the database is read-only"):
        open_engine(read_only, must_exist=True, writable=True)
    open_engine(read_only, must_exist=True, writable=False).dispose()
