"""Hardened inputs: text-layer encodings, damaged PDFs, unreadable and unsupported paths, size limits."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from corpus.build import build, path_jobs
from corpus.outputs.export import export
from schema.db import init_db, make_engine, transaction
from schema.models import DocumentRow
from tests.corpus.conftest import unprivileged

LEAFLET = """IT導入補助金2025
通常枠
補助上限額 450万円
補助率 1/2以内
小規模事業者は補助率を2/3とする。
申請締切 2025年5月31日(金) 17:00
公募期間 4月1日〜5月31日
"""
WINDOWS_ONLY = "① 申請には㈱の登記簿が必要（髙）\n"  # CP932's NEC/IBM extensions: not in Shift_JIS


def _engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    init_db(engine)
    return engine


def _facts_by_document(engine) -> dict[str, list[dict]]:
    out = io.StringIO()
    export(engine, "facts", "jsonl", out)
    by_doc: dict[str, list[dict]] = {}
    for line in out.getvalue().splitlines():
        fact = json.loads(line)
        key = fact.pop("document")
        fact.pop("sha256")
        fact.pop("id")  # its row in this database
        by_doc.setdefault(key, []).append(fact)
    return by_doc


def test_shift_jis_and_cp932_text_layers_give_the_facts_of_their_utf8_twin(docs, tmp_path: Path) -> None:
    windows = (LEAFLET + WINDOWS_ONLY).replace("〜", "～")  # Windows' wave dash is FULLWIDTH TILDE
    docs.raw("utf8.txt", LEAFLET.encode("utf-8"))
    docs.raw("sjis.txt", LEAFLET.encode("shift_jis"))
    docs.raw("utf8_windows.txt", windows.encode("utf-8"))
    docs.raw("cp932.txt", windows.replace("\n", "\r\n").encode("cp932"))
    engine = _engine(tmp_path)
    summary = build(engine, path_jobs([docs.root]), progress=False)
    assert (summary.built, summary.failed) == (4, 0)
    facts = _facts_by_document(engine)
    assert len(facts["utf8"]) >= 3
    assert facts["sjis"] == facts["utf8"]
    assert facts["cp932"] == facts["utf8_windows"]
    with transaction(engine) as s:
        encodings = {row[0]: row[1] for row in s.execute(select(DocumentRow.key, DocumentRow.encoding))}
    assert encodings == {"utf8": "utf-8", "sjis": "shift_jis", "utf8_windows": "utf-8", "cp932": "cp932"}


def test_undecodable_text_layer_fails_naming_the_file(docs, tmp_path: Path) -> None:
    bad = docs.raw("garbled.txt", bytes(range(128, 256)) * 8)
    docs.raw("good.txt", LEAFLET.encode("utf-8"))
    engine = _engine(tmp_path)
    summary = build(engine, path_jobs([docs.root]), progress=False)
    assert (summary.built, summary.failed) == (1, 1)
    ((key, message),) = summary.failures
    assert key == "garbled" and str(bad) in message and "not text in UTF-8" in message
    assert "\n" not in message


# --- bad --db and unreadable paths through the command line -------------------------------------------------


def _cli(args: list[str], env: dict[str, str] | None = None):
    from typer.testing import CliRunner

    from corpus.cli import app

    return CliRunner().invoke(app, args, env=env)


@pytest.mark.parametrize(
    ("make_url", "message"),
    [
        (lambda d: "notaurl", "is not a database URL"),
        (lambda d: "mongodb://localhost/hojo", "unsupported database 'mongodb'"),
        (lambda d: f"sqlite:///{d.raw('notes.db', b'just some notes')}", "notes.db: not a SQLite database"),
        (lambda d: f"sqlite:///file:{_sqlite_file(d.root / 'ro.db')}?mode=ro&uri=true",
         "ro.db: the database is read-only"),
        (lambda d: f"postgresql+psycopg://u:pw@/hojo?host={d.root / 'nowhere'}", "cannot open the database"),
    ],
    ids=["unparsable", "mongodb", "not-a-database", "read-only", "unreachable"],
)
def test_bad_db_is_one_error_line_without_traceback(docs, make_url, message: str) -> None:
    src = docs.raw("leaflet.txt", LEAFLET.encode("utf-8"))
    url = make_url(docs)
    res = _cli(["build", str(src), "--db", url, "--no-progress", "--workers", "1"], env={"HOJO_DEBUG": ""})
    assert res.exit_code == 2, res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], res.output
    assert "Traceback" not in res.output and "pw" not in res.output
    debug = _cli(["--debug", "build", str(src), "--db", url, "--no-progress"])
    assert debug.exit_code == 2 and "Traceback" in debug.output and "DatabaseError" in debug.output


def _sqlite_file(path: Path) -> Path:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return path


def test_unreadable_and_unsupported_paths_are_all_listed(docs, tmp_path: Path) -> None:
    docs.raw("leaflet.txt", LEAFLET.encode("utf-8"))
    (docs.root / "sub").mkdir()
    docs.raw("sub/leaflet.md", LEAFLET.encode("utf-8"))  # same key as leaflet.txt
    for name in ("form.docx", "chart.png", "table.csv"):
        docs.raw(name, b"x")
    locked = docs.root / "locked"
    locked.mkdir()
    inside = locked / "hidden.txt"
    inside.write_bytes(LEAFLET.encode("utf-8"))
    unreadable = docs.raw("private.txt", LEAFLET.encode("utf-8"))
    unreadable.chmod(0)
    locked.chmod(0)
    try:
        cmd = [sys.executable, "-m", "corpus", "build", str(docs.root), str(inside), "--no-progress",
               "--workers", "1", "--db", f"sqlite:///{tmp_path / 'x.db'}"]
        res = subprocess.run(unprivileged(cmd), capture_output=True, text=True, timeout=300,
                             env={**os.environ, "COLUMNS": "200", "HOJO_DEBUG": ""})
        strict = subprocess.run(unprivileged([*cmd, "--strict"]), capture_output=True, text=True, timeout=300)
    finally:
        locked.chmod(0o755)
        unreadable.chmod(0o644)
    assert res.returncode == 1, res.stderr  # the build goes on, and says at the end that inputs failed
    assert strict.returncode == 1
    out = res.stderr
    assert "Traceback" not in out
    summary = out[out.index("hojo build"):]
    assert f"failed   {locked}: cannot read folder: Permission denied" in summary
    assert f"failed   {inside}: cannot read: Permission denied" in summary
    assert f"failed   {unreadable}: cannot read: Permission denied" in summary
    # the same bytes under two names: one document with both paths
    assert f"same     {docs.root / 'sub' / 'leaflet.md'}: the same bytes as {docs.root / 'leaflet.txt'}" in summary
    for name, suffix in (("form.docx", ".docx"), ("chart.png", ".png"), ("table.csv", ".csv")):
        assert f"skipped  {docs.root / name}: unsupported file type {suffix}" in summary


# --- damaged PDFs -----------------------------------------------------------------------------------------------


def _damaged_pdfs(docs) -> list[tuple[Path, str]]:
    """Return PDFs broken in the ways seen in the wild, each with the words its error must use."""
    src = docs.pdf("_src.pdf", ["補助上限額 3,000万円\n補助率 2/3以内"] * 4)
    data = src.read_bytes()
    src.unlink()
    out = [(docs.raw(f"cut{pct:02d}.pdf", data[: len(data) * pct // 100]), "truncated PDF")
           for pct in range(5, 100, 6)]
    out.append((docs.raw("negative_count.pdf", data.replace(b"/Count 4", b"/Count -3")),
                "damaged PDF: the page count cannot be read"))
    out.append((docs.raw("huge_count.pdf", data.replace(b"/Count 4", b"/Count 99999999999")),
                "damaged PDF: the page count cannot be read"))
    out.append((docs.raw("no_root.pdf", data.replace(b"/Root", b"/Rxot")), "damaged PDF"))
    return out


def test_damaged_pdfs_fail_in_user_words_naming_the_file(docs) -> None:
    from extract import read_document
    from extract.errors import DamagedPdf

    for path, words in _damaged_pdfs(docs):
        with pytest.raises(DamagedPdf) as e:
            read_document(path, ocr=False)
        msg = str(e.value)
        assert msg.startswith(f"{path}: ") and words in msg, msg
        assert "\n" not in msg and "code=" not in msg and "RuntimeError" not in msg and "Failed to open" not in msg


# --- size: bounded pages, limits, progress ----------------------------------------------------------------------


def test_a_text_layer_without_page_breaks_is_cut_into_bounded_pages() -> None:
    from extract.textlayer import MAX_PAGE_CHARS, split_pages

    paragraph = "補助事業の実施期間内に支払いを完了すること。\n" * 12 + "\n"
    text = paragraph * 200  # ~57,000 characters, no form feed, marker or page number
    pages, how = split_pages(text)
    assert how == "chunks" and len(pages) >= len(text) // MAX_PAGE_CHARS
    assert all(len(p) <= MAX_PAGE_CHARS for p in pages)
    assert "".join(pages) == text  # nothing lost or repeated
    assert all(p.endswith("\n\n") for p in pages[:-1])  # cut at blank lines
    one_line = "あ" * (3 * MAX_PAGE_CHARS + 5)  # no line end to cut at: cut anyway
    assert [len(p) for p in split_pages(one_line)[0]] == [MAX_PAGE_CHARS] * 3 + [5]
    ff_pages, ff_how = split_pages("短い頁\f" + text)
    assert ff_how == "formfeed+chunks" and ff_pages[0] == "短い頁"


def test_inputs_over_the_limits_fail_with_the_limit_named(docs, tmp_path: Path) -> None:
    from corpus.pipeline import Limits

    big = docs.raw("big.txt", (LEAFLET * 400).encode("utf-8"))
    deck = docs.pdf("deck.pdf", ["補助率 1/2以内"] * 3)
    small = docs.raw("small.txt", LEAFLET.encode("utf-8"))
    engine = _engine(tmp_path)
    summary = build(engine, path_jobs([big, small]), progress=False, limits=Limits(max_bytes=10_000))
    assert summary.built == 1 and summary.failures == [
        ("big", f"{big}: too large: {big.stat().st_size / 1e3:.1f} kB, over the limit of 10.0 kB "
                "(hojo build --max-bytes)")]
    summary = build(engine, path_jobs([deck]), progress=False, limits=Limits(max_pages=2))
    assert summary.failures == [("deck", f"{deck}: too many pages: 3, over the limit of 2 (hojo build --max-pages)")]
    with pytest.raises(ValueError, match="max_pages must be at least 1"):
        Limits(max_pages=0)


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_hears_of_every_page_read_and_walked(docs, workers: int) -> None:
    from corpus.build import _results
    from corpus.pipeline import Limits
    from schema.store import DocumentMeta

    jobs = [(docs.raw("layer.txt", "\f".join([LEAFLET] * 5).encode("utf-8")), DocumentMeta("layer", None)),
            (docs.pdf("deck.pdf", ["補助率 1/2以内"] * 3), DocumentMeta("deck", None))]
    heard: dict[str, int] = {}

    def record(stage: str, n: int) -> None:
        heard[stage] = heard.get(stage, 0) + n

    results = list(_results(jobs, workers, Limits(), record))
    assert sorted(r.pages for r in results if r.doc) == [3, 5]
    assert heard == {"read": 8, "facts": 8}


def test_size_parsing() -> None:
    from corpus.config import parse_size

    assert [parse_size(s) for s in ("200000000", "200MB", "1.5 GB", "512MiB", "20k")] == [
        200_000_000, 200_000_000, 1_500_000_000, 512 * 2**20, 20_000]
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")
