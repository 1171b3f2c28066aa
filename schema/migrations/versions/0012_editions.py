"""Editions as records: program_editions, document_editions, edition_type_frames; statements per edition.

- `program_editions`: an edition of a program — fiscal year + budget, round, label, version,
  series, any of them unknown — with `dated_by` (per attribute: printed on a page, or inferred
  from another document) and `position` (the order of the program's editions).
- `document_editions`: for each document and printed scope (`editions` row) of its facts, the
  edition it belongs to, how that was found, and whether the document enumerates the program's
  frames (`coverage`: the diff calls a frame it lacks removed only then).
- `edition_type_frames`: a 類型 read without its 枠, with the 枠 another document of the same
  edition prints it under.
- `statements` and `applicant_definitions` get `edition_id`; `uq_statements_key` includes it
  (two editions of one year — two versions of a 交付規程 — hold statements of the same key).
  The recreated statements keep what 0010 and 0011 added: the typed `persons` and `percent`,
  and `unit`, which stays part of `uq_statements_key` and of the view `latest_statements`.

All of these are derived data (the statements stage): the statement tables are recreated empty
with the new key, the view `latest_statements` is recreated to prefer the newest edition by its
position, and the recorded statements version is dropped, so the next build or read derives
editions and statements again from the facts.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BUDGET_RANK = "CASE s.budget WHEN '補正' THEN 2 WHEN '当初' THEN 1 ELSE 0 END"

LATEST_STATEMENTS = f"""
CREATE VIEW latest_statements AS
SELECT program, fiscal_year, budget, round, frame, type, kind, applicant, qualifiers, condition,
       value, rate_num, rate_den, yen, date, time, status, emphasis, n_sources,
       document, page, quote, statement_id, unit
