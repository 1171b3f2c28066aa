"""What every `hojo` command shares: one-line errors, the --debug switch, tables rendered by Rich.

`HojoGroup` is the root command's class. A usage error prints Click's message as
one line `error: …` (exit 2); any other exception a command raises prints
`error: …` (exit 1, or 2 for a bad `--db`) instead of a traceback, unless
`--debug` or `HOJO_DEBUG=1` asks for the traceback.
"""

from __future__ import annotations

import errno
import io
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from normalize.shown import shown

__all__ = ["HojoGroup", "describe", "render_table", "simple_table"]

DEBUG_HINT = "run with --debug or HOJO_DEBUG=1 for the traceback"


def _one_line(text: str) -> str:
    """Return a message on one line, without SQLAlchemy's link to its error catalogue."""
    text = text.split("(Background on this error at:", 1)[0]
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


def _debug_env() -> bool:
    """Return whether HOJO_DEBUG asks for tracebacks (it may be set after the options were parsed)."""
    return os.environ.get("HOJO_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def describe(exc: BaseException) -> tuple[str, int]:
    """Given an exception a command raised, return the one-line message for the user and the exit status."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from schema.dburl import DatabaseError

    if isinstance(exc, DatabaseError):  # its message names the database and says what is wrong
        return _one_line(str(exc)), 2
    if isinstance(exc, ArgumentError | NoSuchModuleError):
        return f"--db: {_one_line(str(exc))}", 2
    if isinstance(exc, SQLAlchemyError):
        return f"database: {_one_line(str(getattr(exc, 'orig', None) or exc))}", 1
    if isinstance(exc, UnicodeDecodeError):
        return f"the input is not {exc.encoding} text ({exc.reason} at byte {exc.start})", 1
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {shown(exc.filename)}" if exc.filename else ""
        return f"{exc.strerror}{where}", 1
    return f"{type(exc).__name__}: {_one_line(str(exc))} ({DEBUG_HINT})", 1


class HojoGroup(TyperGroup):
    """The `hojo` command group: every error the user can cause is one line on stderr, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; turn an exception it raises into a one-line Click error (after the traceback on --debug)."""
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt, EOFError):
            raise
        except OSError as e:
            if e.errno == errno.EPIPE:  # `hojo export | head`: the reader has what it wanted
                _quiet_stdout()
                return 0
            raise self._user_error(ctx, e) from e
        except Exception as e:
            raise self._user_error(ctx, e) from e

    @staticmethod
    def _user_error(ctx: Any, exc: Exception) -> typer.TyperException:
        if ctx.params.get("debug") or _debug_env():
            traceback.print_exception(exc, file=sys.stderr)
        message, code = describe(exc)
        err = typer.TyperException(message)
        err.exit_code = code
        return err

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, windows_expand_args: bool = True,
             **extra: Any) -> Any:
        """Run the command line; Click's errors are printed as one line `error: …` instead of a panel."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.TyperException as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # `hojo` alone: the help, as Click prints it
                typer.echo(e.format_message(), err=True)
            else:
                typer.echo(f"error: {shown(_with_hint(e))}", err=True)  # a name's newline cannot forge a line
            sys.exit(e.exit_code)
        except typer.Abort:
            typer.echo("error: aborted", err=True)
            sys.exit(1)
        try:
            sys.stdout.flush()  # what is still buffered goes now, while a closed pipe can be told apart
        except BrokenPipeError:
            _quiet_stdout()
        sys.exit(rv if isinstance(rv, int) else 0)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null once its reader has left (`hojo export | head`), so that Python's last
    flush at exit raises nothing and the command ends quietly with status 0, as `cat` does."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (a test runner's buffer)
        pass
    finally:
        os.close(devnull)


def _with_hint(e: typer.TyperException) -> str:
    """Return the error's message on one line, pointing usage errors at the command's --help."""
    msg = _one_line(e.format_message())
    ctx = getattr(e, "ctx", None)
    if ctx is not None and getattr(e, "exit_code", 1) == 2:
        msg += f" — try `{ctx.command_path} --help`"
    return msg


def simple_table(*columns: str, right: Sequence[str] = ()) -> Table:
    """Return a borderless Rich table with these column headings (those in `right` right-aligned)."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name in columns:
        table.add_column(name, justify="right" if name in right else "left", no_wrap=True)
    return table


def render_table(table: Table) -> str:
    """Given a Rich table, return it as plain text, as wide as its content (East Asian widths counted)."""
    console = Console(file=io.StringIO(), width=10_000, color_system=None, legacy_windows=False)
    with console.capture() as cap:
        console.print(table)
    return "\n".join(line.rstrip() for line in cap.get().splitlines()) + "\n"
