"""Write one built document (pages, lines, spans, tables, facts) into the database.

The caller owns the transaction: `save_document` replaces whatever the database
held for the document key, so a rebuild either lands whole or not at all.

Several processes may save documents at once (a parallel build against
PostgreSQL). Programs, editions, frames and aliases are shared between
documents, so they are created with INSERT … ON CONFLICT DO NOTHING and then
read back: a row another writer created first is reused, never duplicated.
Each document creates its shared rows in one global sort order, so two writers
waiting on each other's uncommitted rows cannot deadlock. Two writers of the
same document key are serialised by an advisory lock (PostgreSQL) or by the
database write lock (SQLite).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from extract.facts.model import Fact
from extract.model import Cell, DocumentText
from extract.model import Page as PageText
from schema.catalog import catalog_aliases
from schema.models import (
    Document,
    DocumentStage,
    Edition,
    Frame,
    Page,
    PageTable,
    Program,
    ProgramAlias,
    TextLine,
    TextSpan,
)
from schema.models import Fact as FactRow

log = logging.getLogger(__name__)

BATCH_LINES = 20_000
"""Lines of text written per batch of pages (a few MB of rows in memory at a time)."""

FrameKey = tuple[str, int | None, str | None, str, str, str]
"""(program, fiscal_year, budget, edition label, frame, type) — what a fact's frame row is found by."""


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


def clean(value: Any) -> Any:
    """Given text (or nested lists of text) bound for the database, return it with NUL as U+FFFD.

    PostgreSQL refuses NUL in text, and PDF text layers do contain it; replacing it on every
    backend keeps SQLite and PostgreSQL databases identical.
    """
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def _bbox_cols(bbox: Any) -> dict[str, float | None]:
    if bbox is None:
        return {"x0": None, "y0": None, "x1": None, "y1": None}
    x0, y0, x1, y1 = bbox
    return {"x0": float(x0), "y0": float(y0), "x1": float(x1), "y1": float(y1)}


def _lock_key(session: Session, key: str) -> None:
    """On PostgreSQL, hold a transaction-scoped advisory lock on the document key."""
    if session.get_bind().dialect.name == "postgresql":
        digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": digest})


def _replace_document(session: Session, meta: DocumentMeta) -> Document:
    _lock_key(session, meta.key)
    session.execute(delete(Document).where(Document.key == meta.key))
    session.flush()
    row = Document(
        key=meta.key, sha256=meta.sha256, file_name=clean(meta.file_name), title=clean(meta.title),
        issuer=clean(meta.issuer), published=meta.published, kind=meta.kind, source_url=clean(meta.source_url),
        licence=clean(meta.licence),
    )
    session.add(row)
    return row


def save_failure(session: Session, meta: DocumentMeta, error: str, pipeline_version: str) -> None:
    """Record that a document could not be built, keeping nothing half-written."""
    row = _replace_document(session, meta)
    row.status, row.error, row.pipeline_version = "failed", clean(error), pipeline_version
    row.built_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)


def save_document(
    session: Session,
    meta: DocumentMeta,
    doc: DocumentText,
    facts: list[Fact],
    *,
    pipeline_version: str,
    timings: dict[str, float],
    stage_versions: dict[str, str] | None = None,
) -> Document:
    """Replace the stored document `meta.key` with `doc` and its `facts`; return the new row.

    `stage_versions` (stage name → version, see `corpus.stages`) are stored beside it, so that a
    later build can tell which stages' output is current."""
    row = _replace_document(session, meta)
    row.status = "ok"
    row.error = clean("; ".join(doc.warnings)) or None
    row.pipeline_version = pipeline_version
    row.n_pages = len(doc.pages)
    row.n_chars = doc.n_chars
    row.encoding = doc.metadata.get("encoding") if doc.kind == "text" else None
    row.built_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    row.seconds_read = timings.get("read")
    row.seconds_facts = timings.get("facts")
    row.seconds_total = timings.get("total")
    row.file_info = {"kind": doc.kind, "metadata": clean_map(doc.metadata)}
    session.flush()
    if stage_versions:
        set_stage_versions(session, row.id, stage_versions, timings)
    _insert_pages(session, row.id, doc)
    frames = FrameIds(session)
    frames.ensure_all(frame_key(f) for f in facts)
    _insert_facts(session, row.id, facts, frames)
    return row


def _ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Bulk-INSERT `rows` into `model`'s table; return the new ids in the order of `rows`."""
    if not rows:
        return []
    stmt = insert(_table(model)).returning(_table(model).c.id, sort_by_parameter_order=True)
    return list(session.execute(stmt, rows).scalars())


def _page_batches(pages: list[PageText], most_lines: int = BATCH_LINES) -> Iterator[list[PageText]]:
    """Given pages, yield runs of them holding about `most_lines` lines (a page is never split)."""
    batch: list[PageText] = []
    n = 0
    for p in pages:
        if batch and n + len(p.lines) > most_lines:
            yield batch
            batch, n = [], 0
        batch.append(p)
        n += len(p.lines)
    if batch:
        yield batch


