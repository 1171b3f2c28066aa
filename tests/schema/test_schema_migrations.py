"""Alembic migrations: a fresh database, an old database upgraded in place, round trips, packaging."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from schema import db as schema_db
from schema.db import current_revision, downgrade, init_db, upgrade
from schema.migrations import BASELINE, HEAD, MIGRATIONS_DIR
from schema.models import Base

TABLES = ["documents", "pages", "lines", "spans", "page_tables", "programs", "editions", "frames", "facts"]


def legacy_models() -> ModuleType:
    """Import the frozen pre-migration models under a private module name."""
    name = "hojo_legacy_v1_models"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("legacy_v1_models.py"))
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def build_v1_database(engine: Engine) -> None:
    """Create the schema with the first hojo's create_all and fill every table."""
    v1 = legacy_models()
    v1.Base.metadata.create_all(engine)
    with Session(engine) as s, s.begin():
        it = v1.Program(name="IT導入補助金", aliases=["サービス等生産性向上IT導入支援事業", "IT補助金"])
        mono = v1.Program(name="ものづくり補助金", aliases=["IT補助金", "ものづくり補助金"])  # clash, self
        s.add_all([it, mono])
        s.flush()
        e23 = v1.Edition(program_id=it.id, fiscal_year=2023, budget="当初", label="IT導入補助金2023")
        # NULLs are distinct in the v1 unique constraint: concurrent builds could leave twins like these
        twin_a = v1.Edition(program_id=mono.id, fiscal_year=None, budget=None, label="")
        twin_b = v1.Edition(program_id=mono.id, fiscal_year=None, budget=None, label="")
        s.add_all([e23, twin_a, twin_b])
        s.flush()
        frames = [v1.Frame(edition_id=e23.id, frame="通常枠", type="A類型"),
                  v1.Frame(edition_id=twin_a.id, frame="", type=""),
                  v1.Frame(edition_id=twin_b.id, frame="", type=""),
                  v1.Frame(edition_id=twin_b.id, frame="グローバル枠", type="")]
        s.add_all(frames)
        s.flush()
        for n, key in enumerate(["it_deck", "mono_koubo"]):
            doc = v1.Document(key=key, sha256=f"{n}" * 64, file_name=f"{key}.pdf", title=f"title {key}",
                              published=dt.date(2023, 4, 1 + n), kind="公募要領", status="ok", n_pages=2,
                              n_chars=20, pipeline_version="0.1", built_at=dt.datetime(2024, 1, 1, 12, 0))
            for p in (1, 2):
                page = v1.Page(number=p, raw_text=f"raw {p}", text=f"text {p}", flags=["cid_garbage"])
                line = v1.TextLine(seq=0, text=f"line {p}", x0=1.0, y0=2.0, x1=3.0, y1=4.0)
                line.spans = [v1.TextSpan(seq=0, text=f"span {p}", color=0xFF0000, red=True)]
                page.lines = [line]
                page.tables = [v1.PageTable(seq=0, n_rows=1, n_cols=2, rows=[["a", "b"]], source="pymupdf")]
                doc.pages.append(page)
            s.add(doc)
            s.flush()
            for i, fr in enumerate(frames):
                s.add(v1.Fact(document_id=doc.id, frame_id=fr.id, page=1, kind="cap_max", value=str(1000000 * (i + 1)),
                              yen=1000000 * (i + 1), quote=f"{key} quote {i}", emphasis=i == 0))


def fact_snapshot(engine: Engine) -> list[tuple[Any, ...]]:
    """Return every fact with its document, program, edition and frame spelled out, sorted."""
    with engine.connect() as c:
        rows = c.execute(text(
            "SELECT d.key, p.name, e.fiscal_year, e.budget, e.label, fr.frame, fr.type, f.kind, f.value, f.yen,"
            " f.quote, f.emphasis FROM facts f JOIN frames fr ON fr.id = f.frame_id"
            " JOIN editions e ON e.id = fr.edition_id JOIN programs p ON p.id = e.program_id"
            " JOIN documents d ON d.id = f.document_id")).all()
    return sorted(((*tuple(r[:-1]), bool(r[-1])) for r in rows), key=repr)


def counts(engine: Engine, tables: list[str]) -> dict[str, int]:
    """Return the row count of each table."""
    with engine.connect() as c:
        return {t: c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in tables}


def schema_drift(engine: Engine) -> list[Any]:
    """Return Alembic's differences between the database and the models (empty when they agree)."""
    with engine.connect() as c, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # expression indexes cannot be compared and warn
        ctx = MigrationContext.configure(c, opts={
            "compare_type": True,
            "include_object": lambda o, name, type_, r, ct: not (type_ == "table" and name in (
                "latest_facts", "upcoming_deadlines", "alembic_version")),
        })
        diffs = compare_metadata(ctx, Base.metadata)
    # expression-based indexes are not reflected comparably on every backend
    return [d for d in diffs if not (isinstance(d, tuple) and d[0] in ("add_index", "remove_index")
                                     and d[1].name == "uq_editions_key")]


