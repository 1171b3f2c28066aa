"""Applicants from the dependency structure of real sentences (GiNZA).

The surface rules of `values.applicant_of` read an applicant printed as a label right
before a value (中小企業:1/2, 小規模事業者は最大4/5). Sentences put it elsewhere:

    小規模事業者に対しては、補助率を4/5に引き上げる      (an oblique of the same verb)
    中小企業の補助上限額を3,000万円とする                (a modifier of the cue noun)

Here the applicant and the value depend on the same predicate, directly or through
the cue noun (補助率, 補助上限額) the value is stated for. GiNZA's parser gives those
links; its entity labels are not used (it tags 4/5 as a Date). GiNZA is slow on CPU,
so only sentences that need it are parsed: a rate or cap whose applicant the rules
left open, in a segment that names an applicant at all, one sentence per value,
batched with `nlp.pipe`; a "sentence" longer than `WINDOW_MAX` characters is a list of values,
not parsed (GiNZA's time grows with the square of a sentence).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from extract.facts import cues
from extract.facts.indexes import WINDOW_MAX, sentence_at
from extract.facts.parsecache import ParseCache, is_missing
from extract.facts.ruletable import regex
from extract.facts.segments import Segment
from extract.facts.values import Candidate

_CUE_NOUN = regex("cue.parse-noun")
_APPLICANT_DEPS = ("obl", "nsubj", "nmod", "obj", "advcl", "dislocated")
MIN_SENTENCE = 12


def needs_parse(seg: Segment, c: Candidate) -> tuple[int, int] | None:
    """Given a candidate of a segment, return the sentence to parse for its applicant, or None."""
    if c.applicant or c.kind not in ("rate", "cap_max", "cap_min"):
        return None
    s, e = sentence_at(seg.text, c.start)
    sentence = seg.text[s:e]
    if not MIN_SENTENCE <= len(sentence) <= WINDOW_MAX or not cues.APPLICANT.search(sentence):
        return None  # too short to parse, or a list of values (GiNZA's time grows with its square)
    return s, e


def _head_token(doc: Any, start: int, end: int) -> Any | None:
    """Return the token of a char span whose head lies outside the span (the span's syntactic head)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _attached(applicant: Any, value: Any) -> bool:
    """Return whether an applicant token and a value token depend on the same predicate,
    directly or through a cue noun that is an argument of that predicate."""
    pred = value.head
    if applicant.head == pred and applicant.dep_ in _APPLICANT_DEPS and applicant.i < value.i:
        return True
    owner = applicant.head  # 中小企業の補助上限額を…: the applicant modifies the cue noun
    return (
        applicant.dep_ == "nmod"
        and owner.head == pred
        and _CUE_NOUN.search(owner.text) is not None
        and applicant.i < value.i
    )


def applicant_from_parse(doc: Any, value_span: tuple[int, int]) -> str | None:
    """Given a parsed sentence and the char span of a value in it, return the applicant that
    shares the value's predicate, nearest before the value; None when no applicant attaches."""
    value = _head_token(doc, *value_span)
    if value is None:
        return None
    best = None
    for m in cues.APPLICANT.finditer(doc.text):
        tok = _head_token(doc, m.start(), m.end())
        if tok is not None and _attached(tok, value) and (best is None or m.start() > best.start()):
            best = m
    return best.group(0) if best else None


_CACHE: ParseCache | None = None


def use_cache(cache: ParseCache | None) -> None:
    """Make `resolve` in this process keep its answers in `cache` (None: parse every time)."""
    global _CACHE
    _CACHE = cache


def resolve(pairs: list[tuple[str, tuple[int, int]]], nlp: Any, batch_size: int = 64) -> list[str | None]:
    """Given (sentence, char span of a value in it) pairs and a spaCy pipeline, return each value's
    applicant from the parse (None where no applicant attaches); each sentence is parsed once, and
    with a cache (`use_cache`) only the pairs it holds no answer for are parsed."""
    cache = _CACHE
    known = cache.get(pairs) if cache is not None and pairs else [None] * len(pairs)
    todo = [p for p, a in zip(pairs, known, strict=True) if cache is None or is_missing(a)]
    texts = list(dict.fromkeys(t for t, _ in todo))
    parsed = dict(zip(texts, nlp.pipe(texts, batch_size=batch_size), strict=True)) if texts else {}
    fresh = [applicant_from_parse(parsed[t], span) for t, span in todo]
    if cache is None:
        return fresh
    if todo:
        cache.put(todo, fresh)
    answers = iter(fresh)
    return [next(answers) if is_missing(a) else a for a in known]  # type: ignore[misc]


def associate(read: Iterable[tuple[Segment, list[Candidate]]], nlp: Any, batch_size: int = 64) -> int:
    """Given segments with their candidates and a spaCy pipeline, fill in applicants that only
    the dependency structure shows; return how many sentences were parsed.

    An `nlp` with a `resolve(pairs)` method (a parser shared by several processes) answers the
    pairs itself, as `resolve` here does."""
    jobs: list[tuple[Candidate, int, str]] = []
    for seg, cands in read:
        for c in cands:
            sent = needs_parse(seg, c)
            if sent is not None:
                jobs.append((c, sent[0], seg.text[sent[0] : sent[1]]))
    if not jobs:
        return 0
    pairs = [(text, (c.start - offset, c.end - offset)) for c, offset, text in jobs]
    shared = getattr(nlp, "resolve", None)
    found = shared(pairs) if shared is not None else resolve(pairs, nlp, batch_size)
    for (c, _, _), who in zip(jobs, found, strict=True):
        if who:
            c.applicant = who
            c.rules.append("applicant.named")  # the row that found the word the parse attached
    return len({text for _, _, text in jobs})
