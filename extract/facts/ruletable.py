"""The fact stage's rules that are data: rows of `rules.toml`, each with an id and examples.

A row states one general principle of how these documents are written (a space inside a
word is a line wrap; 中小 right before a value is an applicant; 事務局 after a budget line
names its secretariat, not another program; 例えば before an amount makes it a worked
example). Its `words`, `pattern` or `any` (alternatives, joined by ``|``) say what it
matches, `window` which text the code matches it against, `action` what a match does,
`map` what a matched word stands for, and `examples` are sentences written for the rule;
`tests/facts/test_rules.py` runs every example against the rule's pattern or the code that
uses it, so a rule cannot drift from what it claims. Rows are validated when loaded: ids
are unique, kinds and windows are known, patterns compile, and every row has examples.

A pattern may name another row as ``{rule:ID}`` (a non-capturing group of that row's
pattern), so a combined cue (``(?P<max>{rule:cue.cap-max})|(?P<min>{rule:cue.cap-min})``)
is built from rows that each keep their own id, principle and examples; `group_rules` tells
which row a named group of such a pattern stands for. `regex(ID)` compiles a row once per
process; the code holds what it returns at module level.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

RULES_TOML = Path(__file__).with_name("rules.toml")
KINDS = frozenset({
    "join", "applicant", "program_suffix", "program_prefix", "program_name", "case", "document",
    "cue",  # a word that says what a value is (補助上限額, 補助率, 締切)
    "veto",  # a value that is no fact (a worked example, an old value, a rate of something else)
    "band",  # a value that bounds a condition or a tier, not a limit (50万円以下の部分)
    "skip",  # text that is no statement of values or no name (a title word, a generic 各枠)
    "frame",  # how frame and type names are printed (…枠, …類型, (I)…型)
    "label",  # how labels and structure are printed (notes, list marks, item heads, header rows)
    "unit",  # what one amount is counted per (1人当たり, 1事業所当たり, ×グループ構成員数)
})
WINDOWS = frozenset({
    "before",  # the text before a value, back to its sentence or label start
    "after",  # the text right after a value
    "value",  # the printed value itself
    "label",  # a header or a label line of the value's context
    "line",  # a whole line or segment
    "name",  # a candidate name (of a frame, type or label)
    "text",  # any text (a building block other rows name as {rule:ID})
})
_REF = re.compile(r"\{rule:([A-Za-z0-9_.\-]+)\}")
_GROUP_REF = re.compile(r"\(\?P<(\w+)>\{rule:([A-Za-z0-9_.\-]+)\}\)")


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
    window: str = ""
    action: str = ""
    words_from: tuple[str, ...] = ()  # rows whose literal words are vocabulary of this one too

    def regex(self) -> re.Pattern[str]:
        """Return the compiled `pattern`, ``{abbr}`` standing for the alternation of the keys of
        `map`, ``{words}`` for that of `words` (longest first) and ``{rule:ID}`` for row ID's
        pattern; a rule without a pattern has none to give."""
        return _compile(source(self.id))


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _expand(r: Rule, rows: dict[str, Rule], seen: tuple[str, ...] = ()) -> str:
    """Return a row's pattern with ``{abbr}`` and every ``{rule:ID}`` replaced (raise naming the row
    on a missing pattern, an unknown id or a cycle)."""
    if r.pattern is None:
        raise RuleTableError(f"rule {r.id}: no pattern")
    if r.id in seen:
        raise RuleTableError(f"rule {r.id}: names itself through {' → '.join(seen)}")
    keys = "|".join(re.escape(k) for k in sorted(r.map, key=len, reverse=True))
    words = "|".join(re.escape(w) for w in sorted(r.words, key=len, reverse=True))

    def ref(m: re.Match[str]) -> str:
        other = rows.get(m.group(1))
        if other is None:
            raise RuleTableError(f"rule {r.id}: names unknown rule {m.group(1)}")
        return f"(?:{_expand(other, rows, (*seen, r.id))})"

    return _REF.sub(ref, r.pattern.replace("{abbr}", keys).replace("{words}", words))


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
    alternatives = entry.get("any")
    if alternatives is not None:
        if pattern is not None or not alternatives or not all(isinstance(a, str) and a for a in alternatives):
            raise RuleTableError(f"{where}: rule {rid}: `any` is a list of patterns, and no `pattern` beside it")
        pattern = "|".join(alternatives)
    window = entry.get("window", "")
    if window and window not in WINDOWS:
        raise RuleTableError(f"{where}: rule {rid}: unknown window {window!r}")
    if pattern is not None:
        try:
            re.compile(_REF.sub("x", pattern.replace("{abbr}", "x").replace("{words}", "x")))
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
        window=window,
        action=str(entry.get("action", "")),
        words_from=tuple(entry.get("words_from", ())),
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
    by_id = {r.id: r for r in rows}
    for r in rows:
        if unknown := [x for x in r.words_from if x not in by_id]:
            raise RuleTableError(f"{path.name}: rule {r.id}: words_from names unknown rule {unknown[0]}")
        if r.pattern is not None:
            try:
                re.compile(_expand(r, by_id))
            except re.error as e:
                raise RuleTableError(f"{path.name}: rule {r.id}: bad pattern: {e}") from e
    return rows


@cache
def table() -> dict[str, Rule]:
    """Return the bundled rule table by id (loaded once per process)."""
    return {r.id: r for r in load()}


def rule(rule_id: str) -> Rule:
    """Given a rule id, return its row of the bundled table."""
    return table()[rule_id]


@cache
def source(rule_id: str) -> str:
    """Given a rule id, return its pattern with every ``{abbr}`` and ``{rule:ID}`` filled in (once per
    process: modules ask for a row's pattern per value they read)."""
    return _expand(rule(rule_id), table())


def regex(rule_id: str) -> re.Pattern[str]:
    """Given a rule id, return its compiled pattern (compiled once per process)."""
    return _compile(source(rule_id))


@cache
def group_rules(rule_id: str) -> dict[str, str]:
    """Given a rule whose pattern names other rows in named groups (``(?P<max>{rule:cue.cap-max})``),
    return each group's name → the id of the row it stands for."""
    r = rule(rule_id)
    return dict(_GROUP_REF.findall(r.pattern or ""))


def of_kind(kind: str) -> list[Rule]:
    """Given a kind, return the bundled rows of that kind, in file order."""
    return [r for r in table().values() if r.kind == kind]
