"""Pair the frames of two sides of a diff (rule 1 of `extract.knowledge.diff`), each pair saying how it was found.

In order, each step on the frames the earlier ones left:

1. the same name → `same`;
2. the curated lineage (`lineage.toml`), an override for what the documents do not say → `renamed`;
3. a rename a document prints (※旧A B類型 after the new name, ○○枠を改称, ○○枠から再編) →
   `renamed`, one pair per former name (several former names: a merge; one former name printed
   by several new frames: a split);
4. one name printed bare and with its head noun (廃業・再チャレンジ / 廃業・再チャレンジ枠), a
   類型 printed once without its 枠 and once with it, or a name printed with the line of the program
   before it (<一般型 通常枠> read as 一般型通常枠) → `same`;
5. a frame that now prints its values per 類型 (専門家活用 → 専門家活用枠 買い手支援類型 and
   売り手支援類型), or 類型 folded into their frame (通常枠 A類型, B類型 → 通常枠) → `renamed` (not where
   the side printed the frame per 類型 already: a leaflet's frame alone beside them, step 10);
6. 類型 of their own name printed under another frame's name (PMI推進枠 PMI専門家活用類型 → 統合支援枠
   PMI専門家活用類型) → `renamed`, the frame with its types;
7. most of the same values (rates, caps: every kind but dates): a frame with two thirds of its
   values in one frame of the other side and two thirds of that frame's in it, sharing at least
   two values no other frame of its side holds (the program's usual 1/2 and 2/3 prove nothing)
   → `renamed`; several frames that each hold most of its values → a split (a merge
   the other way round);
8. the same place: the one frame left on each side when both list the program's frames and as
   many of them, sharing more than half of each one's values and part of their names → `renamed`;
9. a similar name (difflib ratio ≥ 0.75, NFKC and white space ignored) → `renamed`;
10. a frame stated alone on one side that the other side prints per 類型 → `same` (its values are
    compared with those of its 類型).

What is left is `added` / `removed` here; `extract.knowledge.diff` decides whether the other side's
documents say so (else `not_stated`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from extract.knowledge.diff import STEM_MIN, WHOLE, FramePair, FrameRef, Side, frame_label
from extract.knowledge.lineage import Rename, lineage

SIMILARITY = 0.75
"""Lowest difflib ratio at which an unpaired old frame counts as renamed to an unpaired new one."""
PLACE_SIMILARITY = 0.4
"""Lowest difflib ratio of the names of two frames in the same place for one to continue the other."""
SHARED_MIN = 2
"""Values only these two frames hold (on one side) that they must share to be one frame renamed."""
_HEAD_NOUN = re.compile(r"(?:枠|類型|型)$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def _matches(ref: FrameRef, label: str) -> bool:
    """Return whether a printed name (or "枠 類型" label) names the frame `ref`."""
    want = _norm(label)
    frame, type_ = ref
    names = {_norm(frame + type_), _norm(type_) if type_ else None, _norm(frame) if not type_ else None}
    return want in names or (bool(want) and _stem_text(want) in {_stem(ref)})


def _stem_text(name: str) -> str:
    return _HEAD_NOUN.sub("", _norm(name))


def _stem(ref: FrameRef) -> str:
    """Return a frame's label without white space and the head nouns 枠, 類型, 型 of its parts."""
    return "".join(_HEAD_NOUN.sub("", _norm(p)) for p in ref if p)


def _bare(ref: FrameRef) -> bool:
    """Return whether a frame's label ends in no head noun (a row label the document printed bare)."""
    return _HEAD_NOUN.search(_norm(frame_label(ref))) is None


def _values(side: Side, ref: FrameRef) -> Counter[tuple[str, str, str]]:
    """Return the (kind, unit, value) a side states for a frame, dates left out (they change every edition);
    a sum per person is not the same value as a cap per applicant of the same amount."""
    return Counter((st.kind, st.unit or "", v) for st in side.statements if (st.frame, st.type) == ref
                   for v in st.values if not _DATE.match(v))


