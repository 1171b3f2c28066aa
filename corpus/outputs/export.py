"""Export the database as JSON Lines or CSV: documents, pages, tables, facts, statements, editions, programs."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, Literal, TextIO

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from corpus.outputs.feed import FIELDS as FEED_FIELDS
from corpus.outputs.feed import program_rows
from extract.facts.model import Fact as FactRecord
from extract.knowledge.editions import ATTRS, Evidence
from schema.db import snapshot
from schema.models import (
    DocumentEditionRow,
    DocumentPathRow,
    DocumentRow,
    EditionTypeFrameRow,
    FactRow,
    FrameRow,
    PageRow,
    PageTableRow,
    ProgramEditionRow,
    ProgramRow,
    ScopeRow,
    StatementRow,
    StatementSourceRow,
)
from schema.statements_store import ensure_statements
from schema.store import exported_value

What = Literal["documents", "pages", "tables", "facts", "statements", "editions", "programs"]
Format = Literal["jsonl", "csv"]


def _bbox(x0: float | None, y0: float | None, x1: float | None, y1: float | None) -> list[float] | None:
    box = (x0, y0, x1, y1)
    return [round(v, 2) for v in box if v is not None] if all(v is not None for v in box) else None


def _documents(s: Session) -> Iterator[dict[str, Any]]:
    paths: dict[int, list[str]] = {}
    for document_id, path in s.execute(select(DocumentPathRow.document_id,
                                              DocumentPathRow.path).order_by(DocumentPathRow.id)):
        paths.setdefault(document_id, []).append(path)
    for d in s.scalars(select(DocumentRow).order_by(DocumentRow.key)):
        yield {
            "document": d.key, "sha256": d.sha256, "file_name": d.file_name, "paths": paths.get(d.id, []),
            "title": d.title,
            "issuer": d.issuer, "published": d.published.isoformat() if d.published else None,
            "kind": d.kind, "encoding": d.encoding, "source_url": d.source_url, "licence": d.licence,
            "pages": d.n_pages,
            "status": d.status, "error": d.error, "pipeline_version": d.pipeline_version,
        }


def _pages(s: Session) -> Iterator[dict[str, Any]]:
    q = select(DocumentRow.key, PageRow).join(PageRow.document).order_by(DocumentRow.key, PageRow.number)
    for key, p in s.execute(q):
        yield {"document": key, "page": p.number, "text": p.text, "raw_text": p.raw_text, "flags": p.flags,
               "text_source": p.text_source}


def _tables(s: Session) -> Iterator[dict[str, Any]]:
    q = (select(DocumentRow.key, PageRow.number, PageTableRow).join(PageTableRow.page).join(PageRow.document)
         .order_by(DocumentRow.key, PageRow.number, PageTableRow.seq))
    for key, number, t in s.execute(q):
        yield {"document": key, "page": number, "bbox": _bbox(t.x0, t.y0, t.x1, t.y1), "rows": t.rows,
               "spans": t.spans, "header_rows": t.header_rows, "header_cols": t.header_cols,
               "source": t.source}


def _facts(s: Session) -> Iterator[dict[str, Any]]:
    """One row per fact, as spec/facts.md says; a 類型 printed alone carries the 枠 another document of its
    edition prints it under (`edition_type_frames`)."""
    q = (select(FactRow, DocumentRow, FrameRow, ScopeRow, ProgramRow, EditionTypeFrameRow.frame)
         .join(FactRow.document).join(FrameRow, FactRow.frame_id == FrameRow.id)
         .join(ScopeRow, FrameRow.edition_id == ScopeRow.id)
         .join(ProgramRow, ScopeRow.program_id == ProgramRow.id)
         .outerjoin(DocumentEditionRow, (DocumentEditionRow.document_id == DocumentRow.id)
                    & (DocumentEditionRow.edition_id == ScopeRow.id))
         .outerjoin(EditionTypeFrameRow,
                    (EditionTypeFrameRow.program_edition_id == DocumentEditionRow.program_edition_id)
                    & (EditionTypeFrameRow.type == FrameRow.type) & (FrameRow.frame == ""))
         .order_by(DocumentRow.key, FactRow.page, FactRow.id))
    for f, d, fr, ed, pr, frame_of_type in s.execute(q):
        value = exported_value(f)
        yield {
            "document": d.key, "sha256": d.sha256, "page": f.page, "program": pr.name,
            "fiscal_year": ed.fiscal_year, "budget": ed.budget, "edition": ed.label or None,
            "frame": fr.frame or frame_of_type or None, "type": fr.type or None, "kind": f.kind, "value": value,
            "applicant": f.applicant, "condition": f.condition, "quote": f.quote,
            "bbox": _bbox(f.x0, f.y0, f.x1, f.y1), "unit": f.unit, "id": f.id,
            "rules": list((f.evidence or {}).get("rules") or []),  # beyond the spec: the rule-table rows that fired
        }


def _statements(s: Session) -> Iterator[dict[str, Any]]:
    """One row per statement: its key, value, status, and every supporting source."""
    sources: dict[int, list[dict[str, Any]]] = {}
    q = (select(StatementSourceRow.statement_id, StatementSourceRow.value, StatementSourceRow.via, DocumentRow.key,
                FactRow.page,
                FactRow.quote, FactRow.emphasis, FactRow.x0, FactRow.y0, FactRow.x1, FactRow.y1, FactRow.id)
         .join(FactRow, StatementSourceRow.fact_id == FactRow.id)
         .join(DocumentRow, FactRow.document_id == DocumentRow.id)
         .order_by(StatementSourceRow.statement_id, DocumentRow.key, FactRow.page, FactRow.id))
    for sid, stated, via, doc, page, quote, emphasis, x0, y0, x1, y1, fact_id in s.execute(q):
        sources.setdefault(sid, []).append({"fact_id": fact_id, "document": doc, "page": page, "quote": quote,
                                            "value": stated,
                                            "via": via, "emphasis": bool(emphasis), "bbox": _bbox(x0, y0, x1, y1)})
    editions = {pe.id: _edition_object(pe) for pe in s.scalars(select(ProgramEditionRow))}
    q2 = (select(StatementRow, ProgramRow.name).join(ProgramRow, StatementRow.program_id == ProgramRow.id)
          .order_by(ProgramRow.name, StatementRow.fiscal_year, StatementRow.budget, StatementRow.round,
                    StatementRow.frame,
                    StatementRow.type, StatementRow.kind, StatementRow.applicant, StatementRow.qualifier_key))
    for st, program in s.execute(q2):
        value = exported_value(st)
        yield {
            "statement_id": st.id, "program": program, "fiscal_year": st.fiscal_year, "budget": st.budget,
            "round": st.round or None, "edition": editions.get(st.edition_id) if st.edition_id else None,
            "editions": st.editions, "frame": st.frame or None, "type": st.type or None,
            "kind": st.kind, "value": value, "applicant": st.applicant, "unit": st.unit, "qualifiers": st.qualifiers,
            "condition": st.condition, "status": st.status, "values": st.values, "emphasis": st.emphasis,
            "sources": sources.get(st.id, []),
        }


def _edition_object(pe: ProgramEditionRow) -> dict[str, Any]:
    """An edition as spec/diff.md's `from`/`to` object: attributes and `dated_by` (printed: doc p.N)."""
    return {"fiscal_year": pe.fiscal_year, "budget": pe.budget, "round": pe.round or None, "label": pe.label or None,
            "version": pe.version or None, "series": pe.series or None,
            "dated_by": {k: Evidence.from_json(v).text() for k, v in (pe.dated_by or {}).items() if k in ATTRS}}


