"""A note under an applicant's rate stating the rate of a part of the amount is that applicant's.

Leaflets print each class of applicants with its rate, and under it a note for a part of the
subsidy (中小企業 1/2 / ※補助金額1,500万円を超える部分は1/3; 小規模事業者 2/3 / ※同上). The note
names no class: it qualifies the rate right above it, so its rate is that line's applicant's, as a
bracket after the rate would be (rule ``applicant.part-note``, like ``band.case-or-part``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from extract.facts.ruletable import regex
from extract.facts.segments import Segment
from extract.facts.values import Candidate

RULE = "applicant.part-note"
_PART_NOTE = regex(RULE)
NEAR = 1.5  # line heights between the rate's line and the note under it


def part_note_applicants(read: Sequence[tuple[Segment, list[Candidate]]]) -> None:
    """Given the segments and their candidates, give a note's rates for a part of the amount the one
    applicant of the rates on the line right above it."""
    for (prev, above), (seg, cands) in pairwise(read):
        if prev.page != seg.page or seg.source != "text" or not _PART_NOTE.match(seg.text) or not _under(prev, seg):
            continue
        who = {c.applicant or prev.applicant for c in above if c.kind == "rate"}
        if len(who) != 1 or None in who:
            continue
        for c in cands:
            if c.kind == "rate" and c.applicant is None:
                c.applicant = next(iter(who))
                c.rules.append(RULE)


def _under(prev: Segment, seg: Segment) -> bool:
    """Return whether a segment's first line stands right under the other's last (no box: a text layer)."""
    a = prev.lines[-1].bbox if prev.lines else None
    b = seg.lines[0].bbox if seg.lines else None
    if a is None or b is None:
        return True
    return 0 <= b[1] - a[3] <= NEAR * (a[3] - a[1])
