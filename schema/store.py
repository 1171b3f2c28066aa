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
database write lock (SQLite). On PostgreSQL every document write also shares one advisory lock that a
statements refresh takes alone (`schema.statements_store.refresh_statements`): a refresh never reads
facts that a build deletes before it has linked them to statements.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from extract.facts.model import Fact
from extract.model import DocumentText
from schema.catalog import catalog_aliases
from schema.models import (
    DocumentPathRow,
    DocumentRow,
    DocumentStageRow,
    FactRow,
    FrameRow,
    PageRow,
    PageTableRow,
    ProgramAliasRow,
    ProgramRow,
    ScopeRow,
    TextLineRow,
    TextSpanRow,
)
from schema.rows import (
    LINE_COLS,
    PAGE_COLS,
    SPAN_COLS,
    TABLE_COLS,
    DocumentMeta,
    DocumentRows,
    PageRows,
    clean,
    clean_map,
    page_batches,
    page_rows,
)

log = logging.getLogger(__name__)

FrameKey = tuple[str, int | None, str | None, str, str, str]
"""(program, fiscal_year, budget, edition label, frame, type) — what a fact's frame row is found by."""


def _bbox_cols(bbox: Any) -> dict[str, float | None]:
    if bbox is None:
        return {"x0": None, "y0": None, "x1": None, "y1": None}
    x0, y0, x1, y1 = bbox
    return {"x0": float(x0), "y0": float(y0), "x1": float(x1), "y1": float(y1)}


FACTS_LOCK = 0x686F6A73  # "hojs": document writers share it, a statements refresh holds it alone


def lock_key(session: Session, key: str) -> None:
    """On PostgreSQL, before a transaction writes document `key`: share the facts lock (so no statements
    refresh runs while documents and facts change) and hold an advisory lock on the key (one writer per
    document). Both are the transaction's first locks and are released with it; SQLite has one writer."""
    if session.get_bind().dialect.name == "postgresql":
        digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": FACTS_LOCK})
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": digest})


def _replace_document(session: Session, meta: DocumentMeta) -> DocumentRow:
    """Replace the row of document `meta.key` (its pages, facts … go with it); it keeps the paths it had and
    gains those of `meta`."""
    lock_key(session, meta.key)
    old = select(DocumentPathRow.path).join(DocumentRow).where(DocumentRow.key == meta.key).order_by(DocumentPathRow.id)
    paths = [*session.scalars(old), *meta.paths]
    session.execute(delete(DocumentRow).where(DocumentRow.key == meta.key))
    session.flush()
    row = DocumentRow(
        key=meta.key, sha256=meta.sha256, file_name=clean(meta.file_name), title=clean(meta.title),
        issuer=clean(meta.issuer), published=meta.published, kind=meta.kind, source_url=clean(meta.source_url),
        licence=clean(meta.licence),
    )
    session.add(row)
    session.flush()
    _record_paths(session, row.id, paths)
    return row


def _record_paths(session: Session, document_id: int, paths: Iterable[str]) -> None:
    """Record that the bytes of document `document_id` are found at `paths` (a path holds one document)."""
    wanted = list(dict.fromkeys(clean(p) for p in paths))
    if not wanted:
        return
    table = _table(DocumentPathRow)
    session.execute(delete(table).where(table.c.path.in_(wanted), table.c.document_id != document_id))
    have = set(session.scalars(select(table.c.path).where(table.c.document_id == document_id)))
    new = [{"document_id": document_id, "path": p} for p in wanted if p not in have]
    if new:
        session.execute(insert(table), new)


def record_paths(session: Session, key: str, paths: Iterable[str]) -> None:
    """Record more paths of stored document `key` (found again under another path, or not rebuilt)."""
    lock_key(session, key)
    document_id = session.scalar(select(DocumentRow.id).where(DocumentRow.key == key))
    if document_id is not None:
        _record_paths(session, document_id, paths)