def test_head_constant_matches_the_scripts() -> None:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert script.get_current_head() == HEAD
    assert [s.revision for s in script.walk_revisions()][-1] == BASELINE


def test_migrations_folder_is_found_through_the_package_not_the_cwd(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert Path(schema_db.alembic_config().get_main_option("script_location")) == MIGRATIONS_DIR
    engine = schema_db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    init_db(engine)
    assert current_revision(engine) == HEAD


def test_fresh_database_is_created_at_head_and_matches_the_models(engine: Engine) -> None:
    assert current_revision(engine) is None
    init_db(engine)
    assert current_revision(engine) == HEAD
    names = inspect(engine).get_table_names()
    assert set(TABLES) | {"program_aliases", "alembic_version"} <= set(names)
    assert {"latest_facts", "upcoming_deadlines"} <= set(inspect(engine).get_view_names())
    assert schema_drift(engine) == []


def test_init_db_at_head_costs_no_migration(fresh_db: Engine, monkeypatch) -> None:
    def boom(*a: Any, **k: Any) -> None:
        raise AssertionError("upgrade() must not run at head")

    monkeypatch.setattr(schema_db, "upgrade", boom)
    init_db(fresh_db)


def test_revision_1_is_what_the_first_hojo_created(engine: Engine, tmp_path: Path) -> None:
    """Migration 0001 and the old create_all agree, so stamping an old database as 0001 is sound."""
    upgrade(engine, BASELINE)
    with engine.connect() as c:
        ctx = MigrationContext.configure(c, opts={"compare_type": True, "include_object": lambda o, n, t, r, ct:
                                                  not (t == "table" and n == "alembic_version")})
        assert compare_metadata(ctx, legacy_models().Base.metadata) == []


def test_old_database_upgrades_in_place_without_losing_rows(engine: Engine) -> None:
    build_v1_database(engine)
    before_counts = counts(engine, TABLES)
    before_facts = fact_snapshot(engine)
    assert current_revision(engine) == "pre-migrations"

    init_db(engine)

    assert current_revision(engine) == HEAD
    after_counts = counts(engine, TABLES)
    # the twin editions merge into one (and their twin program-wide frames); nothing else changes
    assert after_counts == {**before_counts, "editions": before_counts["editions"] - 1,
                            "frames": before_counts["frames"] - 1}
    assert fact_snapshot(engine) == before_facts
    with engine.connect() as c:
        aliases = c.execute(text("SELECT p.name, a.alias FROM program_aliases a JOIN programs p"
                                 " ON p.id = a.program_id ORDER BY a.id")).all()
    # the clashing alias stays with its first program; a program's own name is no alias
    assert [tuple(r) for r in aliases] == [("IT導入補助金", "サービス等生産性向上IT導入支援事業"),
                                           ("IT導入補助金", "IT補助金")]
    assert schema_drift(engine) == []
    with engine.connect() as c:  # the statements of the old facts are derived right after the upgrade
        n_facts = c.execute(text("SELECT COUNT(*) FROM facts")).scalar()
        covered = c.execute(text("SELECT COUNT(DISTINCT fact_id) FROM statement_sources")).scalar()
        assert n_facts and covered == n_facts
    init_db(engine)  # idempotent
    assert counts(engine, TABLES) == after_counts


def test_downgrade_and_upgrade_round_trip(engine: Engine) -> None:
    build_v1_database(engine)
    init_db(engine)
    facts = fact_snapshot(engine)
    downgrade(engine, BASELINE)
    assert current_revision(engine) == BASELINE
    assert "program_aliases" not in inspect(engine).get_table_names()
    with engine.connect() as c:
        raw = c.execute(text("SELECT aliases FROM programs WHERE name = 'IT導入補助金'")).scalar_one()
    assert (json.loads(raw) if isinstance(raw, str) else raw) == ["サービス等生産性向上IT導入支援事業", "IT補助金"]
    upgrade(engine)
    assert current_revision(engine) == HEAD
    assert fact_snapshot(engine) == facts


def test_a_failed_migration_leaves_the_database_untouched(engine: Engine, monkeypatch) -> None:
    build_v1_database(engine)
    before = counts(engine, TABLES)

    from alembic.operations import Operations

    def fail(self: Any, *a: Any, **k: Any) -> None:
        raise RuntimeError("simulated crash inside migration 0002")

    monkeypatch.setattr(Operations, "create_index", fail)
    with pytest.raises(RuntimeError, match="simulated crash"):
        init_db(engine)
    assert current_revision(engine) == "pre-migrations"
    assert "program_aliases" not in inspect(engine).get_table_names()
    assert counts(engine, TABLES) == before
