"""The comparison of one kind of value within one paired frame (rule 2 of `extract.knowledge.diff`).

1. Statements of the same key (applicant, typed qualifiers) pair up: equal values are
   `unchanged`, one value against another is `changed`; a key one side's documents disagree on
   is a `conflict` (both values and sources shown, nothing claimed).
2. A value left over is `unchanged` when the other side states the same value under a key that
   does not contradict it (fewer qualifiers, or the applicant left unnamed): the same rule in
   other words is no change. One value left on each side, of keys that may name the same rule
   (the applicant named on one side only, the same kinds of qualifier), is that rule `changed`.
3. What is left is `added` / `removed` only where the other side states that kind for the same
   subject (the same kinds of qualifier, an applicant it names, contains or leaves unnamed);
   otherwise `not_stated` (a leaflet that lists fewer values removes nothing).

Nothing here depends on the kind: every kind, present or to come, compares by these rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from extract.knowledge.diff import WHOLE, Change, Entry, FrameRef, Side, Value
from extract.knowledge.printed import names_round, round_label, round_number, rounds_named
from extract.knowledge.statements import Statement, is_date, same_value
from normalize.qualifiers import Qualifiers, applicant_within, category_within


@dataclass(slots=True)
class _Key:
    """The statements of one key on one side (several when old frames merged into one), with their values."""

    statements: list[Statement]
    values: list[Value]
    status: str  # single | several | conflict

    @property
    def first(self) -> Statement:
        return self.statements[0]

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.first.applicant, self.first.qualifiers.key())

    @property
    def applicant(self) -> str | None:
        return self.first.applicant

    @property
    def qualifiers(self) -> Qualifiers:
        return self.first.qualifiers

    def frame_of(self, value: Value) -> FrameRef:
        """Return the frame of the statement that states `value`."""
        st = next((s for s in self.statements if value.value in s.values), self.first)
        return (st.frame, st.type)


def _keys(side: Side, stmts: Sequence[Statement]) -> list[_Key]:
    """Group statements by key; the values of one key from several frames are joined (A類型, B類型 → 通常枠)."""
    groups: dict[tuple[str | None, str], list[Statement]] = {}
    for st in stmts:
        groups.setdefault((st.applicant, st.qualifiers.key()), []).append(st)
    out = []
    for group in groups.values():
        values: list[Value] = []
        for st in group:
            for v in side.values(st):
                at = next((i for i, w in enumerate(values) if same_value(w.value, v.value)), None)
                if at is None:
                    values.append(v)
                elif v.value != values[at].value:  # one day at two precisions: the finer, with both sources
                    fine, coarse = (v, values[at]) if len(v.value) > len(values[at].value) else (values[at], v)
                    values[at] = Value(fine.kind, fine.value, fine.emphasis or coarse.emphasis,
                                       tuple(dict.fromkeys((*fine.sources, *coarse.sources))))
        if len(group) == 1:
            status = group[0].status
        else:
            status = "conflict" if any(st.status == "conflict" for st in group) else (
                "several" if len(values) > 1 else "single")
        if values:
            out.append(_Key(group, values, status))
    return out


def _printed_round(v: Value | None, slot: int | None) -> str:
    """Return the round a value's sources print it for (第17回): the round of the edition its page belongs to,
    or the one round its quote names (第1回締切:…) where that is the edition's or the slot's number (a quote
    naming another round is about another date); "" when none or several. A round slot (the 1st of a side)
    is shown with the rounds each side prints."""
    rounds: set[str] = set()
    for s in v.sources if v else ():
        edition = round_label(s.edition) if names_round(s.edition) else ""
        named = rounds_named(s.quote)
        said = next(iter(named)) if len(named) == 1 else ""
        if said and (said == edition or round_number(said) == slot):
            rounds.add(said)
        elif edition:
            rounds.add(edition)
    return rounds.pop() if len(rounds) == 1 else ""


def _rank(v: Value) -> tuple[int, Fraction | str]:
    """Return the sort key of a value by size: amounts and counts as numbers, rates as fractions, else text."""
    text = v.value
    try:
        return (0, Fraction(text))
    except (ValueError, ZeroDivisionError):
        return (1, text)


def _applicants_fit(a: str | None, b: str | None) -> bool:
    """Return whether two applicants may name the same rule: equal, nested (小規模事業者 in 中小企業), or unnamed."""
    return a is None or b is None or applicant_within(a, b) or applicant_within(b, a)


def _restates(x: _Key, value: str, other: _Key) -> bool:
    """Return whether `other` states `value` under a key that does not contradict `x`'s."""
    return (_applicants_fit(x.applicant, other.applicant) and not x.qualifiers.contradicts(other.qualifiers)
            and any(same_value(v.value, value) for v in other.values))


