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

from extract._norm import norm
from extract.model import DocumentText, Line

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


def ocr_image(png: bytes, lang: str = "jpn+eng", psm: int = 3) -> str:
    """Given a PNG image, return the text Tesseract reads in it (raises OSError without Tesseract)."""
    exe = tesseract()
    if exe is None:
        raise OSError("tesseract with the jpn traineddata is not installed")
    with tempfile.TemporaryDirectory(prefix="hojo-ocr-") as tmp:
        img = Path(tmp) / "page.png"
        img.write_bytes(png)
        res = subprocess.run(
            [exe, str(img), "stdout", "-l", lang, "--psm", str(psm)],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    if res.returncode != 0:
        raise OSError(f"tesseract failed: {res.stderr.decode('utf-8', 'replace').strip()[:200]}")
    return res.stdout.decode("utf-8", "replace")


def ocr_pages(doc: pymupdf.Document, out: DocumentText, path: Path, enabled: bool | None) -> None:
    """Given an open PDF and what was read from it, OCR its flagged pages in place.

    The OCR text goes to `Page.ocr_text`; when the layer is unusable it also becomes the
    page's lines and text (`text_source="ocr"`), while `raw_text` keeps the layer.
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
            raw = ocr_image(pix.tobytes("png"))
        except (OSError, subprocess.SubprocessError, RuntimeError) as e:
            out.warnings.append(f"{path.name}: page {p.number}: OCR failed: {e}")
            continue
        p.ocr_text = raw
        lines = [Line(text=t) for t in (norm(s).strip() for s in raw.splitlines()) if t]
        if lines:
            p.lines = lines
            p.text = "\n".join(ln.text for ln in lines)
            p.text_source = "ocr"
