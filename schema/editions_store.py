"""Read what the edition pass needs from the database, and store the editions it resolves.

`refresh_editions(session, programs)` runs inside the statements stage (before the statements
are built): it reads every document's title and pages and the printed scopes (`editions` rows)
of its facts, resolves them into editions (`extract.knowledge.editions.resolve`), and replaces the rows of
`program_editions`, `document_editions` and `edition_type_frames` for those programs. The
callers delete the statements that point at the old editions first.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from extract.facts.catalog import default_catalog
from extract.knowledge.edition_frames import coverage, type_frames
from extract.knowledge.editions import Attrs, DocInput, Edition, Evidence, Placement, PrintedScope, resolve
from extract.knowledge.printed import compact, read_edition
from normalize.dates import find_fiscals
from schema.models import (
    DocumentEditionRow,
    DocumentRow,
    EditionTypeFrameRow,
    FactRow,
    FrameRow,
    PageRow,
    ProgramEditionRow,
    ProgramRow,
    ScopeRow,
)
from schema.store import clean

log = logging.getLogger(__name__)
TITLE_LINES = 8


def _rows(session: Session, names: Sequence[str] | None) -> dict[int, list[PrintedScope]]:
    """Return the printed scopes of every ok document's facts, by document id."""
    q = (select(DocumentRow.id, DocumentRow.key, ScopeRow.id, ProgramRow.name, ScopeRow.fiscal_year,
                ScopeRow.budget,
                ScopeRow.label, func.count(FactRow.id), func.min(FactRow.page))
         .join(FactRow, FactRow.document_id == DocumentRow.id).join(FrameRow, FactRow.frame_id == FrameRow.id)
         .join(ScopeRow, FrameRow.edition_id == ScopeRow.id)
         .join(ProgramRow, ScopeRow.program_id == ProgramRow.id)
         .where(DocumentRow.status == "ok")
         .group_by(DocumentRow.id, DocumentRow.key, ScopeRow.id, ProgramRow.name, ScopeRow.fiscal_year,
                   ScopeRow.budget,
                   ScopeRow.label))
    if names is not None:
        q = q.where(ProgramRow.name.in_(names))
    out: dict[int, list[PrintedScope]] = defaultdict(list)
    for doc_id, key, row_id, program, year, budget, label, n, page in session.execute(q):
        out[doc_id].append(PrintedScope(row_id, key, program, year, budget, label or "", n, page))
    return out


def _doc_input(session: Session, doc_id: int, rows: list[PrintedScope]) -> DocInput:
    """Read one document's title and pages into what the edition pass needs of it."""
    key, title, published = session.execute(
        select(DocumentRow.key, DocumentRow.title, DocumentRow.published).where(DocumentRow.id == doc_id)).one()
    pages = [(n, t or "") for n, t in session.execute(
        select(PageRow.number, PageRow.text).where(PageRow.document_id == doc_id).order_by(PageRow.number))]
    printed = read_edition(title, pages, default_catalog())
    fiscal_pages: dict[tuple[int, str | None], tuple[int, str]] = {}
    labels = {r.label for r in rows if r.label} | ({printed.label.value} if printed.label else set())
    label_pages: dict[str, tuple[int, str]] = {}
    for number, text in pages:
        for start, end, f in find_fiscals(text):
            if f.fiscal_year is not None:
                fiscal_pages.setdefault((f.fiscal_year, f.budget), (number, text[max(0, start - 20) : end + 20]))
        flat = compact(text)
        for label in labels - set(label_pages):
            at = flat.find(compact(label))
            if at >= 0:
                label_pages[label] = (number, flat[max(0, at - 20) : at + len(label) + 20])
    first = [t.strip() for t in (pages[0][1] if pages else "").split("\n") if t.strip()][:TITLE_LINES]
    return DocInput(key, title, printed, rows, published, tuple(first), fiscal_pages, label_pages)


