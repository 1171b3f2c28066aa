"""Compare two editions of one program over their statements: what the publisher changed, and only that.

Each side is what `schema.diffload` reads: the statements (`extract.knowledge.statements.Statement`, the
one statement type from the statements stage to the diff) and applicant definitions of the
documents of one or more editions, with where each document came from, which of them enumerate
the program's frames, and the renames they print. The rules, for users, are in docs/diff.md:

1. Frames are paired (`extract.knowledge.pairing`): the same name; a curated rename (`lineage.toml`); a
   rename a document prints (旧○○枠, ○○枠を改称, ○○から再編); most of the same values (a split
   or merge: several successors); a similar name. A frame left over is `added` / `removed`
   where the other side enumerates the program's frames (a 公募要領 of the whole program, an
   overview), else `not_stated`.
2. Within a paired frame, each kind is compared, per unit (`extract.knowledge.kinddiff`; a sum per person against
   sums per person only): values of one key pair up
   (`unchanged`, `changed`, `conflict`); a value the other side restates under a key that does
   not contradict it is `unchanged`; the rest is `added` / `removed` where the other side states
   that kind for the same subject, else `not_stated`.
3. A frame's change and its values' changes agree: a frame `not_stated` compares no value; a
   frame added or removed as a whole adds or removes every value.
4. Definitions of a special applicant that differ in substance are `applicant_definition` changes.

Every kind is compared by these rules (no kind has rules of its own); what a report prints
(Japanese words, labels of qualifiers) is in `corpus.outputs.report_templates`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from extract.knowledge.statements import ApplicantDefinition, Mention, Statement, same_definition
from normalize.qualifiers import Qualifiers

FrameRef = tuple[str, str]
"""(frame, type); "" for a missing frame (program-wide fact) or type."""
Change = Literal["added", "removed", "changed", "unchanged", "not_stated", "conflict"]
CHANGES = ("added", "removed", "changed")
"""The entries that claim the publisher changed something."""
WHOLE: FrameRef = ("", "")
_INTEGER = re.compile(r"-?[0-9]+")
_HEAD_NOUN = re.compile(r"(?:枠|類型|型)$")
STEM_MIN = 5
"""Characters a frame's name must keep without its head noun to be looked for so (専門家活用枠 as 専門家活用;
デジタル枠 and A類型 only whole: their stems are common words)."""


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


_NAME_GOES_ON = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9々・]$")
_LIST_BEFORE = re.compile(r"(?:枠|類型|型)・$")


def _ends_in_name(printed: str, name: str) -> bool:
    """Return whether printed words end in a name and the name starts there (共同・協業枠 ends in 協業枠 but
    names 共同・協業枠; 甲枠・乙枠 names 乙枠)."""
    if not printed.endswith(name):
        return False
    before = printed[: len(printed) - len(name)]
    return not before or not _NAME_GOES_ON.search(before) or _LIST_BEFORE.search(before) is not None



@dataclass(frozen=True, slots=True)
class Citation:
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
    sources: tuple[Citation, ...]

    @property
    def source(self) -> Citation:
        """Return the source to cite first."""
        return self.sources[0]

    def export(self) -> int | str:
        """Return the value in the facts.jsonl form: a whole number as an integer, anything else as text."""
        return int(self.value) if _INTEGER.fullmatch(self.value) else self.value


@dataclass(frozen=True, slots=True)
class DocRef:
    """What a side knows of one of its documents: title, links, and whether it enumerates the frames."""

    key: str
    title: str | None = None
    url: str | None = None  # the publisher's URL of the file
    file_url: str | None = None  # file:// URL of a local copy
    enumerates: bool = False  # it lists the program's frames (a 公募要領 of the whole program, an overview)
    why: str = ""  # koubo / kitei / page …: how it was seen to enumerate them
    published: dt.date | None = None  # the newest document is cited first


@dataclass(frozen=True, slots=True)
class FrameRename:
    """A rename a document of a side prints: the frame it names now, its former names, and where."""

    new: str
    old: tuple[str, ...]
    document: str
    page: int | None
    quote: str


@dataclass(frozen=True, slots=True)
class FrameNotice:
    """A frame a document of a side says was created (`added`) or abolished (`removed`): the names as printed
    (whole first, then each of a list), and where."""

    names: tuple[str, ...]
    change: str
    document: str
    page: int | None
    quote: str

    def names_frame(self, ref: FrameRef) -> bool:
        """Return whether the notice is about a frame: the whole printed name (or else one of its list) ends
        in the frame's name (words before a name are part of the sentence: 支援する共同・協業枠)."""
        want = {_compact(ref[0] + ref[1]), _compact(ref[1]) if ref[1] else _compact(ref[0])} - {""}
        return any(_ends_in_name(n, w) for n in self.names for w in want)

    def where(self) -> str:
        """Return the document, page and words, as a frame pair's evidence."""
        return f"{self.document} p.{self.page}: {self.quote}" if self.page else f"{self.document}: {self.quote}"


