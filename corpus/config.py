"""Every path and default of hojo in one place (overridable by environment variables)."""

from __future__ import annotations

import os
import re
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


def parse_cache() -> Path:
    """Return the file of remembered GiNZA answers (`HOJO_PARSE_CACHE`, default build/cache/ginza-answers.sqlite)."""
    return Path(os.environ.get("HOJO_PARSE_CACHE", str(cache_dir() / "ginza-answers.sqlite")))


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


DEFAULT_MAX_BYTES = 200_000_000
"""Largest input file `hojo build` reads unless told otherwise (`--max-bytes`, `HOJO_MAX_BYTES`)."""
DEFAULT_MAX_PAGES = 5_000
"""Most pages of one input `hojo build` reads unless told otherwise (`--max-pages`, `HOJO_MAX_PAGES`)."""
DEFAULT_PAGE_SECONDS = 5.0
"""Seconds the fact stage may spend on one page before `hojo build` skips it (`--page-seconds`,
`HOJO_PAGE_SECONDS`); the corpus's slowest page takes a hundredth of that."""
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9,
          "kib": 2**10, "mib": 2**20, "gib": 2**30}


def parse_size(text: str) -> int:
    """Given a size such as ``200000000``, ``200MB``, ``1.5 GB`` or ``512MiB``, return bytes; raise ValueError."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if not m or m.group(2).lower() not in _UNITS:
        raise ValueError(f"not a size: {text!r} (e.g. 200000000, 200MB, 1.5GB)")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def package_version() -> str:
    """Return hojo's installed version (or 0+unknown when run from a bare checkout)."""
    try:
        return version("hojo")
    except PackageNotFoundError:
        return "0+unknown"


def pipeline_version() -> str:
    """Return a version that changes whenever the code or data that shapes stored output changes:
    the package version plus a digest over every pipeline stage's version (see `corpus.stages`)."""
    from corpus.stages import pipeline_version as combined

    return combined()
