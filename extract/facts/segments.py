"""Cut a document into segments (logical lines and table cells) that each carry their scope.

Slide text layers break one statement over several lines (``5万円~`` / ``150万円`` /
``未満``) and put labels on lines of their own (``補助上限`` above the values of a
flattened table, ``最終締切日`` above the date). `reflow` joins the lines of one
statement; `page_segments` walks a page, tracking headings (scope changes) and label
lines (the context that tells what a bare value is), and returns one `Segment` per
logical line that holds a value. Tables are handled by `extract.facts.tables`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from extract.facts import cues
from extract.facts.frames import find_names, within
from extract.facts.outline import Outline, style_of
from extract.facts.ruletable import regex
from extract.facts.scope import (
    DocContext,
    Edition,
    Pair,
    Scope,
    about_names,
    budget_of,
    heading_names,
    in_edition,
    is_heading,
    is_section_break,
    learn_homes,
    ordinal_edition,
    program_heading,
    with_edition,
)
from extract.facts.vocab import label_pair, leading_label, names_header_row
from extract.model import BBox, Line
from normalize.dates import era_to_western
from normalize.errors import ParseError

_VALUE_HINT = regex("label.value-hint")
_JOIN_AFTER = regex("label.continues-after")
_JOIN_BEFORE = regex("label.continues-before")
_COUNTER_AFTER_DIGIT = regex("label.counter-after-digit")  # …では5 / 人以下の会社
_BUDGET_HEADING = regex("label.budget-heading")  # ５．予算額: heads the one amount below it
_LABEL_CUE = regex("cue.label-line")
_HEADER_ROW = regex("label.names-header-row")
_TITLE_TAIL = regex("skip.title-tail")
_TITLE = regex("skip.title")
_SCHEDULE = regex("cue.schedule")
MAX_JOIN = 240
BAND_MAX = 30  # characters of a band line: a name, perhaps a status mark and a short subtitle
BAND_LEAD = 6  # characters a band's name may follow (【新設】, ①)
_SUBTITLE = regex("label.band-subtitle")
MAX_TIER = 24  # a tier line is short: 従業員数21~50人, 常勤従業員数6~20名
MAX_PARAGRAPH = 600  # a paragraph wrapped over lines of a PDF page is read as one statement up to this
FLAT_TABLE_LABELS = 3  # label lines in a row (補助上限 / 補助率 / 対象経費): a flattened table's row headers
_BUDGET_LINE = regex("cue.budget-line")
_BARE_LABEL = regex("label.bare-label")  # 補助上限, 補助率, 対象経費: a row header alone
_QUOTED_REFERENCE = regex("skip.quoted-reference")
_FIRST_SECTION = regex("label.first-section")  # 1.補助対象者: a slide's first section
_ITEM_MARK = regex("label.item-mark")


@dataclass(slots=True)
class Segment:
    """A piece of text read as a whole for values, with the scope and labels it stands under."""

    page: int
    text: str
    scope: Scope
    labels: tuple[str, ...] = ()  # nearest first: row/column headers, label lines above
    lines: tuple[Line, ...] = ()  # the source lines (boxes and colours), when known
    year: int | None = None  # context year for dates printed without one
    source: str = "text"  # "text" or "table"
    tier: str | None = None  # a table row header that is a tier (従業員数5人以下), for `condition`
    applicant: str | None = None  # an applicant a table header names (中小企業者等 | 大企業・その他)
    bbox: BBox | None = None  # the table cell's box, when known
    head: int = 0  # leading characters that named the scope (a row label), not read for values
    stop: int | None = None  # where the part read for values ends (one column group of a flattened row)
    rules: tuple[str, ...] = ()  # ids of the rule-table rows that placed the segment (its column, its edition)


def has_value_hint(text: str) -> bool:
    """Given text, return whether it may hold an amount, a rate or a date (a cheap pre-filter)."""
    return _VALUE_HINT.search(text) is not None


def reflow(
    texts: list[str], wrapped: list[bool] | None = None, glue: Callable[[str, str], bool] | None = None
) -> list[tuple[str, list[int]]]:
    """Given the normalised lines of a page, return logical lines and the source lines of each.

    A line is joined to the next when it ends open (a range sign, a colon, an open
    bracket, a particle), when the next begins with what cannot start a statement (a
    unit, a bound word, a closing bracket), or when `wrapped` says the line runs to the
    right margin of the page (the text was wrapped there) and the next line starts no new
    item, or when `glue` says the two lines split a name (※賃金引 / 上げ枠のうち). Blank
    lines end a statement.
    """
    out: list[tuple[str, list[int]]] = []
    cur, idx = "", list[int]()
    for i, t in enumerate(texts):
        t = t.strip()
        if not t:
            if cur:
                out.append((cur, idx))
            cur, idx = "", []
            continue
        wrap = bool(wrapped and idx and wrapped[idx[-1]] and not is_heading_start(t))
        if cur and (
            (wrap and len(cur) < MAX_PARAGRAPH)
            or (len(cur) < MAX_JOIN and (_continues(cur, t) or (glue is not None and glue(cur, t))))
        ):
            cur, idx = cur + ("" if _cjk_edge(cur, t) else " ") + t, [*idx, i]
            continue
        if cur:
            out.append((cur, idx))
        cur, idx = t, [i]
    if cur:
        out.append((cur, idx))
    return out


def _continues(cur: str, nxt: str) -> bool:
    """Given a statement so far and the next line, return whether the line continues it."""
    if _JOIN_BEFORE.match(nxt):
        return not (nxt.startswith("~") and "~" in cur)  # ~10万円 after 50万円~350万円 is a new cell
    if _COUNTER_AFTER_DIGIT.match(cur[-1:] + nxt.lstrip()):
        return True
    if _TITLE_TAIL.fullmatch(nxt.strip()) and not has_value_hint(cur):
        return True  # …の2022年度最終 / 締切日: the end of a title wrapped onto a line of its own
    return bool(_JOIN_AFTER.search(cur) and not is_heading_start(nxt)) or _open(cur)


def is_heading_start(text: str) -> bool:
    """Given a line, return whether it starts a new item (a bullet or a numbered heading)."""
    return bool(_ITEM_MARK.match(text))


def _open(text: str) -> bool:
    return text.count("(") > text.count(")") or text.count("（") > text.count("）")


def _cjk_edge(a: str, b: str) -> bool:
    return not (a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum())


def label_cues(text: str) -> list[str]:
    """Given a label line, return its value labels in order (補助上限額 補助率 補助上限額 補助率)."""
    return [m.group() for m in _LABEL_CUE.finditer(text)]


def groups(labels: list[str], k: int) -> list[int] | None:
    """Given the header labels of a table's value columns and a number of bands, return the group
    of each column when the labels repeat k times in a row (補助上限額 補助率 補助上限額 補助率 →
    0 0 1 1), else None."""
    n = len(labels)
    if k < 2 or n < k or n % k:
        return None
    m = n // k
    if any(labels[i] != labels[i % m] for i in range(n)):
        return None
    return [i // m for i in range(n)]


# A header cell naming the level of the labels along the other axis: 類型 | 補助率 | 補助上限額.
_NAMES_HEADER = regex("label.names-header")


def names_header(text: str) -> str | None:
    """Given a header cell, return "frame" or "type" when it says the labels along the other
    axis are frames (枠, 申請枠, 枠/類型) or types (類型, 申請類型), else None."""
    m = _NAMES_HEADER.match(text)
    if m is None:
        return None
    return "type" if "類型" in m.group("level") and "枠" not in m.group("level") else "frame"


def is_label(text: str) -> bool:
    """Given a logical line without values, return whether it labels what follows (補助上限, 締切日).

    A note (※下限額撤廃) comments on what precedes it and labels nothing."""
    return len(text) <= 40 and _LABEL_CUE.search(text) is not None and not text.lstrip().startswith(("※", "*"))


@dataclass(frozen=True, slots=True)
class Piece:
    """One column group of a flattened table row: where it lies in the row and what scopes it."""

    start: int
    stop: int
    pairs: tuple[tuple[str | None, str | None], ...]
    labels: tuple[str, ...]
    applicant: str | None = None  # the row's label, when it names an applicant
    rules: tuple[str, ...] = ()  # ids of the rule-table rows that placed it
    edition: Edition | None = None  # the edition its column group heads (UNKNOWN_EDITION: one of several)
    tier: str | None = None  # the tier of its row (1プロセス以上 under 通常枠), for `condition`


@dataclass(slots=True)
class Item:
    """A logical line of a page, or the place of a table in it."""

    text: str
    idx: list[int]
    table: int | None = None  # index into Page.tables when this item stands for a table


@dataclass(slots=True)
class Walk:
    """The state carried from page to page while walking a document."""

    scope: Scope
    labels: list[str]
    year: int | None
    dangling: bool = False  # the last page ended with a heading that no value followed
    title_frames: tuple[tuple[str | None, str | None], ...] = ()  # frames of the last slide title
    flat_table: bool = False  # inside a table whose header row was flattened to a line (枠名 通常枠 …)
    flat_rows: bool = False  # …whose header names the rows' axis and value columns only (申請類型 補助上限額 補助率)
    section: Scope | None = None  # budget year and edition of the current program's section
    outline: Outline = field(default_factory=Outline)  # numbering styles open at this point
    frame_depth: int | None = None  # outline depth of the heading that set the frames (None: unnumbered)
    row_level: str | None = None  # a flattened header row said its row labels are frames or types (類型 補助率 …)
    parent: tuple[Pair, ...] = ()  # frames of the slide title or numbered heading that sub-headings nest under
    parent_depth: int | None = None  # the outline depth of that heading (None: the slide's title)


@dataclass(slots=True)
class _OnPage:
    """What the walk of one page carries from item to item."""

    scope: Scope
    segments: list[Segment] = field(default_factory=list)
    at_table: dict[int, tuple[Scope, tuple[str, ...]]] = field(default_factory=dict)
    last_value: int = -1  # the last item holding a value or a table
    run: int = 0  # consecutive label lines: the row headers of a table flattened to lines
    tier: str | None = None  # a tier line (従業員数5名以下) for the value line after it
    who: str | None = None  # an applicant line (中小企業) for the value line after it


def walk_page(
    number: int,
    items: list[Item],
    lines: list[Line] | None,
    state: Walk,
    ctx: DocContext,
    bands: frozenset[int] = frozenset(),
    groups: dict[int, list[Piece]] | None = None,
) -> tuple[list[Segment], dict[int, tuple[Scope, tuple[str, ...]]]]:
    """Given a page as items, return its segments and the scope and labels at each of its tables.

    The scope is carried from the previous page. Slide text layers often print a slide's
    title after its body: the lines before the first heading that names a program or
    frame take that heading's scope (unless the previous page ended with a heading of its
    own, a title the page split left behind), and a title that ends a page holding two
    slides takes the lines from where the second slide's numbering restarts (1.…). Lines that
    print frame bands over column groups (line indices in `bands`) scope their columns, not
    the page: the walk passes them over; a flattened row under such bands (`groups`, by its
    first line) is read as one segment per column group."""
    items = [it for it in items if not (it.idx and bands.issuperset(it.idx))]
    naming = [i for i, it in enumerate(items) if it.table is None and _is_naming_heading(it.text, ctx)]
    # a slide's first line naming a frame, unnumbered, is its title even without a title word (専門家活用枠)
    top = bool(naming) and naming[0] == 0 and not style_of(items[0].text)
    page = _OnPage(_page_scope(items[naming[0]].text if naming else None, state, ctx, top=top))
    late_title = _late_title(items, naming)
    header, state.row_level = _names_header(items), None
    for i, it in enumerate(items):
        if late_title is not None and i == late_title[0]:
            page.scope = _apply_heading(items[late_title[1]].text, page.scope, ctx)
        if header is not None and i == header[0]:
            state.row_level = header[1]  # 類型 補助率 補助上限額: the rows below start with type names
        if it.table is not None:
            page.at_table[it.table] = (page.scope, tuple(state.labels[:6]))
            page.last_value = i
        elif not has_value_hint(it.text):
            _text_line(number, it.text, page, state, ctx)
        else:
            page.last_value = i
            _value_line(number, it, lines, page, state, ctx, groups)
    state.scope = page.scope
    # a heading among the last items of a page with no value after it: a title the page split left behind
    state.dangling = (
        bool(naming)
        and naming[-1] > page.last_value
        and naming[-1] >= len(items) - 3
        and late_title is None
        and bool(heading_names(items[naming[-1]].text, ctx, page.scope.program))
    )
    return page.segments, page.at_table


def _text_line(number: int, text: str, page: _OnPage, state: Walk, ctx: DocContext) -> None:
    """Walk a line without values: a heading changes the scope, a label line labels the values below
    it, a tier or applicant line qualifies the value line after it."""
    if is_heading(text) or names_only(text, ctx):
        page.scope = _on_heading(text, page.scope, state, ctx)
    learn_homes(number, text, page.scope.program, ctx)
    page.tier, page.who = _line_head(text)  # 従業員数5名以下 / 中小企業 alone: for the value line after it
    if not is_label(text):
        page.run = 0
        return
    state.labels.insert(0, text)
    page.run = page.run + 1 if _BARE_LABEL.match(text) else 0
    if page.run >= FLAT_TABLE_LABELS:
        state.flat_table, page.scope = True, replace(page.scope, frames=default_frames(page.scope, ctx))


def _value_line(
    number: int,
    it: Item,
    lines: list[Line] | None,
    page: _OnPage,
    state: Walk,
    ctx: DocContext,
    groups: dict[int, list[Piece]] | None,
) -> None:
    """Walk a line holding values: add its segments (one per column group of a flattened row under
    bands), then carry on what it says for the lines after it (a budget year, a row name, a year)."""
    page.run = 0
    scope = page.scope
    if (printed := budget_of(it.text)) and _BUDGET_LINE.search(it.text):
        scope = replace(scope, fiscal_year=printed[0], budget=printed[1])  # 令和3年度補正予算額… under a program
        if state.section is not None and state.section.program == scope.program:
            state.section = replace(state.section, fiscal_year=printed[0], budget=printed[1])
    src = tuple(lines[k] for k in it.idx) if lines else ()
    labels = tuple(state.labels[:6])
    if groups and it.idx and it.idx[0] in groups:
        page.segments += _group_segments(number, it.text, groups[it.idx[0]], scope, labels, src, state, page.tier,
                                         ctx)
    else:
        row, head = _row_scope(it.text, scope, state, ctx)
        page.segments.append(Segment(number, it.text, row, labels, src, state.year, tier=page.tier, head=head,
                                     applicant=_labelled(page.who, it.text)))
    page.tier = page.who = None
    _read_once(state.labels)
    if state.flat_table and state.flat_rows and (pair := row_name(it.text, scope, ctx, at_end=True)):
        scope = replace(scope, frames=(pair,))  # the next row's name ends this row's last cell
    if (y := _explicit_year(it.text)) is not None and (_SCHEDULE.search(it.text) or "~" in it.text):
        state.year = y
    page.scope = scope


def _group_segments(
    number: int,
    text: str,
    pieces: list[Piece],
    scope: Scope,
    labels: tuple[str, ...],
    src: tuple[Line, ...],
    state: Walk,
    tier: str | None,
    ctx: DocContext,
) -> list[Segment]:
    """Return a segment per column group of a flattened row under frame bands, each in its band's scope."""
    out = []
    for p in pieces:
        own = tuple(ctx.canonical(scope.program, q) for q in within(_frame_only(scope.frames), p.pairs))
        seg_scope = replace(scope, frames=own) if p.pairs else scope
        seg_scope = in_edition(seg_scope, p.edition) if p.edition is not None else seg_scope
        seg_labels = tuple(dict.fromkeys(p.labels + labels))  # its row label may be the label line above
        seg = Segment(number, text, seg_scope, seg_labels, src, state.year, tier=p.tier or tier)
        out.append(replace(seg, applicant=p.applicant, head=p.start, stop=p.stop, rules=p.rules))
    return out


