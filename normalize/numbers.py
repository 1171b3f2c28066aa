"""Japanese numbers: ASCII, fullwidth and kanji numerals, with 万 億 兆 scales."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import unicodedata2

from normalize.errors import ParseError

__all__ = ["KANJI_DIGITS", "NUMERAL", "parse_number", "to_japanese", "to_kanji"]

KANJI_DIGITS = "〇一二三四五六七八九"
_DIGIT_MAP = str.maketrans(
    {
        **{c: str(i) for i, c in enumerate(KANJI_DIGITS)},
        "零": "0",
        "壱": "1",
        "弐": "2",
        "参": "3",
        "拾": "十",
        "萬": "万",
        ",": None,
        " ": None,
    }
)

#: A regex fragment matching one number as printed (after ``glyphs.normalize``): ASCII digits
#: with commas and a decimal part, kanji numerals, or a mix with scale characters (1億5,000万).
NUMERAL = (
    r"(?:[0-9][0-9,]*(?:\.[0-9]+)?|[〇一二三四五六七八九十百千])"
    r"(?:[0-9,.〇一二三四五六七八九十百千万億兆]*[0-9〇一二三四五六七八九十百千万億兆])?"
)

_COEF = r"(?:[0-9]+(?:\.[0-9]+)?)"
_SMALL_RE = re.compile(rf"^(?:({_COEF})?千)?(?:({_COEF})?百)?(?:({_COEF})?十)?({_COEF})?$")
_LARGE_RE = re.compile(r"^(?:(.*?)兆)?(?:(.*?)億)?(?:(.*?)万)?(.*)$")


def _small(s: str) -> Decimal:
    """Given a number below 10000 such as ``3千2百``, ``二十``, ``1.5``, return its value."""
    m = _SMALL_RE.match(s)
    if not m or not s:
        raise ParseError(f"not a number: {s!r}")
    total = Decimal(0)
    for coef, unit in zip(m.groups(), (1000, 100, 10, 1), strict=True):
        if coef is not None:
            total += Decimal(coef) * unit
        elif unit != 1 and "千百十"[(1000, 100, 10).index(unit)] in s:
            total += unit  # 千 alone means one thousand
    return total


def parse_number(s: str) -> Decimal | int:
    """Given a number as printed (``3,000``, ``１．５``, ``一億五千万``, ``1億5000万``), return it.

    An integral value comes back as ``int``, anything else as ``Decimal``; raises
    ``ParseError`` when ``s`` is not a number.
    """
    t = unicodedata2.normalize("NFKC", s).strip().translate(_DIGIT_MAP)
    m = _LARGE_RE.match(t)
    if not t or not m:
        raise ParseError(f"not a number: {s!r}")
    total = Decimal(0)
    try:
        for part, unit in zip(m.groups(), (10**12, 10**8, 10**4, 1), strict=True):
            if part is None:
                continue
            if part == "" and unit == 1:
                continue
            total += (_small(part) if part else Decimal(1)) * unit
    except (ParseError, InvalidOperation) as exc:
        raise ParseError(f"not a number: {s!r}") from exc
    if total == total.to_integral_value():
        return int(total)
    return total


def to_japanese(n: int) -> str:
    """Given a non-negative integer, return it in the notation of slides: ``1億5,000万``."""
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        return "0"
    parts = []
    for unit, name in ((10**12, "兆"), (10**8, "億"), (10**4, "万")):
        q, n = divmod(n, unit)
        if q:
            parts.append(f"{q:,}{name}")
    if n:
        parts.append(f"{n:,}")
    return "".join(parts)


def to_kanji(n: int) -> str:
    """Given an integer in ``0 .. 10**16 - 1``, return it in kanji numerals: ``一億五千万``, ``二十``."""
    if not 0 <= n < 10**16:
        raise ValueError(f"out of range for kanji numerals: {n}")
    if n == 0:
        return "〇"
    out = []
    for unit, name in ((10**12, "兆"), (10**8, "億"), (10**4, "万"), (1, "")):
        q, n = divmod(n, unit)
        if not q:
            continue
        group = []
        for sub, sname in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, q = divmod(q, sub)
            if d:
                group.append(("" if d == 1 and sname else KANJI_DIGITS[d]) + sname)
        out.append("".join(group) + name)
    return "".join(out)
