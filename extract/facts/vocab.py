"""The frame vocabulary of one document: names it prints with 枠/類型, known also without them.

A slide table whose rows are ``販路強化`` | ``人材活用`` under the columns 補助率 | 補助上限額
lists frames of the program when the document calls them 販路強化枠 and 人材活用枠
elsewhere (a heading, another table, the title). A first pass over the document
learns every name printed with its head noun (枠, 類型, 型 after a numbered label);
`Vocabulary.pair` then recognises a label that is one of those names without its head
noun. A label that is an applicant (小規模事業者) stays an applicant even when the
document has a frame of that name.

A table or a flattened header row can also say it outright: a header cell ``類型`` or
``枠`` (`names_header`) makes the labels of the other axis names of that level, learnt
or not (`label_pair`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from extract.facts import cues
from extract.facts.frames import Name, find_names, name_key, name_like
from extract.facts.ruletable import regex

Pair = tuple[str | None, str | None]

_HEAD = regex("frame.head-noun")
# List marks, numbering, status and note marks around a label: ①販路強化, (2)人材活用, 販路強化※1
_DECOR = regex("label.decoration")
# Row labels that are no names whatever a header says: value labels, short forms of applicants
# (中小, 中堅, 小規模), the default case (原則, 上記以外).
_NOT_NAME = regex("skip.not-a-name")
# A type name in plain 型 (not 類型): printed as a label once, the document names that type by it in
# headings and sentences too (カタログ注文型の補助上限額, 一般型の補助率は…).
_PLAIN_TYPE = regex("frame.plain-type")
LABEL_MAX = 16  # a row label naming a frame is short: 販路強化, 事業転換(大規模)


def bare_label(text: str) -> str:
    """Given a row or column label, return it without list marks, numbering and note marks."""
    return _DECOR.sub("", text).strip()


class Vocabulary:
    """The names a document prints as frames and types, looked up by their stem."""

    def __init__(self, names: Iterable[Name] = ()) -> None:
        self.stems: dict[str, Pair] = {}
        self.plain_types: tuple[str, ...] = ()  # names in plain 型 (カタログ注文型): found as printed elsewhere too
        found = {name_key(n.text): n for n in names}
        for key, n in found.items():
            # the tail of a longer name the document prints (上げ枠 of 賃金引上げ枠) is a wrapped fragment
            if not any(len(other) > len(key) and other.endswith(key) for other in found):
                self.add(n.text, n.level)

    def add(self, name: str, level: str) -> None:
        """Record a name printed with its head noun (販路強化枠) under its stem (販路強化)."""
        stem = _HEAD.sub("", name)
        if len(stem) < 2 or cues.APPLICANT.fullmatch(stem):
            return
        if level == "type" and _PLAIN_TYPE.search(name) and name not in self.plain_types:
            self.plain_types += (name,)
        self.stems.setdefault(name_key(stem), (name, None) if level == "frame" else (None, name))

    def pair(self, label: str) -> Pair | None:
        """Given a label (a row or column header, a line of its own), return the (frame, type)
        it names when it is a learnt name without its head noun, else None."""
        if not self.stems or len(label) > LABEL_MAX + 8:
            return None
        return self.stems.get(name_key(bare_label(label)))

    def __len__(self) -> int:
        return len(self.stems)


def label_pair(label: str, level: str | None, vocab: Vocabulary) -> Pair | None:
    """Given a label, the level a header gives its axis (or None) and the vocabulary, return the
    (frame, type) it names: a learnt name first, else the label itself as a name of that level.
    Applicants, tiers and value labels (補助率) are no names."""
    got = vocab.pair(label)
    if got is not None:
        return got
    bare = bare_label(label)
    if level is None or len(bare) > LABEL_MAX or not name_like(bare) or re.search(r"[0-9]", bare):
        return None
    if find_names(bare):
        return None  # a name with its head noun (通常枠) is read as such, whatever the header says
    if cues.APPLICANT.search(bare) or cues.TIER.search(bare) or _NOT_NAME.search(bare):
        return None
    return (bare, None) if level == "frame" else (None, bare)


# A flattened header row that starts with the level of the row labels: 類型 補助率 補助上限額.
_NAMES_HEADER_ROW = regex("label.level-header-row")
# The label a flattened row starts with, right before its first value: 販路強化 1/2、2/3 300~500万円.
_LEAD = regex("label.row-lead")


def names_header_row(text: str, is_value_label: Callable[[str], bool]) -> str | None:
    """Given a line, return "frame" or "type" when it is a flattened header row whose first cell
    gives the level of the row labels and the rest labels values (類型 補助率 補助上限額)."""
    m = _NAMES_HEADER_ROW.match(text)
    if m is None or not is_value_label(m.group("rest")):
        return None
    return "type" if m.group("level") == "類型" else "frame"


def leading_label(text: str) -> tuple[int, str] | None:
    """Given a line holding values, return the label it starts with before its first value, and
    where the text after it starts; None when it starts with no label."""
    m = _LEAD.match(text)
    return (m.end(), m.group("label")) if m else None


def leading_applicant(text: str) -> str | None:
    """Given a line holding values, return the applicant class it starts with as its label (中小企業 500万円
    2/3), else None."""
    lead = leading_label(text)
    return lead[1] if lead and (m := cues.APPLICANT.match(lead[1])) and m.end() == len(lead[1]) else None