def _labelled(who: str | None, text: str) -> str | None:
    """Return the class a line of its own named (中小企業) as the applicant of the value line after it,
    when that line is a value alone (1/2), no label of its own (補助率:1/2)."""
    return who if text.lstrip()[:1].isdigit() else None


def _read_once(labels: list[str]) -> None:
    """After a value line, drop a budget heading (５．予算額) from the labels: it heads the line below
    it, not the lines after that one (rule label.budget-heading)."""
    if labels and _BUDGET_HEADING.match(labels[0].strip()):
        labels.pop(0)


def _line_head(text: str) -> tuple[str | None, str | None]:
    """Given a line without values, return it as the tier (従業員数5名以下) or as the one class of
    applicants (中小企業) it is, each or both None: what it holds for the value line below it."""
    t = text.strip()
    if len(t) <= MAX_TIER and cues.TIER.search(t):
        return t, None
    m = cues.APPLICANT.fullmatch(t)
    return None, (m.group() if m else None)


def _page_scope(first: str | None, state: Walk, ctx: DocContext, *, top: bool = False) -> Scope:
    """Given the first heading of a page that names a program or frame (or None), return the scope
    the page starts with: the one carried from the page before, with the budget year of the program's
    section, and the page's title applied when that heading is one (a title word, or `top`: the
    page's first line)."""
    scope = replace(state.scope, under=None)  # programs listed under a budget line: that slide only
    if ctx.umbrella(scope.program) and ctx.default.program not in (None, scope.program):
        scope = state.scope = ctx.default  # the slide of the budget line holding the program: that slide only
    if state.section is not None and state.section.program == scope.program:
        # a year a slide printed ([参考]令和元年度補正…) holds for that slide, not the next
        sec = state.section
        scope = replace(scope, fiscal_year=sec.fiscal_year, budget=sec.budget, edition=sec.edition)
    state.parent, state.parent_depth = (), None  # a slide's title scopes that slide's sub-headings only
    if first is not None and not state.dangling and (top or is_title(first)):
        before = scope
        scope = _apply_heading(first, scope, ctx)
        if scope.program != before.program:
            state.section = scope  # the program's section starts with this slide
        state.parent = _frame_only(scope.frames) if scope.frames != before.frames else ()
    return scope


