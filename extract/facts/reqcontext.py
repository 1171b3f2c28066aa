"""The headings a requirement stands under, and what they say of it.

Who a definition or a wage requirement is for, and whether it is one at all, is printed above
it: ``A) 中小企業者`` over a definition table, ``(テ) …事業者であって、…交付決定を受けた事業者は、
以下の要件を…`` over the lines of a requirement, ``(1) 加点項目について`` over bonus-point
criteria, ``大幅な賃上げに係る…特例適用要件`` over a 特例's requirements, ``改定前)`` over a
revision history. `Headings` keeps the headings open at the current line:

- a numbered line (label.outline-style) opens a level; a number that continues a level
  (``(3)`` after ``(2)``, however deep the lines between) closes every level below it, and a
  ``(1)`` of a style already open starts a level under the current one (a numbered list
  inside a numbered section);
- an unnumbered heading (label.requirement-heading, or a class heading) is a sub-heading of the
  numbered line above it, closed by the next heading at that line's level or above (or, with
  no numbered line above, by any numbered line).

`Headings.about(line)` tells, for a line, the applicant class named nearest above it
(label.class-heading, applicant.item-subject; ``…以外`` names none), whether it stands under
bonus points (veto.requirement-bonus) or a revision (veto.requirement-revision), the 特例 it
belongs to (label.provision-name), the applied-for amount it is set for (band.requirement-band),
and the heading texts, innermost first (for the frames they name).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.facts.outline import style_of
from extract.facts.ruletable import regex

_STYLE = regex("label.outline-style")
_HEADING = regex("label.requirement-heading")
_CLASS = regex("label.class-heading")
_SUBJECT = regex("applicant.item-subject")
_ITEM_CLASS = regex("applicant.item-class")
_BONUS = regex("veto.requirement-bonus")
_REVISION = regex("veto.requirement-revision")
_OUTCOME = regex("veto.requirement-outcome")
RECENT = 6  # lines since the last numbered heading that may say the values below are outcome targets
_PROVISION = regex("label.provision-name")
_BAND = regex("band.requirement-band")
_TOC = regex("skip.toc-entry")
_EMBEDDED = regex("label.embedded-item")
_KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_ROMAN = {"I": 1, "V": 5, "X": 10}
HEADING_MAX = 60  # characters of a heading line; longer lines are sentences
_BULLETS = "・•●⚫■◆○◇□✓➢-※*"


def _roman(s: str) -> int:
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


def numbering(text: str) -> tuple[str, int] | None:
    """Given a line, return its numbering style and number (``(テ)`` → ("(kana)", 19)), else None."""
    style = style_of(text)
    m = _STYLE.match(text)
    if style is None or m is None:
        return None
    mark = "".join(ch for ch in m.group() if ch.isalnum())
    digits = "".join(ch for ch in mark if ch in "0123456789")
    if style.startswith("dotted"):
        parts = "".join(ch if ch.isdigit() else " " for ch in m.group()).split()
        return style, int(parts[-1])
    if digits and not style.endswith(("roman)", "roman.")):
        return style, int(digits)
    if style == "circled":
        return style, ord(mark[0]) - ord("①") + 1
    if mark and mark[-1] in _KANA:
        return style, _KANA.index(mark[-1]) + 1
    if mark and all(ch in _ROMAN for ch in mark.upper()) and style.endswith(("roman)", "roman.")):
        return style, _roman(mark.upper())
    return (style, ord(mark[-1].upper()) - ord("A") + 1) if mark else None


@dataclass(frozen=True, slots=True)
class Says:
    """What one heading or line says of the requirements under it (read once, when it is met)."""

    bonus: bool
    revision: bool
    outcome: bool
    provision: str | None
    band: str | None
    named: tuple[str | None, str] | None  # (applicant, rule id) of the class it names

    @classmethod
    def read(cls, text: str, *, heading: bool) -> Says:
        """Given a heading (or a line read for itself), return what it says."""
        provision, band = _PROVISION.search(text), _BAND.search(text)
        return cls(_BONUS.search(text) is not None, _REVISION.search(text) is not None,
                   _OUTCOME.search(text) is not None, provision.group("name") if provision else None,
                   band.group("band") if band else None, class_named(text, heading=heading))


@dataclass(slots=True)
class Heading:
    """An open heading: its level (unnumbered headings sit half a level under their parent)."""

    text: str
    depth: float
    style: str | None = None
    number: int = 0
    rooted: bool = True  # an unnumbered heading under a numbered line (else any numbered line closes it)
    says: Says | None = None

    def __post_init__(self) -> None:
        self.says = Says.read(self.text, heading=True)


@dataclass(slots=True)
class About:
    """What the headings above a line (and the line itself) say of the requirements in it."""

    applicant: str | None = None
    applicant_rule: str | None = None
    bonus: bool = False
    revision: bool = False
    outcome: bool = False
    provision: str | None = None
    band: str | None = None
    headings: list[str] = field(default_factory=list)  # innermost first


def items(text: str) -> list[str]:
    """Given a logical line, return it split where a numbered item starts after a sentence end
    (a wrapped paragraph joined to the next item: label.embedded-item)."""
    return [part for part in _EMBEDDED.split(text) if part.strip()]


def is_heading(text: str) -> bool:
    """Given a line that holds no requirement, return whether it heads what follows without a number."""
    t = text.strip()
    if not t or len(t) > HEADING_MAX or t.endswith(("。", "、")) or t[0] in _BULLETS:
        return False
    return _HEADING.search(t) is not None or _CLASS.match(t) is not None


def class_named(text: str, *, heading: bool) -> tuple[str | None, str] | None:
    """Given a heading (or a line of its own), return (applicant, rule id) for the class it names
    (None for ``…以外``: everyone else), or None when it names no class."""
    readers = [("label.class-heading", _CLASS.match), ("applicant.item-class", _ITEM_CLASS.search)] if heading else []
    for rule_id, read in [*readers, ("applicant.item-subject", _SUBJECT.search)]:
        if (m := read(text)) is not None:
            return (None if m.group("neg") else m.group("who")), rule_id
    return None


class Headings:
    """The headings open at the current line of a document (see the module docstring)."""

    def __init__(self) -> None:
        self.stack: list[Heading] = []
        self.recent: list[bool] = []  # of the last lines since the last numbered one: whether each speaks of outcomes

    def see(self, text: str, *, leaf: bool) -> None:
        """Take in the next line of the document. A `leaf` (a line that states a requirement, or a
        definition row's label) heads nothing: numbered, it keeps the count of its list but closes
        no unnumbered heading ((中小企業者の定義) stays over (1)製造業…, (2)卸売業…)."""
        if _TOC.search(text):
            return  # a table of contents: the sections open where they are printed
        found = numbering(text)
        self.recent = [*(self.recent[-RECENT + 1 :] if found is None else []), _OUTCOME.search(text) is not None]
        if found is not None:
            self._numbered(text, *found, leaf=leaf)
        elif not leaf and is_heading(text):
            parent = next((h for h in reversed(self.stack) if h.style is not None), None)
            depth = parent.depth + 0.5 if parent else -0.5
            self.stack = [h for h in self.stack if h.depth < depth]
            self.stack.append(Heading(text, depth, rooted=parent is not None))

    def _numbered(self, text: str, style: str, number: int, *, leaf: bool) -> None:
        levels = [i for i, h in enumerate(self.stack) if h.style == style]
        at = next((i for i in reversed(levels) if self.stack[i].number + 1 == number), None)
        if at is None and levels and number != 1:
            at = levels[-1]  # numbering that skips: the innermost level of its style
        if at is not None:
            depth = self.stack[at].depth
        else:
            depth = max((h.depth for h in self.stack if h.style is not None), default=-1) + 1
        self.stack = [h for h in self.stack if (h.depth < depth and (h.rooted or h.style is not None))
                      or (leaf and h.style is None)]
        self.stack.append(Heading(text, depth, style, number))

    def about(self, line: str) -> About:
        """Given a line under the open headings, return what they and the line say of its requirements."""
        out = About(headings=[h.text for h in reversed(self.stack)])
        says = [Says.read(line, heading=False), *(h.says for h in reversed(self.stack) if h.says is not None)]
        out.bonus = any(s.bonus for s in says)
        out.revision = any(s.revision for s in says)
        out.outcome = any(s.outcome for s in says) or any(self.recent)
        out.provision = next((s.provision for s in says if s.provision), None)
        out.band = next((s.band for s in says if s.band), None)
        named = next((s.named for s in says if s.named is not None), None)
        if named is not None:
            out.applicant, out.applicant_rule = named
        return out
