"""Engines, sessions and schema upgrades: SQLite by default (WAL, foreign keys on), PostgreSQL via psycopg.

`init_db()` brings any database to the newest Alembic revision: an empty one
is created, one built before migrations existed (tables but no
`alembic_version`) is stamped as revision 0001 and upgraded, and one already
at the head costs a single query. Upgrades run in one transaction under a
lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so concurrent
builds starting on a fresh database do not race each other.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from schema.migrations import BASELINE, HEAD, MIGRATIONS_DIR

log = logging.getLogger(__name__)

"""Default database; the corpus configuration may pass another (env HOJO_DB is read by the CLI)."""

_PG_MIGRATION_LOCK = 0x686F6A6F  # "hojo": the advisory lock id serialising schema upgrades


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL keeps readers going during a build and survives kill -9 without a torn database.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    _sqlite_reader_pragmas(dbapi_conn, _record)
    cur.close()


def _sqlite_reader_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str | URL) -> Engine:
    """Given a SQLAlchemy URL, return an engine; a SQLite file's folder is created if needed.

    `postgresql://` URLs are read as `postgresql+psycopg://` (psycopg 3, the `postgres` extra). A SQLite
    URL opening its file read-only (`mode=ro`, `immutable=1`) sets no journal mode (that would write).
    """
    from schema.dburl import read_only_url, sqlite_path

    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if (path := sqlite_path(u)) is not None and not read_only_url(u):
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u)
        event.listen(engine, "connect", _sqlite_reader_pragmas if read_only_url(u) else _sqlite_pragmas)
        return engine
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return create_engine(u, pool_pre_ping=True)


def alembic_config(connection: Connection | None = None):
    """Return an Alembic `Config` pointing at the packaged migrations, bound to `connection` if given."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    """Return the database's Alembic revision, `"pre-migrations"` for an unversioned hojo database, or None."""
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if "alembic_version" in names:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return "pre-migrations" if "documents" in names else None


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """Yield a connection inside one locked transaction fit for schema changes; commit at the end.

    SQLite: foreign keys are switched off for the duration (Alembic's batch mode
    rebuilds tables that others reference) and checked afterwards; the driver's
    implicit transactions are switched off so that DDL is transactional too.
    """
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            raw = conn.connection.driver_connection
            assert raw is not None
            old_level = raw.isolation_level
            raw.isolation_level = None  # we issue BEGIN ourselves; DDL then joins the transaction
            try:
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    yield conn
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if bad:
                        raise RuntimeError(f"migration broke foreign keys: {bad[:5]}")
                    conn.commit()
                except BaseException:
                    conn.rollback()
                    raise
            finally:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
                raw.isolation_level = old_level
        else:
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                yield conn


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Upgrade the database to `revision` (stamping a pre-migrations database first); return the new revision."""
    from alembic import command

    with migration_connection(engine) as conn:
        cfg = alembic_config(conn)
        names = set(inspect(conn).get_table_names())
        if "alembic_version" not in names and "documents" in names:
            log.info("database predates migrations: stamping it as revision %s", BASELINE)
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, revision)
        after = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if after is not None and after >= "0004":
        from schema.statements_store import ensure_statements

        ensure_statements(engine)  # a database whose facts predate statements gets them now
    return after


def downgrade(engine: Engine, revision: str) -> str | None:
    """Take the database back to `revision` (for trying a migration out); return the new revision."""
    from alembic import command

    with migration_connection(engine) as conn:
        command.downgrade(alembic_config(conn), revision)
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def init_db(engine: Engine) -> None:
    """Bring the database schema up to date (creating it when empty); one query when it already is."""
    try:
        if current_revision(engine) == HEAD:
            return
    except DBAPIError:  # e.g. a half-visible table on a busy server: take the locked path
        log.debug("revision check failed; upgrading under the lock", exc_info=True)
    upgrade(engine)


def sessions(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory bound to `engine`."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def snapshot(engine: Engine) -> Iterator[Session]:
    """Yield a session whose every query reads one snapshot of the database: a read-only REPEATABLE READ
    transaction on PostgreSQL, one read transaction on SQLite (WAL keeps it while writers commit).

    An export reads statements and their sources in two queries; read one after the other in
    autocommit, a refresh committed between them gave statements without sources."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with Session(bind=conn) as session:
                yield session
            return
        raw = conn.connection.driver_connection
        assert raw is not None
        old = raw.isolation_level
        raw.isolation_level = None  # the driver begins nothing itself: this BEGIN holds every SELECT below
        try:
            conn.exec_driver_sql("BEGIN")
            with Session(bind=conn) as session:
                yield session
        finally:
            if raw.in_transaction:
                raw.rollback()
            raw.isolation_level = old


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """Yield a session whose work is committed at the end, or rolled back on any error."""
    with sessions(engine)() as session, session.begin():
        yield session
