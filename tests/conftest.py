"""Fixtures every test folder can use: the shared corpus directory and small generated documents."""

from __future__ import annotations

import importlib.util
import io
import json
import os
from collections.abc import Callable, Iterable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    """Return ../shared (or $HOJO_SHARED) when it holds the corpus, else None."""
    env = os.environ.get("HOJO_SHARED")
    for cand in ([Path(env)] if env else []) + [REPO.parent / "shared"]:
        if (cand / "corpus").is_dir():
            return cand
    return None


def require_shared() -> Path:
    """Return the shared dir; skip the test when it is absent, fail instead under CI=true."""
    d = shared_dir()
    if d is None:
        if os.environ.get("CI") == "true":
            pytest.fail("../shared is required under CI=true but was not found")
        pytest.skip("../shared (the corpus mirror) is absent; set HOJO_SHARED to run corpus tests")
    return d


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared directory (corpus, spec, gold), or skip."""
    return require_shared()


def _score_facts(shared: Path, facts: Iterable[Any], out: Path, gold: Path, docs: Iterable[str],
                 kinds: Iterable[str]) -> tuple[dict[str, float], str]:
    """Write `facts` to `out` as facts.jsonl and score them against `gold` with the shared scorer, on the
    documents built (`docs`: a gold file added for another document never breaks a test) and `kinds`;
    return {"F1_A": …, "F1_C": …} and the scorer's printout."""
    with out.open("w", encoding="utf-8") as fh:
        for fact in facts:
            fh.write(json.dumps(fact.to_export(), ensure_ascii=False) + "\n")
    spec = importlib.util.spec_from_file_location("score_facts", shared / "spec" / "score_facts.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    buf = io.StringIO()
    with redirect_stdout(buf):
        scorer.main([str(out), str(gold), "--show", "0", "--docs", ",".join(docs), "--kinds", ",".join(kinds)])
    last = buf.getvalue().strip().splitlines()[-1]  # F1_A=0.992 F1_C=0.763
    return {k: float(v) for k, v in (part.split("=") for part in last.split())}, buf.getvalue()


@pytest.fixture
def score_facts(shared: Path) -> Callable[..., tuple[dict[str, float], str]]:
    """Score facts against a dev gold folder: score_facts(facts, out, gold, docs, kinds) → (scores, printout)."""
    return lambda *args: _score_facts(shared, *args)
