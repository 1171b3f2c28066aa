"""Compare two budget years of one program over its statements: what the publisher changed, and only that.

Input is what `schema.diffload` reads from the database: for each side, the statements of
each frame (kind, applicant, typed qualifiers → values, with sources) and the definitions of
special applicants. Frames are paired exactly, then through the curated lineage
(`lineage.toml`), then by name similarity. Within a paired frame, for each kind:

1. statements of the same key (applicant, qualifiers) pair up: equal values are `unchanged`,
   one value against another is `changed`; a key one side's documents disagree on is a
   `conflict` (both values and sources shown, nothing claimed);
2. a value left over is `unchanged` when the other year states the same value under a key that
   does not contradict it (fewer qualifiers, or the applicant left unnamed): the same rule in
   other words is no change;
3. what is left is `added`/`removed` only when the other year speaks about that kind with the
   same kinds of qualifier; otherwise it is `not_stated` (a leaflet that lists fewer values
   removes nothing).

Definitions of a special applicant (最低賃金近傍の事業者) that differ in substance between the
years are reported as `applicant_definition` changes.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from normalize.qualifiers import REQUIREMENT_KINDS, Qualifiers, applicant_within, category_within, tier_label
from schema.catalog import Rename, lineage
from schema.statements import same_definition

FrameRef = tuple[str, str]
"""(frame, type); "" for a missing frame (program-wide fact) or type."""
Change = Literal["added", "removed", "changed", "unchanged", "not_stated", "conflict"]
CHANGES = ("added", "removed", "changed")
"""The entries that claim the publisher changed something."""
INTEGER_KINDS = frozenset({"cap_max", "cap_min", "budget", "employees_max", "capital_max", "min_wage_margin"})
"""Kinds whose values are whole numbers (yen, or a head count for employees_max)."""
SIMILARITY = 0.75
"""Lowest difflib ratio at which an unpaired old frame counts as renamed to an unpaired new one."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value was read: document, page, quote, and links to the page."""

    document: str
    page: int | None
    quote: str
    title: str | None = None
    edition: str = ""
    fiscal_year: int | None = None
    budget: str | None = None
    url: str | None = None  # the publisher's URL, with #page=N
    file_url: str | None = None  # file://…#page=N when the file is on this machine

    @property
    def link(self) -> str | None:
        """Return the best link to the page: the local file if present, else the publisher's URL."""
        return self.file_url or self.url

    def to_json(self) -> dict[str, Any]:
        """Return the source as a JSON object."""
        return {"document": self.document, "title": self.title, "page": self.page, "quote": self.quote,
                "edition": self.edition or None, "fiscal_year": self.fiscal_year, "budget": self.budget,
                "url": self.link}


@dataclass(frozen=True, slots=True)
class Value:
    """One value of a statement on one side, with its sources (the best to cite first)."""

    kind: str
    value: str  # as exported: "2/3", "1500000", "2024-03-15T17:00"
    emphasis: bool  # printed in red by the publisher (in any of the documents stating it)
    sources: tuple[Source, ...]

    @property
    def source(self) -> Source:
        """Return the source to cite first."""
        return self.sources[0]

    def export(self) -> int | str:
        """Return the value in the facts.jsonl form (integers for amounts and head counts)."""
        if self.kind in INTEGER_KINDS and self.value.lstrip("-").isdigit():
            return int(self.value)
        return self.value


@dataclass(slots=True)
class SideStatement:
    """A statement of one budget year as the diff sees it."""

    frame: FrameRef
    kind: str
    applicant: str | None
    qualifiers: Qualifiers
    condition: str | None
    status: str  # single | several | conflict
    values: list[Value]
    unit: str | None = None  # what the values are counted per (person, …); None: per applicant

    @property
    def key(self) -> tuple[str | None, str]:
        """Return (applicant, qualifier key): what pairs statements of the two years exactly."""
        return (self.applicant, self.qualifiers.key())


@dataclass(frozen=True, slots=True)
class Definition:
    """A special applicant's definition printed in one year, with where it was printed."""

    frame: FrameRef
    applicant: str
    text: str
    source: Source


