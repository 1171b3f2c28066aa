"""Core `Table` descriptions of the consumer views, for typed queries (`select(latest_facts)`).

The views themselves are created by migration 0002; they live in their own
`MetaData` so that nothing ever tries to CREATE them as tables.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Integer, MetaData, String, Table, Text

view_metadata = MetaData()


def _cols(*names: str, kind: type = Text) -> list[Column]:
    return [Column(n, kind) for n in names]


latest_facts = Table(
    "latest_facts", view_metadata,
    Column("program", String), Column("fiscal_year", Integer), Column("budget", String),
    Column("edition", String), *_cols("frame", "type", "kind", "applicant", "condition", "value"),
    Column("rate_num", Integer), Column("rate_den", Integer), Column("yen", BigInteger),
    Column("date", Date), Column("time", String), Column("emphasis", Boolean),
    Column("document", String), Column("page", Integer), Column("quote", Text), Column("fact_id", Integer),
    Column("unit", String),
)
"""One row per (program, frame, type, kind, applicant, condition, unit): the value of the newest
edition (fiscal year, then 補正 over 当初, then the newest document)."""

upcoming_deadlines = Table(
    "upcoming_deadlines", view_metadata,
    Column("program", String), Column("fiscal_year", Integer), Column("budget", String),
    Column("edition", String), *_cols("frame", "type", "applicant", "condition"),
    Column("deadline", Date), Column("deadline_time", String), Column("days_left", Integer),
    Column("emphasis", Boolean), Column("document", String), Column("page", Integer),
    Column("quote", Text), Column("fact_id", Integer),
)
"""Deadline facts dated today (Japan time) or later, one row per distinct deadline of a frame."""
