"""Subsidy rates: ``補助率3/4以内``, ``1/2~4/5``, ``３分の２``, ``定額``, ``50%``.

A rate comes back as a reduced fraction string ``"n/d"``; a rate of one (``定額``, ``10/10``,
``100%``) is always ``"10/10"``, as documents print it; ``定額`` right after a kanji is the tail
of another word (決定額, 査定額, 予定額), not a flat rate. ``find_rates`` reads normalised text
and accepts only plausible subsidy rates: ``n <= d <= 10`` (so ``3/15`` and ``4/1`` are not
rates), not followed by a weekday or a time nor after a date word (``3/5(金)``, ``締切:3/5``
are dates), and percentages only after
補助率 or 助成率 (``補助率50%``) or beside a fraction: ``9%以上向上`` and ``省エネ率:10%`` are
no subsidy rates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from normalize.errors import ParseError
from normalize.glyphs import normalize
from normalize.numbers import parse_number

__all__ = ["Rate", "find_rates", "parse_rate", "rate_string"]


@dataclass(frozen=True)
class Rate:
    """Rates in order of appearance (``("1/2", "2/3")``) and the bound word printed (``以内``)."""

    rates: tuple[str, ...]
    bound: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: ``{"rates": ["2/3"], "bound": "以内"}``."""
        return {"rates": list(self.rates), "bound": self.bound}


Span = tuple[int, int, Rate]

_KNUM = "[0-9〇一二三四五六七八九十]{1,3}"
_TOKEN = re.compile(
    r"(?<![0-9/.,])(?P<n>[0-9]{1,3})/(?P<d>[0-9]{1,3})(?![0-9/])"
    rf"|(?P<bd>{_KNUM})分の(?P<bn>{_KNUM})"
    r"|(?<![0-9.,])(?P<p>[0-9]{1,3}(?:\.[0-9]+)?)%"
    r"|(?:(?<![\u4e00-\u9fff々])|(?<=率))(?P<flat>定額)"  # not 決定額, 査定額; 補助率定額 is a flat rate
)
# What makes n/d a date rather than a rate: a weekday or a time after it, a date word before.
_WEEKDAY = re.compile(r" ?\([月火水木金土日](?:曜日?)?[)・]| ?[0-9]{1,2}:[0-9]{2}")
_DATE_WORD = re.compile(r"(?:締切|締め切り|〆切|期限|開始|受付|日時|日程|期間|発表|公表)[^率\n]{0,6}$")
_SEP = re.compile(r" ?(?:~|-|、|・|,|または|又は|or) ?")
_GLUED_NOTE = re.compile(r"※([0-9])([0-9]{1,2})/([0-9]{1,2})")
_BOUND_AFTER = re.compile(r"[ \n]?(以内|以下|未満|まで|を上限)")  # a table cell may wrap before 以内
_BOUND_BEFORE = re.compile(r"(最大|上限|最高)(?:で|:)? ?$")
_RATE_WORD = re.compile(r"(?:補助|助成)率[^\n]{0,12}$")


def rate_string(value: Fraction) -> str:
    """Given a rate as a fraction, return it reduced as ``"n/d"``, with one as ``"10/10"``."""
    if value == 1:
        return "10/10"
    return f"{value.numerator}/{value.denominator}"


def _token_value(m: re.Match[str]) -> Fraction | None:
    """Given a rate token match, return its value, or None when it is no plausible rate."""
    if m["flat"]:
        return Fraction(1)
    if m["p"]:
        pct = Fraction(m["p"]) / 100
        return pct if 0 < pct <= 1 else None
    if m["n"]:
        n, d = int(m["n"]), int(m["d"])
        if n == 0 or d == 0 or n > d or (d > 10 and d != 100):  # n/100: a share in hundredths (55/100)
            return None
        return Fraction(n, d)
    try:
        num, den = int(parse_number(m["bn"])), int(parse_number(m["bd"]))
    except ParseError:
        return None  # 十十分の一
    return Fraction(num, den) if 0 < num <= den else None


def _unglue_notes(text: str) -> str:
    """Given text, return it with the number of a note mark glued to a fraction masked, where the
    fraction read whole is no rate (事業者※32/3 is note ※3 and the rate 2/3); offsets stay."""

    def mask(m: re.Match[str]) -> str:
        whole, rest, den = int(m.group(1) + m.group(2)), int(m.group(2)), int(m.group(3))
        return "※#" + m.group()[2:] if whole > den >= rest > 0 else m.group()

    return _GLUED_NOTE.sub(mask, text) if "※" in text else text


def _rates(text: str, strict: bool) -> list[Span]:
    tokens = []
    for m in _TOKEN.finditer(_unglue_notes(text)):
        v = _token_value(m)
        if v is None or _WEEKDAY.match(text, m.end()):
            continue
        if m["n"] and _DATE_WORD.search(text, max(0, m.start() - 12), m.start()):
            continue
        tokens.append((m, v))
    spans: list[Span] = []
    group: list[tuple[re.Match[str], Fraction]] = []

    def close() -> None:
        if strict and all(m["p"] for m, _ in group) and not _RATE_WORD.search(text, 0, group[0][0].start()):
            return  # a percentage with no 率 before it: 9%以上向上
        start, end = group[0][0].start(), group[-1][0].end()
        after = _BOUND_AFTER.match(text, end)
        before = _BOUND_BEFORE.search(text, max(0, start - 6), start)
        bound = after[1] if after else before[1] if before else None
        if after:
            end = after.end()
        elif before:
            start = before.start()
        rate = Rate(tuple(rate_string(v) for _, v in group), bound)
        if spans and text[spans[-1][1] : start] == "(" and text[end : end + 1] == ")":
            last = spans[-1][2]
            if last.rates == rate.rates:  # 定額(10/10), 1/2(50%): the same rate said twice
                tail = _BOUND_AFTER.match(text, end + 1)
                new_bound = last.bound or rate.bound or (tail[1] if tail else None)
                spans[-1] = (spans[-1][0], tail.end() if tail else end + 1, Rate(last.rates, new_bound))
                return
        spans.append((start, end, rate))

    for m, v in tokens:
        if group and not _SEP.fullmatch(text, group[-1][0].end(), m.start()):
            close()
            group = []
        group.append((m, v))
    if group:
        close()
    return spans


def find_rates(text: str, *, bare_percent: bool = False) -> list[Span]:
    """Given normalised text, return ``(start, end, Rate)`` for every group of subsidy rates; a percentage
    counts only after 補助率/助成率 unless `bare_percent` (a cell under a header of rates)."""
    return _rates(text, strict=not bare_percent)


def parse_rate(text: str) -> Rate:
    """Given one rate expression (``中小企業:1/2、小規模事業者:2/3``), return all its rates.

    Rates keep their order of appearance; ``bound`` is the first bound word printed. Raises
    ``ParseError`` when the text holds no plausible rate.
    """
    found = _rates(normalize(text), strict=False)
    if not found:
        raise ParseError(f"not a rate: {text!r}")
    rates = tuple(r for _, _, rate in found for r in rate.rates)
    bound = next((rate.bound for _, _, rate in found if rate.bound), None)
    return Rate(rates, bound)
