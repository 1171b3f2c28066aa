"""The rule table (extract/facts/rules.toml): every row is valid and its examples hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.facts.catalog import default_catalog, stem
from extract.facts.model import DocInfo, Fact
from extract.facts.pipeline import run
from extract.facts.restated import RESTATED, read_negated_cases
from extract.facts.ruletable import Rule, RuleTableError, group_rules, load, of_kind, regex, source, table
from extract.facts.values import read_segment
from extract.facts.wraps import join_wraps
from extract.textlayer import read_text_layer
from normalize.glyphs import normalize


def _examples(kind: str) -> list[tuple[str, dict]]:
    return [(r.id, x) for r in of_kind(kind) for x in r.examples]


def _ids(cases: list[tuple[str, dict]]) -> list[str]:
    return [f"{rid}:{x.get('text') or x.get('name')}" for rid, x in cases]


JOIN = _examples("join")


@pytest.mark.parametrize(("rule_id", "example"), JOIN, ids=_ids(JOIN))
def test_join_examples(rule_id: str, example: dict) -> None:
    assert join_wraps(normalize(example["text"]), default_catalog()) == example["joined"]


APPLICANT = [(rid, x) for rid, x in _examples("applicant") if "applicants" in x]


@pytest.mark.parametrize(("rule_id", "example"), APPLICANT, ids=_ids(APPLICANT))
def test_applicant_examples(rule_id: str, example: dict) -> None:
    cands = read_segment(normalize(example["text"]))
    assert [c.applicant or "" for c in cands] == example["applicants"]
    assert all(rule_id in c.rules for c in cands if c.applicant and c.applicant.endswith(("企業", "事業者")))
    if table()[rule_id].map:
        assert not any(c.conditions for c in cands)  # the abbreviation is no condition


_PATTERN_KINDS = frozenset({"cue", "veto", "band", "skip", "frame", "label", "applicant", "unit"})


def _with(key: str) -> list[tuple[str, dict]]:
    return [(r.id, x) for r in table().values() if r.kind in _PATTERN_KINDS for x in r.examples if key in x]


MATCH = _with("match")


@pytest.mark.parametrize(("rule_id", "example"), MATCH, ids=_ids(MATCH))
def test_pattern_examples(rule_id: str, example: dict) -> None:
    """The row's own pattern finds what the example says in its text (or nothing: match = false)."""
    m = regex(rule_id).search(normalize(example["text"]))
    if example["match"] is False:
        assert m is None, m
        return
    assert m is not None and m.group() == example["match"]
    if "as" in example:
        assert m.lastgroup == example["as"]


FACTS = _with("facts")


@pytest.mark.parametrize(("rule_id", "example"), FACTS, ids=_ids(FACTS))
def test_fact_examples(rule_id: str, example: dict) -> None:
    """Read as one segment, the example states exactly the facts it lists; where they are read
    by a row that decides a kind or a condition, that row's id is among the fact's rule ids."""
    cands = read_segment(normalize(example["text"]))
    assert sorted(f"{c.kind}={c.value}" for c in cands) == sorted(example["facts"])
    if rule_id in _RECORDED:
        assert all(rule_id in c.rules for c in cands)
    if "condition" in example:
        want = [example["condition"]] if example["condition"] else []  # "": the words are no condition
        assert cands and all(c.conditions == want for c in cands)
    if "applicant" in example:
        assert cands and all(c.applicant == example["applicant"] for c in cands)
    if "unit" in example:  # what every amount of the example is counted per
        assert cands and all(c.unit == example["unit"] for c in cands)
    elif "units" in example:  # …or each, in order ("": per applicant)
        assert [c.unit or "" for c in cands] == example["units"]
    else:
        assert all(c.unit is None for c in cands)
    if "frame" in example or "type" in example:  # the value names its frame or type itself
        pair = (example.get("frame"), example.get("type"))
        assert cands and all(c.names == [pair] and rule_id in c.rules for c in cands)


# Rows whose id a fact records when they decide its kind, applicant or condition.
_RECORDED = {
    *group_rules("cue.amount").values(), *group_rules("cue.date").values(), "cue.rate", "cue.rate-after",
    "cue.rate-of-applicant", "cue.prohibited", "band.expense-topic", "applicant.named", "applicant.of-jigyosha",
    "applicant.to-value", "band.item-head", "band.bracket-owner",
    *(r.id for r in of_kind("unit") if r.action not in ("none", "no unit", "condition")),
} - {"veto.not-subsidy-amount", "veto.not-application-date"}


def test_every_new_row_has_a_positive_and_a_negative_example() -> None:
    """A row of a pattern kind shows both what it matches and what it leaves (or reads to no fact)."""
    for r in table().values():
        if r.kind in ("cue", "veto", "band", "skip", "frame", "label", "unit") or (r.kind == "applicant" and not r.map):
            said = [x.get("match", x.get("facts", x.get("kinds", x.get("applicants")))) for x in r.examples]
            hits = [x for x in said if x and x != [""]]
            others = [x for x in said if x in (False, "", [], [""])] + [x for x in r.examples if "facts" in x]
            assert len(r.examples) >= 2 and hits and others, r.id


