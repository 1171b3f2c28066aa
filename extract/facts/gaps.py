"""What was not understood: pages that print amounts, rates or dates from which no fact came.

A page whose values the rule table does not read is invisible in the facts; `page_gaps` names it,
with the values it prints (found as the fact stage finds them: `values.find_atoms`) and the heading
nearest before the first of them, so that a user sees what to add to the rule table
(`extract/facts/rules.toml`). Pages whose text layer lost its Japanese are left out (their
numbers say nothing: `pipeline.readable`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from extract.facts.scope import is_heading
from extract.facts.segments import has_value_hint
from extract.facts.values import find_atoms

MAX_VALUES = 12  # printed values listed per page; `Gap.more` counts the rest


@dataclass(frozen=True, slots=True)
class PageText:
    """A page as the gaps see it: number, normalised text, whether its text can be trusted."""

    number: int
    text: str
    readable: bool = True


@dataclass(frozen=True, slots=True)
class Gap:
    """A page that prints values from which no fact came: the values (as printed) and its heading."""

    page: int
    values: tuple[str, ...]
    heading: str | None
    more: int = 0  # values printed beyond those listed

    def to_json(self) -> dict[str, object]:
        """Return the gap as a JSON object."""
        return {"page": self.page, "values": list(self.values), "more": self.more, "heading": self.heading}


def printed_values(text: str) -> list[tuple[int, str]]:
    """Given a page's normalised text, return the amounts, rates and dates it prints as (offset, text),
    in order: those the fact stage would consider (a wage step of 50円 is none)."""
    return [(a.start, " ".join(text[a.start : a.end].split())) for a in find_atoms(text, None)]


def nearest_heading(text: str, pos: int) -> str | None:
    """Given a page's text and an offset, return the last heading-like line before the line holding it
    (short, no value of its own), else the page's first line without a value, else None."""
    before = [ln.strip() for ln in text[: text.rfind("\n", 0, pos) + 1].split("\n") if ln.strip()]
    headings = [ln for ln in before if is_heading(ln) and not has_value_hint(ln)]
    if headings:
        return headings[-1]
    plain = [ln.strip() for ln in text.split("\n") if ln.strip() and not has_value_hint(ln)]
    return plain[0][:60] if plain else None


def page_gaps(pages: Iterable[PageText], fact_pages: set[int]) -> list[Gap]:
    """Given the pages of a document and the pages its facts came from, return a gap per readable page
    that prints values and gave no fact."""
    out = []
    for p in pages:
        if not p.readable or p.number in fact_pages:
            continue
        found = printed_values(p.text)
        if not found:
            continue
        shown = tuple(dict.fromkeys(v for _, v in found))
        out.append(Gap(p.number, shown[:MAX_VALUES], nearest_heading(p.text, found[0][0]),
                       max(0, len(shown) - MAX_VALUES)))
    return out
