"""Glyph normalisation of PDF text layers, with an offset map back to the raw text.

Pipeline, in this order (each step is idempotent and none undoes another):

1. ``_PRE``: CJK Radicals Supplement and Kangxi radicals → unified ideographs (Unicode
   EquivalentUnifiedIdeograph, ``_radicals.py``); circled and parenthesised-in-circle
   numbers ``①`` → ``(1)`` (NFKC would give a bare ``1`` that glues onto a following
   number: ``①1/2`` → ``11/2``); symbol-font private-use bullets → the bullet they show;
   the wave dash ``〜`` and tilde look-alikes → ``~``; invisible characters dropped
   (zero-width space, soft hyphen, BOM, variation selectors).
2. ``unicodedata2`` NFKC: fullwidth → ASCII, halfwidth kana → kana, vertical
   presentation forms (``︓ ︕ ︖ ︱``) → their horizontal forms, ``～`` → ``~``.
3. ``_POST``: what NFKC leaves or produces: the dash family ``‐ ‑ ‒ – — ― − ﹣ －`` →
   ASCII ``-``; fraction and division slashes ``⁄ ∕`` → ``/``.
4. ``▲`` (and ``▲ ``) before a digit → ``-`` (Japanese accounting minus, ``▲50%``).
5. Spaces that PDF extraction inserts inside numbers are dropped: ``1 / 2`` → ``1/2``,
   ``17 : 00`` → ``17:00`` (numbers of at most 4 digits, not phone numbers like
   ``03-3582-4937 / 03-...``).
6. Spaces between words stay and letter-spacing goes. A run of spaces is dropped where
   a number meets CJK text (``4/5 以内`` → ``4/5以内``, ``令和 6 年度`` → ``令和6年度``),
   where it stands between ``~`` and a CJK character or digit, and where it touches CJK
   punctuation (``、 ``, ``・ ``, ``「 ``) or hiragana (Japanese puts no space before or
   after a particle or an inflection: ``実施する 場合`` → ``実施する場合``). Between two
   other CJK letters (kanji, katakana) only the letter-spacing of one word goes: single
   spaces between single letters (``補 助 率`` → ``補助率``); a space between two words of
   more than one letter stays (``青森県 岩手県``, ``中小 企業``: the normaliser cannot tell a
   word split by a line wrap from two words; the fact stage joins the wraps inside the
   words it knows, `extract.facts.wraps`).
   Spaces touching Latin letters stay (``M & A``, ``IT ツール``); tabs and line breaks
   always stay.

Canonical choices: ``~`` (ASCII tilde) is the one range character; ``-`` (ASCII
hyphen-minus) is the one dash and minus sign. The katakana prolonged sound mark
``ー`` is never touched, so ``ツール`` survives; ``〜`` between amounts becomes ``~``,
never ``ー`` (jaconv) nor nothing (neologdn).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import chain, compress, repeat

import unicodedata2

from normalize._radicals import RADICALS

__all__ = ["normalize", "normalize_with_map"]

Offsets = list[int]

_CIRCLED: dict[int, str] = {0x24EA: "(0)"}
_CIRCLED.update({0x2460 + i: f"({i + 1})" for i in range(20)})  # ①..⑳
_CIRCLED.update({0x3251 + i: f"({i + 21})" for i in range(15)})  # ㉑..㉟
_CIRCLED.update({0x32B1 + i: f"({i + 36})" for i in range(15)})  # ㊱..㊿
_CIRCLED.update({0x24EB + i: f"({i + 11})" for i in range(10)})  # ⓫..⓴
_CIRCLED.update({0x2776 + i: f"({i + 1})" for i in range(10)})  # ❶..❿
_CIRCLED.update({0x2780 + i: f"({i + 1})" for i in range(10)})  # ➀..➉
_CIRCLED.update({0x278A + i: f"({i + 1})" for i in range(10)})  # ➊..➓

# Symbol-font (Wingdings) bullets that PDF producers leave in the private use area.
_PUA_BULLETS = {0xF06C: "●", 0xF06E: "■", 0xF075: "◆", 0xF0A7: "▪", 0xF0D8: "➢", 0xF0FC: "✓"}

_TILDES = "〜∼⁓〰"  # WAVE DASH, TILDE OPERATOR, SWUNG DASH, WAVY DASH
_DASHES = "‐‑‒–—―−﹣－"  # NFKC keeps U+2010..2015 and U+2212; ﹣ － are folded by NFKC anyway
_SLASHES = "⁄∕"  # FRACTION SLASH (NFKC of ½ is 1⁄2), DIVISION SLASH
_INVISIBLE = "\u200b\u00ad\ufeff\u2060" + "".join(map(chr, range(0xFE00, 0xFE10)))

_PRE: dict[int, str | None] = dict(RADICALS)
_PRE.update(_CIRCLED)
_PRE.update(_PUA_BULLETS)
_PRE.update({ord(c): "~" for c in _TILDES})
_PRE.update({ord(c): None for c in _INVISIBLE})
_PRE.update(dict.fromkeys(range(0xE0100, 0xE01F0)))  # ideographic variation selectors
_POST: dict[int, str | None] = {ord(c): "-" for c in _DASHES}
_POST.update({ord(c): "/" for c in _SLASHES})


def _char_class(cps: Iterable[int]) -> str:
    """Given code points, return a regex character class matching them, written as ranges."""
    ranges: list[list[int]] = []
    for cp in sorted(cps):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges) + "]"


# Only what NFKC would not do alike is replaced before it: Kangxi radicals are left to NFKC,
# which maps all 214 to the same ideographs, so the hot path calls back only on rare glyphs.
_PRE_RE = re.compile(_char_class(cp for cp, s in _PRE.items() if unicodedata2.normalize("NFKC", chr(cp)) != (s or "")))
_POST_RE = re.compile(f"[{_DASHES}{_SLASHES}]")

# CJK characters for the space rules: CJK punctuation, kana, ideographs, compatibility
# ideographs, the remaining fullwidth forms, and the supplementary ideograph planes.
_CJK = (
    "\u3001-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\U00020000-\U0003ffff"
)
_MINUS = re.compile(r"▲ *(?=[0-9])")
# Both patterns open with a literal or a small class so that re scans ahead quickly; the
# lookbehinds then check what precedes (a number of at most 4 digits, not after - or a
# digit; a whole run of spaces, since the lookbehind sees the character before its first).
_NUM_SPACES = re.compile(r"[0-9](?<![0-9-][0-9])[0-9]{0,3}(?: *[/:] *[0-9]{1,4})+(?![0-9-])")
# CJK punctuation and brackets (and the middle dot ・, in the katakana block) separate words
# themselves, and hiragana (U+3041-309F) never stands beside a space in Japanese writing;
# CJK letters are the rest of `_CJK`: kana (with ー) and ideographs.
_CJK_PUNCT = "\u3001-\u303f\u30fb\uff01-\uff60"
_CJK_LETTER = "\u3040-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_GAP_SPACES = re.compile(
    rf" (?:(?<=[{_CJK}] ) *(?=[0-9~])|(?<=[0-9] ) *(?=[{_CJK}~])|(?<=~ ) *(?=[{_CJK}0-9])"
    rf"|(?<=[{_CJK_PUNCT}\u3041-\u309f] ) *(?=[{_CJK}])|(?<=[{_CJK}] ) *(?=[{_CJK_PUNCT}\u3041-\u309f])"
    # letter-spacing: one space between two letters that are words of one letter each
    rf"|(?<=(?<![{_CJK_LETTER}])[{_CJK_LETTER}] )(?=[{_CJK_LETTER}](?![{_CJK_LETTER}])))"
)

_Repl = Callable[[re.Match[str]], str]


def _strip_spaces(m: re.Match[str]) -> str:
    return m.group().replace(" ", "")


_STEPS: tuple[tuple[re.Pattern[str], _Repl], ...] = (
    (_MINUS, lambda m: "-"),
    (_NUM_SPACES, _strip_spaces),
    (_GAP_SPACES, lambda m: ""),
)


def _pre(m: re.Match[str]) -> str:
    return _PRE[ord(m.group())] or ""


def _post(m: re.Match[str]) -> str:
    return _POST[ord(m.group())] or ""


def normalize(text: str) -> str:
    """Given raw extracted text, return it normalised (see the module docstring); idempotent."""
    text = unicodedata2.normalize("NFKC", _PRE_RE.sub(_pre, text))
    text = _POST_RE.sub(_post, text)
    for pattern, repl in _STEPS:
        text = pattern.sub(repl, text)
    return text


# --- offset map ---------------------------------------------------------------------------

# Starters that can still compose with, or reorder against, what precedes them: Indic
# two-part vowels, Hangul jamo (and the compatibility jamo NFKC turns into them), and the
# supplementary planes except ideographs and emoji. Such characters join the previous chunk.
_JOINING = re.compile(
    "[\u0900-\u0dff\u1000-\u109f\u1100-\u11ff\u1b00-\u1b7f\u3130-\u318f\ua960-\ua97f"
    "\uac00-\ud7ff\uffa0-\uffdf\U00010000-\U0001efff\U00040000-\U0010ffff]"
)


@lru_cache(maxsize=4096)
def _chunk_start(ch: str) -> bool:
    """Given a raw character, return whether NFKC can never join it with what precedes it."""
    if unicodedata2.combining(ch) or _JOINING.match(ch):
        return False
    folded = unicodedata2.normalize("NFKC", ch.translate(_PRE))
    # A dropped character must not split a base from a mark that follows it.
    return bool(folded) and not (unicodedata2.combining(folded[0]) or _JOINING.match(folded[0]))


def _fold(chunk: str) -> str:
    """Given a chunk of raw text, return steps 1-3 of the pipeline applied to it."""
    return unicodedata2.normalize("NFKC", chunk.translate(_PRE)).translate(_POST)


_fold_char = lru_cache(maxsize=65536)(_fold)


def _glyph_pass(raw: str) -> tuple[str, Offsets]:
    """Given raw text, return steps 1-3 of the pipeline and each output character's raw index.

    Each character is folded alone, except that characters NFKC may join with what precedes
    them (combining marks, ﾞ) are folded together with the character before them; all the
    output of such a chunk maps to the chunk's first raw index.
    """
    pieces = list(map(_fold_char, raw))
    joins = list(compress(range(len(raw)), map(operator.not_, map(_chunk_start, raw))))
    k = 0
    while k < len(joins):
        first = last = joins[k]
        while k + 1 < len(joins) and joins[k + 1] == last + 1:
            k, last = k + 1, last + 1
        start = max(first - 1, 0)
        pieces[start : last + 1] = [_fold(raw[start : last + 1])] + [""] * (last - start)
        k += 1
    offs = list(chain.from_iterable(map(repeat, range(len(raw)), map(len, pieces))))
    return "".join(pieces), offs


def _align(src: str, repl: str) -> list[int] | None:
    """Given a match and its replacement, return where each replacement char sits in the match."""
    pos: list[int] = []
    j = 0
    for ch in repl:
        j = src.find(ch, j)
        if j < 0:
            return None
        pos.append(j)
        j += 1
    return pos


def _sub_with_map(pattern: re.Pattern[str], repl: _Repl, text: str, offs: Offsets) -> tuple[str, Offsets]:
    """Given text with offsets, return ``pattern.sub(repl, text)`` with offsets carried along."""
    out: list[str] = []
    new: Offsets = []
    last = 0
    for m in pattern.finditer(text):
        out.append(text[last : m.start()])
        new.extend(offs[last : m.start()])
        r = repl(m)
        pos = _align(m.group(), r) or [0] * len(r)
        out.append(r)
        new.extend(offs[m.start() + p] for p in pos)
        last = m.end()
    out.append(text[last:])
    new.extend(offs[last:])
    return "".join(out), new


def normalize_with_map(text: str) -> tuple[str, Offsets]:
    """Given raw text, return ``(normalize(text), offsets)``, ``len(offsets) == len(out) + 1``.

    ``offsets[i]`` is the index in ``text`` where normalised character ``i`` comes from and the
    last entry is ``len(text)``, so ``text[offsets[i]:offsets[j]]`` is the raw source of
    ``out[i:j]``.
    """
    out, offs = _glyph_pass(text)
    for pattern, repl in _STEPS:
        out, offs = _sub_with_map(pattern, repl, out, offs)
    offs.append(len(text))
    return out, offs
