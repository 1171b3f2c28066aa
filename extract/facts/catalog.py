"""The program catalog: canonical program names, their aliases, and how to find them in text.

The catalog is data (`catalog.toml` beside this module, plus any TOML file a caller
adds); this module only loads it and matches it. Matching runs on normalised text
and ignores white space inside a name, because slide text breaks names across
lines and table cells ("セキュリティ 対策推進枠", "M & A").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CATALOG_TOML = Path(__file__).with_name("catalog.toml")

_WS = re.compile(r"\s+")
# A printed program name the catalog does not know: a noun phrase ending in a
# subsidy word. Only used on headings; the first character may not be a
# demonstrative or a particle (本補助金, 同補助金, の補助金 …).
_UNKNOWN_PROGRAM = re.compile(
    r"(?<![ぁ-ん])([^\s、。，,.「」『』()（）【】<>＜＞:：・/]{3,24}?(?:補助金|支援金|給付金|助成金))"
)
_NOT_A_NAME_START = tuple("本同当各該前上下右左このそ")


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
    via: str  # "name" (canonical or alias), "keyword" (a name only this program uses), "unknown"


def compact(text: str) -> tuple[str, list[int]]:
    """Given a text, return it without white space and the original index of each kept character."""
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


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

    def find(self, text: str, *, unknown: bool = False) -> list[Mention]:
        """Given normalised text, return the programs it names, left to right, longest match first.

        With `unknown=True` a subsidy name the catalog lacks (…補助金, …支援金) is
        returned too, under its printed name: the spec keeps such names as printed.
        """
        flat, index = compact(text)
        out: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for m in self._pattern.finditer(flat):
            program, via = self._lookup[m.group(0)]
            s, e = index[m.start()], index[m.end() - 1] + 1
            out.append(Mention(s, e, program, text[s:e], via))
            taken.append((m.start(), m.end()))
        if unknown:
            for m in _UNKNOWN_PROGRAM.finditer(flat):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                name = m.group(1)
                if name.startswith(_NOT_A_NAME_START) or len(name) < 6:
                    continue
                s, e = index[m.start(1)], index[m.end(1) - 1] + 1
                out.append(Mention(s, e, name, text[s:e], "unknown"))
        out.sort(key=lambda x: x.start)
        return out

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