def test_a_reference_is_a_group_of_the_named_row() -> None:
    """{rule:ID} stands for row ID's pattern, and a named group around it tells which row it is."""
    assert source("cue.amount-limit").startswith(f"(?P<max>(?:{source('cue.cap-max')}))")
    assert group_rules("cue.date") == {"deadline": "cue.deadline", "opens": "cue.opens", "period": "cue.period",
                                       "neg": "veto.not-application-date"}


LABEL = [(rid, x) for rid, x in _examples("label") if "kinds" in x]


@pytest.mark.parametrize(("rule_id", "example"), LABEL, ids=_ids(LABEL))
def test_label_examples(rule_id: str, example: dict) -> None:
    cands = read_segment(normalize(example["text"]), (normalize(example["label"]),))
    assert [c.kind for c in cands] == example["kinds"]


CASE = _examples("case")


@pytest.mark.parametrize(("rule_id", "example"), CASE, ids=_ids(CASE))
def test_case_examples(rule_id: str, example: dict) -> None:
    cands = read_segment(normalize(example["text"]))
    read_negated_cases([(None, cands)])  # type: ignore[list-item]
    assert [c.applicant or "" for c in cands] == example["applicants"]
    assert [c for c in cands if rule_id in c.rules] == [c for c in cands if c.applicant and not c.conditions][1:]


DOCUMENT = _examples("document")


def _document_facts(text: str, tmp_path: Path) -> list[Fact]:
    """Return the facts of a text layer, read as `hojo build` reads a .txt file."""
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return run(read_text_layer(path), DocInfo(key="doc", sha256="0" * 64))


def _fields(facts: list[Fact], fields: list[str]) -> set[tuple[str, ...]]:
    return {tuple("" if getattr(f, k) is None else str(getattr(f, k)) for k in fields) for f in facts}


@pytest.mark.parametrize(("rule_id", "example"), DOCUMENT, ids=_ids(DOCUMENT))
def test_document_examples(rule_id: str, example: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The document states exactly the facts listed (in the fields the example names), and a fact
    records the row exactly when the example says the row fires."""
    fields = example.get("fields", ["frame", "kind", "value", "applicant"])
    facts = _document_facts(example["text"], tmp_path)
    got = _fields(facts, fields)
    assert got == {tuple(x) for x in example["facts"]}
    if rule_id == RESTATED:  # the rule, not another, decides: without it the facts differ (a restated
        # fact equal to the one it restates is kept once, as printed)
        monkeypatch.setattr("extract.facts.pipeline.complete_applicants", lambda facts: facts)
        assert (_fields(_document_facts(example["text"], tmp_path), fields) != got) == example["fires"]
    else:
        assert any(rule_id in f.extra.get("rules", ()) for f in facts) == example["fires"]


def test_every_kind_has_rows_and_every_row_examples() -> None:
    rows = list(table().values())
    assert {r.kind for r in rows} >= {"join", "applicant", "case", "document"}
    assert all(isinstance(r, Rule) and r.examples and r.doc for r in rows)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[rule]]\nkind = "join"\nexamples = [{text = "a"}]\n', "without an id"),
        ('[[rule]]\nid = "x"\nkind = "magic"\nexamples = [{text = "a"}]\n', "unknown kind"),
        ('[[rule]]\nid = "x"\nkind = "join"\n', "needs examples"),
        ('[[rule]]\nid = "x"\nkind = "join"\npattern = "("\nexamples = [{text = "a"}]\n', "bad pattern"),
        ('[[rule]]\nid = "x"\nkind = "join"\nexamples = [{text = "a"}]\n' * 2, "twice"),
        ('[[rule]]\nid = "x"\nkind = "cue"\nwindow = "everywhere"\nexamples = [{text = "a"}]\n', "unknown window"),
        ('[[rule]]\nid = "x"\nkind = "cue"\npattern = "a{rule:y}"\nexamples = [{text = "a"}]\n', "unknown rule y"),
        ('[[rule]]\nid = "x"\nkind = "cue"\npattern = "a{rule:x}"\nexamples = [{text = "a"}]\n', "names itself"),
        ('[[rule]]\nid = "x"\nkind = "cue"\nany = ["a", "("]\nexamples = [{text = "a"}]\n', "bad pattern"),
        ('[[rule]]\nid = "x"\nkind = "cue"\nany = []\nexamples = [{text = "a"}]\n', "list of patterns"),
        ('[[rule]]\nid = "x"\nkind = "join"\nwords_from = ["y"]\nexamples = [{text = "a"}]\n', "unknown rule y"),
    ],
)
def test_a_bad_row_is_named(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RuleTableError, match=message):
        load(path)


NAMES = _examples("program_name")


@pytest.mark.parametrize(("rule_id", "example"), NAMES, ids=_ids(NAMES))
def test_program_name_examples(rule_id: str, example: dict) -> None:
    found = default_catalog().find(normalize(example["text"]), unknown=True)
    assert [m.printed for m in found] == example["names"]


STEMS = _examples("program_prefix") + _examples("program_suffix")


@pytest.mark.parametrize(("rule_id", "example"), STEMS, ids=_ids(STEMS))
def test_program_stem_examples(rule_id: str, example: dict) -> None:
    assert stem(example["name"]) == example["stem"]
