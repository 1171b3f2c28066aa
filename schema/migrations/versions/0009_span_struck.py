"""spans.struck: a line drawn through the middle of a span's text (a former value, crossed out).

A new value printed beside a crossed-out one (30万円 → 5万円〜) must not yield the old one as a
fact; the read stage marks such spans and the fact stage passes over values printed only in
them. Rows stored before this revision read as not struck (the read version changed, so a
rebuild reads every PDF again).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column in place, false for the rows already stored."""
    op.add_column("spans", sa.Column("struck", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Drop the column in place."""
    op.execute("ALTER TABLE spans DROP COLUMN struck")