def _row_scope(text: str, scope: Scope, state: Walk, ctx: DocContext) -> tuple[Scope, int]:
    """Given a line holding values, return its scope and how many leading characters named it:
    a flattened table row that starts with a frame or type name (販路強化 1/2 500万円, a name of
    the document or one a header row announced) is scoped to that name."""
    lead = leading_label(text)
    pair = label_pair(lead[1], state.row_level, ctx.vocab) if lead else None
    if lead is None or pair is None:
        return scope, 0
    return replace(scope, frames=(ctx.canonical(scope.program, pair),)), lead[0]


def _names_header(items: list[Item]) -> tuple[int, str] | None:
    """Return the place and level of a flattened header row that says its row labels are frames or
    types (類型 補助率 補助上限額), unless a row below prints names with their head noun (通常枠
    50万円): a table that does so prints every name that way, and its bare labels are other words."""
    for i, it in enumerate(items):
        if it.table is None and (level := names_header_row(it.text, is_label)):
            if any(it2.table is None and find_names(it2.text) for it2 in items[i + 1 :]):
                return None
            return i, level
    return None


def _on_heading(text: str, scope: Scope, state: Walk, ctx: DocContext) -> Scope:
    """Given a heading during the walk, return the scope after it (and update the walk state)."""
    before = scope
    if _QUOTED_REFERENCE.match(text):
        return scope  # (3)「小規模事業者持続化補助金<低感染リスク型ビジネス枠>」: a list of names referred to
    if is_table_header(text):
        state.flat_table = True  # a table flattened to lines: its columns are lost
        # …unless its header names the axis of the rows and value columns only: then each row
        # starts with its frame's name (申請類型 補助上限額 補助率 / 通常枠 / (…) 2,000万円 …)
        state.flat_rows = is_label(text) and not find_names(text)
        if is_label(text):
            state.labels.insert(0, text)
        return replace(scope, frames=default_frames(scope, ctx))
    if state.flat_table and not (is_title(text) or is_section_break(text) or program_heading(text, ctx.programs)):
        if state.flat_rows and (pair := row_name(text, scope, ctx)) is not None:
            return replace(scope, frames=(pair,))  # the name a row of the flattened table starts with
        return scope  # column headers of the flattened table, not sections
    state.flat_table = state.flat_rows = False
    style = style_of(text)
    depth = state.outline.place(style) if style else None
    outer = _parent_frames(text, depth, state)
    scope = _apply_heading(text, scope, ctx, outer=outer)
    if scope.frames and scope.frames != before.frames:
        state.frame_depth = depth
        if not outer or not any(t for _, t in scope.frames):  # not a type nested under the parent
            state.parent = _frame_only(scope.frames) if is_title(text) or depth is not None else ()
            state.parent_depth = depth
    elif depth is not None and state.frame_depth is not None and depth <= state.frame_depth and scope.frames:
        # a numbered section at the level of the one that named the frame, or above it: that section ended
        scope, state.frame_depth, state.parent = replace(scope, frames=default_frames(scope, ctx)), None, ()
    elif depth is not None and state.frame_depth is None and scope.frames and heading_names(text, ctx, scope.program):
        state.frame_depth = depth  # the page's title named the frame already (2. 成長枠の概要): it ends at 3.
    if scope.program != before.program:
        state.labels, state.title_frames = [], ()
        state.section = scope
    if is_title(text) and scope.frames != before.frames:
        state.title_frames = scope.frames
    elif is_section_break(text) and not scope.frames:
        scope = replace(scope, frames=state.title_frames)
    return scope


