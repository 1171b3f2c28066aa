"""Worker process of test_schema_concurrency: save documents that share programs, editions and frames.

Usage: python concurrent_writer.py URL NAME N START_AT SEED
(with the repository root on PYTHONPATH). Waits until the wall clock reaches
START_AT so that the workers start together, upgrades the schema, then saves N
documents NAME-0 … NAME-(N-1) in shuffled fact order, and the document
"shared" every third one. Exits non-zero on any error.
"""

from __future__ import annotations

import random
import sys
import time

from extract.facts.model import Fact
from extract.model import DocumentText, Page
from schema.db import init_db, make_engine, transaction
from schema.store import DocumentMeta, save_document

PROGRAMS = ("IT導入補助金", "ものづくり補助金", "持続化補助金")
YEARS = ((None, None), (2023, "当初"), (2024, "補正"))


def facts_for(i: int, doc: str) -> list[Fact]:
    """Return the facts of document number `i`: every program × year × frame, plus frame G{i} shared by index."""
    frames = [f"F{k}" for k in range(4)] + [f"G{i}"]
    return [
        Fact(document=doc, sha256="0" * 64, page=1, program=p, fiscal_year=y, budget=b, edition=None, frame=fr,
             type=None, kind="cap_max", value=1000 * (i + 1), applicant=None, condition=None, quote=f"{doc} {fr}")
        for p in PROGRAMS for (y, b) in YEARS for fr in frames
    ]


def save(engine: object, key: str, i: int, rng: random.Random) -> None:
    """Save document `key` holding the facts of number `i` in a random order."""
    facts = facts_for(i, key)
    rng.shuffle(facts)
    doc = DocumentText(pages=[Page(number=1, raw_text=key, text=key)], kind="text")
    with transaction(engine) as s:  # type: ignore[arg-type]
        save_document(s, DocumentMeta(key, "0" * 64), doc, facts, pipeline_version="t", timings={})


def main(url: str, name: str, n: int, start_at: float, seed: int) -> None:
    """Run one writer."""
    engine = make_engine(url)
    rng = random.Random(seed)
    while time.time() < start_at:
        time.sleep(0.002)
    init_db(engine)
    for i in range(n):
        save(engine, f"{name}-{i}", i, rng)
        if i % 3 == 0:
            save(engine, "shared", i, rng)
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]))
