"""The glyph normaliser as extract/ uses it: `normalize.glyphs`, imported lazily.

`normalize.glyphs` is the one normaliser of the project; the NFKC fallback only keeps
extract/ importable on its own (a broken or missing `normalize` package must not stop
text extraction) and is never what a full install runs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache

Offsets = list[int]


@cache
def _impl() -> tuple[Callable[[str], str], Callable[[str], tuple[str, Offsets]]]:
    try:
        from normalize.glyphs import normalize, normalize_with_map
    except ImportError:  # pragma: no cover - only without the normalize package
        return _nfkc, _nfkc_with_map
    return normalize, normalize_with_map


def norm(text: str) -> str:
    """Given raw extracted text, return it normalised (`normalize.glyphs.normalize`)."""
    return _impl()[0](text) if text else ""


def norm_with_map(text: str) -> tuple[str, Offsets]:
    """Given raw text, return `(norm(text), offsets)`; `offsets[i]` is the raw index of char i.

    `len(offsets) == len(out) + 1` and the last entry is `len(text)`.
    """
    if not text:
        return "", [0]
    return _impl()[1](text)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _nfkc_with_map(text: str) -> tuple[str, Offsets]:
    out: list[str] = []
    offs: Offsets = []
    for i, ch in enumerate(text):
        n = unicodedata.normalize("NFKC", ch)
        out.append(n)
        offs.extend([i] * len(n))
    offs.append(len(text))
    return "".join(out), offs
