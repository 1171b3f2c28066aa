"""Benchmark `hojo build` on large synthetic text layers: seconds per MB and peak memory.

Generates text layers of the given sizes (default 1, 5 and 20 MB of UTF-8) into a temporary
folder — subsidy-like Japanese written from templates here, no page breaks, and counts
ending blocks that look like printed page numbers: the worst case for page splitting —
builds each into a fresh SQLite database with one worker in its own process, and reports
wall seconds, seconds per MB and the child's peak RSS. A first build of a 1 kB file gives
the fixed cost (start-up, GiNZA), so the part that grows with the size shows.
Nothing is committed: the files live in a temp dir that is removed at the end.

    .venv/bin/python -m bench.textlayer [--sizes 1,5,20] [--out build/bench-textlayer.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROGRAMS = ["IT導入補助金", "ものづくり補助金", "事業再構築補助金", "小規模事業者持続化補助金", "省力化投資補助金"]
FRAMES = ["通常枠", "インボイス枠", "セキュリティ対策推進枠", "成長枠", "グリーン枠", "創業枠"]
FILLER = [
    "本事業は中小企業等の生産性向上を支援するものです。",
    "申請にあたっては事前に要件を確認してください。",
    "交付決定前に発注した経費は補助対象になりません。",
    "詳しくは事務局のホームページをご覧ください。",
    "補助事業の実施期間内に支払いを完了する必要があります。",
    "審査は書面により行い、必要に応じて面談を実施します。",
    "事業計画書には付加価値額の増加目標を記載してください。",
    "加点項目に該当する場合は証憑を添付してください。",
]


COUNTS = ["採択件数", "申請件数", "対象事業者数", "説明会参加者数", "相談件数"]


def _fact_lines(rng: random.Random) -> list[str]:
    program, frame = rng.choice(PROGRAMS), rng.choice(FRAMES)
    year = rng.randint(2020, 2026)
    cap = rng.randint(5, 3000) * 10
    return [
        f"{program}{year}",
        f"{frame}",
        f"補助上限額 {cap:,}万円",
        f"補助率 {rng.choice(['1/2', '2/3', '3/4'])}以内",
        f"締切 {year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 17:00",
    ]


def generate(path: Path, megabytes: float, seed: int = 0) -> Path:
    """Write a UTF-8 text layer of about `megabytes` MB without page breaks to `path`; return it."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < target:
            block = _fact_lines(rng) if rng.random() < 0.2 else [rng.choice(FILLER) for _ in range(rng.randint(2, 6))]
            if rng.random() < 0.3:  # a count ending a block: looks like a printed page number to the splitter
                block.append(f"{rng.choice(COUNTS)} {rng.randint(1, 999)}")
            chunk = "\n".join(block) + "\n\n"
            fh.write(chunk)
            size += len(chunk.encode("utf-8"))
    return path


def run_one(path: Path, db: Path, extra: list[str]) -> dict[str, float]:
    """Build `path` into `db` with `hojo build` in a child process; return seconds and the child's peak RSS."""
    cmd = [sys.executable, "-m", "corpus", "build", str(path), "--db", f"sqlite:///{db}", "--workers", "1",
           "--no-progress", "--strict", *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    err = proc.stderr.read()  # until the child exits; os.wait4 then reaps it with its resource usage
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"hojo build failed on {path} (exit {os.waitstatus_to_exitcode(status)}):\n{err}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,5,20", help="sizes in MB, comma-separated (default 1,5,20)")
    ap.add_argument("--out", type=Path, help="write the results as JSON here too")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    ap.add_argument("--no-limit-option", action="store_true",
                    help="do not pass --max-bytes (to time a hojo from before the option existed, run from its tree)")
    args = ap.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    results = []
    with tempfile.TemporaryDirectory(prefix="hojo-bench-text-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        base_src = generate(root / "synthetic_base.txt", 0.001, seed=1)
        base = run_one(base_src, Path(tmp) / "bench_base.db", [])
        print(f"  base (1 kB) {base['seconds']:8.2f} s                peak RSS {base['peak_rss_mb']:7.1f} MB",
              flush=True)
        for mb in sizes:
            src = generate(root / f"synthetic_{mb:g}mb.txt", mb, seed=int(mb * 10))
            real_mb = src.stat().st_size / 1e6
            # the bytes are given explicitly: the defaults may be lower than the biggest size measured
            limit = [] if args.no_limit_option else ["--max-bytes", str(src.stat().st_size + 1)]
            res = run_one(src, Path(tmp) / f"bench_{mb:g}.db", limit)
            row = {"mb": round(real_mb, 2), **res, "seconds_per_mb": round(res["seconds"] / real_mb, 2),
                   "seconds_per_mb_over_base": round((res["seconds"] - base["seconds"]) / real_mb, 2),
                   "rss_mb_per_mb_over_base": round((res["peak_rss_mb"] - base["peak_rss_mb"]) / real_mb, 1)}
            results.append(row)
            print(f"{row['mb']:6.2f} MB    {row['seconds']:8.2f} s  {row['seconds_per_mb']:6.2f} s/MB "
                  f"({row['seconds_per_mb_over_base']:5.2f} over base)  peak RSS {row['peak_rss_mb']:7.1f} MB "
                  f"(+{row['rss_mb_per_mb_over_base']:.1f} MB per MB)", flush=True)
        results.insert(0, {"mb": 0.001, **base})
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
