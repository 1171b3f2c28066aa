"""Statements: one per rule of a program, built from the mentions (facts) that print it.

A *mention* is one fact as read from one place of one document. A *statement* is one rule of
an edition — (frame, type, kind, applicant, typed qualifiers) → value — with every mention that
supports it as a source. The same rule printed five ways is five mentions and one statement:

1. Applicants are canonical (`中小` → `中小企業`); a condition that is nothing but an applicant's
   name names the applicant. Conditions become typed `Qualifiers` (band, tier, category, round,
   provision, case); the printed words stay in `condition`.
2. Mentions are taken most specific first. A mention whose key is already a statement supports
   it. A mention with fewer qualifiers (or no applicant) whose value equals statements that say
   at least as much supports those statements instead of making a new one — unless its place
   prints other values for the same key (800~1,000万円): values printed together stay together.
3. A case clause (…場合) that grants the same value as a special applicant the document names
   (最低賃金近傍の事業者) is that applicant's definition in this edition: its statement joins
   the applicant's, and the clause is kept as an `ApplicantDefinition`.
4. A key with several values is `several` when one document prints them (tiers whose label was
   not read, a 特例 printed pages after the rule), and a `conflict` when documents disagree (a
   leaflet against the 公募要領); both are kept with all their sources and never resolved silently.

Statements are per edition (`extract.knowledge.editions`: budget year, round, label, version as resolved
from the documents and the corpus); a mention whose edition was not resolved falls back to its
printed budget year and the round its label names (第16回公募, 20次締切).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from normalize.qualifiers import (
    REQUIREMENT_KINDS,
    Qualifiers,
    applicant_named,
    canonical_applicant,
    is_size_class,
    parse_condition,
    similar_text,
)

EditionKey = tuple[str, int | None, str | None, str, str]
"""(program, fiscal_year, budget, round, edition): the edition a mention belongs to (`extract.knowledge.editions`),
by its ident; round is "" unless the edition has one. A mention whose edition was not resolved is
keyed by its printed year, budget and a round its label names, with edition ""."""

_ROUND_LABEL = re.compile(r"第?\d+(?:次|回)")


def names_round(label: str | None) -> bool:
    """Return whether an edition label names a round (第17回公募, 20次締切) rather than an edition's name."""
    return _ROUND_LABEL.search(label or "") is not None


def edition_round(fiscal_year: int | None, label: str | None) -> str:
    """Return the round an edition label names (``第17回公募`` → ``第17回``), or "" when none.

    Without a fiscal year, the label is all that tells editions apart, so it is kept whole.
    """
    label = (label or "").strip()
    m = _ROUND_LABEL.search(label)
    if m:
        return m.group(0) if m.group(0).startswith("第") else "第" + m.group(0)
    return label if fiscal_year is None else ""


@dataclass(frozen=True, slots=True)
class Mention:
    """One fact as stored, with what a statement needs of it."""

    fact_id: int | None
    program: str
    fiscal_year: int | None
    budget: str | None
    edition: str  # the printed label, "" when none
    frame: str  # "" when program-wide
    type: str  # "" when none
    kind: str
    value: str
    applicant: str | None
    condition: str | None
    document: str
    page: int | None
    quote: str
    emphasis: bool = False
    round: str = ""  # the round of the edition it belongs to (第20次), "" when none
    edition_key: str = ""  # the ident of the edition it belongs to (`extract.knowledge.editions`), "" when not resolved
    unit: str | None = None  # what the value is counted per (person, …); None: per applicant


@dataclass(slots=True)
class Support:
    """A mention supporting a statement: `via` is exact (same key), subsumed (fewer qualifiers) or definition."""

    mention: Mention
    value: str
    via: str


