"""Editions of a program as records: which edition each document states facts for, and how that was found.

An edition is what a publisher issues together. It has any of a fiscal year and budget
(令和6年度補正 → 2024, 補正), a round (第20次), an edition label (IT導入補助金2025), a version
(第4版, 2024-03-28) and a series (<一般型>: a line of the program with rounds of its own). This
module places every *row* — the facts a document states for a program under one printed scope
(`editions` table: fiscal year, budget, label as the fact stage read them) — in an edition, and
records for each attribute where it was printed or how it was inferred (`Evidence`).

1. From the document itself (`extract.knowledge.printed.read_edition`): the row's own scope, else what
   the title and cover print (a budget year, a round, a label, a version, a series).
2. From the corpus, for what is still unknown:
   - an edition label or a round that another document ties to a fiscal year;
   - a document that names this one by its title (a 公募要領 naming its 交付規程 or 手引き);
   - the program's official long name on the cover, where only one edition's documents print it.
3. Rows with the same key (program, series, fiscal year, budget, round; a label or version
   only where nothing before it is known) are one edition. Editions are ordered by fiscal year,
   then budget, round and version date; one without a fiscal year is placed by the date it
   was issued.

Pure domain code: no database; `schema.editions_store` reads the inputs and writes the records.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extract.knowledge.printed import EditionText, names_round, round_label, round_number
from normalize.dates import fiscal_year_of

ATTRS = ("fiscal_year", "budget", "round", "label", "version", "series")
"""The attributes of an edition whose origin is recorded."""
BUDGET_RANK = {"補正": 2, "当初": 1}
_TITLE_NOISE = re.compile(r"[\s<>＜＞〈〉《》()（）「」『』【】\[\]・･]")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an attribute was printed (`printed`) or what it was inferred from (`inferred`)."""

    how: str  # "printed" | "inferred"
    document: str
    page: int | None
    words: str = ""  # the printed words, or what the inference rests on

    def text(self) -> str:
        """Return the evidence as spec/diff.md's `dated_by` writes it: ``printed: doc p.3``."""
        where = f"p.{self.page}" if self.page is not None else "(title)"
        return f"{self.how}: {self.document} {where}"

    def to_json(self) -> dict[str, Any]:
        """Return the evidence as a JSON object (stored in the database)."""
        return {"how": self.how, "document": self.document, "page": self.page, "words": self.words}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Evidence:
        """Rebuild evidence from `to_json`."""
        return cls(d["how"], d["document"], d.get("page"), d.get("words") or "")


@dataclass(slots=True)
class Attrs:
    """The attributes of an edition (None / "" when unknown) and the evidence of each."""

    fiscal_year: int | None = None
    budget: str | None = None
    round: str = ""  # 第20次, 第17回
    round_no: int | None = None
    label: str = ""  # IT導入補助金2025
    version: str = ""  # 2024-03-28, 第4版, Ver.1.0
    version_date: dt.date | None = None
    series: str = ""  # 一般型
    issued: dt.date | None = None  # the date the cover prints or the document was published (order only)
    dated_by: dict[str, Evidence] = field(default_factory=dict)

    def known(self) -> bool:
        """Return whether anything that tells editions apart is known (year, round, label or version)."""
        return self.fiscal_year is not None or bool(self.round or self.label or self.version)

    def to_json(self) -> dict[str, Any]:
        """Return the attributes as spec/diff.md's edition object (`dated_by` as ``printed: doc p.N``)."""
        return {"fiscal_year": self.fiscal_year, "budget": self.budget, "round": self.round or None,
                "label": self.label or None, "version": self.version or None, "series": self.series or None,
                "dated_by": {k: self.dated_by[k].text() for k in ATTRS if k in self.dated_by}}


@dataclass(frozen=True, slots=True)
class PrintedScope:
    """The facts one document states for one program under one printed scope (an `editions` row)."""

    row_id: int
    document: str
    program: str
    fiscal_year: int | None
    budget: str | None
    label: str  # the printed label, "" when none
    facts: int
    first_page: int | None