@dataclass(slots=True)
class Side:
    """One side of a diff: the statements and definitions of its documents, and what the reports show of it."""

    statements: list[Statement] = field(default_factory=list)
    definitions: list[ApplicantDefinition] = field(default_factory=list)
    documents: dict[str, DocRef] = field(default_factory=dict)
    edition: dict[str, Any] = field(default_factory=dict)  # spec/diff.md's edition object (fiscal_year … dated_by)
    label: str = ""  # how the reports name the side: 2024補正, 第20次, a document key
    renames: list[FrameRename] = field(default_factory=list)
    series: str = ""  # the line of the program (<一般型>) its editions belong to, "" when none
    text: str = ""  # the text of its documents, NFKC-normalised without white space (what they print at all)
    notices: list[FrameNotice] = field(default_factory=list)  # frames its documents say were created or abolished

    def says(self, ref: FrameRef, change: str) -> FrameNotice | None:
        """Return the notice of its documents that a frame was created (`added`) or abolished (`removed`)."""
        return next((n for n in self.notices if n.change == change and n.names_frame(ref)), None)

    def prints(self, ref: FrameRef) -> bool:
        """Return whether its documents print the name of a frame anywhere (with or without its head noun),
        values or not: a frame whose name a side prints is no frame the side lacks."""
        name = _compact(ref[1] or ref[0])
        stem = _HEAD_NOUN.sub("", name)
        return bool(name) and (name in self.text or (len(stem) >= STEM_MIN and stem in self.text))

    @property
    def editions(self) -> list[str]:
        """Return the edition labels its statements' documents print (IT導入補助金2025, 第20次公募)."""
        return sorted({e for st in self.statements for e in st.editions})

    def frames(self) -> set[FrameRef]:
        """Return the frames the side states values or definitions for."""
        return {(s.frame, s.type) for s in self.statements} | {(d.frame, d.type) for d in self.definitions}

    def covers_frames(self) -> bool:
        """Return whether one of its documents enumerates the program's frames."""
        return any(d.enumerates for d in self.documents.values())

    def cite(self, m: Mention) -> Citation:
        """Return the citation of a mention, with its document's title and links."""
        d = self.documents.get(m.document) or DocRef(m.document)
        anchor = f"#page={m.page}" if m.page else ""
        return Citation(m.document, m.page, m.quote, d.title, m.edition, m.fiscal_year, m.budget,
                      f"{d.url}{anchor}" if d.url else None, f"{d.file_url}{anchor}" if d.file_url else None)

    def _cite_order(self, s: Any) -> tuple[Any, ...]:
        """The exact sources first, then the newest document; ties on content (key, page, quote)."""
        d = self.documents.get(s.mention.document)
        day = d.published if d is not None else None
        return (s.via != "exact", day is None, -(day.toordinal() if day else 0), s.mention.document,
                s.mention.page or 0, s.mention.quote)

    def values(self, st: Statement) -> list[Value]:
        """Return the values of a statement, each with its sources (the exact ones first)."""
        out = []
        for v in st.values:
            srcs = sorted((s for s in st.sources if st.canonical(s.value) == v), key=self._cite_order)
            if srcs:
                out.append(Value(st.kind, v, any(s.mention.emphasis for s in srcs),
                                 tuple(dict.fromkeys(self.cite(s.mention) for s in srcs))))
        return out


