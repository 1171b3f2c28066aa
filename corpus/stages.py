"""The pipeline as one list of stages — read → facts → load → statements — each with the sources that make
its version.

A stage's version is a digest of its source files (and data files), so it changes exactly when
the code that shapes its output changes. The build stores, per document, the version of every
stage whose output the database holds (`document_stages`), and re-runs only what is stale:

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
from functools import cache
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
STATEMENT_SOURCES = ("schema/statements.py", "schema/statements_store.py", "normalize/qualifiers.py",
                     "normalize/vocab.toml", "schema/editions.py", "schema/edition_frames.py",
                     "schema/editions_store.py", "extract/editions.py", "extract/facts/rules.toml")
"""The statements stage's files (`schema.statements_store.SOURCES`, whose digest the database stores)."""
DATA_SUFFIXES = frozenset({".py", ".toml", ".json", ".txt"})
TOOLS = ("*/bench.py", "*/__main__.py", "*/cli.py")
"""Files inside a stage's folders that never shape its output."""

Plan = Literal["full", "facts", "skip"]


@dataclass(frozen=True, slots=True)
class Stage:
    """One pipeline stage: its name, the source globs (relative to the project) that make its version,
    the function that runs it, and the parts of it a profile shows (label, `module:function`)."""

    name: str
    sources: tuple[str, ...]
    run: Callable[..., Any]
    parts: tuple[tuple[str, str], ...] = ()
    exclude: tuple[str, ...] = TOOLS

    def files(self) -> list[Path]:
        """Return the source and data files of this stage, sorted."""
        return stage_files(self.sources, self.exclude)

    @property
    def version(self) -> str:
        """Return the digest of this stage's files (12 hex digits)."""
        return _digest(self.sources, self.exclude)


def stage_files(sources: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[Path]:
    """Given globs relative to the project root, return the matching code and data files."""
    found: set[Path] = set()
    for pattern in sources:
        for f in ROOT.glob(pattern):
            rel = f.relative_to(ROOT)
            if (f.is_file() and f.suffix in DATA_SUFFIXES and "__pycache__" not in f.parts
                    and not any(rel.match(x) or rel.is_relative_to(x) for x in exclude)):
                found.add(f)
    return sorted(found)


@cache
def _digest(sources: tuple[str, ...], exclude: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for f in stage_files(sources, exclude):
        h.update(f.relative_to(ROOT).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


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


READ = Stage("read", ("extract/*.py", "normalize/__init__.py", "normalize/glyphs.py", "normalize/_radicals.py",
                     "normalize/errors.py"), _read,
             (("text: page.get_textpage + dict", "extract.pdf:_read_page"),
              ("tables: ruled (find_tables)", "extract.tables:find_tables"),
              ("tables: unruled (stream)", "extract.streamtables:find_stream_tables"),
              ("layout: xycut", "extract.layout:xycut"),
              ("normalise (glyphs)", "normalize.glyphs:normalize"),
              ("OCR", "extract.ocr:ocr_pages")))
FACTS = Stage("facts", ("extract/facts/**/*", "extract/model.py", "extract/layout.py", "extract/locate.py",
                        "extract/_norm.py", "extract/errors.py", "extract/__init__.py", "normalize/**/*"), _facts,
              (("rules and GiNZA (pipeline.run)", "extract.facts.pipeline:run"),
               ("GiNZA parse", "extract.facts.associate:resolve"),
               ("GiNZA load", "extract.facts.nlp:load_nlp")))
LOAD = Stage("load", ("schema/rows.py", "schema/store.py", "schema/stored.py", "schema/models.py"), _load,
             (("rows (save_document)", "schema.store:save_document"),
              ("facts only (replace_facts)", "schema.stored:replace_facts"),
              ("commit", "sqlalchemy.orm.session:Session.commit")))

STATEMENTS = Stage("statements", STATEMENT_SOURCES, _statements,
                   (("build_statements", "schema.statements:build_statements"),
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