def save_failure(session: Session, meta: DocumentMeta, error: str, pipeline_version: str) -> None:
    """Record that a document could not be built, keeping nothing half-written."""
    row = _replace_document(session, meta)
    row.status, row.error, row.pipeline_version = "failed", clean(error), pipeline_version
    row.built_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)


def save_document(
    session: Session,
    meta: DocumentMeta,
    doc: DocumentText | DocumentRows,
    facts: list[Fact],
    *,
    pipeline_version: str,
    timings: dict[str, float],
    stage_versions: dict[str, str] | None = None,
) -> DocumentRow:
    """Replace the stored document `meta.key` with `doc` (read, or made into rows by a worker) and its
    `facts`; return the new row.

    `stage_versions` (stage name → version, see `corpus.stages`) are stored beside it, so that a
    later build can tell which stages' output is current."""
    batches: Iterable[PageRows]
    if isinstance(doc, DocumentRows):
        n_pages, batches = doc.n_pages, doc.batches
    else:  # rows made a batch at a time, so that a huge text layer's rows take bounded memory
        n_pages, batches = len(doc.pages), (page_rows(b) for b in page_batches(doc.pages))
    row = _replace_document(session, meta)
    row.status = "ok"
    row.error = clean("; ".join(doc.warnings)) or None
    row.pipeline_version = pipeline_version
    row.n_pages = n_pages
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
    for batch in batches:
        _insert_rows(session, row.id, batch)
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


def _insert_rows(session: Session, document_id: int, rows: PageRows) -> None:
    """Store a batch of pages with their lines, spans and tables as bulk INSERTs.

    A slide deck has tens of thousands of spans; the ORM's unit of work took longer to
    write them than PyMuPDF took to read them, so rows go in as executemany batches."""
    page_ids = _ids(session, PageRow, _dicts(("document_id", *PAGE_COLS), ((document_id, *r) for r in rows.pages)))
    line_ids = _ids(session, TextLineRow, _dicts(("page_id", *LINE_COLS), rows.lines, page_ids))
    if rows.spans:
        _insert_many(session, TextSpanRow, ("line_id", *SPAN_COLS), [(line_ids[r[0]], *r[1:]) for r in rows.spans])
    if rows.tables:
        session.execute(insert(_table(PageTableRow)), _dicts(("page_id", *TABLE_COLS), rows.tables, page_ids))


