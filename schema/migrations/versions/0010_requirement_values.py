"""facts.persons, facts.percent (and on statements): typed values of the requirement kinds.

The requirement kinds of spec/facts.md keep their value typed beside the exported text like the
others: `employees_max` a head count (`persons`), `wage_growth_min` a percentage (`percent`);
`capital_max` and `min_wage_margin` are yen (`yen`). Rows stored before this revision hold no
requirement facts (the facts version changed, so a rebuild re-runs the fact stage).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("facts", "statements")


def upgrade() -> None:
    """Add the two nullable columns to facts and statements in place."""
    for table in TABLES:
        op.add_column(table, sa.Column("persons", sa.Integer(), nullable=True))
        op.add_column(table, sa.Column("percent", sa.Float(), nullable=True))


def downgrade() -> None:
    """Drop the columns in place."""
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN percent")
        op.execute(f"ALTER TABLE {table} DROP COLUMN persons")
