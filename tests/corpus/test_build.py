"""Building documents: incremental skip, bad input, atomic writes that survive kill -9, export."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from corpus.build import build, path_jobs
from corpus.outputs.export import export
from schema.db import init_db, make_engine, transaction
from schema.models import DocumentRow, PageRow

SLIDE = "IT導入補助金2025\n通常枠\n補助上限額 450万円\n補助率 1/2以内"


def _engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    init_db(engine)
    return engine


def _status(engine) -> dict[str, tuple[str, int]]:
    with transaction(engine) as s:
        return {d.key: (d.status, d.n_pages) for d in s.scalars(select(DocumentRow))}


def test_builds_pdf_and_text_then_skips_them(docs, tmp_path: Path) -> None:
    docs.pdf("deck.pdf", [SLIDE, "締切 2025年3月31日(月) 17:00"])
    docs.text("layer.txt", "事業承継・M&A補助金\n補助率 2/3以内\n")
    engine = _engine(tmp_path)
    first = build(engine, path_jobs([docs.root]), progress=False)
    assert (first.built, first.skipped, first.failed) == (2, 0, 0)
    assert first.pages >= 3
    st = _status(engine)
    assert st["deck"] == ("ok", 2)
    with transaction(engine) as s:
        text = s.scalar(select(PageRow.text).join(PageRow.document).where(DocumentRow.key == "deck",
                                                                          PageRow.number == 1))
    assert "補助上限額" in text and "450万円" in text
    second = build(engine, path_jobs([docs.root]), progress=False)
    assert (second.built, second.skipped) == (0, 2)


def test_changed_file_is_rebuilt(docs, tmp_path: Path) -> None:
    p = docs.pdf("deck.pdf", [SLIDE])
    engine = _engine(tmp_path)
    build(engine, path_jobs([p]), progress=False)
    docs.pdf("deck.pdf", [SLIDE, SLIDE])
    again = build(engine, path_jobs([p]), progress=False)
    assert again.built == 1 and _status(engine)["deck"] == ("ok", 2)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d.raw("empty.pdf", b""), "empty"),
        (lambda d: d.truncated(), "truncated|damaged|cannot open|broken"),
        (lambda d: d.encrypted(), "encrypted|password"),
        (lambda d: d.raw("notapdf.pdf", b"<html>404 Not Found</html>"), "not a PDF"),
    ],
    ids=["zero-byte", "truncated", "encrypted", "not-a-pdf"],
)
def test_bad_input_is_recorded_and_the_rest_is_built(docs, tmp_path: Path, make, reason: str, caplog) -> None:
    bad = make(docs)
    good = docs.pdf("good.pdf", [SLIDE])
    engine = _engine(tmp_path)
    summary = build(engine, path_jobs([bad, good]), progress=False)
    assert summary.built == 1 and summary.failed == 1
    key, message = summary.failures[0]
    assert key == bad.stem
    assert bad.name in message
    assert re.search(reason, message, flags=re.I), message
    st = _status(engine)
    assert st[bad.stem][0] == "failed" and st["good"] == ("ok", 1)


def test_failed_rebuild_keeps_the_previous_good_build(docs, tmp_path: Path) -> None:
    p = docs.pdf("deck.pdf", [SLIDE])
    engine = _engine(tmp_path)
    build(engine, path_jobs([p]), progress=False)
    p.write_bytes(b"garbage, not a pdf")
    summary = build(engine, path_jobs([p]), progress=False)
    assert summary.failed == 1
    with transaction(engine) as s:
        d = s.scalars(select(DocumentRow).where(DocumentRow.key == "deck")).one()
        assert d.status == "ok" and d.n_pages == 1 and "kept the previous build" in (d.error or "")


def test_cli_default_options_build(docs, tmp_path: Path) -> None:
    docs.pdf("good.pdf", [SLIDE])
    env = {**os.environ, "HOJO_BUILD": str(tmp_path / "b")}
    res = subprocess.run([sys.executable, "-m", "corpus", "build", str(docs.root)], capture_output=True, text=True,
                         timeout=300, env=env)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "b" / "hojo.db").is_file()


def test_cli_goes_on_past_a_bad_input_and_exits_1_at_the_end(docs, tmp_path: Path) -> None:
    docs.raw("empty.pdf", b"")
    good = docs.pdf("good.pdf", [SLIDE])
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    cmd = [sys.executable, "-m", "corpus", "build", "--db", db, "--workers", "1"]
    res = subprocess.run([*cmd, str(docs.root)], capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr
    assert "failed   " in res.stderr and "empty.pdf" in res.stderr and "built" in res.stderr
    assert _status(_engine_at(db))["good"] == ("ok", 1)  # the rest was built
    only_good = subprocess.run([*cmd, str(good)], capture_output=True, text=True, timeout=300)
    assert only_good.returncode == 0, only_good.stderr
    strict = subprocess.run([*cmd, str(good), "--strict", "--force"], capture_output=True, text=True, timeout=300)
    assert strict.returncode == 0, strict.stderr


def _consistent(db: Path) -> dict[str, tuple[str, int, int]]:
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = con.execute(
        "SELECT d.key, d.status, d.n_pages, (SELECT count(*) FROM pages p WHERE p.document_id = d.id) FROM documents d"
    ).fetchall()
    con.close()
    for key, status, n_pages, stored in rows:
        assert status != "ok" or n_pages == stored, f"{key}: {stored} of {n_pages} pages stored"
    return {k: (s, n, m) for k, s, n, m in rows}


def test_kill_9_leaves_a_consistent_database_and_the_next_build_completes(docs, tmp_path: Path) -> None:
    for i in range(12):
        docs.pdf(f"deck{i:02d}.pdf", [SLIDE + f"\n第{i}版"] * 8)
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "corpus", "build", str(docs.root), "--db", f"sqlite:///{db}", "--workers", "1",
           "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                con = sqlite3.connect(db, timeout=1)
                done = con.execute("SELECT count(*) FROM documents WHERE status='ok'").fetchone()[0]
                con.close()
            except sqlite3.Error:
                done = 0
            if done >= 2:
                break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _consistent(db)
    assert 2 <= sum(s == "ok" for s, _, _ in before.values()) < 12, "the kill did not land mid-build"
    subprocess.run(cmd, check=True, timeout=600, capture_output=True)
    after = _consistent(db)
    assert len(after) == 12 and all(s == "ok" and n == 8 for s, n, _ in after.values())


def test_export_formats(docs, tmp_path: Path) -> None:
    docs.pdf("deck.pdf", [SLIDE])
    engine = _engine(tmp_path)
    build(engine, path_jobs([docs.root]), progress=False)
    out = io.StringIO()
    assert export(engine, "documents", "jsonl", out) == 1
    doc = json.loads(out.getvalue())
    assert doc["document"] == "deck" and doc["status"] == "ok" and len(doc["sha256"]) == 64
    out = io.StringIO()
    n = export(engine, "pages", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert n == len(rows) == 1 and "補助上限額" in rows[0]["text"]
    out = io.StringIO()
    export(engine, "facts", "csv", out)
    header = out.getvalue().splitlines()[0].split(",")
    assert header[:4] == ["document", "sha256", "page", "program"]
    with transaction(engine) as s:
        assert s.scalar(select(func.count()).select_from(PageRow)) == 1


def test_unknown_programs_are_listed_with_document_and_pages(docs, tmp_path: Path) -> None:
    docs.text("known.txt", "中小企業デジタル化・AI導入支援事業費補助金 交付規程\n補助上限額 450万円\n")
    docs.text("unknown.txt", "令和7年度 中小企業海外販路開拓支援事業費補助金 公募要領\n補助率 1/2以内\n")
    db = f"sqlite:///{tmp_path / 'u.db'}"
    summary = build(_engine_at(db), path_jobs([docs.root]), progress=False)
    assert summary.unknown_programs == [("中小企業海外販路開拓支援事業費補助金", "unknown", [1])]
    cmd = [sys.executable, "-m", "corpus", "build", str(docs.root), "--db", db, "--workers", "1", "--force"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    tail = res.stderr[res.stderr.index("not in the catalog") :]
    assert "中小企業海外販路開拓支援事業費補助金" in tail and "unknown" in tail


def _engine_at(url: str):
    engine = make_engine(url)
    init_db(engine)
    return engine
