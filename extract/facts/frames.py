"""Frames (枠) and types (類型) of a program: finding their names in text.

A frame name is a noun phrase ending in 枠 (通常枠, インボイス枠, 省力化(オーダーメイド)枠),
a type name one ending in 類型 (A類型, インボイス対応類型) or in 型 after a roman or bracketed
numeral ((I)工場・事業場型) or standing as a label (創業型: …, 【共同・協業型】).
Generic uses (各枠, 全ての枠, 申請類型, 支援類型, 旧C類型)
are not names. Names are compared by a key that ignores white space and okurigana
(買い手支援類型 = 買手支援類型), so one document's spellings can be unified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.facts.ruletable import regex

# How names are printed is a set of rows of the rule table (frame.*, skip.*): the letters of a
# name (frame.unit: kanji, katakana, Latin letters, digits, the middle dot, and a single
# hiragana between kanji as okurigana: 賃金引上げ枠, 買い手支援類型), a frame name
# (frame.frame-name), a type name (frame.type-name, frame.numbered-type), and what is no name
# (skip.generic-frame: 各枠, 全ての枠; skip.header-words: 枠名; skip.former-name: 旧C類型).
NAME_MAX = 24  # characters a frame or type name may span (frame.name-like holds it too)
_GLUE = "\ue000"  # stands for a line break inside a name whose last line is a bare 枠 or 類型 (frame.unit)
_BARE_HEAD = regex("frame.bare-head")
_FRAME = regex("frame.frame-name")
_COURSE = regex("frame.course-name")  # the コース of a 助成金 is its frame
_AMOUNT_COURSE = regex("frame.amount-course")  # 60円コース
_DIVISION = regex("frame.division-name")  # a タイプ standing as a label is a frame
_HEAD_WORDS = regex("frame.head-words")  # 枠, 型, コース: a text without any names none
_TYPE = regex("frame.type-name")
_NUMBERED_TYPE = regex("frame.numbered-type")
_LABEL_TYPE = regex("frame.label-type")  # 創業型: 200万円, 【共同・協業型】
_GENERIC = regex("skip.generic-frame")
_NOT_NAME_START = regex("skip.name-start")
_HEADER_WORDS = regex("skip.header-words")
_FORMER = regex("skip.former-name")
_PROGRAM_LEAD = regex("frame.program-lead")
Pair = tuple[str | None, str | None]
_OKURIGANA = re.compile(r"[\u3041-\u3093]")
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Name:
    """A frame or type name found in a text."""

    start: int
    end: int
    text: str
    level: str  # "frame" or "type"
    rule: str = ""  # the id of the rule-table row that found it (none for a type of the catalog)


def name_key(name: str) -> str:
    """Given a frame or type name, return its comparison key (no spaces, no okurigana)."""
    return _OKURIGANA.sub("", _WS.sub("", name))


_NAME_LIKE = regex("frame.name-like")


def name_like(text: str) -> bool:
    """Given a label, return whether it could be a name without its head noun: name characters
    only (販路強化, 廃業・再チャレンジ), no particle (者は) and no generic word (各, 全)."""
    return _NAME_LIKE.fullmatch(text) is not None and _ok(text + "枠")


def _ok(name: str) -> bool:
    return not _GENERIC.search(name) and not _NOT_NAME_START.search(name) and len(name) >= 2


def find_names(text: str, extra_types: tuple[str, ...] = (), known: frozenset[str] = frozenset()) -> list[Name]:
    """Given normalised text, return the frame and type names in it, left to right.

    `extra_types` are type names known from the catalog (they may end in plain 型).
    Header words (枠名, 類型名, 枠/類型) and former names (旧C類型, 旧A B類型) are skipped.
    `known` holds the keys of names the document prints whole somewhere: a name whose head
    a narrow cell wrapped onto the line before (セキュリティ\n対策推進枠) is completed to one.
    """
    if not _HEAD_WORDS.search(text) and not any(t and t in text for t in extra_types):
        return []  # most lines name nothing: skip the patterns
    text = _HEADER_WORDS.sub(lambda m: " " * len(m.group()), text)
    text = _BARE_HEAD.sub(lambda m: _GLUE * len(m.group()), text)
    flat = _WS.sub("", text)
    # Work on the text with spaces so offsets stay valid; names never contain a line break.
    out: list[Name] = []
    for pattern, level, rid in ((_FRAME, "frame", "frame.frame-name"), (_TYPE, "type", "frame.type-name"),
                                (_COURSE, "frame", "frame.course-name")):
        for m in pattern.finditer(text):
            name = m.group(0)
            # trim a leading bracketed label: (I), (1), 【
            name_start = m.start()
            lead = _PROGRAM_LEAD.match(name)  # IT導入補助金2025インボイス枠: the program is no part of the frame
            if lead:
                name, name_start = name[lead.end() :], name_start + lead.end()
            if _ok(name) and not _FORMER.search(text, max(0, name_start - 5), name_start):
                out.append(Name(name_start, m.end(), _WS.sub("", name).replace(_GLUE, ""), level, rid))
    for m in _AMOUNT_COURSE.finditer(text):  # 60円コース: a course named by its amount (digits lead)
        out.append(Name(m.start(), m.end(), m.group(0), "frame", "frame.amount-course"))
    for pattern, rid, level in ((_NUMBERED_TYPE, "frame.numbered-type", "type"),
                                (_LABEL_TYPE, "frame.label-type", "type"),
                                (_DIVISION, "frame.division-name", "frame")):  # 1.個別経営体支援タイプ
        for m in pattern.finditer(text):
            if _ok(m.group(1)) and not _FORMER.search(text, max(0, m.start(1) - 5), m.start(1)):
                out.append(Name(m.start(1), m.end(1), m.group(1), level, rid))
    for t in extra_types:
        if t and t in flat:
            for m in re.finditer(re.escape(t), text):
                out.append(Name(m.start(), m.end(), t, "type"))
    if known:
        out = [_unwrap(text, n, known) for n in out]
    out.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[Name] = []
    for n in out:
        if kept and n.start < kept[-1].end:
            continue
        kept.append(n)
    return kept


_TAIL_RUN = regex("frame.wrapped-head")
_TYPE_AFTER_FRAME = regex("frame.type-after-frame")


def _unwrap(text: str, name: Name, known: frozenset[str]) -> Name:
    """Given a name found right after a line break or a space, return it with the head before
    that when together they make a name the document prints whole (セキュリティ\n対策推進枠,
    複数社連携 IT導入枠)."""
    m = _TAIL_RUN.search(text, max(0, name.start - 24), name.start)
    if m is None:
        return name
    run = re.sub(r"\s+", "", m.group())
    for k in range(len(run)):
        whole = run[k:] + name.text
        if name_key(whole) in known and _ok(whole):
            return Name(m.start() + k, name.end, whole, name.level, name.rule)
    return name


def glued_name(before: str, after: str, known: frozenset[str]) -> bool:
    """Given two lines, return whether the end of the first and the start of the second make
    one name the document prints whole elsewhere (※賃金引 / 上げ枠のうち …)."""
    head = after.lstrip()[:NAME_MAX]
    if not _HEAD_WORDS.search(head):
        return False
    cut = len(before.rstrip())
    joined = before.rstrip() + "\n" + after.lstrip()
    return any(n.start < cut < n.end for n in find_names(joined, known=known))


def names_printed(texts: list[str]) -> list[Name]:
    """Given the lines of a document, return the frame and type names they print whole."""
    # a cell of a tab-separated row is a label of its own (⇥カタログ注文型⇥一般型)
    return [n for t in texts if _HEAD_WORDS.search(t) for cell in t.split("\t") for n in find_names(cell)]


def names_in(texts: list[str]) -> frozenset[str]:
    """Given the lines of a document, return the keys of the names they print whole."""
    return frozenset(name_key(n.text) for n in names_printed(texts))


def pair_names(names: list[Name], text: str) -> list[Pair]:
    """Given names found in one heading or header, return (frame, type) pairs.

    A type right after a frame (インボイス枠(インボイス対応類型), インボイス枠 電子取引類型)
    belongs to it; a frame followed by a parenthesised list of types (インボイス枠(インボ
    イス対応類型、電子取引類型)) gives one pair per type.
    """
    pairs: list[tuple[str | None, str | None]] = []
    current_frame: str | None = None
    frame_open = False  # the frame was followed by an opening bracket not yet closed
    last_end = 0
    for n in names:
        between = text[last_end : n.start]
        if n.level == "frame":
            if current_frame is not None and not any(p[0] == current_frame for p in pairs):
                pairs.append((current_frame, None))
            current_frame, frame_open = n.text, False
        else:
            attached = current_frame is not None and (
                frame_open
                or _TYPE_AFTER_FRAME.fullmatch(between) is not None
                or (between.count("(") > between.count(")"))
            )
            if attached:
                frame_open = frame_open or "(" in between
                pairs.append((current_frame, n.text))
            else:
                if current_frame is not None and not any(p[0] == current_frame for p in pairs):
                    pairs.append((current_frame, None))
                current_frame = None
                pairs.append((None, n.text))
            if frame_open and ")" in text[n.end : n.end + 2]:
                frame_open = False
        last_end = n.end
    if current_frame is not None and not any(p[0] == current_frame for p in pairs):
        pairs.append((current_frame, None))
    return pairs


def within(band: tuple[Pair, ...], own: tuple[Pair, ...]) -> tuple[Pair, ...]:
    """Given the frames of a band and the frames a value has from nearer structure (its column
    header, a heading under the band), return its frames: its own when they name a frame; types
    without one (甲類型 under the band 彩雲拡張枠) take the band's one frame; else the band's."""
    frames = {f for f, _ in band}
    if not own or not band:
        return own or band
    if all(f is not None for f, _ in own):
        return own
    if len(frames) == 1 and None not in frames:
        frame = next(iter(frames))
        return tuple((f or frame, t) for f, t in own)
    return own