def _insert_pages(session: Session, document_id: int, doc: DocumentText) -> None:
    """Store the pages of `doc` with their lines, spans and tables as bulk INSERTs, a batch of pages at a time.

    A slide deck has tens of thousands of spans; the ORM's unit of work took longer to
    write them than PyMuPDF took to read them, so rows go in as executemany batches. A
    huge text layer is written in batches of pages so that the rows waiting to be written
    take bounded memory.
    """
    for pages in _page_batches(doc.pages):
        _insert_page_batch(session, document_id, pages)


def _insert_page_batch(session: Session, document_id: int, pages: list[PageText]) -> None:
    page_ids = _ids(session, Page, [
        {"document_id": document_id, "number": p.number, "raw_text": clean(p.raw_text), "text": clean(p.text),
         "flags": clean(list(p.flags)), "text_source": p.text_source, "ocr_text": clean(p.ocr_text),
         "width": p.width, "height": p.height}
        for p in pages
    ])
    lines = [(pid, i, ln) for pid, p in zip(page_ids, pages, strict=True) for i, ln in enumerate(p.lines)]
    line_ids = _ids(session, TextLine, [
        {"page_id": pid, "seq": i, "text": clean(ln.text), "block": ln.block, "role": ln.role,
         "vertical": ln.vertical, **_bbox_cols(ln.bbox)}
        for pid, i, ln in lines
    ])
    spans = [
        {"line_id": lid, "seq": j, "text": clean(sp.text), "font": clean(sp.font), "size": sp.size,
         "color": sp.color, "bold": sp.bold, "red": sp.is_red, **_bbox_cols(sp.bbox)}
        for lid, (_, _, ln) in zip(line_ids, lines, strict=True) for j, sp in enumerate(ln.spans)
    ]
    tables = [
        {"page_id": pid, "seq": i, "n_rows": t.n_rows, "n_cols": t.n_cols, "header_rows": t.header_rows,
         "header_cols": t.header_cols, "rows": clean(t.rows), "spans": t.spans(), "source": t.source,
         "cells": [_cell(c) for c in t.cells], **_bbox_cols(t.bbox)}
        for pid, p in zip(page_ids, pages, strict=True) for i, t in enumerate(p.tables)
    ]
    for model, rows in ((TextSpan, spans), (PageTable, tables)):
        if rows:
            session.execute(insert(_table(model)), rows)


def _cell(c: Cell) -> dict[str, Any]:
    return {"row": c.row, "col": c.col, "rows": c.row_span, "cols": c.col_span, "text": clean(c.text),
            "bbox": list(c.bbox) if c.bbox is not None else None}


def clean_map(values: dict[str, str]) -> dict[str, str]:
    """Given a mapping of text, return it with every value `clean`ed."""
    return {k: clean(v) for k, v in values.items()}


def set_stage_versions(session: Session, document_id: int, versions: dict[str, str],
                       timings: dict[str, float]) -> None:
    """Record (replacing) the version of each stage whose output document `document_id` now holds."""
    table = _table(DocumentStage)
    session.execute(delete(table).where(table.c.document_id == document_id, table.c.stage.in_(list(versions))))
    session.execute(insert(table), [{"document_id": document_id, "stage": k, "version": v,
                                     "seconds": timings.get(k)} for k, v in versions.items()])


def frame_key(f: Fact) -> FrameKey:
    """Given a Fact, return the key of the frame row it belongs to ("" stands for a missing frame/type)."""
    return (clean(f.program), f.fiscal_year, f.budget, clean(f.edition or ""), clean(f.frame or ""),
            clean(f.type or ""))


def _sort_key(k: FrameKey) -> tuple[Any, ...]:
    program, year, budget, label, frame, type_ = k
    return (program, year is None, year or 0, budget is None, budget or "", label, frame, type_)


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _insert_ignore(session: Session, table: Table, values: dict[str, Any]) -> bool:
    """INSERT a row unless a unique key already holds it; return whether this call inserted it."""
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        ins = pg_insert if dialect == "postgresql" else sqlite_insert
        result = cast(CursorResult, session.execute(ins(table).values(**values).on_conflict_do_nothing()))
        return bool(result.rowcount)
    try:  # other engines: let the constraint decide inside a savepoint
        with session.begin_nested():
            session.execute(table.insert().values(**values))
        return True
    except IntegrityError:
        return False


