"""The normalisation benchmark: it reports MB/s beside unicodedata's NFKC."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.glyphs import bench_normalize


def test_bench_reports_throughput() -> None:
    text = "補助額５万円以上〜50万円以下（補助率３／４以内）⾦⼩⼊⻑⺠⻘ ITツール\n" * 2000
    result = bench_normalize(text, min_seconds=0.05)
    assert set(result) == {"mb", "ours_mb_s", "nfkc_mb_s", "ratio", "with_map_mb_s"}
    assert result["ours_mb_s"] > 0 and result["nfkc_mb_s"] > 0


@pytest.mark.corpus
def test_bench_on_the_seeds(shared: Path) -> None:
    """normalize() must stay well above a per-character Python loop (the aim is ≥ 0.5 × NFKC)."""
    text = "\n".join(f.read_text(encoding="utf-8") for f in sorted((shared / "corpus" / "seeds").glob("*.txt")))
    result = bench_normalize(text, min_seconds=0.2)
    assert result["ratio"] >= 0.3, result  # margin for a loaded machine; measured 0.7-0.8
