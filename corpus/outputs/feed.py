"""The programs feed: one row per program × budget year × frame × type, shaped like the jGrants API.

Consumers of subsidy data already speak jGrants' vocabulary (`subsidy_max_limit`,
`subsidy_rate`, `acceptance_start_datetime`, …). Each row is built from the statements of
one frame of one budget year (see `extract/knowledge/statements.py`); every value keeps its sources.
The mapping, field by field, is documented in README.md ("The programs feed").

One rule for every budget year chooses the headline values where a frame states several
(README.md says the same), so a frame printing the same tiers in two years gets the same fields:
- `subsidy_max_limit`: the highest cap of the frame over its tiers (and expense categories) that
  is stated for no particular applicant and per applicant (unit null), leaving out caps raised
  by a special provision or a case (特例, …場合);
- `subsidy_min_limit`: the lowest such lower limit;
- `subsidy_rate`: the rates as printed, joined: the rate for every applicant (else for 中小企業,
  else the most cited), then the others in brackets with whom or what they are for
  (`1/2（小規模事業者 2/3）`); never null when the frame states a rate. Its numerator and
  denominator are the first rate's;
- `acceptance_start_datetime` / `acceptance_end_datetime`: the earliest opening and the
  latest deadline, ISO 8601 in Japan time (+09:00; 23:59:59 when no time is printed);
- `target_number_of_employees`: jGrants' bucket (``300名以下``) of the largest head count any
  applicant class of the frame (or the whole program) may have (`employees_max`), else of the top
  of the employee tiers when every tier is bounded above;
- `requirements`: the requirement statements (who may apply, what an applicant must do for
  wages) of the frame and of the whole program, each with its sources.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from normalize.amounts import format_amount
from schema.models import DocumentRow, FactRow, ProgramRow, StatementRow, StatementSourceRow
from schema.store import exported_value

JST = dt.timezone(dt.timedelta(hours=9), "JST")

FIELDS = (
    "program", "fiscal_year", "budget", "round", "editions", "frame", "type",
    "subsidy_max_limit", "subsidy_min_limit", "subsidy_rate", "subsidy_rate_numerator",
    "subsidy_rate_denominator", "acceptance_start_datetime", "acceptance_end_datetime",
    "target_number_of_employees", "employee_tiers", "rates", "caps", "per_unit_amounts", "deadlines", "openings",
    "requirements",
    "sources",
)
REQUIREMENT_KINDS = ("employees_max", "capital_max", "wage_growth_min", "min_wage_margin")
JGRANTS_EMPLOYEES = (5, 20, 50, 100, 300, 900)
"""The buckets of jGrants' `target_number_of_employees` (``5名以下`` … ``900名以下``)."""


def jgrants_employees(largest: int) -> str | None:
    """Given the largest head count an applicant may have, return jGrants' bucket for it (None above 900)."""
    return next((f"{b}名以下" for b in JGRANTS_EMPLOYEES if largest <= b), None)


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
    q = (select(StatementSourceRow.statement_id, StatementSourceRow.value, DocumentRow.key, FactRow.page, FactRow.quote)
         .join(FactRow, StatementSourceRow.fact_id == FactRow.id)
         .join(DocumentRow, FactRow.document_id == DocumentRow.id)
         .order_by(StatementSourceRow.statement_id, StatementSourceRow.via != "exact", DocumentRow.key, FactRow.page,
                   FactRow.id))
    for sid, value, doc, page, quote in s.execute(q):
        out[sid].append({"document": doc, "page": page, "quote": quote, "value": value})
    return out


def _headline_cap(st: StatementRow) -> bool:
    """Return whether a cap may head the frame: for no particular applicant, per applicant (no unit), and not
    raised by a special provision or a case; tiers and expense categories are the frame's own caps."""
    q = st.qualifiers or {}
    return st.applicant is None and st.unit is None and not any(k in q for k in ("case", "provision"))


def _band_label(q: dict[str, Any]) -> str:
    """Return an amount band as printed (`50万円超~`, `~50万円`), or "" when the qualifiers hold none."""
    lo, hi = q.get("band_min"), q.get("band_max")
    if lo is None and hi is None:
        return ""
    low = f"{format_amount(lo)}{'' if q.get('band_min_inclusive', True) else '超'}" if lo is not None else ""
    high = f"{format_amount(hi)}{'' if q.get('band_max_inclusive', True) else '未満'}" if hi is not None else ""
    return f"{low}~{high}"


def _rate_label(st: StatementRow) -> str:
    """Return whom a rate is for, as a reader says it: its applicant, special provision, tier or amount band
    ("" for a rate for everyone; an expense category or a case clause is in `rates`, not in the headline)."""
    q = st.qualifiers or {}
    return " ".join(p for p in (st.applicant, q.get("provision"), q.get("tier"), _band_label(q)) if p)


MAX_JOINED = 4
"""At most this many other rates follow the first in `subsidy_rate`; `rates` lists every one."""


