"""The fact stage: a `DocumentText` in, `Fact`s with their provenance out.

1. `document_context`: the document's default program, budget year and edition, and the
   frame each type belongs to (from X枠(Y類型) anywhere in the document); a first pass
   learns the frame and type names the document prints (`vocab.Vocabulary`), so a row
   label printing one without 枠/類型 (販路強化) is known as that name.
2. Per page, `page_items` turns lines into logical lines and marks where tables stand;
   `columns.page_bands` finds frame bands printed side by side over column groups;
   `segments.walk_page` gives every logical line holding a value its scope and labels,
   `tables.table_segments` every value cell. A value takes the frame and type of the
   nearest structure naming one: its cell, row header, column header, the band above its
   column, a heading, the page title, the document.
3. `values.read_segment` reads the candidate facts of a segment; `associate` (GiNZA) fills
   in applicants the surface rules leave open in real sentences.
4. `build_facts` makes one fact per candidate and frame in scope, with quote and box.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from extract.facts.budget import PageBudget, check
from extract.facts.catalog import Catalog, default_catalog
from extract.facts.cellines import cell_rows
from extract.facts.columns import page_bands, scope_text, table_bands, table_editions
from extract.facts.emphasis import bold_marks_changes, crossed_out, emphasised, value_core
from extract.facts.enumerated import enumerated_rows
from extract.facts.everyframe import mark_every, spread_every
from extract.facts.examples import without_examples
from extract.facts.frames import find_names, glued_name, joined_cell, name_key, names_printed, within
from extract.facts.indexes import lines_inside, printed_once
from extract.facts.kinds import bracket_condition, defined_applicant, definitions
from extract.facts.leadapplicant import lead_applicants
from extract.facts.model import DocInfo, Fact
from extract.facts.partnotes import part_note_applicants
from extract.facts.plaintypes import name_plain_types
from extract.facts.requirements import PageItems, requirement_facts
from extract.facts.restated import RESTATED, complete_applicants, read_negated_cases
from extract.facts.roundtime import with_common_time
from extract.facts.ruletable import regex
from extract.facts.scope import (
    TYPE_UNDER_FRAME,
    DocContext,
    Pair,
    Scope,
    budget_of,
    document_context,
    edition_heading,
    home_program,
    learn_names,
)
from extract.facts.segments import Item, Segment, Walk, band_names, reflow, walk_page
from extract.facts.sizes import note_on_line, note_sizes
from extract.facts.tables import table_segments
from extract.facts.titlename import slide_program
from extract.facts.values import Candidate, read_segment
from extract.facts.vocab import Vocabulary
from extract.facts.wraps import join_wraps
from extract.layout import union
from extract.locate import locate
from extract.model import BBox, DocumentText, Line, Page, Table

_TABLE_LINE = regex("label.table-line")
_SKIP_ROLES = ("header", "footer", "page_number")
# Pages whose numbers survived without their words: 1/4 on such a page may be anything.
UNREADABLE = frozenset({"lost_japanese", "cid_garbage", "private_use", "no_text_layer"})
QUOTE_MAX = 160
WRAP_MIN_CHARS = 20
WRAP_MIN_LINES = 3  # a shorter line reaching the margin is a label or a cell, not a wrapped paragraph
# A program name as the topic of what follows: ものづくり補助金(グローバル枠)で、… / IT導入補助金は…
_PROGRAM_AS_TOPIC = regex("label.program-topic")


def _table_of(box: BBox | None, tables: list[BBox | None]) -> int | None:
    """Return the index of the table whose box holds the centre of `box`, or None."""
    if box is None:
        return None
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for i, tb in enumerate(tables):
        if tb is not None and tb[0] <= cx <= tb[2] and tb[1] <= cy <= tb[3]:
            return i
    return None


def _wrapped_lines(lines: list[Line]) -> list[bool]:
    """Given the lines of a PDF page, return for each whether it runs to the right margin of the
    page's text, so that its sentence goes on in the next line (a paragraph wrapped by width)."""
    right = max((ln.bbox[2] for ln in lines if ln.bbox is not None), default=None)
    out = []
    for ln in lines:
        if ln.bbox is None or right is None or ln.vertical:
            out.append(False)
            continue
        em = ln.bbox[3] - ln.bbox[1]  # about one full-width character
        out.append(len(ln.text.strip()) >= WRAP_MIN_CHARS and ln.bbox[2] >= right - 1.5 * em)
    # a page of running text has many lines at its margin; a cover or a slide's widest line is no wrap
    return out if sum(out) >= WRAP_MIN_LINES else [False] * len(out)


