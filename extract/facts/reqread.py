"""Read the requirements of one line or one table: definitions of applicant classes and wage rules.

`read_line` reads a logical line under its headings (`reqcontext.About`); `read_table` reads a
table row by row: the cells before a row's first figure label it (the industry of a definition
row, the measure of a wage row; label.requirement-figure), the rows above the first row with a
figure head the columns (a column header may name the measure, 資本金 | 常勤従業員数, and the
class, 中小企業者 | 小規模企業者: applicant.class-in-header). The first column is a label, never a
value: a row whose label is itself a figure (従業員数5人以下 | 750万円) is a tier, not a definition.

Each requirement comes out as a `Found`: kind, value, applicant, condition (the industry of a
definition, cleaned by label.industry-edge; the measure, 特例 and applied-for amount of a wage
requirement), the quote and the ids of the rule-table rows that read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.facts.reqcontext import About, class_named
from extract.facts.ruletable import regex
from extract.facts.thresholds import Threshold, industry, is_industry, read_thresholds
from extract.facts.wages import Wage, read_wages
from extract.model import Table

_INTRO = regex("applicant.class-intro")
_CLASS = regex("label.class-heading")
_CLASS_BRACKET = regex("applicant.class-bracket")
_HEADER_CLASS = regex("applicant.class-in-header")
_FIGURE = regex("label.requirement-figure")
_NOTE = regex("label.note-mark")
_BONUS = regex("veto.requirement-bonus")
_LIMIT_TABLE = regex("veto.requirement-in-limit-table")
_TIER_HEADER = regex("skip.tier-header-table")
LABEL_MAX = 80  # characters of a line that labels the definition on the next line (an industry)


@dataclass(slots=True)
class Found:
    """A requirement read from a line or a table row, ready to become a fact."""

    kind: str
    value: int | str
    applicant: str | None
    condition: str | None
    quote: str
    rules: list[str] = field(default_factory=list)
    row: int | None = None  # the table row it was read from
    at: int = 0  # where the value is printed in the quote
    labels: tuple[str, ...] = ()  # the labels of its table row (a frame a row of requirements is for)


def _definition(t: Threshold, applicant: str | None, quote: str, extra: list[str]) -> Found:
    condition = t.industry if t.alternative else industry(t.industry)
    rules = [t.rule, *(["band.threshold-alternative"] if t.alternative else []), *extra]
    return Found(t.kind, t.value, applicant, condition, quote, rules, at=t.start)


def _wage(w: Wage, about: About, quote: str, labels: list[str] | None = None) -> Found:
    condition = "; ".join(x for x in (w.condition, about.provision, about.band) if x)
    rules = [*w.rules, *(["label.provision-name"] if about.provision else [])]
    if about.applicant_rule:
        rules.append(about.applicant_rule)
    return Found(w.kind, w.value, about.applicant, condition, quote, rules, at=w.start, labels=tuple(labels or ()))


def read_line(text: str, about: About, label: str | None = None) -> list[Found]:
    """Given a logical line, what its headings say and the industry the line before printed (a
    definition whose label stands on a line of its own), return its requirements."""
    if about.bonus or about.revision or about.outcome:
        return []
    intro, rule_id = _INTRO.match(text), "applicant.class-intro"
    if intro is None:  # (2)小規模事業者であること on the line the definition runs on in
        intro, rule_id = _CLASS.match(text), "label.class-heading"
    body = text[intro.end() :] if intro else text
    named = intro is not None and not intro.groupdict().get("neg")
    applicant = intro.group("who") if intro and named else about.applicant
    in_class = intro is not None or about.applicant_rule == "label.class-heading"
    extra = [rule_id] if intro else ([about.applicant_rule] if about.applicant_rule else [])
    found = read_thresholds(body, in_class=in_class, label=label)
    if found and intro is None and about.applicant_rule is None and (
            m := _CLASS_BRACKET.search(body, 0, found[0].start)) is not None:
        applicant, extra = m.group("who"), ["applicant.class-bracket"]  # 中小企業者(製造業:資本金3億円以下…
    out = [_definition(t, applicant, text, extra) for t in found]
    for f in out:
        f.at += len(text) - len(body)
    out += [_wage(w, about, text) for w in read_wages(text)]
    return sorted(out, key=lambda f: f.at)


def has_figure(text: str) -> bool:
    """Given a line, return whether it prints a figure a requirement could state (人, 円, %)."""
    return _FIGURE.search(text) is not None


def is_label_line(text: str) -> bool:
    """Given a line without requirements, return whether it may label the definition on the next
    line: a short industry name (製造業その他) that is no sentence and names no class of applicants."""
    return (len(text) <= LABEL_MAX and "。" not in text and is_industry(text) and not _FIGURE.search(text)
            and class_named(text, heading=True) is None)


def _header_rows(grid: list[list[str]]) -> int:
    """Return how many top rows head the columns: the leading rows without figures (a finder may
    declare a first row of values a header: 要件 | …2.5%以上…)."""
    n = 0
    while n < len(grid) and not any(_FIGURE.search(c) for c in grid[n][1:]):
        n += 1
    return n


def _column_heads(grid: list[list[str]], top: int) -> list[str]:
    """Return the header text over each column (an empty cell of a merged header takes the text on its left)."""
    width = max((len(r) for r in grid), default=0)
    heads = [[(grid[r][c] if c < len(grid[r]) else "") for c in range(width)] for r in range(top)]
    for r in range(top):
        for c in range(1, width):
            if not heads[r][c].strip() and r + 1 < top and heads[r + 1][c].strip():
                heads[r][c] = heads[r][c - 1]
    return [_NOTE.sub("", " ".join(dict.fromkeys(h[c] for h in heads if h[c].strip()))) for c in range(width)]


def _row(cells: list[str], heads: list[str], about: About, r: int) -> list[Found]:
    """Given one row of a table, its column headers and what its headings say, return its requirements."""
    first = next((j for j, c in enumerate(cells) if j > 0 and _FIGURE.search(c)), None)
    if first is None or _FIGURE.search(cells[0]):
        return []  # no figures, or a tier row (従業員数5人以下 | 750万円)
    labels = list(dict.fromkeys(c.replace("\n", "") for c in cells[:first] if c.strip()))
    if any(_BONUS.search(x) for x in labels):
        return []  # a row of bonus-point criteria (加点要件) in a table of requirements
    label = industry(" ".join(x for x in labels if is_industry(x)) or None)
    quote = " ".join(dict.fromkeys(c.replace("\n", "") for c in cells if c.strip()))
    out: list[Found] = []
    for j in range(first, len(cells)):
        head = heads[j] if j < len(heads) else ""
        named = _HEADER_CLASS.search(head)
        applicant, extra = (named.group(), ["applicant.class-in-header"]) if named else (
            about.applicant, [about.applicant_rule] if about.applicant_rule else [])
        for t in read_thresholds(f"{head} {cells[j]}", in_class=True, table=True, label=label, head=len(head)):
            out.append(_definition(t, applicant, quote, extra))
        for line in cells[j].split("\n"):
            out += [_wage(w, about, quote, labels) for w in read_wages(line, " ".join([*labels, head]), cell=True)]
    for f in out:
        f.row = r
    return out


def read_table(table: Table, about: About) -> list[Found]:
    """Given a table and what the headings above it say, return its requirements, row by row."""
    if about.bonus or about.revision or about.outcome or not table.rows:
        return []
    grid = [[c or "" for c in row] for row in table.rows]
    tiers = [c for c in grid[0][1:] if c.strip()]
    if tiers and all(_TIER_HEADER.match(c) for c in tiers):
        return []  # 類型 | 従業員数10人以下 | 11~30人: a header of tiers over the caps, no definition
    top = _header_rows(grid)
    heads = _column_heads(grid, top)
    if any(_LIMIT_TABLE.search(h) for h in heads):
        return []  # 類型 | 従業員規模 | 補助上限額: the counts are tiers of the caps
    out: list[Found] = []
    for r in range(top, len(grid)):
        out += _row(grid[r], heads, about, r)
    return out
