"""derived_versions: the version of the code that derived the statements from the stored facts.

Statements are re-derived corpus-wide when the facts change, and also when the code that
derives them changes (`schema.statements_store.code_version`): a database built by an older
hojo gets the new statements on its next build or read, not only after its facts change.
A database upgraded to this revision has no row yet, so its statements are re-derived once.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table."""
    op.create_table(
        "derived_versions",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("version", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    """Drop it."""
    op.drop_table("derived_versions")