def _before_name_lines(wrapped: list[bool], texts: list[str]) -> list[bool]:
    """Given which lines run to the right margin and the lines' texts, return it with no line wrapped onto
    a line that is nothing but a frame name (賃金規定等改定コース): such a line is a heading of its own."""
    def only_name(t: str) -> bool:
        names = find_names(t)
        return len(names) == 1 and names[0].text == "".join(t.split())

    return [w and not (k + 1 < len(texts) and only_name(texts[k + 1])) for k, w in enumerate(wrapped)]


def page_items(
    page: Page, known: frozenset[str] = frozenset(), catalog: Catalog | None = None
) -> tuple[list[Line] | None, list[Item]]:
    """Given a page, return the lines read (None when only `Page.text` exists) and its items:
    logical lines, with an item standing for each table where its rows were. A space a line
    wrap left inside a word is joined (`extract.facts.wraps`; `catalog` adds its names)."""
    lines = [ln for ln in page.lines if ln.role not in _SKIP_ROLES] if page.lines else None
    texts = [ln.text for ln in lines] if lines is not None else page.text.split("\n")
    texts = [join_wraps(t, catalog) for t in texts]
    items: list[Item] = []
    chunk: list[int] = []
    table_no = 0
    in_table = False

    wrapped = _before_name_lines(_wrapped_lines(lines), texts) if lines is not None else None

    def glue(before: str, after: str) -> bool:
        return bool(known) and glued_name(before, after, known)

    def flush() -> None:
        wraps = [wrapped[k] for k in chunk] if wrapped is not None else None
        for text, idx in reflow([texts[k] for k in chunk], wraps, glue):
            items.append(Item(text, [chunk[k] for k in idx]))
        chunk.clear()

    boxes = [t.bbox for t in page.tables]
    for k, t in enumerate(texts):
        box_table = _table_of(lines[k].bbox, boxes) if lines is not None else None
        if box_table is not None:  # a PDF line inside a table's box: read with the table
            if not any(it.table == box_table for it in items):
                flush()
                items.append(Item("", [], table=box_table))
            continue
        if page.tables and _TABLE_LINE.search(t):
            if not in_table:
                flush()
                if table_no < len(page.tables) and page.tables[table_no].bbox is None:
                    items.append(Item("", [], table=table_no))
                table_no += 1
                in_table = True
            continue
        in_table = False
        chunk.append(k)
    flush()
    placed = {it.table for it in items if it.table is not None}
    items += [Item("", [], table=t) for t in range(len(page.tables)) if t not in placed]  # PDF tables: at the end
    return lines, items


def joined_table(table: Table, catalog: Catalog) -> Table:
    """Given a table, return it with the wraps inside words of its cells joined (`join_wraps`)."""
    rows = [[join_wraps(joined_cell(c), catalog) for c in row] for row in table.rows]  # PMI専門家 / 活用類型
    return table if rows == table.rows else replace(table, rows=rows)


def readable(page: Page) -> bool:
    """Given a page, return whether its text can be trusted for values: not a page whose Japanese
    was lost or garbled in the text layer (only digits and brackets left) unless OCR replaced it."""
    return page.text_source == "ocr" or not (set(page.flags) & UNREADABLE)