@dataclass(slots=True)
class DocInput:
    """One document: its key, title, kind, publication date, what it prints, and its rows."""

    key: str
    title: str | None
    printed: EditionText
    rows: list[PrintedScope]
    published: dt.date | None = None
    title_lines: tuple[str, ...] = ()  # the title area of its first page (to match a title another names)
    fiscal_pages: dict[tuple[int, str | None], tuple[int, str]] = field(default_factory=dict)
    label_pages: dict[str, tuple[int, str]] = field(default_factory=dict)


@dataclass(slots=True)
class Placement:
    """A row placed in an edition: the attributes it resolved to and the edition's key."""

    row: PrintedScope
    attrs: Attrs
    key: tuple[Any, ...] = ()


@dataclass(slots=True)
class Edition:
    """One edition of a program: its attributes, documents, rows, and its place among the program's editions."""

    program: str
    key: tuple[Any, ...]
    attrs: Attrs
    documents: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    position: int = 0

    @property
    def ident(self) -> str:
        """Return the key as one string (unique per program)."""
        return key_text(self.key)

    def describe(self) -> str:
        """Return e.g. ``2024補正 第20次 IT導入補助金2025 v2025-04-25`` (``?`` when nothing is known)."""
        a = self.attrs
        parts = [f"{a.fiscal_year}{a.budget or ''}" if a.fiscal_year else "",
                 f"<{a.series}>" if a.series else "", a.round, a.label, version_label(a.version)]
        return " ".join(p for p in parts if p) or "?"

    def order_key(self) -> tuple[Any, ...]:
        """Return the sort key: fiscal year (an edition without one by the fiscal year it was issued in,
        after that year's editions), budget, round, version date and number."""
        a = self.attrs
        anchor = a.version_date or a.issued
        if a.fiscal_year is not None:
            year: float = a.fiscal_year
        elif anchor is not None:
            year = fiscal_year_of(anchor) - 0.5  # issued in fiscal year Y: funded by Y-1 or earlier
        else:
            year = math.inf
        return (year, BUDGET_RANK.get(a.budget or "", 0), a.round_no if a.round_no is not None else -1,
                a.version_date or dt.date.min, a.version, anchor or dt.date.min, self.ident)


def version_label(version: str) -> str:
    """Return a version as a reader names it: a date or bare number with a v (v2024-03-28, v9), a printed
    number as printed (第4版, Ver.1.0)."""
    return f"v{version}" if version[:1].isdigit() and not version.endswith("版") else version


def key_text(key: Sequence[Any]) -> str:
    """Given an edition key, return it as one string: ``ものづくり補助金||2024|補正|第20次||``."""
    return "|".join("" if x is None else str(x) for x in key)


def compact_title(text: str) -> str:
    """Given a document title, return it NFKC-normalised without spaces, brackets and middle dots."""
    return _TITLE_NOISE.sub("", unicodedata.normalize("NFKC", text))


def _ev(how: str, doc: str, page: int | None, words: str) -> Evidence:
    return Evidence(how, doc, page, words[:120])


