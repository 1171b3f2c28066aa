"""Amounts of money in yen: ``5万円~150万円``, ``上限:3,000万円``, ``450万円/者``.

``find_amounts`` reads text that ``glyphs.normalize`` has already normalised (ranges use
``~``, dashes are ``-``); ``parse_amount`` normalises its argument itself. A line break may
split an amount where slides wrap it (``~10\\n万円``, ``5万円~\\n150万円``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from normalize.errors import ParseError
from normalize.glyphs import normalize
from normalize.numbers import NUMERAL, parse_number, to_japanese

__all__ = ["Amount", "find_amounts", "format_amount", "parse_amount"]

Span = tuple[int, int, "Amount"]


@dataclass(frozen=True)
class Amount:
    """An amount or range of yen; ``None`` is an open end, ``min == max`` a single amount.

    An inclusive flag is False only where the text says so (``超`` for the lower bound,
    ``未満`` for the upper); an open end keeps True.
    """

    min: int | None
    max: int | None
    min_inclusive: bool
    max_inclusive: bool
    per: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: ``{"min", "max", "min_inclusive", "max_inclusive", "per"}``."""
        return asdict(self)


_SCALE = "[万億兆千]"
# One yen amount: a number, its scale (maybe wrapped onto the next line) and 円.
# A space may stand between the number and its scale where a slide sets them apart (~10 万円).
_ATOM = re.compile(rf"(?<![0-9,./数何幾十百千])(?P<num>{NUMERAL})(?P<unit>[ \n]?{_SCALE}*)円")
_LOWER_BOUND = re.compile(r"以上|を?超(?:える|え)?")
_UPPER_BOUND = re.compile(r"以下|未満|以内|まで|を上限|を限度")
# A bound word a slide wrapped onto a line of its own (150万円\n\n未満); one that starts a clause
# of its own (以下の通り, 以内に) is not the amount's bound.
_WRAPPED_UPPER_BOUND = re.compile(r"[ \n]+(?:以下|未満|以内)(?![のにとはをがでな])")
# After "AからB", a particle of destination makes it a change from A to B (600万円から800万円に
# 引き上げ), not the range A to B (5万円から50万円まで).
_CHANGE_TO = re.compile(r"\)?\s*(?:に|へ)(?!かけ|わた|至)")
_SEP = re.compile(r" ?(?P<s>~|-|から)[ \n]?")
_PER_PREFIX = r"(?:1|一)?(?:事業者|事業所|事業|者|社|人|件|台|グループ|店舗|法人|ヵ所|か所|箇所)(?:あたり|当たり)"
# What may stand right before an amount: an open lower end, a bare number sharing the
# amount's unit (600~800万円), a bound word (上限額:), a per-unit prefix (1者あたり).
_LEFT = re.compile(
    rf"(?:(?P<per>{_PER_PREFIX})(?:の|、)?)?"
    rf"(?:(?P<word>上限|下限|最大|最小|最低|最高|限度)(?:額|金額)?(?:は|:|が)?)?"
    rf"(?P<per2>{_PER_PREFIX})?"
    rf"(?:(?P<open>\(?下限(?:なし|無し)\)?)|(?<![0-9,./])(?P<lo>{NUMERAL})(?P<lob>以上|超)?)?"
    rf"(?P<sep>~|-|から)?[ \n]?$"
)
_PER = re.compile(r"×\n{0,2}(?P<x>[\u3040-\u30ff\u4e00-\u9fff々]+)|/(?P<slash>[^\s0-9/、。,()+*※~]+)")
_MAX_WORDS = ("上限", "最大", "最高", "限度")


def _value(num: str, unit: str) -> int:
    """Given a printed number and its scale (``3,000`` ``万``), return whole yen."""
    v = parse_number(num + unit.replace("\n", "").replace(" ", ""))
    if isinstance(v, Decimal):
        if v != v.to_integral_value():
            raise ParseError(f"fraction of a yen: {num}{unit}円")
        v = int(v)
    return v


def _scale_of(unit_text: str) -> str:
    """Given a number with its scale (``800万``), return the trailing scale characters (``万``)."""
    m = re.search(f"{_SCALE}+$", unit_text)
    return m.group() if m else ""