def document_reading(doc: DocumentText, info: DocInfo, catalog: Catalog,
                     budget: PageBudget | None = None) -> tuple[DocContext, list[PageItems]]:
    """Given a document, return its context (the program, budget year and edition it is read as, the
    names it prints) and its readable pages as items; no value is read yet. A page over its time
    `budget` is left out."""
    budget = budget if budget is not None else PageBudget(None)
    readable_pages = [p for p in doc.pages if readable(p)]
    title = info.title or doc.metadata.get("title")
    all_lines = [join_wraps(t, catalog) for p in readable_pages for t in (p.text.split("\n") if p.text else [])]
    # first pass: the frame and type names the document prints whole, by key and by stem
    printed = names_printed([title or "", *all_lines])
    known = frozenset(name_key(n.text) for n in printed)
    pages = [(p, *got) for p in readable_pages if (got := budget.call(p.number, page_items, p, known, catalog))]
    first = next((p for p in pages if any(it.text for it in p[2])), None)
    first_texts = [it.text for it in first[2] if it.text][:40] if first else []
    ctx = document_context(title, first_texts, catalog, info.published, known)
    ctx.vocab = Vocabulary(printed)
    if ctx.default.program is None and (named := catalog.most_named(all_lines)):
        ctx.default = replace(ctx.default, program=named)  # a title naming no program: the one the text names
    return ctx, pages


def document_segments(doc: DocumentText, info: DocInfo, catalog: Catalog,
                      on_page: Callable[[int], object] | None = None, budget: PageBudget | None = None
                      ) -> tuple[list[Segment], DocContext, list[PageItems]]:
    """Given a document, return all its segments (lines and cells holding values), its context and
    its readable pages as items (logical lines and tables, in reading order).

    `on_page(1)` is called as each page has been walked (progress of a long document). A page over its
    time `budget` gives no segments."""
    budget = budget if budget is not None else PageBudget(None)
    ctx, pages = document_reading(doc, info, catalog, budget)
    learn_names([it.text for _, _, items in pages for it in items if it.text], ctx)
    state = Walk(ctx.default, [], ctx.year)
    out: list[Segment] = []
    for page, lines, items in pages:
        if page.number > 1 and items and (other := slide_program(items[0].text, state.scope.program, catalog)):
            state.scope, state.labels = Scope(other, state.scope.fiscal_year, state.scope.budget), []  # next sheet
        out += budget.call(page.number, _page_segments, page, lines, items, state, ctx, catalog) or []
        if on_page is not None:
            on_page(1)
    return out, ctx, pages


def read_as(doc: DocumentText, info: DocInfo, catalog: Catalog | None = None) -> Scope:
    """Given a document, return the scope it is read as before any value: its program (from the title
    and first page, else the one its text names most), budget year and edition."""
    return document_reading(doc, info, catalog or default_catalog())[0].default


def _page_segments(page: Page, lines: list[Line] | None, items: list[Item], state: Walk, ctx: DocContext,
                   catalog: Catalog) -> list[Segment]:
    """Walk one page (carrying `state` on): return its segments, its tables' cells included."""
    names = partial(band_names, ctx=ctx, program=state.scope.program)
    bands = page_bands(page, lines, items, names, partial(edition_heading, catalog=catalog))
    positioned = any(ln.bbox is not None for ln in lines or ())
    pieces, headings = enumerated_rows(items, positioned, ctx, state.scope.program)
    bands.flat.update(pieces)
    bands.lines |= headings  # headings of editions side by side: columns, not sections of the page
    cells, cell_lines = cell_rows(items, positioned, ctx, state.scope.program)  # tables one cell per line
    bands.flat = {**cells, **bands.flat}
    bands.lines |= cell_lines
    segs, at_table = walk_page(page.number, without_examples(items), lines, state, ctx, bands.lines,
                               bands.flat)  # 【計算例】: the values of an example's section are none
    out = scope_text(segs, bands.rows)
    for t, table in enumerate(page.tables):
        scope, labels = at_table.get(t, (state.scope, tuple(state.labels[:6])))
        out += table_segments(joined_table(table, catalog), page.number, scope, ctx, labels, state.year,
                              table_bands(table, bands, t), table_editions(table, bands, t))
    return out


