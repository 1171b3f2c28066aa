"""Program aliases as rows, editions unique even without a fiscal year, lookup indexes, consumer views.

- `program_aliases` (one row per printed name, unique) replaces the JSON list
  `programs.aliases`; the list's entries are copied over, then the column goes.
- `uq_editions_key`: SQL unique constraints treat NULLs as distinct, so two
  writers could both insert (program, NULL, NULL, "") editions; the index on
  COALESCE(...) closes that hole. Duplicates already present are merged first
  (their frames and facts move to the surviving row; no fact is lost).
- Indexes for the consumer views and the diff.
- Views `latest_facts` and `upcoming_deadlines` (see schema/README.md).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import json
import logging
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

BUDGET_RANK = "CASE e.budget WHEN '補正' THEN 2 WHEN '当初' THEN 1 ELSE 0 END"

LATEST_FACTS = f"""
CREATE VIEW latest_facts AS
SELECT program, fiscal_year, budget, edition, frame, type, kind, applicant, condition,
       value, rate_num, rate_den, yen, date, time, emphasis, document, page, quote, fact_id
FROM (
    SELECT p.name AS program, e.fiscal_year AS fiscal_year, e.budget AS budget, e.label AS edition,
           fr.frame AS frame, fr.type AS type, f.kind AS kind, f.applicant AS applicant,
           f.condition AS condition, f.value AS value, f.rate_num AS rate_num, f.rate_den AS rate_den,
           f.yen AS yen, f.date AS date, f.time AS time, f.emphasis AS emphasis,
           d.key AS document, f.page AS page, f.quote AS quote, f.id AS fact_id,
           ROW_NUMBER() OVER (
               PARTITION BY p.id, fr.frame, fr.type, f.kind, f.applicant, f.condition
               ORDER BY (e.fiscal_year IS NULL), e.fiscal_year DESC, {BUDGET_RANK} DESC,
                        (d.published IS NULL), d.published DESC, f.id DESC
           ) AS rn
    FROM facts f
    JOIN frames fr ON fr.id = f.frame_id
    JOIN editions e ON e.id = fr.edition_id
    JOIN programs p ON p.id = e.program_id
    JOIN documents d ON d.id = f.document_id
) ranked
WHERE rn = 1
"""

# "Today" is the Japanese calendar day: the publishers' deadlines are JST.
TODAY = {
    "sqlite": "date('now', '+9 hours')",
    "postgresql": "CAST((now() AT TIME ZONE 'Asia/Tokyo') AS DATE)",
}
DAYS_LEFT = {
    "sqlite": "CAST(julianday(f.date) - julianday({today}) AS INTEGER)",
    "postgresql": "(f.date - {today})",
}

UPCOMING_DEADLINES = """
CREATE VIEW upcoming_deadlines AS
SELECT program, fiscal_year, budget, edition, frame, type, applicant, condition,
       deadline, deadline_time, days_left, emphasis, document, page, quote, fact_id
