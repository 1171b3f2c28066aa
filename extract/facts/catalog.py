"""The program catalog: canonical program names, their aliases, and how to find them in text.

The catalog is data (`catalog.toml` beside this module, plus any TOML file a caller
adds); this module only loads it and matches it. Matching runs on normalised text
and ignores white space inside a name, because slide text breaks names across
lines and table cells ("セキュリティ 対策推進枠", "M & A").

Beyond the names it lists, the catalog resolves a program printed under its official
budget-line name (中小企業〇〇支援事業費補助金, 〇〇促進事業, 〇〇支援事業事務局) by rules on
the name's parts, rows of the rule table (`rules.toml`): `program.budget-line` finds such
a name, `program.year-prefix`/`program.prefix`/`program.suffix` reduce it to its stem, and
the stem is compared with the stems of every entry's names. A name whose stem matches no
entry is an unknown program, kept whole as printed.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from extract.facts.indexes import lazy_prefix_matches
from extract.facts.ruletable import of_kind, regex, rule

CATALOG_TOML = Path(__file__).with_name("catalog.toml")

_WS = re.compile(r"\s+")
# An unknown name may not open with a demonstrative (本補助金, 同補助金, この補助金: rule
# skip.name-demonstrative); a sentence before a name ends at its last hiragana after another letter
# (…を支援する), while a name may open with kana of its own (かがやき県…: rule skip.sentence-lead).
_DEMONSTRATIVE = regex("skip.name-demonstrative")
_SENTENCE_LEAD = regex("skip.sentence-lead")
_PLACE = regex("program.local-name")
_NOUN_LEAD = regex("program.noun-lead")  # 工場・事業場における…事業: the words before are the name's own
UNKNOWN_MIN = 6  # characters an unknown program name has at least
STEM_MIN = 2  # characters a stem keeps: a rule never strips a name to less
FIND_CACHE = 20_000  # texts whose mentions a catalog remembers


# A name opens with a letter or a quote, not a bullet or a mark (○ 補助事業遂行の際には…).
_NAME_START = regex("label.name-start")
_TOKEN_BEFORE = regex("label.word-before-space")


def _only_budget_words(name: str) -> bool:
    """Given a name, return whether it is made of budget-line words only (支援事業費補助金)."""
    suffixes = sorted((w for r in of_kind("program_suffix") for w in r.words), key=len, reverse=True)
    s = _WS.sub("", name)
    while s:
        w = next((w for w in suffixes if s.endswith(w)), None)
        if w is None:
            return False
        s = s[: -len(w)]
    return True


@lru_cache(maxsize=8192)
def stem(name: str) -> str:
    """Given a program name, return its stem: without white space, a budget year before it,
    an addressee prefix (中小企業…) and the budget-line words it ends in (…支援事業費補助金,
    …事業事務局), as the `program_prefix` and `program_suffix` rows of the rule table say."""
    s = _WS.sub("", name)
    for r in of_kind("program_prefix"):
        if r.pattern is not None and (m := r.regex().match(s)) and len(s) - m.end() >= STEM_MIN:
            s = s[m.end() :]
        for w in sorted(r.words, key=len, reverse=True):
            if s.startswith(w) and len(s) - len(w) >= STEM_MIN:
                s = s[len(w) :]
                break
    suffixes = sorted((w for r in of_kind("program_suffix") for w in r.words), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for w in suffixes:
            if s.endswith(w) and len(s) - len(w) >= STEM_MIN:
                s, changed = s[: -len(w)], True
                break
    return s


@dataclass(frozen=True, slots=True)
class Program:
    """One catalog entry."""

    name: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    types: dict[str, str] = field(default_factory=dict)
    frames: dict[str, str] = field(default_factory=dict)
    edition_offset: int | None = None
    edition_budget: str | None = None
    umbrella: bool = False

    def names(self) -> tuple[str, ...]:
        """Return every string that names this program (canonical name first)."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Mention:
    """A program named in a text: where, which program, and how it was recognised."""

    start: int
    end: int
    program: str
    printed: str
    via: str  # "name" (canonical or alias), "keyword" (a name only this program uses), "stem", "unknown"


_RUN = re.compile(r"\S+")