def _frame_only(pairs: tuple[Pair, ...]) -> tuple[Pair, ...]:
    return tuple(p for p in pairs if p[0] is not None and p[1] is None)


def _parent_frames(text: str, depth: int | None, state: Walk) -> tuple[Pair, ...]:
    """Given a heading and its outline depth, return the frames a heading of types only nests under
    (rule frame.type-under-frame): those of the slide's title, or of a numbered heading shallower than
    this one; none for a title, or under a heading of the same rank (【通常枠】 … 【A類型】: siblings)."""
    if is_title(text) or not state.parent:
        return ()
    if state.parent_depth is None or (depth is not None and depth > state.parent_depth):
        return state.parent
    return ()


def row_name(text: str, scope: Scope, ctx: DocContext, *, at_end: bool = False) -> Pair | None:
    """Given a line of a flattened table whose rows start with their frame's name, return the one
    frame or type the line starts with (or, `at_end`, ends with: 中堅2/3回復・再生応援枠, the next
    row's name glued to the last cell of this one), else None."""
    names = find_names(text)
    if not names:
        return None
    n = names[-1] if at_end else names[0]
    placed = n.end == len(text.rstrip()) if at_end else n.start <= BAND_LEAD
    if not placed or len({(m.text, m.level) for m in names}) > (len(names) if at_end else 1):
        return None
    pairs = heading_names(n.text, ctx, scope.program)
    return pairs[0] if len(pairs) == 1 else None


