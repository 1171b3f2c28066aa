"""Japanese dates, times and fiscal years: ``令和6年3月15日(金)17:00``, ``令和6年度補正予算``.

Eras 明治 大正 昭和 平成 令和 (and their letters M T S H R) with 元年; Western years;
kanji, fullwidth and mixed digits; ``年月日`` and slash or dot forms. Era years are
converted arithmetically, so a date printed after an era ended (``平成31年5月1日``)
still gives its Western date. A weekday in brackets is checked, not trusted.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from normalize.errors import ParseError
from normalize.glyphs import normalize
from normalize.numbers import parse_number

__all__ = [
    "DateResult",
    "Fiscal",
    "era_to_western",
    "find_dates",
    "find_fiscals",
    "fiscal_year_of",
    "format_era",
    "parse_date",
    "parse_fiscal",
    "to_era",
]

#: Era name → (Western year of its first year, first day of the era).
ERAS: dict[str, tuple[int, dt.date]] = {
    "明治": (1868, dt.date(1868, 1, 25)),
    "大正": (1912, dt.date(1912, 7, 30)),
    "昭和": (1926, dt.date(1926, 12, 25)),
    "平成": (1989, dt.date(1989, 1, 8)),
    "令和": (2019, dt.date(2019, 5, 1)),
}
_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
_WEEKDAYS = "月火水木金土日"


@dataclass(frozen=True)
class DateResult:
    """A date, a time ``HH:MM`` and whether a printed weekday matched (None: none printed)."""

    date: dt.date | None
    time: str | None = None
    weekday_ok: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: ``{"date": "2024-03-15", "time": "17:00", "weekday_ok": true}``."""
        return {"date": self.date.isoformat() if self.date else None, "time": self.time, "weekday_ok": self.weekday_ok}

    def iso(self) -> str | None:
        """Return ``YYYY-MM-DD``, with ``THH:MM`` when a time was printed (the facts format)."""
        if self.date is None:
            return None
        return self.date.isoformat() + (f"T{self.time}" if self.time else "")


