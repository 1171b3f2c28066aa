"""What a part of a document talks about: program, budget year, edition, frame and type.

A `Scope` is attached to every segment the fact extractor reads. It comes from the
structure of the document, nearest first:

- the document default: the program, budget and edition of the title and first page
  (「IT導入補助金2025」の概要（令和6年度補正）);
- the page: a slide title (インボイス枠（インボイス対応類型）の概要, （３）IT導入補助金（概要）)
  names the program and frame of the whole page, wherever the text layer put it;
- headings inside the page: a short line naming a frame (通常枠), a list of frames
  (・通常枠、インボイス枠（インボイス対応類型、電子取引類型）) or a program changes the
  scope from there on; a bracketed section title (<今後のスケジュール>) ends a frame's
  section.

Budget years: a printed 令和X年度補正/当初/予算案 wins; an edition label "NameYYYY"
maps to a budget by the catalog's documented rule for that program (IT導入補助金2025 →
令和6年度補正); a 【参考】 section keeps the document's year unless it prints its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from extract.facts.catalog import Catalog, Mention
from extract.facts.frames import find_names, name_key, pair_names
from extract.facts.outline import style_of
from extract.facts.ruletable import regex
from extract.facts.titlename import cover_year, title_program, title_type
from extract.facts.vocab import Vocabulary, label_pair
from normalize.dates import find_fiscals

Pair = tuple[str | None, str | None]
# A type printed without its frame under a cell, band or heading of one frame is a type of that frame.
TYPE_UNDER_FRAME = "frame.type-under-frame"

_SECTION = regex("label.section-start")
_BRACKETED_SECTION = regex("label.section-break")
_ADD_ON_SECTION = regex("skip.add-on-section")
_SHARE_OF = regex("skip.budget-share")
_WORD_GOES_ON = regex("frame.word-goes-on")
_FIELD_ITEM = regex("skip.field-label")  # 【補助対象経費】ソフトウェア…: an item of the section, no section
_TITLE_WORDS = regex("skip.heading-title-words")
_SCHEDULE_HEADING = regex("cue.schedule-heading")
SCHEDULE_HEADING_MAX = 24  # characters of a schedule heading (公募・申請スケジュール), not a sentence about it
EDITION_HEADING_MAX = 40  # characters of an edition heading (【参考】令和5年度補正予算(通常枠))
_STATUS = regex("skip.status-mark")
_FORMER_ASIDE = regex("skip.former-aside")  # 創業支援枠 (旧創業枠): the former name is no name of the heading
_EDITION_YEAR = regex("label.edition-year")
_EDITION_YEAR_BRACKETED = regex("label.edition-year-bracketed")
_ROUND = regex("label.round-ordinal")
_BODY_START = regex("label.body-start")
_CLAUSE = regex("skip.clause")
_PROGRAM_CLAUSE = regex("skip.program-clause")


@dataclass(frozen=True, slots=True)
class Scope:
    """Program, budget year, edition and frames that values in a part of a document belong to."""

    program: str | None = None
    fiscal_year: int | None = None
    budget: str | None = None
    edition: str | None = None
    frames: tuple[Pair, ...] = ()  # () = program-wide; several pairs = a value shared by all
    under: tuple[int, str | None] | None = None  # budget year of the umbrella line the program is listed under


@dataclass(slots=True)
class DocContext:
    """What holds for the whole document: default scope, the frame each type belongs to, a year."""

    default: Scope
    type_frame: dict[str, str] = field(default_factory=dict)  # type name → frame name
    spelling: dict[str, str] = field(default_factory=dict)  # name key → first printed spelling
    year: int | None = None  # calendar year of the schedule, for dates printed without one
    catalog: Catalog | None = None
    known: frozenset[str] = frozenset()  # keys of the frame and type names the document prints whole
    homes: dict[tuple[int, str], set[str]] = field(default_factory=dict)  # (page, name key) → programs naming it
    vocab: Vocabulary = field(default_factory=Vocabulary)  # the document's frame and type names, by stem
    placed: set[Pair] = field(default_factory=set)  # (frame, type) pairs known from layout, not printed as such

    def canonical(self, program: str | None, pair: Pair, *, fill: bool = True) -> Pair:
        """Given a (frame, type) pair, return it with catalog names, one spelling, and (`fill`) the frame
        the document gives the type elsewhere."""
        frame, type_ = pair
        if self.catalog is not None:
            frame = self.catalog.canonical_frame(program, frame) if frame else None
            type_ = self.catalog.canonical_type(program, type_) if type_ else None
        frame = self.spelling.setdefault(name_key(frame), frame) if frame else None
        type_ = self.spelling.setdefault(name_key(type_), type_) if type_ else None
        if type_ and not frame and fill:
            frame = self.type_frame.get(type_)
        return frame, type_


    @property
    def programs(self) -> Catalog:
        """The program catalog, which `document_context` always sets (a walk of the document needs it)."""
        if self.catalog is None:
            raise ValueError("a document walk needs the catalog of its context")
        return self.catalog

    def umbrella(self, program: str | None) -> bool:
        """Return whether a program is a budget line over others (中小企業生産性革命推進事業)."""
        entry = self.programs.get(program) if program else None
        return entry is not None and entry.umbrella

    def label_names(self, label: str, level: str | None, program: str | None) -> tuple[Pair, ...]:
        """Return the (frame, type) pairs a row or column header names: names printed with 枠/類型, a
        name of the document without them, or, where a corner header gave its axis a `level`, the label itself."""
        if not label:
            return ()
        pairs = heading_names(label, self, program)
        if not pairs and level is not None and (pair := label_pair(label, level, self.vocab)):
            pairs = (self.canonical(program, pair),)
        return pairs

    def learn_pairs(self, pairs: tuple[Pair, ...]) -> None:
        """Given (frame, type) pairs a page prints by its layout (a type under the heading or column of
        one frame), record the frame of each type not yet known, for its mentions elsewhere."""
        for frame, type_ in pairs:
            if frame and type_ and type_ not in self.type_frame:
                self.type_frame[type_] = frame
                self.placed.add((frame, type_))


def edition_in(text: str, catalog: Catalog) -> tuple[str, str, int] | None:
    """Given text, return (edition label, program, label year) for "NameYYYY" (IT導入補助金2025)."""
    for m in catalog.find(text):
        tail = _EDITION_YEAR.match(text[m.end :])
        if tail:
            return text[m.start : m.end].replace(" ", "") + tail.group(1), m.program, int(tail.group(1))
    return None


def ordinal_edition(text: str) -> str | None:
    """Given text, return a round label as printed (第20次公募, 第15回公募), or None."""
    m = _ROUND.search(text)
    return re.sub(r"\s+", "", m.group(0)) if m else None


def budget_of(text: str, *, nearest: bool = False) -> tuple[int, str | None] | None:
    """Given text, return the first fiscal year with a budget word (令和6年度補正 → (2024, "補正")), or with
    `nearest` the last one: the year of the amount that follows the text (…15億円(令和6年度補正予算額 20億円))."""
    found = [(f.fiscal_year, f.budget) for _, _, f in find_fiscals(text) if f.fiscal_year and f.budget]
    return (found[-1] if nearest else found[0]) if found else None


def with_edition(scope: Scope, text: str, catalog: Catalog) -> Scope:
    """Given a scope and a heading or title, return the scope with the edition and budget it prints."""
    ed = edition_in(text, catalog)
    if ed is not None:
        label, program, year = ed
        entry = catalog.get(program)
        scope = replace(scope, edition=label)
        if entry is not None and entry.edition_offset is not None:
            scope = replace(scope, fiscal_year=year + entry.edition_offset, budget=entry.edition_budget)
    elif (m := _EDITION_YEAR_BRACKETED.search(text)) and scope.program:
        # (2023年) after a program name: the edition of that year, not printed as a label
        entry = catalog.get(scope.program)
        if entry is not None and entry.edition_offset is not None:
            year = int(m.group(1))
            scope = replace(scope, edition=None, fiscal_year=year + entry.edition_offset, budget=entry.edition_budget)
    ordinal = ordinal_edition(text)
    if ordinal:
        scope = replace(scope, edition=ordinal)
    fiscal = budget_of(text)
    if fiscal is not None:
        scope = replace(scope, fiscal_year=fiscal[0], budget=fiscal[1])
    return scope


@dataclass(frozen=True, slots=True)
class Edition:
    """The budget year and edition a column, band or heading of a page prints for what stands under
    it (令和6年度補正 beside 【参考】令和5年度補正); all None: the page compares editions and the
    value stands under none of them that can be told."""

    fiscal_year: int | None
    budget: str | None
    label: str | None = None


UNKNOWN_EDITION = Edition(None, None)
EDITION_COLUMN = "label.edition-heading"  # the row of the rule table that reads an edition heading
_EDITION_REST = regex("label.edition-heading")


@lru_cache(maxsize=8192)  # the headers of a table's rows and the short lines of a deck repeat
def edition_heading(text: str, catalog: Catalog) -> Edition | None:
    """Given a header cell or a short line, return the edition it heads when it prints one budget
    year (令和6年度補正予算) or edition label (IT導入補助金2025) and otherwise only what the rule
    label.edition-heading allows (a 【参考】 mark, brackets, the names of the frames it is for)."""
    if len(text) > EDITION_HEADING_MAX:
        return None
    fiscals = [(s, e, f) for s, e, f in find_fiscals(text) if f.fiscal_year and f.budget]
    ed = edition_in(text, catalog)
    if len(fiscals) > 1 or not (fiscals or ed):
        return None
    spans = [(s, e) for s, e, _ in fiscals] + [(n.start, n.end) for n in find_names(text)]
    for m in catalog.find(text):  # a program, and the year of its edition label (IT導入補助金2025)
        tail = _EDITION_YEAR.match(text[m.end :])
        spans.append((m.start, m.end + (tail.end() if tail else 0)))
    rest = "".join(" " if any(s <= i < e for s, e in spans) else ch for i, ch in enumerate(text))
    if _EDITION_REST.fullmatch(rest) is None:
        return None
    label = ed[0] if ed else None
    year: int | None = None
    budget: str | None = None
    if ed is not None and (entry := catalog.get(ed[1])) is not None and entry.edition_offset is not None:
        year, budget = ed[2] + entry.edition_offset, entry.edition_budget
    if fiscals:
        year, budget = fiscals[0][2].fiscal_year, fiscals[0][2].budget
    return Edition(year, budget, label)


def in_edition(scope: Scope, ed: Edition) -> Scope:
    """Given a scope and the edition a column or band prints, return the scope in that edition: the
    edition label of the scope stays only where the budget year does."""
    same = (ed.fiscal_year, ed.budget) == (scope.fiscal_year, scope.budget) and ed != UNKNOWN_EDITION
    label = ed.label or (scope.edition if same else None)
    return replace(scope, fiscal_year=ed.fiscal_year, budget=ed.budget, edition=label)


def is_heading(text: str) -> bool:
    """Given a line, return whether it reads as a heading: short, no sentence, or marked as a section."""
    t = text.strip()
    if not t or len(t) > 60 or t.endswith(("。", "、")):
        return False
    return len(t) <= 40 or bool(_SECTION.match(t)) or bool(_TITLE_WORDS.search(t))


def is_section_break(text: str) -> bool:
    """Given a heading, return whether it opens a new section (<今後のスケジュール>, 【参考】…, or a
    schedule heading: 3.公募スケジュール, 申請の日程 — a program's dates unless it names frames)."""
    bracketed = (_BRACKETED_SECTION.match(text) is not None and not _ADD_ON_SECTION.match(text)  # not 【加算措置】
                 and not _FIELD_ITEM.match(text))
    return bracketed or (len(text.strip()) <= SCHEDULE_HEADING_MAX and _SCHEDULE_HEADING.search(text) is not None)


def heading_names(text: str, ctx: DocContext, program: str | None, *, fill: bool = True) -> tuple[Pair, ...]:
    """Given a heading, return the (frame, type) pairs it names, with catalog spellings; a heading
    that is only a name the document prints elsewhere with 枠/類型 (販路強化) names that. Without `fill`,
    a type printed without its frame keeps none (the frame it stands under is to give it one)."""
    extra: tuple[str, ...] = ()
    if ctx.catalog is not None and program and (entry := ctx.catalog.get(program)):
        extra = tuple(entry.keywords) + tuple(entry.types)
    t = _FORMER_ASIDE.sub(lambda m: " " * len(m.group()), _STATUS.sub(" ", text))
    # カタログ注文型の補助上限額: a type in 型 the document prints as a label, where it is a word of its own
    extra += tuple(n for n in ctx.vocab.plain_types if n in t and _whole_word(t, n))
    names = find_names(t, extra, ctx.known)
    if not names and (learnt := ctx.vocab.pair(t)) is not None:
        return (ctx.canonical(program, learnt, fill=fill),)
    return tuple(ctx.canonical(program, p, fill=fill) for p in pair_names(names, t))


def _whole_word(text: str, name: str) -> bool:
    """Given a text and a name in it, return whether every time it is printed no name letter follows
    (地域・企業共生型ビジネス…: a piece of a longer word; rule frame.word-goes-on)."""
    at = text.find(name)
    while at >= 0:
        if _WORD_GOES_ON.match(text[at + len(name) :]):
            return False
        at = text.find(name, at + 1)
    return True


def home_program(ctx: DocContext, page: int, program: str | None, pairs: list[Pair]) -> str | None:
    """Given a page, the program in scope and the (frame, type) pairs a value names inline,
    return the one program whose section on that page introduced those names when it is
    another one (a slide whose text layer prints the table of one program under the heading
    of the next), else None."""
    homes = [ctx.homes.get((page, name_key(n)), set()) for p in pairs for n in p if n]
    found = {next(iter(h)) for h in homes if len(h) == 1}  # 通常枠, named under many programs, has no home
    if len(found) == 1 and program not in found and all(len(h) <= 1 for h in homes):
        return found.pop()
    return None


def learn_homes(page: int, text: str, program: str | None, ctx: DocContext) -> None:
    """Given a line without values read under a program on a page (a heading, a sentence
    introducing a frame), record that program as a home of the names it prints there."""
    if program and ("枠" in text or "類型" in text):
        for n in find_names(text, (), ctx.known):
            ctx.homes.setdefault((page, name_key(n.text)), set()).add(program)


def learn_names(texts: list[str], ctx: DocContext) -> None:
    """Given all lines of a document, record which frame each type belongs to (X枠(Y類型))."""
    for t in texts:
        if "枠" not in t or "類型" not in t:
            continue
        for frame, type_ in pair_names(find_names(t), t):
            if frame and type_ and type_ not in ctx.type_frame:
                ctx.type_frame[type_] = ctx.spelling.setdefault(name_key(frame), frame)


def document_context(
    title: str | None,
    first_page: list[str],
    catalog: Catalog,
    published: str | None,
    known: frozenset[str] = frozenset(),
) -> DocContext:
    """Given the title, the first page's lines and the publication date, return the document context.

    The program is the first one the title area names, a program under an umbrella budget
    line before the line itself; a title naming no catalog program gives its printed name."""
    texts = ([title] if title else []) + first_page
    head = texts[:TITLE_AREA]
    ranked = _rank([m for t in head for m in catalog.find(t)], catalog)
    program = ranked[0].program if ranked else None
    if program is None:
        program = title_program(head[:5], catalog)
    scope = Scope(program=program)
    for t in texts:
        scope = with_edition(scope, t, catalog)
    if scope.fiscal_year is None and (printed := title_fiscal_year(head)) is not None:
        scope = replace(scope, fiscal_year=printed)  # 令和7年度 キャリアアップ助成金のご案内: no budget word
    year = None
    ed = next((e for t in texts if (e := edition_in(t, catalog))), None)
    if ed is not None:
        year = ed[2]
    elif scope.fiscal_year is not None:
        year = scope.fiscal_year + 1 if scope.budget == "補正" else scope.fiscal_year
    elif (issued := cover_year(head)) is not None:
        year = issued  # 2026年2月 on the cover: the year of its schedule's dates
    elif published:
        year = int(published[:4])
    if scope.edition is None and (label := _title_edition(head)):
        scope = replace(scope, edition=label)
    ctx = DocContext(scope, year=year, catalog=catalog, known=known)
    if any(_GUIDELINES.search(t) for t in head):
        ctx.default = replace(scope, frames=_title_frames(head, ctx, program))
    return ctx


# The title of a document on one round or frame of a program (公募要領, 交付規程, 手引き).
_GUIDELINES = regex("skip.guidelines-title")
# A round printed in a title without 第 (14次公募, 3次公募用) or in brackets alone ((第3回)).
_TITLE_ROUND = regex("label.title-round")
# A name in angle brackets after the program's (持続化補助金<一般型 通常枠>): the line of the program.
_SERIES = regex("edition.series")


def title_fiscal_year(head: list[str]) -> int | None:
    """Given the title area, return the first fiscal year it prints before the body begins (令和7年度
    without 補正 or 当初 above a program's name), or None."""
    for t in head:
        if style_of(t) or _BODY_START.match(t):
            break
        found = [f.fiscal_year for _, _, f in find_fiscals(t) if f.fiscal_year]
        if found:
            return found[0]
    return None


def _title_edition(head: list[str]) -> str | None:
    """Given the title area, return a round it prints (14次公募, 第3回), or None."""
    for t in head:
        m = _TITLE_ROUND.search(t)
        if m:
            return re.sub(r"\s+", "", m.group(1) or m.group(2))
    return None


def _title_frames(head: list[str], ctx: DocContext, program: str | None) -> tuple[Pair, ...]:
    """Given the title area of a 公募要領, return the one frame it is about when a line of it
    names only that (インボイス枠(電子取引類型), (通常枠)), else ()."""
    for t in head:
        if style_of(t) or _BODY_START.match(t):
            break  # the body has begun: a numbered section, a list, a note or a quoted reference
        names = find_names(t) or title_type(t)  # 〇〇補助金(一般型): rule frame.title-type
        rest = _GUIDELINES.sub("", t)
        if ctx.catalog is not None:
            for m in sorted(ctx.catalog.find(rest, unknown=True), key=lambda m: -m.start):
                # <一般型 通常枠> after the name: the line of the program (一般型) restricts nothing
                s = _SERIES.match(rest[m.end :])
                names_in = " ".join(n.text for n in find_names(s.group("series"))) if s else ""
                rest = rest[: m.start] + names_in + rest[m.end + (s.end() if s else 0) :]
        rest = re.sub(r"20[0-9]{2}", "", rest)
        for n in names:
            rest = rest.replace(n.text, "")
        if names and len(re.sub(r"[\s()（）<>＜＞【】「」・、]+", "", rest)) <= 2:
            pairs = tuple(ctx.canonical(program, p) for p in pair_names(names, t))
            return pairs if len(pairs) == 1 else ()
    return ()


def _rank(mentions: list[Mention], catalog: Catalog) -> list[Mention]:
    """Return mentions in order, those of an umbrella budget line last (stable)."""
    return sorted(mentions, key=lambda m: bool((p := catalog.get(m.program)) and p.umbrella))


def about_names(text: str, catalog: Catalog) -> bool:
    """Given a heading that names frames or types, return whether it is about them (a section
    title: インボイス枠(インボイス対応類型)の概要, (1)インボイス枠で申請する場合) rather than a
    clause that mentions them (インボイス対応類型において、補助対象経費として定義されているITツール)."""
    rest = text
    for n in sorted(find_names(text), key=lambda n: -n.start):
        rest = rest[: n.start] + " " + rest[n.end :]
    for m in sorted(catalog.find(rest), key=lambda m: -m.start):
        rest = rest[: m.start] + " " + rest[m.end :]
    rest = _HEADING_NOISE.sub("", _STATUS.sub("", rest))
    return not (len(rest) > HEADING_REST and _CLAUSE.search(rest))


def program_heading(text: str, catalog: Catalog) -> str | None:
    """Given a heading, return the program it is about, or None when it only mentions one.

    A heading is about a program when, without the program's names, its edition year,
    budget year, brackets, list marks and title words, little is left: （３）IT導入補助金
    （概要）, 「IT導入補助金2025」の概要（令和6年度補正）, (I)工場・事業場型, but not
    事業再構築補助金の交付を受けた事業者について (a case particle makes it a clause)."""
    # …事業の内数: the budget line that funds the section's program, no heading about it (skip.budget-share)
    found = [m for m in catalog.find(text) if not _SHARE_OF.match(text[m.end :])]
    if not found:
        return None
    program = _rank(found, catalog)[0].program
    rest = text
    for m in sorted(found, key=lambda m: -m.start):
        rest = rest[: m.start] + " " + rest[m.end :]
    rest = _HEADING_NOISE.sub("", _REMARK.sub("", rest))
    if len(rest) > HEADING_REST or _PROGRAM_CLAUSE.search(rest):
        return None  # a clause about the program (…の交付を受けた事業者), not a section on it
    return program


# A bracketed remark after a program (…補助事業(中小企業等事業再構築促進事業を再編)) is no clause of the heading.
_REMARK = re.compile(r"\([^()]*\)|（[^（）]*）")
TITLE_AREA = 8  # lines of the first page that make its title
HEADING_REST = 12  # characters a program heading may hold besides the program
_HEADING_NOISE = regex("label.heading-noise")