def _frames_by_page(session: Session, names: Sequence[str] | None
                    ) -> dict[tuple[str, str], dict[int | None, set[tuple[str, str]]]]:
    """Return, per (document, program), the (frame, type) pairs its facts state on each page."""
    q = (select(DocumentRow.key, ProgramRow.name, FactRow.page, FrameRow.frame, FrameRow.type).distinct()
         .join(FactRow, FactRow.document_id == DocumentRow.id).join(FrameRow, FactRow.frame_id == FrameRow.id)
         .join(ScopeRow, FrameRow.edition_id == ScopeRow.id)
         .join(ProgramRow, ScopeRow.program_id == ProgramRow.id)
         .where(DocumentRow.status == "ok"))
    if names is not None:
        q = q.where(ProgramRow.name.in_(names))
    out: dict[tuple[str, str], dict[int | None, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    for key, program, page, frame, type_ in session.execute(q):
        out[(key, program)][page].add((frame or "", type_ or ""))
    return out


def _dated_by(attrs: Attrs) -> dict[str, Any]:
    return {k: v.to_json() for k, v in attrs.dated_by.items()}


def refresh_editions(session: Session, programs: Iterable[str] | None = None) -> dict[int, Edition]:
    """Resolve the editions of `programs` (all when None) and store them; return row id → its Edition."""
    names = None if programs is None else sorted(set(programs))
    program_ids: dict[str, int] = dict(session.execute(select(ProgramRow.name, ProgramRow.id)).all())  # type: ignore[arg-type]
    scope = list(program_ids.values()) if names is None else [program_ids[n] for n in names if n in program_ids]
    old = select(ProgramEditionRow.id).where(ProgramEditionRow.program_id.in_(scope))
    session.execute(delete(EditionTypeFrameRow).where(EditionTypeFrameRow.program_edition_id.in_(old)))
    session.execute(delete(DocumentEditionRow).where(DocumentEditionRow.program_edition_id.in_(old)))
    session.execute(delete(ProgramEditionRow).where(ProgramEditionRow.program_id.in_(scope)))
    rows = _rows(session, names)
    docs = [_doc_input(session, doc_id, r) for doc_id, r in sorted(rows.items())]
    editions, placements = resolve(docs)
    table = cast(Table, ProgramEditionRow.__table__)
    values = [{"program_id": program_ids[e.program], "ident": e.ident, "position": e.position,
               "fiscal_year": e.attrs.fiscal_year, "budget": e.attrs.budget, "round": clean(e.attrs.round),
               "round_no": e.attrs.round_no, "label": clean(e.attrs.label), "version": clean(e.attrs.version),
               "version_date": e.attrs.version_date, "series": clean(e.attrs.series), "issued": e.attrs.issued,
               "dated_by": _dated_by(e.attrs)} for e in editions]
    ids: list[int] = []
    if values:
        ids = list(session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), values)
                   .scalars())
    edition_id = {(e.program, e.ident): i for e, i in zip(editions, ids, strict=True)}
    by_key = {(e.program, e.key): e for e in editions}
    doc_ids = {d.key: doc_id for doc_id, d in zip(sorted(rows), docs, strict=True)}
    pages = _frames_by_page(session, names)
    printed = {d.key: d.printed for d in docs}
    links = [{"document_id": doc_ids[pl.row.document], "edition_id": pl.row.row_id,
              "program_edition_id": edition_id[(pl.row.program, by_key[(pl.row.program, pl.key)].ident)],
              "facts": pl.row.facts, "dated_by": _dated_by(pl.attrs),
              "coverage": coverage(printed[pl.row.document], pl.row.program,
                                   pages.get((pl.row.document, pl.row.program), {}))} for pl in placements]
    if links:
        session.execute(insert(DocumentEditionRow.__table__), links)  # type: ignore[arg-type]
    _store_type_frames(session, placements, by_key, edition_id)
    log.info("editions: %d of %d programs from %d documents", len(editions), len(scope), len(docs))
    return {pl.row.row_id: by_key[(pl.row.program, pl.key)] for pl in placements}


def _store_type_frames(session: Session, placements: list[Placement], by_key: dict[tuple[Any, ...], Edition],
                       edition_id: dict[tuple[str, str], int]) -> None:
    """Store, per edition, the 枠 of each 類型 another place of the edition prints it under."""
    ident_of = {pl.row.row_id: (pl.row.program, by_key[(pl.row.program, pl.key)].ident) for pl in placements}
    if not ident_of:
        return
    q = (select(FrameRow.edition_id, FrameRow.frame, FrameRow.type, DocumentRow.key, func.min(FactRow.page))
         .join(FactRow, FactRow.frame_id == FrameRow.id).join(DocumentRow, FactRow.document_id == DocumentRow.id)
         .where(FrameRow.edition_id.in_(sorted(ident_of)), FrameRow.type != "", DocumentRow.status == "ok")
         .group_by(FrameRow.edition_id, FrameRow.frame, FrameRow.type, DocumentRow.key))
    pairs = []
    for row_id, frame, type_, doc, page in session.execute(q):
        program, ident = ident_of[row_id]
        pairs.append((f"{program}\x00{ident}", frame or "", type_, doc, page))
    found = type_frames(pairs)
    values = []
    for (key, type_), (frame, doc, page) in found.items():
        program, ident = key.split("\x00", 1)
        values.append({"program_edition_id": edition_id[(program, ident)], "type": type_, "frame": frame,
                       "document": doc, "page": page})
    if values:
        session.execute(insert(EditionTypeFrameRow.__table__), values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class StoredEdition:
    """An edition as stored: its id, program, record and documents (for the diff and the listings)."""

    id: int
    program: str
    edition: Edition
    documents: tuple[str, ...]


def stored_editions(conn: Connection | Session, program: str | None = None) -> list[StoredEdition]:
    """Return the stored editions (of `program`, or of all), each program's in order, with their documents."""
    q = (select(ProgramEditionRow, ProgramRow.name).join(ProgramRow, ProgramEditionRow.program_id == ProgramRow.id)
         .order_by(ProgramRow.name, ProgramEditionRow.position))
    if program is not None:
        q = q.where(ProgramRow.name == program)
    session = conn if isinstance(conn, Session) else Session(conn)
    docs: dict[int, set[str]] = defaultdict(set)
    for eid, key in session.execute(select(DocumentEditionRow.program_edition_id, DocumentRow.key)
                                    .join(DocumentRow, DocumentEditionRow.document_id == DocumentRow.id)):
        docs[eid].add(key)
    out = []
    for pe, name in session.execute(q):
        attrs = Attrs(pe.fiscal_year, pe.budget, pe.round, pe.round_no, pe.label, pe.version, pe.version_date,
                      pe.series, pe.issued, {k: Evidence.from_json(v) for k, v in (pe.dated_by or {}).items()})
        e = Edition(name, tuple(pe.ident.split("|")), attrs, sorted(docs.get(pe.id, ())), [], pe.position)
        out.append(StoredEdition(pe.id, name, e, tuple(sorted(docs.get(pe.id, ())))))
    return out
