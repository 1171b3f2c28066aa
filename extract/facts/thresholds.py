"""Thresholds that define a class of applicants: the largest employee count and capital.

A 公募要領 defines 中小企業者 and 小規模事業者 by industry: ``製造業その他 資本金3億円以下又は
常時使用する従業員の数が300人以下``, as a table row, a line or a sentence. `read_thresholds`
finds in one text every ``employees_max`` (rows cue.employees-max, cue.employees-employing) and
``capital_max`` (cue.capital-max) bounded from above, with the industry label printed before it
(label.industry) and the alternative a bracket gives other applicants (band.threshold-
alternative: ``20人(商業又はサービス業…については、5人)以下``).

A threshold is a definition only where the text defines: under a heading naming a class (the
caller says so), after an industry label, or followed by what it defines (cue.definition-tail:
``…以下の会社``, ``…である者に限る``). It is none when it is a case (veto.requirement-case:
``…以下の場合は``), a minimum (以上), the members' limit of a union (veto.requirement-members) or
a tier of a subsidy amount printed beside it (veto.requirement-other-amount, or any yen amount
that is no capital).
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.facts.ruletable import regex
from normalize.amounts import Amount, find_amounts
from normalize.errors import ParseError
from normalize.numbers import parse_number

_EMPLOYEES = regex("cue.employees-max")
_EMPLOYING = regex("cue.employees-employing")
_BY_INDUSTRY = regex("cue.employees-by-industry")
_CAPITAL = regex("cue.capital-max")
_ALTERNATIVE = regex("band.threshold-alternative")
_CASE = regex("veto.requirement-case")
_MEMBERS = regex("veto.requirement-members")
_OTHER_AMOUNT = regex("veto.requirement-other-amount")
_TAIL = regex("cue.definition-tail")
_INDUSTRY = regex("label.industry")
_INDUSTRY_WORD = regex("label.industry-word")
_EDGE = regex("label.industry-edge")
_BANDS = regex("veto.requirement-bands")
LABEL_MAX = 100  # characters of an industry label; longer words before a threshold are a sentence
MIN_AMOUNT_YEN = 10_000  # a yen amount below this is a wage step (+30円), not a subsidy amount
CAPITAL_GAP = 2  # characters between the capital cue and its amount (a space, a note mark)


@dataclass(slots=True)
class Threshold:
    """One upper bound of an applicant class read from a text."""

    kind: str  # employees_max | capital_max
    value: int
    start: int
    end: int
    industry: str | None  # the label printed before it (or the alternative's applicants)
    rule: str
    bare: bool = False  # no bound word printed (a table cell under its column header)
    alternative: bool = False  # the figure a bracket gives other applicants (their words in `industry`)
    label_from: int = 0  # where the words that may label it start (after a measure printed once)


def _number(printed: str) -> int | None:
    try:
        value = parse_number(printed)
    except (ParseError, ValueError):
        return None
    return int(value) if value == int(value) else None


def _alternative(bracket: str | None, kind: str, rule: str, at: int) -> list[Threshold]:
    """Given the bracket printed right after a threshold, return the alternative it gives, if any."""
    m = _ALTERNATIVE.match(bracket or "")
    if m is None:
        return []
    unit = m.group("unit")
    if (kind == "employees_max") != (unit in ("人", "名")):
        return []
    if kind == "capital_max":
        found = find_amounts(m.group("n") + unit)
        value = found[0][2].max if found else None
    else:
        value = _number(m.group("n"))
    end = at + len(bracket or "")
    return [Threshold(kind, value, at, end, m.group("who"), rule, alternative=True)] if value else []


def _employees(text: str) -> list[Threshold]:
    out = []
    for rule_id, pattern in (("cue.employees-max", _EMPLOYEES), ("cue.employees-employing", _EMPLOYING)):
        for m in pattern.finditer(text):
            if m.groupdict().get("low") or (value := _number(m.group("n"))) is None:
                continue  # 21名以上: a minimum
            bare = not m.group("bound")
            out.append(Threshold("employees_max", value, m.start(), m.end(), None, rule_id, bare))
            out += _alternative(m.group("alt"), "employees_max", rule_id, m.start("alt"))
    return out or _by_industry(text)


def _by_industry(text: str) -> list[Threshold]:
    """Return the counts a definition gives per industry after naming its measure once (常勤従業員数が、
    製造業その他では20人以下、商業・サービス業では5人以下: rule cue.employees-by-industry)."""
    out: list[Threshold] = []
    lead: int | None = None
    for m in _BY_INDUSTRY.finditer(text):
        if m.group("lead"):
            lead = m.end() if lead is None else lead
        elif lead is not None and (value := _number(m.group("n"))) is not None:
            start = m.start("n")
            out.append(Threshold("employees_max", value, start, m.end(), None, "cue.employees-by-industry",
                                 label_from=out[-1].end if out else lead))
    return out


def _capital(text: str, amounts: list[tuple[int, int, Amount]]) -> list[Threshold]:
    out = []
    for m in _CAPITAL.finditer(text):
        amount = next(((s, e, a) for s, e, a in amounts if m.end() <= s <= m.end() + CAPITAL_GAP), None)
        if amount is None:
            continue
        _start, e, a = amount
        if a.max is None or (a.min is not None and a.min != a.max):
            continue  # 5億円以上: a floor (a parent's capital), or a range
        bracket = text[e:].split(")", 1)[0] + ")" if text[e:].startswith("(") else None
        out.append(Threshold("capital_max", a.max, m.start(), e, None, "cue.capital-max", bare=a.min == a.max))
        out += _alternative(bracket, "capital_max", "cue.capital-max", e)
    return out


def industry(label: str | None) -> str | None:
    """Given the words before a threshold (or a row label), return the industry or organisation they
    name, without row number, note and joining particle (label.industry-edge), else None."""
    if not label or _INDUSTRY_WORD.search(label) is None:
        return None
    text = "".join(label.split("\n"))
    for _ in range(2):
        text = _EDGE.sub("", text)
    if not text or len(text) > LABEL_MAX or "。" in _outside_brackets(text) or _INDUSTRY.search(text) is None:
        return None
    return text


def _outside_brackets(text: str) -> str:
    """Return the characters of `text` outside brackets (製造業(…を除く。) → 製造業)."""
    depth, out = 0, []
    for ch in text:
        depth += ch in "(（"
        if depth == 0:
            out.append(ch)
        depth -= ch in ")）" and depth > 0
    return "".join(out)


def is_industry(label: str) -> bool:
    """Given the words before a threshold, return whether they name an industry or organisation."""
    return industry(label) is not None


def read_thresholds(text: str, *, in_class: bool, table: bool = False, label: str | None = None,
                    head: int = 0) -> list[Threshold]:
    """Given a text (a line, a sentence or a table cell with its column header), return the
    thresholds it defines, each with the industry printed before it.

    `in_class`: the text stands under a heading naming a class of applicants (or a table row of
    such a class); `table`: the text is a table cell after `head` characters of its column
    header, and a bare figure whose measure the header names counts; `label`: the industry of the
    text (a table row's label), which the words in the text override."""
    if _MEMBERS.search(text):
        return []
    bands = _BANDS.search(text) is not None  # 従業員20人以下…、従業員21~50人…: a breakdown by size
    amounts = [(s, e, a) for s, e, a in find_amounts(text)]
    found = sorted(([] if bands else _employees(text)) + _capital(text, amounts), key=lambda t: t.start)
    capital_spans = [(t.start, t.end) for t in found if t.kind == "capital_max"]
    stray = [a for s, e, a in amounts if not any(cs <= s < ce for cs, ce in capital_spans)
             and max(v for v in (a.min, a.max, 0) if v is not None) >= MIN_AMOUNT_YEN]
    if stray or _OTHER_AMOUNT.search(text):
        return []  # 従業員数5人以下 750万円: a tier of a subsidy amount
    out: list[Threshold] = []
    last = 0
    for t in found:
        if not t.alternative:  # the label before it, else the row it continues
            printed = industry(text[max(last, t.label_from) : t.start])
            label = printed or label
            t.industry = label
            last = t.end
        if _CASE.match(text[t.end :]) or (t.bare and not (table and t.start <= head)):
            continue
        defines = in_class or table or t.industry is not None or _TAIL.match(text[t.end :]) is not None
        if defines:
            out.append(t)
    return out