def _late_title(items: list[Item], naming: list[int]) -> tuple[int, int] | None:
    """Return (restart, title) when the page's last naming heading is a title with no value
    after it, and a section numbered 1 starts between it and the heading before it."""
    if len(naming) < 2 or not is_title(items[naming[-1]].text):
        return None
    t, p = naming[-1], naming[-2]
    if any(it.table is not None or has_value_hint(it.text) for it in items[t + 1 :]):
        return None
    # a restart right under the previous title is that slide's own first section
    restarts = [i for i in range(p + 3, t) if _FIRST_SECTION.match(items[i].text)]
    return (restarts[0], t) if restarts else None


def is_table_header(text: str) -> bool:
    """Given a line, return whether it is the header row of a table flattened to text (枠名 通常枠 …)."""
    return _HEADER_ROW.match(text) is not None


def band_names(text: str, ctx: DocContext, program: str | None) -> tuple[Pair, ...]:
    """Given a short line, return the frames it names when it names nothing else (a band: 彩雲拡張枠,
    【新設】翠嵐連携枠, a name of the document without 枠) or one name and a short subtitle after
    it (彩雲拡張枠 ~海外展開~), else ()."""
    if has_value_hint(text) or is_title(text):
        return ()
    pairs = heading_names(text, ctx, program)
    if not pairs or names_only(text, ctx) or ctx.vocab.pair(text):
        return pairs
    first = find_names(text)
    if len(pairs) != 1 or not first or first[0].start > BAND_LEAD or len(text) > BAND_MAX:
        return ()
    # set apart from the name, not a title's words after it (彩雲拡張枠の概要)
    return pairs if _SUBTITLE.match(text, first[0].end) else ()


