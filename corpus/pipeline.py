"""The per-document pipeline a worker runs: read (with normalisation and tables), then facts."""

from __future__ import annotations

import time
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


def process(path: Path, info: DocInfo) -> Processed:
    """Given a local file and what is known of it, return its pages and facts (errors are caught)."""
    from extract import read_document
    from extract.errors import ExtractError
    from extract.facts import extract_facts

    t0 = time.perf_counter()
    try:
        doc = read_document(path)
    except ExtractError as e:
        return Processed(info.key, error=str(e))
    except Exception as e:
        return Processed(info.key, error=f"{path}: unexpected {type(e).__name__}: {' '.join(str(e).split())}")
    t1 = time.perf_counter()
    try:
        facts = extract_facts(doc, info)
    except Exception as e:
        doc.warnings.append(f"{path}: fact extraction failed: {type(e).__name__}: {e}")
        facts = []
    t2 = time.perf_counter()
    return Processed(info.key, doc, facts, {"read": t1 - t0, "facts": t2 - t1, "total": t2 - t0})
