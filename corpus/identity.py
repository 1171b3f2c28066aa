"""Which document a file given on the command line is: a document is its bytes plus where it came from.

`resolve(engine, jobs)` gives every job of a path (`Job.origin == "path"`) its document key, in this
order:

1. files of this build with the same bytes are one job, one document, with every path recorded;
2. a path the database already holds keeps its document: its key stays, and a changed file replaces
   that document, unless other paths hold the same document too (then the new bytes are a new one);
3. bytes the database already holds (under another path or from the manifest) are that document,
   and the path is added to it;
4. a document built before paths were recorded, under the file's stem and file name, is taken over,
   as it was replaced before;
5. otherwise a new document: keyed by the file's stem when no other document of the database or of
   this build wants that stem, else by the stem and the start of its SHA-256 (``公募要領-1a2b3c4d``).

So two different files with one name are two documents, each with its own facts, whether they come
in one build or one after the other; a key, once given, stays with its path. The keys depend only on
the database and the files, so two builds of the same files started together give the same keys.
Manifest entries keep the manifest's keys. The notes returned say where names collided and where
the same bytes were found twice, for the build summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from sqlalchemy import Engine, select

from corpus.inputs import Job
from schema.models import DocumentPathRow, DocumentRow

SUFFIX = 8
"""Hex digits of the SHA-256 a colliding name is suffixed with (more when those are taken)."""


@dataclass(slots=True)
class Stored:
    """What the database knows of the documents: keys, bytes, paths and descriptions."""

    by_path: dict[str, str] = field(default_factory=dict)  # path → key
    by_sha: dict[str, list[str]] = field(default_factory=dict)  # sha256 → keys
    paths_of: dict[str, set[str]] = field(default_factory=dict)  # key → paths
    rows: dict[str, DocumentRow] = field(default_factory=dict)  # key → its row (detached)

    @classmethod
    def load(cls, engine: Engine) -> Stored:
        """Return what the database behind `engine` holds."""
        out = cls()
        with engine.connect() as conn:
            for row in conn.execute(select(DocumentRow.key, DocumentRow.sha256, DocumentRow.file_name,
                                           DocumentRow.title,
                                           DocumentRow.issuer, DocumentRow.published, DocumentRow.kind,
                                           DocumentRow.source_url, DocumentRow.licence)):
                out.rows[row.key] = DocumentRow(key=row.key, sha256=row.sha256, file_name=row.file_name,
                                             title=row.title, issuer=row.issuer, published=row.published,
                                             kind=row.kind, source_url=row.source_url, licence=row.licence)
                out.paths_of[row.key] = set()
                if row.sha256:
                    out.by_sha.setdefault(row.sha256, []).append(row.key)
            for key, path in conn.execute(select(DocumentRow.key, DocumentPathRow.path)
                                          .join(DocumentRow, DocumentRow.id == DocumentPathRow.document_id)):
                out.by_path[path] = key
                out.paths_of[key].add(path)
        for keys in out.by_sha.values():
            keys.sort()
        return out


Note = tuple[str, str]
"""("renamed" | "same", what): a line of the build summary."""


def resolve(engine: Engine, jobs: list[Job]) -> tuple[list[Job], list[Note]]:
    """Given the jobs of a build, return them with the jobs of paths keyed (same bytes merged into one job)
    and notes for the summary: names that collided ("renamed"), bytes found under several paths ("same")."""
    adhoc = [j for j in jobs if j.origin == "path" and j.path is not None and j.meta.sha256]
    if not adhoc:
        return jobs, []
    stored = Stored.load(engine)
    groups: dict[str, list[Job]] = {}
    for j in adhoc:
        groups.setdefault(j.meta.sha256 or "", []).append(j)
    wanted = Counter(g[0].path.stem for g in groups.values() if g[0].path is not None)
    taken: set[str] = set(stored.rows)
    given: set[str] = set()  # keys given to a group of this build
    keyed: dict[str, Job] = {}
    notes: list[Note] = []
    for sha, group in groups.items():
        key, why = _key(sha, group, stored, wanted, taken, given)
        taken.add(key)
        given.add(key)
        keyed[sha] = _merged(group, key, stored)
        first = group[0].path
        assert first is not None
        if why:
            notes.append(("renamed", f"{first}: document {key} ({why})"))
        notes += [("same", f"{j.path}: the same bytes as {first}: one document, {key}, with both paths")
                  for j in group[1:]]
    mine = {id(j) for j in adhoc}
    out: list[Job] = []
    for j in jobs:
        if id(j) in mine:
            if (merged := keyed.pop(j.meta.sha256 or "", None)) is not None:
                out.append(merged)
        else:
            out.append(j)
    return out, notes


def _key(sha: str, group: list[Job], stored: Stored, wanted: Counter[str], taken: set[str],
         given: set[str]) -> tuple[str, str]:
    """Return the document key of a group of files with the same bytes, and why it is not the file's stem
    ("" when it is, or when it is the key the path or the bytes already had). A key `given` to another
    group of this build is not given again."""
    paths = {p for j in group for p in j.meta.paths}
    first = group[0].path
    assert first is not None
    for p in (p for j in group for p in j.meta.paths):
        key = stored.by_path.get(p)
        if key is not None and key not in given and (stored.rows[key].sha256 == sha or stored.paths_of[key] <= paths):
            return key, ""  # this path's document: the same, or replaced by the new bytes
    if (same := [k for k in stored.by_sha.get(sha, ()) if k not in given]):
        return same[0], ""
    stem = first.stem
    legacy = stored.rows.get(stem)
    if (legacy is not None and stem not in given and not stored.paths_of[stem] and legacy.file_name == first.name
            and wanted[stem] == 1):
        return stem, ""  # built before paths were recorded: this file's document, replaced
    if stem not in taken and wanted[stem] == 1:
        return stem, ""
    for n in range(SUFFIX, len(sha) + 1, 4):
        key = f"{stem}-{sha[:n]}"
        if key not in taken:
            other = "another document is" if stem in taken else f"{wanted[stem]} files of this build are"
            return key, f"{other} named {stem}"
    raise ValueError(f"{first}: no free document key")  # every prefix of a SHA-256 taken: cannot happen


def _merged(group: list[Job], key: str, stored: Stored) -> Job:
    """Return the job of one document: the first file of the group, every path, the key; a document the
    database holds keeps its description (a manifest entry's title, issuer and source)."""
    first = group[0]
    paths = tuple(dict.fromkeys(p for j in group for p in j.meta.paths))
    row = stored.rows.get(key)
    meta = replace(first.meta, key=key, paths=paths)
    if row is not None and row.sha256 == first.meta.sha256:
        meta = replace(meta, file_name=row.file_name, title=row.title, issuer=row.issuer, published=row.published,
                       kind=row.kind, source_url=row.source_url, licence=row.licence)
    return Job(meta, first.path, first.error, first.origin)

