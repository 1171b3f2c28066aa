"""Running headers, footers and page numbers, recognised across the pages of a document.

A line in the top or bottom margin band whose text (digits masked) recurs on enough
pages is a running header or footer; a lone page number (``12``, ``- 12 -``, ``12/45``,
``P.12``) in a margin band is a page number on any page. The title is the first body
line in the top quarter set clearly larger than the page's body text.
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import median

from extract.model import Line, Page

PAGE_NUMBER = re.compile(
    r"^(?:[-‐ー–—(（]\s*)?(?:[Pp]\.?\s*|ページ\s*)?\d{1,4}(?:\s*[/／]\s*\d{1,4})?(?:\s*[-‐ー–—)）])?$"
)
_DIGITS = re.compile(r"\d+")
BAND = 0.09  # share of the page height treated as the top/bottom margin


def _zone(line: Line, page: Page) -> str | None:
    if line.bbox is None or not page.height:
        return None
    if line.bbox[3] <= page.height * BAND:
        return "top"
    if line.bbox[1] >= page.height * (1 - BAND):
        return "bottom"
    return None


def mark_running(pages: list[Page], min_share: float = 0.4) -> None:
    """Given the pages of one document, set header/footer/page_number roles on their lines."""
    seen: Counter[tuple[str, str]] = Counter()
    for page in pages:
        keys = {
            (z, _DIGITS.sub("#", ln.text))
            for ln in page.lines
            if (z := _zone(ln, page)) is not None
        }
        seen.update(keys)
    need = max(3, int(len(pages) * min_share + 0.999))
    for page in pages:
        for ln in page.lines:
            z = _zone(ln, page)
            if z is None:
                continue
            if PAGE_NUMBER.match(ln.text):
                ln.role = "page_number"
            elif seen[(z, _DIGITS.sub("#", ln.text))] >= need:
                ln.role = "header" if z == "top" else "footer"


def mark_title(page: Page) -> None:
    """Given a page, mark its title: the first big body line(s) in the top quarter."""
    body = [ln for ln in page.lines if ln.role == "body" and ln.bbox is not None]
    sizes = [s.size for ln in body for s in ln.spans if s.size]
    if len(body) < 2 or not sizes or not page.height:
        return
    base = median(sizes)
    first = body[0]
    assert first.bbox is not None
    top = min(ln.bbox[1] for ln in body if ln.bbox)
    size = max((s.size or 0) for s in first.spans)
    if first.bbox[1] <= page.height * 0.25 and size >= base * 1.25 and first.bbox[1] <= top + size:
        first.role = "title"
        for ln in body[1:3]:  # a title wrapped onto a second line
            if ln.bbox and max((s.size or 0) for s in ln.spans) >= size * 0.95 and ln.bbox[1] - first.bbox[3] < size:
                ln.role = "title"
            else:
                break