def _same_subject(x: Qualifiers, y: Qualifiers) -> bool:
    """Return whether two keys speak about the same thing: the same kinds of qualifier, overlapping values.

    Both name a category that overlaps, a tier of the same dimension, a band, the same round,
    provision or industry; case clauses aside.
    """
    if x.without("case").names() != y.without("case").names():
        return False
    if x.category and y.category and not (category_within(x.category, y.category)
                                          or category_within(y.category, x.category)):
        return False
    if x.tier and y.tier and x.tier.dimension != y.tier.dimension and "count" not in (x.tier.dimension,
                                                                                      y.tier.dimension):
        return False
    return x.round == y.round and x.provision == y.provision and x.industry == y.industry


def _covers(side: list[_Key], x: _Key) -> bool:
    """Return whether a side speaks about what `x` states: same kind (the caller's), applicant and subject.

    A named applicant is spoken about where the other side names it, a class that contains it
    (中小企業 for 小規模事業者), or states the value for everyone; an unnamed one only where the
    other side states a value for everyone too.
    """
    return any((s.applicant is None or applicant_within(x.applicant, s.applicant))
               and _same_subject(x.qualifiers, s.qualifiers) for s in side)


def _same_key_but_case(x: _Key, y: _Key) -> bool:
    """Return whether two one-valued keys are the same but for the wording of a case clause."""
    return (x.status == y.status == "single" and x.applicant == y.applicant
            and x.qualifiers.without("case").key() == y.qualifiers.without("case").key()
            and bool(x.qualifiers.case) == bool(y.qualifiers.case))