def _insert_many(session: Session, model: Any, keys: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT row tuples (columns `keys`; no JSON columns) with the driver's own executemany.

    SQLAlchemy's per-row parameter handling took longer than SQLite took to insert a span; the
    values here are ones every driver binds as they are (text, numbers, booleans, None)."""
    conn = session.connection()
    mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(conn.dialect.paramstyle)
    if mark is None:  # a driver with named or numbered parameters only
        session.execute(insert(_table(model)), _dicts(keys, rows))
        return
    quote = conn.dialect.identifier_preparer
    table = _table(model)
    sql = (f"INSERT INTO {quote.format_table(table)} ({', '.join(quote.quote(k) for k in keys)}) "
           f"VALUES ({', '.join([mark] * len(keys))})")
    conn.exec_driver_sql(sql, rows)


def _dicts(keys: tuple[str, ...], rows: Iterable[tuple[Any, ...]],
           ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Given column names and row tuples, return the rows as dicts; with `ids`, the first column holds an
    index into them (a parent row's position in its batch), replaced by the id it was given."""
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    if ids is not None:
        parent = keys[0]
        for d in out:
            d[parent] = ids[d[parent]]
    return out


def set_stage_versions(session: Session, document_id: int, versions: dict[str, str],
                       timings: dict[str, float]) -> None:
    """Record (replacing) the version of each stage whose output document `document_id` now holds."""
    table = _table(DocumentStageRow)
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
            pid = self._find(select(ProgramRow.id).where(ProgramRow.name == name))
            if pid is None:
                created = _insert_ignore(self.session, _table(ProgramRow), {"name": name})
                pid = self._find(select(ProgramRow.id).where(ProgramRow.name == name))
                if created:
                    for alias in catalog_aliases(name):
                        _insert_ignore(self.session, _table(ProgramAliasRow), {"program_id": pid, "alias": alias})
            assert pid is not None
            self.programs[name] = pid
        return self.programs[name]

    def edition_id(self, program: str, year: int | None, budget: str | None, label: str) -> int:
        """Return the id of the edition, creating it when new."""
        key = (program, year, budget, label)
        if key not in self.editions:
            pid = self.program_id(program)
            query = select(ScopeRow.id).filter_by(program_id=pid, fiscal_year=year, budget=budget, label=label)
            eid = self._find(query)
            if eid is None:
                _insert_ignore(self.session, _table(ScopeRow),
                               {"program_id": pid, "fiscal_year": year, "budget": budget, "label": label})
                eid = self._find(query)
            assert eid is not None
            self.editions[key] = eid
        return self.editions[key]

    def frame_id(self, k: FrameKey) -> int:
        """Return the id of the frame row for key `k`, creating it (and its parents) when new."""
        if k not in self.frames:
            eid = self.edition_id(*k[:4])
            query = select(FrameRow.id).filter_by(edition_id=eid, frame=k[4], type=k[5])
            fid = self._find(query)
            if fid is None:
                _insert_ignore(self.session, _table(FrameRow), {"edition_id": eid, "frame": k[4], "type": k[5]})
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
        if kind in ("cap_max", "cap_min", "budget", "capital_max", "min_wage_margin"):
            return {"yen": int(value)}
        if kind == "employees_max":
            return {"persons": int(value)}
        if kind == "wage_growth_min":
            return {"percent": float(value)}
        if kind in ("deadline", "opens"):
            day, _, time = str(value).partition("T")
            return {"date": dt.date.fromisoformat(day), "time": time[:5] or None}
    except (TypeError, ValueError):
        log.warning("fact value %r of kind %s is not in the spec's format; typed columns left empty", value, kind)
    return {}


def exported_value(row: Any) -> int | str:
    """Given a fact or statement row, return its value as facts.jsonl prints it: yen and head counts
    as integers, the rest (rates, dates, percentages) as the stored text."""
    if row.yen is not None:
        return int(row.yen)
    if row.persons is not None:
        return int(row.persons)
    return str(row.value)


TYPED_NONE: dict[str, Any] = {"rate_num": None, "rate_den": None, "yen": None, "date": None, "time": None,
                               "persons": None, "percent": None}


def fact_values(document_id: int, f: Fact, frames: FrameIds) -> dict[str, Any]:
    """Given a Fact whose frame row exists, return the column values of its row (every column named)."""
    return {
        "document_id": document_id, "frame_id": frames.frame_id(frame_key(f)), "page": f.page, "kind": f.kind,
        "value": clean(str(f.value)), "applicant": clean(f.applicant), "condition": clean(f.condition),
        "quote": clean(f.quote), "emphasis": bool(f.emphasis), **TYPED_NONE, **typed_value(f.kind, f.value),
        **_bbox_cols(f.bbox), "evidence": evidence(f), "unit": f.unit,
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


def fact_row(session: Session, document: DocumentRow, f: Fact, frames: FrameIds | None = None) -> FactRow:
    """Given a Fact, return its database row, creating its program, edition and frame as needed."""
    frame_id = (frames or FrameIds(session)).frame_id(frame_key(f))
    return FactRow(
        document=document, frame_id=frame_id, page=f.page, kind=f.kind, value=clean(str(f.value)),
        applicant=clean(f.applicant), condition=clean(f.condition), quote=clean(f.quote), emphasis=f.emphasis,
        **typed_value(f.kind, f.value), **_bbox_cols(f.bbox), evidence=evidence(f), unit=f.unit,
    )
