"""latest_facts: break ties between equally new statements by content, not by row id.

Two documents of the same edition and publication date used to be decided by
`facts.id`, i.e. by the order a (possibly parallel) build inserted them, so the
same corpus could give different rows on SQLite and PostgreSQL. Now: document
key, then page, then quote, and only then id.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BUDGET_RANK = "CASE e.budget WHEN '補正' THEN 2 WHEN '当初' THEN 1 ELSE 0 END"

LATEST_FACTS = """
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
               ORDER BY (e.fiscal_year IS NULL), e.fiscal_year DESC, {rank} DESC,
                        (d.published IS NULL), d.published DESC, {tiebreak}
           ) AS rn
    FROM facts f
    JOIN frames fr ON fr.id = f.frame_id
    JOIN editions e ON e.id = fr.edition_id
    JOIN programs p ON p.id = e.program_id
    JOIN documents d ON d.id = f.document_id
) ranked
WHERE rn = 1
"""

BY_CONTENT = "d.key, COALESCE(f.page, 0), f.quote, f.id"
BY_ID = "f.id DESC"  # revision 0002


def upgrade() -> None:
    """Recreate latest_facts with the content tie-break."""
    op.execute("DROP VIEW IF EXISTS latest_facts")
    op.execute(LATEST_FACTS.format(rank=BUDGET_RANK, tiebreak=BY_CONTENT))


def downgrade() -> None:
    """Recreate latest_facts as revision 0002 had it."""
    op.execute("DROP VIEW IF EXISTS latest_facts")
    op.execute(LATEST_FACTS.format(rank=BUDGET_RANK, tiebreak=BY_ID))
