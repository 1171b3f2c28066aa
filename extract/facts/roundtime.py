"""A closing time a page prints once for every deadline it lists (※各回とも17時必着).

A schedule slide lists the deadline of each round as a date (第1回締切 5月30日(金)) and says the
hour once, in a note under the list: 各回とも17時必着, いずれも17:00締切. Every deadline of that
page printed without a time closes at that hour (rule ``cue.time-of-every-deadline``).
"""

from __future__ import annotations

from dataclasses import replace

from extract.facts.model import Fact
from extract.facts.ruletable import regex

RULE = "cue.time-of-every-deadline"
_EVERY_TIME = regex(RULE)


def common_time(text: str) -> str | None:
    """Given a page's text, return the hour (HH:MM) it says every deadline closes at, or None."""
    m = _EVERY_TIME.search(text)
    if m is None:
        return None
    if m.group("noon"):
        return "12:00"
    return f"{int(m.group('h')):02d}:{m.group('m') or '00'}" if int(m.group("h")) <= 24 else None


def with_common_time(facts: list[Fact], texts: dict[int, str]) -> list[Fact]:
    """Given a document's facts and its pages' texts, return the facts with the hour a page says every
    deadline closes at given to its deadlines printed without one."""
    hours = {page: hour for page, text in texts.items() if (hour := common_time(text))}
    out = []
    for f in facts:
        hour = hours.get(f.page) if f.kind == "deadline" and f.page is not None else None
        if hour and isinstance(f.value, str) and "T" not in f.value:
            f = replace(f, value=f"{f.value}T{hour}", extra={**f.extra, "rules": [*f.extra.get("rules", ()), RULE]})
        out.append(f)
    return out
