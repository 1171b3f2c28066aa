"""What one amount is counted per: a person, an hour of a person, an establishment, a member of a group.

A 助成金 grants fixed sums per unit rather than a share of expenses (`shared/spec/facts.md`,
"Amounts counted per unit"); the `unit.*` rows of the rule table say how a unit is printed.
`read` gives, for one amount of a segment, its unit and the text its cue is looked for in:

- a unit printed with the amount's number (80万円/人, 50万円×グループ構成員数: window `value`);
- else the nearest unit phrase before it in its sentence, so that a bracketed alternative
  (1人当たり80万円(大企業60万円)) and the next amounts of a list are per person too — unless a
  count follows the phrase (1年度1事業所当たり20人まで: `unit.count-limit`), the phrase says
  the amount is per applicant (1事業主当たり: `unit.applicant`), or the amount has a cue of its
  own after the phrase (…、上限額500万円);
- else the nearest label of its context that says what its values are (a caption 支給額(1人当たり)).

A unit phrase is the nearest word that says what an amount is: the words before it describe the
case (賃金を5%以上増額した場合 1人当たり6.5万円), and only words of pay between it and the amount
(1人当たり月額: `veto.pay-per-unit`) make the amount something else. A sum per unit open above
(3万円以上: `veto.threshold-per-unit`) is a threshold, and a sum per unit followed by 加算 is an
add-on of its own (`unit.add-on`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import takewhile

from extract.facts import cues
from extract.facts.frames import find_names
from extract.facts.kinds import cue_of, window_before
from extract.facts.ruletable import of_kind, regex

FLOOR = {"person_hour": 100}
"""Smallest sum per unit that is granted, in yen, where it is below `cues.MIN_CAP_YEN` (an hour's wage subsidy)."""
_NO_UNIT = "none"  # the action of a row that says an amount is per applicant
_COUNT = regex("unit.count-limit")
_ADD_ON = regex("unit.add-on")
_PAY = regex("veto.pay-per-unit")
_THRESHOLD = regex("veto.threshold-per-unit")
ADD_ON_REACH = 32  # characters after a sum where its 加算 may stand (after its bracketed alternative)


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit printed for an amount: its name (None: per applicant, said outright), the rule-table
    row that read it and where it stands in the text searched."""

    name: str | None
    rule: str
    start: int = 0
    end: int = 0


def _rows(window: str) -> list[tuple[str, str | None]]:
    return [(r.id, None if r.action == _NO_UNIT else r.action) for r in of_kind("unit")
            if r.window == window and r.action != "no unit" and r.pattern]


def phrases(text: str) -> list[Unit]:
    """Given text, return the unit phrases printed in it (1人当たり, 1事業所当たり, 1事業主当たり), left
    to right; of phrases that overlap, the one starting first (and then the longest)."""
    found = [Unit(name, rid, m.start(), m.end()) for rid, name in _rows("before") for m in regex(rid).finditer(text)]
    found.sort(key=lambda u: (u.start, u.start - u.end))
    kept: list[Unit] = []
    for u in found:
        if not kept or u.start >= kept[-1].end:
            kept.append(u)
    return kept


def blank(text: str) -> str:
    """Given text, return it with its unit phrases blanked: 1時間 of 1人1時間当たり is no wage word."""
    for u in phrases(text):
        text = text[: u.start] + " " * (u.end - u.start) + text[u.end :]
    return text


def _printed_with(text: str, start: int, end: int) -> Unit | None:
    """Return the unit printed with an amount's number (80万円/人, 50万円×グループ構成員数), if any."""
    for rid, name in _rows("value"):
        m = regex(rid).search(text, start, end)
        if m:
            return Unit(name, rid, m.start(), m.end())
    return None


def _limited(text: str, u: Unit, stop: int) -> bool:
    """Return whether a count follows a unit phrase before `stop` (1事業所当たり20人まで)."""
    return _COUNT.search(text, u.end, max(u.end, stop)) is not None


def unit_of(text: str, start: int, end: int, lo: int = 0) -> Unit | None:
    """Given a segment and the span of an amount in it (its sentence not starting before `lo`),
    return the unit printed with it or the nearest unit phrase before it, unless a count follows
    that phrase; a Unit whose name is None says the amount is per applicant."""
    own = _printed_with(text, start, end)
    if own is not None:
        return own
    begin = start - len(window_before(text, start, lo))
    before = [u for u in phrases(text[begin:end]) if begin + u.end <= end]
    if not before:
        return None
    u = before[-1]
    u = Unit(u.name, u.rule, begin + u.start, begin + u.end)
    return None if _limited(text, u, start) else u


def counted(text: str, start: int, end: int) -> bool:
    """Return whether the amount at text[start:end] is a sum per unit (it has a unit with a name)."""
    u = unit_of(text, start, end)
    return u is not None and u.name is not None


def small_sum(text: str, start: int, end: int, yen: int | None) -> bool:
    """Return whether an amount below `cues.MIN_CAP_YEN` is a sum per unit all the same (800円 per
    person and hour)."""
    u = unit_of(text, start, end)
    return u is not None and u.name in FLOOR and yen is not None and yen >= FLOOR[u.name]


def small_sum_in_labels(labels: tuple[str, ...], yen: int | None) -> bool:
    """Return whether an amount below `cues.MIN_CAP_YEN` is a sum per unit because the nearest label saying
    what its values are counts them per a unit of small sums (a cell 800円 under 賃金助成(1人1時間当たり))."""
    u = in_labels(labels)
    return u is not None and u.name in FLOOR and yen is not None and yen >= FLOOR[u.name]


def _without_names(text: str) -> str:
    """Return text with its frame and type names blanked: a name is no word about the values beside it."""
    for n in find_names(text):
        text = text[: n.start] + " " * (n.end - n.start) + text[n.end :]
    return text


def in_labels(labels: tuple[str, ...]) -> Unit | None:
    """Given the labels of a value's context (nearest first), return the unit of the nearest one that
    says what its values are: a unit phrase (支給額(1人当たり)), or None when that label names an
    amount without one, or a unit of pay (1人当たり給与支給総額) or of a count (1事業所当たり20人)."""
    for label in labels:
        found = [u for u in phrases(label) if u.name is not None]
        if found:
            u = found[-1]
            return None if _limited(label, u, len(label)) or _PAY.search(label, u.end) else u
        if cues.AMOUNT_CUE.search(_without_names(blank(label))):
            return None  # a label naming an amount without a unit (補助上限額, 賃金), not a name (賃金規定等改定コース)
    return None


@dataclass(frozen=True, slots=True)
class PerUnit:
    """An amount's unit, and the texts its cue is looked for in with the unit phrases left out."""

    unit: Unit | None
    local: str  # the amount's own label: after the unit phrase when that is in it
    window: str  # its sentence
    pay: bool = False  # a word of pay stands between the unit phrase and the amount
    add_on: str | None = None  # 加算 after it
    printed: bool = False  # the unit is printed in the amount's sentence (not only in a label of its context)

    @property
    def name(self) -> str | None:
        """Return the unit's name (None: per applicant)."""
        return self.unit.name if self.unit is not None else None

    def floor(self) -> int:
        """Return the smallest sum granted per this unit."""
        return FLOOR.get(self.name or "", cues.MIN_CAP_YEN)

    def grants(self, printed: str) -> bool:
        """Return whether the amount (as printed) is a sum granted: not pay, not a threshold open above."""
        return self.name is None or not (self.pay or _THRESHOLD.search(printed.rstrip()))


def _lead(printed: str) -> str:
    """Return the words an amount's span holds before its number (上限 of 1人当たり上限80万円)."""
    return "".join(takewhile(lambda ch: not ch.isdigit(), printed))


def read(text: str, start: int, end: int, lo: int, local_from: int, labels: tuple[str, ...]) -> PerUnit:
    """Given a segment, the span of an amount, where its sentence (`lo`) and its own label
    (`local_from`) start, and the labels of its context, return its unit and the texts its cue is
    looked for in (its own label and its sentence, unit phrases left out)."""
    lead = _lead(text[start:end])
    local = blank(text[local_from:start] + lead)
    window = blank(window_before(text, start, lo) + lead)
    u = unit_of(text, start, end, lo)
    if u is not None and u.end <= local_from and cue_of(cues.AMOUNT_CUE, local, ())[0] is not None:
        u = None  # 1人当たり80万円、上限額500万円: the later amount says what it is itself
    if u is None:
        u = in_labels(labels)
        if u is None or u.name is None:
            return PerUnit(None, local, window)
        return PerUnit(u, local, window, False, _add_on(text, end))  # its own label's words: the cue decides
    if u.name is None:
        return PerUnit(None, local, window)
    # the words between the phrase and the number say what the amount is; those before it, the case
    between = text[u.end : start] + lead if u.end <= start else _lead(text[u.end : end])
    return PerUnit(u, blank(between), window, _PAY.search(between) is not None, _add_on(text, end), printed=True)


def _add_on(text: str, end: int) -> str | None:
    """Return 加算 (or 上乗せ) when it follows a sum per unit (perhaps after its bracketed alternative)."""
    m = _ADD_ON.match(text[end : end + ADD_ON_REACH])  # the pattern is anchored at its start
    return m.group("word") if m else None
