"""Company size as the applicant of a value: 80万円(大企業60万円), and ( )内は大企業の額.

An employment 助成金 prints the sum for a large company beside the one for a small or medium
one: in brackets after it with the size named (80万円(大企業60万円)), or in bare brackets that a
note of the page explains (80万円(60万円) … ※( )内は大企業の額). The bracketed value is the named
size's, and the value before it the other size's (rows `applicant.size-complement` and
`applicant.size-in-note`; the map of the first says which size is the other).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from typing import Protocol

from extract.facts.ruletable import regex, rule

COMPLEMENT = "applicant.size-complement"
IN_NOTE = "applicant.size-in-note"
_BRACKET_NOTE = regex("label.bracket-note")
_NOTE_WHAT = regex("band.note-what")


class _Value(Protocol):
    kind: str
    start: int
    end: int
    group: int
    applicant: str | None
    bracketed: bool
    rules: list[str]
    conditions: list[str]


def other_size(size: str) -> str | None:
    """Given a company size as printed (大企業), return the other one (中小企業), else None."""
    return rule(COMPLEMENT).map.get(size)


def complement_sizes(values: Sequence[_Value], text: str) -> None:
    """Given the values of a segment in order and its text, give the value before a bracketed
    alternative for one company size (80万円(大企業60万円)) the other size, in place."""
    pattern = rule(COMPLEMENT).regex()
    for prev, value in pairwise(values):
        if prev.group == value.group or prev.kind != value.kind or prev.end > value.start:
            continue
        m = pattern.match(text[prev.end : value.start])  # the pattern is anchored at both ends
        if m is None:
            continue
        if prev.applicant is None:
            prev.applicant = other_size(m.group("who"))
        value.conditions = value.conditions or list(prev.conditions)  # the tier of the row holds for both
        for v in (prev, value):
            v.rules.append(COMPLEMENT)


def size_of_case(case: str | None) -> str | None:
    """Given the case a note gives values in brackets (大企業の額です), return the company size it
    names, else None."""
    m = rule(IN_NOTE).regex().match(case or "")
    return m.group("who") if m and other_size(m.group("who")) else None


def note_on_line(page_text: str) -> str | None:
    """Given a page's text, return what a note on bracketed values says they are when it says so on a
    line of its own (※< >は大企業の額, no 。 before the next heading), else None."""
    for line in page_text.split("\n"):
        mention = _BRACKET_NOTE.search(line)
        what = _NOTE_WHAT.search(line, mention.start()) if mention else None
        if what is not None and size_of_case(what.group(1).strip()):
            return what.group(1).strip()
    return None


def note_sizes(values: Iterable[_Value], case_of: Callable[[], str | None]) -> None:
    """Given the values of a segment in order and how to read the case its page gives bracketed
    values, make a value printed in bare brackets after another of its kind (80万円(60万円)) the
    applicant's the note names, and the value before it the other size's, in place."""
    before: dict[str, _Value] = {}
    for v in values:
        if not v.bracketed:
            before[v.kind] = v
            continue
        prev = before.get(v.kind)
        size = size_of_case(case_of()) if prev is not None and v.applicant is None else None
        if prev is None or size is None:
            continue
        v.applicant = size
        prev.applicant = prev.applicant or other_size(size)
        for x in (prev, v):
            x.rules.append(IN_NOTE)
