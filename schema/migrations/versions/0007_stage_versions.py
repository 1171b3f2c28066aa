"""Per-document stage versions, table cells and the file's own metadata, so later stages can re-run from rows.

- `document_stages`: one row per document and pipeline stage (read, facts, load) with the
  version of the code that produced what is stored, and its seconds. A build re-runs only
  the stages whose version changed (`corpus.stages`).
- `page_tables.cells`: every cell with its grid position, spans and box (JSON), so the fact
  stage can run on a stored document exactly as on a freshly read one.
- `documents.file_info`: what the read stage learnt of the whole file — its kind (pdf, text)
  and the metadata it carries (title, author …), which the fact stage falls back on.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the stage table and the two JSON columns."""
    op.create_table(
        "document_stages",
        sa.Column("document_id", sa.Integer(),
                  sa.ForeignKey("documents.id", ondelete="CASCADE", name="fk_document_stages_document_id"),
                  primary_key=True),
        sa.Column("stage", sa.String(40), primary_key=True),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("seconds", sa.Float()),
    )
    # plain ADD COLUMN: a batch (copy and rename) of `documents` would break the views that read it
    op.add_column("page_tables", sa.Column("cells", sa.JSON()))
    op.add_column("documents", sa.Column("file_info", sa.JSON()))


def downgrade() -> None:
    """Drop them again (documents built since then rebuild in full)."""
    op.drop_column("documents", "file_info")
    op.drop_column("page_tables", "cells")
    op.drop_table("document_stages")