class FrameIds:
    """Finds or creates program, edition and frame rows, remembering their ids for one save."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.programs: dict[str, int] = {}
        self.editions: dict[tuple[str, int | None, str | None, str], int] = {}
        self.frames: dict[FrameKey, int] = {}

    def ensure_all(self, keys: Any) -> None:
        """Create every frame row of `keys`, in the global order that keeps writers deadlock-free."""
        for k in sorted(set(keys), key=_sort_key):
            self.frame_id(k)

    def program_id(self, name: str) -> int:
        """Return the id of program `name`, creating it (with its catalog aliases) when new."""
        if name not in self.programs:
            pid = self._find(select(Program.id).where(Program.name == name))
            if pid is None:
                created = _insert_ignore(self.session, _table(Program), {"name": name})
                pid = self._find(select(Program.id).where(Program.name == name))
                if created:
                    for alias in catalog_aliases(name):
                        _insert_ignore(self.session, _table(ProgramAlias), {"program_id": pid, "alias": alias})
            assert pid is not None
            self.programs[name] = pid
        return self.programs[name]

    def edition_id(self, program: str, year: int | None, budget: str | None, label: str) -> int:
        """Return the id of the edition, creating it when new."""
        key = (program, year, budget, label)
        if key not in self.editions:
            pid = self.program_id(program)
            query = select(Edition.id).filter_by(program_id=pid, fiscal_year=year, budget=budget, label=label)
            eid = self._find(query)
            if eid is None:
                _insert_ignore(self.session, _table(Edition),
                               {"program_id": pid, "fiscal_year": year, "budget": budget, "label": label})
                eid = self._find(query)
            assert eid is not None
            self.editions[key] = eid
        return self.editions[key]

    def frame_id(self, k: FrameKey) -> int:
        """Return the id of the frame row for key `k`, creating it (and its parents) when new."""
        if k not in self.frames:
            eid = self.edition_id(*k[:4])
            query = select(Frame.id).filter_by(edition_id=eid, frame=k[4], type=k[5])
            fid = self._find(query)
            if fid is None:
                _insert_ignore(self.session, _table(Frame), {"edition_id": eid, "frame": k[4], "type": k[5]})
                fid = self._find(query)
            assert fid is not None
            self.frames[k] = fid
        return self.frames[k]

    def _find(self, query: Any) -> int | None:
        return self.session.execute(query).scalar()


def typed_value(kind: str, value: int | str) -> dict[str, Any]:
    """Given a fact's kind and exported value, return its typed columns; {} (all null) when unparsable."""
    try:
        if kind == "rate":
            n, d = str(value).split("/")
            return {"rate_num": int(n), "rate_den": int(d)}
        if kind in ("cap_max", "cap_min", "budget"):
            return {"yen": int(value)}
        if kind in ("deadline", "opens"):
            day, _, time = str(value).partition("T")
            return {"date": dt.date.fromisoformat(day), "time": time[:5] or None}
    except (TypeError, ValueError):
        log.warning("fact value %r of kind %s is not in the spec's format; typed columns left empty", value, kind)
    return {}


_TYPED_NONE: dict[str, Any] = {"rate_num": None, "rate_den": None, "yen": None, "date": None, "time": None}


def fact_values(document_id: int, f: Fact, frames: FrameIds) -> dict[str, Any]:
    """Given a Fact whose frame row exists, return the column values of its row (every column named)."""
    return {
        "document_id": document_id, "frame_id": frames.frame_id(frame_key(f)), "page": f.page, "kind": f.kind,
        "value": clean(str(f.value)), "applicant": clean(f.applicant), "condition": clean(f.condition),
        "quote": clean(f.quote), "emphasis": bool(f.emphasis), **_TYPED_NONE, **typed_value(f.kind, f.value),
        **_bbox_cols(f.bbox), "evidence": evidence(f),
    }


def evidence(f: Fact) -> dict[str, Any] | None:
    """Return what a fact records of how it was read (cue, source, labels, frame/applicant origin, rule ids)."""
    keep = ("cue", "source", "labels", "frame_from", "applicant_from", "rules")
    out = {k: clean(f.extra[k]) for k in keep if f.extra.get(k) not in (None, "", [])}
    if "labels" in out:  # a label is a header or the line above: its first words say enough
        out["labels"] = [" ".join(str(label).split())[:60] for label in out["labels"]]
    return out or None


def _insert_facts(session: Session, document_id: int, facts: list[Fact], frames: FrameIds,
                  batch: int = 5_000) -> None:
    """Store `facts` as bulk INSERTs of `batch` rows (a big document's facts as ORM objects took ~2 kB each)."""
    for i in range(0, len(facts), batch):
        session.execute(insert(_table(FactRow)), [fact_values(document_id, f, frames) for f in facts[i : i + batch]])


def fact_row(session: Session, document: Document, f: Fact, frames: FrameIds | None = None) -> FactRow:
    """Given a Fact, return its database row, creating its program, edition and frame as needed."""
    frame_id = (frames or FrameIds(session)).frame_id(frame_key(f))
    return FactRow(
        document=document, frame_id=frame_id, page=f.page, kind=f.kind, value=clean(str(f.value)),
        applicant=clean(f.applicant), condition=clean(f.condition), quote=clean(f.quote), emphasis=f.emphasis,
        **typed_value(f.kind, f.value), **_bbox_cols(f.bbox), evidence=evidence(f),
    )
