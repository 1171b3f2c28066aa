"""`hojo explain FACT_ID`: where a fact was read, how its scope was found, which rules fired, what it supports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from extract.knowledge.editions import ATTRS, Evidence
from normalize.shown import shown
from schema.db import snapshot
from schema.models import (
    DocumentEditionRow,
    DocumentPathRow,
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


class ExplainError(LookupError):
    """The fact asked for is not in the database."""


@dataclass(slots=True)
class Explanation:
    """Everything the database knows of how one fact was read."""

    fact_id: int
    document: str
    page: int | None
    quote: str
    bbox: list[float] | None
    program: str
    fiscal_year: int | None
    budget: str | None
    edition: str | None
    frame: str | None
    type: str | None
    kind: str
    value: str
    applicant: str | None
    condition: str | None
    evidence: dict[str, Any]
    rules: list[tuple[str, str]] = field(default_factory=list)  # (id, the principle it states)
    statements: list[dict[str, Any]] = field(default_factory=list)
    edition_record: str = ""  # the edition its document's scope resolved to (extract.knowledge.editions)
    dated_by: dict[str, str] = field(default_factory=dict)  # attribute → printed: doc p.N / inferred: doc p.N
    frame_of_type: str = ""  # where the 枠 of a 類型 printed alone was read (another document of the edition)
    files: list[str] = field(default_factory=list)  # where the document's bytes were found

    def lines(self) -> list[tuple[str, str]]:
        """Return the explanation as (label, text) rows, in reading order."""
        ev = self.evidence
        rows = [
            ("fact", f"#{self.fact_id} {self.kind} = {self.value}"),
            ("read from", f"{shown(self.document)} p.{self.page or '?'}" + (f" bbox {self.bbox}" if self.bbox else "")),
            *(("file", shown(f)) for f in self.files),
            ("quote", self.quote),
            ("program", f"{self.program} · fiscal {self.fiscal_year or '?'}{self.budget or ''}"
                        + (f" · {self.edition}" if self.edition else "")),
            ("frame / type", f"{self.frame or '—'} / {self.type or '—'}"),
            ("applicant", self.applicant or "—"),
            ("condition", self.condition or "—"),
            ("read as", f"{'a table cell' if ev.get('source') == 'table' else 'running text'}, "
                        f"kind from the {ev.get('cue') or '?'} cue"),
            ("structure path", " → ".join(ev.get("labels") or []) or "no label above or beside it"),
            ("frame from", ev.get("frame_from") or "not recorded (built before evidence was kept)"),
            *([("frame of type", self.frame_of_type)] if self.frame_of_type else []),
            ("edition", self.edition_record or "not resolved (run hojo build)"),
            *[("  dated by", f"{k}: {v}") for k, v in self.dated_by.items()],
            ("applicant from", ev.get("applicant_from") or "—"),
        ]
        rows += [("rule", f"{rid}: {doc}") for rid, doc in self.rules] or [("rules", "none from the rule table")]
        rows += [("supports", f"statement #{s['id']} ({s['via']}): {s['key']} = {s['value']} [{s['status']}]")
                 for s in self.statements]
        return rows


def _rule_docs(ids: list[str]) -> list[tuple[str, str]]:
    from extract.facts.ruletable import table

    known = table()
    return [(rid, known[rid].doc if rid in known else "(no longer in the rule table)") for rid in ids]


def explain(engine: Engine, fact_id: int) -> Explanation:
    """Given a fact id, return its explanation; raise ExplainError when there is no such fact."""
    with snapshot(engine) as s:  # the fact and the statements it supports as of one moment
        row = s.execute(
            select(FactRow, DocumentRow.key, FrameRow.frame, FrameRow.type, ScopeRow.fiscal_year, ScopeRow.budget,
                   ScopeRow.label,
                   ProgramRow.name)
            .join(DocumentRow, FactRow.document_id == DocumentRow.id).join(FrameRow, FactRow.frame_id == FrameRow.id)
            .join(ScopeRow, FrameRow.edition_id == ScopeRow.id)
            .join(ProgramRow, ScopeRow.program_id == ProgramRow.id)
            .where(FactRow.id == fact_id)
        ).first()
        if row is None:
            raise ExplainError(f"no fact #{fact_id} in the database "
                               "(a fact's id is `id` in `hojo export --what facts`)")
        f, doc, frame, type_, year, budget, label, program = row
        box = [f.x0, f.y0, f.x1, f.y1]
        ex = Explanation(
            fact_id=f.id, document=doc, page=f.page, quote=f.quote,
            bbox=[round(v, 1) for v in box] if all(v is not None for v in box) else None,  # type: ignore[arg-type]
            program=program, fiscal_year=year, budget=budget, edition=label or None, frame=frame or None,
            type=type_ or None, kind=f.kind, value=f.value, applicant=f.applicant, condition=f.condition,
            evidence=dict(f.evidence or {}),
        )
        ex.rules = _rule_docs(list(ex.evidence.get("rules") or []))
        _edition(s, f.document_id, fr_edition_id(s, f.frame_id), type_ or "", frame or "", ex)
        ex.files = list(s.scalars(select(DocumentPathRow.path).where(DocumentPathRow.document_id == f.document_id)
                                  .order_by(DocumentPathRow.id)))
        for st, via in s.execute(select(StatementRow, StatementSourceRow.via)
                                 .join(StatementSourceRow, StatementSourceRow.statement_id == StatementRow.id)
                                 .where(StatementSourceRow.fact_id == fact_id).order_by(StatementRow.id)):
            quals = ", ".join(f"{k}={v}" for k, v in (st.qualifiers or {}).items()
                              if not k.startswith(("tier_", "band_min_inc", "band_max_inc")))
            key = " / ".join(x for x in (st.frame, st.type, st.kind, st.applicant, quals) if x)
            ex.statements.append({"id": st.id, "via": via, "key": key, "value": st.value, "status": st.status})
    return ex


def fr_edition_id(s: Session, frame_id: int) -> int:
    """Return the printed scope (`editions` row) of a fact's frame."""
    return int(s.execute(select(FrameRow.edition_id).where(FrameRow.id == frame_id)).scalar_one())


def _edition(s: Session, document_id: int, scope_id: int, type_: str, frame: str, ex: Explanation) -> None:
    """Fill in the edition the fact's document and scope resolved to, how each attribute was found, and
    the 枠 another document of the edition gives a 類型 printed alone."""
    row = s.execute(select(DocumentEditionRow, ProgramEditionRow).join(ProgramEditionRow)
                    .where(DocumentEditionRow.document_id == document_id,
                           DocumentEditionRow.edition_id == scope_id)).first()
    if row is None:
        return
    link, pe = row
    parts = [f"{pe.fiscal_year}{pe.budget or ''}" if pe.fiscal_year else "", f"<{pe.series}>" if pe.series else "",
             pe.round, pe.label, f"v{pe.version}" if pe.version else ""]
    described = " ".join(p for p in parts if p) or "?"
    ex.edition_record = f"#{pe.id} {described} (edition {pe.position + 1} of the program)"
    ex.dated_by = {k: Evidence.from_json(v).text() + (f" «{v.get('words')}»" if v.get("words") else "")
                   for k, v in (link.dated_by or {}).items() if k in ATTRS}
    if type_ and not frame:
        tf = s.execute(select(EditionTypeFrameRow).where(EditionTypeFrameRow.program_edition_id == pe.id,
                                                      EditionTypeFrameRow.type == type_)).scalar()
        if tf is not None:
            ex.frame_of_type = f"{tf.frame}: printed with it in {tf.document} p.{tf.page or '?'} (same edition)"
