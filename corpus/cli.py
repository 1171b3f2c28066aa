"""The `hojo` command line: a thin layer that parses arguments and calls library functions."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

from corpus import config
from corpus.cli_db import DbUrl, reader_engine, resolve_db
from corpus.clikit import HojoGroup
from corpus.outputs.export import Format, What
from normalize.shown import EscapingFilter

app = typer.Typer(
    name="hojo",
    cls=HojoGroup,
    rich_markup_mode=None,
    help="Turn Japanese subsidy documents (METI decks, 公募要領) into a provenance-backed database of facts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

DbOpt = DbUrl
Executor = Literal["process", "dask"]
"""Where build tasks run (`corpus.executors.EXECUTORS`; a test checks the two agree)."""
_db = resolve_db


def _print_version(asked: bool) -> None:
    """Print hojo's version and exit (the --version option)."""
    if asked:
        from importlib.metadata import version

        typer.echo(f"hojo {version('hojo')}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="Debug log output.")] = 0,
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print hojo's version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", envvar="HOJO_DEBUG",
                                        help="Show the traceback of an error, not just its one-line message.")]
    = False,
) -> None:
    """Set up logging for every command."""
    level = logging.DEBUG if verbose else logging.INFO
    handler = RichHandler(console=err, show_path=False, markup=False)
    handler.addFilter(EscapingFilter())  # a name holding a newline cannot make two log lines
    logging.basicConfig(level=level, format="%(message)s", datefmt="[%X]", handlers=[handler], force=True)
    for noisy in ("httpx", "httpcore", "alembic", "distributed"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


@app.command()
def build(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="PATH", help="Files or folders (.pdf .txt .md) to build as ad-hoc documents; "
        "without any, build the manifest.")] = None,
    db: DbOpt = None,
    mirror: Annotated[Path | None, typer.Option(
        envvar="HOJO_MIRROR", metavar="DIR", show_default="download into the cache",
        help="Folder holding the manifest's files.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, metavar="N", show_default="one per core, at most 4",
                                                help="Worker processes.")] = None,
    force: Annotated[bool, typer.Option(help="Rebuild documents even when up to date.")] = False,
    strict: Annotated[bool, typer.Option(help="Also exit 1 when a page was skipped (--page-seconds) or a folder "
                                         "held files of other types (a failed input always exits 1).")] = False,
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
    max_bytes: Annotated[str | None, typer.Option(
        envvar="HOJO_MAX_BYTES", metavar="SIZE", show_default="200MB",
        help="Refuse input files larger than this (200000000, 200MB, 1.5GB).")] = None,
    max_pages: Annotated[int | None, typer.Option(
        envvar="HOJO_MAX_PAGES", min=1, metavar="N", show_default="5000",
        help="Refuse documents with more pages.")] = None,
    page_seconds: Annotated[float, typer.Option(
        envvar="HOJO_PAGE_SECONDS", min=0, metavar="SECONDS",
        help="Skip a page (named in the summary) whose facts take longer than this; 0: no limit.")]
    = config.DEFAULT_PAGE_SECONDS,
    executor: Annotated[Executor, typer.Option(help="Where tasks run: process (this machine) or dask (a LocalCluster "
                                          "of --workers, or the cluster of --scheduler; the `dask` extra)")
                        ] = "process",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://HOST:8786 "
                                                  "(with --executor dask)")] = None,
) -> None:
    """Build documents into the database (incremental: only the stages whose code or input changed re-run).

    One transaction per document; bad input is reported by name and the build goes on, like make -k:
    the exit status is 1 when any input failed or none was found. Two files of one name are two
    documents (the second's key takes a suffix of its SHA-256). Text layers may be UTF-8/16,
    Shift_JIS/CP932 or EUC-JP. The summary lists every failure, name collision, skipped page and
    file of another type found in a folder.

    Example:

    \b
      hojo build ~/Downloads/koubo/ --db sqlite:///build/mine.db
    """
    from corpus.build import build as run_build
    from corpus.build import manifest_jobs, scan_paths
    from corpus.summary import exit_status, print_summary
    if scheduler and executor != "dask":
        raise typer.BadParameter("a scheduler needs --executor dask", param_hint="--scheduler")
    from corpus.manifest import load_manifest
    from corpus.pipeline import Limits
    from schema.db import init_db
    from schema.dburl import open_engine

    try:
        limits = Limits(config.parse_size(max_bytes) if max_bytes else config.DEFAULT_MAX_BYTES,
                        max_pages or config.DEFAULT_MAX_PAGES, page_seconds or None)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--max-bytes") from None
    engine = open_engine(_db(db), must_exist=False, writable=True)
    init_db(engine)
    jobs, left_out = scan_paths(paths) if paths else (
        manifest_jobs(load_manifest(), mirror or config.default_mirror(), config.cache_dir()), [])
    summary = run_build(engine, jobs, workers=workers or config.default_workers(), force=force,
                        progress=progress and err.is_terminal, left_out=left_out, limits=limits,
                        executor=executor, scheduler=scheduler, parse_cache=config.parse_cache())
    print_summary(summary, err)
    if status := exit_status(summary, strict):
        raise typer.Exit(status)


