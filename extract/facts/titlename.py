"""The program a title names when the catalog does not know it.

A program the catalog lacks keeps its printed name (`Catalog.find(unknown=True)`), read from the
title area line by line. Two ways titles are printed need more than one line:

- a leaflet sets its title in big type over two lines, the name broken where the line ran out
  (とやま中小企業 / 省エネ設備導入補助金): a line of name letters alone, followed by a line that opens
  with a budget-line name, is the start of that name (rule ``label.title-name-start``);
- a ministry's 公募要領 names the 補助金 of its budget line and, in brackets after it, the 事業 the
  document is about (〇〇対策事業費等補助金（△△支援事業）): the document is the 事業's
  (rule ``label.bracketed-project``).

The date a cover prints alone (令和8年1月) is the year of a schedule printed without one
(`cover_year`, rule ``label.cover-date``); a 型 in brackets after the program's name
(〇〇補助金（一般型）) is the type the document is about (`title_type`, rule ``frame.title-type``).

A deck of a ministry's budget sheets prints one program a slide, its name the slide's title: a
later page whose first line is nothing but a program's name the catalog lacks is about that program
(`slide_program`, rule ``label.slide-program``).
"""

from __future__ import annotations

from extract.facts.catalog import Catalog
from extract.facts.frames import Name
from extract.facts.ruletable import regex
from normalize.dates import era_to_western

_NAME_START = regex("label.title-name-start")
_PROJECT = regex("label.bracketed-project")
_COVER_DATE = regex("label.cover-date")
_TITLE_TYPE = regex("frame.title-type")
_NOISE = regex("label.heading-noise")


def title_program(head: list[str], catalog: Catalog) -> str | None:
    """Given the first lines of a document's title area, return the unknown program they name
    (see the module docstring), or None."""
    for i, line in enumerate(head):
        after = head[i + 1] if i + 1 < len(head) else ""
        if project := _bracketed_project(f"{line}{after}" if after.startswith("(") else line, catalog):
            return project
        if (_NAME_START.fullmatch(line.strip()) and (nxt := catalog.find(after, unknown=True))
                and nxt[0].via == "unknown" and not after[: nxt[0].start].strip()):
            joined = catalog.find(line.strip() + after.strip(), unknown=True)
            if joined and joined[0].via == "unknown" and joined[0].start == 0:
                return joined[0].program
        found = [m for m in catalog.find(line, unknown=True) if m.via == "unknown"]
        if found:
            return found[0].program
    return None


def _bracketed_project(text: str, catalog: Catalog) -> str | None:
    """Given a title line (with the bracketed line after it), return the 事業 it names in brackets
    right after the 補助金 of a budget line, when that 事業 is a name of its own."""
    m = _PROJECT.search(text)
    if m is None:
        return None
    found = catalog.find(m.group("name"), unknown=True)
    return found[0].program if len(found) == 1 and found[0].printed == m.group("name") else None


def cover_year(head: list[str]) -> int | None:
    """Given the title area's lines, return the year of the first line that is only a date (the
    cover's 令和8年1月), or None."""
    for line in head:
        m = _COVER_DATE.match(line.strip())
        if m is None:
            continue
        if m.group("year"):
            return int(m.group("year"))
        return era_to_western(m.group("era"), 1 if m.group("n") == "元" else int(m.group("n")))
    return None


def title_type(line: str) -> list[Name]:
    """Given a title line, return the type a 型 in brackets after its program's name names, if any."""
    m = _TITLE_TYPE.search(line)
    return [Name(m.start(1), m.end(1), m.group(1), "type", "frame.title-type")] if m else []


def slide_program(first: str, current: str | None, catalog: Catalog) -> str | None:
    """Given the first line of a page and the program the walk stands in, return the program the
    catalog lacks that the line is nothing but the name of (the title of the next program's slide),
    when it is another program than the current one and no part of its name; else None."""
    if catalog.find(first):
        return None  # a catalog program: the walk's own headings see to it
    found = [m for m in catalog.find(first, unknown=True) if m.via == "unknown"]
    if len(found) != 1 or _NOISE.sub("", first[: found[0].start] + first[found[0].end :]):
        return None
    name = found[0].program
    return name if current is None or (name != current and name not in current) else None
