"""Read mentions from the database and store the statements built from them.

Statements are derived data: `refresh_statements` rebuilds those of the given programs (or of
all) from the stored facts, inside the caller's transaction, so a reader sees either the old
statements or the new ones. A build calls it once after its documents are stored;
`hojo db upgrade` calls it for a database that predates statements.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, text
from sqlalchemy.orm import Session

from extract.knowledge.statements import Mention, Statement, build_statements
from normalize.sources import version
from schema.editions_store import refresh_editions
from schema.models import (
    ApplicantDefinitionRow,
    DerivedVersionRow,
    DocumentEditionRow,
    DocumentRow,
    EditionTypeFrameRow,
    FactRow,
    FrameRow,
    ProgramEditionRow,
    ProgramRow,
    ScopeRow,
    StatementRow,
    StatementSourceRow,
)
from schema.sources import STATEMENTS
from schema.store import FACTS_LOCK, TYPED_NONE, clean, typed_value

log = logging.getLogger(__name__)

@cache
def code_version() -> str:
    """Return the version of the files whose code derives editions and statements from facts, as each package
    names them (`schema.sources.STATEMENTS`): the statements stage's version in `corpus.stages` (12 hex digits)."""
    return version(STATEMENTS)


def load_mentions(conn: Connection | Session, programs: Iterable[str] | None = None,
                  documents: Iterable[str] | None = None) -> list[Mention]:
    """Return the stored facts of `programs` (all when None; of `documents` only when given) as mentions,
    in a stable order. Each mention carries the edition its document's scope resolved to (year,
    budget and round as resolved, `edition_key`), and a 類型 printed without its 枠 takes the 枠
    another document of its edition prints it under (`edition_type_frames`)."""
    query = (
        select(FactRow.id, ProgramRow.name, ScopeRow.fiscal_year, ScopeRow.budget, ScopeRow.label,
               FrameRow.frame, FrameRow.type,
               FactRow.kind, FactRow.value, FactRow.applicant, FactRow.condition, DocumentRow.key, FactRow.page,
               FactRow.quote,
               FactRow.emphasis, ProgramEditionRow.fiscal_year, ProgramEditionRow.budget, ProgramEditionRow.round,
               ProgramEditionRow.ident, EditionTypeFrameRow.frame, FactRow.unit)
        .join(FrameRow, FactRow.frame_id == FrameRow.id).join(ScopeRow, FrameRow.edition_id == ScopeRow.id)
        .join(ProgramRow, ScopeRow.program_id == ProgramRow.id)
        .join(DocumentRow, FactRow.document_id == DocumentRow.id)
        .outerjoin(DocumentEditionRow, (DocumentEditionRow.document_id == DocumentRow.id)
                   & (DocumentEditionRow.edition_id == ScopeRow.id))
        .outerjoin(ProgramEditionRow, ProgramEditionRow.id == DocumentEditionRow.program_edition_id)
        .outerjoin(EditionTypeFrameRow, (EditionTypeFrameRow.program_edition_id == ProgramEditionRow.id)
                   & (EditionTypeFrameRow.type == FrameRow.type) & (FrameRow.frame == ""))
        .where(DocumentRow.status == "ok")
        .order_by(DocumentRow.key, FactRow.page, FactRow.id)
    )
    if programs is not None:
        query = query.where(ProgramRow.name.in_(sorted(set(programs))))
    if documents is not None:
        query = query.where(DocumentRow.key.in_(sorted(set(documents))))
    out = []
    for r in conn.execute(query):
        resolved = r[18] is not None
        out.append(Mention(r[0], r[1], r[15] if resolved else r[2], r[16] if resolved else r[3], r[4] or "",
                           r[19] or r[5] or "", r[6] or "", r[7], r[8], r[9], r[10], r[11], r[12], r[13], bool(r[14]),
                           (r[17] or "") if resolved else "", r[18] or "", unit=r[20]))
    return out


def statement_row(st: Statement, program_id: int, edition_id: int | None = None) -> dict[str, Any]:
    """Given a built statement, return its `statements` row (typed value columns included)."""
    _program, year, budget, round_, _edition = st.edition
    counts: dict[str, int] = {}
    for s in st.sources:
        counts[s.value] = counts.get(s.value, 0) + 1
    typed = {**TYPED_NONE, **typed_value(st.kind, st.value)}
    return {
        "program_id": program_id, "edition_id": edition_id, "fiscal_year": year, "budget": budget,
        "round": clean(round_),
        "editions": clean(st.editions), "frame": clean(st.frame), "type": clean(st.type), "kind": st.kind,
        "applicant": clean(st.applicant), "unit": st.unit, "qualifiers": st.qualifiers.to_dict(),
        "qualifier_key": clean(st.qualifiers.key()), "condition": clean(st.condition), "value": clean(st.value),
        "status": st.status, "values": [{"value": v, "sources": counts.get(v, 0)} for v in st.values],
        "emphasis": st.emphasis, "n_sources": len(st.sources), **typed,
    }


