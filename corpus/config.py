"""Every path and default of hojo in one place (overridable by environment variables)."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

MANIFEST = Path(__file__).with_name("manifest.toml")
"""The corpus manifest shipped with the package."""


def build_dir() -> Path:
    """Return the folder everything generated lands in (`HOJO_BUILD`, default ./build)."""
    return Path(os.environ.get("HOJO_BUILD", "build"))


def cache_dir() -> Path:
    """Return where downloaded documents are kept (`HOJO_CACHE`, default build/cache)."""
    return Path(os.environ.get("HOJO_CACHE", str(build_dir() / "cache")))


def default_db_url() -> str:
    """Return the database URL (`HOJO_DB`, default SQLite at build/hojo.db)."""
    return os.environ.get("HOJO_DB") or f"sqlite:///{build_dir() / 'hojo.db'}"


def default_mirror() -> Path | None:
    """Return the mirror directory of the corpus (`HOJO_MIRROR`), or None."""
    m = os.environ.get("HOJO_MIRROR")
    return Path(m) if m else None


def default_workers() -> int:
    """Return the default number of worker processes: one per core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def debug() -> bool:
    """Return whether errors should show their traceback (`HOJO_DEBUG` set to 1/true/yes, or `--debug`)."""
    return os.environ.get("HOJO_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def package_version() -> str:
    """Return hojo's installed version (or 0+unknown when run from a bare checkout)."""
    try:
        return version("hojo")
    except PackageNotFoundError:
        return "0+unknown"


@cache
def pipeline_version() -> str:
    """Return a version that changes whenever the code or data that shapes stored output changes.

    It is the package version plus a digest of the extract/ and normalize/ sources and
    data files, so a rebuild after a code change redoes every document, and a rebuild
    with unchanged code and input is a no-op.
    """
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for pkg in ("extract", "normalize"):
        for f in sorted((root / pkg).rglob("*")):
            if f.suffix in {".py", ".toml", ".json", ".txt"} and "__pycache__" not in f.parts:
                h.update(f.relative_to(root).as_posix().encode())
                h.update(f.read_bytes())
    return f"{package_version()}+{h.hexdigest()[:12]}"
