"""documents.encoding: the encoding a text layer was decoded from (utf-8, shift_jis, cp932, euc_jp …).

NULL for PDFs and for documents built before this revision.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the nullable column (no table rebuild: SQLite and PostgreSQL both add a column in place)."""
    op.add_column("documents", sa.Column("encoding", sa.String(20), nullable=True))


def downgrade() -> None:
    """Drop the column in place (SQLite ≥ 3.35 can; a batch rebuild would trip over the views on documents)."""
    op.execute("ALTER TABLE documents DROP COLUMN encoding")