def refresh_statements(session: Session, programs: Iterable[str] | None = None) -> tuple[int, int]:
    """Rebuild the statements of `programs` (all when None) from their facts; return (statements, mentions).

    On PostgreSQL the refresh holds the facts lock alone (`schema.store.FACTS_LOCK`, which document writers
    share): one refresh at a time, and no document written meanwhile, so every fact it links is there
    until it commits."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FACTS_LOCK})
    names = None if programs is None else sorted(set(programs))
    program_ids: dict[str, int] = dict(session.execute(select(ProgramRow.name, ProgramRow.id)).all())  # type: ignore[arg-type]
    scope = list(program_ids.values()) if names is None else [program_ids[n] for n in names if n in program_ids]
    if not scope:
        if names is None:
            _record_version(session)
        return 0, 0
    old = select(StatementRow.id).where(StatementRow.program_id.in_(scope))
    session.execute(delete(StatementSourceRow).where(StatementSourceRow.statement_id.in_(old)))
    session.execute(delete(StatementRow).where(StatementRow.program_id.in_(scope)))
    session.execute(delete(ApplicantDefinitionRow).where(ApplicantDefinitionRow.program_id.in_(scope)))
    refresh_editions(session, names)
    edition_ids = {(program, ident): eid for eid, program, ident in session.execute(
        select(ProgramEditionRow.id, ProgramRow.name, ProgramEditionRow.ident).join(ProgramRow))}
    mentions = load_mentions(session, names)
    statements, definitions = build_statements(mentions)
    rows = [statement_row(st, program_ids[st.edition[0]], edition_ids.get((st.edition[0], st.edition[4])))
            for st in statements]
    ids: list[int] = []
    if rows:
        table = cast(Table, StatementRow.__table__)
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        ids = list(session.execute(stmt, rows).scalars())
    sources = [{"statement_id": sid, "fact_id": s.mention.fact_id, "value": clean(s.value), "via": s.via}
               for sid, st in zip(ids, statements, strict=True) for s in st.sources]
    if sources:
        session.execute(insert(StatementSourceRow.__table__), sources)  # type: ignore[arg-type]
    defs = [{"program_id": program_ids[d.edition[0]], "edition_id": edition_ids.get((d.edition[0], d.edition[4])),
             "fiscal_year": d.edition[1], "budget": d.edition[2],
             "round": clean(d.edition[3]), "frame": clean(d.frame), "type": clean(d.type),
             "applicant": clean(d.applicant), "definition": clean(d.definition), "fact_id": d.mention.fact_id}
            for d in definitions]
    if defs:
        session.execute(insert(ApplicantDefinitionRow.__table__), defs)  # type: ignore[arg-type]
    if names is None:
        _record_version(session)
    log.info("statements: %d from %d mentions (%d applicant definitions)", len(rows), len(mentions), len(defs))
    return len(rows), len(mentions)


def _record_version(session: Session) -> None:
    """Record that every program's statements are now those `code_version` derives."""
    session.execute(delete(DerivedVersionRow).where(DerivedVersionRow.name == "statements"))
    session.add(DerivedVersionRow(name="statements", version=code_version()))
    session.flush()


def statements_stale(session: Session) -> bool:
    """Return whether the statements lag the facts or the code: a fact supports none, a statement lost
    every source, or they were derived by another version of the code (`code_version`)."""
    stored = session.execute(select(DerivedVersionRow.version).where(DerivedVersionRow.name == "statements")).scalar()
    if stored != code_version():
        return True
    ok_facts = session.execute(
        select(func.count(FactRow.id)).join(DocumentRow,
                                            FactRow.document_id == DocumentRow.id).where(DocumentRow.status == "ok")
    ).scalar() or 0
    covered = session.execute(select(func.count(func.distinct(StatementSourceRow.fact_id)))).scalar() or 0
    if covered < ok_facts:
        return True
    orphan = select(StatementRow.id).where(~StatementRow.sources.any()).limit(1)
    return session.execute(orphan).first() is not None


def ensure_statements(engine: Engine) -> None:
    """Derive the statements from the stored facts where they lag them (facts saved by other means, an old build).

    A read-only database is never written: its stored statements are read as they are, with a warning."""
    from schema.db import transaction
    from schema.dburl import read_only

    if read_only(engine):
        with Session(engine) as s:
            if statements_stale(s):
                log.warning("the statements stored lag the facts (derived by another hojo, or before some facts "
                            "were stored); the database is read-only, so they are read as they are: "
                            "`hojo build` where it can be written derives them again")
        return
    with transaction(engine) as s:
        if statements_stale(s):
            log.info("deriving statements from the stored facts")
            refresh_statements(s)
