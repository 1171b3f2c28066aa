"""SQLAlchemy 2 models: documents and their pages, lines, spans and tables, and the facts read from them.

Provenance runs document → page → (line → span | table → cell); every fact keeps
the document, page, quote and bbox it was read from, and points at the program,
edition and frame it belongs to.

These classes describe the newest migration (`schema/migrations/versions/`);
the database is created and upgraded by Alembic through `schema.db.init_db`,
never by `create_all`. The views `latest_facts` and `upcoming_deadlines` are
created by the migrations and described in `schema/views.py`.

Facts are *mentions* (one per place a value is printed); `statements` are the rules they state,
one per (program, edition, frame, type, kind, applicant, qualifiers), each with every fact that
supports it in `statement_sources` (see `extract/knowledge/statements.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every hojo table."""


class DocumentRow(Base):
    """One input file, as listed in the manifest or given on the command line."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    sha256: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(400))
    title: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str | None] = mapped_column(String(40))
    encoding: Mapped[str | None] = mapped_column(String(20))  # a text layer's, as detected; NULL for PDFs
    source_url: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(Text)
    n_pages: Mapped[int] = mapped_column(Integer, default=0)
    n_chars: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # ok | failed
    error: Mapped[str | None] = mapped_column(Text)
    pipeline_version: Mapped[str | None] = mapped_column(String(40))
    built_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    seconds_read: Mapped[float | None] = mapped_column(Float)
    seconds_facts: Mapped[float | None] = mapped_column(Float)
    seconds_total: Mapped[float | None] = mapped_column(Float)
    file_info: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # read stage: the file's kind and metadata


    pages: Mapped[list[PageRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="PageRow.number"
    )
    facts: Mapped[list[FactRow]] = relationship(back_populates="document", cascade="all, delete-orphan")
    stages: Mapped[list[DocumentStageRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocumentStageRow.stage"
    )
    paths: Mapped[list[DocumentPathRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocumentPathRow.id"
    )


class DocumentPathRow(Base):
    """A path a document's bytes were found at: a document is its bytes plus where they came from.

    A path belongs to one document; the same bytes under two paths are one document with both."""

    __tablename__ = "document_paths"
    __table_args__ = (UniqueConstraint("path", name="uq_document_paths_path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE", name="fk_document_paths_document_id"), index=True
    )
    path: Mapped[str] = mapped_column(Text)

    document: Mapped[DocumentRow] = relationship(back_populates="paths")


class DocumentStageRow(Base):
    """The version of one pipeline stage (`corpus.stages`) whose output a document holds."""

    __tablename__ = "document_stages"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE", name="fk_document_stages_document_id"), primary_key=True
    )
    stage: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[str] = mapped_column(String(40))
    seconds: Mapped[float | None] = mapped_column(Float)

    document: Mapped[DocumentRow] = relationship(back_populates="stages")


class PageRow(Base):
    """One page of a document: raw and normalised text plus quality flags."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    raw_text: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    text_source: Mapped[str] = mapped_column(String(10), default="layer")
    ocr_text: Mapped[str | None] = mapped_column(Text)
    width: Mapped[float | None] = mapped_column(Float)
    height: Mapped[float | None] = mapped_column(Float)

    document: Mapped[DocumentRow] = relationship(back_populates="pages")
    lines: Mapped[list[TextLineRow]] = relationship(
        back_populates="page", cascade="all, delete-orphan", order_by="TextLineRow.seq"
    )
    tables: Mapped[list[PageTableRow]] = relationship(
        back_populates="page", cascade="all, delete-orphan", order_by="PageTableRow.seq"
    )


class TextLineRow(Base):
    """A line in reading order, with its box and layout role."""

    __tablename__ = "lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    x0: Mapped[float | None] = mapped_column(Float)
    y0: Mapped[float | None] = mapped_column(Float)
    x1: Mapped[float | None] = mapped_column(Float)
    y1: Mapped[float | None] = mapped_column(Float)
    block: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(20), default="body")
    vertical: Mapped[bool] = mapped_column(Boolean, default=False)

    page: Mapped[PageRow] = relationship(back_populates="lines")
    spans: Mapped[list[TextSpanRow]] = relationship(
        back_populates="line", cascade="all, delete-orphan", order_by="TextSpanRow.seq"
    )


