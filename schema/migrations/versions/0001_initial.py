"""The schema as the first version of hojo created it with `create_all` (commit e8df1c7/00f33f9).

Frozen on purpose: later revisions change the models, never this file. A
database built before migrations existed matches it exactly and is stamped
with this revision by `schema.db.init_db()` before it is upgraded.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _bbox() -> list[sa.Column]:
    return [sa.Column(c, sa.Float(), nullable=True) for c in ("x0", "y0", "x1", "y1")]


def upgrade() -> None:
    """Create documents, pages, lines, spans, page_tables, programs, editions, frames and facts."""
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64)),
        sa.Column("file_name", sa.String(400)),
        sa.Column("title", sa.Text()),
        sa.Column("issuer", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("kind", sa.String(40)),
        sa.Column("source_url", sa.Text()),
        sa.Column("licence", sa.Text()),
        sa.Column("n_pages", sa.Integer(), nullable=False),
        sa.Column("n_chars", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("pipeline_version", sa.String(40)),
        sa.Column("built_at", sa.DateTime()),
        sa.Column("seconds_read", sa.Float()),
        sa.Column("seconds_facts", sa.Float()),
        sa.Column("seconds_total", sa.Float()),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "editions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer()),
        sa.Column("budget", sa.String(4)),
        sa.Column("label", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("program_id", "fiscal_year", "budget", "label"),
    )
    op.create_index("ix_editions_program_id", "editions", ["program_id"])
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("text_source", sa.String(10), nullable=False),
        sa.Column("ocr_text", sa.Text()),
        sa.Column("width", sa.Float()),
        sa.Column("height", sa.Float()),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "number"),
    )
    op.create_index("ix_pages_document_id", "pages", ["document_id"])
    op.create_table(
        "frames",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("frame", sa.String(200), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["edition_id"], ["editions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("edition_id", "frame", "type"),
    )
    op.create_index("ix_frames_edition_id", "frames", ["edition_id"])
    op.create_table(
        "lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        *_bbox(),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("vertical", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lines_page_id", "lines", ["page_id"])
    op.create_table(
        "page_tables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        *_bbox(),
        sa.Column("n_rows", sa.Integer(), nullable=False),
        sa.Column("n_cols", sa.Integer(), nullable=False),
        sa.Column("header_rows", sa.Integer(), nullable=False),
        sa.Column("header_cols", sa.Integer(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_page_tables_page_id", "page_tables", ["page_id"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("frame_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer()),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("rate_num", sa.Integer()),
        sa.Column("rate_den", sa.Integer()),
        sa.Column("yen", sa.BigInteger()),
        sa.Column("date", sa.Date()),
        sa.Column("time", sa.String(5)),
        sa.Column("applicant", sa.Text()),
        sa.Column("condition", sa.Text()),
        sa.Column("quote", sa.Text(), nullable=False),
        *_bbox(),
        sa.Column("emphasis", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["frame_id"], ["frames.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_facts_lookup", "facts", ["frame_id", "kind", "applicant"])
    op.create_index("ix_facts_document_id", "facts", ["document_id"])
    op.create_index("ix_facts_frame_id", "facts", ["frame_id"])
    op.create_table(
        "spans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        *_bbox(),
        sa.Column("font", sa.String(200)),
        sa.Column("size", sa.Float()),
        sa.Column("color", sa.Integer()),
        sa.Column("bold", sa.Boolean(), nullable=False),
        sa.Column("red", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["line_id"], ["lines.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_spans_line_id", "spans", ["line_id"])


def downgrade() -> None:
    """Drop every table of the first schema."""
    for table in ("spans", "facts", "page_tables", "lines", "frames", "pages", "editions", "programs",
                  "documents"):
        op.drop_table(table)
