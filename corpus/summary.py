"""The summary `hojo build` prints, and its exit status: like `make -k`, the build goes on past a bad input
and says at the end what failed.

Exit status 0 when every input was built or was up to date, 1 when any failed or none was found (a
missing path, a file that is not what its name says, an empty folder); with `--strict`, also 1 when
a page was skipped over its time budget or a folder held files of other types. Every name printed
has its control characters escaped (`normalize.shown.shown`): a newline in a file name cannot forge a line.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from corpus.build import Summary
from normalize.shown import shown

MOST_SKIPPED = 20
"""Files of other types listed one by one; the rest are counted."""


def exit_status(summary: Summary, strict: bool = False) -> int:
    """Return the exit status of a build: 1 when an input failed or none was found, or (`strict`) when a page was
    skipped or a file of another type was left out; else 0."""
    if not summary.ok:
        return 1
    if strict and (summary.pages_skipped or any(not s.failed for s in summary.left_out)):
        return 1
    return 0


def print_summary(summary: Summary, err: Console) -> None:
    """Print the table of counts, the programs the catalog lacks, the documents read (`print_readings`), and
    one line per failure, collision, skipped page and path left out."""
    table = Table(title="hojo build", title_justify="left")
    for col in ("built", "facts only", "skipped", "failed", "pages", "facts", "statements", "seconds"):
        table.add_column(col, justify="right")
    table.add_row(str(summary.built), str(summary.refacts), str(summary.skipped), str(summary.failed),
                  str(summary.pages), str(summary.facts),
                  "up to date" if summary.statements is None else str(summary.statements), f"{summary.seconds:.2f}")
    err.print(table)
    if summary.unknown_programs:
        unknown = Table(title="programs not in the catalog", title_justify="left",
                        caption="add them to extract/facts/catalog.toml (or a catalog of your own)")
        for col in ("program", "document", "pages"):
            unknown.add_column(col)
        for program, key, pages in summary.unknown_programs:
            unknown.add_row(shown(program), shown(key), ", ".join(map(str, pages)))
        err.print(unknown)
    print_readings(summary, err)
    for line in summary_lines(summary):
        err.print(line, markup=False, highlight=False, soft_wrap=True)


def print_readings(summary: Summary, err: Console) -> None:
    """Print, per document, the program it was read as and its facts; then the documents that gave none
    and how many pages print values no fact came from."""
    if not summary.documents:
        return
    table = Table(title="documents", title_justify="left", caption="facts: of the program read as (of all)")
    table.add_column("document", overflow="fold")
    table.add_column("read as", overflow="fold")
    table.add_column("facts", justify="right")
    table.add_column("other programs", justify="right")
    table.add_column("pages unread", justify="right")
    for r in summary.documents:
        main = r.programs[0][1] if r.programs else 0
        table.add_row(shown(r.document), shown(r.program or "—"),
                      f"{main} ({r.facts})" if main != r.facts else str(r.facts),
                      str(max(0, len(r.programs) - 1)), str(len(r.gaps)))
    err.print(table)
    for r in summary.without_facts:
        err.print(f"no facts {shown(r.document)} (read as {shown(r.read_as or 'no program')})", markup=False,
                  highlight=False)
    if summary.gap_pages:
        err.print(f"{summary.gap_pages} pages print amounts, rates or dates from which no fact came: "
                  "`hojo gaps` lists them", markup=False, highlight=False)


def summary_lines(summary: Summary, most: int = MOST_SKIPPED) -> list[str]:
    """Return one line per failure, name collision, skipped page and path left out (other file types: the
    first `most`), names escaped."""
    out = [f"{label:<8} {shown(text)}" for label, text in summary.names]
    for key, reason in summary.failures:
        out.append(f"failed   {shown(reason)}" if key in reason else f"failed   {shown(key)}: {shown(reason)}")
    out += [f"failed   {shown(str(s))}" for s in summary.left_out if s.failed]
    out += [f"skipped  {shown(w)}" for w in summary.pages_skipped]
    other = [s for s in summary.left_out if not s.failed]
    out += [f"skipped  {shown(str(s))}" for s in other[:most]]
    if len(other) > most:
        out.append(f"skipped  … and {len(other) - most} more files of types hojo does not read")
    if summary.inputs == 0 and not summary.failed:
        out.append("failed   nothing to build: no document was found")
    return out
