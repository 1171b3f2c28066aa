"""What `hojo diff --from X --to Y` may name, and which editions (or documents) each names.

X is, in this order: a document key (compare exactly that document); a budget year (`2024`,
`2024補正`, `令和6年度補正`, `R6`: every edition of that year); a round (`20次`, `第20次`,
`第20次公募`, `第17回`); an edition label (`IT導入補助金2025`, matched after NFKC and case
folding); a version (a date: `R7.7.1`, `令和7年4月1日版`, `2025-07-01`; or a number: `第4版`,
`Ver.1.0`, `v9`). Pure: the caller passes the program's editions and documents.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from extract.facts.ruletable import regex
from extract.knowledge.editions import BUDGET_RANK, Edition
from normalize.dates import era_to_western, find_dates
from normalize.errors import ParseError

_ROUND_WORDS = re.compile(r"\s*(?:公募|締切|募集)?")
_ROUND_LABEL = regex("edition.round-label")
_ERA_YEAR = re.compile(r"(令和|R|r)(\d{1,2}|元)")
_VERSION_NO = re.compile(r"(?:第|[Vv][Ee][Rr](?:sion)?\.?|[Vv])?\s*([0-9]+(?:\.[0-9]+)*)\s*版?")


class SpecError(ValueError):
    """An edition spec names nothing the program has (the message lists what it has)."""


@dataclass(frozen=True, slots=True)
class YearSpec:
    """A budget year as asked on the command line: `2024`, `2024補正`, `令和6年度補正`, `R6`."""

    year: int
    budget: str | None = None

    @property
    def label(self) -> str:
        """Return the spec as shown in reports ("2024", "2024補正")."""
        return f"{self.year}{self.budget or ''}"


def parse_year(text: str) -> YearSpec | None:
    """Given `2024`, `2024補正`, `2024当初`, `令和6年度補正` or `R6`, return the YearSpec, else None."""
    s = fold(text).replace("年度", "").replace("予算", "")
    budget = next((b for b in BUDGET_RANK if s.endswith(b)), None)
    if budget:
        s = s[: -len(budget)]
    m = _ERA_YEAR.fullmatch(s)
    if m:
        try:
            return YearSpec(era_to_western(m.group(1), 1 if m.group(2) == "元" else int(m.group(2))), budget)
        except ParseError:
            return None  # 令和0年: no era year
    if re.fullmatch(r"\d{4}", s):
        return YearSpec(int(s), budget)
    return None


def fold(text: str) -> str:
    """Return `text` NFKC-normalised, case-folded, without white space (how names are matched)."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True, slots=True)
class Selection:
    """What a spec names: editions (all of a year, a round …) or one document; `label` names it in reports."""

    label: str
    editions: tuple[Edition, ...] = ()
    document: str | None = None
    year: YearSpec | None = None


def _version_date(text: str) -> dt.date | None:
    found = find_dates(text)
    if len(found) == 1 and found[0][2].date is not None and found[0][1] - found[0][0] >= len(text.strip()) - 2:
        return found[0][2].date
    return None


def _version_no(v: str) -> str | None:
    m = _VERSION_NO.fullmatch(fold(v))
    return m.group(1) if m else None


def select(text: str, editions: Sequence[Edition], documents: Sequence[str]) -> Selection:
    """Given a spec and a program's editions (in order) and documents, return what it names; raise SpecError
    when it names nothing, or editions of several lines of the program for one round."""
    raw = text.strip()
    if raw in documents:
        return Selection(raw, document=raw)
    year = parse_year(raw)
    if year is not None:
        hits = tuple(e for e in editions if e.attrs.fiscal_year == year.year
                     and (year.budget is None or e.attrs.budget == year.budget))
        if not hits:
            raise SpecError(f"no edition of budget year {year.label} (it has: {listing(editions)})")
        return Selection(year.label, hits, year=year)
    m = _ROUND_LABEL.match(fold(raw))
    if m and _ROUND_WORDS.fullmatch(fold(raw)[m.end() :]):
        n = int(m.group("n"))
        hits = tuple(e for e in editions if e.attrs.round_no == n)
        if not hits:
            raise SpecError(f"no edition of round {raw} (it has: {listing(editions)})")
        if len({e.attrs.series for e in hits}) > 1:
            raise SpecError(f"round {raw} is a round of several lines of the program ({listing(hits)}); "
                            "name a document instead")
        return Selection(hits[0].attrs.round, hits)
    hits = tuple(e for e in editions if e.attrs.label and fold(e.attrs.label) == fold(raw))
    if hits:
        return Selection(hits[0].attrs.label, hits)
    day = _version_date(raw)
    number = _version_no(raw)
    hits = tuple(e for e in editions if (day is not None and e.attrs.version_date == day)
                 or (day is None and number is not None and e.attrs.version
                     and _version_no(e.attrs.version) == number))
    if hits:
        return Selection(hits[0].attrs.version, hits)
    raise SpecError(f"{raw!r} names no edition or document (try a budget year 2024, a round 20次, an edition "
                    f"label, a version date, or a document key; editions: {listing(editions)})")


def listing(editions: Sequence[Edition]) -> str:
    """Return the editions as one line: ``2023補正; 2024補正 IT導入補助金2025; 第20次``."""
    return "; ".join(e.describe() for e in editions) or "none"
