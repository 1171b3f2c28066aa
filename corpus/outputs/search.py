"""Ask the statements a consultant's question: which programs pay 2/3 or more to 小規模事業者, and close after 1 June?

`search(session, Query(...))` reads the statements (one per rule of a program's edition, with
their sources) and keeps those that answer the query:

- by default the newest edition of each program only (`all_editions=True` keeps every edition), in
  the editions' order (`extract.knowledge.editions`: fiscal year, budget, round, version; an edition dated only
  by its round or version takes its place among them); the editions of one budget year count as one;
- `applicant` matches a statement for that applicant, for a class that contains it (小規模事業者 lies
  within 中小企業) and one stated for every applicant; where a frame states the same kind for
  several of these, the most specific one answers (小規模事業者's 2/3, not the 1/2 for everyone);
- `minimum` / `maximum` compare values of the same family: a rate (`2/3`) with rates, an amount
  (`100万円`) with amounts in yen, a bare number with the counts and percentages of requirements;
- `open_on` keeps frames whose application window (an opening, the deadline after it) holds the
  date; `closes_after` those with a deadline later than the date; dates printed for the whole
  program hold for each of its frames.

Each hit carries its sources (document title, page, quote), so every answer points to its words.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal, TextIO

from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from normalize.amounts import format_amount, parse_amount
from normalize.dates import parse_date
from normalize.errors import ParseError
from normalize.qualifiers import applicant_within, canonical_applicant
from normalize.rates import parse_rate
from schema.models import DocumentRow, FactRow, ProgramEditionRow, ProgramRow, StatementRow, StatementSourceRow

Family = Literal["rate", "yen", "number"]
FAMILY_OF_KIND: dict[str, Family] = {"rate": "rate", "cap_max": "yen", "cap_min": "yen", "budget": "yen",
                                     "capital_max": "yen", "employees_max": "number", "wage_growth_min": "number",
                                     "min_wage_margin": "number"}
"""Which values of a kind a bound compares with (a rate bound never compares with an amount)."""
DATE_KINDS = ("opens", "deadline")
_BUDGET_RANK = {None: 0, "当初": 1, "補正": 2}
Window = tuple[dt.date | None, dt.date]
"""An application window: the opening (None when none is printed) and the deadline."""
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


class QueryError(ValueError):
    """A query value that cannot be read (a bound that is no rate, amount or number; a bad date)."""


@dataclass(frozen=True, slots=True)
class Bound:
    """A --min/--max value: its family and the number it stands for (a rate as a fraction, yen, a count)."""

    family: Family
    number: Fraction
    text: str

    @classmethod
    def parse(cls, text: str) -> Bound:
        """Given `2/3`, `３分の２`, `100万円`, `1.5億円` or `20`, return the bound; raise QueryError otherwise."""
        t = unicodedata.normalize("NFKC", text).strip()
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?%?", t):
            return cls("number", Fraction(t.rstrip("%")), text)
        if "円" in t:
            try:
                amount = parse_amount(t)
            except ParseError:
                pass
            else:
                yen = amount.max if amount.max is not None else amount.min
                if yen is not None:
                    return cls("yen", Fraction(yen), text)
        try:
            n, d = parse_rate(t).rates[0].split("/")
        except (ParseError, ValueError):
            raise QueryError(f"{text!r} is no rate (2/3), amount (100万円) or number (20)") from None
        return cls("rate", Fraction(int(n), int(d)), text)


def parse_day(text: str) -> dt.date:
    """Given `2025-06-01`, `2025/6/1` or `令和7年6月1日`, return the date; raise QueryError otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    try:
        found = parse_date(text).date
    except ParseError:
        found = None
    if found is None:
        raise QueryError(f"{text!r} is no date (2025-06-01, 令和7年6月1日)")
    return found


@dataclass(frozen=True, slots=True)
class Query:
    """What to look for; None leaves a criterion out."""

    program: str | None = None
    kind: str | None = None
    frame: str | None = None
    applicant: str | None = None
    minimum: Bound | None = None
    maximum: Bound | None = None
    open_on: dt.date | None = None
    closes_after: dt.date | None = None
    unit: str | None = None
    all_editions: bool = False


@dataclass(frozen=True, slots=True)
class Citation:
    """A place a hit is printed: document key and title, page, quote."""

    document: str
    title: str | None
    page: int | None
    quote: str

    def cite(self) -> str:
        """Return the source as a reader cites it: title (or key) and page."""
        return f"{self.title or self.document} p.{self.page}" if self.page else (self.title or self.document)


