"""What a document prints about the edition it belongs to, and the former names of its frames.

A publisher issues a program edition by edition: a budget year (令和6年度補正), a round
(第20次公募), an edition label (IT導入補助金2025), a revised version (第4版, 2024年3月28日改定).
`read_edition` reads these from where documents print them — the title, the cover (the first
lines of page 1) and a revision table on the first pages — with the page and the words, so that
the corpus pass (`extract.knowledge.editions`) can say of each attribute where it was printed. It also
reads what ties a document to others: the titles of the documents it names (「…交付規程」), the
program's long names on its cover, the line of the program its title names (<一般型>), and the
frames a title restricts the document to (公募要領 (通常枠)).

`printed_renames` reads the renames a document prints (※旧A B類型, ○○枠を改称, ○○枠は△△枠に名称変更) for
the diff, `printed_frame_changes` the frames it says were created or abolished (○○枠を新設, ○○枠は廃止).
The patterns are rows of the rule table (`edition.*` in `extract/facts/rules.toml`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.facts.catalog import Catalog
from extract.facts.frames import find_names, pair_names
from extract.facts.ruletable import regex, rule
from extract.facts.scope import budget_of, edition_in
from normalize.dates import find_dates
from normalize.glyphs import normalize

TITLE_AREA = 8  # non-empty lines of page 1 that hold a cover's title
COVER_LINES = 40  # lines of page 1 read for a version or a budget year
COVER_LINE_MAX = 40  # characters of a cover line that states a version (longer: a sentence)
HISTORY_PAGES = 3  # pages that may hold a revision table
_VERSION_NUMBER = regex("edition.version-number")
_VERSION_WORD = regex("edition.version-word")
_HISTORY = regex("edition.history")
_SERIES = regex("edition.series")
_NAMED = regex("edition.named-document")
_DEFINED = regex("edition.defined-document")
_FORMER = regex("edition.former-frame")
_RENAMED = regex("edition.renamed-frame")
_RENAMED_TO = regex("edition.renamed-to")
_ABOLISHED = regex("edition.abolished-frame")
_CREATED = regex("edition.created-frame")
_ROUND_IN_TITLE = regex("label.title-round")
_ROUND = regex("label.round-ordinal")
_GUIDELINES = regex("skip.guidelines-title")
_DOC_KIND = regex("edition.document-kind")
_TITLE_LEAD = regex("edition.title-lead")
_DIGITS = re.compile(r"[0-9]+")  # a round printed without 次 or 回 ((3))
_FULL_DATE = re.compile(r"日|[0-9]+\s*[./]\s*[0-9]+\s*[./]\s*[0-9]+")
_WS = re.compile(r"\s+")
_HEAD = regex("edition.head-noun")
_ROUND_LABEL = regex("edition.round-label")
_LIST_SPLIT = re.compile(r"[\s・、,]+")
_LISTED = re.compile(r"(?<=枠|型)[・、,]")  # 甲枠・乙枠: a list of names, each with its head noun
NEAR_NAME = 60  # characters before a rename marker searched for the name it belongs to

Pages = Sequence[tuple[int, str]]
"""(page number, normalised text) of a document, in page order."""


@dataclass(frozen=True, slots=True)
class Printed:
    """A value as a document prints it: the value, its page (None: the document's title) and the words."""

    value: str
    page: int | None
    quote: str


@dataclass(slots=True)
class EditionText:
    """What one document prints about its edition (None where it prints nothing)."""

    program: str | None = None  # the program its title names first
    fiscal: Printed | None = None  # value "2024補正" (fiscal year and budget)
    fiscal_year: int | None = None
    budget: str | None = None
    round: Printed | None = None  # value "第20次"
    round_no: int | None = None
    label: Printed | None = None  # an edition label (IT導入補助金2025) of `label_program`
    label_program: str | None = None
    label_fiscal_year: int | None = None  # the budget year the catalog's rule for the label gives (None: no rule)
    label_budget: str | None = None
    version: Printed | None = None  # value "2025-12-23" or "第4版"
    version_date: dt.date | None = None
    version_no: str | None = None
    issued: Printed | None = None  # a bare date on the cover (令和8年1月23日): when it was issued
    series: Printed | None = None  # <一般型>: a line of the program with rounds of its own
    kind: str | None = None  # koubo (公募要領), kitei (交付規程), tebiki (手引き) or None
    frames: tuple[tuple[str | None, str | None], ...] = ()  # the frames its title restricts it to
    named: list[Printed] = field(default_factory=list)  # titles of other documents it names
    long_names: tuple[str, ...] = ()  # the program's names printed on its cover, without spaces
    short_title: str = ""  # the title without the program's name and bracketed parts (応募・交付申請の手引き)


def _lines(text: str) -> list[str]:
    return [t.strip() for t in text.split("\n") if t.strip()]


def compact(text: str) -> str:
    """Given a title or name, return it NFKC-normalised without white space (for comparing titles)."""
    return _WS.sub("", normalize(text))


def round_number(text: str) -> int | None:
    """Given a round as printed (第20次公募, 14次, (第3回)), return its number."""
    m = _ROUND_LABEL.search(text) or _DIGITS.search(text)
    return int(m.group("n") if m.re is _ROUND_LABEL else m.group()) if m else None


def round_label(text: str) -> str:
    """Given a round as printed (20次公募, 第 17 回公募), return it as ``第20次`` / ``第17回``."""
    m = _ROUND_LABEL.search(text)
    return f"第{int(m.group('n'))}{m.group('unit')}" if m else _WS.sub("", text)


def rounds_named(text: str) -> set[str]:
    """Return the rounds a text names (第1回締切, 17次 → 第1回, 第17次)."""
    return {round_label(m.group()) for m in _ROUND_LABEL.finditer(text or "")}


def names_round(label: str | None) -> bool:
    """Return whether a printed label names a round (第17回公募, 20次締切) rather than an edition's name."""
    return bool(label) and _ROUND_LABEL.search(label or "") is not None


def _title_area(title: str | None, pages: Pages) -> list[tuple[int | None, str]]:
    out: list[tuple[int | None, str]] = [(None, normalize(title))] if title and title.strip() else []
    if pages:
        number, text = pages[0]
        out += [(number, t) for t in _lines(text)[:TITLE_AREA]]
    return out


def _fiscal(area: list[tuple[int | None, str]], cover: list[tuple[int, str]], out: EditionText) -> None:
    for page, text in [*area, *cover]:
        found = budget_of(text)
        if found is not None:
            out.fiscal_year, out.budget = found
            out.fiscal = Printed(f"{found[0]}{found[1] or ''}", page, text[:80])
            return


def _round(area: list[tuple[int | None, str]], out: EditionText) -> None:
    for page, text in area:
        m = _ROUND_IN_TITLE.search(text) or _ROUND.search(text)
        if m:
            printed = next((g for g in m.groups() if g), m.group()) if m.groups() else m.group()
            out.round_no = round_number(printed)
            out.round = Printed(round_label(printed), page, text[:80])
            return


def _label_and_program(area: list[tuple[int | None, str]], catalog: Catalog, out: EditionText) -> None:
    for page, text in area:
        ed = edition_in(text, catalog)
        if ed is not None and out.label is None:
            out.label, out.label_program = Printed(ed[0], page, text[:80]), ed[1]
            entry = catalog.get(ed[1])
            if entry is not None and entry.edition_offset is not None:
                out.label_fiscal_year, out.label_budget = ed[2] + entry.edition_offset, entry.edition_budget
        found = [m for m in catalog.find(text) if m.via in ("name", "stem")]
        found.sort(key=lambda m: bool((p := catalog.get(m.program)) and p.umbrella))  # an umbrella line last
        if out.program is None and found:
            out.program = found[0].program
    if out.program is None:  # a program the catalog lacks is kept under its printed name, as the facts are
        unknown = [m for _, text in area for m in catalog.find(text, unknown=True) if m.via == "unknown"]
        out.program = unknown[0].program if unknown else None
    names = []
    for _, text in area:
        names += [compact(m.printed) for m in catalog.find(text) if m.via in ("name", "stem")
                  and m.program == out.program]
    # the program's own long name, not a secretariat's name that holds it (…支援事業事務局)
    names = [n for n in dict.fromkeys(names) if n != out.program]
    out.long_names = tuple(n for n in names if not any(o != n and n.startswith(o) for o in names))


def _series_and_frames(area: list[tuple[int | None, str]], catalog: Catalog, out: EditionText) -> None:
    """Read the line of the program (<一般型>) and the frames the title restricts the document to."""
    guideline = [(p, t) for p, t in area if _GUIDELINES.search(t)]
    if not guideline:
        return
    if out.kind is None and (k := _DOC_KIND.search(guideline[0][1])):
        out.kind = rule("edition.document-kind").map.get(k.group())
    frames: list[tuple[str | None, str | None]] = []
    for page, text in area:
        rest = text
        for m in sorted(catalog.find(text, unknown=True), key=lambda m: -m.start):
            s = _SERIES.match(text[m.end :])
            if s and m.program == out.program:
                names = [n for n in find_names(s.group("series")) if n.level == "frame"]
                words = s.group("series")
                for n in sorted(names, key=lambda n: -n.start):
                    words = words[: n.start] + " " + words[n.end :]
                if words.strip() and out.series is None:
                    out.series = Printed(compact(words), page, text[:80])
                frames += pair_names(names, s.group("series"))
                rest = rest[: m.start] + rest[m.end + s.end() :]
            else:
                rest = rest[: m.start] + rest[m.end :]
        names = find_names(_GUIDELINES.sub(" ", rest))
        frames += pair_names(names, rest)
    out.frames = tuple(dict.fromkeys(f for f in frames if f[0] or f[1]))


def _dates(text: str) -> list[dt.date]:
    return [d.date for _s, _e, d in find_dates(text) if d.date is not None]


def _version(cover: list[tuple[int, str]], area: list[tuple[int | None, str]], pages: Pages,
             out: EditionText) -> None:
    """Read the version: a number (第4版, Ver.1.0), the date of a version line, or the latest date of a
    revision table on the first pages; a bare date on the cover is kept as the issue date."""
    dated: list[tuple[dt.date, int | None, str]] = []
    for page, text in [*area, *cover]:
        if len(text) > COVER_LINE_MAX:
            continue
        number = _VERSION_NUMBER.search(text)
        if number and out.version_no is None:
            out.version_no = _WS.sub("", next(g for g in number.groups() if g))
            out.version = Printed(_WS.sub("", number.group()), page, text)
        if (number or _VERSION_WORD.search(text)) and (days := _dates(text)):
            dated += [(d, page, text) for d in days]
        elif out.issued is None and page is not None and (days := _dates(text)) and len(text) <= 20:
            out.issued = Printed(days[0].isoformat(), page, text)
    for page_no, text in pages[:HISTORY_PAGES]:
        if not _HISTORY.search(text):
            continue
        # a revision table: the dates that open its lines (or stand alone) are the revisions' dates
        for line in _lines(text):
            if (day := _revision_date(line)) is not None:
                dated.append((day, page_no, line))
    if dated:
        day, page, text = max(dated, key=lambda x: x[0])
        out.version_date = day
        out.version = Printed(day.isoformat(), page, text)


def _revision_date(line: str) -> dt.date | None:
    """Return the date a line of a revision table opens with: one full date (with its day), and
    at most a few other characters on the line (a number, a page)."""
    found = find_dates(line)
    if len(found) != 1 or found[0][2].date is None or not _FULL_DATE.search(line[found[0][0] : found[0][1]]):
        return None
    start, end, d = found[0]
    rest = _WS.sub("", line[:start] + line[end:])
    return d.date if start <= 4 and len(rest) <= 6 else None


def _named(pages: Pages) -> list[Printed]:
    """Return the titles of the documents the pages name (「…交付規程」, …交付規程(以下「交付規程」という))."""
    words = rule("edition.named-document").words
    out: dict[str, Printed] = {}
    for number, text in pages:
        if not any(w in text for w in words):
            continue
        flat = text.replace("\n", "")
        for m in _NAMED.finditer(flat):
            out.setdefault(compact(m.group("title")), Printed(compact(m.group("title")), number, m.group()))
        for m in _DEFINED.finditer(flat):
            title = _title_before(flat, m.start() + len(m.group().split("(")[0].split("（")[0].rstrip()))
            if title:
                out.setdefault(compact(title), Printed(compact(title), number, flat[max(0, m.start() - 60) : m.end()]))
    return list(out.values())


def _title_before(text: str, end: int) -> str | None:
    """Return the title that ends at `end`: back to the bracket it is opened by or the clause before it."""
    depth = 0
    i = end - 1
    while i >= 0 and end - i <= 80:
        c = text[i]
        if c in ")）":
            depth += 1
        elif c in "(（":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and c in "、。「」『』 ":
            break
        i -= 1
    title = _TITLE_LEAD.sub("", text[i + 1 : end].strip())
    return title if len(title) >= 6 else None


def read_edition(title: str | None, pages: Pages, catalog: Catalog) -> EditionText:
    """Given a document's title and pages ((number, normalised text), in order: at least the first
    pages, plus any page naming another document), return what it prints about its edition."""
    out = EditionText()
    area = _title_area(title, pages)
    cover = [(pages[0][0], t) for t in _lines(pages[0][1])[:COVER_LINES]] if pages else []
    _label_and_program(area, catalog, out)
    _fiscal(area, cover, out)
    _round(area, out)
    _series_and_frames(area, catalog, out)
    _version(cover, area[: 1 if title else 0], pages, out)
    out.named = _named(pages)
    out.short_title = _short_title(title or (area[0][1] if area else ""), catalog)
    return out


_BRACKETED = re.compile(r"[(（<＜〈《【\[][^)）>＞〉》】\]]*[)）>＞〉》】\]]")


def _short_title(title: str, catalog: Catalog) -> str:
    """Return a title without program names and bracketed parts: how another document of the program
    names it (「応募・交付申請の手引き」 for 中小企業省力化投資補助事業 (カタログ注文型) 応募・交付申請の手引き)."""
    rest = normalize(title)
    for m in sorted(catalog.find(rest), key=lambda m: -m.start):
        rest = rest[: m.start] + " " + rest[m.end :]
    return compact(_BRACKETED.sub(" ", rest))


@dataclass(frozen=True, slots=True)
class PrintedRename:
    """A rename a document prints: the frame it names now (None: not found), its former names, where."""

    new: str | None
    old: tuple[str, ...]
    page: int | None
    quote: str


def former_names(text: str) -> tuple[str, ...]:
    """Given the former names as printed (A B類型, A類型・B類型, 創業枠), return each name whole."""
    parts = [p for p in _LIST_SPLIT.split(text.strip()) if p]
    head = _HEAD.search(parts[-1]) if parts else None
    if head is None:
        return tuple(parts)
    return tuple(p if _HEAD.search(p) else p + head.group() for p in parts)


RENAME_WORDS = (*rule("edition.former-frame").words, *rule("edition.renamed-frame").words,
                *rule("edition.abolished-frame").words, *rule("edition.created-frame").words)
"""Words a page must hold to print a rename or a frame created or abolished (to pick the pages worth reading)."""


def _last_name(text: str, known: Sequence[str]) -> str | None:
    """Return the frame or type name printed last in `text`: one of `known` (the names the documents use
    for their frames), else one the name patterns find."""
    flat = _WS.sub("", text)
    hits = [(flat.rfind(_WS.sub("", k)), k) for k in known if k and _WS.sub("", k) in flat]
    if hits:
        return max(hits, key=lambda h: (h[0], len(h[1])))[1]
    names = find_names(text)
    return names[-1].text if names else None


def _first_name(text: str, known: Sequence[str]) -> str | None:
    flat = _WS.sub("", text)
    hits = [(flat.find(_WS.sub("", k)), k) for k in known if k and _WS.sub("", k) in flat]
    if hits:
        return min(hits, key=lambda h: (h[0], -len(h[1])))[1]
    names = find_names(text)
    return names[0].text if names else None


def _former_quote(text: str, m: re.Match[str], new: str | None) -> str:
    """Return the words of a former-name marker to cite: from the new name printed before it (else the start of
    its line) to the marker's closing bracket (事業承継枠 (旧後継者支援枠))."""
    start = max(0, m.start() - NEAR_NAME, text.rfind("\n", 0, m.start()) + 1)
    at = text.rfind(new, start, m.start()) if new else -1
    end = m.end() + (1 if text[m.end() : m.end() + 1] in (")", "）") else 0)
    return _WS.sub(" ", text[at if at >= 0 else start : end]).strip()


def printed_renames(text: str, page: int | None = None, known: Sequence[str] = ()) -> list[PrintedRename]:
    """Given a page's normalised text, return the renames it prints: ※旧A B類型 after a name (the
    name printed before the marker is the new one), ○○枠を改称 / ○○枠から再編 (the name before or
    after it in the line is the new one). `known` are the frame and type names the documents use."""
    out: list[PrintedRename] = []
    for m in _FORMER.finditer(text):
        new = _last_name(text[max(0, m.start() - NEAR_NAME) : m.start()], known)
        out.append(PrintedRename(new, former_names(m.group("old")), page, _former_quote(text, m, new)))
    for m in _RENAMED.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        old = former_names(m.group("old"))
        before = _last_name(text[line_start : m.start()], [k for k in known if k not in old])
        new = before or _first_name(text[m.end() : line_end], [k for k in known if k not in old])
        out.append(PrintedRename(new, old, page, text[line_start:line_end][:120]))
    for m in _RENAMED_TO.finditer(text):  # ○○枠は△△枠に名称変更: the former name first
        olds = former_names(_last_name(m.group("old"), known) or m.group("old"))
        out.append(PrintedRename(_WS.sub("", m.group("new")), olds, page, m.group()[:120]))
    return out


@dataclass(frozen=True, slots=True)
class PrintedFrameChange:
    """A frame a document says was created (`added`) or abolished (`removed`), as printed (a name, or
    names sharing one head noun: 甲枠・乙枠), with where."""

    names: str
    change: str  # added | removed
    page: int | None
    quote: str

    def candidates(self) -> tuple[str, ...]:
        """Return the names as printed, whole and each of a list of names printed with their head noun
        (甲枠・乙枠: 甲枠, 乙枠; 共同・協業枠 is one name), without white space;
        words before a name may remain (支援する共同・協業枠): a frame is matched by how a candidate ends."""
        whole = _WS.sub("", self.names)
        return tuple(dict.fromkeys((whole, *_LISTED.split(whole))))


def printed_frame_changes(text: str, page: int | None = None) -> list[PrintedFrameChange]:
    """Given a page's normalised text, return the frames it says were created (○○枠を新設, 【新設】○○枠) or
    abolished (○○枠は廃止, ○○枠の廃止)."""
    out = []
    for pattern, change in ((_CREATED, "added"), (_ABOLISHED, "removed")):
        for m in pattern.finditer(text):
            names = m.group("name") or (m.group("mark") if "mark" in pattern.groupindex else None)
            if names:
                out.append(PrintedFrameChange(names, change, page, m.group()[:120]))
    return out