class TextSpanRow(Base):
    """A run of text in one font, size and colour."""

    __tablename__ = "spans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    x0: Mapped[float | None] = mapped_column(Float)
    y0: Mapped[float | None] = mapped_column(Float)
    x1: Mapped[float | None] = mapped_column(Float)
    y1: Mapped[float | None] = mapped_column(Float)
    font: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[float | None] = mapped_column(Float)
    color: Mapped[int | None] = mapped_column(Integer)
    bold: Mapped[bool] = mapped_column(Boolean, default=False)
    red: Mapped[bool] = mapped_column(Boolean, default=False)
    struck: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    line: Mapped[TextLineRow] = relationship(back_populates="spans")


class PageTableRow(Base):
    """A table found on a page, stored as its cell grid."""

    __tablename__ = "page_tables"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    x0: Mapped[float | None] = mapped_column(Float)
    y0: Mapped[float | None] = mapped_column(Float)
    x1: Mapped[float | None] = mapped_column(Float)
    y1: Mapped[float | None] = mapped_column(Float)
    n_rows: Mapped[int] = mapped_column(Integer)
    n_cols: Mapped[int] = mapped_column(Integer)
    header_rows: Mapped[int] = mapped_column(Integer, default=0)
    header_cols: Mapped[int] = mapped_column(Integer, default=0)
    rows: Mapped[list[list[str]]] = mapped_column(JSON)
    spans: Mapped[list[dict[str, int]]] = mapped_column(JSON, default=list)
    cells: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)  # every cell: row, col, spans, box, text
    source: Mapped[str] = mapped_column(String(20))

    page: Mapped[PageRow] = relationship(back_populates="tables")


