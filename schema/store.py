"""Write one built document (pages, lines, spans, tables, facts) into the database.

The caller owns the transaction: `save_document` replaces whatever the database
held for the document key, so a rebuild either lands whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from extract.facts.model import Fact
from extract.model import DocumentText
from schema.models import Document, Edition, Frame, Page, PageTable, Program, TextLine, TextSpan
from schema.models import Fact as FactRow


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """The manifest's (or the command line's) description of a document."""

    key: str
    sha256: str | None
    file_name: str | None = None
    title: str | None = None
    issuer: str | None = None
    published: dt.date | None = None
    kind: str | None = None
    source_url: str | None = None
    licence: str | None = None


def _bbox_cols(bbox: Any) -> dict[str, float | None]:
    if bbox is None:
        return {"x0": None, "y0": None, "x1": None, "y1": None}
    x0, y0, x1, y1 = bbox
    return {"x0": float(x0), "y0": float(y0), "x1": float(x1), "y1": float(y1)}


def _replace_document(session: Session, meta: DocumentMeta) -> Document:
    session.execute(delete(Document).where(Document.key == meta.key))
    session.flush()
    row = Document(
        key=meta.key, sha256=meta.sha256, file_name=meta.file_name, title=meta.title, issuer=meta.issuer,
        published=meta.published, kind=meta.kind, source_url=meta.source_url, licence=meta.licence,
    )
    session.add(row)
    return row


def save_failure(session: Session, meta: DocumentMeta, error: str, pipeline_version: str) -> None:
    """Record that a document could not be built, keeping nothing half-written."""
    row = _replace_document(session, meta)
    row.status, row.error, row.pipeline_version = "failed", error, pipeline_version
    row.built_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)


def save_document(
    session: Session,
    meta: DocumentMeta,
    doc: DocumentText,
    facts: list[Fact],
    *,
    pipeline_version: str,
    timings: dict[str, float],
) -> Document:
    """Replace the stored document `meta.key` with `doc` and its `facts`; return the new row."""
    row = _replace_document(session, meta)
    row.status = "ok"
    row.error = "; ".join(doc.warnings) or None
    row.pipeline_version = pipeline_version
    row.n_pages = len(doc.pages)
    row.n_chars = doc.n_chars
    row.built_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    row.seconds_read = timings.get("read")
    row.seconds_facts = timings.get("facts")
    row.seconds_total = timings.get("total")
    for p in doc.pages:
        page = Page(
            number=p.number, raw_text=p.raw_text, text=p.text, flags=list(p.flags), text_source=p.text_source,
            ocr_text=p.ocr_text, width=p.width, height=p.height,
        )
        for i, ln in enumerate(p.lines):
            line = TextLine(seq=i, text=ln.text, block=ln.block, role=ln.role, vertical=ln.vertical,
                            **_bbox_cols(ln.bbox))
            line.spans = [
                TextSpan(seq=j, text=s.text, font=s.font, size=s.size, color=s.color, bold=s.bold,
                         red=s.is_red, **_bbox_cols(s.bbox))
                for j, s in enumerate(ln.spans)
            ]
            page.lines.append(line)
        page.tables = [
            PageTable(seq=i, n_rows=t.n_rows, n_cols=t.n_cols, header_rows=t.header_rows,
                      header_cols=t.header_cols, rows=t.rows, spans=t.spans(), source=t.source,
                      **_bbox_cols(t.bbox))
            for i, t in enumerate(p.tables)
        ]
        row.pages.append(page)
    session.flush()
    for f in facts:
        session.add(fact_row(session, row, f))
    return row


def _get_or_create(session: Session, model: type, **keys: Any) -> Any:
    obj = session.scalars(select(model).filter_by(**keys)).first()
    if obj is None:
        obj = model(**keys)
        session.add(obj)
        session.flush()
    return obj


def fact_row(session: Session, document: Document, f: Fact) -> FactRow:
    """Given a Fact, return its database row, creating its program, edition and frame as needed."""
    program = _get_or_create(session, Program, name=f.program)
    edition = _get_or_create(session, Edition, program_id=program.id, fiscal_year=f.fiscal_year,
                             budget=f.budget, label=f.edition or "")
    frame = _get_or_create(session, Frame, edition_id=edition.id, frame=f.frame or "", type=f.type or "")
    typed: dict[str, Any] = {}
    if f.kind == "rate":
        n, d = str(f.value).split("/")
        typed = {"rate_num": int(n), "rate_den": int(d)}
    elif f.kind in ("cap_max", "cap_min", "budget"):
        typed = {"yen": int(f.value)}
    elif f.kind in ("deadline", "opens"):
        day, _, time = str(f.value).partition("T")
        typed = {"date": dt.date.fromisoformat(day), "time": time or None}
    return FactRow(
        document=document, frame_id=frame.id, page=f.page, kind=f.kind, value=str(f.value),
        applicant=f.applicant, condition=f.condition, quote=f.quote, emphasis=f.emphasis,
        **typed, **_bbox_cols(f.bbox),
    )
