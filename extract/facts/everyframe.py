"""Values a document says of every frame or type at once (各枠とも100万円, 50万円(各類型共通)).

A slide states a lower limit once under a table or a frame's types: ※補助下限額は各枠とも100万円,
補助下限額:50万円(各類型共通), いずれの類型も100万円. Such a value is not program-wide, and not the
last frame's the walk stood in: it holds for each frame and type the page prints values for
(rule ``frame.every-frame``). A page with values of no frame keeps the fact as read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from extract.facts.model import Fact
from extract.facts.ruletable import regex
from extract.facts.segments import Segment
from extract.facts.values import Candidate

RULE = "frame.every-frame"
_EVERY = regex(RULE)


def _after_bracket(text: str, end: int) -> str:
    """Return the bracketed words right after a value (50万円(各類型共通) → 各類型共通), or ""."""
    rest = text[end:]
    if not rest.lstrip().startswith("("):
        return ""
    close = rest.find(")")
    return rest[: close + 1] if close >= 0 else ""


def mark_every(read: Sequence[tuple[Segment, list[Candidate]]]) -> None:
    """Given the segments and their candidates, record the rule on each value said of every frame:
    the words before it since the value before, or a bracket right after it, say so."""
    for seg, cands in read:
        prev = 0
        for c in sorted(cands, key=lambda c: c.start):
            if _EVERY.search(seg.text, prev, c.start) or _EVERY.search(_after_bracket(seg.text, c.end)):
                c.rules.append(RULE)
            prev = c.end


def spread_every(facts: list[Fact]) -> list[Fact]:
    """Given a document's facts, return them with each fact said of every frame replaced by one per
    (frame, type) that the other facts of its page and program stand in, when there are any."""
    leaves: dict[tuple[int | None, str], dict[tuple[str | None, str | None], None]] = defaultdict(dict)
    for f in facts:
        if (f.frame or f.type) and RULE not in f.extra.get("rules", ()):
            leaves[(f.page, f.program)][(f.frame, f.type)] = None
    out: list[Fact] = []
    for f in facts:
        pairs = leaves.get((f.page, f.program)) if RULE in f.extra.get("rules", ()) else None
        out += [replace(f, frame=fr, type=ty) for fr, ty in pairs] if pairs else [f]
    return out
