"""`schema.dburl.open_engine`: every bad --db is one line naming the database; good ones open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from schema.dburl import DatabaseError, explain, open_engine, safe_url


def _sqlite_db(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("notaurl", r"^--db 'notaurl' is not a database URL \(expected e\.g\. sqlite:///"),
        ("mongodb://localhost/hojo", r"^mongodb://localhost/hojo: unsupported database 'mongodb'"),
        ("mysql://u:secret@localhost/hojo", r"^mysql://u:\*\*\*@localhost/hojo: unsupported database 'mysql'"),
        ("postgresql+nosuchdriver://u@localhost/hojo", r"no driver for 'postgresql\+nosuchdriver'"),
    ],
)
def test_urls_hojo_cannot_use(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message) as e:
        open_engine(url, must_exist=False, writable=True)
    assert "\n" not in str(e.value) and "secret" not in str(e.value)


def test_sqlite_files_that_are_not_databases(tmp_path: Path) -> None:
    notdb = tmp_path / "notes.db"
    notdb.write_text("これはデータベースではない", encoding="utf-8")
    with pytest.raises(DatabaseError, match=rf"^{notdb}: not a SQLite database \(the file starts with"):
        open_engine(f"sqlite:///{notdb}", must_exist=True)
    with pytest.raises(DatabaseError, match=rf"^{tmp_path}: is a folder, not a database file$"):
        open_engine(f"sqlite:///{tmp_path}", must_exist=False)
    missing = tmp_path / "nope.db"
    with pytest.raises(DatabaseError, match=rf"^{missing}: no such database file$"):
        open_engine(f"sqlite:///{missing}", must_exist=True)
    assert not missing.exists()
    assert notdb.read_text(encoding="utf-8") == "これはデータベースではない"  # untouched


def test_a_missing_sqlite_file_and_its_folders_are_created_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "new" / "sub" / "hojo.db"
    engine = open_engine(f"sqlite:///{path}", must_exist=False, writable=True)
    with engine.connect() as c:
        assert c.execute(text("SELECT 1")).scalar() == 1
    assert path.is_file()


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


def test_unreachable_postgresql_server_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql+psycopg://hojo:secret@/hojo?host={tmp_path / 'no-server'}"
    with pytest.raises(DatabaseError, match=r"cannot reach the database server: .*No such file or directory") as e:
        open_engine(url, must_exist=False, writable=True)
    msg = str(e.value)
    assert "\n" not in msg and "secret" not in msg and msg.startswith("postgresql+psycopg://hojo:***@/hojo")


@pytest.mark.postgres
def test_postgresql_read_only_and_good(pg_server) -> None:
    good = pg_server.create_database("dburl_probe")
    open_engine(good, must_exist=True, writable=True).dispose()
    read_only = good + "&options=-c%20default_transaction_read_only%3Don"
    with pytest.raises(DatabaseError, match=r"the database is read-only"):
        open_engine(read_only, must_exist=True, writable=True)
    open_engine(read_only, must_exist=True, writable=False).dispose()


def test_explain_and_safe_url() -> None:
    from sqlalchemy.exc import OperationalError

    err = OperationalError("INSERT …", {}, sqlite3.OperationalError("database or disk is full"))
    assert explain(err, "sqlite:////data/hojo.db") == "/data/hojo.db: the disk is full"
    assert safe_url("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"
    assert safe_url("not a url") == "not a url"