@dataclass(frozen=True, slots=True)
class FramePair:
    """How a frame of one side relates to the other side; `how` says how a rename was found."""

    change: Literal["same", "renamed", "added", "removed", "not_stated"]
    before: FrameRef | None
    after: FrameRef | None
    how: str = ""  # same: head_noun, frame_of_type, series; renamed: lineage, printed, types, values, place …
    evidence: str = ""  # the document and words of a printed rename, the values shared, the ratio …

    @property
    def whole(self) -> bool:
        """Return whether this is the program-wide part (values printed without a frame), no frame."""
        return (self.before or self.after) == WHOLE


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
    note: str = ""  # restated | conflict_before | conflict_after | order
    detail: str = ""  # the values a conflict note is about
    unit: str | None = None  # what the values are counted per (person, …); None: per applicant
    rounds: str = ""  # the rounds each side prints for a round slot (第15回→第17回), where they are known

    @property
    def emphasis(self) -> bool:
        """Return whether the new value was printed in red."""
        return bool(self.after and self.after.emphasis)


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
        return "renamed" if "renamed" in kinds else sorted(kinds)[0]

    @property
    def compared(self) -> bool:
        """Return whether the frame is on both sides (same or renamed), so its values were compared."""
        return self.change in ("same", "renamed")

    @property
    def renamed_from(self) -> list[FramePair]:
        """Return the renames this frame continues (old frames and how they were paired)."""
        return [p for p in self.pairs if p.change == "renamed" and p.before]

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
    """The comparison of two editions (or sets of editions, or documents) of one program."""

    program: str
    before_label: str  # e.g. "2023", "第20次", a document key
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
        """Return the entries where one side's documents disagree with each other."""
        return [e for e in self.entries if e.change == "conflict"]

    def to_json(self) -> dict[str, Any]:
        """Return the report in the shape of shared/spec/diff.md."""

        def side(s: Side) -> dict[str, Any]:
            return {**s.edition, "editions": s.editions, "documents": sorted(s.documents)}

        frames = [{"change": p.change, "before": frame_label(p.before) if p.before else None,
                   "after": frame_label(p.after) if p.after else None, "how": p.how or None,
                   **({"evidence": p.evidence} if p.evidence else {})} for p in self.frames
                  if (p.before or p.after) != WHOLE]  # the program-wide part is no frame
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
                item["note"] = e.note + (f": {e.detail}" if e.detail else "")
            if e.unit:
                item["unit"] = e.unit
            if e.rounds:
                item["rounds"] = e.rounds
            changes.append(item)
        return {"program": self.program, "from": side(self.before_side), "to": side(self.after_side),
                "frames": frames, "changes": changes}


def frame_label(ref: FrameRef) -> str:
    """Given (frame, type), return the label "枠 類型" ("" parts left out; empty for the whole program)."""
    return " ".join(p for p in ref if p)


KIND_ORDER = ("budget", "rate", "cap_max", "cap_min", "opens", "deadline", "employees_max", "capital_max",
              "wage_growth_min", "min_wage_margin")
"""Kinds in the order a reader looks for them; other kinds follow in name order, definitions last."""
_CHANGE_ORDER = {"changed": 0, "added": 1, "removed": 2, "conflict": 3, "not_stated": 4, "unchanged": 5}


def kind_order(kind: str) -> tuple[int, str]:
    """Return the sort key of a kind (known kinds first, then any other by name, definitions last)."""
    if kind == "applicant_definition":
        return (len(KIND_ORDER) + 1, kind)
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind)


def _definition_entries(shown: FrameRef, old: Side, new: Side, before: list[ApplicantDefinition],
                        after: list[ApplicantDefinition]) -> list[Entry]:
    """Compare the definitions of each special applicant both sides print for a frame."""
    out = []
    for applicant in sorted({d.applicant for d in before} & {d.applicant for d in after}):
        bs = sorted((d for d in before if d.applicant == applicant), key=lambda d: -len(d.definition))
        as_ = sorted((d for d in after if d.applicant == applicant), key=lambda d: -len(d.definition))
        same = any(same_definition(b.definition, a.definition) for b in bs for a in as_)
        bv = Value("applicant_definition", bs[0].definition, False, tuple(old.cite(d.mention) for d in bs))
        av = Value("applicant_definition", as_[0].definition, False, tuple(new.cite(d.mention) for d in as_))
        out.append(Entry(shown, "applicant_definition", applicant, Qualifiers(), None,
                         "unchanged" if same else "changed", bv, av))
    return out