def _own_attrs(row: PrintedScope, doc: DocInput, main_year: int | None, main_program: str | None) -> Attrs:
    """Given a row, return the attributes its document prints for it: its own scope first, then what the
    title and cover print (for the rows of the document's own year and program)."""
    p = doc.printed
    a = Attrs(issued=doc.published)
    own = row.fiscal_year is None or row.fiscal_year == main_year  # a 【参考】 column of another year is not
    label_fits = (p.label is not None and p.label_program == row.program
                  and (row.fiscal_year is None or p.label_fiscal_year in (None, row.fiscal_year)))
    if row.fiscal_year is not None:
        a.fiscal_year, a.budget = row.fiscal_year, row.budget
        page, words = doc.fiscal_pages.get((row.fiscal_year, row.budget), (row.first_page, ""))
        if not words and label_fits and p.label and p.label_fiscal_year == row.fiscal_year:
            # the year follows from the edition label by the catalog's rule for the program
            at = doc.label_pages.get(p.label.value, (p.label.page, p.label.quote))[0]
            a.dated_by["fiscal_year"] = _ev("inferred", doc.key, at, f"edition label {p.label.value}")
        else:
            a.dated_by["fiscal_year"] = _ev("printed", doc.key, page, words)
    elif p.fiscal_year is not None:
        a.fiscal_year, a.budget = p.fiscal_year, p.budget
        a.dated_by["fiscal_year"] = _ev("printed", doc.key, p.fiscal.page if p.fiscal else None,
                                        p.fiscal.quote if p.fiscal else "")
    if a.budget:
        a.dated_by["budget"] = a.dated_by["fiscal_year"]
    if names_round(row.label):
        a.round, a.round_no = round_label(row.label), round_number(row.label)
        page, words = doc.label_pages.get(row.label, (row.first_page, row.label))
        a.dated_by["round"] = _ev("printed", doc.key, page, words)
    elif row.label:
        a.label = row.label
        page, words = doc.label_pages.get(row.label, (row.first_page, row.label))
        a.dated_by["label"] = _ev("printed", doc.key, page, words)
    if not own:
        return a
    mine = main_program == row.program
    if not a.round and p.round and mine:
        a.round, a.round_no = p.round.value, p.round_no
        a.dated_by["round"] = _ev("printed", doc.key, p.round.page, p.round.quote)
    if not a.label and p.label and label_fits:
        a.label = p.label.value
        a.dated_by["label"] = _ev("printed", doc.key, p.label.page, p.label.quote)
    if p.version:
        a.version, a.version_date = p.version.value, p.version_date
        a.dated_by["version"] = _ev("printed", doc.key, p.version.page, p.version.quote)
    if p.series and mine:
        a.series = p.series.value
        a.dated_by["series"] = _ev("printed", doc.key, p.series.page, p.series.quote)
    if p.issued is not None:
        a.issued = dt.date.fromisoformat(p.issued.value)
        if not a.known():  # a document that prints nothing else is told apart by the date on its cover
            a.version, a.version_date = p.issued.value, a.issued
            a.dated_by["version"] = _ev("printed", doc.key, p.issued.page, p.issued.quote)
    return a


def _fill(target: Attrs, source: Attrs, names: Iterable[str], evidence: Evidence) -> None:
    """Copy the attributes `names` that `target` lacks from `source`, with `evidence`."""
    for name in names:
        if name == "fiscal_year" and target.fiscal_year is None and source.fiscal_year is not None:
            target.fiscal_year, target.budget = source.fiscal_year, source.budget
            target.dated_by["fiscal_year"] = evidence
            if source.budget:
                target.dated_by["budget"] = evidence
        elif name == "round" and not target.round and source.round:
            target.round, target.round_no = source.round, source.round_no
            target.dated_by["round"] = evidence
        elif name in ("label", "series") and not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
            target.dated_by[name] = evidence


def _tie_years(placed: list[Placement], docs: dict[str, DocInput]) -> None:
    """Give a label or round without a fiscal year the year another document ties it to."""
    ties: dict[tuple[str, str, str], tuple[Attrs, Evidence]] = {}

    def key(pl: Placement, what: str, value: str) -> tuple[str, str, str]:
        return (pl.row.program, what, value + "|" + (pl.attrs.series if what == "round" else ""))

    for pl in placed:
        a = pl.attrs
        if a.fiscal_year is None:
            continue
        ev = a.dated_by.get("fiscal_year")
        page = ev.page if ev else pl.row.first_page
        for what, value in (("label", a.label), ("round", a.round)):
            if value:
                said = f"{value} = {a.fiscal_year}{a.budget or ''}"
                ties.setdefault(key(pl, what, value), (a, _ev("inferred", pl.row.document, page, said)))
    for pl in placed:
        a = pl.attrs
        if a.fiscal_year is not None:
            continue
        for what, value in (("label", a.label), ("round", a.round)):
            hit = ties.get(key(pl, what, value)) if value else None
            if hit is not None and hit[1].document != pl.row.document:
                _fill(a, hit[0], ("fiscal_year",), hit[1])
                break


