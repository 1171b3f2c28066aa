"""Alembic environment: run the revisions on the connection handed over by `schema.db`, or on a URL.

`schema.db.upgrade()` passes an open connection (already inside a locked
transaction) in `config.attributes["connection"]`; the developer command line
(`alembic -c schema/migrations/alembic.ini -x db=URL ...`) passes a URL instead.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy.engine import Connection

from schema.models import Base

config = context.config
target_metadata = Base.metadata
VIEWS = {"latest_facts", "upcoming_deadlines"}


def _include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Keep autogenerate from proposing to drop the views, which it reflects as tables."""
    return not (type_ == "table" and name in VIEWS)


def _url() -> str:
    return (context.get_x_argument(as_dictionary=True).get("db") or os.environ.get("HOJO_DB")
            or config.get_main_option("sqlalchemy.url") or "sqlite:///build/hojo.db")


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True,
        compare_type=True, include_object=_include_object,
    )


def run_offline() -> None:
    """Print the SQL of the migration instead of running it (`alembic upgrade head --sql`)."""
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations on the given connection, or on a fresh engine for the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from schema.db import make_engine, migration_connection

    engine = make_engine(_url())
    try:
        with migration_connection(engine) as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
