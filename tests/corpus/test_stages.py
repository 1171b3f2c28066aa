"""Stages as cached tasks: versions from their sources, facts re-run from stored rows, page ranges, executors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pymupdf
import pytest

import corpus.build
from corpus import schedule, stages
from corpus.build import build, path_jobs
from corpus.outputs.export import export
from corpus.stages import FACTS, LOAD, READ, STAGES, STATEMENTS, plan
from extract.pdf import join_parts, read_pdf
from schema.db import init_db, make_engine, transaction
from schema.stored import stored_document

SLIDE = "IT導入補助金2025\n通常枠\n補助上限額 450万円\n補助率 1/2以内"
SENTENCE = ("小規模事業者持続化補助金\n小規模事業者に対しては、補助率を2/3に引き上げる。\n"
            "申請締切 2025年6月13日(金) 17:00")


def grid_pdf(path: Path, pages: int = 1) -> Path:
    """Write a PDF whose pages hold a ruled 3×3 table of frames, caps and rates, and a heading."""
    doc = pymupdf.open()
    rows = [["", "通常枠", "インボイス枠"], ["補助上限額", "450万円", "350万円"], ["補助率", "1/2以内", "2/3以内"]]
    for n in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 60), f"IT導入補助金2025 公募要領 {n + 1}", fontname="japan", fontsize=12)
        x0, y0, w, h = 72.0, 100.0, 150.0, 30.0
        for r in range(4):
            page.draw_line((x0, y0 + r * h), (x0 + 3 * w, y0 + r * h))
        for c in range(4):
            page.draw_line((x0 + c * w, y0), (x0 + c * w, y0 + 3 * h))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                page.insert_text((x0 + c * w + 6, y0 + r * h + 20), text, fontname="japan", fontsize=10)
    doc.save(path)
    doc.close()
    return path


def _engine(path: Path) -> Any:
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    return engine


def _facts(engine: Any) -> list[str]:
    import io

    buf = io.StringIO()
    export(engine, "facts", "jsonl", buf)
    # a fact's id is its row in this database: two databases holding the same facts number them apart
    return sorted(json.dumps({k: v for k, v in json.loads(line).items() if k != "id"}, ensure_ascii=False)
                  for line in buf.getvalue().splitlines())


# --- versions ---------------------------------------------------------------------------------

def _loaded_modules(*entries: str) -> set[str]:
    code = ("import importlib, json, sys\n"
            f"for m in {list(entries)!r}: importlib.import_module(m)\n"
            "print(json.dumps(sorted(getattr(m, '__file__', None) or '' for n, m in sys.modules.items()"
            " if n.split('.')[0] in ('extract', 'normalize', 'schema'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return {str(Path(f).resolve()) for f in json.loads(out) if f}


@pytest.mark.parametrize(("stage", "entries"), [
    (READ, ("extract.pdf", "extract.textlayer", "extract.ocr")),
    (FACTS, ("extract.facts", "extract.facts.pipeline", "extract.facts.associate")),
    (LOAD, ("schema.store", "schema.stored")),
    (STATEMENTS, ("extract.knowledge.statements", "schema.statements_store")),
])
def test_a_stage_version_covers_every_module_its_code_imports(stage: Any, entries: tuple[str, ...]) -> None:
    files = {str(f.resolve()) for f in stage.files()}
    imported = _loaded_modules(*entries)
    if stage in (LOAD, STATEMENTS):  # they write what the others made; the others' modules are theirs
        own = ("store.py", "stored.py", "models.py") if stage is LOAD else ("statements.py", "statements_store.py")
        imported = {f for f in imported if "/schema/" in f and f.endswith(own)}
    missing = sorted(f for f in imported if f not in files)
    assert not missing, f"{stage.name} imports files outside its version: {missing}"


def test_fact_rules_are_not_part_of_the_read_version() -> None:
    read = {f.name for f in READ.files()}
    assert "catalog.toml" not in read and "values.py" not in read and "amounts.py" not in read
    assert any(f.name == "catalog.toml" for f in FACTS.files())
    assert [s.name for s in STAGES] == ["read", "facts", "load", "statements"]
    assert len({s.version for s in STAGES}) == 4
    assert set(stages.versions()) == {"read", "facts", "load"}  # what each document stores


PACKAGES = ("extract", "normalize", "schema", "corpus")


def test_a_stage_version_is_made_of_the_digests_its_packages_give_of_their_own_files() -> None:
    root = Path(stages.__file__).resolve().parent.parent
    for stage in STAGES:
        for part in stage.sources:
            assert part.root.name in PACKAGES and all(f.is_relative_to(part.root) for f in part.files())
    by_path = re.compile(r"[\"'](extract|normalize|schema|corpus)/[^\"']+[\"']")
    read = [f"{f.relative_to(root)}: {m.group(0)}" for pkg in PACKAGES for f in sorted((root / pkg).rglob("*.py"))
            for m in by_path.finditer(f.read_text(encoding="utf-8")) if m.group(1) != pkg]
    assert not read, f"files named by path from another package: {read}"
    assert not [f for pkg in PACKAGES for f in (root / pkg).rglob("*bench*.py")], "benchmarks live in bench/"


@pytest.mark.parametrize(("stored", "expected"), [
    (None, "full"),
    ({}, "full"),
    ({"read": "r", "facts": "f", "load": "l"}, "skip"),
    ({"read": "r", "facts": "old", "load": "l"}, "facts"),
    ({"read": "old", "facts": "f", "load": "l"}, "full"),
    ({"read": "r", "facts": "f", "load": "old"}, "full"),
    ({"read": "r", "load": "l"}, "facts"),
])
def test_plan_runs_only_what_is_stale(stored: dict[str, str] | None, expected: str) -> None:
    assert plan(stored, {"read": "r", "facts": "f", "load": "l"}) == expected


# --- stored rows give the fact stage what the file gave ---------------------------------------

def test_stored_document_is_the_document_read(tmp_path: Path) -> None:
    pdf = grid_pdf(tmp_path / "grid.pdf", pages=2)
    engine = _engine(tmp_path / "x.db")
    build(engine, path_jobs([pdf]), progress=False)
    doc = read_pdf(pdf)
    assert any(t.cells for p in doc.pages for t in p.tables), "the fixture must have a table with cells"
    with transaction(engine) as s:
        back = stored_document(s, "grid")
    assert back is not None
    assert back.kind == doc.kind and back.metadata == doc.metadata
    assert back.pages == doc.pages  # lines, spans, boxes, roles, tables with every cell


def test_fact_rule_change_reruns_facts_without_opening_a_pdf(docs: Any, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    docs.pdf("deck.pdf", [SLIDE, SENTENCE])
    grid_pdf(docs.root / "grid.pdf")
    docs.text("layer.txt", "事業承継・M&A補助金\n補助率 2/3以内\n")
    engine = _engine(tmp_path / "x.db")
    first = build(engine, path_jobs([docs.root]), progress=False)
    assert first.built == 3 and first.facts > 0
    before = _facts(engine)

    current = stages.versions()
    monkeypatch.setattr(corpus.build, "versions", lambda: {**current, "facts": "edited-rule"})

    def no_read(*a: Any, **k: Any) -> None:
        raise AssertionError("a facts-only rebuild opened a file")

    monkeypatch.setattr("extract.pdf.open_pdf", no_read)
    monkeypatch.setattr("extract.textlayer.read_text_layer", no_read)
    again = build(engine, path_jobs([docs.root]), progress=False)
    assert (again.built, again.refacts, again.failed) == (3, 3, 0)
    assert _facts(engine) == before
    assert build(engine, path_jobs([docs.root]), progress=False).skipped == 3


def test_read_stage_change_rebuilds_in_full(docs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs.pdf("deck.pdf", [SLIDE])
    engine = _engine(tmp_path / "x.db")
    build(engine, path_jobs([docs.root]), progress=False)
    current = stages.versions()
    monkeypatch.setattr(corpus.build, "versions", lambda: {**current, "read": "new-reader"})
    again = build(engine, path_jobs([docs.root]), progress=False)
    assert (again.built, again.refacts) == (1, 0)


# --- page ranges and workers ------------------------------------------------------------------

def test_page_ranges_joined_equal_the_whole_read(tmp_path: Path) -> None:
    pdf = grid_pdf(tmp_path / "long.pdf", pages=7)
    whole = read_pdf(pdf)
    parts = [read_pdf(pdf, pages=r) for r in ((0, 3), (3, 5), (5, 7))]
    assert [len(p.pages) for p in parts] == [3, 2, 2]
    joined = join_parts(pdf, parts)
    assert joined.pages == whole.pages and joined.metadata == whole.metadata


def test_page_ranges_cover_a_large_share_only() -> None:
    assert schedule.page_ranges(Path("x.pdf"), 0.1, 2) == []  # a small share of the build is not split
    assert schedule.page_ranges(Path("x.pdf"), 1.0, 1) == []  # one worker never splits


@pytest.mark.slow
def test_two_workers_with_split_pdfs_give_the_facts_of_one(docs: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    grid_pdf(docs.root / "big.pdf", pages=9)
    docs.pdf("deck.pdf", [SLIDE, SENTENCE])
    docs.text("layer.txt", "事業承継・M&A補助金\n補助率 2/3以内\n")
    one = _engine(tmp_path / "one.db")
    build(one, path_jobs([docs.root]), workers=1, progress=False)
    monkeypatch.setattr(schedule, "CHUNK_PAGES", 2)
    calls: list[tuple[int, int]] = []
    real_ranges = schedule.page_ranges

    def ranges(path: Path, share: float, workers: int, chunk: int = 2) -> list[tuple[int, int]]:
        got = real_ranges(path, share, workers, 2)
        calls.extend(got)
        return got

    monkeypatch.setattr(schedule, "page_ranges", ranges)
    two = _engine(tmp_path / "two.db")
    summary = build(two, path_jobs([docs.root]), workers=2, progress=False)
    assert summary.failed == 0 and summary.built == 3
    assert len(calls) >= 3, "the big PDF was not read in page ranges"
    assert _facts(two) == _facts(one) and _facts(one)


# --- one storage mode: the client stores; facts-only tasks read the database the workers reach --------

def test_facts_only_tasks_read_the_database_their_workers_can_reach() -> None:
    from sqlalchemy import create_engine

    from corpus.build import _read_url
    from corpus.executors import InlineExecutor, Workers

    ex = InlineExecutor()
    here, pool, remote = Workers(ex, 1, in_process=True), Workers(ex, 2), Workers(ex, 2, shared_disk=False)
    file, memory = create_engine("sqlite:////tmp/hojo-x.db"), create_engine("sqlite://")
    pg = create_engine("postgresql+psycopg://hojo@db.example/hojo")
    assert [_read_url(file, w) for w in (here, pool, remote)] == ["sqlite:////tmp/hojo-x.db"] * 2 + [None]
    assert _read_url(memory, here) == "sqlite://" and _read_url(memory, pool) is None
    assert all(_read_url(pg, w) == "postgresql+psycopg://hojo@db.example/hojo" for w in (here, pool, remote))


def test_a_facts_only_document_its_workers_cannot_read_runs_whole(docs: Any) -> None:
    from corpus.executors import InlineExecutor, Workers
    from schema.rows import DocumentMeta, DocumentRows

    path = docs.text("layer.txt", "事業承継・M&A補助金\n補助率 2/3以内\n")
    todo = [schedule.Todo(DocumentMeta("layer", None), path, "facts")]
    [res] = schedule.run(Workers(InlineExecutor(), 2), todo, read_db=None)
    assert res.error is None and res.plan == "full" and isinstance(res.doc, DocumentRows) and res.n_facts


# --- GiNZA: loaded only where a sentence needs it, shared by the pool's workers ----------------

def test_ginza_is_not_loaded_for_a_document_without_a_sentence_to_parse(tmp_path: Path) -> None:
    code = ("import sys\n"
            "from extract.facts import extract_facts\n"
            "from extract.facts.model import DocInfo\n"
            "from extract.textlayer import read_text_layer\n"
            "from pathlib import Path\n"
            f"doc = read_text_layer(Path({str(tmp_path / 'a.txt')!r}))\n"
            "facts = extract_facts(doc, DocInfo('a', 'x', title='a'))\n"
            "print(len(facts), 'spacy' in sys.modules)")
    (tmp_path / "a.txt").write_text("IT導入補助金2025\n通常枠\n補助上限額 450万円\n補助率 1/2以内\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) > 0 and out[1] == "False"


@pytest.mark.slow
def test_parse_server_answers_as_the_local_parser() -> None:
    from corpus.nlpserver import ParseServer, RemoteNLP
    from extract.facts.associate import resolve
    from extract.facts.nlp import load_nlp

    sentence = "小規模事業者に対しては、補助率を2/3に引き上げる。"
    start = sentence.index("2/3")
    pairs = [(sentence, (start, start + 3)), ("中小企業の補助上限額を500万円とする。", (11, 16))]
    with ParseServer() as server:
        remote = RemoteNLP(server.address, server.authkey).resolve(pairs)
    assert remote == resolve(pairs, load_nlp())
    assert remote[0] == "小規模事業者"


def test_parse_server_answers_from_the_cache_without_loading_ginza(tmp_path: Path, monkeypatch: Any) -> None:
    from corpus.nlpserver import ParseServer, RemoteNLP
    from extract.facts import associate, nlp
    from extract.facts.parsecache import ParseCache

    def no_model(*args: Any, **kw: Any) -> Any:
        raise AssertionError("GiNZA loaded for an answer the cache holds")

    monkeypatch.setattr(nlp, "load_nlp", no_model)
    pairs = [("小規模事業者に対しては、補助率を2/3に引き上げる。", (16, 19))]
    cache = ParseCache(tmp_path / "answers.sqlite")
    cache.put(pairs, ["小規模事業者"])
    associate.use_cache(cache)
    try:
        with ParseServer() as server:  # a rules-only rebuild: every sentence was parsed by the build before
            assert RemoteNLP(server.address, server.authkey).resolve(pairs) == ["小規模事業者"]
    finally:
        associate.use_cache(None)
        cache.close()


def test_parse_cache_answers_without_parsing_and_misses_on_another_span(tmp_path: Path) -> None:
    from extract.facts import associate
    from extract.facts.parsecache import ParseCache

    class NoParser:
        def pipe(self, texts: Any, **kw: Any) -> Any:
            raise AssertionError(f"parsed {list(texts)}")

    sentence = "小規模事業者に対しては、補助率を2/3に引き上げる。"
    cache = ParseCache(tmp_path / "answers.sqlite")
    cache.put([(sentence, (16, 19)), ("中小企業の補助上限額を500万円とする。", (11, 16))], ["小規模事業者", None])
    associate.use_cache(cache)
    try:
        pairs = [(sentence, (16, 19)), ("中小企業の補助上限額を500万円とする。", (11, 16))]
        assert associate.resolve(pairs, NoParser()) == ["小規模事業者", None]
        with pytest.raises(AssertionError, match="parsed"):
            associate.resolve([(sentence, (0, 6))], NoParser())  # another value of the sentence: not known
    finally:
        associate.use_cache(None)
        cache.close()
    again = ParseCache(tmp_path / "answers.sqlite")  # kept on disk
    assert again.get([(sentence, (16, 19))]) == ["小規模事業者"]
    again.close()
