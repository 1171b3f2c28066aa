"""Dev CLI: ``python -m extract.facts FILE... [--out facts.jsonl] [--no-nlp]``.

Reads each file with `extract.read_document`, extracts its facts and writes them as the
spec's JSON lines (stdout by default).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from extract import read_document
from extract.facts import DocInfo, load_nlp
from extract.facts.pipeline import run


def doc_info(path: Path) -> DocInfo:
    """Given an input file, return its DocInfo (key = file stem, SHA-256 of its bytes)."""
    return DocInfo(key=path.stem, sha256=hashlib.sha256(path.read_bytes()).hexdigest())


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    ap = argparse.ArgumentParser(prog="python -m extract.facts", description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, help="output JSONL (default: stdout)")
    ap.add_argument("--no-nlp", action="store_true", help="surface rules only, without GiNZA")
    a = ap.parse_args(argv)
    nlp = None if a.no_nlp else load_nlp()
    out = a.out.open("w", encoding="utf-8") if a.out else sys.stdout
    try:
        for path in a.files:
            doc = read_document(path)
            info = doc_info(path)
            for fact in run(doc, info, nlp=nlp):
                out.write(json.dumps(fact.to_export(), ensure_ascii=False) + "\n")
    finally:
        if a.out:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