def _quote(text: str, start: int, end: int) -> str:
    """Return the segment text, cut around the value when it is long."""
    if len(text) <= QUOTE_MAX:
        return text
    lo = max(0, start - 80)
    hi = min(len(text), max(end + 40, lo + QUOTE_MAX))
    return text[lo:hi].strip()


def _box(seg: Segment, quote: str, page: Page | None) -> BBox | None:
    """Return the box of the quote: the extract locator's where the quote is a piece of the page
    text, else the cell's box or the union of the source lines."""
    at = printed_once(page.text, quote) if page is not None and page.lines else -1  # else the locator may pick a twin
    located = locate(page, at, at + len(quote)) if at >= 0 and page is not None else None
    boxes = [ln.bbox for ln in seg.lines if ln.bbox is not None]
    return located or seg.bbox or (union(boxes) if boxes else None)


def _source_lines(seg: Segment, page: Page | None) -> tuple[Line, ...]:
    """Return the lines a segment was read from; for a table cell, the page lines inside its box."""
    if seg.lines or seg.bbox is None or page is None:
        return seg.lines
    return lines_inside(page, seg.bbox)


def build_facts(
    seg: Segment,
    cands: list[Candidate],
    info: DocInfo,
    ctx: DocContext,
    page: Page | None = None,
    page_text: str = "",
    bold_counts: bool = False,
) -> list[Fact]:
    """Given a segment, its candidates and its page, return one fact per candidate and frame in scope.

    A value printed in brackets after another (200万円 (300万円)) gets the case a header or a
    note of its page gives for bracketed values as its condition. `emphasis` is set as
    `extract.facts.emphasis` says (red, or bold where `bold_counts`)."""
    out: list[Fact] = []
    before: dict[str, Candidate] = {}  # the last value of each kind printed outside brackets
    for c in cands:
        check()  # the page's time budget
        if not c.bracketed:
            before[c.kind] = c
        scope = _candidate_scope(c, seg, ctx)
        program = scope.program
        if program is None:
            continue
        pairs, placed = named_pairs(c, scope, ctx)
        quote = _quote(seg.text, c.start, c.end)
        bbox = _box(seg, quote, page)
        core = value_core(c.kind, c.value, seg.text[c.start : c.end])
        source_lines = _source_lines(seg, page) if seg.source == "table" else seg.lines
        if crossed_out(source_lines, core):
            continue  # ~~30万円~~ 5万円~: the former value, crossed out beside its replacement
        marked = emphasised(source_lines, core, bold_counts)
        condition = _fact_condition(c, seg, before)
        for frame, type_ in dict.fromkeys(pairs):
            out.append(
                Fact(
                    document=info.key,
                    sha256=info.sha256,
                    page=seg.page,
                    program=program,
                    fiscal_year=scope.fiscal_year,
                    budget=scope.budget,
                    edition=scope.edition,
                    frame=frame,
                    type=type_,
                    kind=c.kind,
                    value=c.value,
                    applicant=c.applicant or seg.applicant,
                    condition=condition,
                    quote=quote,
                    bbox=bbox,
                    emphasis=marked,
                    extra=_evidence(c, seg, placed),
                    unit=c.unit,
                )
            )
    return out


def _fact_condition(c: Candidate, seg: Segment, before: dict[str, Candidate]) -> str | None:
    """Return a fact's condition: its segment's tier and the candidate's conditions; a value printed in
    brackets after another (5人以下 750万円(1,000万円)) keeps that value's conditions, with the case the
    page gives bracketed values (set only where no note named the bracket's size)."""
    case = c.case if c.bracketed else None
    shared = before[c.kind].conditions if c.bracketed and c.kind in before else []
    return "; ".join(dict.fromkeys(x for x in (seg.tier, *shared, *c.conditions, case) if x)) or None