@dataclass(slots=True)
class Statement:
    """One rule of an edition with its sources; `status` is single, several or conflict."""

    edition: EditionKey
    frame: str
    type: str
    kind: str
    applicant: str | None
    qualifiers: Qualifiers
    condition: str | None
    sources: list[Support] = field(default_factory=list)
    unit: str | None = None  # a sum per person, per establishment …: never merged with one per applicant

    @property
    def key(self) -> tuple[Any, ...]:
        """Return the statement's identity: edition, frame, type, kind, applicant, qualifiers, unit."""
        return (*self.edition, self.frame, self.type, self.kind, self.applicant or "", self.qualifiers.key(),
                self.unit or "")

    def canonical(self, value: str) -> str:
        """Return a value as the statement counts it: a date its sources also print with a time is that
        date and time (締切 5月31日 on a leaflet, 5月31日 17:00 in the 公募要領: one deadline)."""
        return next((s.value for s in self.sources if finer(s.value, value)), value)

    @property
    def values(self) -> list[str]:
        """Return the distinct values its exact sources state, the best supported first."""
        counts = Counter(self.canonical(s.value) for s in self.sources if s.via != "subsumed")
        if not counts:
            counts = Counter(self.canonical(s.value) for s in self.sources)
        first = {v: i for i, v in reversed(list(enumerate(self.canonical(s.value) for s in self.sources)))}
        return sorted(counts, key=lambda v: (-counts[v], first[v]))

    @property
    def value(self) -> str:
        """Return the statement's value (the best supported one where there are several)."""
        return self.values[0]

    @property
    def status(self) -> str:
        """Return "single", "several" (one document prints them: tiers, a 特例, rules whose words were not told
        apart) or "conflict" (documents disagree: a leaflet against the 公募要領)."""
        values = self.values
        if len(values) == 1:
            return "single"
        per_document: dict[str, set[str]] = defaultdict(set)
        for s in self.sources:
            if s.via != "subsumed":
                per_document[s.mention.document].add(self.canonical(s.value))
        together = any(len(v) > 1 for v in per_document.values())
        return "several" if together else "conflict"

    @property
    def emphasis(self) -> bool:
        """Return whether any source printed the value in red."""
        return any(s.mention.emphasis and self.canonical(s.value) == self.value for s in self.sources)

    @property
    def editions(self) -> list[str]:
        """Return the printed edition labels of its sources."""
        return sorted({s.mention.edition for s in self.sources if s.mention.edition})

    def specificity(self) -> int:
        """Return how much the key says: its qualifiers, plus one for an applicant."""
        return specificity(self.applicant, self.qualifiers)


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def finer(value: str, than: str) -> bool:
    """Return whether `value` is the date `than` with a time of day (2025-05-31T17:00 and 2025-05-31)."""
    return _DAY.fullmatch(than) is not None and value.startswith(than + "T")


def is_date(value: str) -> bool:
    """Return whether a value is a date (2025-05-31, with or without its hour)."""
    return _DAY.match(value) is not None


def same_value(a: str, b: str) -> bool:
    """Return whether two values are one, printed at two precisions or alike (a day with and without its hour)."""
    return a == b or finer(a, b) or finer(b, a)


def specificity(applicant: str | None, qualifiers: Qualifiers) -> int:
    """Return how much a key says: its qualifiers, plus one for an applicant."""
    return len(qualifiers.names()) + (applicant is not None)


@dataclass(frozen=True, slots=True)
class ApplicantDefinition:
    """How an edition defines a special applicant (最低賃金近傍の事業者 ← the wage clause that grants its rate)."""

    edition: EditionKey
    frame: str
    type: str
    applicant: str
    definition: str
    mention: Mention


@dataclass(slots=True)
class _Prepared:
    mention: Mention
    applicant: str | None
    qualifiers: Qualifiers

    def specificity(self) -> int:
        return specificity(self.applicant, self.qualifiers)


def _prepare(m: Mention) -> _Prepared:
    applicant = canonical_applicant(m.applicant)
    condition = m.condition
    if applicant is None and (named := applicant_named(condition)):
        applicant, condition = named, None  # a condition that is only an applicant's name (中堅) names it
    return _Prepared(m, applicant, parse_condition(condition, m.kind))


def edition_of(m: Mention) -> EditionKey:
    """Return the edition a mention belongs to: the resolved one, else its printed budget year and the
    round its label names."""
    if m.edition_key:
        return (m.program, m.fiscal_year, m.budget, m.round, m.edition_key)
    return (m.program, m.fiscal_year, m.budget, edition_round(m.fiscal_year, m.edition), "")


def _supports(st: Statement, p: _Prepared) -> bool:
    """Return whether less specific mention `p` restates statement `st` (same value, narrower key).

    A requirement printed for no class holds for everyone, beside the one printed for a class (+30円
    for every applicant, +30円 for those funded before): it restates no class's."""
    if (p.applicant is not None or p.mention.kind in REQUIREMENT_KINDS) and st.applicant != p.applicant:
        return False
    return st.qualifiers.refines(p.qualifiers) and any(same_value(s.value, p.mention.value) for s in st.sources)


def _same_case(stmts: Iterable[Statement], st: Statement) -> Statement | None:
    """Return the statement that differs from `st` only by the wording of its case clause, if any."""
    case = st.qualifiers.case
    if case is None:
        return None
    rest = st.qualifiers.without("case").key()
    return next((s for s in stmts if s.applicant == st.applicant and s.qualifiers.case is not None
                 and s.qualifiers.without("case").key() == rest and similar_text(s.qualifiers.case, case)), None)


