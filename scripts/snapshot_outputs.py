#!/usr/bin/env python3
"""Write everything hojo gives a user about a database into a folder, so that two versions of the code can be
compared byte for byte (`diff -r A B`): the exports (documents, pages, tables, facts, statements, editions,
programs), the edition listing, the JSON diff of every pair of editions `hojo diff --list` offers, the
reports (Markdown, HTML, Atom), the gaps and a search.

Only what depends on the code's version and the clock is left out: `pipeline_version` of the documents
export. Use it on a database built with one worker (row ids then follow the order of the inputs):

    .venv/bin/hojo build --mirror ../shared/corpus --db sqlite:///build/snap.db --workers 1
    .venv/bin/python scripts/snapshot_outputs.py build/snap.db build/snapshot-before
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

WHAT = ("documents", "pages", "tables", "facts", "statements", "editions", "programs")
VOLATILE = {"documents": ("pipeline_version",)}
"""Fields that change with any edit of the code or with the clock, not with what was read."""


def hojo(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the hojo command line of this interpreter's environment."""
    return subprocess.run([sys.executable, "-m", "corpus", *args], capture_output=True, text=True, check=False)


def selector(edition: dict) -> str | None:
    """Return a `--from`/`--to` value that names an edition: its budget year, else round, label or version."""
    if edition.get("fiscal_year") is not None:
        return f"{edition['fiscal_year']}{edition.get('budget') or ''}"
    return edition.get("round") or edition.get("label") or edition.get("version")


def export(db: str, what: str, out: Path, root: Path | None = None) -> None:
    """Write one export as JSON Lines, leaving out the volatile fields; the documents' paths relative to `root`."""
    res = hojo("export", "--what", what, "--db", db)
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    for row in rows:
        for key in VOLATILE.get(what, ()):
            row.pop(key, None)
        if root is not None and isinstance(row.get("paths"), list):
            row["paths"] = [Path(p).relative_to(root).as_posix() if Path(p).is_relative_to(root) else p
                            for p in row["paths"]]
    out.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8")


def diffs(db: str, out: Path) -> int:
    """Write the JSON diff of every pair of editions of every program (and each program's default pair)."""
    listing = json.loads(hojo("diff", "--list", "--format", "json", "--db", db).stdout or "[]")
    (out / "editions-listing.json").write_text(json.dumps(listing, ensure_ascii=False, indent=1), encoding="utf-8")
    n = 0
    for p in listing:
        names = list(dict.fromkeys(s for e in p["editions"] if (s := selector(e))))
        pairs = [(None, None), *itertools.combinations(names, 2)]
        for i, (a, b) in enumerate(pairs):
            args = ["diff", "--program", p["program"], "--format", "json", "--db", db]
            args += ["--from", a, "--to", b] if a and b else []
            res = hojo(*args)
            text = res.stdout if res.returncode == 0 else f"exit {res.returncode}: {res.stderr.strip()}\n"
            (out / "diffs" / f"{p['program']}-{i:02d}.json").write_text(text, encoding="utf-8")
            n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    """Snapshot the outputs of the database at DB into OUT."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", help="SQLite file or database URL")
    ap.add_argument("out", type=Path, help="folder to write (replaced)")
    ap.add_argument("--root", type=Path, help="write the documents' paths relative to this folder")
    a = ap.parse_args(argv)
    db = a.db if "://" in a.db else f"sqlite:///{Path(a.db).resolve()}"
    if a.out.exists():
        shutil.rmtree(a.out)
    (a.out / "diffs").mkdir(parents=True)
    for what in WHAT:
        export(db, what, a.out / f"{what}.jsonl", a.root.resolve() if a.root else None)
    n = diffs(db, a.out)
    hojo("report", "--db", db, "--out", str(a.out / "reports"))
    (a.out / "gaps.jsonl").write_text(hojo("gaps", "--format", "jsonl", "--db", db).stdout, encoding="utf-8")
    (a.out / "search.jsonl").write_text(
        hojo("search", "--all-editions", "--format", "json", "--db", db).stdout, encoding="utf-8")
    print(f"{a.out}: {len(WHAT)} exports, {n} diffs, reports, gaps, search", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
