"""Document identity: a document is its bytes plus where it came from (issue 20).

Two different files with one name are two documents with their own facts, in one build or in two;
rebuilding a path replaces only that path's document; the same bytes under two paths are one document
with both paths; a database built before paths were recorded keeps its keys.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from corpus.build import Job, build, path_jobs, scan_paths
from corpus.outputs.export import export
from schema.db import downgrade, init_db, make_engine, transaction, upgrade
from schema.migrations import MIGRATIONS_DIR
from schema.models import DocumentPathRow, DocumentRow
from schema.rows import DocumentMeta

BEFORE_PATHS = str(ScriptDirectory(str(MIGRATIONS_DIR)).get_revision("0013").down_revision)
"""The revision before document_paths (0013): a database of a hojo before document identity."""

IT = "IT導入補助金2025\n通常枠\n補助上限額 450万円\n補助率 1/2以内\n"
MONO = "ものづくり補助金\n製品・サービス高付加価値化枠\n補助上限額 2,500万円\n補助率 1/2\n"
JIZOKU = "小規模事業者持続化補助金\n通常枠\n補助上限額 50万円\n補助率 2/3\n"


def _engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    init_db(engine)
    return engine


def _programs(engine) -> dict[str, set[str]]:
    """Return, per document key, the programs of its facts."""
    out = io.StringIO()
    export(engine, "facts", "jsonl", out)
    found: dict[str, set[str]] = {}
    for line in out.getvalue().splitlines():
        fact = json.loads(line)
        found.setdefault(fact["document"], set()).add(fact["program"])
    return found


def _paths(engine) -> dict[str, list[str]]:
    with transaction(engine) as s:
        rows = s.execute(select(DocumentRow.key,
                                DocumentPathRow.path).join(DocumentPathRow).order_by(DocumentPathRow.id))
        out: dict[str, list[str]] = {}
        for key, path in rows:
            out.setdefault(key, []).append(path)
    return out


def _sha8(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]


def test_two_files_of_one_name_in_one_build_are_two_documents_with_their_own_facts(docs, tmp_path: Path) -> None:
    (docs.root / "siteA").mkdir()
    (docs.root / "siteB").mkdir()
    a = docs.text("siteA/公募要領.txt", IT)
    b = docs.text("siteB/公募要領.txt", MONO)
    engine = _engine(tmp_path)
    summary = build(engine, path_jobs([docs.root]), progress=False)
    assert (summary.built, summary.failed) == (2, 0)
    key_a, key_b = f"公募要領-{_sha8(a)}", f"公募要領-{_sha8(b)}"
    assert _programs(engine) == {key_a: {"IT導入補助金"}, key_b: {"ものづくり補助金"}}
    assert _paths(engine) == {key_a: [str(a.resolve())], key_b: [str(b.resolve())]}
    assert [label for label, _ in summary.names] == ["renamed", "renamed"]
    assert all("2 files of this build are named 公募要領" in text for _, text in summary.names)
    again = build(engine, path_jobs([docs.root]), progress=False)  # stable: the same keys, nothing to do
    assert (again.built, again.skipped) == (0, 2) and _programs(engine).keys() == {key_a, key_b}


def test_a_file_named_like_a_stored_document_is_a_new_document_and_keys_stay(docs, tmp_path: Path) -> None:
    (docs.root / "A").mkdir()
    (docs.root / "B").mkdir()
    a = docs.text("A/a.txt", IT)
    b = docs.text("B/a.txt", MONO)
    engine = _engine(tmp_path)
    build(engine, path_jobs([docs.root / "A"]), progress=False)
    assert _programs(engine) == {"a": {"IT導入補助金"}}  # a unique name stays the file's stem
    second = build(engine, path_jobs([b]), progress=False)
    key_b = f"a-{_sha8(b)}"
    assert _programs(engine) == {"a": {"IT導入補助金"}, key_b: {"ものづくり補助金"}}  # nothing lost
    assert second.names == [("renamed", f"{b}: document {key_b} (another document is named a)")]
    # rebuilding a path replaces only that path's document, under the key it was given
    b.write_text(JIZOKU, encoding="utf-8")
    third = build(engine, path_jobs([docs.root]), progress=False)
    assert (third.built, third.skipped) == (1, 1)
    assert _programs(engine) == {"a": {"IT導入補助金"}, key_b: {"持続化補助金"}}
    assert _paths(engine) == {"a": [str(a.resolve())], key_b: [str(b.resolve())]}


def test_the_same_bytes_under_two_paths_are_one_document_with_both_paths(docs, tmp_path: Path) -> None:
    first = docs.text("leaflet.txt", IT)
    (docs.root / "mirror").mkdir()
    copy = docs.text("mirror/leaflet_copy.txt", IT)
    engine = _engine(tmp_path)
    summary = build(engine, path_jobs([docs.root]), progress=False)
    assert summary.built == 1
    assert summary.names == [("same", f"{copy}: the same bytes as {first}: one document, leaflet, with both paths")]
    assert _paths(engine) == {"leaflet": [str(first.resolve()), str(copy.resolve())]}
    third = docs.text("elsewhere.txt", IT)  # found again later, under a third name: the path is added
    later = build(engine, path_jobs([third]), progress=False)
    assert (later.built, later.skipped) == (0, 1)
    assert _paths(engine)["leaflet"][-1] == str(third.resolve()) and list(_programs(engine)) == ["leaflet"]
    out = io.StringIO()
    export(engine, "documents", "jsonl", out)
    assert json.loads(out.getvalue())["paths"] == [str(p.resolve()) for p in (first, copy, third)]


def test_a_stem_taken_by_a_manifest_document_does_not_replace_it(docs, tmp_path: Path) -> None:
    from corpus.fetch import sha256_of

    manual = docs.text("koubo.txt", IT)
    engine = _engine(tmp_path)
    meta = DocumentMeta(key="koubo", sha256=sha256_of(manual), title="公募要領 (manifest)", issuer="METI",
                        kind="koubo_youryou")
    build(engine, [Job(meta, manual)], progress=False)  # a manifest entry: keyed by the manifest
    (docs.root / "other").mkdir()
    other = docs.text("other/koubo.txt", MONO)
    build(engine, path_jobs([other]), progress=False)
    with transaction(engine) as s:
        rows = {d.key: (d.issuer, d.title) for d in s.scalars(select(DocumentRow))}
    assert rows == {"koubo": ("METI", "公募要領 (manifest)"), f"koubo-{_sha8(other)}": (None, "koubo")}


def test_paths_given_twice_and_missing_paths_make_no_document_row(docs, tmp_path: Path) -> None:
    a = docs.text("a.txt", IT)
    jobs, left_out = scan_paths([docs.root, a, docs.root / "missing.pdf"])
    assert len(jobs) == 1  # the folder and the file in it: one file
    assert [(s.path.name, s.reason, s.failed) for s in left_out] == [("missing.pdf", "no such file or folder", True)]
    engine = _engine(tmp_path)
    summary = build(engine, jobs, progress=False, left_out=left_out)
    assert (summary.built, summary.failed, summary.ok) == (1, 1, False)
    with transaction(engine) as s:
        assert s.scalars(select(DocumentRow.key)).all() == ["a"]


def test_a_database_built_before_paths_were_recorded_keeps_its_keys(docs, tmp_path: Path) -> None:
    a = docs.text("a.txt", IT)
    engine = _engine(tmp_path)
    build(engine, path_jobs([a]), progress=False)
    with transaction(engine) as s:
        before = {t: s.scalar(select(func.count()).select_from(t)) for t in (DocumentRow.__table__,)}
    downgrade(engine, BEFORE_PATHS)  # as a hojo before document identity left it: no paths table
    upgrade(engine)
    with transaction(engine) as s:
        assert {t: s.scalar(select(func.count()).select_from(t)) for t in (DocumentRow.__table__,)} == before
        assert s.scalar(select(func.count()).select_from(DocumentPathRow)) == 0
    a.write_text(MONO, encoding="utf-8")  # the file changed: its old document is replaced, not duplicated
    summary = build(engine, path_jobs([a]), progress=False)
    assert summary.names == [] and _programs(engine) == {"a": {"ものづくり補助金"}}
    assert _paths(engine) == {"a": [str(a.resolve())]}