def _place(p: _Prepared) -> tuple[Any, ...]:
    """Return where a mention was printed, with its key: document, page, quote, applicant, qualifiers."""
    return (p.mention.document, p.mention.page, p.mention.quote, p.applicant, p.qualifiers.key())


def _group(stmts: list[Statement], prepared: list[_Prepared], edition: EditionKey) -> None:
    """Build the statements of one (edition, frame, type, kind) from its mentions, in place."""
    by_key: dict[tuple[Any, ...], Statement] = {}
    prepared.sort(key=lambda p: (-p.specificity(), p.mention.document, p.mention.page or 0, p.mention.quote))
    # values one place prints together for one key (800~1,000万円: tiers whose labels were not read) stay one
    # statement: none of them is taken for a restatement of another rule on its own
    at_place: dict[tuple[Any, ...], set[str]] = defaultdict(set)
    for p in prepared:
        at_place[_place(p)].add(p.mention.value)
    for p in prepared:
        m = p.mention
        st = Statement(edition, m.frame, m.type, m.kind, p.applicant, p.qualifiers, m.condition, unit=m.unit)
        same = by_key.get(st.key) or _same_case(by_key.values(), st)
        if same is not None:
            same.sources.append(Support(m, m.value, "exact"))
            continue
        broader = [s for s in by_key.values() if s.specificity() > p.specificity() and _supports(s, p)
                   and len(at_place[_place(p)]) == 1]
        if broader:
            for s in broader:
                s.sources.append(Support(m, m.value, "subsumed"))
            continue
        st.sources.append(Support(m, m.value, "exact"))
        by_key[st.key] = st
    stmts.extend(by_key.values())


def _link_definitions(stmts: list[Statement]) -> tuple[list[Statement], list[ApplicantDefinition]]:
    """Merge case-clause statements into the special applicant they define; return what is left and the definitions."""
    definitions: list[ApplicantDefinition] = []
    special: dict[tuple[Any, ...], list[Statement]] = defaultdict(list)
    for st in stmts:
        if st.applicant is not None and not is_size_class(st.applicant):
            special[(st.edition, st.frame, st.type, st.kind, st.unit)].append(st)
    kept = []
    for st in stmts:
        case = st.qualifiers.case
        targets = []
        if case and st.applicant is None and st.status == "single":
            rest = st.qualifiers.without("case")
            targets = [t for t in special.get((st.edition, st.frame, st.type, st.kind, st.unit), [])
                       if t.value == st.value and (rest.refines(t.qualifiers) or t.qualifiers.refines(rest))]
        if len(targets) != 1:
            kept.append(st)
            continue
        target = targets[0]
        for s in st.sources:
            target.sources.append(Support(s.mention, s.value, "definition"))
            definitions.append(ApplicantDefinition(st.edition, st.frame, st.type, target.applicant or "", case or "",
                                                   s.mention))
    return kept, definitions


def build_statements(mentions: Iterable[Mention]) -> tuple[list[Statement], list[ApplicantDefinition]]:
    """Given the mentions of one or more programs, return their statements and applicant definitions."""
    groups: dict[tuple[Any, ...], list[_Prepared]] = defaultdict(list)
    printed: list[ApplicantDefinition] = []
    for m in mentions:
        p, edition = _prepare(m), edition_of(m)
        if p.applicant and not is_size_class(p.applicant) and p.qualifiers.case:
            # a special applicant printed with the clause that makes one: the clause defines it
            printed.append(ApplicantDefinition(edition, m.frame, m.type, p.applicant, p.qualifiers.case, m))
            p.qualifiers = p.qualifiers.without("case")
        groups[(edition, m.frame, m.type, m.kind, m.unit or "")].append(p)
    stmts: list[Statement] = []
    for (edition, *_rest), prepared in sorted(groups.items(), key=lambda kv: _sort_key(kv[0])):
        _group(stmts, prepared, edition)
    stmts, definitions = _link_definitions(stmts)
    stmts.sort(key=lambda s: _sort_key(s.key))
    return stmts, printed + definitions


def _sort_key(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((x is None, x if x is not None else "") if not isinstance(x, tuple) else _sort_key(x) for x in key)


def same_definition(a: str, b: str) -> bool:
    """Return whether two printed definitions of an applicant say the same (wording aside)."""
    return similar_text("".join(a.split()), "".join(b.split()))
