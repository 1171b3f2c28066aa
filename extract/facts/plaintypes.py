"""Types in plain 型 named in a sentence before a value (地域連携型で…の場合、上限額を2,500万円に引き上げ).

A type whose name ends in plain 型 (not 類型) is found by its shape only where it stands as a label;
in running text 型 words are common (大型の, 新型). A name the document itself prints as a label
(`Vocabulary.plain_types`, rule ``frame.plain-type``) names that type wherever it is printed as a
word of its own, so a value whose sentence names it before the value is that type's.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.facts.ruletable import regex
from extract.facts.segments import Segment
from extract.facts.values import Candidate
from extract.facts.vocab import Vocabulary

RULE = "frame.plain-type"
_GOES_ON = regex("frame.word-goes-on")
_SENTENCE = regex("frame.sentence-end")


def _named(text: str, names: tuple[str, ...]) -> list[str]:
    """Return the names printed in a text as words of their own."""
    out = []
    for n in names:
        at = text.find(n)
        while at >= 0:
            if not _GOES_ON.match(text[at + len(n) :]):
                out.append(n)
                break
            at = text.find(n, at + 1)
    return out


def name_plain_types(read: Sequence[tuple[Segment, list[Candidate]]], vocab: Vocabulary) -> None:
    """Given the segments and their candidates, give a value that names no frame or type the one type
    in plain 型 its sentence prints before it, when the document prints that name as a label."""
    if not vocab.plain_types:
        return
    for seg, cands in read:
        if not any(n in seg.text for n in vocab.plain_types):
            continue
        for c in cands:
            ends = [m.end() for m in _SENTENCE.finditer(seg.text, 0, c.start)]
            found = _named(seg.text[ends[-1] if ends else 0 : c.start], vocab.plain_types)
            if not c.names and len(found) == 1:
                c.names = [(None, found[0])]
                c.rules.append(RULE)
