"""Command-line wrappers: ``hojo parse date|fiscal|amount|rate`` and ``hojo normalize``.

Each parse command reads expressions as arguments, or one per line from stdin, and prints
one JSON object per expression; an unparseable one prints ``{"error": "..."}`` on its line
and the command exits with status 1 once all lines are done.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Annotated, Any

import typer

from normalize.amounts import parse_amount
from normalize.dates import parse_date, parse_fiscal
from normalize.errors import ParseError
from normalize.glyphs import normalize
from normalize.rates import parse_rate

__all__ = ["normalize_command", "parse_app"]

parse_app = typer.Typer(help="Parse Japanese dates, fiscal years, amounts and rates as JSON.\n\n"
                        "Example:\n\n\b\n  hojo parse amount '5万円~150万円'")

Exprs = Annotated[list[str] | None,
                  typer.Argument(metavar="EXPR", help="Expressions; read one per line from stdin if none.")]


def _run(exprs: list[str] | None, parse: Callable[[str], Any]) -> None:
    """Given expressions (or None for stdin) and a parser, print one JSON line per expression."""
    lines: Iterable[str] = exprs if exprs else sys.stdin.read().splitlines()
    failed = 0
    for line in lines:
        try:
            out = parse(line).to_dict()
        except ParseError as exc:
            out, failed = {"error": str(exc)}, failed + 1
        typer.echo(json.dumps(out, ensure_ascii=False))
    if failed:
        raise typer.Exit(code=1)


@parse_app.command("date")
def date_command(
    exprs: Exprs = None,
    year: Annotated[int | None, typer.Option(help="Year for a month and day printed without one.")] = None,
) -> None:
    """Parse dates (令和6年3月15日(金)17:00) into JSON.

    Keys: date, time, weekday_ok.

    Example:

    \b
      hojo parse date '令和6年3月15日(金)17:00'
    """
    _run(exprs, lambda s: parse_date(s, year=year))


@parse_app.command("fiscal")
def fiscal_command(exprs: Exprs = None) -> None:
    """Parse fiscal years (令和6年度補正予算) into JSON.

    Keys: fiscal_year, budget.

    Example:

    \b
      hojo parse fiscal 令和6年度補正予算
    """
    _run(exprs, parse_fiscal)


@parse_app.command("amount")
def amount_command(exprs: Exprs = None) -> None:
    """Parse yen amounts (5万円~150万円) into JSON.

    Keys: min, max, min_inclusive, max_inclusive, per.

    Example:

    \b
      hojo parse amount '5万円~150万円' '3,000万円以内'
    """
    _run(exprs, parse_amount)


@parse_app.command("rate")
def rate_command(exprs: Exprs = None) -> None:
    """Parse subsidy rates (補助率2/3以内) into JSON.

    Keys: rates, bound.

    Example:

    \b
      hojo parse rate '補助率２／３以内'
    """
    _run(exprs, parse_rate)


def normalize_command() -> None:
    """Normalise text from stdin (glyphs, radicals, dashes, PDF spaces) and write it to stdout.

    Example:

    \b
      echo '補助⾦ ２／３︓' | hojo normalize
    """
    sys.stdout.write(normalize(sys.stdin.read()))
