"""A synthetic corpus for benchmarks: new PDFs assembled from the pages of real ones.

Every synthetic page shows one real page (`show_pdf_page`, so its text layer, fonts and
vector rules are the real ones) with per-copy variation, so that neither MuPDF's caches
nor hojo's incremental skip can make a copy cheaper than an original: pages are drawn in
shuffled order, the page box is scaled, the content is scaled and shifted inside it, some
pages are rotated, and each page gets one extra line of text — 【page number】 and a (mostly Japanese)
line of its own text with every number replaced by another of the same length. The corpus is generated once
into a folder and reused while its stamp (`synth.json`) matches the request.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf

log = logging.getLogger(__name__)

GENERATOR_VERSION = 3
"""Bump when the generated files change for the same request, so old corpora are regenerated."""

STAMP = "synth.json"
_DIGITS = re.compile(r"\d+")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_HEADER = 18.0  # points of headroom above the shown page for the extra line


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One real page a synthetic page can show: its file, index, size and text lines with digits."""

    src: int
    index: int
    width: float
    height: float
    numbered_lines: tuple[str, ...]


def _fingerprint(path: Path) -> str:
    st = path.stat()
    return f"{path.name}:{st.st_size}:{int(st.st_mtime)}"


def _request(sources: list[Path], pages: int, seed: int) -> dict[str, object]:
    return {"version": GENERATOR_VERSION, "pages": pages, "seed": seed,
            "sources": sorted(_fingerprint(p) for p in sources)}


def _stamp_ok(out: Path, request: dict[str, object]) -> list[Path] | None:
    """Given the folder and a request, return the files already generated for it, or None."""
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("request") != request:
        return None
    files = [out / f["name"] for f in stamp.get("files", [])]
    sizes = [f["bytes"] for f in stamp.get("files", [])]
    if not files or not all(f.is_file() and f.stat().st_size == n for f, n in zip(files, sizes, strict=True)):
        return None
    return files


def _perturb(line: str, rng: random.Random) -> str:
    """Given a line, return it with every run of digits replaced by a random one of the same length."""
    def repl(m: re.Match[str]) -> str:
        n = len(m.group())
        first = str(rng.randint(1, 9)) if n > 1 else str(rng.randint(0, 9))
        return first + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
    return _DIGITS.sub(repl, line)


def _worded_number(line: str) -> bool:
    """Return whether a line holds a number and is mostly Japanese (so the extra line never looks like a
    page whose text layer lost its Japanese, which the extractor would send to OCR)."""
    line = line.strip()
    return bool(_DIGITS.search(line)) and len(_CJK.findall(line)) >= max(3, len(line) // 3)


def _scan(sources: list[Path]) -> list[SourcePage]:
    """Given real PDFs, return their pages with size and the lines that hold numbers."""
    out = []
    for si, path in enumerate(sources):
        with pymupdf.open(path) as doc:
            for i, page in enumerate(doc):
                lines = tuple(ln.strip()[:40] for ln in page.get_text().splitlines() if _worded_number(ln))
                out.append(SourcePage(si, i, page.rect.width, page.rect.height, lines))
    return out


def _plan(by_src: dict[int, list[SourcePage]], total: int, rng: random.Random) -> list[list[SourcePage]]:
    """Given the real pages by file, return synthetic documents (lists of pages) adding up to `total` pages.

    Each synthetic document is 70-100 % of one real document's pages in shuffled order (one
    producer's fonts and layout, as in a real file); the real documents are taken in turn, in a
    fresh random order each round, so the synthetic corpus has the real one's mix of documents.
    """
    docs: list[list[SourcePage]] = []
    made = 0
    while made < total:
        order = list(by_src)
        rng.shuffle(order)
        for src in order:
            pages = by_src[src]
            k = min(max(1, round(len(pages) * rng.uniform(0.7, 1.0))), total - made)
            if k <= 0:
                break
            docs.append(rng.sample(pages, k))
            made += k
    return docs


def generate(sources: list[Path], out: Path, pages: int = 2000, seed: int = 0) -> list[Path]:
    """Given real PDFs, return about `pages` pages of synthetic PDFs in `out` (made once, then reused)."""
    sources = sorted(p for p in sources if p.suffix.lower() == ".pdf")
    request = _request(sources, pages, seed)
    if (done := _stamp_ok(out, request)) is not None:
        log.info("synthetic corpus: reusing %d files in %s", len(done), out)
        return done
    if not sources or pages <= 0:
        return []
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("synth_*.pdf"):
        old.unlink()
    rng = random.Random(seed)
    by_src: dict[int, list[SourcePage]] = {}
    for sp in _scan(sources):
        by_src.setdefault(sp.src, []).append(sp)
    opened = [pymupdf.open(p) for p in sources]
    files: list[dict[str, object]] = []
    try:
        for di, chosen in enumerate(_plan(by_src, pages, rng)):
            path = out / f"synth_{di:03d}.pdf"
            _write(path, chosen, opened, sources[chosen[0].src].stem, rng)
            files.append({"name": path.name, "pages": len(chosen), "bytes": path.stat().st_size,
                          "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
    finally:
        for d in opened:
            d.close()
    stamp = {"request": request, "files": files, "pages": sum(int(f["pages"]) for f in files)}  # type: ignore[call-overload]
    (out / STAMP).write_text(json.dumps(stamp, ensure_ascii=False, indent=1), encoding="utf-8")
    log.info("synthetic corpus: %d files, %d pages in %s", len(files), stamp["pages"], out)
    return [out / str(f["name"]) for f in files]


def _write(path: Path, chosen: list[SourcePage], opened: list[pymupdf.Document], origin: str,
           rng: random.Random) -> None:
    """Write one synthetic PDF showing `chosen` pages, each varied as the module docstring says."""
    doc = pymupdf.open()
    for sp in chosen:
        f = rng.uniform(0.9, 1.15)  # page box scale
        width, height = sp.width * f, sp.height * f + _HEADER
        page = doc.new_page(width=width, height=height)
        shrink = rng.uniform(0.88, 1.0)  # content scale inside the box
        w, h = sp.width * f * shrink, sp.height * f * shrink
        x0 = rng.uniform(0, width - w)
        y0 = _HEADER + rng.uniform(0, height - _HEADER - h)
        base = rng.choice(sp.numbered_lines) if sp.numbered_lines else "補助上限額 100万円、補助率 1/2 以内"
        line = f"【{sp.index + 1}頁】{_perturb(base, rng)}"
        # The line goes in before the shown page: inserted after it, PyMuPDF 2.0 writes the CJK font so
        # that its text extracts as raw UTF-16 bytes.
        page.insert_text((rng.uniform(8, 40), _HEADER - 5), line, fontname="japan", fontsize=rng.uniform(6, 8))
        page.show_pdf_page(pymupdf.Rect(x0, y0, x0 + w, y0 + h), opened[sp.src], sp.index)
        if rng.random() < 0.05:
            page.set_rotation(rng.choice((90, 270)))
    doc.set_metadata({"title": f"{path.stem} (synthetic, from {origin})", "producer": "hojo bench.synth"})
    doc.save(path, garbage=1, deflate=True)
    doc.close()
