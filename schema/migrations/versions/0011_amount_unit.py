"""facts.unit and statements.unit: what one amount is counted per (person, person_hour, establishment, group_member).

A 助成金 grants fixed sums per person or per establishment rather than a share of expenses
(`shared/spec/facts.md`, "Amounts counted per unit"). A fact's `unit` is NULL for an amount per
applicant (every fact stored before this revision). The unit is part of a statement's key: the
unique index `uq_statements_key` and the views `latest_statements` and `latest_facts` tell a sum
per person from a cap per applicant, and both views show the unit.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

FACT_RANK = "CASE e.budget WHEN '補正' THEN 2 WHEN '当初' THEN 1 ELSE 0 END"
STATEMENT_RANK = "CASE s.budget WHEN '補正' THEN 2 WHEN '当初' THEN 1 ELSE 0 END"
KEY: list[str | sa.TextClause] = [
    "program_id", sa.text("COALESCE(fiscal_year, -1)"), sa.text("COALESCE(budget, '')"), "round", "frame", "type",
    "kind", sa.text("COALESCE(applicant, '')"), "qualifier_key",
]

LATEST_FACTS = """
CREATE VIEW latest_facts AS
SELECT program, fiscal_year, budget, edition, frame, type, kind, applicant, condition,
       value, rate_num, rate_den, yen, date, time, emphasis, document, page, quote, fact_id{unit_out}
FROM (
    SELECT p.name AS program, e.fiscal_year AS fiscal_year, e.budget AS budget, e.label AS edition,
           fr.frame AS frame, fr.type AS type, f.kind AS kind, f.applicant AS applicant,
           f.condition AS condition, f.value AS value, f.rate_num AS rate_num, f.rate_den AS rate_den,
           f.yen AS yen, f.date AS date, f.time AS time, f.emphasis AS emphasis,
           d.key AS document, f.page AS page, f.quote AS quote, f.id AS fact_id{unit_in},
           ROW_NUMBER() OVER (
               PARTITION BY p.id, fr.frame, fr.type, f.kind, f.applicant, f.condition{unit_key}
               ORDER BY (e.fiscal_year IS NULL), e.fiscal_year DESC, {rank} DESC,
                        (d.published IS NULL), d.published DESC, d.key, COALESCE(f.page, 0), f.quote, f.id
           ) AS rn
    FROM facts f
    JOIN frames fr ON fr.id = f.frame_id
    JOIN editions e ON e.id = fr.edition_id
    JOIN programs p ON p.id = e.program_id
    JOIN documents d ON d.id = f.document_id
) ranked
WHERE rn = 1
"""

LATEST_STATEMENTS = """
CREATE VIEW latest_statements AS
SELECT program, fiscal_year, budget, round, frame, type, kind, applicant, qualifiers, condition,
       value, rate_num, rate_den, yen, date, time, status, emphasis, n_sources,
       document, page, quote, statement_id{unit_out}
FROM (
    SELECT p.name AS program, s.fiscal_year AS fiscal_year, s.budget AS budget, s.round AS round,
           s.frame AS frame, s.type AS type, s.kind AS kind, s.applicant AS applicant,
           s.qualifiers AS qualifiers, s.condition AS condition, s.value AS value,
           s.rate_num AS rate_num, s.rate_den AS rate_den, s.yen AS yen, s.date AS date, s.time AS time,
           s.status AS status, s.emphasis AS emphasis, s.n_sources AS n_sources,
           d.key AS document, f.page AS page, f.quote AS quote, s.id AS statement_id{unit_in},
           ROW_NUMBER() OVER (
               PARTITION BY p.id, s.frame, s.type, s.kind, s.applicant, s.qualifier_key{unit_key}
               ORDER BY (s.fiscal_year IS NULL), s.fiscal_year DESC, {rank} DESC, s.round DESC,
                        (ss.via <> 'exact'), (d.published IS NULL), d.published DESC, d.key,
                        COALESCE(f.page, 0), f.quote, ss.id
           ) AS rn
    FROM statements s
    JOIN programs p ON p.id = s.program_id
    JOIN statement_sources ss ON ss.statement_id = s.id
    JOIN facts f ON f.id = ss.fact_id
    JOIN documents d ON d.id = f.document_id
) ranked
WHERE rn = 1
"""


def _views(with_unit: bool) -> None:
    """(Re)create latest_facts and latest_statements, with the unit or as revision 0009 had them."""
    op.execute("DROP VIEW IF EXISTS latest_facts")
    op.execute("DROP VIEW IF EXISTS latest_statements")
    for sql, alias, rank in ((LATEST_FACTS, "f", FACT_RANK), (LATEST_STATEMENTS, "s", STATEMENT_RANK)):
        parts = {"unit_out": ", unit", "unit_in": f", {alias}.unit AS unit", "unit_key": f", {alias}.unit"} \
            if with_unit else {"unit_out": "", "unit_in": "", "unit_key": ""}
        op.execute(sql.format(rank=rank, **parts))


def upgrade() -> None:
    """Add the nullable columns in place, key statements by their unit, show it in the views."""
    op.execute("DROP VIEW IF EXISTS latest_facts")
    op.execute("DROP VIEW IF EXISTS latest_statements")
    op.add_column("facts", sa.Column("unit", sa.String(20), nullable=True))
    op.add_column("statements", sa.Column("unit", sa.String(20), nullable=True))
    op.drop_index("uq_statements_key", table_name="statements")
    op.create_index("uq_statements_key", "statements", [*KEY, sa.text("COALESCE(unit, '')")], unique=True)
    _views(with_unit=True)


def downgrade() -> None:
    """Drop the columns in place (statements per unit merge into per-applicant keys: re-derive them)."""
    op.execute("DROP VIEW IF EXISTS latest_facts")
    op.execute("DROP VIEW IF EXISTS latest_statements")
    op.execute("DELETE FROM statement_sources")
    op.execute("DELETE FROM statements")
    op.execute("DELETE FROM derived_versions WHERE name = 'statements'")
    op.drop_index("uq_statements_key", table_name="statements")
    op.create_index("uq_statements_key", "statements", KEY, unique=True)
    op.execute("ALTER TABLE statements DROP COLUMN unit")
    op.execute("ALTER TABLE facts DROP COLUMN unit")
    _views(with_unit=False)