@dataclass(slots=True)
class Hit:
    """A statement as the search sees it."""

    id: int
    program: str
    fiscal_year: int | None
    budget: str | None
    round: str
    editions: list[str]
    frame: str
    type: str
    kind: str
    applicant: str | None
    qualifiers: dict[str, Any]
    qualifier_key: str
    condition: str | None
    value: str
    number: Fraction | None
    day: dt.date | None
    unit: str | None
    status: str
    sources: list[Citation] = field(default_factory=list)
    window: Window | None = None
    """With a date criterion: the opening and the deadline that answered it."""
    order: int | None = None
    """The place of its edition among its program's (`edition_order`); None: placed by fiscal year and budget."""

    @property
    def edition(self) -> tuple[int, int]:
        """Return the key that orders the editions of a program: the stored editions' order where known, else
        fiscal year, then 補正 over 当初. The rounds of one budget year count as one edition here, since a
        schedule printed for a round (第15回) and the rates printed for the year are one offer."""
        if self.order is not None:
            return (self.order, 0)
        return (self.fiscal_year if self.fiscal_year is not None else -1, _BUDGET_RANK.get(self.budget, 0))

    def shown_value(self) -> str:
        """Return the value as a reader reads it (150万円, 2/3, 2025-06-13 17:00)."""
        if FAMILY_OF_KIND.get(self.kind) == "yen" and self.value.isdigit():
            return format_amount(int(self.value))
        return self.value.replace("T", " ")

    def to_json(self) -> dict[str, Any]:
        """Return the hit as a JSON object, its sources listed."""
        out: dict[str, Any] = {
            "program": self.program, "fiscal_year": self.fiscal_year, "budget": self.budget,
            "round": self.round or None, "editions": self.editions, "frame": self.frame or None,
            "type": self.type or None, "kind": self.kind, "applicant": self.applicant,
            "qualifiers": self.qualifiers, "condition": self.condition,
            "value": int(self.value) if FAMILY_OF_KIND.get(self.kind) == "yen" and self.value.isdigit()
            else self.value, "unit": self.unit, "status": self.status, "statement_id": self.id,
            "sources": [{"document": s.document, "title": s.title, "page": s.page, "quote": s.quote}
                        for s in self.sources]}
        if self.window is not None:
            opens, deadline = self.window
            out["opens"], out["deadline"] = opens.isoformat() if opens else None, deadline.isoformat()
        return out


def _number(st: StatementRow) -> Fraction | None:
    if st.rate_num is not None and st.rate_den:
        return Fraction(st.rate_num, st.rate_den)
    if st.yen is not None:
        return Fraction(st.yen)
    m = _NUMBER.fullmatch(st.value.strip())
    return Fraction(m.group()) if m else None


Offer = tuple[str, Any, Any]
"""What search counts as one edition: ("year", fiscal year, budget), or ("edition", ident) for one without a year."""


def _offer(fiscal_year: int | None, budget: str | None, ident: str) -> Offer:
    return ("year", fiscal_year, budget) if fiscal_year is not None else ("edition", ident, None)


def edition_order(session: Session, program: str | None = None) -> dict[str, dict[Offer, int]]:
    """Return, per program, the place of each of its offers (`Offer`) in the order of its stored editions
    (`program_editions.position`): an offer is as new as its newest edition."""
    from schema.editions_store import stored_editions

    out: dict[str, dict[Offer, int]] = defaultdict(dict)
    for stored in stored_editions(session, program):  # each program's editions in order
        a = stored.edition.attrs
        places = out[stored.program]
        offer = _offer(a.fiscal_year, a.budget, stored.edition.ident)
        places.pop(offer, None)
        places[offer] = -1
    for places in out.values():
        for i, offer in enumerate(places):
            places[offer] = i
    return out


