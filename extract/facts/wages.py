"""Wage requirements: the growth of a wage total and the margin over the minimum wage.

An applicant commits to raise a wage measure (``給与支給総額の年平均成長率を2.0%以上増加``) and
to keep its lowest wage above the regional minimum (``事業場内最低賃金を地域別最低賃金+30円以上``).
`read_wages` finds both in one text:

- ``wage_growth_min``: a percentage (cue.growth-percent) whose nearest measure before it is a
  wage total (cue.wage-measure; 付加価値額 and 労働生産性 are none), with a period or growth word
  (cue.growth-period) and a floor after it (cue.requirement-bound);
- ``min_wage_margin``: yen added to the minimum wage (cue.min-wage-margin) by a sentence about the
  applicant's lowest wage (cue.min-wage-subject), with a floor after it;
- a 特例 that adds to the base requirement prints an increment and its total
  (cue.requirement-total); the total is the requirement (veto.requirement-increment).

Figures inside brackets explain another (``3.5パーセント(物価安定の目標+1.5パーセント)``) and are
skipped, except a total. `labels` are the row and column labels of a table cell: the measure
(``1人当たり給与支給総額の年平均成長率``) may stand there and the figure alone in the cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from extract.facts.ruletable import regex

_MEASURE = regex("cue.wage-measure")
_PERCENT = regex("cue.growth-percent")
_PERIOD = regex("cue.growth-period")
_BOUND = regex("cue.requirement-bound")
_TOTAL = regex("cue.requirement-total")
_INCREMENT = regex("veto.requirement-increment")
_SUBJECT = regex("cue.min-wage-subject")
_MARGIN = regex("cue.min-wage-margin")
_ALTERNATIVE = regex("cue.requirement-alternative")
_CELL_END = regex("cue.requirement-cell-end")
_OPEN, _CLOSE = "(（", ")）"
_STOP = "。"


@dataclass(slots=True)
class Wage:
    """One wage requirement read from a text."""

    kind: str  # wage_growth_min | min_wage_margin
    value: int | str
    start: int
    end: int
    condition: str
    rules: list[str] = field(default_factory=list)
    total: bool = False


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """Given a text, yield (offset, sentence) split at 。 outside brackets (a 。 inside
    ``(以下「…」という。)`` ends no sentence)."""
    depth, start = 0, 0
    for i, ch in enumerate(text):
        depth += (ch in _OPEN) - (ch in _CLOSE and depth > 0)
        if ch == _STOP and depth == 0:
            yield start, text[start : i + 1]
            start = i + 1
    if start < len(text):
        yield start, text[start:]


def bracketed(text: str, pos: int) -> bool:
    """Return whether position `pos` of `text` lies inside brackets that explain what is before them
    (not inside an alternative requirement: (又は…), rule cue.requirement-alternative)."""
    opened: list[int] = []
    for i, ch in enumerate(text[:pos]):
        if ch in _OPEN:
            opened.append(i)
        elif ch in _CLOSE and opened:
            opened.pop()
    return bool(opened) and not _ALTERNATIVE.match(text[opened[-1] + 1 : pos])


def decimal(printed: str) -> str:
    """Given a printed percentage figure, return it as the spec's decimal string (3 → "3.0")."""
    return printed if "." in printed else printed + ".0"


def _measure(before: str, labels: str) -> tuple[str, str] | None:
    """Return (measure as printed, period) of the wage measure nearest before a figure, else None."""
    for text in (before, labels):
        found = list(_MEASURE.finditer(text))
        if not found:
            continue
        m = found[-1]
        if m.lastgroup != "wage":
            return None  # 付加価値額の年平均成長率: growth of something else
        period = _PERIOD.search(text, m.end()) or _PERIOD.search(before) or _PERIOD.search(labels)
        if period is None:
            return None
        printed = m.group()
        rest = text[m.end() :]
        if rest and rest[0] in _OPEN and (close := rest.find(_CLOSE[_OPEN.index(rest[0])])) > 0:
            printed += rest[: close + 1]  # 1人当たり給与支給総額(非常勤を含む全従業員)
        return printed, period.group()
    return None


def _floor(rest: str, signed: bool, cell: bool) -> bool:
    """Return whether a figure is a floor: 以上 after it, or (a table cell) a signed figure ending the cell."""
    return _BOUND.match(rest) is not None or (cell and signed and _CELL_END.match(rest) is not None)


def _growth(sentence: str, labels: str, cell: bool) -> list[Wage]:
    out = []
    for m in _PERCENT.finditer(sentence):
        before = sentence[: m.start()]
        if bracketed(sentence, m.start()) or _INCREMENT.search(before) or not _floor(
                sentence[m.end() :], bool(m.group("sign")), cell):
            continue  # an explanation, an increment (its total is read), or no floor
        if (found := _measure(before, labels)) is None:
            continue
        measure, period = found
        out.append(Wage("wage_growth_min", decimal(m.group("n")), m.start(), m.end(), f"{measure} {period}",
                        ["cue.growth-percent", "cue.wage-measure", "cue.requirement-bound"]))
    return out


def _subject(before: str, labels: str) -> str | None:
    found = list(_SUBJECT.finditer(before)) or list(_SUBJECT.finditer(labels))
    return found[-1].group() if found else None


def _margin(sentence: str, labels: str, cell: bool) -> list[Wage]:
    out = []
    for m in _MARGIN.finditer(sentence):
        if bracketed(sentence, m.start()) or not _floor(sentence[m.end() :], "+" in m.group(), cell):
            continue  # 最低賃金+50円以内で雇用している従業員: a test of near-minimum-wage employment
        if (subject := _subject(sentence[: m.start()], labels)) is None:
            continue
        n = int(m.group("n"))
        out.append(Wage("min_wage_margin", n, m.start(), m.end(), f"{subject} ≥ {m.group('ref')}+{n}円",
                        ["cue.min-wage-margin", "cue.min-wage-subject", "cue.requirement-bound"]))
    return out


def _totals(sentence: str, labels: str) -> list[Wage]:
    """Return the totals a 特例 prints beside its increment (合計で年平均成長率+6.0%, 合計で+50円)."""
    out = []
    for m in _TOTAL.finditer(sentence):
        before = sentence[: m.start()]
        rules = ["cue.requirement-total", "veto.requirement-increment"]
        if m.group("unit") == "円":
            if (subject := _subject(before, labels)) is not None:
                n = int(float(m.group("n")))
                out.append(Wage("min_wage_margin", n, m.start(), m.end(), f"{subject} (合計+{n}円)", rules, True))
        elif (found := _measure(before, labels)) is not None:
            value = decimal(m.group("n"))
            out.append(Wage("wage_growth_min", value, m.start(), m.end(), f"{found[0]} {found[1]} (合計)", rules,
                            True))
    return out


def read_wages(text: str, labels: str = "", *, cell: bool = False) -> list[Wage]:
    """Given a text and, for a table cell (`cell`), the labels of its row and column, return its wage
    requirements."""
    out = []
    for offset, sentence in sentences(text):
        found = _growth(sentence, labels, cell) + _margin(sentence, labels, cell) + _totals(sentence, labels)
        for w in found:
            w.start, w.end = w.start + offset, w.end + offset
            out.append(w)
    return sorted(out, key=lambda w: w.start)