@app.command()
def export(
    what: Annotated[What, typer.Option(help="What to export.")] = "facts",
    fmt: Annotated[Format, typer.Option("--format", help="JSON Lines or CSV.")] = "jsonl",
    db: DbOpt = None,
    out: Annotated[Path | None, typer.Option(metavar="FILE", show_default="stdout", help="Output file.")] = None,
    bom: Annotated[bool, typer.Option(help="Start CSV with a UTF-8 byte order mark, so that Excel reads the "
                                      "Japanese text right.")] = False,
) -> None:
    """Export the database as JSON Lines or CSV.

    Facts follow shared/spec/facts.md; programs are jGrants-shaped rows (see the README).

    Example:

    \b
      hojo export --what facts --out build/facts.jsonl
    """
    from corpus.outputs.export import export as run_export

    if bom and fmt != "csv":
        raise typer.BadParameter("a byte order mark is for CSV (--format csv)", param_hint="--bom")
    if out is not None and out.is_dir():
        raise typer.BadParameter(f"{out} is a folder; name the file to write", param_hint="--out")
    engine = reader_engine(db)
    if out is None:
        if bom:
            sys.stdout.write("\ufeff")
        n = run_export(engine, what, fmt, sys.stdout)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        try:
            with tmp.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
                n = run_export(engine, what, fmt, fh)
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
    logging.getLogger(__name__).info("exported %d %s", n, what)


@app.command()
def gaps(
    program: Annotated[str | None, typer.Option(metavar="P", show_default="every program",
                                                help="Only pages about this program (the program of the facts "
                                                "of the page before, or of the document).")] = None,
    db: DbOpt = None,
    fmt: Annotated[Literal["text", "jsonl"], typer.Option("--format", help="Lines to read, or JSON Lines.")] = "text",
) -> None:
    """List the pages that print amounts, rates or dates from which no fact came.

    Per page: the document and the program it was read as, the page, the heading nearest before the
    values, and the values left unread — what to add to the rule table (extract/facts/rules.toml).

    Example:

    \b
      hojo gaps --program キャリアアップ助成金
    """
    from corpus.outputs.reading import gap_lines
    from corpus.outputs.reading import gaps as find_gaps

    found = find_gaps(reader_engine(db), program)
    out = Console(soft_wrap=True, highlight=False)
    for line in gap_lines(found, fmt):
        if fmt == "jsonl":
            print(line)
        else:
            out.print(line, markup=False)
    logging.getLogger(__name__).info("%d pages print values from which no fact came", len(found))