def compact(text: str) -> tuple[str, list[int]]:
    """Given a text, return it without white space and the original index of each kept character."""
    if not _WS.search(text):
        return text, list(range(len(text)))
    runs = [(m.start(), m.end()) for m in _RUN.finditer(text)]
    return "".join(text[a:b] for a, b in runs), [i for a, b in runs for i in range(a, b)]


class Catalog:
    """A set of programs with a matcher over all their names."""

    def __init__(self, programs: Iterable[Program]) -> None:
        self.programs: dict[str, Program] = {}
        for p in programs:
            self.programs[p.name] = p
        entries: list[tuple[str, str, str]] = []
        for p in self.programs.values():
            entries += [(_WS.sub("", n), p.name, "name") for n in p.names()]
            entries += [(_WS.sub("", k), p.name, "keyword") for k in (*p.keywords, *p.types, *p.frames)]
        entries.sort(key=lambda e: -len(e[0]))
        self._lookup = {e[0]: (e[1], e[2]) for e in reversed(entries)}
        self._pattern = re.compile("|".join(re.escape(e[0]) for e in entries if e[0]))
        stems: dict[str, set[str]] = {}
        for p in self.programs.values():
            for n in p.names():
                stems.setdefault(stem(n), set()).add(p.name)
        self._stems = {k: next(iter(v)) for k, v in stems.items() if len(v) == 1}  # a shared stem decides nothing
        self._budget_line = rule("program.budget-line").regex()
        self._found: dict[tuple[str, bool], tuple[Mention, ...]] = {}

    @classmethod
    def load(cls, *paths: Path | str) -> Catalog:
        """Given TOML files (default: the bundled catalog), return the catalog they define together."""
        programs: dict[str, Program] = {}
        for path in paths or (CATALOG_TOML,):
            with Path(path).open("rb") as fh:
                data = tomllib.load(fh)
            for entry in data.get("program", []):
                p = Program(
                    name=entry["name"],
                    aliases=tuple(entry.get("aliases", ())),
                    keywords=tuple(entry.get("keywords", ())),
                    types=dict(entry.get("types", {})),
                    frames=dict(entry.get("frames", {})),
                    edition_offset=entry.get("edition_offset"),
                    edition_budget=entry.get("edition_budget"),
                    umbrella=bool(entry.get("umbrella", False)),
                )
                old = programs.get(p.name)
                if old is not None:  # a later file extends an entry
                    p = Program(
                        p.name,
                        old.aliases + p.aliases,
                        old.keywords + p.keywords,
                        {**old.types, **p.types},
                        {**old.frames, **p.frames},
                        p.edition_offset if p.edition_offset is not None else old.edition_offset,
                        p.edition_budget or old.edition_budget,
                        p.umbrella or old.umbrella,
                    )
                programs[p.name] = p
        return cls(programs.values())

    def resolve(self, name: str) -> str | None:
        """Given a printed program name, return the catalog program whose names share its stem
        (中小企業〇〇支援事業事務局 → the entry named 〇〇補助金), or None."""
        return self._stems.get(stem(name))

    def find(self, text: str, *, unknown: bool = False) -> list[Mention]:
        """Given normalised text, return the programs it names (see `_find`; answers are cached:
        the fact stage asks about the same headings and lines many times)."""
        key = (text, unknown)
        hit = self._found.get(key)
        if hit is None:
            if len(self._found) >= FIND_CACHE:
                self._found.clear()
            hit = self._found[key] = tuple(self._find(text, unknown=unknown))
        return list(hit)

    def _find(self, text: str, *, unknown: bool = False) -> list[Mention]:
        """Given normalised text, return the programs it names, left to right, longest match first.

        A name or keyword of an entry counts where it is printed (via "name"/"keyword"); a
        longer budget-line name whose stem is an entry's (`resolve`) names that entry, printed
        whole (via "stem"). With `unknown=True` a budget-line name the catalog lacks (…補助金,
        …支援事業) is returned too, whole, under its printed name: the spec keeps such names
        as printed.
        """
        flat, index = compact(text)
        out: list[Mention] = []
        for m in self._pattern.finditer(flat):
            program, via = self._lookup[m.group(0)]
            s, e = index[m.start()], index[m.end() - 1] + 1
            out.append(Mention(s, e, program, text[s:e], via))
        for s, e, resolved in self._budget_lines(text):
            inside = [x for x in out if s <= x.start and x.end <= e]
            if any(x.start < e and s < x.end and x not in inside for x in out) or any(
                (x.start, x.end) == (s, e) for x in inside
            ):
                continue  # crosses a name of the catalog, or is one
            if resolved is None and inside and self._local(text[s : inside[0].start]):
                out = [x for x in out if x not in inside]  # 東京都中小企業省力化投資補助金: the place's own program
                inside = []
            if resolved is not None:
                out = [x for x in out if x not in inside] + [Mention(s, e, resolved, text[s:e], "stem")]
            elif unknown and not inside:
                out.append(Mention(s, e, _WS.sub("", text[s:e]), text[s:e], "unknown"))
        out.sort(key=lambda x: x.start)
        return out

    def _budget_lines(self, text: str) -> list[tuple[int, int, str | None]]:
        """Given text, return the budget-line names it prints as (start, end, program or None).

        A name that does not resolve as found is tried without the words before its last
        hiragana (本事業は中小企業〇〇支援事業: a sentence runs into the name); an unresolved
        name shorter than `UNKNOWN_MIN`, opening with a demonstrative or not with a letter is
        no name."""
        out: list[tuple[int, int, str | None]] = []
        for m in lazy_prefix_matches(self._budget_line, text):  # finditer, without its square cost
            s, e = m.start(), m.end()
            if _only_budget_words(text[s:e]):  # 支援事業費補助金 alone: the tail of a name wrapped before it
                head = _TOKEN_BEFORE.search(text, 0, s)
                if head is None or not _NAME_START.match(head.group()) or _only_budget_words(text[head.start() : e]):
                    continue
                s = head.start()
            s = self._after_year(text, s, e)
            program = self.resolve(text[s:e])
            if program is None and (lead := _SENTENCE_LEAD.match(text[s:e])) and not (
                _NOUN_LEAD.fullmatch(lead.group()) and not _DEMONSTRATIVE.match(lead.group())
            ):
                s = self._after_year(text, s + lead.end(), e)
                program = self.resolve(text[s:e])
            name = _WS.sub("", text[s:e])
            if program is None and (
                len(name) < UNKNOWN_MIN or _DEMONSTRATIVE.match(name) or not _NAME_START.match(name)
            ):
                continue
            out.append((s, e, program))
        return out

    @staticmethod
    def _local(before: str) -> bool:
        """Given the words of a budget-line name before a catalog name inside it, return whether they
        are a place, perhaps with the addressee after it (東京都中小企業): rule program.local-name."""
        head = _WS.sub("", before)
        for w in sorted((w for r in of_kind("program_prefix") for w in r.words), key=len, reverse=True):
            if head.endswith(w) and len(head) > len(w):
                head = head[: -len(w)]
                break
        return _PLACE.match(head) is not None

    @staticmethod
    def _after_year(text: str, s: int, e: int) -> int:
        """Return where a name starting at s begins once a budget year printed before it is left out."""
        year = rule("program.year-prefix").regex().match(text[s:e])  # its ^ anchors at the name's start
        return s + year.end() if year and e - s - year.end() >= UNKNOWN_MIN else s

    def most_named(self, texts: Iterable[str]) -> str | None:
        """Given the lines of a document, return the program they name most often by a name or a
        budget-line name (an umbrella budget line only when they name no other), or None: the
        program of a document whose title names none (公募要領 above a secretariat's name)."""
        counts = Counter(m.program for t in texts for m in self.find(t) if m.via in ("name", "stem"))
        ranked = sorted(counts.items(), key=lambda kv: (bool(self.programs[kv[0]].umbrella), -kv[1]))
        return ranked[0][0] if ranked else None

    def canonical_type(self, program: str | None, name: str) -> str:
        """Given a program and a printed 類型 name, return the name the catalog uses for it."""
        p = self.programs.get(program or "")
        key = _WS.sub("", name)
        return p.types.get(key, key) if p else key

    def canonical_frame(self, program: str | None, name: str) -> str:
        """Given a program and a printed 枠 name, return the name the catalog uses for it."""
        p = self.programs.get(program or "")
        key = _WS.sub("", name)
        return p.frames.get(key, key) if p else key

    def get(self, name: str | None) -> Program | None:
        """Given a canonical name, return its entry (None for unknown or None)."""
        return self.programs.get(name or "")


@cache
def default_catalog() -> Catalog:
    """Return the bundled catalog (loaded once per process)."""
    return Catalog.load()
