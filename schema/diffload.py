"""Read what the diff compares from the database: programs, their budget years, and each year's values.

Every query takes document text only as bound parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, case, func, select

from schema.catalog import canonical_program
from schema.diff import DiffReport, Side, Source, Value, compare
from schema.models import Document, Edition, Fact, Frame, Program, ProgramAlias

BUDGET_RANK = {"補正": 2, "当初": 1}


class DiffError(ValueError):
    """A diff was asked for a program or year the database does not hold."""


@dataclass(frozen=True, slots=True)
class YearSpec:
    """A budget year as asked on the command line: `2024`, `2024補正`, `令和6年度補正`, `R6`."""

    year: int
    budget: str | None = None

    @property
    def label(self) -> str:
        """Return the spec as shown in reports ("2024", "2024補正")."""
        return f"{self.year}{self.budget or ''}"


def parse_year(text: str) -> YearSpec:
    """Given `2024`, `2024補正`, `2024当初`, `令和6年度補正` or `R6`, return the YearSpec; raise DiffError else."""
    s = text.strip().replace("年度", "").replace("予算", "")
    budget = next((b for b in BUDGET_RANK if s.endswith(b)), None)
    if budget:
        s = s[: -len(budget)]
    m = re.fullmatch(r"(?:令和|R|r)(\d{1,2}|元)", s)
    if m:
        return YearSpec(2018 + (1 if m.group(1) == "元" else int(m.group(1))), budget)
    if re.fullmatch(r"\d{4}", s):
        return YearSpec(int(s), budget)
    raise DiffError(f"not a budget year: {text!r} (try 2024, 2024補正, 令和6年度補正)")


@dataclass(slots=True)
class ProgramYears:
    """A program and the budget years the database holds facts for."""

    program: str
    years: dict[int, set[str]] = field(default_factory=dict)  # fiscal year → budgets present
    facts: int = 0
    documents: int = 0

    def describe(self) -> str:
        """Return e.g. `2023(当初) 2024(当初,補正)`."""
        return " ".join(
            f"{y}({','.join(sorted(b, key=lambda x: BUDGET_RANK.get(x, 0))) or '?'})"
            for y, b in sorted(self.years.items())
        )


def available(conn: Connection) -> list[ProgramYears]:
    """Return every program with facts, its fiscal years and budgets, in name order."""
    rows = conn.execute(
        select(Program.name, Edition.fiscal_year, Edition.budget, func.count(Fact.id),
               func.count(func.distinct(Fact.document_id)))
        .join(Edition, Edition.program_id == Program.id).join(Frame, Frame.edition_id == Edition.id)
        .join(Fact, Fact.frame_id == Frame.id)
        .group_by(Program.name, Edition.fiscal_year, Edition.budget).order_by(Program.name)
    ).all()
    out: dict[str, ProgramYears] = {}
    for name, year, budget, n_facts, n_docs in rows:
        p = out.setdefault(name, ProgramYears(name))
        p.facts += n_facts
        p.documents = max(p.documents, n_docs)
        if year is not None:
            p.years.setdefault(year, set())
            if budget:
                p.years[year].add(budget)
    return list(out.values())


def resolve_program(conn: Connection, name: str) -> str:
    """Given a program name or alias, return the stored canonical name; raise DiffError if unknown."""
    stored = conn.execute(select(Program.name).where(Program.name == name)).scalar()
    if stored is None:
        stored = conn.execute(select(Program.name).join(ProgramAlias).where(ProgramAlias.alias == name)).scalar()
    if stored is None and (canonical := canonical_program(name)):
        stored = conn.execute(select(Program.name).where(Program.name == canonical)).scalar()
    if stored is None:
        known = ", ".join(p.program for p in available(conn)) or "none"
        raise DiffError(f"no program {name!r} in the database (programs with facts: {known})")
    return stored


def default_years(conn: Connection, program: str) -> tuple[YearSpec, YearSpec]:
    """Return the two newest fiscal years of `program`; raise DiffError when it has fewer than two."""
    years = sorted(next((p.years for p in available(conn) if p.program == program), {}))
    if len(years) < 2:
        raise DiffError(f"{program} has facts for {len(years)} budget year(s); a diff needs two")
    return YearSpec(years[-2]), YearSpec(years[-1])


@cache
def _find_file(root: Path, name: str) -> Path | None:
    direct = root / name
    if direct.is_file():
        return direct.resolve()
    return next((p.resolve() for p in sorted(root.rglob(Path(name).name)) if p.is_file()), None)


def page_links(source_url: str | None, file_name: str | None, page: int | None,
               roots: tuple[Path, ...] = ()) -> tuple[str | None, str | None]:
    """Return (publisher URL, local file:// URL) of a document page, each with `#page=N` when known."""
    anchor = f"#page={page}" if page else ""
    url = f"{source_url}{anchor}" if source_url and source_url.startswith(("http://", "https://")) else None
    local: Path | None = None
    if file_name:
        p = Path(file_name)
        if p.is_absolute() and p.is_file():
            local = p
        else:
            local = next((f for r in roots if r.is_dir() and (f := _find_file(r.resolve(), file_name))), None)
    return url, (local.as_uri() + anchor if local else None)


def load_side(conn: Connection, program: str, spec: YearSpec, roots: tuple[Path, ...] = ()) -> Side:
    """Return the values of `program` in budget year `spec`, the best-ranked budget first.

    Without a budget in `spec`, a key stated by several budgets of the year keeps only the
    values of the highest (補正 over 当初); distinct values of that budget all stay.
    """
    rank = case({"補正": 2, "当初": 1}, value=Edition.budget, else_=0)
    query = (
        select(Frame.frame, Frame.type, Fact.kind, Fact.applicant, Fact.condition, Fact.value, Fact.emphasis,
               Fact.page, Fact.quote, Document.key, Document.title, Document.source_url, Document.file_name,
               Edition.label, Edition.fiscal_year, Edition.budget, rank.label("rank"))
        .join(Frame, Fact.frame_id == Frame.id).join(Edition, Frame.edition_id == Edition.id)
        .join(Program, Edition.program_id == Program.id).join(Document, Fact.document_id == Document.id)
        .where(Program.name == program, Edition.fiscal_year == spec.year)
        # NULLs sort differently per dialect and ids follow insertion order: tie-break on content instead
        .order_by(rank.desc(), Document.published.is_(None), Document.published.desc(), Document.key,
                  func.coalesce(Fact.page, 0), Fact.quote, Fact.id)
    )
    if spec.budget:
        query = query.where(Edition.budget == spec.budget)
    side: Side = {}
    best_rank: dict[tuple[Any, ...], int] = {}
    for r in conn.execute(query):
        ref, key = (r.frame, r.type), (r.kind, r.applicant, r.condition)
        if best_rank.setdefault((ref, key), r.rank) != r.rank:
            continue
        url, file_url = page_links(r.source_url, r.file_name, r.page, roots)
        src = Source(r.key, r.page, r.quote, r.title, r.label, r.fiscal_year, r.budget, url, file_url)
        values = side.setdefault(ref, {}).setdefault(key, [])
        same = next((i for i, v in enumerate(values) if v.value == r.value), None)
        if same is None:
            values.append(Value(r.kind, r.value, bool(r.emphasis), src))
        elif r.emphasis and not values[same].emphasis:
            values[same] = Value(r.kind, r.value, True, src)  # the red printing is the one worth citing
    return side


def diff_program(engine: Engine, program: str, before: str | None = None, after: str | None = None,
                 roots: tuple[Path, ...] = ()) -> DiffReport:
    """Compare budget years `before` and `after` (default: the two newest) of `program`; return the report."""
    with engine.connect() as conn:
        name = resolve_program(conn, program)
        if before is None or after is None:
            old_default, new_default = default_years(conn, name)
        b = parse_year(before) if before else old_default
        a = parse_year(after) if after else new_default
        years = next((p.years for p in available(conn) if p.program == name), {})
        for spec in (b, a):
            if spec.year not in years or (spec.budget and spec.budget not in years[spec.year]):
                have = ProgramYears(name, years).describe() or "none"
                raise DiffError(f"{name} has no facts for budget year {spec.label} (it has: {have})")
        return compare(name, b.label, a.label, load_side(conn, name, b, roots), load_side(conn, name, a, roots))
