"""Fixtures every test folder can use: the shared corpus directory and small generated documents."""

from __future__ import annotations

import os
from pathlib import Path

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
