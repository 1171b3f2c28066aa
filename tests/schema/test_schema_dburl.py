"""schema.dburl.open_engine: a usable engine, or a one-line DatabaseError naming the database and why not.

The assertions hold for the wording of either helper's module (issues 13 and 14), so the two merge.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import text

from schema.dburl import DatabaseError, open_engine


@pytest.mark.parametrize(("url", "message"), [
    ("notaurl", "'notaurl' is not a database URL"),
    ("foo://bar/x", "foo://bar/x.*unsupported database 'foo'|unsupported database 'foo'.*foo://bar/x"),
    ("mysql://u@h/x", "unsupported database 'mysql'"),
    ("postgresql+nosuchdriver://u@h/x", r"no driver for 'postgresql\+nosuchdriver'"),
])
def test_urls_hojo_cannot_use(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message) as e:
        open_engine(url, must_exist=False)
    assert "\n" not in str(e.value)


def test_a_missing_sqlite_file_is_refused_without_being_created(tmp_path: Path) -> None:
    missing = tmp_path / "sub" / "missing.db"
    with pytest.raises(DatabaseError, match=re.escape(str(missing))):
        open_engine(f"sqlite:///{missing}", must_exist=True)
    assert not missing.parent.exists()


def test_a_missing_sqlite_file_is_created_when_it_need_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.db"
    engine = open_engine(f"sqlite:///{path}", must_exist=False)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize("must_exist", [True, False])
def test_files_that_are_not_sqlite(tmp_path: Path, must_exist: bool) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes("補助金のメモ\n".encode())
    with pytest.raises(DatabaseError, match=re.escape(str(junk)) + ".*not a SQLite database"):
        open_engine(f"sqlite:///{junk}", must_exist=must_exist)
    assert junk.read_bytes() == "補助金のメモ\n".encode()
    with pytest.raises(DatabaseError, match="is a folder"):
        open_engine(f"sqlite:///{tmp_path}", must_exist=must_exist)


@pytest.mark.skipif(importlib.util.find_spec("psycopg") is None, reason="psycopg is not installed")
def test_an_unreachable_server_is_one_line_and_hides_the_password() -> None:
    with pytest.raises(DatabaseError) as e:
        open_engine("postgresql+psycopg://u:s3cret@127.0.0.1:1/x", must_exist=False)
    msg = str(e.value)
    assert "postgresql+psycopg://u:***@127.0.0.1:1/x" in msg and "refused" in msg.lower()
    assert "\n" not in msg and "s3cret" not in msg


@pytest.mark.postgres
def test_a_real_postgresql_database_opens_and_a_missing_one_is_refused(pg_server) -> None:
    url = pg_server.create_database(f"dburl_{os.getpid()}")
    engine = open_engine(url, must_exist=True)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
    engine.dispose()
    missing = pg_server.url("no_such_database")
    with pytest.raises(DatabaseError, match='database "no_such_database" does not exist'):
        open_engine(missing, must_exist=False)