def read_rows(session: Session, program: str | None = None) -> list[Hit]:
    """Return every statement (of `program`, when given) as a Hit with its sources, the best first, each placed
    by its edition (`edition_order`)."""
    q = (select(StatementRow, ProgramRow.name, ProgramEditionRow.ident).join(ProgramRow,
                                                                             StatementRow.program_id == ProgramRow.id)
         .outerjoin(ProgramEditionRow, StatementRow.edition_id == ProgramEditionRow.id))
    if program is not None:
        q = q.where(ProgramRow.name == program)
    order = edition_order(session, program)
    rows: dict[int, Hit] = {}
    for st, name, ident in session.execute(q.order_by(StatementRow.id)):
        places = order.get(name)
        place = None
        if places:  # a statement of no stored edition is placed by its budget year, else first
            place = places.get(_offer(st.fiscal_year, st.budget, ident or ""), -1)
        rows[st.id] = Hit(st.id, name, st.fiscal_year, st.budget, st.round or "", list(st.editions or []),
                          st.frame or "", st.type or "", st.kind, st.applicant, dict(st.qualifiers or {}),
                          st.qualifier_key or "", st.condition, st.value, _number(st), st.date,
                          st.unit, st.status, order=place)
    srcs = (select(StatementSourceRow.statement_id, DocumentRow.key, DocumentRow.title, FactRow.page, FactRow.quote)
            .join(FactRow, StatementSourceRow.fact_id == FactRow.id)
            .join(DocumentRow, FactRow.document_id == DocumentRow.id)
            .order_by(StatementSourceRow.statement_id, StatementSourceRow.via != "exact", DocumentRow.key,
                      FactRow.page))
    if program is not None:
        srcs = srcs.join(StatementRow, StatementSourceRow.statement_id == StatementRow.id).join(
            ProgramRow, StatementRow.program_id == ProgramRow.id).where(ProgramRow.name == program)
    for sid, key, title, page, quote in session.execute(srcs):
        if sid in rows:
            rows[sid].sources.append(Citation(key, title, page, quote))
    return list(rows.values())


def resolve_program(session: Session, name: str) -> str | None:
    """Return the canonical name of the program `name` names (after NFKC and case folding), or None."""
    from schema.catalog import catalog_aliases

    wanted = _fold(name)
    names = list(session.scalars(select(ProgramRow.name)))
    for n in names:
        if _fold(n) == wanted or any(_fold(a) == wanted for a in catalog_aliases(n)):
            return n
    return None


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def newest_editions(rows: Iterable[Hit]) -> list[Hit]:
    """Keep the statements of each program's newest edition (`Hit.edition`)."""
    rows = list(rows)
    newest: dict[str, tuple[int, int]] = {}
    for r in rows:
        newest[r.program] = max(newest.get(r.program, r.edition), r.edition)
    return [r for r in rows if r.edition == newest[r.program]]


def _applies_to(row: Hit, applicant: str) -> bool:
    """Return whether `row` holds for `applicant`: stated for it, for a class containing it, or for everyone."""
    return row.applicant is None or applicant_within(applicant, canonical_applicant(row.applicant))


def _specificity(row: Hit, applicant: str) -> int:
    """Return how closely `row`'s applicant names `applicant`: 2 the same, 1 a containing class, 0 everyone."""
    if row.applicant is None:
        return 0
    return 2 if canonical_applicant(row.applicant) == applicant else 1


def most_specific(rows: Sequence[Hit], applicant: str) -> list[Hit]:
    """Given rows that hold for `applicant`, keep per (program, edition, frame, type, kind, qualifiers) the
    ones stated most specifically for it: a frame's 2/3 for 小規模事業者 answers, not its 1/2 for everyone."""
    groups: dict[tuple[Any, ...], list[Hit]] = defaultdict(list)
    for r in rows:
        groups[(r.program, r.edition, r.round, r.frame, r.type, r.kind, r.qualifier_key, r.unit)].append(r)
    out: list[Hit] = []
    for group in groups.values():
        best = max(_specificity(r, applicant) for r in group)
        out += [r for r in group if _specificity(r, applicant) == best]
    return out


def _within(row: Hit, q: Query) -> bool:
    """Return whether the row's value lies within the query's bounds (rows of another family never do)."""
    for bound, keep in ((q.minimum, lambda n, b: n >= b), (q.maximum, lambda n, b: n <= b)):
        if bound is None:
            continue
        if FAMILY_OF_KIND.get(row.kind) != bound.family or row.number is None or not keep(row.number, bound.number):
            return False
    return True