@dataclass(slots=True)
class Side:
    """One budget year: its statements, applicant definitions, editions and documents."""

    statements: list[SideStatement] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    fiscal_year: int | None = None
    budget: str | None = None

    def frames(self) -> set[FrameRef]:
        """Return the frames the year states values or definitions for."""
        return {s.frame for s in self.statements} | {d.frame for d in self.definitions}


@dataclass(frozen=True, slots=True)
class FramePair:
    """How a frame of one year relates to the other year."""

    change: Literal["same", "renamed", "added", "removed", "not_stated"]
    before: FrameRef | None
    after: FrameRef | None
    how: str = ""  # for renames: "対応表: note" (curated lineage) or "名称の類似度 0.86" (difflib)


@dataclass(slots=True)
class Entry:
    """One compared value: the before and after values of a key, and what changed."""

    frame: FrameRef  # the frame the entry is shown under (the new name when renamed)
    kind: str
    applicant: str | None
    qualifiers: Qualifiers
    condition: str | None
    change: Change
    before: Value | None
    after: Value | None
    before_frame: FrameRef | None = None  # set when the frame was renamed
    note: str = ""
    unit: str | None = None  # what the values are counted per (person, …); None: per applicant

    @property
    def emphasis(self) -> bool:
        """Return whether the new value was printed in red."""
        return bool(self.after and self.after.emphasis)

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """Return (kind, applicant, what restricts the value) as the reports show them."""
        return (self.kind, self.applicant, qualifier_label(self.qualifiers, self.kind) or None)


def qualifier_label(q: Qualifiers, kind: str | None = None) -> str:
    """Return typed qualifiers as a reader writes them: ``補助額50万円超~350万円の部分・4プロセス以上``; the
    band of a requirement is the amount applied for (``申請額150万円以上``), not a part of the subsidy."""
    from normalize.amounts import format_amount

    parts = []
    if q.band:
        lo = f"{format_amount(q.band.min)}{'' if q.band.min_inclusive else '超'}" if q.band.min else ""
        hi = f"{format_amount(q.band.max)}{'以下' if q.band.max_inclusive else '未満'}" if q.band.max else ""
        open_top = "以上" if lo and not hi and q.band.min_inclusive else ""
        span = f"{lo}{'~' if lo and hi else ''}{hi}{open_top}"
        parts.append(f"申請額{span}" if kind in REQUIREMENT_KINDS else f"補助額{span}の部分")
    if q.tier:
        parts.append(tier_label(q.tier))
    parts += [p for p in (q.industry, q.category, f"{q.round}締切" if q.round else None, q.provision, q.case) if p]
    return "・".join(parts)


@dataclass(slots=True)
class Section:
    """The entries of one frame, for a table per frame in the reports."""

    frame: FrameRef
    pairs: list[FramePair]  # several when old frames were merged into this one
    entries: list[Entry] = field(default_factory=list)

    @property
    def change(self) -> str:
        """Return "added", "removed", "renamed", "not_stated" or "same" for the frame as a whole."""
        kinds = {p.change for p in self.pairs}
        return "renamed" if "renamed" in kinds else next(iter(kinds))

    @property
    def renamed_from(self) -> list[tuple[FrameRef, str]]:
        """Return the old frames (and how they were paired) this frame continues."""
        return [(p.before, p.how) for p in self.pairs if p.change == "renamed" and p.before]

    @property
    def n_changes(self) -> int:
        """Return how many entries claim a change (added, removed, changed)."""
        return sum(e.change in CHANGES for e in self.entries)

    @property
    def n_conflicts(self) -> int:
        """Return how many entries show a side whose documents disagree."""
        return sum(e.change == "conflict" for e in self.entries)


