"""Compare two budget years of one program: frames added, removed or renamed, and values that changed.

Input is what `schema.diffload` reads from the database: for each side, the
values of each frame keyed by (kind, applicant, condition). Frames are paired
exactly, then through the curated lineage (`lineage.toml`), then by name
similarity; every value key of a paired frame is compared as a set of distinct
values (a key can legitimately carry several, e.g. one deadline per call).
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from schema.catalog import Rename, lineage

FrameRef = tuple[str, str]
"""(frame, type); "" for a missing frame (program-wide fact) or type."""
ValueKey = tuple[str, str | None, str | None]
"""(kind, applicant, condition)."""
Change = Literal["added", "removed", "changed", "unchanged"]
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
    """One distinct value of a key on one side, with the source chosen to represent it."""

    kind: str
    value: str  # as exported: "2/3", "1500000", "2024-03-15T17:00"
    emphasis: bool  # printed in red by the publisher (in any of the documents stating it)
    source: Source

    def export(self) -> int | str:
        """Return the value in the facts.jsonl form (integers for amounts)."""
        if self.kind in ("cap_max", "cap_min", "budget") and self.value.lstrip("-").isdigit():
            return int(self.value)
        return self.value


Side = dict[FrameRef, dict[ValueKey, list[Value]]]
"""One budget year: frame → value key → distinct values, best source first."""


@dataclass(slots=True)
class FramePair:
    """How a frame of one year relates to the other year."""

    change: Literal["same", "renamed", "added", "removed"]
    before: FrameRef | None
    after: FrameRef | None
    how: str = ""  # for renames: "対応表: note" (curated lineage) or "名称の類似度 0.86" (difflib)


@dataclass(slots=True)
class Entry:
    """One compared value: the before and after values of a key, and what changed."""

    frame: FrameRef  # the frame the entry is shown under (the new name when renamed)
    key: ValueKey
    change: Change
    before: Value | None
    after: Value | None
    before_frame: FrameRef | None = None  # set when the frame was renamed

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
        """Return "added", "removed", "renamed" or "same" for the frame as a whole."""
        kinds = {p.change for p in self.pairs}
        return "renamed" if "renamed" in kinds else next(iter(kinds))

    @property
    def renamed_from(self) -> list[tuple[FrameRef, str]]:
        """Return the old frames (and how they were paired) this frame continues."""
        return [(p.before, p.how) for p in self.pairs if p.change == "renamed" and p.before]

    @property
    def n_changes(self) -> int:
        """Return how many entries differ between the years."""
        return sum(e.change != "unchanged" for e in self.entries)


@dataclass(slots=True)
class DiffReport:
    """The comparison of two budget years of one program."""

    program: str
    before_label: str  # e.g. "2023" or "2024補正"
    after_label: str
    frames: list[FramePair]
    sections: list[Section]

    @property
    def entries(self) -> list[Entry]:
        """Return every entry of every section."""
        return [e for s in self.sections for e in s.entries]

    @property
    def changes(self) -> list[Entry]:
        """Return the entries that differ (added, removed, changed)."""
        return [e for e in self.entries if e.change != "unchanged"]

    def to_json(self) -> list[dict[str, Any]]:
        """Return the changes as the JSON list of objects documented in schema/README.md."""
        out = []
        for e in self.changes:
            item: dict[str, Any] = {
                "program": self.program, "frame": e.frame[0] or None, "type": e.frame[1] or None,
                "kind": e.key[0], "applicant": e.key[1], "condition": e.key[2], "change": e.change,
                "before": e.before.export() if e.before else None,
                "after": e.after.export() if e.after else None,
                "before_source": e.before.source.to_json() if e.before else None,
                "after_source": e.after.source.to_json() if e.after else None,
            }
            if e.emphasis:
                item["emphasis"] = True
            if e.before_frame is not None and e.before_frame != e.frame:
                item["before_frame"], item["before_type"] = e.before_frame[0] or None, e.before_frame[1] or None
            out.append(item)
        return out


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def frame_label(ref: FrameRef) -> str:
    """Given (frame, type), return the label "枠 類型" as printed in the reports ("(全体)" when both empty)."""
    return " ".join(p for p in ref if p) or "(全体)"


def _matches(ref: FrameRef, label: str) -> bool:
    want = _norm(label)
    frame, type_ = ref
    return want in {_norm(frame + type_), _norm(type_) if type_ else None, _norm(frame) if not type_ else None}


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


def _compare(before: list[Value], after: list[Value]) -> list[tuple[Change, Value | None, Value | None]]:
    b = {v.value: v for v in before}
    a = {v.value: v for v in after}
    if b.keys() == a.keys():
        return [("unchanged", b[k], a[k]) for k in b]
    if len(b) == 1 and len(a) == 1:
        return [("changed", next(iter(b.values())), next(iter(a.values())))]
    out: list[tuple[Change, Value | None, Value | None]] = []
    out += [("removed", v, None) for k, v in b.items() if k not in a]
    out += [("added", None, v) for k, v in a.items() if k not in b]
    out += [("unchanged", b[k], a[k]) for k in b if k in a]
    return out


_KIND_ORDER = {"budget": 0, "rate": 1, "cap_max": 2, "cap_min": 3, "opens": 4, "deadline": 5}


def _key_order(k: ValueKey) -> tuple[Any, ...]:
    return (_KIND_ORDER.get(k[0], 9), k[0], k[1] or "", k[2] or "")


def compare(program: str, before_label: str, after_label: str, old: Side, new: Side) -> DiffReport:
    """Given the values of two years, return the report of what changed between them."""
    pairs = pair_frames(program, set(old), set(new))
    groups: dict[FrameRef, list[FramePair]] = {}
    for pair in pairs:
        shown = pair.after or pair.before
        assert shown is not None
        groups.setdefault(shown, []).append(pair)
    sections = []
    for shown, group in groups.items():
        section = Section(shown, group)
        after = new.get(shown, {}) if group[0].after else {}
        before: dict[ValueKey, list[Value]] = {}
        origin: dict[int, FrameRef] = {}  # id(value) → the old frame it was read under
        for pair in group:
            if pair.before is None:
                continue
            for key, values in old.get(pair.before, {}).items():
                merged = before.setdefault(key, [])
                for v in values:
                    if all(m.value != v.value for m in merged):
                        merged.append(v)
                        origin[id(v)] = pair.before
        for key in set(before) | set(after):
            for change, bv, av in _compare(before.get(key, []), after.get(key, [])):
                was = origin.get(id(bv)) if bv else None
                section.entries.append(Entry(shown, key, change, bv, av, was if was != shown else None))
        section.entries.sort(key=lambda e: (_key_order(e.key), e.change == "unchanged"))
        sections.append(section)
    sections.sort(key=lambda s: (s.frame == ("", ""), s.frame))
    return DiffReport(program, before_label, after_label, pairs, sections)
