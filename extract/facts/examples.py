"""Sections of worked examples: a heading naming one (【補助金額の計算例】, ■活用イメージ, 導入事例)
makes the values printed under it, up to the next heading, inputs of an example, not limits.

Inside a line, 例えば or (例) already mark an example (rows veto.example-before, veto.example-mark);
a leaflet or a 公募要領 also sets an example apart under a heading of its own, in a box whose lines
repeat a cap or a rate (補助上限額(1,000万円)以内のため…, 補助金300万円(補助率1/2)) that is the
example's arithmetic (rule ``veto.example-heading``).
"""

from __future__ import annotations

from extract.facts.ruletable import regex
from extract.facts.scope import is_heading
from extract.facts.segments import Item, has_value_hint

_EXAMPLE_HEADING = regex("veto.example-heading")


def without_examples(items: list[Item]) -> list[Item]:
    """Given a page's items, return them without the value lines under a heading of a worked example
    (tables stay: their place in the page is kept)."""
    out: list[Item] = []
    inside = False
    for it in items:
        if it.table is None and not has_value_hint(it.text) and is_heading(it.text):
            inside = _EXAMPLE_HEADING.search(it.text) is not None
        if not (inside and it.table is None and has_value_hint(it.text)):
            out.append(it)
    return out
