"""Open a database URL given by a user, or say in one line why it cannot be opened.

`open_engine(url, must_exist=True)` is for commands that read a database: a
missing SQLite file is refused before anything touches the disk (no empty file
is left behind). With `must_exist=False` (a build) the file and its folder are
created. Either way the URL is parsed, its scheme checked, and a connection
tried, so a bad URL, a file that is not SQLite, an unreachable or missing
PostgreSQL database all raise `DatabaseError` with a one-line message.
`writable=True` (a build) also tries a write that is rolled back, so a read-only
SQLite file or a read-only PostgreSQL server is refused before any work is done.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from schema.db import make_engine

__all__ = ["DatabaseError", "open_engine", "sqlite_path"]

BACKENDS = ("sqlite", "postgresql")
"""The databases hojo's schema and migrations are written and tested for."""
EXAMPLES = "sqlite:///build/hojo.db or postgresql+psycopg://user@host/dbname"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PG_CONNECT_TIMEOUT = "10"  # seconds; an unreachable host fails in time instead of hanging
_READ_ONLY = ("attempt to write a readonly database", "read-only transaction", "readonly database")


class DatabaseError(Exception):
    """A database URL that cannot be used; the message is one line meant for the user."""


def _one_line(exc: BaseException) -> str:
    """Given a driver or SQLAlchemy error, return its message on one line (the driver's own if wrapped)."""
    msg = str(getattr(exc, "orig", None) or exc)
    return "; ".join(line.strip() for line in msg.splitlines() if line.strip()) or type(exc).__name__


def sqlite_path(u: URL) -> Path | None:
    """Given a SQLite URL, return its file (None for an in-memory database); `file:` URIs included."""
    db = u.database
    if not db or db == ":memory:" or (db.startswith("file:") and "mode=memory" in db):
        return None
    if db.startswith("file:"):
        db = db[len("file:") :].split("?", 1)[0]
    return Path(db)


def _check_sqlite_file(u: URL, must_exist: bool) -> None:
    """Raise DatabaseError when the SQLite file of `u` is missing (and must exist), a folder, or not SQLite."""
    path = sqlite_path(u)
    if path is None:
        return
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    if not path.exists():
        if must_exist:
            raise DatabaseError(f"{path}: no such database file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatabaseError(f"{path}: cannot create its folder {path.parent}: {e.strerror or e}") from e
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as e:
        raise DatabaseError(f"{path}: cannot read the database file: {e.strerror or e}") from e
    if head and head != _SQLITE_MAGIC:  # an empty file is a valid empty database
        raise DatabaseError(f"{path}: not a SQLite database (the file starts with {head[:12]!r})")


def _probe_write(conn: Connection) -> None:
    """Try a write that changes nothing and is rolled back; a read-only database raises here."""
    if conn.dialect.name == "sqlite":
        raw = conn.connection.driver_connection
        assert raw is not None
        old = raw.isolation_level
        raw.isolation_level = None  # our own BEGIN: the rollback below must undo the probe
        try:
            raw.execute("BEGIN IMMEDIATE")
            try:
                version = int(raw.execute("PRAGMA user_version").fetchone()[0])
                raw.execute(f"PRAGMA user_version = {version}")
            finally:
                raw.execute("ROLLBACK")
        finally:
            raw.isolation_level = old
    elif conn.execute(text("SHOW transaction_read_only")).scalar() == "on":
        raise DatabaseError("the database is read-only (a standby server, or default_transaction_read_only)")


def open_engine(url: str, *, must_exist: bool, writable: bool = False) -> Engine:
    """Given a database URL, return an engine that has connected once; raise DatabaseError otherwise.

    `must_exist=True` refuses a SQLite file that does not exist (without creating it);
    a PostgreSQL database must always exist already (hojo does not create databases on a server).
    `writable=True` refuses a database that cannot be written (checked with a rolled-back write).
    """
    try:
        u = make_url(url)
    except ArgumentError as e:
        raise DatabaseError(f"--db {url!r} is not a database URL (expected e.g. {EXAMPLES})") from e
    shown = u.render_as_string(hide_password=True)
    backend = "postgresql" if u.get_backend_name() == "postgres" else u.get_backend_name()
    if backend not in BACKENDS:
        raise DatabaseError(f"{shown}: unsupported database {backend!r}: hojo stores into SQLite or PostgreSQL "
                            f"(e.g. {EXAMPLES})")
    if backend == "sqlite":
        if u.host:  # sqlite://build/hojo.db: "build" became a host and the file is looked up as hojo.db
            raise DatabaseError(f"{shown}: a SQLite URL takes three slashes before a relative path "
                                f"(sqlite:///{u.host}/{u.database or ''}) and four before an absolute one")
        _check_sqlite_file(u, must_exist)
    elif "connect_timeout" not in u.query:
        url = u.update_query_dict({"connect_timeout": _PG_CONNECT_TIMEOUT}).render_as_string(hide_password=False)
    try:
        engine = make_engine(url)
    except (NoSuchModuleError, ImportError) as e:
        raise DatabaseError(f"{shown}: no driver for {u.drivername!r} ({_one_line(e)})") from e
    where = str(sqlite_path(u) or shown) if backend == "sqlite" else shown
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            if writable:
                _probe_write(conn)
    except DatabaseError as e:
        engine.dispose()
        raise DatabaseError(f"{where}: {e}") from None
    except SQLAlchemyError as e:
        engine.dispose()
        cause = _one_line(e)
        if any(words in cause for words in _READ_ONLY):
            raise DatabaseError(f"{where}: the database is read-only") from e
        raise DatabaseError(f"{shown}: cannot open the database: {cause}") from e
    return engine
