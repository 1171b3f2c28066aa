"""Statements: one row per rule of a program with all its sources, applicant definitions, latest_statements.

- `statements`: one per (program, fiscal year, budget, round, frame, type, kind, applicant,
  qualifiers) with its value, typed columns, status (single / several / conflict) and the list of
  values; unique on that key including NULLs (`uq_statements_key` on COALESCEs).
- `statement_sources`: the facts (mentions) that support a statement, with the value each states
  and how it was attached (exact, subsumed, definition); cascades from facts and statements.
- `applicant_definitions`: the clause by which an edition defines a special applicant.
- View `latest_statements`: the newest edition's statement per key, with one source to cite.

Statements are derived data: `schema.statements_store.refresh_statements` fills them from the
facts, and `hojo build` / `hojo db upgrade` call it, so an upgraded database gets them at once.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BUDGET_RANK = "CASE s.budget WHEN '補正' THEN 2 WHEN '当初' THEN 1 ELSE 0 END"

LATEST_STATEMENTS = f"""
CREATE VIEW latest_statements AS
SELECT program, fiscal_year, budget, round, frame, type, kind, applicant, qualifiers, condition,
       value, rate_num, rate_den, yen, date, time, status, emphasis, n_sources,
       document, page, quote, statement_id
FROM (
    SELECT p.name AS program, s.fiscal_year AS fiscal_year, s.budget AS budget, s.round AS round,
           s.frame AS frame, s.type AS type, s.kind AS kind, s.applicant AS applicant,
           s.qualifiers AS qualifiers, s.condition AS condition, s.value AS value,
           s.rate_num AS rate_num, s.rate_den AS rate_den, s.yen AS yen, s.date AS date, s.time AS time,
           s.status AS status, s.emphasis AS emphasis, s.n_sources AS n_sources,
           d.key AS document, f.page AS page, f.quote AS quote, s.id AS statement_id,
           ROW_NUMBER() OVER (
               PARTITION BY p.id, s.frame, s.type, s.kind, s.applicant, s.qualifier_key
               ORDER BY (s.fiscal_year IS NULL), s.fiscal_year DESC, {BUDGET_RANK} DESC, s.round DESC,
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


def upgrade() -> None:
    """Create statements, statement_sources, applicant_definitions and the latest_statements view."""
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("program_id", sa.Integer, sa.ForeignKey("programs.id"), nullable=False),
        sa.Column("fiscal_year", sa.Integer),
        sa.Column("budget", sa.String(4)),
        sa.Column("round", sa.String(200), nullable=False),
        sa.Column("editions", sa.JSON, nullable=False),
        sa.Column("frame", sa.String(200), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("applicant", sa.Text),
        sa.Column("qualifiers", sa.JSON, nullable=False),
        sa.Column("qualifier_key", sa.Text, nullable=False),
        sa.Column("condition", sa.Text),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("rate_num", sa.Integer),
        sa.Column("rate_den", sa.Integer),
        sa.Column("yen", sa.BigInteger),
        sa.Column("date", sa.Date),
        sa.Column("time", sa.String(5)),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("values", sa.JSON, nullable=False),
        sa.Column("emphasis", sa.Boolean, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
    )
    op.create_index("ix_statements_program_id", "statements", ["program_id"])
    op.create_index("ix_statements_lookup", "statements", ["program_id", "frame", "kind"])
    op.create_index("uq_statements_key", "statements",
                    ["program_id", sa.text("COALESCE(fiscal_year, -1)"), sa.text("COALESCE(budget, '')"), "round",
                     "frame", "type", "kind", sa.text("COALESCE(applicant, '')"), "qualifier_key"], unique=True)
    op.create_table(
        "statement_sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
        sa.Column("fact_id", sa.Integer, sa.ForeignKey("facts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("via", sa.String(12), nullable=False),
    )
    op.create_index("ix_statement_sources_statement_id", "statement_sources", ["statement_id"])
    op.create_index("ix_statement_sources_fact_id", "statement_sources", ["fact_id"])
    op.create_table(
        "applicant_definitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("program_id", sa.Integer, sa.ForeignKey("programs.id"), nullable=False),
        sa.Column("fiscal_year", sa.Integer),
        sa.Column("budget", sa.String(4)),
        sa.Column("round", sa.String(200), nullable=False),
        sa.Column("frame", sa.String(200), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("applicant", sa.Text, nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("fact_id", sa.Integer, sa.ForeignKey("facts.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_applicant_definitions_program_id", "applicant_definitions", ["program_id"])
    op.create_index("ix_applicant_definitions_fact_id", "applicant_definitions", ["fact_id"])
    op.create_index("ix_applicant_definitions_lookup", "applicant_definitions", ["program_id", "applicant"])
    op.execute(LATEST_STATEMENTS)


def downgrade() -> None:
    """Drop the view and the three tables."""
    op.execute("DROP VIEW IF EXISTS latest_statements")
    op.drop_table("applicant_definitions")
    op.drop_table("statement_sources")
    op.drop_table("statements")
