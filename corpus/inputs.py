"""Turn the files and folders given to `hojo build` into documents to build, and say what was left out.

Every path is accounted for: a document to build, a failure (a folder or file that cannot be
read, a second file with the same document key) or a skip (a file of a type hojo does not
read, found inside a folder). Nothing is left out silently; a path that cannot even be
looked at (a file inside a folder without permission) is a one-line failure, not a traceback.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from corpus.fetch import sha256_of
from schema.store import DocumentMeta

INPUT_SUFFIXES = (".pdf", ".txt", ".md")
TEXT_SUFFIXES = (".txt", ".md")


@dataclass(slots=True)
class Job:
    """A document to build: where it is (or why it cannot be had) and how to describe it."""

    meta: DocumentMeta
    path: Path | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that is not built, and why; `failed` when it should have been (unreadable, clashing)."""

    path: Path
    reason: str
    failed: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _why(e: OSError) -> str:
    return e.strerror or str(e)


def _walk(root: Path, skipped: list[Skipped]) -> list[Path]:
    """Given a folder, return the files of the types hojo reads under it; note everything else in `skipped`."""

    def unreadable(e: OSError) -> None:
        skipped.append(Skipped(Path(e.filename or root), f"cannot read folder: {_why(e)}", failed=True))

    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames.sort()
        for name in filenames:
            f = Path(dirpath, name)
            try:
                mode = f.stat().st_mode
            except OSError as e:
                skipped.append(Skipped(f, f"cannot read: {_why(e)}", failed=True))
                continue
            if not stat.S_ISREG(mode):
                skipped.append(Skipped(f, "not a regular file"))
            elif f.suffix.lower() not in INPUT_SUFFIXES:
                skipped.append(Skipped(f, f"unsupported file type {f.suffix.lower() or '(no suffix)'} "
                                          f"(hojo reads {' '.join(INPUT_SUFFIXES)})"))
            else:
                found.append(f)
    return sorted(found)


def _job(p: Path) -> Job:
    kind = "text_layer" if p.suffix.lower() in TEXT_SUFFIXES else "pdf"
    try:
        digest = sha256_of(p)
    except OSError as e:
        return Job(DocumentMeta(key=p.stem, sha256=None, file_name=p.name, kind=kind), None,
                   f"{p}: cannot read: {_why(e)}")
    return Job(DocumentMeta(key=p.stem, sha256=digest, file_name=p.name, title=p.stem, kind=kind), p)


def scan_paths(paths: Iterable[Path]) -> tuple[list[Job], list[Skipped]]:
    """Given files or folders, return ad-hoc jobs keyed by file stem and the paths left out, with reasons."""
    jobs: list[Job] = []
    skipped: list[Skipped] = []
    files: list[Path] = []
    for p in paths:
        try:
            is_dir = stat.S_ISDIR(p.stat().st_mode)
        except FileNotFoundError:
            is_dir = False  # the job reports it missing, under its key
        except OSError as e:  # e.g. a file inside a folder we may not enter
            jobs.append(Job(DocumentMeta(key=p.stem, sha256=None, file_name=p.name), None,
                            f"{p}: cannot read: {_why(e)}"))
            continue
        files.extend(_walk(p, skipped) if is_dir else [p])
    first: dict[str, Path] = {j.meta.key: Path(j.meta.file_name or j.meta.key) for j in jobs}
    for f in files:
        if f.stem in first:
            if first[f.stem].resolve() == f.resolve():
                continue  # the same file named twice (a folder and a file in it)
            skipped.append(Skipped(f, f"same document key {f.stem!r} as {first[f.stem]} (documents are keyed by "
                                      "file name without suffix); rename one", failed=True))
            continue
        first[f.stem] = f
        jobs.append(_job(f))
    return jobs, skipped


def path_jobs(paths: Iterable[Path]) -> list[Job]:
    """Given files or folders, return ad-hoc jobs keyed by file stem (`scan_paths` also returns what was left out)."""
    return scan_paths(paths)[0]
