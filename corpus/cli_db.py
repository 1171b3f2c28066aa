"""Command line of the database: `hojo db upgrade|current|serve` and `hojo diff`.

`corpus.cli` registers these (`app.add_typer(db_app, name="db")`,
`app.command("diff")(diff_command)`); each command only parses its options and
calls one library function (`schema.db`, `schema.dburl`, `schema.browse`, `schema.diffload`, the report).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Annotated, Literal, cast

import typer
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from corpus.config import default_db_url
from schema.browse import datasette_argv
from schema.db import alembic_config, current_revision, upgrade
from schema.dburl import open_engine, open_reader, shown_path
from schema.migrations import HEAD

DbUrl = Annotated[str | None, typer.Option(
    "--db", envvar="HOJO_DB", metavar="URL", show_default="sqlite:///build/hojo.db",
    help="Database URL, SQLite or PostgreSQL (postgresql://user@host/db).")]

DiffFormat = Literal["md", "html", "json"]

db_app = typer.Typer(help="Database schema: migrations, revision, Datasette browser.\n\n"
                     "Example:\n\n\b\n  hojo db current", no_args_is_help=True)


def resolve_db(url: str | None) -> str:
    """Return the URL given, else the default ($HOJO_DB, or the build folder's SQLite file)."""
    return url or default_db_url()


def reader_engine(url: str | None) -> Engine:
    """Return an engine on the existing hojo database given (else the default) at the newest schema
    (`schema.dburl.open_reader`); raise DatabaseError otherwise."""
    return open_reader(resolve_db(url))


@db_app.command("upgrade")
def upgrade_command(
    db: DbUrl = None,
    revision: Annotated[str, typer.Option(help="Target revision; head is the newest.")] = "head",
) -> None:
    """Create the database, or upgrade it in place keeping every row.

    Example:

    \b
      hojo db upgrade --db postgresql+psycopg://hojo@localhost/hojo
    """
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:  # an unknown revision is refused before the database is opened (or created)
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError as e:
        raise typer.BadParameter(str(e), param_hint="--revision") from None
    engine = open_engine(resolve_db(db), must_exist=False, writable=True)
    before = current_revision(engine)
    after = upgrade(engine, revision)
    typer.echo(f"{engine.url.render_as_string(hide_password=True)}: {before or 'empty'} → {after}")


@db_app.command("current")
def current_command(db: DbUrl = None) -> None:
    """Print the database's schema revision and the newest one.

    Example:

    \b
      hojo db current --db sqlite:///build/hojo.db
    """
    rev = current_revision(open_engine(resolve_db(db), must_exist=True))
    state = "up to date" if rev == HEAD else "run `hojo db upgrade`"
    typer.echo(f"revision {rev or 'none (empty database)'}; newest {HEAD} ({state})")


def _check_free(host: str, port: int) -> None:
    """Raise a usage error naming `host:port` when the server could not listen there (in use, no such host)."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as e:
        raise typer.BadParameter(f"cannot listen on {host}:{port}: {e.strerror or e}", param_hint="--port") from None


@db_app.command("serve")
def serve_command(
    db: DbUrl = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8001,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
) -> None:
    """Browse the database and its JSON API in Datasette.

    SQLite files only; `make serve` installs Datasette the first time.

    Example:

    \b
      hojo db serve --db sqlite:///build/hojo.db --port 8002
    """
    url = resolve_db(db)
    try:
        sqlite = make_url(url).get_backend_name() == "sqlite"
    except ArgumentError:
        sqlite = True  # open_engine says what is wrong with the URL
    if sqlite:
        open_engine(url, must_exist=True).dispose()
    try:
        argv = datasette_argv(url, port, host)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--db") from None
    _check_free(host, port)
    if importlib.util.find_spec("datasette") is None:
        typer.echo("error: Datasette is not installed; run `.venv/bin/pip install -e '.[serve]'`", err=True)
        raise typer.Exit(2)
    served = argv[5] if argv[4] == "-i" else argv[4]
    typer.echo(f"serving {shown_path(served)} at http://{host}:{port}/ (Ctrl-C stops)")
    sys.stdout.flush()
    os.execv(argv[0], argv)  # Datasette takes this process's place, so a signal to it reaches the server


def diff_command(
    program: Annotated[str | None, typer.Option(
        "--program",
        help="Program name, alias or edition label (IT導入補助金, ＩＴ導入補助金, IT導入補助金2025).")] = None,
    from_: Annotated[str | None, typer.Option(
        "--from", show_default="the second newest edition",
        help="Older edition: a budget year (2023, 2024補正, 令和5年度), a round (20次, 第20次公募, 第17回), "
             "an edition label (IT導入補助金2025), a version (R7.7.1, 第4版) or a document key.")] = None,
    to: Annotated[str | None, typer.Option("--to", show_default="the newest edition",
                                           help="Newer edition, in the same forms as --from.")] = None,
    fmt: Annotated[DiffFormat | None, typer.Option(
        "--format", show_default="from the --out suffix, else md", help="Output format.")] = None,
    out: Annotated[Path | None, typer.Option("--out", metavar="FILE", show_default="stdout",
                                             help="Output file.")] = None,
    list_: Annotated[bool, typer.Option(
        "--list", help="List each program's editions in order, with their documents and how each was dated.")]
    = False,
    db: DbUrl = None,
    mirror: Annotated[Path | None, typer.Option(
        "--mirror", envvar="HOJO_MIRROR", metavar="DIR", show_default="no file links",
        help="Folder of source files, for file:// page links.")] = None,
) -> None:
    """Compare two editions of a program (budget years, rounds, versions, or two documents), with sources.

    Frames and values added, removed and changed, each side with its document, page and quote.

    Example:

    \b
      hojo diff --program IT導入補助金 --from 2024 --to 2025 --format html --out it.html
    """
    from corpus.outputs.report import listing_text, render
    from schema.diffload import DiffError, diff_program, editions_listing, resolve_program
    from schema.statements_store import ensure_statements

    if fmt is None:
        suffix = out.suffix.lstrip(".").replace("markdown", "md") if out else ""
        if suffix not in ("", "md", "html", "json"):
            raise typer.BadParameter(f"cannot tell the format from {out}; give md, html or json",
                                     param_hint="--format")
        fmt = cast(DiffFormat, suffix or "md")
    if not list_ and not (program or from_ or to):
        raise typer.BadParameter("name a program (see --list)", param_hint="--program")
    engine = reader_engine(db)
    try:
        if list_:
            ensure_statements(engine)
            with engine.connect() as conn:
                text = listing_text(editions_listing(conn), json_out=fmt == "json")
        else:
            if program is None:  # an edition label names its program
                ensure_statements(engine)
                with engine.connect() as conn:
                    program = resolve_program(conn, str(to or from_))
            report = diff_program(engine, program, from_, to, (mirror,) if mirror else ())
            # page links relative to where the report goes (the working folder for stdout)
            text = render([report], fmt, base=(out.parent if out else Path.cwd()))
    except DiffError as e:
        typer.echo(f"error: {shown_path(e)}", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {shown_path(out)}", err=True)
    else:
        typer.echo(text, nl=False)