class _Pairing:
    """The frames of both sides and the pairs found so far."""

    def __init__(self, old: Side, new: Side) -> None:
        self.old_side, self.new_side = old, new
        self.pairs: list[FramePair] = []
        self.old = sorted(old.frames())
        self.new = sorted(new.frames())
        self.pairs += [FramePair("same", f, f) for f in self.old if f in set(self.new)]
        # the program-wide part pairs only with itself
        self.left = [f for f in self.old if f not in set(self.new) and f != WHOLE]
        self.free = [f for f in self.new if f not in set(self.old) and f != WHOLE]
        self.alone = [FramePair("removed", WHOLE, None)] if WHOLE in self.old and WHOLE not in self.new else []
        self.alone += [FramePair("added", None, WHOLE)] if WHOLE in self.new and WHOLE not in self.old else []

    def add(self, change: str, before: FrameRef, after: FrameRef, how: str, evidence: str = "") -> None:
        self.pairs.append(FramePair(change, before, after, how, evidence))  # type: ignore[arg-type]

    def take(self, before: Iterable[FrameRef], after: Iterable[FrameRef]) -> None:
        for b in before:
            if b in self.left:
                self.left.remove(b)
        for a in after:
            if a in self.free:
                self.free.remove(a)

    @staticmethod
    def named(refs: list[FrameRef]) -> list[FrameRef]:
        return [r for r in refs if r != WHOLE]


def _lineage(p: _Pairing, program: str, renames: tuple[Rename, ...]) -> None:
    for ref in list(p.left):
        for r in renames:
            if r.program not in (None, program) or not _matches(ref, r.old):
                continue
            hits = sorted(n for n in p.new if _matches(n, r.new))
            if hits:
                p.add("renamed", ref, hits[0], "lineage", r.note)
                p.take([ref], [hits[0]])
                break


def _printed(p: _Pairing) -> None:
    """Renames the documents print: each former name they give pairs with the frame they name now (with each
    of its 類型 where the new side prints its values per 類型: a split)."""
    for r in [*p.new_side.renames, *p.old_side.renames]:
        news = [n for n in p.new if _matches(n, r.new)]
        if not news:  # 創業支援枠 (旧創業枠) over the columns of its 類型
            news = [n for n in p.free if n[0] and n[1] and _matches((n[0], ""), r.new)]
        olds = [o for name in r.old for o in p.left if _matches(o, name)]
        if not news or (len(news) > 1 and len(olds) > 1) or not olds:
            continue
        where = f"{r.document} p.{r.page}: {r.quote}" if r.page else f"{r.document}: {r.quote}"
        for o in dict.fromkeys(olds):
            for n in news:
                p.add("renamed", o, n, "printed", where)
        p.take(olds, news)


def _unlined(ref: FrameRef, series: str) -> FrameRef:
    """Return a frame without the line of the program printed before its name (一般型通常枠 → 通常枠)."""
    s = _norm(series)
    if not s:
        return ref
    return tuple(_norm(x)[len(s):] if _norm(x).startswith(s) and len(_norm(x)) > len(s) else x  # type: ignore[return-value]
                 for x in ref)


def _spellings(p: _Pairing) -> None:
    """A name printed bare and with its head noun, a 類型 with and without its 枠, or a name printed with the
    line of the program before it (<一般型 通常枠>): one frame."""
    for ref in list(p.left):
        mine = _unlined(ref, p.old_side.series)
        hits = [n for n in p.free if _unlined(n, p.new_side.series) == mine and (n != ref)]
        if len(hits) == 1:
            p.add("same", ref, hits[0], "series")
            p.take([ref], hits)
    for ref in list(p.left):
        hits = [n for n in p.free if _stem(n) == _stem(ref) and _bare(n) != _bare(ref)]
        if not hits and ref[1]:
            hits = [n for n in p.free if n[1] == ref[1] and (not n[0] or not ref[0])]
        if len(hits) == 1:
            how = "frame_of_type" if hits[0][1] == ref[1] and ref[1] else "head_noun"
            p.add("same", ref, hits[0], how)
            p.take([ref], hits)


