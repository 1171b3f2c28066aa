"""A ratchet on regular expressions in the fact stage's code: rules of how documents are written
are rows of extract/facts/rules.toml (with examples), not patterns in code.

The patterns left in code are plain text handling, listed by name in the header of rules.toml.
A new literal pattern in a module makes this test fail: make it a row of the rule table, or, if
it only handles text (splits, spaces, brackets, number shapes), list it there and raise the
module's count below in the same commit."""

from __future__ import annotations

import re
from pathlib import Path

import extract.facts

FACTS = Path(extract.facts.__file__).parent
LITERAL_PATTERN = re.compile(
    r"""re\.(?:compile|search|match|fullmatch|sub|subn|finditer|findall|split)\(\s*[rfRF]{0,2}["']"""
)
LEFT_IN_CODE = {
    "catalog.py": 3, "emphasis.py": 5, "frames.py": 3, "kinds.py": 13, "outline.py": 1,
    "ruletable.py": 2, "scope.py": 5, "segments.py": 2, "tables.py": 2, "indexes.py": 3, "values.py": 6,
    "vocab.py": 1, "wraps.py": 4,
}


def test_no_module_holds_more_literal_patterns_than_the_rule_table_lists() -> None:
    counts = {p.name: len(LITERAL_PATTERN.findall(p.read_text(encoding="utf-8"))) for p in FACTS.glob("*.py")}
    grown = {name: (n, LEFT_IN_CODE.get(name, 0)) for name, n in counts.items() if n > LEFT_IN_CODE.get(name, 0)}
    assert not grown, f"literal patterns beyond those listed (module: found, listed): {grown}"


def test_the_rule_table_names_the_patterns_left_in_code() -> None:
    header = (FACTS / "rules.toml").read_text(encoding="utf-8").split("\n[[rule]]", 1)[0]
    for name in ("indexes._SENTENCE", "kinds._BRACKETED", "tables._HEADER_BRACKET", "wraps"):
        assert name in header
