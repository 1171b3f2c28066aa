"""Values in one segment of text (a line, a sentence or a table cell) and what each one is.

`read_segment` finds every amount, rate and date with the `normalize` finders, decides
for each whether it is a value of its own, part of a condition (``50万円以下の部分は``,
``~50万円以下:3/4``), or no fact at all (a worked example ``240万円 x 2/3 = 160万円``, an
old value ``100万円から引き下げ``, an increment ``200万円を加算``), and then what kind of
fact a value is from the cue words nearest before it (補助上限額, 下限, 予算額, 締切 …),
or, where the segment has none, from the labels of its context (a row header, a
label line above). Values that no cue identifies are dropped: an unlabelled amount
is not a subsidy cap.

Decisions a reader of the output should know:

- Limits on an expense category. A limit stated for the subsidy of one category
  (``廃業費の補助上限額は300万円``, ``(c)事務費・専門家費:200万円``, ``「…」以外の経費は…
  1,000万円まで``) is kept as ``cap_max`` with the category in ``condition``. A limit on the
  expense base (``役務の補助対象経費は、200万円を上限とする``) is no subsidy amount and is
  dropped, and so is one whose category the sentence only points to (``本経費は最大30万円``).
- Forbidden ranges. A bound an application may not pass states the opposite limit:
  ``補助額が25万円未満となる申請はできない`` is ``cap_min`` 250,000.
- Bands and thresholds. An amount that bounds the part a rate applies to (``50万円以下の
  部分``, ``~800万円相当部分``, ``50万円以下の金額について``) or a case (``500万円以上となる
  場合``) is a condition, not a limit; so is the inner boundary of consecutive bands.
- Values printed in brackets after another (``200万円 (300万円)``) are alternatives whose
  case a header or a note of the page gives (``括弧内…``); they carry it as condition. One for a
  company size (``80万円(大企業60万円)``) is that size's, the value before it the other's
  (`extract.facts.sizes`).
- Sums per unit. ``1人当たり80万円``, ``1事業所当たり20万円加算``, ``50万円×グループ構成員数`` are
  caps counted per person, establishment or group member (`extract.facts.units`): the unit
  phrase is their cue, and ``Candidate.unit`` says what they are counted per.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from extract.facts import cues, units
from extract.facts.indexes import last_match_before, region_at
from extract.facts.kinds import (
    amount_facts,
    applicant_in,
    clean_label,
    cue_of,
    date_kind,
    labelling_names,
    rate_facts,
    window_before,
    without_names,
)
from extract.facts.ruletable import regex
from extract.facts.sizes import complement_sizes
from extract.locate import kept
from normalize.amounts import Amount, find_amounts
from normalize.dates import DateResult, find_dates
from normalize.rates import Rate, find_rates

_NOTE_START = regex("label.note-start")
_PERCENT_CELL = regex("cue.percent-cell")  # 45% alone under 経費助成率: a rate
_PER_MEMBER = regex("veto.per-member")


@dataclass(slots=True)
class Atom:
    """One amount, rate group or date found in a segment, with its role there."""

    start: int
    end: int
    type: str  # "amount", "rate", "date"
    obj: Amount | Rate | DateResult
    role: str = "value"  # "value", "band" (part of a condition) or "skip" (no fact)


@dataclass(slots=True)
class Candidate:
    """A value read from a segment: its kind, normalised value and local evidence."""

    kind: str
    value: int | str
    start: int
    end: int
    label: str = ""  # the text between the previous value and this one
    applicant: str | None = None
    conditions: list[str] = field(default_factory=list)
    group: int = 0  # values printed together (1/2・2/3, 5万円~150万円) share a group
    in_note: bool = False
    cue: str = ""  # where the kind came from: "local", "context" or "heading"
    names: list[tuple[str | None, str | None]] = field(default_factory=list)  # (frame, type) named inline
    program: str | None = None  # a program named inline before the value
    bracketed: bool = False  # printed in brackets right after another amount: 200万円(300万円)
    rules: list[str] = field(default_factory=list)  # ids of the rule-table rows that read it
    unit: str | None = None  # what one amount is counted per (person, …), None: per applicant
    case: str | None = None  # the case a page gives values printed in brackets (set by the pipeline)


# A rate in brackets beside …に従う restates the rate it follows (廃業費の補助率は、事業費の補助率
# (2/3以内又は1/2以内)に従う / 事業費に従う(1/2又は2/3以内)): that rule is stated where it is made.
_FOLLOWS = regex("veto.follows-another")
FOLLOWS_REACH = 12


def _follows_another(text: str, a: Atom) -> bool:
    """Return whether a rate stands in brackets right before or after a clause saying it follows another's."""
    open_ = text.rfind("(", 0, a.start)  # normalised text has ASCII brackets only
    close = text.find(")", a.end)
    if open_ < 0 or close < 0 or ")" in text[open_:a.start] or "(" in text[a.end:close]:
        return False
    return bool(_FOLLOWS.search(text, max(0, open_ - FOLLOWS_REACH), open_)
                or _FOLLOWS.match(text, close + 1, close + 1 + FOLLOWS_REACH))


