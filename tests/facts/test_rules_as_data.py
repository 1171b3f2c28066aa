"""A ratchet on regular expressions and printed words in the fact stage's code: rules of how documents
are written are rows of extract/facts/rules.toml (with examples), not patterns or words in code.

The patterns left in code are plain text handling, listed by name in the header of rules.toml.
A new literal pattern in a module makes this test fail: make it a row of the rule table, or, if
it only handles text (splits, spaces, brackets, number shapes), list it there and raise the
module's count below in the same commit."""

from __future__ import annotations

import ast
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


PRINTED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef※〇々]")  # kana, kanji, full-width forms
PRINTED_LEFT_IN_CODE = {
    "kinds.py": 9, "scope.py": 5, "segments.py": 6, "tables.py": 1, "thresholds.py": 3, "titlename.py": 1,
    "values.py": 3, "vocab.py": 1, "wages.py": 1,
}
_COMPARED = (ast.In, ast.NotIn, ast.Eq, ast.NotEq)
_TEXT_METHODS = frozenset({"startswith", "endswith", "removeprefix", "removesuffix", "count", "find", "rfind",
                           "index", "split", "replace"})


def _printed(node: ast.expr) -> bool:
    """Whether an expression is a Japanese string literal, or a tuple, list or set holding one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and PRINTED.search(node.value) is not None
    return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and any(_printed(e) for e in node.elts)


def printed_comparisons(source: str) -> int:
    """Count the places a module tests text against a printed word: ``"補助率" in header``, ``s != "場合"``,
    ``text.startswith("まで")``."""
    n = 0
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(isinstance(op, _COMPARED) for op in node.ops):
            n += _printed(node.left) or any(_printed(c) for c in node.comparators)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _TEXT_METHODS:
            n += any(_printed(a) for a in node.args)
    return n


def test_printed_comparisons_are_counted() -> None:
    assert printed_comparisons('if "補助率" not in header and s != "場合" or t.startswith(("※", "*")): pass') == 3
    assert printed_comparisons('if kind == "rate" and x in ("max", "min"): pass') == 0


def test_no_module_tests_more_printed_words_than_the_rule_table_lists() -> None:
    counts = {p.relative_to(FACTS).as_posix(): printed_comparisons(p.read_text(encoding="utf-8"))
              for p in FACTS.rglob("*.py")}
    grown = {name: (n, PRINTED_LEFT_IN_CODE.get(name, 0)) for name, n in counts.items()
             if n > PRINTED_LEFT_IN_CODE.get(name, 0)}
    assert not grown, f"printed-word comparisons beyond those listed (module: found, listed): {grown}"


def test_the_rule_table_names_the_printed_words_left_in_code() -> None:
    header = (FACTS / "rules.toml").read_text(encoding="utf-8").split("\n[[rule]]", 1)[0]
    assert "Printed words compared in code" in header
    assert all(name.removesuffix(".py") in header for name in PRINTED_LEFT_IN_CODE)


# Rows named in more than one module today (their decision is split): a ratchet towards one step per
# rule. A rule is applied by the module that names its id; a row in this list may only lose modules.
NAMED_IN_SEVERAL = {
    "applicant.named": {"associate.py", "cues.py", "kinds.py"},
    "applicant.to-value": {"cues.py", "kinds.py"},
    "band.note-what": {"kinds.py", "sizes.py"},
    "band.threshold-alternative": {"reqread.py", "thresholds.py"},
    "cue.prohibited": {"cues.py", "kinds.py"},
    "cue.rate": {"cues.py", "kinds.py"},
    "cue.rate-after": {"cues.py", "kinds.py"},
    "cue.rate-of-applicant": {"cues.py", "kinds.py"},
    "frame.head-noun": {"enumerated.py", "vocab.py"},
    "frame.plain-type": {"plaintypes.py", "vocab.py"},
    "frame.type-after-frame": {"frames.py", "kinds.py"},
    "frame.word-goes-on": {"plaintypes.py", "scope.py"},
    "label.bare-label": {"enumerated.py", "segments.py"},
    "label.bracket-note": {"kinds.py", "sizes.py"},
    "label.budget-heading": {"kinds.py", "segments.py"},
    "label.class-heading": {"reqcontext.py", "reqread.py"},
    "label.empty-cell": {"enumerated.py", "tables.py"},
    "label.heading-noise": {"scope.py", "titlename.py"},
    "label.note-mark": {"cues.py", "reqread.py"},
    "label.outline-style": {"outline.py", "reqcontext.py"},
    "label.provision-name": {"kinds.py", "reqcontext.py", "reqread.py"},
    "label.tier-column": {"kinds.py", "tables.py"},
    "veto.requirement-bonus": {"reqcontext.py", "reqread.py"},
}


def rule_homes() -> dict[str, set[str]]:
    """Return, per rule id of the table, the modules of the fact stage that name it (ruletable.py aside)."""
    from extract.facts.ruletable import table

    sources = {p.relative_to(FACTS).as_posix(): p.read_text(encoding="utf-8") for p in FACTS.rglob("*.py")
               if p.name != "ruletable.py"}
    return {rid: {m for m, text in sources.items() if f'"{rid}"' in text} for rid in table()}


def test_a_rule_is_named_by_one_module() -> None:
    spread = {rid: mods for rid, mods in rule_homes().items()
              if len(mods) > 1 and not mods <= NAMED_IN_SEVERAL.get(rid, set())}
    assert not spread, f"rules named in more modules than listed: {spread}"