def _restructured(p: _Pairing) -> None:
    """A frame whose values are now printed per 類型, or 類型 folded into their frame: renamed."""
    for ref in list(p.left):
        if ref[0] and ref[1]:
            continue  # a 類型 of a frame; a frame (or a bare name) printing its values per 類型 now is meant
        parts = [n for n in p.free if n[1] and _stem_text(n[0]) == _stem(ref)]
        if parts and (ref[0], "") not in p.new and not any(ref[0] and o[1] and o[0] == ref[0] for o in p.old):
            for n in parts:
                p.add("renamed", ref, n, "types")
            p.take([ref], parts)
    for n in list(p.free):
        if n[1]:
            continue
        parts = [o for o in p.left if o[1] and o[0] and _stem_text(o[0]) == _stem(n)]
        if parts and not any(x[1] and x[0] == n[0] for x in p.new):
            for o in parts:
                p.add("renamed", o, n, "types_merged")
            p.take(parts, [n])


def _kept_types(p: _Pairing) -> None:
    """A frame whose 類型 the other side prints under another frame's name (PMI推進枠 PMI専門家活用類型 →
    統合支援枠 PMI専門家活用類型) is that frame renamed: a 類型's own name (five characters or more without its
    head noun, printed under one frame on each side) outlives its frame's; the frame's own values follow."""
    def distinctive(t: str) -> bool:
        return len(_stem_text(t)) >= STEM_MIN

    def under(frames: list[FrameRef], t: str) -> set[str]:
        return {f for f, ty in frames if ty == t and f}

    moves: dict[str, set[str]] = {}
    for f, t in p.named(p.left):
        if f and t and distinctive(t) and len(under(p.old, t)) == 1 and len(under(p.new, t)) == 1:
            g = next(iter(under(p.new, t)))
            if g != f and (g, t) in p.free:
                moves.setdefault(f, set()).add(g)
    for f, gs in sorted(moves.items()):
        if len(gs) != 1 or sum(gs == other for other in moves.values()) != 1:
            continue
        g = next(iter(gs))
        kept = [(f, t) for f2, t in p.named(p.left) if f2 == f and t and (g, t) in p.free]
        for ref in kept:
            p.add("renamed", ref, (g, ref[1]), "types_kept", ", ".join(t for _, t in kept))
        p.take(kept, [(g, t) for _, t in kept])
        if (f, "") in p.left:  # the frame's own values (a note under its table) go with it
            p.add("renamed", (f, ""), (g, ""), "types_kept", ", ".join(t for _, t in kept))
            p.take([(f, "")], [(g, "")])


def _frame_over_types(p: _Pairing) -> None:
    """A frame stated alone on one side (a leaflet's 専門家活用枠 補助上限600万円) while the other side prints it
    per 類型 is on both sides: the same frame, its values compared with those of its 類型."""
    for ref in list(p.left):
        if ref[0] and not ref[1] and any(n[0] == ref[0] and n[1] for n in p.new):
            p.add("same", ref, ref, "frame_of_types")
            p.take([ref], [])
    for ref in list(p.free):
        if ref[0] and not ref[1] and any(o[0] == ref[0] and o[1] for o in p.old):
            p.add("same", ref, ref, "frame_of_types")
            p.take([], [ref])


def _shared(a: Counter[tuple[str, str, str]], b: Counter[tuple[str, str, str]]) -> int:
    return sum((a & b).values())


def _most(shared: int, total: int) -> bool:
    """Return whether `shared` values are most of `total`: two thirds or more (a frame whose values are
    half the program's usual rates and caps is not yet the same frame)."""
    return total > 0 and shared * 3 >= total * 2