def _joined_rate(rates: list[StatementRow]) -> tuple[str, StatementRow] | None:
    """Return the frame's rates as printed, joined (`1/2（小規模事業者 2/3）`), and the statement it leads with:
    the rate for everyone (else for 中小企業, else the most cited), then whom the others are for."""
    if not rates:
        return None

    def rank(st: StatementRow) -> tuple[int, int, int, int, str]:
        who = 0 if st.applicant is None else 1 if st.applicant == "中小企業" else 2
        band_from = (st.qualifiers or {}).get("band_min") or 0  # bands in the order of the amount
        return (who, len(st.qualifiers or {}), -st.n_sources, band_from, st.value)

    ordered = sorted(rates, key=rank)
    lead = ordered[0]
    labelled = [(_rate_label(st), st.value) for st in ordered[1:]  # `1/2（中小企業 1/2）` says nothing more
                if not (lead.applicant is None and st.value == lead.value)]
    others = [o for o in dict.fromkeys(f"{label} {value}" for label, value in labelled if label)
              if o != f"{_rate_label(lead)} {lead.value}"]
    shown = "、".join(others[:MAX_JOINED]) + ("等" if len(others) > MAX_JOINED else "")
    return (lead.value + (f"（{shown}）" if others else ""), lead)


def _value(st: StatementRow) -> int | str:
    return exported_value(st)


def _entry(st: StatementRow, sources: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": st.kind, "value": _value(st), "applicant": st.applicant, "qualifiers": st.qualifiers or {},
            "condition": st.condition, "status": st.status,
            "values": [v["value"] for v in st.values] if st.status != "single" else None,
            "sources": [x for x in sources if x["value"] == st.value][:5] or sources[:5]}


def _requirements(row: dict[str, Any], stmts: list[StatementRow], program_wide: list[StatementRow],
                  sources: dict[int, list[dict[str, Any]]]) -> None:
    """Fill the row's `requirements` (its own and the whole program's) and its jGrants employee bucket."""
    own = [st for st in stmts if st.kind in REQUIREMENT_KINDS]
    wide = [st for st in program_wide if st not in own]
    row["requirements"] = [{**_entry(st, sources[st.id]), "frame": st.frame or None} for st in own + wide]
    heads = [p for st in own + wide if st.kind == "employees_max" for v in st.values
             if (p := _int(v["value"])) is not None]
    if heads:
        row["target_number_of_employees"] = jgrants_employees(max(heads))


def _int(value: Any) -> int | None:
    return int(value) if str(value).isdigit() else None


def _row(key: tuple[Any, ...], stmts: list[StatementRow], sources: dict[int, list[dict[str, Any]]],
         program_wide: list[StatementRow]) -> dict[str, Any]:
    program, year, budget, round_, frame, type_ = key
    by_kind: dict[str, list[StatementRow]] = defaultdict(list)
    for st in stmts:
        by_kind[st.kind].append(st)
    row: dict[str, Any] = dict.fromkeys(FIELDS)
    row.update(program=program, fiscal_year=year, budget=budget, round=round_ or None,
               editions=sorted({e for st in stmts for e in st.editions}), frame=frame or None, type=type_ or None)

    def values_of(kind: str) -> list[tuple[int, StatementRow]]:
        return [(int(v["value"]), st) for st in by_kind[kind] if _headline_cap(st) for v in st.values
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
    if joined := _joined_rate(rates):
        text, st = joined
        row["subsidy_rate"], row["subsidy_rate_numerator"], row["subsidy_rate_denominator"] = (
            text, st.rate_num, st.rate_den)
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
        row["target_number_of_employees"] = jgrants_employees(max(tops))
    _requirements(row, stmts, program_wide, sources)
    row["rates"] = [_entry(st, sources[st.id]) for st in rates]
    limits = by_kind["cap_max"] + by_kind["cap_min"]  # a sum per person, hour … is in per_unit_amounts only
    row["caps"] = [{**_entry(st, sources[st.id]), "tier": (st.qualifiers or {}).get("tier")}
                   for st in limits if st.unit is None]
    row["per_unit_amounts"] = [{"unit": st.unit, **_entry(st, sources[st.id])} for st in limits if st.unit is not None]
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
    groups: dict[tuple[Any, ...], list[StatementRow]] = defaultdict(list)
    q = (select(StatementRow, ProgramRow.name).join(ProgramRow, StatementRow.program_id == ProgramRow.id)
         .order_by(ProgramRow.name, StatementRow.fiscal_year, StatementRow.budget, StatementRow.round,
                   StatementRow.frame,
                   StatementRow.type, StatementRow.kind, StatementRow.applicant, StatementRow.qualifier_key))
    for st, program in s.execute(q):
        groups[(program, st.fiscal_year, st.budget, st.round, st.frame, st.type)].append(st)
    for key in sorted(groups, key=lambda k: tuple((x is None, x or "") for x in k)):
        wide = [st for st in groups.get((*key[:4], "", ""), []) if st.kind in REQUIREMENT_KINDS]
        yield _row(key, groups[key], sources, wide)
