"""Rules a document states twice: the place that leaves out whom a value is for takes it from the place that names it.

A subsidy document grants a special applicant its value in one place (小規模事業者は2/3以内,
最低賃金近傍の事業者…補助率2/3以内) and repeats the rule elsewhere without the name: as the
case that makes one (…の要件を満たす場合は2/3以内), as one of a pair of alternatives
(3分の2又は2分の1以内), or in a summary line. And it writes the rest of the applicants as the
negation of the case just named (小規模企業者に該当する場合は2/3。該当しない場合は1/2).

Two rules of the rule table (`extract/facts/rules.toml`) read these:

- `applicant.negated-case`: a value whose only case negates the applicant case before it in the
  same sentence is for the rest of that applicant's broader class (小規模事業者 → 中小企業);
- `applicant.restated`: a value with no applicant takes the one special applicant the same
  document grants the same value in the same program, edition, frame, type and kind, when its
  other qualifiers say the same (or, where the value is printed with a case clause, at least as
  much). A value the document also grants to the broad class (中小企業), or to two special
  applicants, is left for everyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from extract.facts.model import Fact
from extract.facts.ruletable import rule
from extract.facts.segments import Segment
from extract.facts.values import Candidate
from normalize.qualifiers import Qualifiers, broader_applicant, canonical_applicant, is_size_class, parse_condition

NEGATED = "applicant.negated-case"
RESTATED = "applicant.restated"


def negated_case(condition: str) -> bool:
    """Return whether a case only negates the one before it (該当しない場合, それ以外の場合)."""
    return bool(rule(NEGATED).regex().search(condition))


def read_negated_cases(read: Iterable[tuple[Segment, list[Candidate]]]) -> None:
    """Give each candidate whose last case negates an applicant case before it (same segment, same
    kind) the broader class of that applicant, and drop the negation from its conditions."""
    for _seg, cands in read:
        for i, c in enumerate(cands):
            if c.applicant or not c.conditions or not negated_case(c.conditions[-1]):
                continue
            before = [d for d in cands[:i] if d.kind == c.kind and d.applicant]
            broader = broader_applicant(before[-1].applicant) if before else None
            if broader:
                c.applicant = broader
                c.conditions = c.conditions[:-1]
                c.rules.append(NEGATED)


def _special(applicant: str | None) -> str | None:
    """Return the canonical applicant when it is a special one (not a class that contains others'
    rules: 中小企業, 中堅企業, 大企業), else None."""
    name = canonical_applicant(applicant)
    if name is None or (is_size_class(name) and broader_applicant(name) is None):
        return None
    return name


def _fits(mine: Qualifiers, granted: Qualifiers) -> bool:
    """Return whether a value printed with qualifiers `mine` restates one granted with `granted`:
    the same typed qualifiers, or at least the granted ones where a case clause says whom it is for."""
    own, theirs = mine.without("case"), granted.without("case")
    return own.refines(theirs) if mine.case else own.key() == theirs.key()


def complete_applicants(facts: list[Fact]) -> list[Fact]:
    """Given the facts of one document, give each fact with no applicant the special applicant the
    document grants the same value (see the module docstring); return the facts."""
    groups: dict[tuple[Any, ...], list[Fact]] = defaultdict(list)
    for f in facts:
        groups[(f.program, f.fiscal_year, f.budget, f.edition, f.frame, f.type, f.kind, str(f.value))].append(f)
    for group in groups.values():
        granted = [(f, parse_condition(f.condition)) for f in group if f.applicant]
        if not granted:
            continue
        for f in group:
            if f.applicant:
                continue
            mine = parse_condition(f.condition)
            fitting = [(g, q) for g, q in granted if _fits(mine, q)]
            names = {canonical_applicant(g.applicant) for g, _ in fitting}
            if len(names) != 1 or (who := _special(next(iter(names)))) is None:
                continue
            source = min((g for g, _ in fitting), key=lambda g: (g.page or 0))
            f.applicant = source.applicant if canonical_applicant(source.applicant) == who else who
            f.extra["rules"] = [*f.extra.get("rules", []), RESTATED]
            f.extra["applicant_from"] = (f"the same value granted to {source.applicant} on p.{source.page} "
                                         "(the rule restated without whom it is for)")
    return facts