class _Side:
    """What follows one amount atom: its kind and bounds."""

    def __init__(self, text: str, a: re.Match[str], nxt: re.Match[str] | None) -> None:
        self.value = _value(a["num"], a["unit"])
        self.hi: int | None = self.value
        self.kind = "single"  # or "range" (a~b), "from" (a~, a以上, a超), "upto" (a以下)
        end = a.end()
        lob = _LOWER_BOUND.match(text, end)
        end = lob.end() if lob else end
        self.lo_inc = not (lob and "超" in lob.group())
        sep = _SEP.match(text, end)
        # a range: 5万円~50万円, or with no separator between two bounds, 100万円超1,000万円以下
        joined = nxt is not None and (
            nxt.start() == (sep.end() if sep else -1)
            or (lob is not None and nxt.start() == end and _UPPER_BOUND.match(text, nxt.end()) is not None)
        )
        if joined and nxt is not None and sep is not None and sep["s"] == "から":
            joined = _CHANGE_TO.match(text, nxt.end()) is None
        hi = _value(nxt["num"], nxt["unit"]) if nxt is not None and joined else None
        if nxt is not None and hi is not None and hi >= self.value:  # 8000万円から2,000万円 is no range
            self.kind, self.hi, end = "range", hi, nxt.end()
        elif lob or (sep and sep["s"] == "~"):
            self.kind, self.hi = "from", None
            end = sep.end() - sep.group().endswith(("\n", " ")) if sep else end
        ub = (_UPPER_BOUND.match(text, end) or _WRAPPED_UPPER_BOUND.match(text, end)) if self.kind != "from" else None
        if ub and self.kind == "single":
            self.kind = "upto"
        self.hi_inc = not (ub and ub.group().strip() == "未満")
        self.end = ub.end() if ub else end


def find_amounts(text: str) -> list[Span]:
    """Given normalised text, return ``(start, end, Amount)`` for every yen amount in it."""
    atoms = list(_ATOM.finditer(text))
    spans: list[Span] = []
    used_until = 0
    for i, a in enumerate(atoms):
        if a.start() < used_until:
            continue
        if len(a["num"]) == 1 and not a["num"].isdigit() and not a["unit"].strip():
            continue  # 一円 (全国一円), 千円札: a lone kanji is not an amount
        try:
            found = _amount(text, a, atoms[i + 1] if i + 1 < len(atoms) else None, used_until)
        except ParseError:
            continue  # a malformed number (1.2.3万円, 十十円)
        spans.append(found)
        used_until = found[1]
    return spans


def _amount(text: str, a: re.Match[str], nxt: re.Match[str] | None, used_until: int) -> Span:
    """Given an amount atom, the next one and where the last amount ended, return its span."""
    r = _Side(text, a, nxt)
    lo: int | None = r.value
    hi, lo_inc, hi_inc, end = r.hi, r.lo_inc, r.hi_inc, r.end
    if r.kind == "upto":
        lo = None
    start, per, sign = a.start(), None, 1
    left = _LEFT.search(text, max(used_until, a.start() - 40), a.start())
    if left and left.group().strip():
        start = left.start()
        bounded = r.kind in ("single", "upto")
        if left["lo"] and left["sep"] and bounded:
            # A bare number sharing the amount's unit: 600~800万円, 5~50万円
            unit = "" if _scale_of(left["lo"]) else _scale_of(a["num"] + a["unit"].strip())
            lo, lo_inc = _value(left["lo"], unit), left["lob"] != "超"
        elif left["sep"] == "-" and not left["lo"] and not left.group().endswith((" ", "\n")):
            sign, start = -1, left.start("sep")
        elif (left["sep"] == "~" or left["open"]) and bounded:
            lo, lo_inc = None, True  # ~50万円, (下限なし)~350万円
        elif left["word"] and r.kind == "single":
            if left["word"] in _MAX_WORDS:
                lo, lo_inc = None, True
            else:
                hi, hi_inc = None, True
        elif not (left["per"] or left["per2"]):
            start = a.start()
        if left["per"] or left["per2"]:
            per = re.sub(r"^[1一]|(?:あたり|当たり)$", "", left["per"] or left["per2"])
    p = _PER.match(text, end)
    if p:
        per, end = p["x"] or p["slash"], p.end()
    lo = None if lo is None else sign * lo
    hi = None if hi is None else sign * hi
    return start, end, Amount(lo, hi, lo_inc, hi_inc, per)


def parse_amount(text: str) -> Amount:
    """Given one amount expression, return its ``Amount``; raise ``ParseError`` if none.

    When the text states an upper and a lower limit separately (``上限:1億円 下限:30万円``)
    they are merged into one range.
    """
    found = find_amounts(normalize(text))
    if not found:
        raise ParseError(f"not an amount: {text!r}")
    first = found[0][2]
    if len(found) > 1:
        second = found[1][2]
        if first.min is None and second.max is None and first.max is not None:
            return Amount(second.min, first.max, second.min_inclusive, first.max_inclusive, first.per)
        if first.max is None and second.min is None and first.min is not None:
            return Amount(first.min, second.max, first.min_inclusive, second.max_inclusive, first.per)
    return first


def format_amount(yen: int) -> str:
    """Given whole yen, return them as slides print them: ``1億5,000万円``."""
    return to_japanese(yen) + "円"