def _mark_after(text: str, c: Candidate) -> str:
    """Return the number of the note mark right after a value's group (2/3※1 → "1"; ※ alone → "")."""
    m = _MARK.search(text, c.end, c.end + MARK_REACH)
    return m.group(1) if m else ""


def note_regions(text: str) -> list[tuple[int, int]]:
    """Given a segment, return the spans of its notes (※ … up to the next note or the end)."""
    starts = [m.start() for m in _NOTE_START.finditer(text)]
    return [(s, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, s in enumerate(starts)]


def find_atoms(text: str, year: int | None, labels: tuple[str, ...] = ()) -> list[Atom]:
    """Given a normalised segment, a context year and the labels of its context, return its amounts,
    rates and dates in order; a label counting sums per person and hour keeps a small sum (800円), and a
    nearest label of rates makes a bare percentage a rate (経費助成率 | 45%)."""
    # an amount below any subsidy limit (+50円 of a wage step, 1円未満) is part of the words around it
    atoms = [Atom(s, e, "amount", a) for s, e, a in find_amounts(text) if _yen_scale(a)
             or units.small_sum(text, s, e, a.max) or units.small_sum_in_labels(labels, a.max)]
    bare_percent = bool(labels) and bool(_PERCENT_CELL.match(text)) and cues.RATE_CUE.search(labels[0]) is not None
    atoms += [Atom(s, e, "rate", r) for s, e, r in find_rates(text, bare_percent=bare_percent)]
    if year is not None or "年" in text:
        atoms += [Atom(s, e, "date", _fix_year(text[s:e], d, year)) for s, e, d in find_dates(text, year)]
    atoms.sort(key=lambda a: (a.start, -a.end))
    kept: list[Atom] = []
    for a in atoms:
        if kept and a.start < kept[-1].end:
            continue
        kept.append(a)
    return kept


def _yen_scale(amount: Amount) -> bool:
    """Return whether an amount is large enough to be a subsidy limit or a budget."""
    return any(v is not None and abs(v) >= cues.MIN_CAP_YEN for v in (amount.min, amount.max))


def _fix_year(printed: str, d: DateResult, year: int | None) -> DateResult:
    """Given a month-day resolved with the context year whose printed weekday disagrees, try the
    neighbouring years: a schedule printed in January may run into the next year."""
    if d.weekday_ok is not False or year is None or "年" in printed or d.date is None:
        return d
    for y in (year + 1, year - 1):
        try:
            cand = d.date.replace(year=y)
        except ValueError:
            continue
        wd = re.search(r"\(([月火水木金土日])", printed)
        if wd and cand.weekday() == "月火水木金土日".index(wd.group(1)):
            return DateResult(cand, d.time, True)
    return d


def _assign_roles(text: str, atoms: list[Atom]) -> None:
    """Mark atoms that are part of a condition ("band") or no fact at all ("skip")."""
    for i, a in enumerate(atoms):
        after = text[a.end : a.end + 24]
        before = text[max(0, a.start - 3) : a.start]
        if a.type == "date":
            continue
        if (
            cues.ARITHMETIC.match(after.lstrip())
            or cues.ARITHMETIC.search(before[-2:])
            or cues.EXAMPLE_BEFORE.search(window_before(text, a.start, 0))
            or last_match_before(cues.EXAMPLE_MARK, text, a.start) is not None
        ):
            a.role = "skip"  # a worked example: 240万円 x 2/3 = 160万円, 補助率2/3を乗じた額
        elif a.type == "amount":
            amount = a.obj
            assert isinstance(amount, Amount)
            if amount.per and _PER_MEMBER.search(text, a.start, a.end) and not units.counted(text, a.start, a.end):
                a.role = "skip"  # 50万円×グループ構成員数: an amount per member
            elif (
                cues.VALUE_IS_OLD.match(after)
                or cues.OLD_BEFORE.search(text[max(0, a.start - 14) : a.start])
                or (cues.AMOUNT_IS_INCREMENT.match(after) and not units.counted(text, a.start, a.end))
                or cues.AMOUNT_IS_SHARE.match(after)
                or cues.AMOUNT_IS_EXAMPLE.match(after)
                or cues.INCREMENT_BEFORE.search(text[max(0, a.start - 12) : a.start])
                or _previous_year(text, atoms, i)
            ):
                a.role = "skip"  # a former value, an increment, a share of another budget, last year's figure
            elif cues.AMOUNT_IS_LABEL.match(after) or cues.AMOUNT_IS_BAND.match(after):
                a.role = "band"
        elif (
            a.type == "rate"
            and (
                (isinstance(a.obj, Rate) and a.obj.bound == "未満")  # 補助率は1/2未満となる: a threshold
                or cues.RATE_IS_THRESHOLD.match(after)
                or cues.VALUE_IS_OLD.match(after)
                or cues.RATE_IS_SHARE_CAP.search(text[a.start : a.end + 3])
                or _follows_another(text, a)
            )
        ):
            a.role = "skip"
        if a.role == "skip" and cues.VALUE_IS_OLD.match(after):
            a.role = "old"  # 2/3から3/4へ: the new value's label reaches back over the old one


_CAP_OF_TIER = regex("cue.cap-of-tier")
_CAP_OF_TIER_HEADER = regex("cue.cap-of-tier-header")
_LIMIT_AFTER = regex("cue.limit-after")
LIMIT_AFTER_REACH = 16  # characters after an amount where を上限とする may close it


def _raises_tier_cap(text: str, atoms: list[Atom], i: int, out: list[Candidate]) -> bool:
    """Return whether an amount in brackets right after a tier's cap (1,500万円(2,000万円)) is that
    cap raised in a case."""
    return (bool(out) and "cue.cap-of-tier" in out[-1].rules and out[-1].end == atoms[i - 1].end
            and _bracketed_after_amount(text, atoms, i))


def _previous_year(text: str, atoms: list[Atom], i: int) -> bool:
    """Return whether amount i is bracketed right after another amount (予算額15.9億円(11.7億円))."""
    prev = atoms[i - 1] if i > 0 else None
    if prev is None or prev.type != "amount":
        return False
    budget = cues.BUDGET_CUE.search(text[max(0, prev.start - 12) : prev.start]) is not None
    return budget and cues.PREVIOUS_YEAR.match(text[prev.end : atoms[i].start]) is not None


Names = list[tuple[str | None, str | None]]
# Where a new item of a list starts inside a label: (c)事務費…, ②…, ・…
_ITEM_START = regex("label.item-start")
@dataclass(slots=True)
class SegmentState:
    """What reading one segment carries from value to value: its atoms and notes, the candidates read
    so far, where the next label starts, and the names and program the labels before named."""

    text: str
    labels: tuple[str, ...]
    atoms: list[Atom]
    notes: list[tuple[int, int]]
    out: list[Candidate] = field(default_factory=list)
    boundary: int = 0  # where the next value's label starts: after the last value read
    names: Names = field(default_factory=list)  # frames and types the last naming label named
    name_rules: list[str] = field(default_factory=list)  # …and the rows that found them
    program: str | None = None  # a program a label before named
    old_before: bool = False  # the atom before is an old value (2/3から): left out of the next label

    def context(self, i: int) -> tuple[str, list[Atom], int, list[Candidate]]:
        """Return what the look-backs at atom i take: the text, the atoms, i and the candidates so far."""
        return self.text, self.atoms, i, self.out


@dataclass(slots=True)
class Reading:
    """One value of a segment being read: its label and what the steps of `read_segment` found."""

    i: int
    atom: Atom
    note: tuple[int, int] | None  # the note the value stands in
    lo: int  # where its sentence starts (the note's start, else 0)
    label: str  # the text between the previous value and this one
    own_names: Names = field(default_factory=list)  # frames and types this label names
    found: list[tuple[str, int | str]] = field(default_factory=list)  # (kind, value)
    extra: list[str] = field(default_factory=list)  # conditions the kind step read (an expense category, …)
    fired: list[str] = field(default_factory=list)  # ids of the rule-table rows that gave the kind
    cue: str = ""  # where the kind came from: "local", "context" or "heading"
    unit: str | None = None
    applicant: str | None = None
    printed: str | None = None  # the applicant as printed
    applicant_rules: tuple[str, ...] = ()


def read_segment(
    text: str,
    labels: tuple[str, ...] = (),
    year: int | None = None,
    find_program: Callable[[str], str | None] | None = None,
    tick: Callable[[], object] | None = None,
) -> list[Candidate]:
    """Given a normalised segment, the labels of its context (nearest first) and a context year,
    return the candidate facts it states.

    A frame or type named in the text before a value (買い手支援類型: 600万円) and a program
    named there (ものづくり補助金(グローバル枠)で…補助上限3,000万円) are given to that value
    and the ones after it (`Candidate.names`, `Candidate.program`); `find_program` tells
    which catalog program a text names; `tick()` is called before each value (a page's time budget).
    Each value goes through the steps: its label (`_open`), its kind (`_read_kind`), its applicant
    (`_read_applicant`), its condition (`_condition`), then its candidates (`_candidates`)."""
    atoms = find_atoms(text, year, labels)
    _assign_roles(text, atoms)
    state = SegmentState(text, labels, atoms, note_regions(text))
    for i in range(len(atoms)):
        if tick is not None:
            tick()  # the page's time budget (`extract.facts.budget.check`) may stop the reading here
        reading = _open(state, i, find_program)
        if reading is None:
            continue
        _read_kind(state, reading)
        _read_applicant(state, reading)
        condition, condition_rules = _condition(state, reading)
        reading.fired += condition_rules
        state.out += _candidates(state, reading, condition)
    complement_sizes(state.out, text)
    _resolve_notes(state.out, text)
    return state.out


def _open(state: SegmentState, i: int, find_program: Callable[[str], str | None] | None) -> Reading | None:
    """Given atom i, return its reading with its label, having noted the names and program the label
    gives the values from here on; None for an atom that is no value of its own (an old value, the
    bound of a band, a worked example)."""
    text, a = state.text, state.atoms[i]
    note = region_at(state.notes, a.start)
    lo = note[0] if note else 0
    label = text[max(state.boundary, lo) : a.start]
    if state.old_before:
        label = _OLD_VALUE.sub("", label)
    state.old_before = a.role == "old"
    if a.role in ("old", "band"):
        return None  # a band stays inside the next value's label
    found_names, found_rules = labelling_names(label)
    if found_names:
        state.names, state.name_rules = found_names, found_rules
    if find_program is not None:
        state.program = find_program(label) or state.program
    state.boundary = a.end
    if a.role == "skip":
        return None
    return Reading(i, a, note, lo, label, found_names)


def _read_kind(state: SegmentState, r: Reading) -> None:
    """Find what kind of fact the value is, from the cue words before it and the segment's labels."""
    text, a = state.text, r.atom
    if a.type == "amount":
        r.found, r.cue, r.unit = _amount_found(
            text, state.atoms, r.i, r.label, r.lo, state.labels, state.out, r.extra, r.fired
        )
        return
    # the finders may take a cue word into the span (上限3,000万円, 最大4/5): keep it in the window
    lead = re.match(r"[^0-9〇一二三四五六七八九十~]*", text[a.start : a.end])
    window = window_before(text, a.start, r.lo) + (lead.group() if lead else "")
    if a.type == "rate":
        assert isinstance(a.obj, Rate)
        rates, r.cue = rate_facts(a.obj, window, text[a.end : a.end + 12], state.labels, r.fired)
        r.found = [*rates]
        if not r.found and _alternative_rate(*state.context(r.i)) is not None:
            r.found, r.cue = [("rate", x) for x in a.obj.rates], "local"
            r.fired.append("cue.rate-alternative")
        return
    assert isinstance(a.obj, DateResult)
    after_date = r.i > 0 and state.atoms[r.i - 1].type == "date"
    kind = date_kind(text[a.start : a.end], text[a.end : a.end + 16], after_date, window, state.labels, r.label,
                     r.fired)
    if kind and a.obj.iso():
        r.found, r.cue = [(kind, a.obj.iso() or "")], "local"


def _read_applicant(state: SegmentState, r: Reading) -> None:
    """Find whom the value is for: a class its label names; for a rate in brackets after another
    (中小企業 1/2(賃上げを行う場合2/3)), that rate's applicant in that case."""
    a = r.atom
    if a.type == "date":
        return
    r.applicant, r.printed, r.applicant_rules = applicant_in(r.label, state.text[a.end : a.end + 12])
    if r.applicant is None and a.type == "rate" and (alt := _alternative_rate(*state.context(r.i))) is not None:
        r.applicant = alt.applicant
        if r.applicant:
            r.applicant_rules = ("cue.rate-alternative",)


def _condition(state: SegmentState, r: Reading) -> tuple[str, list[str]]:
    """Return the condition of a value and the ids of the rows that made it: the head of the enumerated
    item it is stated for (rule band.item-head), else none inside a formula's words (skip.formula-words),
    else the noun phrase its bracket belongs to (band.bracket-owner), else its label without the
    applicant and the frames it names (frame.topic-after-name)."""
    text, a, label = state.text, r.atom, r.label
    plain = clean_label(units.blank(label), r.applicant, r.printed)
    # the frame it names is no condition
    plain, named = without_names(plain, r.own_names) if r.own_names and plain else (plain, ())
    rules = list(named)
    if a.type == "date":
        return ("" if _FORMULA.search(label) else plain), rules
    owner = _BRACKET_OWNER.search(label) if _CLOSES.match(text, a.end) else None
    owned = _ENUMERATION.sub("", owner.group(1)) if owner else None  # (1)-1賃金引上げ特例(上限200万円)
    item = _item_head(text, a.start)
    before_item = owned if owned is not None else plain
    if item and (item in label or (not _ITEM_REF.search(label) and (not before_item or _FORMULA.search(label)))):
        return item, [*rules, "band.item-head"]  # (3)その他経費(事務費・専門家費等)⇒…200万円
    if owned is not None:
        rules.append("band.bracket-owner")
    if _FORMULA.search(label):
        return "", rules  # …に補助率2/3を乗じた額か200万円: the words of a formula are no condition
    return before_item, rules


def _candidates(state: SegmentState, r: Reading, condition: str) -> list[Candidate]:
    """Return a candidate per fact found for a value, with its condition and evidence."""
    a = r.atom
    conditions = [x for x in (*r.extra, condition) if x and not (x is condition and any(e in x for e in r.extra))]
    bracketed = a.type != "date" and _bracketed_after_amount(state.text, state.atoms, r.i)
    rules = [*r.fired, *r.applicant_rules, *(state.name_rules if state.names else ())]
    return [
        Candidate(kind, value, a.start, a.end, r.label, r.applicant, list(conditions), group=r.i,
                  in_note=r.note is not None, cue=r.cue, names=list(state.names), program=state.program,
                  bracketed=bracketed, rules=list(rules), unit=r.unit)
        for kind, value in r.found
    ]


def _amount_found(
    text: str, atoms: list[Atom], i: int, label: str, lo: int, labels: tuple[str, ...], out: list[Candidate],
    extra: list[str], fired: list[str],
) -> tuple[list[tuple[str, int | str]], str, str | None]:
    """Given amount i of a segment, its label, sentence start and context labels, return its facts as
    (kind, yen), where its cue was, and its unit (`extract.facts.units`); conditions and the ids of
    the rows that read it are appended to `extra` and `fired`.

    What is not a subsidy amount must say so right before it (in its own label); a cue for a limit
    may stand further back (補助上限額:(1)+(2)⇒3,000万円、(3)⇒200万円)."""
    a = atoms[i]
    assert isinstance(a.obj, Amount)
    per = units.read(text, a.start, a.end, lo, max(lo, a.start - len(_ITEM_START.split(label)[-1])), labels)
    cue = cue_of(cues.AMOUNT_CUE, per.local, ())
    if cue[0] is None:
        cue = cue_of(cues.LIMIT_CUE, per.window, ())
    if cue[0] is None and not per.printed:  # a unit printed with the amount is nearer than any label
        cue = cue_of(cues.AMOUNT_CUE, "", labels)
    if cue[0] is None and (_CAP_OF_TIER.search(per.local) or _raises_tier_cap(text, atoms, i, out)):
        cue = ("max", "", "local")  # 従業員数20人以下 1,500万円(2,000万円): the tier's cap
        fired.append("cue.cap-of-tier")
    if cue[0] is None and any(_CAP_OF_TIER_HEADER.match(x) for x in labels[:2]):
        cue = ("max", "", "context")  # 類型 | 従業員数5人以下 | 6~20人 over amounts: each tier's cap
        fired.append("cue.cap-of-tier-header")
    if cue[0] is None and _LIMIT_AFTER.search(text, a.start, a.end + LIMIT_AFTER_REACH):
        cue = ("max", "", "local")  # 200万円を上限とします: the cue after the amount
        fired.append("cue.limit-after")
    by_unit = cue[0] is None and per.name is not None
    if by_unit:
        cue = ("max", "", "local")  # 1人当たり80万円: a sum granted per unit needs no word of a limit
    rest = text[a.end : a.end + 60].split("。")[0]
    found: list[tuple[str, int | str]] = list(amount_facts(a.obj, text[a.start : a.end], rest, cue,
                                                           None if by_unit else fired, floor=per.floor()))
    if per.unit is not None and found:
        fired.append(per.unit.rule)
        found = found if per.grants(text[a.start : a.end]) else []
        extra += [per.add_on] if per.add_on else []
    if _continues_band(atoms, i):
        found = [f for f in found if f[0] != "cap_min"]  # 50万円以下 …、50万円超~350万円: a band boundary
    category = _expense_category(per.window)
    if category is not None and not category:
        found = []  # a limit on the expense base (補助対象経費は…を上限), or on 本経費
    elif category:
        extra.append(category)
        fired.append("band.expense-topic")
    return found, cue[2], per.name if found else None


# An old value and its から in a label that reaches back over it (補助率が2/3から → 補助率が).
_OLD_VALUE = regex("veto.old-value-in-label")


# The head of an enumerated item: (3)その他経費(事務費・専門家費等)⇒ / (b)消費動向等分析経費:
_ITEM_HEAD = regex("band.item-head")
# A noun phrase a bracketed value belongs to: (1)-1賃金引上げ特例(上限200万円)
_BRACKET_OWNER = regex("band.bracket-owner")
_ENUMERATION = regex("label.enumeration")
_ITEM_REF = re.compile(r"\([0-9a-z]{1,2}\)")
_CLOSES = re.compile(r"\s*[)）]")  # a closing bracket right after a value
_CLOSES_BRACKET = re.compile(r"\s*[)）>〉]")  # …or angle bracket
_FORMULA = regex("skip.formula-words")


def _item_head(text: str, pos: int) -> str | None:
    """Return the head of the enumerated item a position of the text lies in, or None."""
    last = last_match_before(_ITEM_HEAD, text, pos)
    return last.group(1).strip() if last else None


def _continues_band(atoms: list[Atom], i: int) -> bool:
    """Return whether amount i continues a band of an earlier amount (`_continuing_bands`, made once per segment)."""
    return kept(atoms, _continuing_bands)[i]


def _continuing_bands(atoms: list[Atom]) -> list[bool]:
    """Return, for each atom, whether it is an amount that starts where an earlier amount of the segment
    ends, just above it (補助額50万円以下 …、補助額50万円超~350万円) or after an amount open below
    (~50万円、50~350万円): consecutive bands of one amount, whose inner boundary is no lower limit of an
    application. Tiers with floors of their own (5万円~150万円、150万円~450万円) stay. One pass: the
    upper ends seen so far are kept."""
    tops: set[float] = set()  # upper ends of the amounts before
    open_tops: set[float] = set()  # …of those open below
    out = []
    for at in atoms:
        a = at.obj
        out.append(isinstance(a, Amount) and a.min is not None
                   and a.min in (tops if not a.min_inclusive else open_tops))
        if isinstance(a, Amount) and a.max is not None:
            tops.add(a.max)
            if a.min is None:
                open_tops.add(a.max)
    return out


def _bracketed_after_amount(text: str, atoms: list[Atom], i: int) -> bool:
    """Return whether amount (rate) i stands in brackets right after another of its type (200万円 (300万円),
    80万円<60万円>, 1/2(2/3))."""
    prev = atoms[i - 1] if i > 0 else None
    a = atoms[i]
    return (
        prev is not None
        and prev.type == a.type
        and re.fullmatch(r"\s*[(（<〈]\s*", text[prev.end : a.start]) is not None
        and _CLOSES_BRACKET.match(text, a.end) is not None
    )


_EXPENSE_TOPIC = regex("band.expense-topic")  # 廃業費の補助上限額は…: the category a limit is stated for
_EXPENSE_BASE = regex("veto.expense-base")  # 補助対象経費は…, 本経費は…: the expense base, no category


def _expense_category(window: str) -> str | None:
    """Given the text before an amount, return the expense category the clause is about
    (廃業費の補助上限額は…, ウェブサイト関連費は…), "" when it is the expense base or a category
    the text only points to (補助対象経費は…, 本経費は…), None when the clause names none."""
    found = list(_EXPENSE_TOPIC.finditer(window))
    if not found:
        return None
    category = found[-1].group("cat")
    return "" if _EXPENSE_BASE.search(category) else category


_IN_OPEN_BRACKET = regex("cue.rate-alternative")
_CASE_OR_PART = regex("band.case-or-part")


def _alternative_rate(text: str, atoms: list[Atom], i: int, out: list[Candidate]) -> Candidate | None:
    """Given the atoms of a segment and the index of a rate, return the rate candidate it is the
    alternative of when it stands in brackets right after that rate with the case it applies in
    (1/2(大規模な賃上げを行う場合2/3)), else None."""
    k = i - 1
    while k >= 0 and atoms[k].role == "band":  # 1/2(1,500万円を超える部分は1/3): the bound of the part
        k -= 1
    if k < 0 or atoms[k].type != "rate" or not out or out[-1].kind != "rate":
        return None
    between = text[atoms[k].end : atoms[i].start]
    return out[-1] if _IN_OPEN_BRACKET.match(between) and _CASE_OR_PART.search(between) else None


_MARK = regex("label.note-number")
MARK_REACH = 12  # characters after a value where the note mark of its group may stand (1/3・1/2、2/3※1)


def _resolve_notes(cands: list[Candidate], text: str = "") -> None:
    """Let a note that restates a value (1/2・2/3※ … ※小規模事業者に該当する場合:2/3) give that
    value its applicant and condition; with "Aのうち" the other values of the group apply to A.
    A numbered note (※1 …) speaks only of the values marked with its number."""
    main = [c for c in cands if not c.in_note]
    regions = note_regions(text)
    for n in [c for c in cands if c.in_note]:
        region = next(((s, e) for s, e in regions if s <= n.start < e), None)
        own = _MARK.match(text, region[0]) if region else None
        number = own.group(1) if own else ""
        twins = [c for c in main if c.kind == n.kind and c.value == n.value
                 and (not number or _mark_after(text, c) in ("", number))]
        if not twins or not (n.applicant or n.conditions):
            continue
        for t in twins:
            t.applicant = t.applicant or n.applicant
            t.conditions = t.conditions or n.conditions
            partitive = cues.PARTITIVE.search(n.label)
            if partitive:
                for other in main:
                    if other.group == t.group and other is not t and not other.applicant:
                        other.applicant = partitive.group(1)
        cands.remove(n)
