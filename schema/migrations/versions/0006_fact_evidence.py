"""facts.evidence: how the fact stage read each fact (cue, structure path, rules that fired), for `hojo explain`.

A JSON object, NULL for facts stored before this revision (a rebuild fills it).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the nullable column in place."""
    op.add_column("facts", sa.Column("evidence", sa.JSON, nullable=True))


def downgrade() -> None:
    """Drop the column in place (a batch rebuild would trip over the views on facts)."""
    op.execute("ALTER TABLE facts DROP COLUMN evidence")
