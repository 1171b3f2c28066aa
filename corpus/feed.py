"""The programs feed: one row per program × budget year × frame × type, shaped like the jGrants API.

Consumers of subsidy data already speak jGrants' vocabulary (`subsidy_max_limit`,
`subsidy_rate`, `acceptance_start_datetime`, …). Each row is built from the statements of
one frame of one budget year (see `schema/statements.py`); every value keeps its sources.
The mapping, field by field, is documented in README.md ("The programs feed").

Choice of the headline value where a frame states several (documented there too):
- `subsidy_max_limit`: the highest cap of the frame that holds for every applicant and no
  expense category, case or special provision (the top tier of tiered caps);
- `subsidy_min_limit`: the lowest such lower limit;
- `subsidy_rate`: the rate stated for every applicant without qualifiers, else the one for
  中小企業; the per-applicant and per-band rates are all in `rates`;
- `acceptance_start_datetime` / `acceptance_end_datetime`: the earliest opening and the
  latest deadline, ISO 8601 in Japan time (+09:00; 23:59:59 when no time is printed).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema.models import Document, Fact, Program, Statement, StatementSource

JST = dt.timezone(dt.timedelta(hours=9), "JST")

FIELDS = (
    "program", "fiscal_year", "budget", "round", "editions", "frame", "type",
    "subsidy_max_limit", "subsidy_min_limit", "subsidy_rate", "subsidy_rate_numerator",
    "subsidy_rate_denominator", "acceptance_start_datetime", "acceptance_end_datetime",
    "target_number_of_employees", "employee_tiers", "rates", "caps", "deadlines", "openings", "sources",
)


def to_jst_iso(value: str, *, end_of_day: bool) -> str:
    """Given a facts.md date (``2025-03-31`` or ``2025-03-31T17:00``), return ISO 8601 with +09:00."""
    day, _, time = value.partition("T")
    d = dt.date.fromisoformat(day)
    if time:
        h, m = (int(x) for x in time.split(":")[:2])
        t = dt.time(h, m)
    else:
        t = dt.time(23, 59, 59) if end_of_day else dt.time(0, 0)
    return dt.datetime.combine(d, t, JST).isoformat()


def _sources(s: Session) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    q = (select(StatementSource.statement_id, StatementSource.value, Document.key, Fact.page, Fact.quote)
         .join(Fact, StatementSource.fact_id == Fact.id).join(Document, Fact.document_id == Document.id)
         .order_by(StatementSource.statement_id, StatementSource.via != "exact", Document.key, Fact.page, Fact.id))
    for sid, value, doc, page, quote in s.execute(q):
        out[sid].append({"document": doc, "page": page, "quote": quote, "value": value})
    return out


def _plain(st: Statement) -> bool:
    """Return whether a statement holds for every applicant of the frame, beyond any tier or band."""
    q = st.qualifiers or {}
    return st.applicant is None and not any(k in q for k in ("category", "case", "provision"))


def _value(st: Statement) -> int | str:
    return st.yen if st.yen is not None else st.value


def _entry(st: Statement, sources: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": st.kind, "value": _value(st), "applicant": st.applicant, "qualifiers": st.qualifiers or {},
            "condition": st.condition, "status": st.status,
            "values": [v["value"] for v in st.values] if st.status != "single" else None,
            "sources": [x for x in sources if x["value"] == st.value][:5] or sources[:5]}


def _row(key: tuple[Any, ...], stmts: list[Statement], sources: dict[int, list[dict[str, Any]]]) -> dict[str, Any]:
    program, year, budget, round_, frame, type_ = key
    by_kind: dict[str, list[Statement]] = defaultdict(list)
    for st in stmts:
        by_kind[st.kind].append(st)
    row: dict[str, Any] = dict.fromkeys(FIELDS)
    row.update(program=program, fiscal_year=year, budget=budget, round=round_ or None,
               editions=sorted({e for st in stmts for e in st.editions}), frame=frame or None, type=type_ or None)

    def values_of(kind: str) -> list[tuple[int, Statement]]:
        return [(int(v["value"]), st) for st in by_kind[kind] if _plain(st) for v in st.values
                if str(v["value"]).lstrip("-").isdigit()]

    cited: list[dict[str, Any]] = []
    if caps := values_of("cap_max"):
        value, st = max(caps, key=lambda c: c[0])
        row["subsidy_max_limit"] = value
        cited.append({"field": "subsidy_max_limit", **_entry(st, sources[st.id])})
    if floors := values_of("cap_min"):
        value, st = min(floors, key=lambda c: c[0])
        row["subsidy_min_limit"] = value
        cited.append({"field": "subsidy_min_limit", **_entry(st, sources[st.id])})
    rates = by_kind["rate"]

    def plain_rates(applicant: str | None) -> list[Statement]:
        return [st for st in rates if st.applicant == applicant and not st.qualifiers and st.status == "single"]

    base = plain_rates(None) or plain_rates("中小企業")
    if base:
        st = max(base, key=lambda x: x.n_sources)
        row["subsidy_rate"], row["subsidy_rate_numerator"], row["subsidy_rate_denominator"] = (
            st.value, st.rate_num, st.rate_den)
        cited.append({"field": "subsidy_rate", **_entry(st, sources[st.id])})
    opens = sorted(v["value"] for st in by_kind["opens"] for v in st.values)
    ends = sorted(v["value"] for st in by_kind["deadline"] for v in st.values)
    if opens:
        row["acceptance_start_datetime"] = to_jst_iso(opens[0], end_of_day=False)
    if ends:
        row["acceptance_end_datetime"] = to_jst_iso(ends[-1], end_of_day=True)
    tiers = sorted((st for st in stmts if (st.qualifiers or {}).get("tier_dimension") == "employees"),
                   key=lambda st: (st.kind, st.qualifiers.get("tier_min") or 0, st.qualifiers.get("tier_max") or 0))
    row["employee_tiers"] = [{"tier": st.qualifiers["tier"], "min": st.qualifiers.get("tier_min"),
                              "max": st.qualifiers.get("tier_max"), **_entry(st, sources[st.id])} for st in tiers]
    tops = [int(t) for st in tiers if (t := st.qualifiers.get("tier_max")) is not None]
    if tiers and len(tops) == len(tiers):  # every tier is bounded above: the feed's employee ceiling
        row["target_number_of_employees"] = f"{max(tops)}人以下"
    row["rates"] = [_entry(st, sources[st.id]) for st in rates]
    row["caps"] = [_entry(st, sources[st.id]) for st in by_kind["cap_max"] + by_kind["cap_min"]]
    for field_, kind, end in (("deadlines", "deadline", True), ("openings", "opens", False)):
        row[field_] = [{**_entry(st, sources[st.id]), "value": v["value"],
                        "datetime": to_jst_iso(v["value"], end_of_day=end),
                        "sources": [x for x in sources[st.id] if x["value"] == v["value"]][:5]}
                       for st in by_kind[kind] for v in st.values]
    row["sources"] = cited
    return row


def program_rows(s: Session) -> Iterator[dict[str, Any]]:
    """Yield one jGrants-shaped row per program × budget year × round × frame × type, in a stable order."""
    sources = _sources(s)
    groups: dict[tuple[Any, ...], list[Statement]] = defaultdict(list)
    q = (select(Statement, Program.name).join(Program, Statement.program_id == Program.id)
         .order_by(Program.name, Statement.fiscal_year, Statement.budget, Statement.round, Statement.frame,
                   Statement.type, Statement.kind, Statement.applicant, Statement.qualifier_key))
    for st, program in s.execute(q):
        groups[(program, st.fiscal_year, st.budget, st.round, st.frame, st.type)].append(st)
    for key in sorted(groups, key=lambda k: tuple((x is None, x or "") for x in k)):
        yield _row(key, groups[key], sources)
