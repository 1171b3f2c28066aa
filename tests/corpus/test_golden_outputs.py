"""Every output hojo gives about a small corpus, compared with the copy kept beside it (tests/fixtures/golden).

The corpus (`docs/`) is four made-up documents: two editions of a program's 公募要領 (a frame renamed, a
cap and a wage requirement changed, dates moved, a definition table), an employment subsidy's leaflet
(sums per person and per establishment, company sizes) and a prefecture's program the catalog lacks.
`scripts/snapshot_outputs.py` writes the exports, the edition listing, every diff, the reports, gaps
and a search; the test fails on any byte that differs from `expected/`, so a change of code that should
change no output (a refactoring) is checked, and one that should is seen whole. After an intended
change: `HOJO_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/corpus/test_golden_outputs.py`, then
read `git diff tests/fixtures/golden/expected`.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "snapshot_outputs.py"
UPDATE = os.environ.get("HOJO_UPDATE_GOLDEN", "").lower() in {"1", "true", "yes"}


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_outputs_of_the_golden_corpus_are_unchanged(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(HERE / "docs", docs)
    db = tmp_path / "golden.db"
    build = subprocess.run([sys.executable, "-m", "corpus", "build", str(docs), "--db", f"sqlite:///{db}",
                            "--workers", "1", "--no-progress"], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    out = tmp_path / "snapshot"
    snap = subprocess.run([sys.executable, str(SCRIPT), str(db), str(out), "--root", str(tmp_path)],
                          capture_output=True, text=True, timeout=900)
    assert snap.returncode == 0, snap.stderr
    expected = HERE / "expected"
    if UPDATE:
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(out, expected)
        pytest.skip("golden outputs rewritten: read `git diff tests/fixtures/golden/expected`")
    got, want = _files(out), _files(expected)
    assert sorted(got) == sorted(want), "the set of output files changed"
    for name, path in want.items():
        a, b = path.read_text(encoding="utf-8"), got[name].read_text(encoding="utf-8")
        if a != b:
            delta = "".join(list(difflib.unified_diff(a.splitlines(True), b.splitlines(True), name, name))[:60])
            pytest.fail(f"{name} differs from the golden copy:\n{delta}")
