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
from sqlalchemy.orm import Session

from normalize.qualifiers import Band, Qualifiers, Tier
from schema.catalog import canonical_program
from schema.diff import Definition, DiffReport, Side, SideStatement, Source, Value, compare
from schema.models import (
    ApplicantDefinition,
    Document,
    Edition,
    Fact,
    Frame,
    Program,
    ProgramAlias,
    Statement,
    StatementSource,
)
from schema.statements_store import ensure_statements

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


def _qualifiers(d: dict[str, Any]) -> Qualifiers:
    """Rebuild typed qualifiers from their stored JSON form (`Qualifiers.to_dict`)."""
    band = tier = None
    if "band_min" in d or "band_max" in d:
        band = Band(d.get("band_min"), d.get("band_max"), bool(d.get("band_min_inclusive", True)),
                    bool(d.get("band_max_inclusive", True)))
    if d.get("tier_dimension"):
        tier = Tier(d["tier_dimension"], d.get("tier_min"), d.get("tier_max"))
    return Qualifiers(band, tier, d.get("category"), d.get("round"), d.get("provision"), d.get("case"),
                      d.get("industry"))


def load_side(conn: Connection, program: str, spec: YearSpec, roots: tuple[Path, ...] = ()) -> Side:
    """Return the statements of `program` in budget year `spec` (all its budgets and rounds when not named).

    Without a budget in `spec`, a key stated by several budgets of the year keeps only the
    statement of the highest (補正 over 当初).
    """
    rank = case({"補正": 2, "当初": 1}, value=Statement.budget, else_=0)
    where = [Program.name == program, Statement.fiscal_year == spec.year]
    if spec.budget:
        where.append(Statement.budget == spec.budget)
    rows = Session(conn).execute(
        select(Statement, rank.label("rank")).join(Program, Statement.program_id == Program.id).where(*where)
        .order_by(rank.desc(), Statement.round, Statement.frame, Statement.type, Statement.kind,
                  Statement.applicant, Statement.qualifier_key)
    ).all()
    src_rows = conn.execute(
        select(StatementSource.statement_id, StatementSource.value, StatementSource.via, Fact.page, Fact.quote,
               Fact.emphasis, Document.key, Document.title, Document.source_url, Document.file_name,
               Document.published, Edition.label, Edition.fiscal_year, Edition.budget)
        .join(Fact, StatementSource.fact_id == Fact.id).join(Document, Fact.document_id == Document.id)
        .join(Frame, Fact.frame_id == Frame.id).join(Edition, Frame.edition_id == Edition.id)
        .join(Statement, StatementSource.statement_id == Statement.id)
        .join(Program, Statement.program_id == Program.id).where(*where)
        # the exact statements first, then the newest document; ties on content, never on row ids
        .order_by(StatementSource.statement_id, StatementSource.via != "exact", Document.published.is_(None),
                  Document.published.desc(), Document.key, func.coalesce(Fact.page, 0), Fact.quote)
    ).all()
    sources: dict[int, list[tuple[str, bool, Source]]] = {}
    for r in src_rows:
        url, file_url = page_links(r.source_url, r.file_name, r.page, roots)
        src = Source(r.key, r.page, r.quote, r.title, r.label, r.fiscal_year, r.budget, url, file_url)
        sources.setdefault(r.statement_id, []).append((r.value, bool(r.emphasis), src))
    side = Side(fiscal_year=spec.year, budget=spec.budget)
    best_rank: dict[tuple[Any, ...], int] = {}
    documents: set[str] = set()
    editions: set[str] = set()
    for st, r_rank in rows:
        ref = (st.frame, st.type)
        if best_rank.setdefault((ref, st.kind, st.applicant, st.qualifier_key, st.unit), r_rank) != r_rank:
            continue
        side.budget = side.budget or st.budget
        values = []
        for v in [x["value"] for x in st.values]:
            srcs = [(e, s) for value, e, s in sources.get(st.id, []) if value == v]
            if srcs:
                values.append(Value(st.kind, v, any(e for e, _ in srcs), tuple(s for _, s in srcs)))
        if not values:
            continue
        documents.update(s.document for v in values for s in v.sources)
        editions.update(st.editions)
        side.statements.append(SideStatement(ref, st.kind, st.applicant, _qualifiers(st.qualifiers), st.condition,
                                             st.status, values, st.unit))
    for d, label, year, budget, key, title, url_, file_name, page, quote_ in Session(conn).execute(
        select(ApplicantDefinition, Edition.label, Edition.fiscal_year, Edition.budget, Document.key, Document.title,
               Document.source_url, Document.file_name, Fact.page, Fact.quote)
        .join(Fact, ApplicantDefinition.fact_id == Fact.id).join(Document, Fact.document_id == Document.id)
        .join(Frame, Fact.frame_id == Frame.id).join(Edition, Frame.edition_id == Edition.id)
        .join(Program, ApplicantDefinition.program_id == Program.id)
        .where(Program.name == program, ApplicantDefinition.fiscal_year == spec.year,
               *([ApplicantDefinition.budget == spec.budget] if spec.budget else []))
        .order_by(Document.key, Fact.page, Fact.quote)
    ):
        url, file_url = page_links(url_, file_name, page, roots)
        side.definitions.append(Definition((d.frame, d.type), d.applicant, d.definition,
                                           Source(key, page, quote_, title, label, year, budget, url, file_url)))
    side.documents = sorted(documents)
    side.editions = sorted(editions)
    return side


def diff_program(engine: Engine, program: str, before: str | None = None, after: str | None = None,
                 roots: tuple[Path, ...] = ()) -> DiffReport:
    """Compare budget years `before` and `after` (default: the two newest) of `program`; return the report."""
    ensure_statements(engine)
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
