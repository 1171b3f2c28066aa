"""`hojo bench --quick` on three tiny generated PDFs: the JSON keeps its shape and the last line its format.

Not a timing test: the figures only have to exist (the benchmark reports, it never fails on targets).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from bench.suite import STAGE_KEYS, TARGETS
from corpus.stages import STAGES

LAST_LINES = (
    re.compile(r"end-to-end \d+\.\d pages/s; raw PyMuPDF \d+\.\d pages/s; ratio R/E = \d+\.\d\d; peak RSS \d+ MB"),
    re.compile(r"scaling 2/1 workers = \d+\.\d\d; rules-only rebuild = \d+\.\d% of full; "
               r"real-corpus ratio R/E = \d+\.\d\d"),
)

PAGES = [
    ["IT導入補助金2025 通常枠", "補助率 1/2以内、補助上限額 150万円", "申請締切 2025年5月16日(金)17:00"],
    ["小規模事業者持続化補助金", "補助上限 50万円 (インボイス特例 +50万円)", "補助率 2/3"],
    ["省力化投資補助金", "従業員数 5名以下: 200万円", "従業員数 6~20名: 500万円"],
]


def _pdf(path: Path, pages: list[list[str]]) -> Path:
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=595, height=842)
        for i, line in enumerate(lines):
            page.insert_text((72, 72 + 20 * i), line, fontname="japan", fontsize=11)
        page.draw_rect(pymupdf.Rect(70, 200, 400, 260))  # a ruled box for the table finder to look at
        page.draw_line((70, 230), (400, 230))
        page.draw_line((235, 200), (235, 260))
    doc.save(path)
    doc.close()
    return path


@pytest.mark.slow
def test_bench_quick_json_and_last_line(tmp_path: Path) -> None:
    src = tmp_path / "pdfs"
    src.mkdir()
    for i in range(3):
        _pdf(src / f"tiny_{i}.pdf", [PAGES[(i + k) % 3] for k in range(i + 1)])
    out = tmp_path / "out" / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "corpus", "bench", "--mirror", str(src), "--out", str(out), "--quick",
         "--workers", "1,2", "--synthetic-pages", "5"],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    last_two = done.stdout.rstrip("\n").splitlines()[-2:]
    for pattern, line in zip(LAST_LINES, last_two, strict=True):
        assert pattern.fullmatch(line), line

    res = json.loads(out.read_text(encoding="utf-8"))
    assert {"schema", "timestamp", "machine", "targets", "options", "corpora", "headline"} <= res.keys()
    assert {"cores", "python", "pymupdf", "pipeline_version", "load_average_start"} <= res["machine"].keys()
    assert res["targets"] == TARGETS
    assert set(res["corpora"]) == {"real", "synthetic"}
    real, synth = res["corpora"]["real"], res["corpora"]["synthetic"]
    assert real["pages"] == 6 and real["raw"]["pages"] == 6
    assert synth["pages"] == 5 and synth["generation_seconds"] >= 0
    for c in (real, synth):
        assert set(c["stages"]) == {s.name for s in STAGES} | {"text", "tables"}
        for stage in c["stages"].values():
            assert tuple(stage) == STAGE_KEYS
        assert set(c["end_to_end"]) == {"1", "2"}
        for w, r in c["end_to_end"].items():
            assert r["status"] == "ok", r
            assert r["workers"] == int(w) and r["pages"] == c["pages"] and r["failed"] == 0
            assert r["noop_built"] == 0 and r["noop_skipped"] == c["files"]
            # the rules-only rebuild re-ran every document's facts from its rows, and found the same number
            assert r["rules_only_refacts"] == c["files"] and r["rules_only_facts"] == r["facts"]
            assert r["rules_only_seconds"] > 0 and r["rules_only_pct"] > 0
            assert r["peak_rss_mb"] > 0 and r["pages_s"] > 0
    h = res["headline"]
    assert h["corpus"] == "synthetic" and h["workers"] == 2
    assert last_two[0] == (f"end-to-end {h['end_to_end_pages_s']:.1f} pages/s; raw PyMuPDF {h['raw_pages_s']:.1f} "
                           f"pages/s; ratio R/E = {h['ratio']:.2f}; peak RSS {h['peak_rss_mb']:.0f} MB")
    e2e = synth["end_to_end"]
    assert h["scaling"] == round(e2e["2"]["pages_s"] / e2e["1"]["pages_s"], 2)
    assert h["real_ratio"] == real["end_to_end"]["2"]["ratio"]
    assert (out.parent / "bench" / "synth-5" / "synth.json").is_file()  # generated once, beside the results


def test_tree_sampler_reads_rss_every_sample_and_pss_less_often() -> None:
    psutil = pytest.importorskip("psutil")
    from bench.builds import TreeSampler

    try:
        assert psutil.Process().memory_full_info().pss >= 0
    except (psutil.AccessDenied, AttributeError):
        pytest.skip("PSS cannot be read here")
    sampler = TreeSampler(interval=0.05, pss_interval=1.0)
    assert sampler.pss_every == 20
    sampler._sample()  # the first sample reads both
    assert sampler.peak_mb > 0 and sampler.peak_pss_mb > 0
    sampler.peak_pss_mb = 0.0
    for _ in range(sampler.pss_every - 1):  # the next ones read RSS only
        sampler._sample()
    assert sampler.peak_mb > 0 and sampler.peak_pss_mb == 0.0
    sampler._sample()
    assert sampler.peak_pss_mb > 0