class ProgramRow(Base):
    """A subsidy program under its canonical short name (the catalog of shared/spec/facts.md)."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    editions: Mapped[list[ScopeRow]] = relationship(back_populates="program")
    alias_rows: Mapped[list[ProgramAliasRow]] = relationship(
        back_populates="program", cascade="all, delete-orphan", order_by="ProgramAliasRow.id"
    )

    @property
    def aliases(self) -> list[str]:
        """Return the other names the program is printed under."""
        return [a.alias for a in self.alias_rows]


class ProgramAliasRow(Base):
    """Another printed name of a program (サービス等生産性向上IT導入支援事業 → IT導入補助金); unique."""

    __tablename__ = "program_aliases"
    __table_args__ = (UniqueConstraint("alias", name="uq_program_aliases_alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE", name="fk_program_aliases_program_id"), index=True
    )
    alias: Mapped[str] = mapped_column(String(200))

    program: Mapped[ProgramRow] = relationship(back_populates="alias_rows")


class ScopeRow(Base):
    """The scope a document's facts were printed under: fiscal year, 当初/補正, printed label.

    The edition each belongs to, as a record with how it was dated, is `ProgramEditionRow`
    (through `DocumentEditionRow`)."""

    __tablename__ = "editions"
    __table_args__ = (
        UniqueConstraint("program_id", "fiscal_year", "budget", "label"),
        # NULLs are distinct in a UNIQUE constraint; this index makes (program, NULL, NULL, "") unique too.
        Index("uq_editions_key", "program_id", text("COALESCE(fiscal_year, -1)"), text("COALESCE(budget, '')"),
              "label", unique=True),
        Index("ix_editions_program_year", "program_id", "fiscal_year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    budget: Mapped[str | None] = mapped_column(String(4))
    label: Mapped[str] = mapped_column(String(200), default="")  # "" when none is printed

    program: Mapped[ProgramRow] = relationship(back_populates="editions")


class ProgramEditionRow(Base):
    """An edition of a program as a record: what its publisher issued together (`extract.knowledge.editions`).

    Any of fiscal year + budget, round (第20次), label (IT導入補助金2025), version (2024-03-28, 第4版)
    and series (一般型) may be unknown; `dated_by` says for each attribute known where it was
    printed or what it was inferred from; `position` orders the editions of a program. Derived
    from the documents by the statements stage, like the statements.
    """

    __tablename__ = "program_editions"
    __table_args__ = (
        UniqueConstraint("program_id", "ident", name="uq_program_editions_ident"),
        Index("ix_program_editions_order", "program_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", name="fk_program_editions_program_id"))
    ident: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    budget: Mapped[str | None] = mapped_column(String(4))
    round: Mapped[str] = mapped_column(String(40), default="")
    round_no: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[str] = mapped_column(String(60), default="")
    version_date: Mapped[dt.date | None] = mapped_column(Date)
    series: Mapped[str] = mapped_column(String(100), default="")
    issued: Mapped[dt.date | None] = mapped_column(Date)
    dated_by: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DocumentEditionRow(Base):
    """The edition the facts a document states under one printed scope (`editions` row) belong to,
    with how the document's edition was found (`dated_by`, per attribute)."""

    __tablename__ = "document_editions"
    __table_args__ = (UniqueConstraint("document_id", "edition_id", name="uq_document_editions_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE", name="fk_document_editions_document_id"), index=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", name="fk_document_editions_edition_id"))
    program_edition_id: Mapped[int] = mapped_column(
        ForeignKey("program_editions.id", ondelete="CASCADE", name="fk_document_editions_program_edition_id"),
        index=True)
    facts: Mapped[int] = mapped_column(Integer, default=0)
    dated_by: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # whether the document enumerates the program's frames (a 公募要領 of the whole program, a page
    # listing them), and the frames its title restricts it to (`extract.knowledge.editions.coverage`)
    coverage: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class EditionTypeFrameRow(Base):
    """The 枠 of a 類型 that a document of an edition prints alone, from another place of the edition
    that prints the pair."""

    __tablename__ = "edition_type_frames"
    __table_args__ = (UniqueConstraint("program_edition_id", "type", name="uq_edition_type_frames_type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_edition_id: Mapped[int] = mapped_column(
        ForeignKey("program_editions.id", ondelete="CASCADE", name="fk_edition_type_frames_program_edition_id"))
    type: Mapped[str] = mapped_column(String(200))
    frame: Mapped[str] = mapped_column(String(200))
    document: Mapped[str] = mapped_column(String(200))  # the document that prints the pair
    page: Mapped[int | None] = mapped_column(Integer)


class FrameRow(Base):
    """A 枠 and 類型 inside an edition ("" for program-wide)."""

    __tablename__ = "frames"
    __table_args__ = (UniqueConstraint("edition_id", "frame", "type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id"), index=True)
    frame: Mapped[str] = mapped_column(String(200), default="")
    type: Mapped[str] = mapped_column(String(200), default="")


class FactRow(Base):
    """One policy fact with its typed value and provenance."""

    __tablename__ = "facts"
    __table_args__ = (
        Index("ix_facts_lookup", "frame_id", "kind", "applicant"),
        Index("ix_facts_kind_date", "kind", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    frame_id: Mapped[int] = mapped_column(ForeignKey("frames.id"), index=True)
    page: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(Text)  # the exported value, as text
    rate_num: Mapped[int | None] = mapped_column(Integer)
    rate_den: Mapped[int | None] = mapped_column(Integer)
    yen: Mapped[int | None] = mapped_column(BigInteger)
    date: Mapped[dt.date | None] = mapped_column(Date)
    time: Mapped[str | None] = mapped_column(String(5))
    persons: Mapped[int | None] = mapped_column(Integer)  # employees_max
    percent: Mapped[float | None] = mapped_column(Float)  # wage_growth_min
    applicant: Mapped[str | None] = mapped_column(Text)
    condition: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    x0: Mapped[float | None] = mapped_column(Float)
    y0: Mapped[float | None] = mapped_column(Float)
    x1: Mapped[float | None] = mapped_column(Float)
    y1: Mapped[float | None] = mapped_column(Float)
    emphasis: Mapped[bool] = mapped_column(Boolean, default=False)  # printed in red by the publisher
    # how it was read: cue, structure path (source, labels, where frame and applicant came from), rule ids
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    unit: Mapped[str | None] = mapped_column(String(20))  # person, person_hour, …; NULL: per applicant

    document: Mapped[DocumentRow] = relationship(back_populates="facts")
    frame: Mapped[FrameRow] = relationship()


class StatementRow(Base):
    """One rule of a program's edition: (frame, type, kind, applicant, qualifiers, unit) → value, with its sources.

    Built from the facts (mentions) by `extract.knowledge.statements`; `status` is `single`, `several` (one
    place prints several values for the key: tiers whose label was not read) or `conflict`
    (places disagree). `values` lists every value with its number of sources.
    """

    __tablename__ = "statements"
    __table_args__ = (
        Index("uq_statements_key", "program_id", text("COALESCE(edition_id, -1)"),
              text("COALESCE(fiscal_year, -1)"), text("COALESCE(budget, '')"), "round", "frame", "type", "kind",
              text("COALESCE(applicant, '')"), "qualifier_key", text("COALESCE(unit, '')"), unique=True),
        Index("ix_statements_lookup", "program_id", "frame", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_editions.id", name="fk_statements_edition_id"), index=True)
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    budget: Mapped[str | None] = mapped_column(String(4))
    round: Mapped[str] = mapped_column(String(200), default="")
    editions: Mapped[list[str]] = mapped_column(JSON, default=list)
    frame: Mapped[str] = mapped_column(String(200), default="")
    type: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20))
    applicant: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(20))  # what the value is counted per; NULL: per applicant
    qualifiers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    qualifier_key: Mapped[str] = mapped_column(Text, default="")
    condition: Mapped[str | None] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    rate_num: Mapped[int | None] = mapped_column(Integer)
    rate_den: Mapped[int | None] = mapped_column(Integer)
    yen: Mapped[int | None] = mapped_column(BigInteger)
    date: Mapped[dt.date | None] = mapped_column(Date)
    time: Mapped[str | None] = mapped_column(String(5))
    persons: Mapped[int | None] = mapped_column(Integer)  # employees_max
    percent: Mapped[float | None] = mapped_column(Float)  # wage_growth_min
    status: Mapped[str] = mapped_column(String(10), default="single")
    values: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    emphasis: Mapped[bool] = mapped_column(Boolean, default=False)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)

    sources: Mapped[list[StatementSourceRow]] = relationship(
        back_populates="statement", cascade="all, delete-orphan", order_by="StatementSourceRow.id"
    )


class StatementSourceRow(Base):
    """A fact that supports a statement: `via` is exact (same key), subsumed (fewer qualifiers) or definition."""

    __tablename__ = "statement_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), index=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(Text)
    via: Mapped[str] = mapped_column(String(12), default="exact")

    statement: Mapped[StatementRow] = relationship(back_populates="sources")


class ApplicantDefinitionRow(Base):
    """How an edition defines a special applicant (最低賃金近傍の事業者), with the fact it was read from."""

    __tablename__ = "applicant_definitions"
    __table_args__ = (Index("ix_applicant_definitions_lookup", "program_id", "applicant"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_editions.id", name="fk_applicant_definitions_edition_id"), index=True)
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    budget: Mapped[str | None] = mapped_column(String(4))
    round: Mapped[str] = mapped_column(String(200), default="")
    frame: Mapped[str] = mapped_column(String(200), default="")
    type: Mapped[str] = mapped_column(String(200), default="")
    applicant: Mapped[str] = mapped_column(Text)
    definition: Mapped[str] = mapped_column(Text)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)


class DerivedVersionRow(Base):
    """The version of the code that derived a corpus-wide table (statements) from the stored facts."""

    __tablename__ = "derived_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[str] = mapped_column(String(40))
