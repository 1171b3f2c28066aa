"""Open a database URL given by a user, or say in one line why it cannot be opened.

`open_engine(url, must_exist=True)` is for commands that read a database: a
missing SQLite file is refused before anything touches the disk (no empty file
is left behind). With `must_exist=False` (a build) the file and its folder are
created. Either way the URL is parsed, its scheme checked, and a connection
tried, so a bad URL, a file that is not SQLite, an unreachable or missing
PostgreSQL database all raise `DatabaseError` with a one-line message.
`writable=True` (a build) refuses a SQLite file (or folder) the process may not write, and tries a
write that is rolled back, so a read-only database is one line `<path>: the database is
read-only` before any work is done. A reader (`writable=False`) opens a SQLite file it may not
write read-only (`mode=ro`), or, in a folder it may not write, immutable (`immutable=1`: no
lock or WAL files to create), so a chmod-444 database or a read-only mount can still be read;
`read_only(engine)` says which it is. Whether the process may write is asked of the kernel
(`os.open` for writing, `os.access` of the folder), the way SQLite decides, root included.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from normalize.shown import shown
from schema.db import current_revision, init_db, make_engine
from schema.migrations import HEAD

__all__ = ["DatabaseError", "open_engine", "open_reader", "read_only", "sqlite_path"]

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
        from urllib.parse import unquote

        db = unquote(db[len("file:") :].split("?", 1)[0])
    return Path(db)


def _may_write(path: Path) -> str | None:
    """Return why this process may not write the SQLite file `path` and the files SQLite makes beside it
    (None: it may): the kernel is asked, so root's powers and read-only mounts count."""
    try:
        os.close(os.open(path, os.O_RDWR))
    except OSError as e:
        if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "the database is read-only"
        raise
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the database is read-only (its folder {shown_path(folder)} cannot be written)"
    return None


