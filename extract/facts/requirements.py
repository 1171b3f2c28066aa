"""Requirements: who may apply (employees_max, capital_max) and what they must do for wages
(wage_growth_min, min_wage_margin), as facts with their provenance.

The requirement pass walks the same page items as the value pass (logical lines, and the
tables where they stand) in document order, keeping the headings open at each line
(`reqcontext.Headings`), and reads each line and table (`reqread`). A requirement takes:

- the program, budget year and edition of its page (the scope the value pass gave the page's
  first segment, else the page before);
- its frame: none for a definition (it holds for the whole program); for a wage requirement the
  frames its table row or the nearest heading above it names, else the one frame the document is
  about (its title), else none;
- its applicant from the class the headings or the line name (see `reqcontext`).

Nothing here decides on a printed word: the rows of the rule table that the modules name do.
"""

from __future__ import annotations

from collections.abc import Iterable

from extract.facts.model import REQUIREMENT_KINDS, DocInfo, Fact
from extract.facts.reqcontext import About, Headings, items
from extract.facts.reqread import Found, has_figure, is_label_line, read_line, read_table
from extract.facts.scope import DocContext, Pair, Scope, heading_names
from extract.facts.segments import Item, Segment
from extract.layout import union
from extract.model import BBox, Line, Page, Table

DEFINITIONS = frozenset({"employees_max", "capital_max"})
__all__ = ["REQUIREMENT_KINDS", "PageItems", "page_scopes", "requirement_facts"]
QUOTE_MAX = 160
PageItems = tuple[Page, list[Line] | None, list[Item]]


def page_scopes(segments: Iterable[Segment]) -> dict[int, Scope]:
    """Return, per page, the scope of its first segment (program, budget year, edition)."""
    out: dict[int, Scope] = {}
    for seg in segments:
        out.setdefault(seg.page, seg.scope)
    return out


def _frames(found: Found, about: About, scope: Scope, ctx: DocContext) -> tuple[Pair, ...]:
    """Return the frames a requirement is printed for (see the module docstring): a table row's label
    that names a frame comes before the headings."""
    if found.kind in DEFINITIONS:
        return ((None, None),)
    for text in (*found.labels, *about.headings):
        if pairs := heading_names(text, ctx, scope.program):
            return pairs
    return (ctx.default.frames if scope.program == ctx.default.program else ()) or ((None, None),)


def _quote(text: str, at: int) -> str:
    """Return the text, cut around the value when it is long."""
    text = " ".join(text.split())
    if len(text) <= QUOTE_MAX:
        return text
    lo = max(0, min(at - 80, len(text) - QUOTE_MAX))
    return text[lo : lo + QUOTE_MAX].strip()


def _facts(found: Found, where: tuple[Page, BBox | None, str], about: About, scope: Scope, ctx: DocContext,
           info: DocInfo) -> list[Fact]:
    page, bbox, source = where
    if scope.program is None:
        return []
    pairs = _frames(found, about, scope, ctx)
    frame_from = ("none: a definition holds for the whole program" if found.kind in DEFINITIONS
                  else "the nearest heading naming a frame, else the document's one frame")
    return [Fact(document=info.key, sha256=info.sha256, page=page.number, program=scope.program,
                 fiscal_year=scope.fiscal_year, budget=scope.budget, edition=scope.edition, frame=frame,
                 type=type_, kind=found.kind, value=found.value, applicant=found.applicant,
                 condition=found.condition, quote=_quote(found.quote, found.at), bbox=bbox,
                 extra={"cue": "local", "source": source, "labels": about.headings[:2], "rules": found.rules,
                        "frame_from": frame_from,
                        "applicant_from": "the class named by its heading or its own words" if found.applicant
                        else None})
            for frame, type_ in dict.fromkeys(pairs)]


def _line_box(item: Item, lines: list[Line] | None) -> BBox | None:
    boxes = [lines[k].bbox for k in item.idx if lines is not None and lines[k].bbox is not None]
    return union([b for b in boxes if b is not None]) if boxes else None


def _row_box(table: Table, row: int | None) -> BBox | None:
    boxes = [c.bbox for c in table.cells if c.row == row and c.bbox is not None]
    return union([b for b in boxes if b is not None]) if boxes else table.bbox


def requirement_facts(pages: list[PageItems], segments: Iterable[Segment], ctx: DocContext,
                      info: DocInfo) -> list[Fact]:
    """Given the pages of a document as items, its segments (for each page's scope) and its
    context, return its requirement facts."""
    headings, scopes, scope = Headings(), page_scopes(segments), ctx.default
    out: list[Fact] = []
    for page, lines, page_items in pages:
        scope = scopes.get(page.number, scope)
        label: str | None = None  # an industry printed on the line before a definition
        for it in page_items:
            if it.table is not None:
                table = page.tables[it.table]
                about = headings.about("")
                for f in read_table(table, about):
                    out += _facts(f, (page, _row_box(table, f.row), "table"), about, scope, ctx, info)
                label = None
                continue
            for part in items(it.text):
                about, found = _read_part(part, headings, label)
                label = part if not found and is_label_line(part) else None
                headings.see(part, leaf=bool(found) or label is not None)
                for f in found:
                    out += _facts(f, (page, _line_box(it, lines), "text"), about, scope, ctx, info)
    return out


def _read_part(part: str, headings: Headings, label: str | None) -> tuple[About, list[Found]]:
    """Return what the headings say of a line and its requirements; a line without a figure (人, 円, %)
    states none and is not read."""
    if not has_figure(part):
        return About(), []
    about = headings.about(part)
    return about, read_line(part, about, label)
