"""Database fixtures: every database test runs on SQLite and on a real PostgreSQL the tests start.

The PostgreSQL server (`schema.pgtemp.TempPostgres`) lives in a temporary
directory for the whole session, listens on a Unix socket only, and is stopped
at the end. Without PostgreSQL binaries the postgres cases skip with the reason,
except under CI=true, where they fail: CI must test both databases.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from extract.facts.model import Fact
from extract.model import DocumentText, Line, Page, Span, Table
from schema.db import init_db, make_engine, transaction
from schema.pgtemp import PostgresUnavailableError, TempPostgres
from schema.store import DocumentMeta, save_document

CI = os.environ.get("CI", "").lower() == "true"
_db_numbers = itertools.count()


def unavailable(reason: str) -> None:
    """Skip the test for `reason`, or fail it under CI=true."""
    if CI:
        pytest.fail(f"{reason} (CI=true: this must run in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TempPostgres]:
    """A throwaway PostgreSQL server for the session."""
    if importlib.util.find_spec("psycopg") is None:
        unavailable("psycopg is not installed (pip install -e '.[postgres]')")
    try:
        server = TempPostgres().start()
    except PostgresUnavailableError as e:
        unavailable(str(e))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """The URL of a fresh, empty database: a SQLite file, or a new database on the test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hojo.db'}"
    server: TempPostgres = request.getfixturevalue("pg_server")
    return server.create_database(f"t{os.getpid()}_{next(_db_numbers)}")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the empty database of `db_url`."""
    e = make_engine(db_url)
    yield e
    e.dispose()


@pytest.fixture
def fresh_db(engine: Engine) -> Engine:
    """An engine on a database at the newest schema revision, with no rows."""
    init_db(engine)
    return engine


def fact(kind: str, value: int | str, frame: str | None = None, type: str | None = None, *,
         program: str = "IT導入補助金", year: int | None = 2024, budget: str | None = "補正",
         edition: str | None = None, applicant: str | None = None, condition: str | None = None,
         page: int | None = 1, quote: str | None = None, emphasis: bool = False, document: str = "doc") -> Fact:
    """Return a hand-made Fact with sensible defaults."""
    return Fact(document=document, sha256="0" * 64, page=page, program=program, fiscal_year=year,
                budget=budget, edition=edition, frame=frame, type=type, kind=kind, value=value,
                applicant=applicant, condition=condition,
                quote=f"{kind} {value}" if quote is None else quote,
                bbox=(10.0, 20.0, 30.0, 40.0) if page else None, emphasis=emphasis)


def document_text(*pages: str) -> DocumentText:
    """Return a DocumentText with one line (one red span) and one table per page."""
    out = []
    for i, text in enumerate(pages, 1):
        line = Line(text=text, bbox=(0, 0, 100, 10), spans=[Span(text=text, bbox=(0, 0, 100, 10), color=0xFF0000)])
        table = Table(rows=[["枠", text], ["補助率", "1/2"]], bbox=(0, 20, 100, 60))
        out.append(Page(number=i, raw_text=text, text=text, lines=[line], tables=[table], width=595, height=842))
    return DocumentText(pages=out, kind="pdf")


def save(engine: Engine, key: str, facts: list[Fact], *, pages: tuple[str, ...] = ("page one", "page two"),
         title: str | None = None, source_url: str | None = None, published: dt.date | None = None,
         file_name: str | None = None) -> None:
    """Save document `key` with `facts` in one transaction."""
    meta = DocumentMeta(key=key, sha256="0" * 64, file_name=file_name or f"{key}.pdf", title=title or key,
                        published=published, kind="slide deck", source_url=source_url)
    with transaction(engine) as s:
        save_document(s, meta, document_text(*pages), facts, pipeline_version="test", timings={"total": 0.1})


@pytest.fixture
def make_fact() -> Callable[..., Fact]:
    """The `fact` factory."""
    return fact


@pytest.fixture
def doc_text() -> Callable[..., DocumentText]:
    """The `document_text` factory."""
    return document_text


@pytest.fixture
def save_doc() -> Callable[..., None]:
    """The `save` helper: save_doc(engine, key, facts, pages=..., title=..., source_url=...)."""
    return save


def it_years(engine: Engine) -> None:
    """Store two budget years of IT導入補助金 resembling seeds 001 (2023) and 002/004 (2024); each document is
    a 公募要領 of the whole program (its title names no frame), so each side lists the program's frames."""
    y23 = {"year": 2023, "budget": "当初", "document": "it2023"}
    y24 = {"year": 2024, "budget": "補正", "document": "it2024"}
    save(engine, "it2023", [
        fact("cap_max", 1000000, "セキュリティ対策推進枠", page=3, quote="補助上限額 100万円", **y23),
        fact("cap_min", 50000, "セキュリティ対策推進枠", page=3, quote="5万円~100万円", **y23),
        fact("rate", "1/2", "セキュリティ対策推進枠", applicant="中小企業", page=3, quote="補助率 1/2", **y23),
        fact("rate", "3/4", "デジタル化基盤導入枠", "デジタル化基盤導入類型", condition="補助額50万円以下の部分",
             page=5, quote="50万円以下 3/4以内", **y23),
        fact("cap_max", 30000000, "デジタル化基盤導入枠", "複数社連携IT導入類型", page=6, quote="3,000万円", **y23),
        fact("cap_max", 3500000, "デジタル化基盤導入枠", "商流一括インボイス対応類型", page=7, quote="350万円", **y23),
        fact("cap_max", 1500000, "通常枠", "A類型", page=2, quote="A類型 150万円未満", **y23),
        fact("cap_max", 4500000, "通常枠", "B類型", page=2, quote="B類型 450万円以下", **y23),
        fact("deadline", "2023-03-15T17:00", None, None, page=9, quote="締切 3月15日 17:00", **y23),
    ], title="IT導入補助金2023 公募要領", source_url="https://example.go.jp/it2023.pdf",
        pages=tuple(f"2023 page {i}" for i in range(1, 10)), published=dt.date(2023, 1, 10))
    save(engine, "it2024", [
        fact("cap_max", 1500000, "セキュリティ対策推進枠", page=4, quote="補助上限額 150万円", emphasis=True, **y24),
        fact("cap_min", 50000, "セキュリティ対策推進枠", page=4, quote="5万円~150万円", **y24),
        fact("rate", "1/2", "セキュリティ対策推進枠", applicant="中小企業", page=4, quote="中小企業 1/2", **y24),
        fact("rate", "2/3", "セキュリティ対策推進枠", applicant="小規模事業者", page=4,
             quote="小規模事業者 2/3", emphasis=True, **y24),
        fact("rate", "3/4", "インボイス枠", "インボイス対応類型", condition="補助額50万円以下の部分", page=5,
             quote="~50万円以下 3/4", **y24),
        fact("rate", "4/5", "インボイス枠", "インボイス対応類型", applicant="小規模事業者",
             condition="補助額50万円以下の部分", page=5, quote="(小規模事業者 4/5)", **y24),
        fact("cap_max", 3500000, "インボイス枠", "電子取引類型", page=6, quote="~350万円", **y24),
        fact("cap_max", 30000000, "複数社連携IT導入枠", page=7, quote="合わせて3,000万円まで", **y24),
        fact("cap_max", 1500000, "通常枠", page=2, quote="5万円~150万円", **y24),
        fact("deadline", "2025-01-20T17:00", None, None, page=9, quote="締切 1月20日 17:00", **y24),
    ], title="IT導入補助金2025 公募要領", source_url="https://example.go.jp/it2024.pdf",
        pages=tuple(f"2024 page {i}" for i in range(1, 10)), published=dt.date(2024, 12, 1))


@pytest.fixture
def it_db(fresh_db: Engine) -> Engine:
    """A database holding the two IT導入補助金 years of `it_years`."""
    it_years(fresh_db)
    return fresh_db


@pytest.fixture
def sqlite_it_db(tmp_path: Any) -> Iterator[Engine]:
    """The same two years in a SQLite file, for tests that need one backend only."""
    e = make_engine(f"sqlite:///{tmp_path / 'it.db'}")
    init_db(e)
    it_years(e)
    yield e
    e.dispose()