def _candidate_scope(c: Candidate, seg: Segment, ctx: DocContext) -> Scope:
    """Return the scope of a candidate: its segment's, unless the value names a program inline or names
    frames at home in another program; a budget takes the year printed nearest before it."""
    scope = seg.scope
    if c.program and c.program != scope.program:
        scope = Scope(program=c.program)
    elif c.names and (home := home_program(ctx, seg.page, scope.program, c.names)):
        scope = Scope(program=home, fiscal_year=scope.fiscal_year, budget=scope.budget)
    if scope.program is not None and c.kind == "budget" and (printed := budget_of(seg.text[: c.start], nearest=True)):
        scope = replace(scope, fiscal_year=printed[0], budget=printed[1])
    return scope


def named_pairs(c: Candidate, scope: Scope, ctx: DocContext) -> tuple[tuple[Pair, ...], list[str]]:
    """Given a candidate and its scope, return its (frame, type) pairs and the rule ids that placed
    them: the names the value prints itself, a type among them without its frame taking the one
    frame of the cell, band or heading it stands under (rule frame.type-under-frame); else the scope's."""
    named = tuple(ctx.canonical(scope.program, p) for p in c.names)
    pairs = within(scope.frames, named) if named else scope.frames or ((None, None),)
    by_layout = (named and pairs != named) or ctx.placed.intersection(pairs)
    return pairs, [TYPE_UNDER_FRAME] if by_layout else []


def _evidence(c: Candidate, seg: Segment, placed: list[str]) -> dict[str, Any]:
    """Return what a fact keeps of how it was read: its cue, source and labels, the ids of the
    rule-table rows that read and placed it, and where its frame and applicant came from."""
    return {"cue": c.cue, "source": seg.source, "labels": list(seg.labels[:2]),
            "rules": [*c.rules, *seg.rules, *placed],
            "frame_from": _frame_from(c, seg, placed), "applicant_from": _applicant_from(c, seg)}


def _frame_from(c: Candidate, seg: Segment, placed: list[str]) -> str:
    """Return where a fact's frame came from: printed beside the value, or the structure it stands in."""
    if placed:
        return "the frame of the column, band or heading the type is printed under"
    if c.names:
        return "the value's own words"
    if not seg.scope.frames:
        return "none: program-wide"
    where = "a table cell under its row/column headers and bands" if seg.source == "table" else "a line"
    return f"{where}, scoped by the nearest heading, band or title naming a frame"


def _applicant_from(c: Candidate, seg: Segment) -> str | None:
    """Return where a fact's applicant came from, if it has one."""
    if c.applicant:
        return "the value's own words (rules or the GiNZA dependency parse)"
    return "a table header naming it" if seg.applicant else None


_FLOW_LABEL = regex("skip.flow-label")


def _read(seg: Segment, program_in: Callable[[str], str | None]) -> list[Candidate]:
    """Return the candidates of a segment, read after the row label that named its scope; none
    from a line that only labels the flow of a scheme diagram (↓定額補助: rule skip.flow-label)."""
    if seg.source != "table" and _FLOW_LABEL.match(seg.text):
        return []
    cands = read_segment(seg.text[seg.head : seg.stop], seg.labels, seg.year, program_in, tick=check)
    for c in cands:
        c.start, c.end = c.start + seg.head, c.end + seg.head
    return cands


def _bracket_cases(seg: Segment, cands: list[Candidate], page_text: str) -> None:
    """Give each value printed in brackets after another (200万円 (300万円)) the case a header or a
    note of its page gives bracketed values; a case that names a company size (( )内は大企業の額)
    makes that size its applicant and the other size the applicant of the value before it."""

    def case() -> str | None:
        return bracket_condition(seg.labels, page_text)

    note_sizes(cands, lambda: note_on_line(page_text) or case())
    before: dict[str, Candidate] = {}
    for c in cands:
        if not c.bracketed:
            before[c.kind] = c
        elif not c.applicant:
            c.case = case()
            # 中小企業 1/2(2/3): the bracketed value is the same applicant's, in the bracket's case
            c.applicant = before[c.kind].applicant if c.kind in before else None