def _successors(o: FrameRef, mine: dict[FrameRef, Counter[tuple[str, str, str]]],
                theirs: dict[FrameRef, Counter[tuple[str, str, str]]],
                every: dict[FrameRef, Counter[tuple[str, str, str]]]) -> list[FrameRef]:
    """Return the frames of the other side (left unpaired: `theirs`) that continue `o` by its values: each
    holds `SHARED_MIN` values no other frame of `o`'s side holds (`every`: evidence of this frame, not
    of the program's usual rates), and mostly `o`'s values; together they hold most of `o`'s values, and
    one of them at least no other frame left holds."""
    own = {v for v in mine[o] if sum(v in c for c in every.values()) == 1}
    succ = [n for n, c in theirs.items() if sum(1 for v in own if v in c) >= SHARED_MIN
            and _most(_shared(mine[o], c), sum(c.values()))]
    if not succ or not _most(_shared(mine[o], sum((theirs[n] for n in succ), Counter())), sum(mine[o].values())):
        return []
    # some of the evidence is values the successors share with `o` and no other frame left holds (a new frame
    # may repeat a few of them: 一般型 beside カタログ注文型 repeats 750万円, 1,000万円 and 1/2, not 500万円)
    others = [c for n, c in theirs.items() if n not in succ]
    alone = [v for v in own if any(v in theirs[n] for n in succ) and not any(v in c for c in others)]
    return succ if alone else []


def _by_values(p: _Pairing) -> None:
    """Frames that hold most of each other's distinctive values are one frame renamed; several successors
    of one frame are a split, several predecessors of one frame a merge."""
    every_old = {o: _values(p.old_side, o) for o in p.named(p.old)}
    every_new = {n: _values(p.new_side, n) for n in p.named(p.new)}
    olds = {o: every_old[o] for o in p.named(p.left)}
    news = {n: every_new[n] for n in p.named(p.free)}
    for o in sorted(olds):
        succ = _successors(o, olds, news, every_old)
        if succ and all(n in p.free for n in succ) and o in p.left:
            for n in succ:
                p.add("renamed", o, n, "values", f"{_shared(olds[o], news[n])}/{sum(olds[o].values())}")
            p.take([o], succ)
    for n in sorted(news):
        if n not in p.free:
            continue
        preds = [o for o in _successors(n, news, olds, every_new) if o in p.left]
        if len(preds) > 1:
            for o in preds:
                p.add("renamed", o, n, "values", f"{_shared(olds[o], news[n])}/{sum(olds[o].values())}")
            p.take(preds, [n])


def _place(p: _Pairing) -> None:
    """The one frame left on each side, when both sides list the program's frames, as many of them, and the
    two share more than half of each one's values and part of their names: renamed."""
    left, free = p.named(p.left), p.named(p.free)
    if len(left) != 1 or len(free) != 1 or len(p.named(p.old)) != len(p.named(p.new)):
        return
    if not (p.old_side.covers_frames() and p.new_side.covers_frames()):
        return
    ov, nv = _values(p.old_side, left[0]), _values(p.new_side, free[0])
    shared = _shared(ov, nv)
    ratio = difflib.SequenceMatcher(None, _norm(frame_label(left[0])), _norm(frame_label(free[0]))).ratio()
    if shared * 2 > sum(ov.values()) and shared * 2 > sum(nv.values()) and ratio >= PLACE_SIMILARITY:
        p.add("renamed", left[0], free[0], "place", f"{shared}/{sum(ov.values())}")
        p.take(left, free)


def _similar(p: _Pairing) -> None:
    scored = sorted(
        ((difflib.SequenceMatcher(None, _norm(frame_label(o)), _norm(frame_label(n))).ratio(), o, n)
         for o in p.left for n in p.free if o[0] and n[0]),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for ratio, o, n in scored:
        if ratio < SIMILARITY:
            break
        if o in p.left and n in p.free:
            p.add("renamed", o, n, "similar_name", f"{ratio:.2f}")
            p.take([o], [n])


def pair_frames(program: str, old: Side, new: Side, renames: tuple[Rename, ...] | None = None) -> list[FramePair]:
    """Pair the frames of two sides (see the module docstring); what is left is added or removed."""
    p = _Pairing(old, new)
    _lineage(p, program, lineage() if renames is None else renames)
    _printed(p)
    _spellings(p)
    _restructured(p)
    _kept_types(p)
    _by_values(p)
    _place(p)
    _similar(p)
    _frame_over_types(p)
    p.pairs += [FramePair("removed", o, None) for o in p.left]
    p.pairs += [FramePair("added", None, n) for n in p.free]
    return p.pairs + p.alone