def _editions(s: Session) -> Iterator[dict[str, Any]]:
    """One row per edition of a program, in order, with each document and how it was dated."""
    docs: dict[int, list[dict[str, Any]]] = {}
    q = (select(DocumentEditionRow, DocumentRow.key).join(DocumentRow, DocumentEditionRow.document_id == DocumentRow.id)
         .order_by(DocumentRow.key, DocumentEditionRow.edition_id))
    for link, key in s.execute(q):
        docs.setdefault(link.program_edition_id, []).append({
            "document": key, "facts": link.facts, "enumerates_frames": bool((link.coverage or {}).get("enumerates")),
            "dated_by": {k: Evidence.from_json(v).text() for k, v in (link.dated_by or {}).items() if k in ATTRS}})
    q2 = (select(ProgramEditionRow, ProgramRow.name).join(ProgramRow, ProgramEditionRow.program_id == ProgramRow.id)
          .order_by(ProgramRow.name, ProgramEditionRow.position))
    for pe, program in s.execute(q2):
        yield {"edition_id": pe.id, "program": program, "position": pe.position, **_edition_object(pe),
               "version_date": pe.version_date.isoformat() if pe.version_date else None,
               "documents": docs.get(pe.id, [])}


ROWS = {"documents": _documents, "pages": _pages, "tables": _tables, "facts": _facts, "statements": _statements,
        "editions": _editions, "programs": program_rows}
# Column names written even when there is no row, so an empty CSV still says what it would hold.
HEADERS: dict[str, tuple[str, ...]] = {"facts": (*FactRecord.EXPORT_FIELDS, "id", "rules"), "programs": FEED_FIELDS}


def export(engine: Engine, what: What, fmt: Format, out: TextIO) -> int:
    """Write every `what` row of the database to `out` as `fmt`; return the number of rows."""
    n = 0
    if what in ("statements", "programs", "editions", "facts"):
        ensure_statements(engine)
    with snapshot(engine) as s:  # statements and their sources as of one moment
        rows = ROWS[what](s)
        if fmt == "jsonl":
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
            return n
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            flat = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                    for k, v in row.items()}
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(flat)
            n += 1
        if writer is None and what in HEADERS:
            csv.DictWriter(out, fieldnames=list(HEADERS[what])).writeheader()
    return n
