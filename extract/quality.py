"""Text-quality checks of a page's text layer: lost Japanese, CID or private-use garbage.

Each check is a pure function of the page text (and, for "lost Japanese", of how
Japanese the rest of the document is) and returns flag names; the PDF reader adds the
layout-based flags (``no_text_layer``, ``blank``) itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACE = re.compile(r"\s+|[.．…‥・·_-]{3,}")  # whitespace and dot leaders of tables of contents
_JA = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_PUA = re.compile(r"[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_CID = re.compile(r"\(cid:\d+\)|\ufffd|[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Symbol-font bullets (Wingdings F06C, F06E, F0A7, F0D8, F0FC ...) are private-use but harmless.
_BULLET_PUA = re.compile(r"[\uf020-\uf0ff]")
_EMPTY_BRACKETS = re.compile(r"[(（]\s*[)）]")


@dataclass(frozen=True, slots=True)
class QualitySettings:
    """Thresholds of the text-quality checks."""

    min_chars: int = 20  # below this a page is too short to judge
    lost_ja_ratio: float = 0.08  # Japanese share under which a page of a Japanese document lost it
    doc_ja_ratio: float = 0.25  # Japanese share above which a document counts as Japanese
    garbage_ratio: float = 0.15  # share of CID/replacement/private-use characters


def _ja_counts(text: str) -> tuple[int, int]:
    """Given text, return its kana/kanji count and its non-space character count (URLs left out)."""
    s = _SPACE.sub("", _URL.sub("", text))
    # counted by what removing them leaves: findall would build one string object per character
    return len(s) - len(_JA.sub("", s)), len(s)


def japanese_ratio(text: str) -> float:
    """Given text, return the share of its non-space characters that are kana or kanji."""
    ja, n = _ja_counts(text)
    return ja / n if n else 0.0


def text_flags(text: str, doc_ja: float | None = None, settings: QualitySettings | None = None) -> list[str]:
    """Given a page's text and its document's Japanese share, return its quality flags.

    ``lost_japanese``: a page of a Japanese document where only digits, Latin letters and
    punctuation survived (``2022 2 4 ( )(7 )``). ``cid_garbage``: ``(cid:N)`` tokens,
    replacement or control characters; ``private_use``: private-use code points other than
    symbol-font bullets. Short pages are never flagged.
    """
    st = settings or QualitySettings()
    flags: list[str] = []
    body = _SPACE.sub("", _URL.sub("", text))
    if len(body) < st.min_chars:
        return flags
    garbage = len(_CID.findall(text))
    pua = len(_PUA.findall(body)) - len(_BULLET_PUA.findall(body))
    if garbage and garbage / len(body) >= st.garbage_ratio / 3:
        flags.append("cid_garbage")
    if pua / len(body) >= st.garbage_ratio:
        flags.append("private_use")
    ja = len(_JA.findall(body)) / len(body)
    if doc_ja is not None and doc_ja >= st.doc_ja_ratio and ja < st.lost_ja_ratio:
        gaps = len(_EMPTY_BRACKETS.findall(text)) + len(re.findall(r"\d +\d", text))
        latin = len(re.findall(r"[A-Za-z]", body))
        if gaps or latin / len(body) < 0.6 or ja == 0:
            flags.append("lost_japanese")
    return flags


def document_ja(texts: Iterable[str]) -> float:
    """Given the page texts of a document, return its overall Japanese share.

    Counted page by page (neither URLs nor spaces run across pages): joining a big text
    layer's pages first made the regular expressions hold millions of pieces at once."""
    ja = n = 0
    for t in texts:
        a, b = _ja_counts(t)
        ja, n = ja + a, n + b
    return ja / n if n else 0.0
