"""Read a built document back from its rows, and replace only its facts: the fact stage without the file.

`stored_document` rebuilds the `DocumentText` the read stage produced — pages, lines in reading
order, spans with font, colour and box, tables with every cell, the file's kind and metadata —
so the fact stage gives on it what it gives on the freshly read file. (Text is stored `clean`ed:
a NUL of the text layer comes back as U+FFFD, as it is stored for every fact too.)
`replace_facts` swaps a document's facts and stage versions in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Engine, Table, delete, select
from sqlalchemy.orm import Session

from extract.facts.model import Fact
from extract.model import BBox, Cell, DocumentText, Line, Page, Span
from extract.model import Table as PageTableData
from schema.models import DocumentRow, DocumentStageRow, FactRow, PageRow, PageTableRow, TextLineRow, TextSpanRow
from schema.store import FrameIds, _insert_facts, frame_key, lock_key, set_stage_versions

StageState = tuple[str | None, str, dict[str, str]]
"""(sha256, status, {stage: version}) of a stored document."""


def _t(model: Any) -> Table:
    return cast(Table, model.__table__)


def _box(x0: float | None, y0: float | None, x1: float | None, y1: float | None) -> BBox | None:
    return None if x0 is None or y0 is None or x1 is None or y1 is None else (x0, y0, x1, y1)


def _raw(session: Session, query: Any) -> list[tuple[Any, ...]]:
    """Return the rows of a SELECT of plain columns (text, numbers) as the driver's tuples.

    A document's lines and spans are 100,000s of rows; SQLAlchemy's result rows cost more to make
    than the query took."""
    conn = session.connection()
    compiled = query.compile(dialect=conn.dialect)
    params: Any = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[k] for k in compiled.positiontup or ())
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(compiled.string, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def stage_states(engine: Engine) -> dict[str, StageState]:
    """Return, per stored document key, its SHA-256, status and the stage versions of its stored output."""
    with engine.connect() as conn:
        docs = {i: (k, sha, st) for i, k, sha, st in conn.execute(
            select(DocumentRow.id, DocumentRow.key, DocumentRow.sha256, DocumentRow.status))}
        versions: dict[int, dict[str, str]] = defaultdict(dict)
        for did, stage, version in conn.execute(select(DocumentStageRow.document_id, DocumentStageRow.stage,
                                                       DocumentStageRow.version)):
            versions[did][stage] = version
    return {k: (sha, st, versions.get(i, {})) for i, (k, sha, st) in docs.items()}


def stored_document(session: Session, key: str) -> DocumentText | None:
    """Given a document key, return the `DocumentText` its rows hold (None when not stored as built)."""
    doc = session.execute(select(DocumentRow.id, DocumentRow.file_info, DocumentRow.status)
                          .where(DocumentRow.key == key)).first()
    if doc is None or doc.status != "ok" or not doc.file_info:
        return None
    p, ln, sp, tb = _t(PageRow), _t(TextLineRow), _t(TextSpanRow), _t(PageTableRow)
    pages: dict[int, Page] = {}
    for r in session.execute(select(p).where(p.c.document_id == doc.id).order_by(p.c.number)).mappings():
        pages[r["id"]] = Page(number=r["number"], raw_text=r["raw_text"], text=r["text"], flags=list(r["flags"] or []),
                              width=r["width"], height=r["height"], ocr_text=r["ocr_text"],
                              text_source=r["text_source"])
    lines: dict[int, Line] = {}
    q = (select(ln.c.id, ln.c.page_id, ln.c.text, ln.c.x0, ln.c.y0, ln.c.x1, ln.c.y1, ln.c.block, ln.c.role,
                ln.c.vertical)
         .join(p, p.c.id == ln.c.page_id).where(p.c.document_id == doc.id).order_by(ln.c.page_id, ln.c.seq))
    for lid, pid, text, x0, y0, x1, y1, block, role, vertical in _raw(session, q):
        line = Line(text, None if x0 is None else (x0, y0, x1, y1), [], block, role, bool(vertical))
        lines[lid] = line
        pages[pid].lines.append(line)
    q = (select(sp.c.line_id, sp.c.text, sp.c.x0, sp.c.y0, sp.c.x1, sp.c.y1, sp.c.font, sp.c.size, sp.c.color,
                sp.c.bold, sp.c.struck)
         .join(ln, ln.c.id == sp.c.line_id).join(p, p.c.id == ln.c.page_id)
         .where(p.c.document_id == doc.id).order_by(sp.c.line_id, sp.c.seq))
    for lid, text, x0, y0, x1, y1, font, size, color, bold, struck in _raw(session, q):
        lines[lid].spans.append(Span(text, None if x0 is None else (x0, y0, x1, y1), font, size, color, bool(bold),
                                     bool(struck)))
    q = select(tb).join(p, p.c.id == tb.c.page_id).where(p.c.document_id == doc.id).order_by(tb.c.page_id, tb.c.seq)
    for r in session.execute(q).mappings():
        cells = [Cell(c["row"], c["col"], c["text"], c["rows"], c["cols"], tuple(c["bbox"]) if c["bbox"] else None)
                 for c in (r["cells"] or [])]
        pages[r["page_id"]].tables.append(PageTableData(
            rows=[list(row) for row in r["rows"]], cells=cells, header_rows=r["header_rows"],
            header_cols=r["header_cols"], bbox=_box(r["x0"], r["y0"], r["x1"], r["y1"]), source=r["source"]))
    info = doc.file_info
    return DocumentText(pages=list(pages.values()), kind=info.get("kind", "pdf"),
                        metadata=dict(info.get("metadata", {})))


def replace_facts(session: Session, key: str, facts: list[Fact], *, pipeline_version: str,
                  stage_versions: dict[str, str], timings: dict[str, float]) -> DocumentRow:
    """Replace the facts of stored document `key` (its pages stay) and record the stage versions."""
    lock_key(session, key)
    row = session.scalars(select(DocumentRow).where(DocumentRow.key == key)).one()
    session.execute(delete(_t(FactRow)).where(_t(FactRow).c.document_id == row.id))
    row.pipeline_version = pipeline_version
    row.seconds_facts = timings.get("facts")
    row.built_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    set_stage_versions(session, row.id, stage_versions, timings)
    frames = FrameIds(session)
    frames.ensure_all(frame_key(f) for f in facts)
    _insert_facts(session, row.id, facts, frames)
    return row


__all__ = ["replace_facts", "stage_states", "stored_document"]