def names_only(text: str, ctx: DocContext) -> bool:
    """Given a line, return whether it is a list of frame and type names and nothing else."""
    rest = text
    for n in find_names(text):
        rest = rest.replace(n.text, " ")
    rest = re.sub(r"[\s、,・()（）\-•●■]+", "", rest)
    return len(rest) <= 4 and rest != text.strip()


def is_title(text: str) -> bool:
    """Given a heading, return whether it titles a slide or section (…の概要, …について, …の拡充点)."""
    return _TITLE.search(text) is not None


def _is_naming_heading(text: str, ctx: DocContext) -> bool:
    if has_value_hint(text) or not is_heading(text):
        return False
    return bool(program_heading(text, ctx.programs)) or bool(heading_names(text, ctx, None))


def _explicit_year(text: str) -> int | None:
    """Return the Western year a line prints with a month (令和6年3月, 2024年3月), else None."""
    m = re.search(r"(?:令和\s*([0-9]{1,2}|元)|(20[0-9]{2}))\s*年\s*[0-9]{1,2}\s*月", text)
    if not m:
        return None
    if m.group(2):
        return int(m.group(2))
    try:
        return era_to_western("令和", 1 if m.group(1) == "元" else int(m.group(1)))
    except ParseError:
        return None  # 令和0年: no year


