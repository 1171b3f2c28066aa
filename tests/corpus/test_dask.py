"""The Dask executor: a build on a 2-worker LocalCluster into PostgreSQL has the facts of a local build."""

from __future__ import annotations

import importlib.util
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import corpus.build
from corpus.build import build, path_jobs
from corpus.cli import app
from corpus.outputs.export import export
from schema.db import init_db, make_engine
from schema.pgtemp import PostgresUnavailableError, TempPostgres

CI = os.environ.get("CI", "").lower() == "true"
SLIDE = "IT導入補助金2025\n通常枠\n補助上限額 450万円\n補助率 1/2以内"
SENTENCE = ("小規模事業者持続化補助金\n小規模事業者に対しては、補助率を2/3に引き上げる。\n"
            "申請締切 2025年6月13日(金) 17:00")


def _unavailable(reason: str) -> None:
    if CI:
        pytest.fail(f"{reason} (CI=true: this must run in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def postgres() -> Iterator[TempPostgres]:
    """A throwaway PostgreSQL server (as tests/schema starts one)."""
    for module, extra in (("psycopg", "postgres"), ("distributed", "dask")):
        if importlib.util.find_spec(module) is None:
            _unavailable(f"{module} is not installed (pip install -e '.[{extra}]')")
    try:
        server = TempPostgres().start()
    except PostgresUnavailableError as e:
        _unavailable(str(e))
    try:
        yield server
    finally:
        server.stop()


def _facts(engine: Any) -> list[str]:
    buf = io.StringIO()
    export(engine, "facts", "jsonl", buf)
    # a fact's id is its row in this database: two databases holding the same facts number them apart
    return sorted(json.dumps({k: v for k, v in json.loads(line).items() if k != "id"}, ensure_ascii=False)
                  for line in buf.getvalue().splitlines())


@pytest.mark.slow
@pytest.mark.postgres
def test_dask_localcluster_into_postgres_equals_local_build(docs: Any, tmp_path: Path, postgres: TempPostgres,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    docs.pdf("deck.pdf", [SLIDE, SENTENCE])
    docs.pdf("other.pdf", ["ものづくり補助金\n製品・サービス高付加価値化枠\n補助上限額 2,500万円\n補助率 1/2"])
    docs.text("layer.txt", "事業承継・M&A補助金\n補助率 2/3以内\n")
    docs.raw("broken.pdf", b"%PDF-1.7\nnot really")
    local = make_engine(f"sqlite:///{tmp_path / 'local.db'}")
    init_db(local)
    build(local, path_jobs([docs.root]), workers=1, progress=False)

    url = postgres.create_database("dask_build")
    result = CliRunner().invoke(app, ["build", str(docs.root), "--db", url, "--executor", "dask", "--workers", "2",
                                      "--no-progress"])
    assert result.exit_code == 1 and "broken.pdf" in result.output, result.output  # the broken PDF failed
    pg = make_engine(url)
    try:
        assert _facts(pg) == _facts(local) and _facts(local)
        # a fact-rule change: the Dask workers run facts on the rows they read from PostgreSQL
        current = corpus.build.versions()
        monkeypatch.setattr(corpus.build, "versions", lambda: {**current, "facts": "edited-rule"})
        again = build(pg, path_jobs([docs.root]), workers=2, executor="dask", progress=False)
        assert (again.built, again.refacts, again.failed) == (3, 3, 1)
        assert _facts(pg) == _facts(local)
    finally:
        pg.dispose()


def test_scheduler_needs_the_dask_executor() -> None:
    result = CliRunner().invoke(app, ["build", "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code != 0 and "--executor dask" in result.output