def dedupe(facts: list[Fact]) -> list[Fact]:
    """Return the facts without exact repeats (same program, year, frame, kind, value, applicant,
    condition), in their order; of repeats, the one printing its applicant in its own words is kept."""
    kept: dict[tuple[Any, ...], int] = {}
    for i, f in enumerate(facts):
        key = (f.program, f.fiscal_year, f.budget, f.frame, f.type, f.kind, str(f.value), f.applicant, f.condition,
               f.unit)
        if key not in kept or (_restated(facts[kept[key]]) and not _restated(f)):
            kept[key] = i
    return [facts[i] for i in sorted(kept.values())]


def _restated(f: Fact) -> bool:
    return RESTATED in f.extra.get("rules", ())


def run(
    doc: DocumentText,
    info: DocInfo,
    *,
    nlp: Any = None,
    catalog: Catalog | None = None,
    stats: dict[str, int] | None = None,
    on_page: Callable[[int], object] | None = None,
    budget: PageBudget | None = None,
) -> list[Fact]:
    """Given a document and what is known of it, return its facts (see the module docstring).

    `stats`, when given, receives counts: segments read, sentences GiNZA parsed. `on_page(1)`
    is called as each page has been walked. A page that takes longer than its time `budget` in the
    passes of the stage gives no facts (`budget.skipped()` names it)."""
    catalog = catalog or default_catalog()
    budget = budget if budget is not None else PageBudget(None)
    segments, ctx, pages_items = document_segments(doc, info, catalog, on_page, budget)

    def program_in(text: str) -> str | None:
        """The program a label names as its topic (ものづくり補助金(グローバル枠)で、…)."""
        found = [m for m in catalog.find(text) if m.via in ("name", "stem") and _PROGRAM_AS_TOPIC.match(text[m.end :])]
        return found[-1].program if found else None

    read = [(seg, cands) for seg in segments if (cands := budget.call(seg.page, _read, seg, program_in)) is not None]
    read = [(seg, cands) for seg, cands in read if seg.page not in budget.over]
    mark_every(read)  # 各枠とも100万円: a value of every frame the page prints
    name_plain_types(read, ctx.vocab)  # 地域連携型で…2,500万円: a type in 型 the document prints as a label
    lead_applicants(read)  # 中小企業 上限1億円 補助率1/2: the class opening a row of values
    part_note_applicants(read)  # 中小企業 1/2 / ※1,500万円を超える部分は1/3: the note is the same class's
    parsed = 0
    if nlp is not None:
        from extract.facts.associate import associate

        parsed = associate(read, nlp)
    if stats is not None:
        stats["segments"] = stats.get("segments", 0) + len(segments)
        stats["parsed_sentences"] = stats.get("parsed_sentences", 0) + parsed
    pages = {p.number: p for p in doc.pages}  # boxes where the page has them (PDFs), none for text layers
    facts: list[Fact] = []
    texts = {p.number: p.text for p in doc.pages}
    bold = bold_marks_changes(doc)
    defs = definitions([seg.text for seg in segments])
    for _, cands in read:
        for c in cands:
            if not c.applicant and c.conditions and (who := defined_applicant(c.conditions[-1], defs)):
                c.applicant = who  # the case restates how the document defines an applicant
    read_negated_cases(read)
    for seg, cands in read:
        _bracket_cases(seg, cands, texts.get(seg.page, ""))
    for seg, cands in read:
        facts += budget.call(seg.page, build_facts, seg, cands, info, ctx, pages.get(seg.page),
                             texts.get(seg.page, ""), bold) or []
    kept = [f for f in facts if f.page not in budget.over]
    segments = [seg for seg in segments if seg.page not in budget.over]
    pages_items = [p for p in pages_items if p[0].number not in budget.over]
    # requirements after complete_applicants: a requirement's applicant is the class its own headings name
    kept = with_common_time(spread_every(kept), texts)  # ※各回とも17時必着: the hour of every deadline
    return dedupe(complete_applicants(kept) + requirement_facts(pages_items, segments, ctx, info))
