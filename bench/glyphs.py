"""Throughput of ``glyphs.normalize`` beside Python's own ``unicodedata.normalize('NFKC')``.

Run: ``python -m bench.glyphs [FILE ...]`` (default: the seeds text layers in ../shared).
"""

from __future__ import annotations

import json
import os
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from normalize.glyphs import normalize, normalize_with_map

__all__ = ["bench_normalize"]


def _mb_per_s(fn: Callable[[str], object], text: str, min_seconds: float) -> float:
    """Given a function and a text, return the best throughput in MB (UTF-8) per second."""
    size = len(text.encode("utf-8")) / 1e6
    best = float("inf")
    spent = 0.0
    runs = 0
    while spent < min_seconds or runs < 3:
        t0 = time.perf_counter()
        fn(text)
        dt = time.perf_counter() - t0
        best, spent, runs = min(best, dt), spent + dt, runs + 1
    return size / best


def bench_normalize(text: str, min_seconds: float = 0.5) -> dict[str, float]:
    """Given a text, return MB/s of ``normalize``, ``normalize_with_map`` and plain NFKC on it."""
    ours = _mb_per_s(normalize, text, min_seconds)
    nfkc = _mb_per_s(lambda s: unicodedata.normalize("NFKC", s), text, min_seconds)
    with_map = _mb_per_s(normalize_with_map, text, min_seconds / 5)
    return {
        "mb": round(len(text.encode("utf-8")) / 1e6, 3),
        "ours_mb_s": round(ours, 2),
        "nfkc_mb_s": round(nfkc, 2),
        "ratio": round(ours / nfkc, 3),
        "with_map_mb_s": round(with_map, 2),
    }


def _default_files() -> list[Path]:
    """Return the seeds text layers of ../shared (or $HOJO_SHARED), if present."""
    shared = Path(os.environ.get("HOJO_SHARED") or Path(__file__).resolve().parents[2] / "shared")
    return sorted((shared / "corpus" / "seeds").glob("*.txt"))


def main(argv: list[str]) -> int:
    """Given file paths (or none for the seeds), print the benchmark as JSON; return an exit code."""
    files = [Path(a) for a in argv] or _default_files()
    if not files:
        print("no input: pass text files or set HOJO_SHARED", file=sys.stderr)
        return 2
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    print(json.dumps({"files": len(files), **bench_normalize(text)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
