"""The `hojo` command line: a thin layer that parses arguments and calls library functions."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

from corpus import config

app = typer.Typer(
    name="hojo",
    help="Turn Japanese subsidy documents (METI decks, 公募要領) into a provenance-backed database of facts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLAlchemy URL [default: $HOJO_DB or sqlite:///build/hojo.db]")]


def _db(url: str | None) -> str:
    return url or config.default_db_url()


@app.callback()
def main(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="Debug log output.")] = 0,
) -> None:
    """Set up logging for every command."""
    level = logging.DEBUG if verbose else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", datefmt="[%X]",
                        handlers=[RichHandler(console=err, show_path=False, markup=False)], force=True)
    for noisy in ("httpx", "httpcore", "alembic"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


@app.command()
def build(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (.pdf .txt .md) to build as ad-hoc "
                                                    "documents; without any, build the manifest.")] = None,
    db: DbOpt = None,
    mirror: Annotated[Path | None, typer.Option(help="Folder holding the manifest's files "
                                                "[default: $HOJO_MIRROR]")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes [default: cores, at most 4]")] = None,
    force: Annotated[bool, typer.Option(help="Rebuild documents even when up to date.")] = False,
    strict: Annotated[bool, typer.Option(help="Exit non-zero when any document failed.")] = False,
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
) -> None:
    """Build documents into the database (incremental: unchanged documents are skipped)."""
    from corpus.build import build as run_build
    from corpus.build import manifest_jobs, path_jobs
    from corpus.manifest import load_manifest
    from schema.db import init_db, make_engine

    engine = make_engine(_db(db))
    init_db(engine)
    if paths:
        jobs = path_jobs(paths)
    else:
        jobs = manifest_jobs(load_manifest(), mirror or config.default_mirror(), config.cache_dir())
    summary = run_build(engine, jobs, workers=workers or config.default_workers(), force=force,
                        progress=progress and err.is_terminal)
    table = Table(title="hojo build", title_justify="left")
    for col in ("built", "skipped", "failed", "pages", "facts", "statements", "seconds"):
        table.add_column(col, justify="right")
    table.add_row(str(summary.built), str(summary.skipped), str(summary.failed), str(summary.pages),
                  str(summary.facts), "up to date" if summary.statements is None else str(summary.statements),
                  f"{summary.seconds:.2f}")
    err.print(table)
    if summary.failed and strict:
        raise typer.Exit(1)


@app.command()
def export(
    what: Annotated[str, typer.Option(help="documents | pages | tables | facts | statements | programs")] = "facts",
    fmt: Annotated[str, typer.Option("--format", help="jsonl | csv")] = "jsonl",
    db: DbOpt = None,
    out: Annotated[Path | None, typer.Option(help="Output file [default: stdout]")] = None,
) -> None:
    """Export the database (facts in the format of shared/spec/facts.md)."""
    from corpus.export import ROWS
    from corpus.export import export as run_export
    from schema.db import make_engine

    if what not in ROWS:
        raise typer.BadParameter(f"choose one of {', '.join(ROWS)}", param_hint="--what")
    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("choose jsonl or csv", param_hint="--format")
    engine = make_engine(_db(db))
    if out is None:
        n = run_export(engine, what, fmt, sys.stdout)  # type: ignore[arg-type]
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            n = run_export(engine, what, fmt, fh)  # type: ignore[arg-type]
        tmp.replace(out)
    logging.getLogger(__name__).info("exported %d %s", n, what)


@app.command()
def report(
    db: DbOpt = None,
    out: Annotated[Path, typer.Option(help="Folder for the reports.")] = Path("build/reports"),
    mirror: Annotated[Path | None, typer.Option(help="Folder of source files, for links to their pages "
                                                "[default: $HOJO_MIRROR]")] = None,
) -> None:
    """Write Markdown and HTML diff reports for every program with two or more budget years."""
    from schema.db import init_db, make_engine
    from schema.report import write_reports

    engine = make_engine(_db(db))
    init_db(engine)
    src = mirror or config.default_mirror()
    written = write_reports(engine, out, (src,) if src else ())
    logging.getLogger(__name__).info("wrote %d report files into %s", len(written), out)


def _register_stage_commands() -> None:
    """Attach the commands the stage packages define (normalize/, schema/)."""
    from normalize.cli import normalize_command, parse_app
    from schema.cli import db_app, diff_command

    app.command("normalize", help="Normalise text from stdin to stdout (glyphs, radicals, dashes, spaces).")(
        normalize_command)
    app.add_typer(parse_app, name="parse")
    app.add_typer(db_app, name="db")
    app.command("diff")(diff_command)


_register_stage_commands()


@app.command()
def bench(
    mirror: Annotated[Path | None, typer.Option(help="Corpus folder: the manifest's mirror, or any folder of PDFs "
                                                "(default: $HOJO_MIRROR)")] = None,
    out: Annotated[Path | None, typer.Option(help="JSON results (default: build/bench.json)")] = None,
    synthetic_pages: Annotated[int | None, typer.Option(min=0, help="Pages of synthetic corpus made from the real "
                                                         "pages, 0 to skip (default: 2000, 60 with --quick)")] = None,
    workers: Annotated[str, typer.Option(help="Worker counts of the end-to-end builds, comma-separated")] = "1,2",
    profile: Annotated[Path | None, typer.Option(help="Profile build() (1 worker, real corpus) with pyinstrument "
                                                 "into FILE (.html, .json speedscope, else text)")] = None,
    quick: Annotated[bool, typer.Option(help="Skip the stage owners' benchmarks and the `hojo build` no-op; "
                                        "small synthetic corpus.")] = False,
) -> None:
    """Benchmark every stage and whole builds against raw PyMuPDF; the last line is the headline."""
    from corpus.bench import run_bench
    from corpus.benchreport import headline, render

    try:
        counts = tuple(sorted({int(w) for w in workers.split(",") if w.strip()}))
    except ValueError:
        raise typer.BadParameter("comma-separated integers, e.g. 1,2", param_hint="--workers") from None
    if not counts or min(counts) < 1:
        raise typer.BadParameter("at least one worker count ≥ 1", param_hint="--workers")
    pages = synthetic_pages if synthetic_pages is not None else (60 if quick else 2000)
    res = run_bench(mirror or config.default_mirror(), out or config.build_dir() / "bench.json", pages, counts,
                    profile, quick)
    console = Console(width=max(Console().width, 160))
    render(res, console)
    print(headline(res), flush=True)
