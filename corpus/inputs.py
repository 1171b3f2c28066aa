"""Turn the files and folders given to `hojo build` into documents to build, and say what was left out.

Every path is accounted for: a document to build, a failure (a path that does not exist, a folder
or file that cannot be read, a folder holding no file hojo reads, a file of another type named on
the command line) or a skip (a file of a type hojo does not read, found inside a folder). Nothing is
left out silently; a path that cannot even be looked at (a file inside a folder without
permission) is a one-line failure, not a traceback. A failure here makes no document row.

Each job is keyed by its file's stem for now; `corpus.identity` gives it its document key (two
different files of one name are two documents; the same bytes under two names are one).
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
    """A document to build: where it is (or why it cannot be had), how to describe it, and whether it is
    a manifest entry (keyed by the manifest) or a path given on the command line ("path": keyed by
    `corpus.identity`)."""

    meta: DocumentMeta
    path: Path | None
    error: str | None = None
    origin: str = "manifest"


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


def stored_path(p: Path) -> str:
    """Given a path, return it absolute as text the database can hold (bytes of a file name that are not
    UTF-8 as backslash escapes)."""
    text = str(p.absolute().resolve())
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _job(p: Path, skipped: list[Skipped]) -> Job | None:
    kind = "text_layer" if p.suffix.lower() in TEXT_SUFFIXES else "pdf"
    try:
        digest = sha256_of(p)
    except OSError as e:
        skipped.append(Skipped(p, f"cannot read: {_why(e)}", failed=True))
        return None
    name = stored_path(Path(p.name))
    meta = DocumentMeta(key=p.stem, sha256=digest, file_name=Path(name).name, title=p.stem, kind=kind,
                        paths=(stored_path(p),))
    return Job(meta, p, origin="path")


def scan_paths(paths: Iterable[Path]) -> tuple[list[Job], list[Skipped]]:
    """Given files or folders, return ad-hoc jobs (keyed by file stem until `corpus.identity` keys them) and
    the paths left out, with reasons."""
    skipped: list[Skipped] = []
    files: list[Path] = []
    for p in paths:
        try:
            mode = p.stat().st_mode
        except FileNotFoundError:
            skipped.append(Skipped(p, "no such file or folder", failed=True))
            continue
        except OSError as e:  # e.g. a file inside a folder we may not enter
            skipped.append(Skipped(p, f"cannot read: {_why(e)}", failed=True))
            continue
        if stat.S_ISDIR(mode):
            found = _walk(p, skipped)
            if not found and not any(s.failed and s.path == p for s in skipped):
                skipped.append(Skipped(p, f"no {', '.join(INPUT_SUFFIXES)} file in this folder", failed=True))
            files += found
        elif p.suffix.lower() not in INPUT_SUFFIXES:
            skipped.append(Skipped(p, f"unsupported file type {p.suffix.lower() or '(no suffix)'} "
                                      f"(hojo reads {' '.join(INPUT_SUFFIXES)})", failed=True))
        else:
            files.append(p)
    jobs: list[Job] = []
    seen: set[Path] = set()
    for f in files:
        real = f.absolute().resolve()
        if real in seen:
            continue  # the same file named twice (a folder and a file in it)
        seen.add(real)
        if (job := _job(f, skipped)) is not None:
            jobs.append(job)
    return jobs, skipped


def path_jobs(paths: Iterable[Path]) -> list[Job]:
    """Given files or folders, return ad-hoc jobs (`scan_paths` also returns what was left out)."""
    return scan_paths(paths)[0]