FROM (
    SELECT p.name AS program, e.fiscal_year AS fiscal_year, e.budget AS budget, e.label AS edition,
           fr.frame AS frame, fr.type AS type, f.applicant AS applicant, f.condition AS condition,
           f.date AS deadline, f.time AS deadline_time, {days_left} AS days_left, f.emphasis AS emphasis,
           d.key AS document, f.page AS page, f.quote AS quote, f.id AS fact_id,
           ROW_NUMBER() OVER (
               PARTITION BY fr.id, f.applicant, f.condition, f.date, f.time ORDER BY f.id
           ) AS rn
    FROM facts f
    JOIN frames fr ON fr.id = f.frame_id
    JOIN editions e ON e.id = fr.edition_id
    JOIN programs p ON p.id = e.program_id
    JOIN documents d ON d.id = f.document_id
    WHERE f.kind = 'deadline' AND f.date IS NOT NULL AND f.date >= {today}
) ranked
WHERE rn = 1
"""


def _dialect() -> str:
    name = op.get_bind().dialect.name
    return name if name in TODAY else "sqlite"  # other engines: SQLite's SQL is the closest standard


def create_views() -> None:
    """Create the consumer views for the connected dialect."""
    today = TODAY[_dialect()]
    op.execute(LATEST_FACTS)
    op.execute(UPCOMING_DEADLINES.format(days_left=DAYS_LEFT[_dialect()].format(today=today), today=today))


def drop_views() -> None:
    """Drop the consumer views."""
    op.execute("DROP VIEW IF EXISTS upcoming_deadlines")
    op.execute("DROP VIEW IF EXISTS latest_facts")


def _copy_aliases(conn: sa.Connection) -> None:
    aliases = sa.table("program_aliases", sa.column("program_id", sa.Integer), sa.column("alias", sa.String))
    names = {name for (name,) in conn.execute(sa.text("SELECT name FROM programs"))}
    seen: set[str] = set()
    for pid, name, raw in conn.execute(sa.text("SELECT id, name, aliases FROM programs ORDER BY id")).all():
        values: Any = json.loads(raw) if isinstance(raw, str) else raw
        for alias in values or []:
            alias = str(alias).strip()
            if not alias or alias == name or alias in names or alias in seen:
                if alias and alias != name:
                    log.warning("program alias %r of %r dropped: it already names another program", alias, name)
                continue
            seen.add(alias)
            conn.execute(aliases.insert().values(program_id=pid, alias=alias))


def _merge_duplicate_editions(conn: sa.Connection) -> None:
    """Fold editions equal up to NULLs into their lowest id, moving frames and facts along."""
    rows = conn.execute(sa.text(
        "SELECT id, program_id, fiscal_year, budget, label FROM editions ORDER BY id")).all()
    keep: dict[tuple[Any, ...], int] = {}
    for eid, pid, year, budget, label in rows:
        key = (pid, -1 if year is None else year, budget or "", label)
        if key not in keep:
            keep[key] = eid
            continue
        target = keep[key]
        log.warning("merging duplicate edition %s into %s", eid, target)
        frames = conn.execute(sa.text("SELECT id, frame, type FROM frames WHERE edition_id = :e"),
                              {"e": eid}).all()
        for fid, frame, type_ in frames:
            twin = conn.execute(sa.text(
                "SELECT id FROM frames WHERE edition_id = :e AND frame = :f AND type = :t"),
                {"e": target, "f": frame, "t": type_}).scalar()
            if twin is None:
                conn.execute(sa.text("UPDATE frames SET edition_id = :t WHERE id = :f"), {"t": target, "f": fid})
            else:
                conn.execute(sa.text("UPDATE facts SET frame_id = :t WHERE frame_id = :f"), {"t": twin, "f": fid})
                conn.execute(sa.text("DELETE FROM frames WHERE id = :f"), {"f": fid})
        conn.execute(sa.text("DELETE FROM editions WHERE id = :e"), {"e": eid})


def upgrade() -> None:
    """Apply revision 2."""
    conn = op.get_bind()
    op.create_table(
        "program_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name="fk_program_aliases_program_id",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_program_aliases"),
        sa.UniqueConstraint("alias", name="uq_program_aliases_alias"),
    )
    op.create_index("ix_program_aliases_program_id", "program_aliases", ["program_id"])
    _copy_aliases(conn)
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("aliases")

    _merge_duplicate_editions(conn)
    op.create_index(
        "uq_editions_key", "editions",
        ["program_id", sa.text("COALESCE(fiscal_year, -1)"), sa.text("COALESCE(budget, '')"), "label"],
        unique=True,
    )
    op.create_index("ix_editions_program_year", "editions", ["program_id", "fiscal_year"])
    op.create_index("ix_facts_kind_date", "facts", ["kind", "date"])
    create_views()


def downgrade() -> None:
    """Return to revision 1: the alias rows go back into the JSON column."""
    conn = op.get_bind()
    drop_views()
    op.drop_index("ix_facts_kind_date", table_name="facts")
    op.drop_index("ix_editions_program_year", table_name="editions")
    op.drop_index("uq_editions_key", table_name="editions")
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("aliases", sa.JSON(), nullable=False, server_default="[]"))
    grouped: dict[int, list[str]] = {}
    for pid, alias in conn.execute(sa.text("SELECT program_id, alias FROM program_aliases ORDER BY id")):
        grouped.setdefault(pid, []).append(alias)
    update = sa.text("UPDATE programs SET aliases = :a WHERE id = :p").bindparams(sa.bindparam("a", type_=sa.JSON))
    for pid, values in grouped.items():
        conn.execute(update, {"a": values, "p": pid})
    with op.batch_alter_table("programs") as batch:
        batch.alter_column("aliases", server_default=None, existing_type=sa.JSON(), existing_nullable=False)
    op.drop_index("ix_program_aliases_program_id", table_name="program_aliases")
    op.drop_table("program_aliases")