@app.command()
def explain(
    fact_id: Annotated[int, typer.Argument(metavar="FACT_ID", help="A fact's id: `id` in `hojo export --what facts`, "
                                           "`fact_id` in the sources of statements.")],
    db: DbOpt = None,
) -> None:
    """Show how one fact was read: its quote and page, the structure that gave its frame and applicant,
    the rules that fired, and the statements it supports.

    Example:

    \b
      hojo explain 25412
    """
    from corpus.outputs.explain import ExplainError
    from corpus.outputs.explain import explain as run_explain

    try:
        ex = run_explain(reader_engine(db), fact_id)
    except ExplainError as e:
        raise typer.BadParameter(str(e), param_hint="FACT_ID") from None
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, text in ex.lines():
        table.add_row(label, text)
    Console().print(table)


@app.command()
def report(
    db: DbOpt = None,
    out: Annotated[Path, typer.Option(help="Folder for the reports.")] = Path("build/reports"),
    mirror: Annotated[Path | None, typer.Option(envvar="HOJO_MIRROR", metavar="DIR", show_default="no file links",
                                                help="Folder of source files, for links to their pages.")] = None,
) -> None:
    """Write Markdown and HTML diff reports of every program.

    One report per program with two or more budget years, and an index.

    Example:

    \b
      hojo report --out build/reports --mirror ../shared/corpus
    """
    from corpus.outputs.report import write_reports

    engine = reader_engine(db)
    src = mirror or config.default_mirror()
    written = write_reports(engine, out, (src,) if src else ())
    logging.getLogger(__name__).info("wrote %d report files into %s", len(written), out)


SearchKind = Literal["rate", "cap_max", "cap_min", "deadline", "opens", "budget",
                     "employees_max", "capital_max", "wage_growth_min", "min_wage_margin"]
SearchUnit = Literal["person", "person_hour", "establishment", "group_member", "none"]
SearchFormat = Literal["table", "json", "csv"]


@app.command()
def search(
    program: Annotated[str | None, typer.Option(help="Program name or alias (IT導入補助金, ＩＴ導入補助金).")] = None,
    kind: Annotated[SearchKind | None, typer.Option(help="Kind of value.")] = None,
    frame: Annotated[str | None, typer.Option(help="Words of the 枠 or 類型 (セキュリティ).")] = None,
    applicant: Annotated[str | None, typer.Option(
        help="Who applies (小規模事業者): rules for it, for a class containing it, and for everyone.")] = None,
    min_: Annotated[str | None, typer.Option("--min", metavar="VALUE",
                                             help="Lowest value: a rate (2/3), an amount (100万円), a number (20).")
                    ] = None,
    max_: Annotated[str | None, typer.Option("--max", metavar="VALUE", help="Highest value, as --min.")] = None,
    open_on: Annotated[str | None, typer.Option(metavar="DATE",
                                                help="Frames whose application window holds this date.")] = None,
    closes_after: Annotated[str | None, typer.Option(metavar="DATE",
                                                     help="Frames with a deadline after this date.")] = None,
    unit: Annotated[SearchUnit | None, typer.Option(help="What an amount is counted per (none: per applicant).")
                    ] = None,
    all_editions: Annotated[bool, typer.Option(help="Search every edition, not only each program's newest.")]
    = False,
    fmt: Annotated[SearchFormat, typer.Option("--format", help="A table to read, or JSON Lines / CSV.")] = "table",
    db: DbOpt = None,
) -> None:
    """Find the rules that answer a question, each with its sources (document title, page).

    By default only each program's newest edition is searched.

    Example:

    \b
      hojo search --kind rate --min 2/3 --applicant 小規模事業者 --closes-after 2025-06-01
    """
    from sqlalchemy.orm import Session

    from corpus.outputs.search import Bound, Query, QueryError, hits_table, parse_day, resolve_program, write_hits
    from corpus.outputs.search import search as run_search
    from schema.statements_store import ensure_statements

    def read(param: str, parse, text: str | None):  # type: ignore[no-untyped-def]
        try:
            return None if text is None else parse(text)
        except QueryError as e:
            raise typer.BadParameter(str(e), param_hint=param) from None

    query = Query(kind=kind, frame=frame, applicant=applicant, minimum=read("--min", Bound.parse, min_),
                  maximum=read("--max", Bound.parse, max_), open_on=read("--open-on", parse_day, open_on),
                  closes_after=read("--closes-after", parse_day, closes_after), unit=unit,
                  all_editions=all_editions)
    engine = reader_engine(db)
    ensure_statements(engine)
    with Session(engine) as session:
        if program is not None:
            name = resolve_program(session, program)
            if name is None:
                raise typer.BadParameter(f"no program {program!r} in the database (see `hojo diff --list`)",
                                         param_hint="--program")
            query = replace(query, program=name)
        hits = run_search(session, query)
    if fmt == "table":
        Console().print(hits_table(hits))
    else:
        write_hits(hits, fmt, sys.stdout)


