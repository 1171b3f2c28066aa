"""Optional OCR of pages whose text layer is missing or garbage, with Tesseract (``jpn``).

Tesseract is found at run time: the ``tesseract`` binary on PATH (or ``$TESSERACT``)
with the ``jpn`` traineddata listed by ``tesseract --list-langs``. Without it nothing
is OCR'd; the flagged pages keep their flags and `text_source` stays ``"layer"``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pymupdf

from extract.layout import finish_line
from extract.model import DocumentText, Line, Span

OCR_FLAGS = frozenset({"no_text_layer", "lost_japanese", "cid_garbage", "private_use"})
DPI = 300
TIMEOUT = 120.0


@cache
def tesseract() -> str | None:
    """Return the path of a Tesseract binary that knows Japanese (``jpn``), else None."""
    exe = os.environ.get("TESSERACT") or shutil.which("tesseract")
    if not exe:
        return None
    try:
        res = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    langs = {ln.strip() for ln in (res.stdout + res.stderr).splitlines()}
    return exe if "jpn" in langs else None


def ocr_image(png: bytes, lang: str = "jpn+eng", psm: int = 3, tsv: bool = False) -> str:
    """Given a PNG image, return Tesseract's text (or its TSV word table); OSError without Tesseract."""
    exe = tesseract()
    if exe is None:
        raise OSError("tesseract with the jpn traineddata is not installed")
    with tempfile.TemporaryDirectory(prefix="hojo-ocr-") as tmp:
        img = Path(tmp) / "page.png"
        img.write_bytes(png)
        cmd = [exe, str(img), "stdout", "-l", lang, "--psm", str(psm), *(["tsv"] if tsv else [])]
        res = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False)
    if res.returncode != 0:
        raise OSError(f"tesseract failed: {res.stderr.decode('utf-8', 'replace').strip()[:200]}")
    return res.stdout.decode("utf-8", "replace")


def tsv_lines(tsv: str, scale: float) -> list[Line]:
    """Given Tesseract TSV output and points per pixel, return its lines with word spans and boxes."""
    words: dict[tuple[int, int, int], list[Span]] = {}
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        left, top, w, h = (int(v) * scale for v in f[6:10])
        key = (int(f[2]), int(f[3]), int(f[4]))  # block, paragraph, line
        words.setdefault(key, []).append(Span(f[11], (left, top, left + w, top + h), "ocr", round(h, 2)))
    lines = [finish_line(spans) for _, spans in sorted(words.items())]
    return [ln for ln in lines if ln.text]


def ocr_pages(doc: pymupdf.Document, out: DocumentText, path: Path, enabled: bool | None) -> None:
    """Given an open PDF and what was read from it, OCR its flagged pages in place.

    The OCR text (normalised lines) goes to `Page.ocr_text`; it also becomes the page's
    lines, with word spans and boxes in PDF points, and its text (`text_source="ocr"`),
    while `raw_text` keeps what the text layer said.
    """
    todo = [p for p in out.pages if OCR_FLAGS & set(p.flags)]
    if not todo or enabled is False:
        return
    if tesseract() is None:
        if enabled:
            out.warnings.append(f"{path.name}: OCR requested but tesseract with jpn is not installed")
        return
    for p in todo:
        try:
            pix = doc.load_page(p.number - 1).get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY)
            lines = tsv_lines(ocr_image(pix.tobytes("png"), tsv=True), 72 / DPI)
        except (OSError, subprocess.SubprocessError, RuntimeError, ValueError) as e:
            out.warnings.append(f"{path.name}: page {p.number}: OCR failed: {e}")
            continue
        p.ocr_text = "\n".join(ln.text for ln in lines)
        if lines:
            p.lines = lines
            p.text = p.ocr_text
            p.text_source = "ocr"