@dataclass(slots=True)
class DiffReport:
    """The comparison of two budget years of one program."""

    program: str
    before_label: str  # e.g. "2023" or "2024補正"
    after_label: str
    frames: list[FramePair]
    sections: list[Section]
    before_side: Side = field(default_factory=Side)
    after_side: Side = field(default_factory=Side)

    @property
    def entries(self) -> list[Entry]:
        """Return every entry of every section."""
        return [e for s in self.sections for e in s.entries]

    @property
    def changes(self) -> list[Entry]:
        """Return the entries that claim a change (added, removed, changed)."""
        return [e for e in self.entries if e.change in CHANGES]

    @property
    def conflicts(self) -> list[Entry]:
        """Return the entries where one year's documents disagree with each other."""
        return [e for e in self.entries if e.change == "conflict"]

    def to_json(self) -> dict[str, Any]:
        """Return the report in the shape of shared/spec/diff.md."""

        def side(s: Side) -> dict[str, Any]:
            return {"fiscal_year": s.fiscal_year, "budget": s.budget, "editions": s.editions,
                    "documents": s.documents}

        frames = [{"change": p.change, "before": frame_label(p.before) if p.before else None,
                   "after": frame_label(p.after) if p.after else None, "how": p.how or None} for p in self.frames]
        changes = []
        for e in self.entries:
            item: dict[str, Any] = {
                "frame": e.frame[0] or None, "type": e.frame[1] or None, "kind": e.kind, "applicant": e.applicant,
                "qualifiers": e.qualifiers.to_dict(), "condition": e.condition, "change": e.change,
                "before": e.before.export() if e.before else None, "after": e.after.export() if e.after else None,
                "emphasis": e.emphasis,
                "before_sources": [x.to_json() for x in e.before.sources] if e.before else [],
                "after_sources": [x.to_json() for x in e.after.sources] if e.after else [],
            }
            if e.before_frame is not None and e.before_frame != e.frame:
                item["before_frame"], item["before_type"] = e.before_frame[0] or None, e.before_frame[1] or None
            if e.note:
                item["note"] = e.note
            if e.unit:
                item["unit"] = e.unit
            changes.append(item)
        return {"program": self.program, "from": side(self.before_side), "to": side(self.after_side),
                "frames": frames, "changes": changes}


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def frame_label(ref: FrameRef) -> str:
    """Given (frame, type), return the label "枠 類型" as printed in the reports ("(全体)" when both empty)."""
    return " ".join(p for p in ref if p) or "(全体)"


def _matches(ref: FrameRef, label: str) -> bool:
    want = _norm(label)
    frame, type_ = ref
    return want in {_norm(frame + type_), _norm(type_) if type_ else None, _norm(frame) if not type_ else None}


_HEAD_NOUN = re.compile(r"(?:枠|類型|型)$")


def _stem(ref: FrameRef) -> str:
    """Return a frame's label without white space and the head nouns 枠, 類型, 型 of its parts."""
    return "".join(_HEAD_NOUN.sub("", _norm(p)) for p in ref if p)


def _bare(ref: FrameRef) -> bool:
    """Return whether a frame's label ends in no head noun (a row label the document printed bare)."""
    return _HEAD_NOUN.search(_norm(frame_label(ref))) is None