class KindDiff:
    """The comparison of one kind of value (counted per one unit) within one paired frame."""

    def __init__(self, shown: FrameRef, old: Side, new: Side, before: Sequence[Statement],
                 after: Sequence[Statement], before_elsewhere: Sequence[Statement] = (),
                 after_elsewhere: Sequence[Statement] = ()) -> None:
        self.shown = shown
        self.before, self.after = _keys(old, before), _keys(new, after)
        # statements of other frames that may restate a value (a leaflet printing it without its frame)
        self.before_elsewhere, self.after_elsewhere = _keys(old, before_elsewhere), _keys(new, after_elsewhere)
        self.entries: list[Entry] = []
        self.restated: set[tuple[int, int, str]] = set()

    def _entry(self, x: _Key, change: Change, b: Value | None, a: Value | None, note: str = "",
               detail: str = "", before_key: _Key | None = None) -> None:
        was = (before_key or x).frame_of(b) if b is not None else None
        st = x.first
        slot = round_number(st.qualifiers.round or "")
        printed = list(dict.fromkeys(r for r in (_printed_round(b, slot), _printed_round(a, slot)) if r))
        rounds = "→".join(printed) if st.qualifiers.round else ""
        self.entries.append(Entry(self.shown, st.kind, st.applicant, st.qualifiers, st.condition, change, b, a,
                                  was if was is not None and was != self.shown else None, note, detail, st.unit,
                                  rounds))

    def run(self) -> list[Entry]:
        """Return the entries of this kind (rules 1-3 of the module docstring)."""
        left_b: list[tuple[_Key, Value]] = []
        left_a: list[tuple[_Key, Value]] = []
        after_by_key = {k.key: k for k in self.after}
        paired_after: set[int] = set()
        for b in self.before:
            a = after_by_key.get(b.key)
            if a is None:
                left_b += [(b, v) for v in b.values]
                continue
            paired_after.add(id(a))
            if "conflict" in (b.status, a.status):
                self._conflict(b, a)
                continue
            same = [(x, y) for x in b.values for y in a.values if same_value(x.value, y.value)]
            if len(b.values) == 1 and len(a.values) == 1 and not same:
                self._entry(b, "changed", b.values[0], a.values[0])
                continue
            if (b.status == a.status == "several" and len(b.values) == len(a.values) > len(same)
                    and not (same and any(is_date(v.value) for v in (*b.values, *a.values)))):
                # values printed together (800~1,000万円 → 1,000~1,200万円; 公募開始 and 電子申請受付開始 of
                # two rounds): unlabelled tiers and events keep their order; but dates that both sides print
                # in part are a list of calls, and a call both print is the same call
                for x, y in zip(sorted(b.values, key=_rank), sorted(a.values, key=_rank), strict=True):
                    self._entry(b, "unchanged" if same_value(x.value, y.value) else "changed", x, y, "order")
                continue
            for x, y in same:
                self._entry(b, "unchanged", x, y)
            left_b += [(b, v) for v in b.values if all(v is not x for x, _ in same)]
            left_a += [(a, v) for v in a.values if all(v is not y for _, y in same)]
        left_a += [(a, v) for a in self.after if id(a) not in paired_after for v in a.values]
        left_b = self._restated(left_b, self.after, self.after_elsewhere, before_side=True)
        left_a = self._restated(left_a, self.before, self.before_elsewhere, before_side=False)
        self._unmatched(left_b, left_a)
        return self.entries

    def _conflict(self, b: _Key, a: _Key) -> None:
        for side, x in (("before", b), ("after", a)):
            if x.status == "conflict":
                values = "・".join(v.value for v in x.values)
                for v in x.values:
                    self._entry(x, "conflict", v if side == "before" else None, v if side == "after" else None,
                                f"conflict_{side}", values)

    def _restated(self, left: list[tuple[_Key, Value]], other: list[_Key], elsewhere: list[_Key], *,
                  before_side: bool) -> list[tuple[_Key, Value]]:
        """Report as unchanged every leftover value the other side restates; return the rest.

        In the same frame an unnamed applicant may restate a named one; elsewhere (without the
        frame) only the same applicant does.
        """
        rest = []
        for x, v in left:
            match = next((o for o in other if _restates(x, v.value, o)), None) or next(
                (o for o in elsewhere if o.applicant == x.applicant and _restates(x, v.value, o)), None)
            if match is None:
                rest.append((x, v))
                continue
            pair = (id(x), id(match), v.value) if before_side else (id(match), id(x), v.value)
            if pair in self.restated:  # the other side's leftover already found this one
                continue
            self.restated.add(pair)
            ov = next(w for w in match.values if same_value(w.value, v.value))
            self._entry(x, "unchanged", v if before_side else ov, ov if before_side else v, "restated",
                        before_key=None if before_side else match)
        return rest

    @staticmethod
    def _said_again(left: list[tuple[_Key, Value]], mine: list[_Key]) -> list[tuple[_Key, Value]]:
        """Return the leftovers but those its own side states under a broader key of this frame (a leaflet's
        補助上限800万円 for a case clause, beside the 800~1,000万円 of the overview): that rule in other words,
        compared once, under the broader key."""
        return [(x, v) for x, v in left
                if not any(y is not x and (y.applicant is None or y.applicant == x.applicant)
                           and x.qualifiers.refines(y.qualifiers) and x.qualifiers.key() != y.qualifiers.key()
                           and any(same_value(w.value, v.value) for w in y.values) for y in mine)]

    def _unmatched(self, left_b: list[tuple[_Key, Value]], left_a: list[tuple[_Key, Value]]) -> None:
        left_b, left_a = self._said_again(left_b, self.before), self._said_again(left_a, self.after)
        # one value each way under the same key but for the wording of its case clause: a change of value
        # (not for keys printed with several values: which one became which is not known)
        for b, bv in list(left_b):
            if b.status != "single":
                continue
            cands = [(a, av) for a, av in left_a if _same_key_but_case(a, b)]
            back = [(x, xv) for x, xv in left_b if _same_key_but_case(x, b)]
            if len(cands) == 1 and len(back) == 1:
                self._entry(b, "changed", bv, cands[0][1])
                left_b.remove((b, bv))
                left_a.remove(cands[0])
        # one value left each way, of one rule told in other words (the applicant named on one side only,
        # the same kinds of qualifier): the rule's value changed
        if (len(left_b) == 1 and len(left_a) == 1 and self.shown != WHOLE
                and left_b[0][0].status == left_a[0][0].status == "single"
                and _applicants_fit(left_b[0][0].applicant, left_a[0][0].applicant)
                and _same_subject(left_b[0][0].qualifiers, left_a[0][0].qualifiers)
                and not left_b[0][0].qualifiers.contradicts(left_a[0][0].qualifiers)):
            (b, bv), (a, av) = left_b.pop(), left_a.pop()
            self._entry(a if b.applicant is None else b, "changed", bv, av, before_key=b)
        for b, bv in left_b:
            self._entry(b, "removed" if self._claimable(b, self.after) else "not_stated", bv, None)
        for a, av in left_a:
            self._entry(a, "added" if self._claimable(a, self.before) else "not_stated", None, av)

    def _claimable(self, x: _Key, other: list[_Key]) -> bool:
        """Return whether a value the other side lacks may be called added/removed rather than not stated:
        not for a value printed without a frame (a headline, or a value the other side prints under its
        frame), nor for a key printed with several values on either side (which rule each belongs to was
        not read); else where the other side speaks about the same thing."""
        return (self.shown != WHOLE and x.status == "single" and _covers(other, x)
                and not any(o.key == x.key and o.status != "single" for o in other))
