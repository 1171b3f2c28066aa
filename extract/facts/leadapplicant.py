"""An applicant class that opens a line of values is the applicant of every value on it.

A table flattened to lines prints a row as its label and its cells: 中小企業 上限1億円 補助率1/2(2/3).
The class at the head of the line is said once for the whole row, so a value whose own words name
no applicant (the rate after the cap) is that class's, when the line names no other class (rule
``applicant.row-lead``); 中小企業:1/2 小規模事業者:2/3 names two and is read value by value.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.facts import cues
from extract.facts.ruletable import regex
from extract.facts.segments import Segment
from extract.facts.values import Candidate

RULE = "applicant.row-lead"
_LEAD = regex(RULE)


def lead_applicants(read: Sequence[tuple[Segment, list[Candidate]]]) -> None:
    """Given the segments and their candidates, give the class a line opens with to its values that
    name none, where the line names no other class."""
    for seg, cands in read:
        m = _LEAD.match(seg.text)
        if m is None or not cands:
            continue
        who = m.group("who")
        named = {x.group(0) for x in cues.APPLICANT.finditer(seg.text)}
        if named != {who} or any(c.applicant not in (None, who) for c in cands):
            continue
        for c in cands:  # a bracketed value takes the one before it with its case, later (pipeline)
            if c.applicant is None and c.kind in ("rate", "cap_max", "cap_min") and not c.bracketed:
                c.applicant = who
                c.rules.append(RULE)