def _register_stage_commands() -> None:
    """Attach the commands of corpus/cli_parse.py (normalize, parse) and corpus/cli_db.py (db, diff)."""
    from corpus.cli_db import db_app, diff_command
    from corpus.cli_parse import normalize_command, parse_app

    app.command("normalize")(normalize_command)
    app.add_typer(parse_app, name="parse")
    app.add_typer(db_app, name="db")
    app.command("diff")(diff_command)


_register_stage_commands()


@app.command()
def bench(
    mirror: Annotated[Path | None, typer.Option(
        envvar="HOJO_MIRROR", metavar="DIR", show_default="download into the cache",
        help="Corpus folder: the manifest's mirror, or any folder of PDFs.")] = None,
    out: Annotated[Path | None, typer.Option(metavar="FILE", show_default="build/bench.json",
                                             help="JSON results.")] = None,
    synthetic_pages: Annotated[int | None, typer.Option(min=0, show_default="2000, 60 with --quick",
                                                        help="Pages of synthetic corpus made from the real "
                                                        "pages, 0 to skip.")] = None,
    workers: Annotated[str, typer.Option(help="Worker counts of the end-to-end builds, comma-separated")] = "1,2",
    profile: Annotated[Path | None, typer.Option(help="Profile build() (1 worker, real corpus) with pyinstrument "
                                                 "into FILE (.html, .json speedscope, else text)")] = None,
    quick: Annotated[bool, typer.Option(help="Skip the stage owners' benchmarks and the `hojo build` no-op; "
                                        "small synthetic corpus.")] = False,
    dask: Annotated[bool, typer.Option(help="Also build each corpus on a Dask LocalCluster of the largest worker "
                                       "count (the `dask` extra).")] = False,
    pathological: Annotated[bool | None, typer.Option(
        show_default="on, off with --quick",
        help="Also build the pathological pages (one long line of values, 5,000 tiny spans, a 200×200 "
             "table) and compare their time per character with a normal page's.")] = None,
) -> None:
    """Benchmark every stage and whole builds against raw PyMuPDF.

    Prints a table per corpus; the last line is the headline.

    Example:

    \b
      hojo bench --quick --mirror ../shared/corpus
    """
    from bench.report import headline, render
    from bench.suite import run_bench

    try:
        counts = tuple(sorted({int(w) for w in workers.split(",") if w.strip()}))
    except ValueError:
        raise typer.BadParameter("comma-separated integers, e.g. 1,2", param_hint="--workers") from None
    if not counts or min(counts) < 1:
        raise typer.BadParameter("at least one worker count ≥ 1", param_hint="--workers")
    pages = synthetic_pages if synthetic_pages is not None else (60 if quick else 2000)
    res = run_bench(mirror or config.default_mirror(), out or config.build_dir() / "bench.json", pages, counts,
                    profile, quick, dask=dask, pathological=pathological)
    console = Console(width=max(Console().width, 160))
    render(res, console)
    print(headline(res), flush=True)  # the last two lines
