"""The fact stage's rules that are data: rows of `rules.toml`, each with an id and examples.

A row states one general principle of how these documents are written (a space inside a
word is a line wrap; 中小 right before a value is an applicant; 事務局 after a budget line
names its secretariat, not another program). Its `words` or `pattern` say what it matches,
`map` what a matched word stands for, and `examples` are sentences written for the rule;
`tests/facts/test_rules.py` runs every example against the code that uses the rule, so a
rule cannot drift from what it claims. Rows are validated when loaded: ids are unique,
kinds are known, and every row has examples.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

RULES_TOML = Path(__file__).with_name("rules.toml")
KINDS = frozenset({"join", "applicant", "program_suffix", "program_prefix", "program_name", "case", "document",
                   "label"})


class RuleTableError(ValueError):
    """A row of the rule table is malformed (the message names the row)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the rule table."""

    id: str
    kind: str
    doc: str
    words: tuple[str, ...] = ()
    pattern: str | None = None
    map: dict[str, str] = field(default_factory=dict)
    examples: tuple[dict[str, Any], ...] = ()

    def regex(self) -> re.Pattern[str]:
        """Return the compiled `pattern`, ``{abbr}`` standing for the alternation of the keys of
        `map` (longest first); a rule without a pattern has none to give."""
        if self.pattern is None:
            raise RuleTableError(f"rule {self.id}: no pattern")
        keys = "|".join(re.escape(k) for k in sorted(self.map, key=len, reverse=True))
        return _compile(self.pattern.replace("{abbr}", keys))


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _row(entry: dict[str, Any], where: str) -> Rule:
    """Given one [[rule]] table, return it as a Rule or raise naming the row."""
    rid = entry.get("id")
    if not isinstance(rid, str) or not rid:
        raise RuleTableError(f"{where}: a rule without an id")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise RuleTableError(f"{where}: rule {rid}: unknown kind {kind!r}")
    examples = entry.get("examples", [])
    if not examples or not all(isinstance(x, dict) for x in examples):
        raise RuleTableError(f"{where}: rule {rid}: needs examples (tables)")
    pattern = entry.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern.replace("{abbr}", "x"))
        except re.error as e:
            raise RuleTableError(f"{where}: rule {rid}: bad pattern: {e}") from e
    return Rule(
        id=rid,
        kind=kind,
        doc=str(entry.get("doc", "")),
        words=tuple(entry.get("words", ())),
        pattern=pattern,
        map=dict(entry.get("map", {})),
        examples=tuple(examples),
    )


def load(path: Path = RULES_TOML) -> tuple[Rule, ...]:
    """Given a rule table file, return its rows, validated (see the module docstring)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    rows = tuple(_row(e, f"{path.name} row {i + 1}") for i, e in enumerate(data.get("rule", [])))
    seen: set[str] = set()
    for r in rows:
        if r.id in seen:
            raise RuleTableError(f"{path.name}: rule id {r.id} twice")
        seen.add(r.id)
    return rows


@cache
def table() -> dict[str, Rule]:
    """Return the bundled rule table by id (loaded once per process)."""
    return {r.id: r for r in load()}


def rule(rule_id: str) -> Rule:
    """Given a rule id, return its row of the bundled table."""
    return table()[rule_id]


def of_kind(kind: str) -> list[Rule]:
    """Given a kind, return the bundled rows of that kind, in file order."""
    return [r for r in table().values() if r.kind == kind]