def _apply_heading(
    text: str, scope: Scope, ctx: DocContext, *, outer: tuple[Pair, ...] = ()
) -> Scope:
    """Given a heading and the scope before it, return the scope from there on.

    Only a heading about a program (see `scope.program_heading`) switches the program
    and may set an edition; any heading may print a budget year (令和5年度補正予算での…)."""
    program = program_heading(text, ctx.programs)
    if program and program != scope.program:
        umbrella = ctx.umbrella(scope.program)
        under = (scope.fiscal_year, scope.budget) if umbrella and scope.fiscal_year else scope.under
        scope = replace(_base_scope(program, ctx), program=program, under=under)
        if under is not None and scope.fiscal_year is None:
            # (1)ものづくり補助金 … (4)事業承継・引継ぎ補助金 on the slide of a 令和3年度補正 budget line
            scope = replace(scope, fiscal_year=under[0], budget=under[1])
    if program:
        scope = with_edition(scope, text, ctx.programs)
    elif printed := budget_of(text):
        scope = replace(scope, fiscal_year=printed[0], budget=printed[1])
    if not program and (ordinal := ordinal_edition(text)):
        scope = replace(scope, edition=ordinal)  # 6.公募予定:第15回公募
    pairs = heading_names(text, ctx, scope.program)
    if pairs and _is_enumeration(text, pairs) and about_names(text, ctx.programs):
        # a sub-heading naming types only, under the heading or title of one frame (`outer`): its types,
        # even where the document pairs a type of that name with another frame (通常類型 of two frames)
        placed = within(outer, heading_names(text, ctx, scope.program, fill=False)) if outer else pairs
        ctx.learn_pairs(placed)  # the slide prints the pair by its layout: so do the document's other pages
        return replace(scope, frames=placed)
    if is_section_break(text) and not pairs:
        return replace(scope, frames=default_frames(scope, ctx))
    return scope


def default_frames(scope: Scope, ctx: DocContext) -> tuple[tuple[str | None, str | None], ...]:
    """Return the frames a section of the scope's program falls back to: the one frame a
    公募要領 is about (its title), for that document's own program; else none."""
    return ctx.default.frames if scope.program == ctx.default.program else ()


def _base_scope(program: str, ctx: DocContext) -> Scope:
    """Return what a program's section starts from: the document default for the document's own
    program; for another program, the budget year the document's title page prints (a 令和5年度補正
    deck presents the programs of that budget), until the section prints its own."""
    if program == ctx.default.program:
        return ctx.default
    return Scope(fiscal_year=ctx.default.fiscal_year, budget=ctx.default.budget)


def _is_enumeration(text: str, pairs: tuple[tuple[str | None, str | None], ...]) -> bool:
    """Given a heading with names, return whether it sets the scope: one name, or names listed
    with 、 (a list of frames a date applies to), not a row of column headers (枠名 通常枠 …)."""
    if len({p[0] for p in pairs}) <= 1 and len(pairs) <= 2:
        return True
    return "、" in text or "," in text