def _settle(pairs: list[FramePair], old: Side, new: Side) -> list[FramePair]:
    """Decide the frames left over: `added` where the older side enumerates the program's frames and prints
    its name nowhere, `removed` where the newer side does so, or either where the newer side's documents say
    so (○○枠を新設, ○○枠は廃止); else `not_stated` (and never for the program-wide part, nor between sides of
    two lines of a program, or of a line and an unnamed one)."""
    same_line = old.series == new.series
    out = []
    for p in pairs:
        ref = p.after or p.before
        if p.change not in ("added", "removed") or ref is None or ref == WHOLE or not same_line:
            out.append(p if p.change not in ("added", "removed") else
                       FramePair("not_stated", p.before, p.after, p.how, p.evidence))
            continue
        other = old if p.change == "added" else new
        notice = new.says(ref, p.change)
        if notice is not None:
            out.append(FramePair(p.change, p.before, p.after, "printed", notice.where()))
        elif other.covers_frames() and not other.prints(ref):
            out.append(p)
        else:
            out.append(FramePair("not_stated", p.before, p.after, p.how, p.evidence))
    return out


def measure(st: Statement) -> tuple[str, str]:
    """Return what a statement's value measures: its kind and what it is counted per ("" per applicant).
    A sum per person is compared with sums per person only."""
    return (st.kind, st.unit or "")


def _elsewhere(side: Side, what: tuple[str, str], mine: set[FrameRef], shown: FrameRef) -> list[Statement]:
    """Return the statements of kind and unit `what` outside the frames `mine` that may restate one of them:
    for the program-wide part any other frame's, for a frame the program-wide ones (a leaflet printing a
    value without its frame) and, for a frame without 類型, those of its 類型 (a side printing it per 類型)."""
    return [s for s in side.statements if measure(s) == what and (s.frame, s.type) not in mine
            and (shown == WHOLE or (s.frame, s.type) == WHOLE
                 or (not shown[1] and s.frame == shown[0] and bool(s.type)))]


def _entry_order(e: Entry) -> tuple[Any, ...]:
    """Order a section's entries by kind, unit, change, applicant and qualifiers; entries alike in all of these
    (two values of one key) by their condition and values, so that the order never depends on how sets of
    strings happened to iterate in this process (Python salts string hashes per process)."""
    return (kind_order(e.kind), e.unit or "", _CHANGE_ORDER.get(e.change, 9), e.applicant or "", e.qualifiers.key(),
            e.condition or "", e.before.value if e.before else "", e.after.value if e.after else "")


def compare(program: str, old: Side, new: Side, lineage: tuple[Any, ...] | None = None) -> DiffReport:
    """Given the two sides, return the report of what changed between them (see the module docstring)."""
    from extract.knowledge.kinddiff import KindDiff
    from extract.knowledge.pairing import pair_frames

    pairs = _settle(pair_frames(program, old, new, lineage), old, new)
    groups: dict[FrameRef, list[FramePair]] = {}
    for pair in pairs:
        shown = pair.after or pair.before
        assert shown is not None
        groups.setdefault(shown, []).append(pair)
    sections = []
    for shown, group in groups.items():
        section = Section(shown, group)
        old_frames = {p.before for p in group if p.before is not None}
        after = [s for s in new.statements if (s.frame, s.type) == shown] if group[0].after else []
        before = [s for s in old.statements if (s.frame, s.type) in old_frames]
        compared = section.compared or shown == WHOLE
        measures = sorted({measure(s) for s in before} | {measure(s) for s in after},
                          key=lambda w: (kind_order(w[0]), w[1]))
        for what in measures:
            b = [s for s in before if measure(s) == what]
            a = [s for s in after if measure(s) == what]
            b_else = _elsewhere(old, what, old_frames, shown) if compared else []
            a_else = _elsewhere(new, what, {shown}, shown) if compared else []
            section.entries += KindDiff(shown, old, new, b, a, b_else, a_else).run()
        _agree(section)
        if compared:
            section.entries += _definition_entries(
                shown, old, new, [d for d in old.definitions if (d.frame, d.type) in old_frames],
                [d for d in new.definitions if (d.frame, d.type) == shown])
        section.entries.sort(key=_entry_order)
        sections.append(section)
    sections.sort(key=lambda s: (s.frame == WHOLE, s.frame))
    return DiffReport(program, old.label, new.label, pairs, sections, old, new)


def _agree(section: Section) -> None:
    """Make the values' changes agree with the frame's: a frame added or removed as a whole adds or removes
    its values; a frame not stated on one side compares none of its values."""
    whole = section.change
    for e in section.entries:
        if whole == "added":
            e.change = "added"
        elif whole == "removed":
            e.change = "removed"
        elif whole == "not_stated" and section.frame != WHOLE:
            e.change, e.note, e.detail = "not_stated", "", ""
