"""Hardened inputs: text-layer encodings, damaged PDFs, unreadable and unsupported paths, size limits."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import select

from corpus.build import build, path_jobs
from corpus.export import export
from schema.db import init_db, make_engine, transaction
from schema.models import Document

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
        encodings = dict(s.execute(select(Document.key, Document.encoding)).tuples().all())
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
