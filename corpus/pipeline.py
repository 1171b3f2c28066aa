"""The per-document pipeline a worker runs: read (with normalisation and tables), then facts."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from extract.facts.model import DocInfo, Fact
from extract.model import DocumentText


@dataclass(slots=True)
class Processed:
    """What one document produced, or the error that stopped it."""

    key: str
    doc: DocumentText | None = None
    facts: list[Fact] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Limits:
    """The largest input a build reads: bytes of a file and pages of a document (None: no limit)."""

    max_bytes: int | None = None
    max_pages: int | None = None

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pages"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1, not {value}")


Progress = Callable[[str, int], object]
"""Told of pages as they pass a stage: ``progress("read", 1)``, ``progress("facts", 1)``."""


def _stage(progress: Progress | None, stage: str) -> Callable[[int], object] | None:
    return None if progress is None else (lambda n: progress(stage, n))


def process(path: Path, info: DocInfo, limits: Limits | None = None, progress: Progress | None = None) -> Processed:
    """Given a local file and what is known of it, return its pages and facts (errors are caught).

    Inputs over `limits` fail with `TooLarge`; `progress` is told of each page read and walked for facts."""
    from extract import read_document
    from extract.errors import ExtractError
    from extract.facts import extract_facts

    t0 = time.perf_counter()
    try:
        lim = limits or Limits()
        doc = read_document(path, max_bytes=lim.max_bytes, max_pages=lim.max_pages,
                            on_page=_stage(progress, "read"))
    except ExtractError as e:
        return Processed(info.key, error=str(e))
    except Exception as e:
        return Processed(info.key, error=f"{path}: unexpected {type(e).__name__}: {' '.join(str(e).split())}")
    t1 = time.perf_counter()
    try:
        facts = extract_facts(doc, info, on_page=_stage(progress, "facts"))
    except Exception as e:
        doc.warnings.append(f"{path}: fact extraction failed: {type(e).__name__}: {e}")
        facts = []
    t2 = time.perf_counter()
    return Processed(info.key, doc, facts, {"read": t1 - t0, "facts": t2 - t1, "total": t2 - t0})