def _matches_title(named: str, doc: DocInput) -> bool:
    """Return whether a title another document names is this document's title (or its cover's)."""
    want = compact_title(named)
    lines = [compact_title(t) for t in doc.title_lines]
    titles = {compact_title(doc.title or ""), compact_title(doc.printed.short_title)} | set(lines)
    titles |= {"".join(lines[i : i + n]) for n in (2, 3) for i in range(len(lines) - n + 1)}  # a title over lines
    return want in titles


def _named_by(placed: list[Placement], docs: dict[str, DocInput]) -> None:
    """Give a document that prints no edition the edition of the one document (edition) that names it by title."""
    by_doc: dict[str, list[Placement]] = defaultdict(list)
    for pl in placed:
        by_doc[pl.row.document].append(pl)
    for doc in docs.values():
        mine = [pl for pl in by_doc.get(doc.key, []) if not pl.attrs.known() or pl.attrs.fiscal_year is None]
        if not mine:
            continue
        namers: dict[tuple[Any, ...], tuple[Attrs, Evidence]] = {}
        for other in docs.values():
            if other.key == doc.key:
                continue
            for named in other.printed.named:
                if not _matches_title(named.value, doc):
                    continue
                for pl in by_doc.get(other.key, []):
                    a = pl.attrs
                    if pl.row.program in {m.row.program for m in mine} and a.known():
                        k = (pl.row.program, a.fiscal_year, a.budget, a.round, a.label, a.series,
                             a.version if a.fiscal_year is None and not a.round and not a.label else "")
                        namers.setdefault(k, (a, _ev("inferred", other.key, named.page, f"「{named.value}」")))
        for pl in mine:
            hits = [v for k, v in namers.items() if k[0] == pl.row.program]
            if len(hits) == 1:  # named by several editions (one 規程 for many rounds): no single edition
                source, ev = hits[0]
                _fill(pl.attrs, source, ("fiscal_year", "round", "label", "series"), ev)
                if source.fiscal_year is None and not source.round and not source.label and source.version:
                    # the namer is told apart by its version alone: the named document is of that version
                    pl.attrs.version, pl.attrs.version_date = source.version, source.version_date
                    pl.attrs.dated_by["version"] = ev


def _long_names(placed: list[Placement], docs: dict[str, DocInput]) -> None:
    """Give a document that prints no edition the one edition whose documents print its program's long name."""
    users: dict[tuple[str, str], dict[tuple[Any, ...], tuple[Attrs, Evidence]]] = defaultdict(dict)
    for pl in placed:
        a = pl.attrs
        if a.fiscal_year is None and not a.round and not a.label:
            continue
        for name in docs[pl.row.document].printed.long_names:
            users[(pl.row.program, name)].setdefault(
                (a.fiscal_year, a.budget, a.round, a.label, a.series),
                (a, _ev("inferred", pl.row.document, 1, f"official name {name}")))
    for pl in placed:
        a = pl.attrs
        if a.fiscal_year is not None or a.round or a.label:
            continue
        candidates: dict[tuple[Any, ...], tuple[Attrs, Evidence]] = {}
        for name in docs[pl.row.document].printed.long_names:
            candidates.update(users.get((pl.row.program, name), {}))
        if len(candidates) == 1:
            source, ev = next(iter(candidates.values()))
            _fill(a, source, ("fiscal_year", "round", "label", "series"), ev)


def edition_key(a: Attrs, program: str) -> tuple[Any, ...]:
    """Return the key that makes rows one edition: series, year, budget and round; a label where no year
    is known; a version where nothing else is."""
    label = a.label if a.fiscal_year is None and not a.round else ""
    version = a.version if a.fiscal_year is None and not a.round and not a.label else ""
    return (program, a.series, a.fiscal_year, a.budget, a.round, label, version)


def _split_versions(placed: list[Placement], docs: dict[str, DocInput]) -> None:
    """Two versions of one document (the same title) in one edition are two editions, by version."""
    groups: dict[tuple[Any, ...], list[Placement]] = defaultdict(list)
    for pl in placed:
        groups[pl.key].append(pl)
    for group in groups.values():
        titles: dict[str, set[str]] = defaultdict(set)
        for pl in group:
            if pl.attrs.version:
                titles[compact_title(docs[pl.row.document].title or pl.row.document)].add(pl.attrs.version)
        if any(len(v) > 1 for v in titles.values()):
            for pl in group:
                pl.key = (*pl.key[:-1], pl.attrs.version)


