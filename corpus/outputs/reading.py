"""How each document of a database was read: the program(s) its facts name, how many facts it gave,
what a document without facts was read as, and the pages that print values no fact came from.

`readings` answers for the build summary (`hojo build`) and `hojo gaps`: all from the stored rows,
so it needs no file. The program of a document without facts is what the fact stage reads its title
and first page as (`extract.facts.pipeline.read_as`, on the stored document); the gaps of a page are
`extract.facts.gaps.page_gaps`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from extract.facts.gaps import Gap, PageText, page_gaps
from extract.facts.model import DocInfo
from extract.facts.pipeline import UNREADABLE, read_as
from schema.models import DocumentRow, FactRow, FrameRow, PageRow, ProgramRow, ScopeRow
from schema.stored import stored_document


@dataclass(slots=True)
class Reading:
    """One document as the fact stage read it."""

    document: str
    facts: int = 0
    programs: list[tuple[str, int]] = field(default_factory=list)  # the programs of its facts, most facts first
    read_as: str | None = None  # the program its title and first page name (documents without facts)
    fiscal_year: int | None = None  # the budget year it was read as (documents without facts)
    gaps: list[Gap] = field(default_factory=list)
    page_programs: dict[int, set[str]] = field(default_factory=dict)  # the programs of the facts of each page

    @property
    def program(self) -> str | None:
        """Return the program the document was read as: that of most of its facts, else of its title."""
        return self.programs[0][0] if self.programs else self.read_as

    def program_of(self, page: int) -> str | None:
        """Return the program a page is about: that of the facts of the nearest page before it that has
        some (the section it stands in), else of the nearest after it, else the document's."""
        before = [p for p in self.page_programs if p < page]
        after = [p for p in self.page_programs if p > page]
        near = max(before) if before else min(after) if after else None
        if near is None:
            return self.program
        found = self.page_programs[near]
        return self.program if self.program in found else min(found)


def readings(engine: Engine, keys: Iterable[str] | None = None) -> list[Reading]:
    """Return how each stored document (those of `keys`, or all) was read, by document key."""
    wanted = None if keys is None else set(keys)
    with Session(engine) as s:
        docs = {k: (i, title, published) for i, k, title, published in s.execute(
            select(DocumentRow.id, DocumentRow.key, DocumentRow.title,
                   DocumentRow.published).where(DocumentRow.status == "ok"))
            if wanted is None or k in wanted}
        out = {k: Reading(k) for k in sorted(docs)}
        counts = (select(DocumentRow.key, ProgramRow.name, func.count(FactRow.id))
                  .join(FactRow, FactRow.document_id == DocumentRow.id).join(FrameRow, FactRow.frame_id == FrameRow.id)
                  .join(ScopeRow, FrameRow.edition_id == ScopeRow.id)
                  .join(ProgramRow, ScopeRow.program_id == ProgramRow.id)
                  .group_by(DocumentRow.key, ProgramRow.name))
        for key, program, n in s.execute(counts):
            if key in out:
                out[key].programs.append((program, n))
                out[key].facts += n
        for r in out.values():
            r.programs.sort(key=lambda pn: (-pn[1], pn[0]))
        _gaps(s, out, {i: k for k, (i, _, _) in docs.items()})
        for r in out.values():
            if not r.facts:
                _read_as(s, r, docs[r.document][1], docs[r.document][2])
    return list(out.values())


def _gaps(s: Session, out: dict[str, Reading], keys: dict[int, str]) -> None:
    """Fill in the gaps of every document of `out` (ids → keys in `keys`) from its stored pages and facts."""
    fact_pages: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    q_facts = (select(FactRow.document_id, FactRow.page, ProgramRow.name).join(FrameRow,
                                                                               FactRow.frame_id == FrameRow.id)
               .join(ScopeRow, FrameRow.edition_id == ScopeRow.id)
               .join(ProgramRow, ScopeRow.program_id == ProgramRow.id)
               .distinct())
    for doc_id, page, program in s.execute(q_facts):
        if page is not None and doc_id in keys:
            fact_pages[doc_id][page].add(program)
    pages: dict[int, list[PageText]] = defaultdict(list)
    q = select(PageRow.document_id, PageRow.number, PageRow.text, PageRow.flags,
               PageRow.text_source).order_by(PageRow.document_id,
                                                                                              PageRow.number)
    for doc_id, number, text, flags, source in s.execute(q):
        if doc_id in keys:
            ok = source == "ocr" or not (set(flags or ()) & UNREADABLE)
            pages[doc_id].append(PageText(number, text or "", ok))
    for doc_id, key in keys.items():
        out[key].page_programs = dict(fact_pages.get(doc_id, {}))
        out[key].gaps = page_gaps(pages.get(doc_id, []), set(out[key].page_programs))


def _read_as(s: Session, r: Reading, title: str | None, published: object) -> None:
    """Fill in what a document without facts was read as, from its stored rows."""
    doc = stored_document(s, r.document)
    if doc is None:
        return
    info = DocInfo(key=r.document, sha256="", title=title,
                   published=published.isoformat() if hasattr(published, "isoformat") else None)
    scope = read_as(doc, info)
    r.read_as, r.fiscal_year = scope.program, scope.fiscal_year


def gaps(engine: Engine, program: str | None = None) -> list[tuple[Reading, Gap, str | None]]:
    """Return every page of the database that prints values no fact came from, with its document's
    reading and the program the page is about (`Reading.program_of`); with `program`, only those."""
    found = [(r, g, r.program_of(g.page)) for r in readings(engine) for g in r.gaps]
    return [x for x in found if program is None or x[2] == program]


def gap_lines(found: list[tuple[Reading, Gap, str | None]], fmt: str) -> Iterator[str]:
    """Given what `gaps` found, yield it as lines to print: JSON Lines (`jsonl`), else two lines of text
    per page (the document, page, program and heading; then the values left unread)."""
    for r, g, about in found:
        if fmt == "jsonl":
            yield json.dumps({"document": r.document, "program": about, **g.to_json()}, ensure_ascii=False)
            continue
        more = f" … and {g.more} more" if g.more else ""
        yield f"{r.document} p.{g.page} [{about or '—'}] {g.heading or '—'}"
        yield f"    {'  '.join(g.values)}{more}"
