"""The pipeline as one list of stages — read → facts → load → statements — each with the sources that make
its version.

A stage's version is a digest of its source files (and data files), so it changes exactly when
the code that shapes its output changes; each package gives the digest of its own files
(`extract.sources`, `normalize.sources`, `schema.sources`), none is read by path from here. The build
stores, per document, the version of every stage whose output the database holds (`document_stages`),
and re-runs only what is stale:

- read  (the file → pages, lines, spans, tables; normalisation, layout, OCR): a new file or a new
  read version re-reads the file and runs every later stage;
- facts (pages, lines, spans, tables → facts): a new facts version re-runs facts from the stored
  rows, without opening the file (`schema.stored.stored_document`);
- load  (rows written): a new load version re-reads the file, since the rows it wrote may differ;
- statements (corpus-wide: every program's facts → one statement per rule): re-derived after any
  build that changed facts, or when they lag the facts (`schema.statements_store`).

The benchmark and the profile time these same objects (`bench.suite`, `bench.profiling`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from extract import sources as extract_sources
from normalize import sources as normalize_sources
from normalize.sources import Sources
from schema import sources as schema_sources

Plan = Literal["full", "facts", "skip"]


@dataclass(frozen=True, slots=True)
class Stage:
    """One pipeline stage: its name, the parts of the packages whose files make its version (each package
    names its own, in its `sources` module), the function that runs it, and the parts of it a profile
    shows (label, `module:function`)."""

    name: str
    sources: tuple[Sources, ...]
    run: Callable[..., Any]
    parts: tuple[tuple[str, str], ...] = ()

    def files(self) -> list[Path]:
        """Return the source and data files of this stage, sorted."""
        return sorted({f for s in self.sources for f in s.files()})

    @property
    def version(self) -> str:
        """Return the version of this stage's files: one digest over the digests its packages give (12 hex digits)."""
        return normalize_sources.version(self.sources)


def _read(path: Path, pages: tuple[int, int] | None = None, **kw: Any) -> Any:
    """Given a file (and optionally a page range of a PDF), return its `DocumentText` (`kw`: limits,
    progress; see `extract.read_document`)."""
    from extract import read_document

    return read_document(path, pages=pages, **kw) if pages is not None else read_document(path, **kw)


def _facts(doc: Any, info: Any, nlp: Any = None, on_page: Any = None, budget: Any = None) -> Any:
    """Given a `DocumentText` and its `DocInfo`, return its facts (GiNZA only if a sentence needs it; a page
    over its time `budget` skipped)."""
    from extract.facts import extract_facts

    return extract_facts(doc, info, nlp=nlp, on_page=on_page, budget=budget)


def _statements(session: Any) -> Any:
    """Re-derive every program's statements from the stored facts; return (statements, mentions)."""
    from schema.statements_store import refresh_statements

    return refresh_statements(session)


def _load(session: Any, meta: Any, doc: Any, facts: Any, **kw: Any) -> Any:
    """Write a document, its rows and facts in the caller's transaction (`schema.store.save_document`)."""
    from schema.store import save_document

    return save_document(session, meta, doc, facts, **kw)


READ = Stage("read", (extract_sources.READERS, normalize_sources.GLYPHS), _read,
             (("text: page.get_textpage + dict", "extract.pdf:_read_page"),
              ("tables: ruled (find_tables)", "extract.tables:find_tables"),
              ("tables: unruled (stream)", "extract.streamtables:find_stream_tables"),
              ("layout: xycut", "extract.layout:xycut"),
              ("normalise (glyphs)", "normalize.glyphs:normalize"),
              ("OCR", "extract.ocr:ocr_pages")))
FACTS = Stage("facts", (extract_sources.FACT_STAGE, normalize_sources.EVERYTHING), _facts,
              (("rules and GiNZA (pipeline.run)", "extract.facts.pipeline:run"),
               ("GiNZA parse", "extract.facts.associate:resolve"),
               ("GiNZA load", "extract.facts.nlp:load_nlp")))
LOAD = Stage("load", (schema_sources.STORE,), _load,
             (("rows (save_document)", "schema.store:save_document"),
              ("facts only (replace_facts)", "schema.stored:replace_facts"),
              ("commit", "sqlalchemy.orm.session:Session.commit")))

STATEMENTS = Stage("statements", schema_sources.STATEMENTS, _statements,
                   (("build_statements", "extract.knowledge.statements:build_statements"),
                    ("mentions (load_mentions)", "schema.statements_store:load_mentions")))

STAGES: tuple[Stage, ...] = (READ, FACTS, LOAD, STATEMENTS)
"""Every stage, in the order the data goes through them."""
DOCUMENT_STAGES: tuple[Stage, ...] = (READ, FACTS, LOAD)
"""The stages run per document, whose versions each document stores."""


def versions() -> dict[str, str]:
    """Return each per-document stage's current version, by name."""
    return {s.name: s.version for s in DOCUMENT_STAGES}


def pipeline_version() -> str:
    """Return the package version plus one digest over every stage's version (`documents.pipeline_version`)."""
    from corpus.config import package_version

    joined = ";".join(f"{k}={v}" for k, v in versions().items())
    return f"{package_version()}+{hashlib.sha256(joined.encode()).hexdigest()[:12]}"


def plan(stored: Mapping[str, str] | None, current: Mapping[str, str]) -> Plan:
    """Given the stage versions a document's stored output has (None: nothing usable is stored) and the
    current ones, return what to run: everything, the fact stage on the stored rows, or nothing."""
    if not stored or any(stored.get(s.name) != current[s.name] for s in (READ, LOAD)):
        return "full"
    return "facts" if stored.get(FACTS.name) != current[FACTS.name] else "skip"
