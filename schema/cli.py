"""Command line of the database: `hojo db upgrade|current|serve` and `hojo diff`.

`corpus.cli` registers these (`app.add_typer(db_app, name="db")`,
`app.command("diff")(diff_command)`); each command only parses its options and
calls one library function.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from corpus.config import default_db_url
from schema.db import current_revision, init_db, make_engine, upgrade
from schema.migrations import HEAD

DEFAULT_DB = default_db_url()  # $HOJO_DB or the build folder's SQLite file, as corpus/config.py says

DbUrl = Annotated[str, typer.Option("--db", envvar="HOJO_DB", help="SQLAlchemy database URL "
                                    "(sqlite:///build/hojo.db, postgresql+psycopg://user@host/db).")]

db_app = typer.Typer(help="Database schema: migrations, revision, Datasette browser.", no_args_is_help=True)


def _engine(db: str, must_exist: bool = True) -> Engine:
    """Return an engine for `db`; exit with a message when a SQLite file to be read does not exist."""
    u = make_url(db)
    local = u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:")
    if must_exist and local and not Path(str(u.database)).is_file():
        typer.echo(f"error: no database at {u.database} (build it with `make corpus` or `hojo build`)", err=True)
        raise typer.Exit(2)
    return make_engine(db)


@db_app.command("upgrade")
def upgrade_command(
    db: DbUrl = DEFAULT_DB,
    revision: Annotated[str, typer.Option(help="Target revision (default: the newest).")] = "head",
) -> None:
    """Create the database or upgrade it in place to the newest schema, keeping every row."""
    engine = _engine(db, must_exist=False)
    before = current_revision(engine)
    after = upgrade(engine, revision)
    typer.echo(f"{make_url(db).render_as_string(hide_password=True)}: {before or 'empty'} → {after}")


@db_app.command("current")
def current_command(db: DbUrl = DEFAULT_DB) -> None:
    """Print the database's schema revision and the newest one this hojo knows."""
    rev = current_revision(_engine(db))
    state = "up to date" if rev == HEAD else "run `hojo db upgrade`"
    typer.echo(f"revision {rev or 'none (empty database)'}; newest {HEAD} ({state})")


def datasette_argv(db: str, port: int, host: str = "127.0.0.1") -> list[str]:
    """Return the command that serves the SQLite database `db` in Datasette with hojo's metadata."""
    u = make_url(db)
    if u.get_backend_name() != "sqlite" or not u.database:
        raise typer.BadParameter("Datasette serves SQLite files only; export PostgreSQL with `hojo export`",
                                 param_hint="--db")
    metadata = Path(__file__).resolve().parent / "datasette.json"
    return [sys.executable, "-m", "datasette", "serve", u.database, "--metadata", str(metadata),
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "5000"]


@db_app.command("serve")
def serve_command(
    db: DbUrl = DEFAULT_DB,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8001,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
) -> None:
    """Browse the database and its JSON API in Datasette (make serve installs it)."""
    argv = datasette_argv(db, port, host)
    _engine(db)
    if importlib.util.find_spec("datasette") is None:
        typer.echo("error: Datasette is not installed; run `.venv/bin/pip install -e '.[serve]'`", err=True)
        raise typer.Exit(2)
    typer.echo(f"serving {argv[4]} at http://{host}:{port}/ (Ctrl-C stops)")
    raise typer.Exit(subprocess.call(argv))


def diff_command(
    program: Annotated[str | None, typer.Option("--program", help="Program name or alias (IT導入補助金).")] = None,
    from_: Annotated[str | None, typer.Option("--from", help="Older budget year: 2023, 2024補正, 令和5年度. "
                                              "Default: the second newest.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Newer budget year. Default: the newest.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="md, html or json (default: from --out, else md).")]
    = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of standard output.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List programs and their budget years, then exit.")]
    = False,
    db: DbUrl = DEFAULT_DB,
    mirror: Annotated[Path | None, typer.Option("--mirror", envvar="HOJO_MIRROR",
                                                help="Folder of source files, for file:// page links.")] = None,
) -> None:
    """Compare two budget years of a program: frames and values added, removed, changed, with sources."""
    from schema.diffload import DiffError, available, diff_program
    from schema.report import render

    fmt = fmt or (out.suffix.lstrip(".").replace("markdown", "md") if out and out.suffix else "md")
    if fmt not in ("md", "html", "json"):
        raise typer.BadParameter(f"unknown format {fmt!r}; use md, html or json", param_hint="--format")
    engine = _engine(db)
    init_db(engine)
    try:
        if list_:
            with engine.connect() as conn:
                programs = available(conn)
            text = _listing(programs, json_out=fmt == "json")
        else:
            if not program:
                raise typer.BadParameter("name a program (see --list)", param_hint="--program")
            report = diff_program(engine, program, from_, to, (mirror,) if mirror else ())
            text = render([report], fmt)  # type: ignore[arg-type]
    except DiffError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)
    else:
        typer.echo(text, nl=False)


def _listing(programs: list, json_out: bool) -> str:  # list[ProgramYears]
    if json_out:
        data = [{"program": p.program, "years": {str(y): sorted(b) for y, b in sorted(p.years.items())},
                 "facts": p.facts} for p in programs]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if not programs:
        return "no facts in the database yet\n"
    width = max(len(p.program) for p in programs) + 2
    lines = [f"{'program':<{width}}{'budget years':<40}facts"]
    lines += [f"{p.program:<{width}}{p.describe():<40}{p.facts}" for p in programs]
    return "\n".join(lines) + "\n"