FROM (
    SELECT p.name AS program, s.fiscal_year AS fiscal_year, s.budget AS budget, s.round AS round,
           s.frame AS frame, s.type AS type, s.kind AS kind, s.applicant AS applicant,
           s.qualifiers AS qualifiers, s.condition AS condition, s.value AS value,
           s.rate_num AS rate_num, s.rate_den AS rate_den, s.yen AS yen, s.date AS date, s.time AS time,
           s.status AS status, s.emphasis AS emphasis, s.n_sources AS n_sources,
           d.key AS document, f.page AS page, f.quote AS quote, s.id AS statement_id, s.unit AS unit,
           ROW_NUMBER() OVER (
               PARTITION BY p.id, s.frame, s.type, s.kind, s.applicant, s.qualifier_key, s.unit
               ORDER BY (pe.position IS NULL), pe.position DESC,
                        (s.fiscal_year IS NULL), s.fiscal_year DESC, {BUDGET_RANK} DESC, s.round DESC,
                        (ss.via <> 'exact'), (d.published IS NULL), d.published DESC, d.key,
                        COALESCE(f.page, 0), f.quote, ss.id
           ) AS rn
    FROM statements s
    JOIN programs p ON p.id = s.program_id
    LEFT JOIN program_editions pe ON pe.id = s.edition_id
    JOIN statement_sources ss ON ss.statement_id = s.id
    JOIN facts f ON f.id = ss.fact_id
    JOIN documents d ON d.id = f.document_id
) ranked
WHERE rn = 1
"""


def _statement_tables(with_edition: bool) -> None:
    """Create statements, statement_sources and applicant_definitions (with `edition_id` or without, as
    revision 0011 had them: typed `persons` and `percent`, `unit` in the key)."""
    edition = ([sa.Column("edition_id", sa.Integer, sa.ForeignKey("program_editions.id",
                                                                  name="fk_statements_edition_id"))]
               if with_edition else [])
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("program_id", sa.Integer, sa.ForeignKey("programs.id"), nullable=False),
        *edition,
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
        sa.Column("persons", sa.Integer),
        sa.Column("percent", sa.Float),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("values", sa.JSON, nullable=False),
        sa.Column("emphasis", sa.Boolean, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("unit", sa.String(20)),
    )
    op.create_index("ix_statements_program_id", "statements", ["program_id"])
    op.create_index("ix_statements_lookup", "statements", ["program_id", "frame", "kind"])
    key: list[str | sa.TextClause] = [
           "program_id", *([sa.text("COALESCE(edition_id, -1)")] if with_edition else []),
           sa.text("COALESCE(fiscal_year, -1)"), sa.text("COALESCE(budget, '')"), "round", "frame", "type", "kind",
           sa.text("COALESCE(applicant, '')"), "qualifier_key", sa.text("COALESCE(unit, '')")]
    op.create_index("uq_statements_key", "statements", key, unique=True)
    if with_edition:
        op.create_index("ix_statements_edition_id", "statements", ["edition_id"])
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
    edition = ([sa.Column("edition_id", sa.Integer, sa.ForeignKey("program_editions.id",
                                                                  name="fk_applicant_definitions_edition_id"))]
               if with_edition else [])
    op.create_table(
        "applicant_definitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("program_id", sa.Integer, sa.ForeignKey("programs.id"), nullable=False),
        *edition,
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
    if with_edition:
        op.create_index("ix_applicant_definitions_edition_id", "applicant_definitions", ["edition_id"])


def _drop_statement_tables() -> None:
    op.execute("DROP VIEW IF EXISTS latest_statements")
    op.drop_table("applicant_definitions")
    op.drop_table("statement_sources")
    op.drop_table("statements")
    op.execute("DELETE FROM derived_versions WHERE name = 'statements'")  # re-derived on the next build or read


def upgrade() -> None:
    """Create the edition tables and recreate the (derived, re-derivable) statement tables with edition_id."""
    op.create_table(
        "program_editions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("program_id", sa.Integer, sa.ForeignKey("programs.id", name="fk_program_editions_program_id"),
                  nullable=False),
        sa.Column("ident", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("fiscal_year", sa.Integer),
        sa.Column("budget", sa.String(4)),
        sa.Column("round", sa.String(40), nullable=False),
        sa.Column("round_no", sa.Integer),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("version", sa.String(60), nullable=False),
        sa.Column("version_date", sa.Date),
        sa.Column("series", sa.String(100), nullable=False),
        sa.Column("issued", sa.Date),
        sa.Column("dated_by", sa.JSON, nullable=False),
        sa.UniqueConstraint("program_id", "ident", name="uq_program_editions_ident"),
    )
    op.create_index("ix_program_editions_order", "program_editions", ["program_id", "position"])
    op.create_table(
        "document_editions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE",
                                                           name="fk_document_editions_document_id"),
                  nullable=False),
        sa.Column("edition_id", sa.Integer, sa.ForeignKey("editions.id", name="fk_document_editions_edition_id"),
                  nullable=False),
        sa.Column("program_edition_id", sa.Integer,
                  sa.ForeignKey("program_editions.id", ondelete="CASCADE",
                                name="fk_document_editions_program_edition_id"), nullable=False),
        sa.Column("facts", sa.Integer, nullable=False),
        sa.Column("dated_by", sa.JSON, nullable=False),
        sa.Column("coverage", sa.JSON, nullable=False),
        sa.UniqueConstraint("document_id", "edition_id", name="uq_document_editions_row"),
    )
    op.create_index("ix_document_editions_document_id", "document_editions", ["document_id"])
    op.create_index("ix_document_editions_program_edition_id", "document_editions", ["program_edition_id"])
    op.create_table(
        "edition_type_frames",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("program_edition_id", sa.Integer,
                  sa.ForeignKey("program_editions.id", ondelete="CASCADE",
                                name="fk_edition_type_frames_program_edition_id"), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("frame", sa.String(200), nullable=False),
        sa.Column("document", sa.String(200), nullable=False),
        sa.Column("page", sa.Integer),
        sa.UniqueConstraint("program_edition_id", "type", name="uq_edition_type_frames_type"),
    )
    _drop_statement_tables()
    _statement_tables(with_edition=True)
    op.execute(LATEST_STATEMENTS)


def downgrade() -> None:
    """Recreate the statement tables of revision 0011 (empty, re-derived on the next read); drop the edition tables."""
    _drop_statement_tables()
    _statement_tables(with_edition=False)
    old_view = (LATEST_STATEMENTS.replace("ORDER BY (pe.position IS NULL), pe.position DESC,\n", "ORDER BY ")
                .replace("    LEFT JOIN program_editions pe ON pe.id = s.edition_id\n", ""))
    op.execute(old_view)
    op.drop_table("edition_type_frames")
    op.drop_table("document_editions")
    op.drop_table("program_editions")