def _merge(placements: list[Placement]) -> Attrs:
    """Return the attributes of an edition from those of its rows: printed evidence before inferred,
    then the row with the most facts."""
    ranked = sorted(placements, key=lambda pl: (-pl.row.facts, pl.row.document, pl.row.row_id))
    out = Attrs()
    for name in ATTRS:
        best = sorted((pl for pl in ranked if name in pl.attrs.dated_by),
                      key=lambda pl: pl.attrs.dated_by[name].how != "printed")
        if best:
            src = best[0].attrs
            if name == "fiscal_year":
                out.fiscal_year, out.budget = src.fiscal_year, src.budget
            elif name == "round":
                out.round, out.round_no = src.round, src.round_no
            elif name == "version":
                if len({pl.attrs.version for pl in placements}) > 1:
                    continue  # documents of one edition in versions of their own: no version of the edition
                out.version, out.version_date = src.version, src.version_date
            else:
                setattr(out, name, getattr(src, name))
            out.dated_by[name] = src.dated_by[name]
    if out.budget is None:
        out.dated_by.pop("budget", None)
    issued = [pl.attrs.issued for pl in placements if pl.attrs.issued]
    out.issued = min(issued) if issued else None
    return out


def _before_its_revisions(editions: list[Edition], docs: dict[str, DocInput]) -> None:
    """Place an edition that prints nothing of its own (no year, round, label, version or date) just before the
    earliest dated edition of a document of the same title: a 規程 printing no date beside one printing its
    改正 date is the text that was revised (the order is kept in `issued`, no attribute is made up)."""
    def titles(e: Edition) -> set[str]:
        out = set()
        for d in (docs[k] for k in e.documents if k in docs):
            out |= {compact_title(t) for t in (d.title, *d.title_lines[:1]) if t}
        return out - {""}

    for e in editions:
        if e.attrs.known() or e.attrs.issued is not None:
            continue
        dated = [o.attrs.version_date or o.attrs.issued for o in editions
                 if o is not e and o.program == e.program and titles(o) & titles(e)]
        days = [d for d in dated if d is not None]
        if days:
            e.attrs.issued = min(days) - dt.timedelta(days=1)


def resolve(docs: Sequence[DocInput]) -> tuple[list[Edition], list[Placement]]:
    """Given the documents with their rows, return every program's editions (in order) and each row's placement."""
    by_key = {d.key: d for d in docs}
    placed: list[Placement] = []
    for doc in docs:
        if not doc.rows:
            continue
        main_year = doc.printed.fiscal_year
        if main_year is None:
            years: dict[int, int] = defaultdict(int)
            for r in doc.rows:
                if r.fiscal_year is not None:
                    years[r.fiscal_year] += r.facts
            main_year = max(years, key=lambda y: (years[y], y)) if years else None
        main_program = doc.printed.program or max(doc.rows, key=lambda r: r.facts).program
        placed += [Placement(r, _own_attrs(r, doc, main_year, main_program)) for r in doc.rows]
    _tie_years(placed, by_key)
    _named_by(placed, by_key)
    _long_names(placed, by_key)
    _tie_years(placed, by_key)
    for pl in placed:
        pl.key = edition_key(pl.attrs, pl.row.program)
    _split_versions(placed, by_key)
    groups: dict[tuple[Any, ...], list[Placement]] = defaultdict(list)
    for pl in placed:
        groups[pl.key].append(pl)
    editions = [Edition(key[0], key, _merge(group), sorted({pl.row.document for pl in group}),
                        sorted(pl.row.row_id for pl in group)) for key, group in groups.items()]
    _before_its_revisions(editions, by_key)
    by_program: dict[str, list[Edition]] = defaultdict(list)
    for e in editions:
        by_program[e.program].append(e)
    out = []
    for program in sorted(by_program):
        ordered = sorted(by_program[program], key=lambda e: e.order_key())
        for i, e in enumerate(ordered):
            e.position = i
        out += ordered
    return out, placed