@dataclass(frozen=True)
class Fiscal:
    """A Western fiscal year (April–March) and the budget named: ``当初``, ``補正`` or None."""

    fiscal_year: int | None
    budget: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: ``{"fiscal_year": 2024, "budget": "補正"}``."""
        return {"fiscal_year": self.fiscal_year, "budget": self.budget}


_N = "(?:[0-9]{1,2}|[〇一二三四五六七八九十]{1,3})"  # a month, day or hour
_EY = "(?:元|[0-9]{1,3}|[〇一二三四五六七八九十百]{1,5})"  # an era year
_ERA = "明治|大正|昭和|平成|令和"
_DATE = re.compile(
    rf"(?:(?:(?P<era>{_ERA})(?P<ey>{_EY})|(?P<y>[0-9]{{4}}|[〇一二三四五六七八九]{{4}}))年)?"
    rf"(?P<m>{_N})月(?:(?P<d>{_N})日|(?P<eom>末日?))"
    r"|(?<![0-9/.])(?:(?P<sy>[0-9]{4})|(?P<sl>[MTSHR])(?P<sey>[0-9]{1,2}))(?P<ss>[/.-])"
    r"(?P<sm>[0-9]{1,2})(?P=ss)(?P<sd>[0-9]{1,2})(?![0-9])"
    r"|(?<![0-9/.,])(?P<mm>[0-9]{1,2})/(?P<md>[0-9]{1,2})(?![0-9/])"
)
_RANGE_GAP = re.compile(r" ?(?:~|-|から) ?")
_CLOCK_SRC = (
    rf"(?P<ap>午前|午後)?(?:(?P<hh>[0-9]{{1,2}}):(?P<mi>[0-9]{{2}})|(?P<kh>{_N})時(?:(?P<km>{_N})分|(?P<half>半))?)"
    r"|(?P<noon>正午)"
)
_CLOCK = re.compile(_CLOCK_SRC)
# What may follow a date: a weekday (金), (金曜日), (月・祝); a note (予定); a time.
_AFTER = re.compile(
    r"(?: ?\((?P<wd>[月火水木金土日])(?:曜日?)?(?:・祝)?\))?(?: ?\((?:予定|必着|厳守|消印有効)\))?"
    rf"(?: ?(?:{_CLOCK_SRC}))?"
)
_FISCAL = re.compile(
    rf"(?:(?P<era>{_ERA})(?P<ey>{_EY})|(?<![0-9])(?P<y>[0-9]{{4}})|(?<![A-Za-z])(?P<l>[RH])(?P<ly>[0-9]{{1,2}})"
    r"|FY ?(?P<fy>[0-9]{4}))"
    # the other calendar in brackets, 令和5年度(2023年度)補正予算, may stand before the budget word
    r"(?P<nendo>年度)?(?: ?\([^()\n]{1,8}年度?\))?(?: ?第[0-9一二三四五六七八九]次)? ?(?P<b>補正|当初)?"
    r"(?P<yosan>予算(?:案)?)?"
)


def era_to_western(era: str, year: int) -> int:
    """Given an era name or letter (``令和``, ``R``) and its year (1 for 元年), return the Western year."""
    name = _LETTERS.get(era.upper(), era)
    if name not in ERAS or year < 1:
        raise ParseError(f"not an era year: {era}{year}")
    return ERAS[name][0] + year - 1


def to_era(d: dt.date) -> tuple[str, int]:
    """Given a date from 1868-01-25 on, return its era name and era year."""
    for name, (first_year, first_day) in reversed(ERAS.items()):
        if d >= first_day:
            return name, d.year - first_year + 1
    raise ValueError(f"before the Meiji era: {d}")


def format_era(d: dt.date) -> str:
    """Given a date, return it in era form: ``令和元年5月1日``, ``平成31年4月30日``."""
    era, year = to_era(d)
    return f"{era}{'元' if year == 1 else year}年{d.month}月{d.day}日"


def fiscal_year_of(d: dt.date) -> int:
    """Given a date, return the Japanese fiscal year (April–March) it falls in."""
    return d.year if d.month >= 4 else d.year - 1


def _int(s: str) -> int:
    return 1 if s == "元" else int(parse_number(s))


def _time(m: re.Match[str]) -> str | None:
    """Given a match of ``_AFTER`` or ``_CLOCK``, return its time as ``HH:MM`` or None."""
    if m["noon"]:
        return "12:00"
    if m["hh"] is not None:
        h, mi = int(m["hh"]), int(m["mi"])
    elif m["kh"] is not None:
        h, mi = _int(m["kh"]), 30 if m["half"] else _int(m["km"]) if m["km"] else 0
    else:
        return None
    if m["ap"] == "午後" and h < 12:
        h += 12
    if h > 24 or mi > 59 or (h == 24 and mi):
        raise ParseError(f"not a time: {m.group().strip()}")
    return f"{h:02d}:{mi:02d}"


def _parts(m: re.Match[str]) -> tuple[int | None, int, int]:
    """Given a match of ``_DATE``, return its printed year (None when none), month and day."""
    if m["m"]:
        y = era_to_western(m["era"], _int(m["ey"])) if m["era"] else _int(m["y"]) if m["y"] else None
        return y, _int(m["m"]), _int(m["d"]) if m["d"] else 0  # 0: the month's last day (末日)
    if m["sm"]:
        y = int(m["sy"]) if m["sy"] else era_to_western(m["sl"], int(m["sey"]))
        return y, int(m["sm"]), int(m["sd"])
    return None, int(m["mm"]), int(m["md"])


def _date(m: re.Match[str], y: int | None, month: int, day: int) -> dt.date:
    """Given a match of ``_DATE`` and its resolved parts, return the date; raise ``ParseError``."""
    if y is None:
        raise ParseError(f"month and day without a year: {m.group()} (give a context year)")
    if m["eom"]:
        day = calendar.monthrange(y, month)[1] if 1 <= month <= 12 else 0
    try:
        return dt.date(y, month, day)
    except ValueError as exc:
        raise ParseError(f"not a date: {m.group()}: {exc}") from exc


def _dates(text: str, year: int | None, strict: bool) -> list[tuple[int, int, DateResult]]:
    """Find dates; a month-day without a year takes the year of a date it closes a range with
    (``2024年12月20日~1月10日`` → 2025-01-10), else ``year``, else the last year printed."""
    out = []
    prev: tuple[int, dt.date] | None = None  # where the last date with a year ended, and that date
    for m in _DATE.finditer(text):
        after = _AFTER.match(text, m.end())
        assert after is not None  # every part of _AFTER is optional
        if strict and m["mm"] and not (after["wd"] or after["hh"] or after["kh"]):
            continue  # a bare 3/4 is more likely a rate than a date
        try:
            y, month, day = _parts(m)
            printed = y is not None
            if not printed and prev is not None and _RANGE_GAP.fullmatch(text, prev[0], m.start()):
                y = prev[1].year + (month < prev[1].month)
            elif not printed:
                y = year if year is not None else prev[1].year if prev and strict else None
            d = _date(m, y, month, day)
            time = _time(after)
        except ParseError:
            if strict:
                continue
            raise
        if printed:
            prev = (after.end(), d)
        ok = None if after["wd"] is None else d.weekday() == _WEEKDAYS.index(after["wd"])
        out.append((m.start(), after.end(), DateResult(d, time, ok)))
    return out


def find_dates(text: str, year: int | None = None) -> list[tuple[int, int, DateResult]]:
    """Given normalised text, return ``(start, end, DateResult)`` for every date in it.

    A month-day without a year closing a range takes the year of the range's start (and the
    next one across New Year), otherwise ``year``, otherwise the last year printed before it;
    with none of these it is skipped. A bare ``3/4`` counts only with a weekday or time after it.
    """
    return _dates(text, year, strict=True)


def parse_date(text: str, year: int | None = None) -> DateResult:
    """Given one date expression, return its ``DateResult``; raise ``ParseError`` if none.

    A time alone (``17:00``) gives a result with ``date`` None.
    """
    t = normalize(text)
    found = _dates(t, year, strict=False)
    if found:
        return found[0][2]
    m = _CLOCK.search(t)
    time = _time(m) if m else None
    if time is None:
        raise ParseError(f"not a date: {text!r}")
    return DateResult(None, time, None)


def _fiscal(m: re.Match[str]) -> Fiscal | None:
    """Given a match of ``_FISCAL``, return its Fiscal or None when it is no fiscal year."""
    if not (m["nendo"] or m["b"] or m["fy"]):
        return None  # 2024 alone, 令和6 alone: a calendar year or nothing
    if m["era"]:
        fy = era_to_western(m["era"], _int(m["ey"]))
    elif m["l"]:
        fy = era_to_western(m["l"], int(m["ly"]))
    else:
        fy = int(m["y"] or m["fy"])
    budget = m["b"] or ("当初" if m["yosan"] else None)
    return Fiscal(fy, budget)


def find_fiscals(text: str) -> list[tuple[int, int, Fiscal]]:
    """Given normalised text, return ``(start, end, Fiscal)`` for every fiscal year named in it."""
    out = []
    for m in _FISCAL.finditer(text):
        try:
            f = _fiscal(m)
        except ParseError:
            continue  # 令和0年度
        if f is not None:
            out.append((m.start(), m.end(), f))
    return out


def parse_fiscal(text: str) -> Fiscal:
    """Given ``令和6年度補正予算``, ``2025年度`` or a date, return its Fiscal; raise ``ParseError``.

    A date gives the fiscal year it falls in, with ``budget`` None.
    """
    t = normalize(text)
    found = find_fiscals(t)
    if found:
        return found[0][2]
    dates = _dates(t, None, strict=True)
    if dates and dates[0][2].date is not None:
        return Fiscal(fiscal_year_of(dates[0][2].date), None)
    raise ParseError(f"not a fiscal year: {text!r}")
