"""document_paths: where each document's bytes were found (issue 20: document identity).

A document is its bytes plus where they came from. Two files with the same name are two
documents (the second's key takes a suffix from its hash); the same bytes found under two
paths are one document with both paths here; rebuilding a path replaces the document that path
holds. Each path belongs to one document (`uq_document_paths_path`); deleting a document drops
its paths. Documents built before this revision have no path yet: a build of a file of the same
name (and file name) takes such a document over, as it replaced it before.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table (every existing row is kept; no path is known for them)."""
    op.create_table(
        "document_paths",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(),
                  sa.ForeignKey("documents.id", ondelete="CASCADE", name="fk_document_paths_document_id"),
                  nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.UniqueConstraint("path", name="uq_document_paths_path"),
    )
    op.create_index("ix_document_paths_document_id", "document_paths", ["document_id"])


def downgrade() -> None:
    """Drop it."""
    op.drop_index("ix_document_paths_document_id", table_name="document_paths")
    op.drop_table("document_paths")