def _read_only_url(u: URL, path: Path) -> URL:
    """Given a SQLite URL and its file, return a URL opening it read-only: immutable (`immutable=1`: no lock,
    no WAL or shared-memory file made beside it) unless a write-ahead log holds transactions not yet in the
    file, which `mode=ro` reads (where its folder lets SQLite open the shared-memory file).

    A reader opening a read-only file with `mode=ro` alone leaves -wal and -shm files as read-only as the
    database, and a writer, once the file may be written again, cannot use them."""
    query = {"mode": "ro", "uri": "true"}
    wal = path.with_name(path.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    if not pending or not os.access(path.parent, os.W_OK | os.X_OK):
        query["immutable"] = "1"
    return URL.create("sqlite", database=f"file:{quote(str(path.absolute()))}", query=query)


def read_only(engine: Engine) -> bool:
    """Return whether `engine` was opened read-only (a SQLite file this process may not write)."""
    q = engine.url.query
    return engine.url.get_backend_name() == "sqlite" and (q.get("mode") == "ro" or q.get("immutable") == "1")


def _check_sqlite_file(u: URL, must_exist: bool) -> None:
    """Raise DatabaseError when the SQLite file of `u` is missing (and must exist), a folder, or not SQLite."""
    path = sqlite_path(u)
    if path is None:
        return
    if path.is_dir():
        raise DatabaseError(f"{shown_path(path)}: is a folder, not a database file")
    if not path.exists():
        if must_exist:
            raise DatabaseError(f"{shown_path(path)}: no such database file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatabaseError(f"{shown_path(path)}: cannot create its folder {shown_path(path.parent)}: "
                                f"{e.strerror or e}") from e
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as e:
        raise DatabaseError(f"{shown_path(path)}: cannot read the database file: {e.strerror or e}") from e
    if head and head != _SQLITE_MAGIC:  # an empty file is a valid empty database
        raise DatabaseError(f"{shown_path(path)}: not a SQLite database (the file starts with {head[:12]!r})")


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
        except sqlite3.Error as e:  # the driver's own error: not wrapped by SQLAlchemy here
            if any(words in str(e) for words in _READ_ONLY):
                raise DatabaseError("the database is read-only") from e
            raise
        finally:
            raw.isolation_level = old
    elif conn.execute(text("SHOW transaction_read_only")).scalar() == "on":
        raise DatabaseError("the database is read-only (a standby server, or default_transaction_read_only)")


def read_only_url(u: URL) -> bool:
    """Return whether a SQLite URL opens its file read-only already."""
    return u.query.get("mode") == "ro" or u.query.get("immutable") == "1"


def shown_path(path: object) -> str:
    """Return a path (or URL) for a message, its control characters escaped."""
    return shown(path)


def open_engine(url: str, *, must_exist: bool, writable: bool = False) -> Engine:
    """Given a database URL, return an engine that has connected once; raise DatabaseError otherwise.

    `must_exist=True` refuses a SQLite file that does not exist (without creating it);
    a PostgreSQL database must always exist already (hojo does not create databases on a server).
    `writable=True` refuses a database that cannot be written (the file's and its folder's permissions,
    then a rolled-back write); otherwise a SQLite file this process may not write is opened read-only.
    """
    try:
        u = make_url(url)
    except ArgumentError as e:
        raise DatabaseError(f"--db {shown_path(repr(url))} is not a database URL (expected e.g. {EXAMPLES})") from e
    display = shown_path(u.render_as_string(hide_password=True))
    backend = "postgresql" if u.get_backend_name() == "postgres" else u.get_backend_name()
    if backend not in BACKENDS:
        raise DatabaseError(f"{display}: unsupported database {backend!r}: hojo stores into SQLite or PostgreSQL "
                            f"(e.g. {EXAMPLES})")
    target: str | URL = url
    if backend == "sqlite":
        if u.host:  # sqlite://build/hojo.db: "build" became a host and the file is looked up as hojo.db
            raise DatabaseError(f"{display}: a SQLite URL takes three slashes before a relative path "
                                f"(sqlite:///{u.host}/{u.database or ''}) and four before an absolute one")
        _check_sqlite_file(u, must_exist)
        path = sqlite_path(u)
        if writable and read_only_url(u):  # a URL that opens the file read-only (mode=ro, immutable=1)
            raise DatabaseError(f"{shown_path(path or display)}: the database is read-only")
        if path is not None and path.exists() and (why := _may_write(path)) is not None:
            if writable:
                raise DatabaseError(f"{shown_path(path)}: {why}")
            if not read_only_url(u):
                target = _read_only_url(u, path)
    elif "connect_timeout" not in u.query:
        target = u.update_query_dict({"connect_timeout": _PG_CONNECT_TIMEOUT})
    try:
        engine = make_engine(target)
    except (NoSuchModuleError, ImportError) as e:
        raise DatabaseError(f"{display}: no driver for {u.drivername!r} ({_one_line(e)})") from e
    where = shown_path(sqlite_path(u) or display) if backend == "sqlite" else display
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
        raise DatabaseError(f"{display}: cannot open the database: {cause}") from e
    return engine


def open_reader(url: str) -> Engine:
    """Return an engine on an existing hojo database at the newest schema; raise DatabaseError otherwise.

    A missing SQLite file is not created; a database without hojo's tables is refused; one
    built by an older hojo is upgraded in place (keeping every row), as `hojo db upgrade` does. A
    SQLite file this process may not write is read read-only (and never upgraded: an older one is refused).
    """
    engine = open_engine(url, must_exist=True)
    revision = current_revision(engine)
    where = shown_path(sqlite_path(engine.url) or engine.url.render_as_string(hide_password=True))
    if revision is None:
        engine.dispose()
        raise DatabaseError(f"{where}: holds no hojo tables (build it with `hojo build`)")
    if read_only(engine) and revision != HEAD:
        engine.dispose()
        raise DatabaseError(f"{where}: the database is read-only and at revision {revision}; reading it needs "
                            f"`hojo db upgrade` to {HEAD}, where it can be written")
    init_db(engine)
    return engine
