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

from extract.layout import line_size
from extract.model import Line, Page

PAGE_NUMBER = re.compile(
    r"^(?:[-‐ー–—(（]\s*)?(?:[Pp]\.?\s*|ページ\s*)?\d{1,4}(?:\s*[/／]\s*\d{1,4})?(?:\s*(?:[-‐ー–—)）]|ページ|頁))?$"
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


def mark_running(pages: list[Page], min_share: float = 0.4, min_run: int = 3) -> None:
    """Given the pages of one document, set header/footer/page_number roles on their lines.

    A margin line is running when its text (digits masked) recurs on `min_share` of the
    pages, or on `min_run` consecutive pages (a chapter's running head).
    """
    keys_of: list[set[tuple[str, str]]] = []
    for page in pages:
        keys_of.append({(z, _DIGITS.sub("#", ln.text)) for ln in page.lines if (z := _zone(ln, page)) is not None})
    seen: Counter[tuple[str, str]] = Counter(k for keys in keys_of for k in keys)
    need = max(3, int(len(pages) * min_share + 0.999))
    running = {k for k, n in seen.items() if n >= need}
    for i in range(len(pages) - min_run + 1):
        running |= set.intersection(*keys_of[i : i + min_run])
    for page in pages:
        for ln in page.lines:
            z = _zone(ln, page)
            if z is None:
                continue
            if PAGE_NUMBER.match(ln.text):
                ln.role = "page_number"
            elif (z, _DIGITS.sub("#", ln.text)) in running:
                ln.role = "header" if z == "top" else "footer"


def mark_title(page: Page, look: int = 4) -> None:
    """Given a page, mark its title: the largest of its first body lines in the top quarter.

    The title must be set clearly larger (x1.25) than the page's median text; a following
    line in the same size right below it continues it.
    """
    body = [ln for ln in page.lines if ln.role == "body" and ln.bbox is not None]
    sizes = [s.size for ln in body for s in ln.spans if s.size]
    if len(body) < 2 or not sizes or not page.height:
        return
    base = median(sizes)
    head = [ln for ln in body[:look] if ln.bbox and ln.bbox[1] <= page.height * 0.25]
    if not head:
        return
    best = max(head, key=line_size)
    if line_size(best) < base * 1.25:
        return
    best.role = "title"
    i = body.index(best)
    for prev, ln in zip(body[i : i + 2], body[i + 1 : i + 3], strict=False):
        assert prev.bbox is not None and ln.bbox is not None
        if line_size(ln) >= line_size(best) * 0.95 and ln.bbox[1] - prev.bbox[3] < line_size(best):
            ln.role = "title"
        else:
            break