def _windows(rows: Iterable[Hit]) -> dict[tuple[Any, ...], list[Window]]:
    """Return, per (program, edition, frame, type), its application windows: each deadline with the latest
    opening not after it (None when none is printed). A frame without dates of its own takes the program's."""
    days: dict[tuple[Any, ...], dict[str, list[dt.date]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r.kind in DATE_KINDS and r.day is not None:
            days[(r.program, r.edition, r.frame, r.type)][r.kind].append(r.day)
    out: dict[tuple[Any, ...], list[Window]] = {}
    for key, found in days.items():
        opens = sorted(found.get("opens", []))
        out[key] = [(max((o for o in opens if o <= d), default=None), d) for d in sorted(found.get("deadline", []))]
    return out


def _window_for(row: Hit, windows: dict[tuple[Any, ...], list[Window]], q: Query) -> Window | None:
    """Return the window of the row's frame (or of its program) that answers the date criteria, or None."""
    for key in ((row.program, row.edition, row.frame, row.type), (row.program, row.edition, row.frame, ""),
                (row.program, row.edition, "", "")):
        if key not in windows:
            continue
        for opens, deadline in windows[key]:
            if q.closes_after is not None and deadline <= q.closes_after:
                continue
            if q.open_on is not None and not ((opens is None or opens <= q.open_on) and q.open_on <= deadline):
                continue
            return (opens, deadline)
        return None  # the frame's own dates decide; the program's do not override them
    return None


def select_hits(rows: Sequence[Hit], q: Query) -> list[Hit]:
    """Given every statement, return those that answer `q`, ordered by program, edition, frame and kind."""
    pool = list(rows) if q.all_editions else newest_editions(rows)
    windows = _windows(pool) if q.open_on or q.closes_after else {}
    hits = [r for r in pool if (q.kind is None or r.kind == q.kind)
            and (q.frame is None or _fold(q.frame) in _fold(f"{r.frame}{r.type}"))
            and (q.unit is None or (r.unit or "") == ("" if q.unit == "none" else q.unit))]
    if q.applicant is not None:
        who = canonical_applicant(q.applicant) or q.applicant
        hits = most_specific([r for r in hits if _applies_to(r, who)], who)
    hits = [r for r in hits if _within(r, q)]
    if windows or q.open_on or q.closes_after:
        kept = []
        for r in hits:
            r.window = _window_for(r, windows, q)
            if r.window is not None:
                kept.append(r)
        hits = kept
    return sorted(hits, key=lambda r: (r.program, r.edition, r.frame, r.type, r.kind, r.applicant or "",
                                       r.qualifier_key))


def search(session: Session, q: Query) -> list[Hit]:
    """Return the statements of the database that answer `q`, each with its sources."""
    return select_hits(read_rows(session, q.program), q)


def write_hits(hits: list[Hit], fmt: str, out: TextIO) -> None:
    """Write search hits as JSON Lines (`json`) or CSV (`csv`, the sources as a JSON array in one column)."""
    if fmt == "json":
        for h in hits:
            out.write(json.dumps(h.to_json(), ensure_ascii=False) + "\n")
        return
    writer = csv.writer(out)
    writer.writerow(["program", "fiscal_year", "budget", "round", "frame", "type", "kind", "applicant",
                     "condition", "value", "unit", "sources"])
    for h in hits:
        j = h.to_json()
        writer.writerow([j["program"], j["fiscal_year"], j["budget"], j["round"], j["frame"], j["type"],
                         j["kind"], j["applicant"], j["condition"], j["value"], j["unit"],
                         json.dumps(j["sources"], ensure_ascii=False)])


def hits_table(hits: list[Hit]) -> Table:
    """Return search hits as a Rich table to read, sources cited by title and page (the applicant and condition
    columns only where a hit has one)."""
    cols = ["program", "year", "frame / type", "kind", "applicant", "condition", "value", "sources"]
    cells = []
    for h in hits:
        year = f"{h.fiscal_year}{h.budget or ''}" if h.fiscal_year else "—"
        where = " / ".join(x for x in (h.frame, h.type) if x) or "(program)"
        cited = h.sources[0].cite() + (f" (+{len(h.sources) - 1})" if len(h.sources) > 1 else "") \
            if h.sources else ""
        cells.append([h.program, year + (f" {h.round}" if h.round else ""), where, h.kind, h.applicant or "",
                      h.condition or "", h.shown_value(), cited])
    shown = [i for i, c in enumerate(cols) if c not in ("applicant", "condition") or any(r[i] for r in cells)]
    table = Table(title=f"{len(hits)} rule{'' if len(hits) == 1 else 's'}", title_justify="left")
    for i in shown:
        table.add_column(cols[i], overflow="fold")
    for r in cells:
        table.add_row(*(r[i] for i in shown))
    return table
