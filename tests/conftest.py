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
    return {"F1_A": …, "F1_B": …, "F1_C": …} and the scorer's printout."""
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
    scores = {k: float(v) for k, v in (part.split("=") for part in last.split())}
    for line in buf.getvalue().splitlines():  # level B: P=0.919 R=0.954 F1=0.936  predicted=123 gold=108
        if line.startswith("level "):
            scores[f"F1_{line[len('level ')]}"] = float(line.split("F1=")[1].split()[0])
    return scores, buf.getvalue()


@pytest.fixture
def score_facts(shared: Path) -> Callable[..., tuple[dict[str, float], str]]:
    """Score facts against a dev gold folder: score_facts(facts, out, gold, docs, kinds) → (scores, printout)."""
    return lambda *args: _score_facts(shared, *args)

def draw_ruled_table(page, x0: float, y0: float, widths: list[float], rows: list[list[str]], *,
                     row_height: float = 30, fontsize: float = 11) -> None:
    """Draw a ruled table on a PyMuPDF page with its top-left corner at (x0, y0): one row per list of
    cell texts, in the built-in Japanese font; a newline in a cell's text starts a line below."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [y0 + row_height * r for r in range(len(rows) + 1)]
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]))
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            for k, part in enumerate(text.split("\n") if text else []):
                page.insert_text((xs[c] + 6, ys[r] + 20 + (fontsize + 3) * k), part, fontname="japan",
                                 fontsize=fontsize)


@pytest.fixture()
def ruled_table():
    """Draw a ruled table on a PDF page made in the test (see `draw_ruled_table`)."""
    return draw_ruled_table


@pytest.fixture()
def text_layer(tmp_path: Path):
    """Read a text written in the test as `hojo build` reads a .txt file (a DocumentText)."""
    from extract.textlayer import read_text_layer

    def read(text: str):
        path = tmp_path / "layer.txt"
        path.write_text(text, encoding="utf-8")
        return read_text_layer(path)

    return read