def pair_frames(program: str, old: set[FrameRef], new: set[FrameRef],
                renames: tuple[Rename, ...] | None = None) -> list[FramePair]:
    """Pair the frames of two years: exact names, then curated lineage, then difflib similarity."""
    renames = lineage() if renames is None else renames
    pairs = [FramePair("same", ref, ref) for ref in sorted(old & new)]
    targeted = set(old & new)
    left = sorted(old - new)
    for ref in list(left):
        for r in renames:
            if r.program not in (None, program) or not _matches(ref, r.old):
                continue
            hits = sorted(n for n in new if _matches(n, r.new))
            if hits:
                pairs.append(FramePair("renamed", ref, hits[0], f"対応表: {r.note}" if r.note else "対応表"))
                targeted.add(hits[0])
                left.remove(ref)
                break
    # one name printed bare and with its head noun (廃業・再チャレンジ / 廃業・再チャレンジ枠): one frame;
    # a 類型 that became a 枠 of the same words is a rename (paired below)
    for ref in list(left):
        hits = sorted(n for n in new - targeted if _stem(n) == _stem(ref) and _bare(n) != _bare(ref))
        if len(hits) == 1:
            pairs.append(FramePair("same", ref, hits[0], "表記の違い (枠・類型の有無)"))
            targeted.add(hits[0])
            left.remove(ref)
    free = sorted(new - targeted)
    scored = sorted(
        ((difflib.SequenceMatcher(None, _norm(frame_label(o)), _norm(frame_label(n))).ratio(), o, n)
         for o in left for n in free if o[0] and n[0]),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for ratio, o, n in scored:
        if ratio < SIMILARITY:
            break
        if o in left and n in free:
            pairs.append(FramePair("renamed", o, n, f"名称の類似度 {ratio:.2f}"))
            left.remove(o)
            free.remove(n)
    pairs += [FramePair("removed", o, None) for o in left]
    pairs += [FramePair("added", None, n) for n in free]
    return pairs


_KIND_ORDER = {"budget": 0, "rate": 1, "cap_max": 2, "cap_min": 3, "opens": 4, "deadline": 5,
               "applicant_definition": 6, "employees_max": 7, "capital_max": 8, "wage_growth_min": 9,
               "min_wage_margin": 10}
_CHANGE_ORDER = {"changed": 0, "added": 1, "removed": 2, "conflict": 3, "not_stated": 4, "unchanged": 5}


def _applicants_fit(a: str | None, b: str | None) -> bool:
    """Return whether two applicants may name the same rule: equal, nested (小規模事業者 in 中小企業), or unnamed."""
    return a is None or b is None or applicant_within(a, b) or applicant_within(b, a)


def _restates(x: SideStatement, value: str, other: SideStatement) -> bool:
    """Return whether `other` states `value` under a key that does not contradict `x`'s."""
    return (_applicants_fit(x.applicant, other.applicant) and not x.qualifiers.contradicts(other.qualifiers)
            and any(v.value == value for v in other.values))


def _same_subject(x: Qualifiers, y: Qualifiers) -> bool:
    """Return whether two keys speak about the same thing: the same kinds of qualifier, overlapping values.

    Both name a category that overlaps, a tier of the same dimension, a band, the same round or
    provision; case clauses aside.
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


def _covers(side: list[SideStatement], x: SideStatement) -> bool:
    """Return whether a year speaks about what `x` states: same kind, applicant and subject.

    A named applicant is spoken about where the other year names it, a class that contains it
    (中小企業 for 小規模事業者), or states the value for everyone; an unnamed one only where the
    other year states a value for everyone too.
    """
    return any((s.applicant is None or applicant_within(x.applicant, s.applicant))
               and _same_subject(x.qualifiers, s.qualifiers) for s in side)


def _merge_keys(stmts: list[SideStatement], origin: dict[int, FrameRef]) -> list[SideStatement]:
    """Merge statements of one key that come from several old frames merged into one (A類型, B類型 → 通常枠)."""
    by_key: dict[tuple[str | None, str], list[SideStatement]] = {}
    for st in stmts:
        by_key.setdefault(st.key, []).append(st)
    out = []
    for group in by_key.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        values: list[Value] = []
        for st in group:
            values += [v for v in st.values if all(w.value != v.value for w in values)]
        status = "conflict" if any(st.status == "conflict" for st in group) else (
            "several" if len(values) > 1 else "single")
        merged = SideStatement(group[0].frame, group[0].kind, group[0].applicant, group[0].qualifiers,
                               group[0].condition, status, values, group[0].unit)
        origin[id(merged)] = origin.get(id(group[0]), group[0].frame)
        out.append(merged)
    return out


def _same_key_but_case(x: SideStatement, y: SideStatement) -> bool:
    """Return whether two one-valued statements share a key but for the wording of a case clause."""
    return (x.status == y.status == "single" and x.applicant == y.applicant
            and x.qualifiers.without("case").key() == y.qualifiers.without("case").key()
            and bool(x.qualifiers.case) == bool(y.qualifiers.case))


class _KindDiff:
    """The comparison of one kind of value within one paired frame."""

    def __init__(self, shown: FrameRef, before: list[SideStatement], after: list[SideStatement],
                 origin: dict[int, FrameRef], before_elsewhere: Sequence[SideStatement] = (),
                 after_elsewhere: Sequence[SideStatement] = ()) -> None:
        self.shown, self.before, self.after, self.origin = shown, before, after, origin
        # statements of the other frames that may restate a value (a leaflet printing it without its frame)
        self.before_elsewhere, self.after_elsewhere = list(before_elsewhere), list(after_elsewhere)
        self.entries: list[Entry] = []
        self.restated: set[tuple[int, int, str]] = set()

    def _entry(self, x: SideStatement, change: Change, b: Value | None, a: Value | None, note: str = "") -> None:
        was = self.origin.get(id(b)) if b is not None else None
        was = was or self.origin.get(id(x))
        self.entries.append(Entry(self.shown, x.kind, x.applicant, x.qualifiers, x.condition, change, b, a,
                                  was if was != self.shown else None, note, x.unit))

    def run(self) -> list[Entry]:
        self.before = _merge_keys(self.before, self.origin)
        left_b: list[tuple[SideStatement, Value]] = []
        left_a: list[tuple[SideStatement, Value]] = []
        after_by_key: dict[tuple[str | None, str], SideStatement] = {s.key: s for s in self.after}
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
            bv, av = {v.value: v for v in b.values}, {v.value: v for v in a.values}
            if len(bv) == 1 and len(av) == 1 and bv.keys() != av.keys():
                self._entry(b, "changed", b.values[0], a.values[0])
                continue
            for k in bv.keys() & av.keys():
                self._entry(b, "unchanged", bv[k], av[k])
            left_b += [(b, v) for k, v in bv.items() if k not in av]
            left_a += [(a, v) for k, v in av.items() if k not in bv]
        left_a += [(a, v) for a in self.after if id(a) not in paired_after for v in a.values]
        left_b = self._restated(left_b, self.after, self.after_elsewhere, before_side=True)
        left_a = self._restated(left_a, self.before, self.before_elsewhere, before_side=False)
        self._unmatched(left_b, left_a)
        return self.entries

    def _conflict(self, b: SideStatement, a: SideStatement) -> None:
        for side, x in (("before", b), ("after", a)):
            if x.status == "conflict":
                values = "・".join(v.value for v in x.values)
                note = f"{'旧' if side == 'before' else '新'}年度の文書どうしで値が食い違う: {values}"
                for v in x.values:
                    self._entry(x, "conflict", v if side == "before" else None, v if side == "after" else None, note)

    def _restated(self, left: list[tuple[SideStatement, Value]], other: list[SideStatement],
                  elsewhere: list[SideStatement], *, before_side: bool) -> list[tuple[SideStatement, Value]]:
        """Report as unchanged every leftover value the other year restates; return the rest.

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
            ov = next(w for w in match.values if w.value == v.value)
            self._entry(x, "unchanged", v if before_side else ov, ov if before_side else v,
                        "同じ値を別の表現で記載")
        return rest

    def _unmatched(self, left_b: list[tuple[SideStatement, Value]], left_a: list[tuple[SideStatement, Value]]) -> None:
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
        for b, bv in left_b:
            self._entry(b, "removed" if self._claimable(b, self.after) else "not_stated", bv, None)
        for a, av in left_a:
            self._entry(a, "added" if self._claimable(a, self.before) else "not_stated", None, av)

    def _claimable(self, x: SideStatement, other: list[SideStatement]) -> bool:
        """Return whether a value the other year lacks may be called added/removed rather than not stated.

        Not for values without a frame (the other year may print them under one), nor for a key
        printed with several values (which rule each belongs to was not read); else where the
        other year speaks about the same thing.
        """
        return bool(self.shown[0]) and x.status == "single" and _covers(other, x)


def _definition_entries(shown: FrameRef, before: list[Definition], after: list[Definition]) -> list[Entry]:
    """Compare the definitions of each special applicant both years print for a frame."""
    out = []
    for applicant in sorted({d.applicant for d in before} & {d.applicant for d in after}):
        bs = sorted((d for d in before if d.applicant == applicant), key=lambda d: -len(d.text))
        as_ = sorted((d for d in after if d.applicant == applicant), key=lambda d: -len(d.text))
        same = any(same_definition(b.text, a.text) for b in bs for a in as_)
        bv = Value("applicant_definition", bs[0].text, False, tuple(d.source for d in bs))
        av = Value("applicant_definition", as_[0].text, False, tuple(d.source for d in as_))
        out.append(Entry(shown, "applicant_definition", applicant, Qualifiers(), None,
                         "unchanged" if same else "changed", bv, av))
    return out


def _comparable(pairs: list[FramePair], old: Side, new: Side) -> bool:
    """Return whether the two years' documents cover the program alike, so a frame absent from one is gone.

    Yes when most frames of the year that names fewer of them continue into the other year (at
    least two, and at least half): then both years enumerate the program's frames. Otherwise the
    documents differ in scope (a leaflet against a 公募要領) and an absent frame is only not stated.
    """
    named_old = {f for f in old.frames() if f[0]}
    named_new = {f for f in new.frames() if f[0]}
    shared = sum(1 for p in pairs if p.change in ("same", "renamed") and p.after and p.after[0])
    return shared >= 2 and shared * 2 >= min(len(named_old), len(named_new))


def compare(program: str, before_label: str, after_label: str, old: Side, new: Side) -> DiffReport:
    """Given the statements of two years, return the report of what changed between them."""
    pairs = pair_frames(program, old.frames(), new.frames())
    # a frame one year does not print is gone only where both years list the program's frames alike
    comparable = _comparable(pairs, old, new)
    pairs = [FramePair("not_stated", p.before, p.after, p.how)
             if p.change in ("added", "removed") and (not comparable or not (p.before or p.after or ("",))[0]) else p
             for p in pairs]
    groups: dict[FrameRef, list[FramePair]] = {}
    for pair in pairs:
        shown = pair.after or pair.before
        assert shown is not None
        groups.setdefault(shown, []).append(pair)
    sections = []
    for shown, group in groups.items():
        section = Section(shown, group)
        after = [s for s in new.statements if s.frame == shown] if group[0].after else []
        before: list[SideStatement] = []
        origin: dict[int, FrameRef] = {}
        old_frames = {p.before for p in group if p.before is not None}
        for st in old.statements:
            if st.frame in old_frames:
                before.append(st)
                origin[id(st)] = st.frame
                origin.update((id(v), st.frame) for v in st.values)
        # a sum per person is compared with sums per person only: (kind, unit) is what is compared
        kinds = sorted({(s.kind, s.unit or "") for s in before} | {(s.kind, s.unit or "") for s in after},
                       key=lambda k: (_KIND_ORDER.get(k[0], 99), k[1]))
        whole_program = shown == ("", "")
        for kind, unit in kinds:
            b = [s for s in before if (s.kind, s.unit or "") == (kind, unit)]
            a = [s for s in after if (s.kind, s.unit or "") == (kind, unit)]
            b_else = [s for s in old.statements if (s.kind, s.unit or "") == (kind, unit)
                      and s.frame not in old_frames and (whole_program or s.frame == ("", ""))]
            a_else = [s for s in new.statements if (s.kind, s.unit or "") == (kind, unit) and s.frame != shown
                      and (whole_program or s.frame == ("", ""))]
            section.entries += _KindDiff(shown, b, a, origin, b_else, a_else).run()
        whole = group[0].change
        for e in section.entries:  # a frame added, removed or not stated as a whole decides for its values
            if whole in ("added", "removed") and e.change == "not_stated":
                e.change = whole
            elif whole == "not_stated" and e.change in CHANGES:
                e.change = "not_stated"
        section.entries += _definition_entries(
            shown, [d for d in old.definitions if d.frame in old_frames],
            [d for d in new.definitions if d.frame == shown] if group[0].after else [])
        section.entries.sort(key=lambda e: (_KIND_ORDER.get(e.kind, 99), e.unit or "", _CHANGE_ORDER.get(e.change, 9),
                                            e.applicant or "", e.qualifiers.key()))
        sections.append(section)
    sections.sort(key=lambda s: (s.frame == ("", ""), s.frame))
    return DiffReport(program, before_label, after_label, pairs, sections, old, new)
