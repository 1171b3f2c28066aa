"""What a value is: the cue words before it and in its context, and whom it applies to.

`cue_of` finds the nearest cue of a kind (補助上限額, 下限, 予算額, 締切 …) in the text
before a value, else in the labels of its context (a row header, a label line above);
`amount_facts`, `rate_facts` and `date_kind` turn a value and its cue into facts;
`applicant_of` reads the applicant printed as a label of the value, `clean_label` what
is left of that label as a condition.
"""

from __future__ import annotations

import re

from extract.facts import cues
from extract.facts.frames import Name, Pair, find_names, pair_names
from extract.facts.indexes import sentence_start
from extract.facts.ruletable import regex, rule, source
from normalize.amounts import Amount
from normalize.rates import Rate

Cue = tuple[str | None, str, str]  # (group name, cue text, "local" | "context" | "heading")

_RANGE_AFTER = regex("cue.range-after")
_RANGE_BEFORE = regex("cue.range-before")
_RANGE_CLOSED = regex("cue.range-closed")
_UNTIL = regex("cue.until-applied")
_APPLICATION_WORD = regex("cue.application-word")
_REF_MARK = regex("label.note-ref-after")


def last_cue(pattern: re.Pattern[str], window: str) -> re.Match[str] | None:
    """Return the last (nearest to the value) cue match in a window of text."""
    last = None
    for m in pattern.finditer(window):
        last = m
    return last


def window_before(text: str, start: int, lo: int) -> str:
    """Return the text before `start` back to the sentence start (not before `lo`, nor more than
    `indexes.WINDOW_MAX` characters back)."""
    return text[sentence_start(text, start, lo) : start]


def cue_of(pattern: re.Pattern[str], window: str, labels: tuple[str, ...]) -> Cue:
    """Return the group name and text of the nearest cue (in the window, else in the first label
    that has one) and where it was found ("local", "context", or "heading": a budget heading right above)."""
    window = _case_vetoes_blanked(pattern, _blank_names(cues.TIER.sub(_blank, window)))
    m = last_cue(pattern, window)
    if m is not None:
        if m.lastgroup != "neg" and (_NEG_COMPOUND.search(window, 0, m.start()) or (
                not _SUBSIDY_LIMIT.match(m.group()) and _LIMITED_OTHER.search(window, 0, m.start()))):
            return "neg", m.group(), "local"  # 貸付限度額, 委託上限額: the limit of something else
        return m.lastgroup, m.group(), "local"
    for label in labels:
        bare = cues.TIER.sub(_blank, _BRACKETED.sub(_blank, label))
        bare = _blank_names(rule("label.tier-column").regex().sub(_blank, bare))
        # 大幅な賃上げを行う場合の補助上限額: 賃上げ is the case of the cue that heads the label; a label
        # left with no cue of its own (賃金引上げ特例の適用要件) still speaks of something else
        blanked = _case_vetoes_blanked(pattern, bare, provisions=True)
        bare = blanked if any(m.lastgroup != "neg" for m in pattern.finditer(blanked)) else bare
        found = [m for m in pattern.finditer(bare) if not _NEUTRAL_IN_LABEL.fullmatch(m.group())]
        if found:  # a header about something else (採択数) rules it out; else its head noun decides
            m = next((x for x in found if x.lastgroup == "neg"), found[-1])  # the lower header is the narrower
            # ５．予算額 right above its amount heads it as 予算額 before it would (label.budget-heading)
            heading = m.lastgroup == "budget" and label is labels[0] and _BUDGET_HEADING.match(label.strip())
            return m.lastgroup, m.group(), "heading" if heading else "context"
    return None, "", ""


def _case_vetoes_blanked(pattern: re.Pattern[str], window: str, *, provisions: bool = False) -> str:
    """Return the window with the words of something else (賃上げ, 売上) blanked where they stand in a case
    clause (一定の賃上げを実施する場合は): they say when the value holds, not what it is (band.case-words);
    with `provisions` (a header), also in the name of a 特例 (賃上げ特例の補助上限額: label.provision-name)."""
    spans = [m.span() for m in _CASE_WORDS.finditer(window) if m.group()]
    spans += [m.span("name") for m in _PROVISION.finditer(window)] if provisions else []
    for m in pattern.finditer(window) if spans else ():
        if m.lastgroup == "neg" and any(s <= m.start() and m.end() <= e for s, e in spans):
            window = window[: m.start()] + " " * (m.end() - m.start()) + window[m.end() :]
    return window


def _blank_names(text: str) -> str:
    """Return text with its frame and type names blanked: a name is no cue about the values beside
    it (賃金引上げ枠 200万円, 製品・サービス高付加価値化枠 | 750万円 hold no 賃金 or 付加価値 amount)."""
    for n in find_names(text):
        text = text[: n.start] + " " * (n.end - n.start) + text[n.end :]
    return text


_NEG_COMPOUND = regex("veto.limit-of-something-else")
_LIMITED_OTHER = regex("veto.limit-of-other-base")
_SUBSIDY_LIMIT = regex("cue.subsidy-limit")  # 補助上限額: the subsidy's own limit
_LIMIT_WORD = regex("cue.limit-word")  # 上限, 限度: a range after it gives two caps
_UNTIL_AFTER = regex("cue.until-after")  # …まで: a deadline
_BARE_CASE = regex("skip.bare-case")  # 場合 alone: no condition
_NEUTRAL_IN_LABEL = regex("skip.expense-header")
_BUDGET_HEADING = regex("label.budget-heading")
_CASE_WORDS = regex("band.case-words")
_PROVISION = regex("label.provision-name")
_BRACKETED = re.compile(r"\([^()]*\)|（[^（）]*）")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def abbreviated(rule_id: str, text: str, *, at_end: bool = False) -> tuple[str, str] | None:
    """Given an `applicant` rule of the rule table and a text, return (applicant, printed) for
    the abbreviation the rule finds (中小・小規模 → 中小企業・小規模事業者), or None."""
    r = rule(rule_id)
    m = r.regex().search(text) if at_end else r.regex().match(text)
    if m is None:
        return None
    printed = m.group("who")
    return "・".join(r.map[k] for k in printed.split("・")), printed


ROLE_NOUNS = frozenset({"補助事業者", "申請事業者", "支援事業者", "対象事業者", "登録事業者", "事業者", "企業"})
"""Nouns that name whoever applies (the 補助事業者), not a class of applicants."""


def applicant_list(label: str) -> tuple[str, str] | None:
    """Given the text before a value, return (applicant, printed) for a list of applicants joined by
    ・/及び/並びに right before it (小規模・再生事業者 → 小規模事業者・再生事業者), or None."""
    r = rule("applicant.list")
    m = next((x for x in reversed(list(r.regex().finditer(label))) if cues.APPLICANT_TO_VALUE.match(label[x.end() :])),
             None)
    if m is None:
        return None
    printed = m.group("who")
    members = re.split(r"(・|及び|並びに)", printed.removesuffix("等"))
    if any(w in ROLE_NOUNS for w in members[::2]) or all(w in r.map for w in members[::2]):
        return None  # a role noun; or abbreviations only, which applicant.abbreviation-before reads
    return "".join(r.map.get(w, w) for w in members) + printed[len(printed.removesuffix("等")):], printed


def applicant_in(label: str, after: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    """Given the text before a value and the text after it, return whom the value applies to,
    the words that print it, and the ids of the rule-table rows that read them."""
    found = abbreviated("applicant.abbreviation-after", after)
    if found:
        return found[0], None, ("applicant.abbreviation-after",)
    if listed := applicant_list(label):
        return listed[0], listed[1], ("applicant.list", "applicant.to-value")
    for m in reversed(list(cues.APPLICANT.finditer(label))):
        if cues.APPLICANT_TO_VALUE.match(label[m.end() :]):
            named = m.group(0) in rule("applicant.named").words  # else a phrase …の事業者
            ids = ("applicant.named" if named else "applicant.of-jigyosha", "applicant.to-value")
            return m.group(0), m.group(0), ids
    found = abbreviated("applicant.abbreviation-before", label, at_end=True)
    if found:
        return found[0], found[1], ("applicant.abbreviation-before",)
    return None, None, ()


def applicant_of(label: str, after: str) -> str | None:
    """Given the text before a value and the text after it, return whom the value applies to."""
    return applicant_in(label, after)[0]


_LABEL_NOISE = regex("label.noise")
# The words that make an applicant's name a case (小規模事業者の場合は, 中小企業者が申請する場合): once the
# applicant is read they are noise; a case about anything else keeps them (グループ申請の場合).
_CASE_NOISE = regex("applicant.case-words")


_EMPTY_BRACKETS = regex("label.empty-brackets")  # 【補助率】 without its cue word
# A sentence adverb that opens a clause: なお、ただし、また …
_CONJUNCTION = regex("label.conjunction")
# A case clause: 一定の賃上げを実施した場合(においては), 小規模事業者に該当する場合(は)
_CASE = regex("band.case-clause")
_APPLICANT_CASE = source("applicant.case")
_TOPIC_END = regex("label.topic-end")
_PARTICLE_EDGE = regex("label.particle-edge")  # まで is a bound, not a particle
_CUE_LEFTOVER = regex("label.cue-leftover")


def applicant_header(header: str) -> str | None:
    """Return the applicant a header names when it is (mostly) just that (中小企業者等, 大企業・その他);
    a frame or type name (中小企業型, 小規模事業者枠) names the column, not whom its values are for."""
    for n in find_names(header):
        header = header[: n.start] + " " * (n.end - n.start) + header[n.end :]
    listed = applicant_list(header.strip())
    if listed and len(header.strip()) <= len(listed[1]) + 6:  # 小規模・再生事業者: rule applicant.list
        return listed[0]
    m = cues.APPLICANT.search(header)
    if m is None:  # a header of an abbreviation alone (中小 | 中堅): rule applicant.abbreviation-before
        short = abbreviated("applicant.abbreviation-before", header.strip(), at_end=True)
        return short[0] if short and short[1] == header.strip() else None
    return m.group(0) if len(header.strip()) <= len(m.group(0)) + 6 else None


def clean_label(label: str, applicant: str | None, printed: str | None = None) -> str:
    """Given a local label and the applicant read from it (and the words that print it, when
    they differ: 中小 for 中小企業), return what is left of it as a condition (tier, expense
    band, case).

    Only the value's own sentence counts; a case clause (…場合) is kept whole, other words
    lose the cue words, marks and particles at their edges."""
    s = _CONJUNCTION.sub("", label.split("。")[-1])
    if (before := rule("applicant.abbreviation-after").regex().match(s)) is not None:
        s = s[before.end() :]  # 2/3(中小)、1/2: the bracket belongs to the value before
    case = _CASE.search(s)
    own_case = False  # a case about something other than the applicant, kept with its 場合
    if case:
        if applicant and re.search(re.escape(applicant) + _APPLICANT_CASE, case.group(1)):
            return ""  # 小規模事業者に該当する場合: the applicant says it all
        s = case.group(1)
        own_case = not (applicant and applicant in s) and not (printed and printed in s)
    if applicant:
        s = s.replace(applicant, " ")
    if printed and printed != applicant:  # an abbreviation and what joins it to the value (中小・小規模は)
        s = re.sub(re.escape(printed) + r"\s*(?:の場合)?(?:は)?\s*[:：]?\s*$", " ", s)
    s = _EMPTY_BRACKETS.sub(" ", _LABEL_NOISE.sub(" ", s if own_case else _CASE_NOISE.sub(" ", s)))
    s = cues.LIST_MARK.sub("", s.strip())
    s = re.sub(r"\s+", " ", s).strip(" ・-は等")
    for _ in range(2):  # …補助対象者においては を: the particle, then the topic phrase
        s = _TOPIC_END.sub("", _PARTICLE_EDGE.sub("", s).strip(" ・-")).strip(" ・-")
    s = _CUE_LEFTOVER.sub("", s).strip()  # 補助|上限額: what is left of a cue the finder took
    return s if len(s) >= 2 and not _BARE_CASE.search(s) and not re.fullmatch(r"[\sぁ-ん]*", s) else ""


def amount_facts(
    amount: Amount, printed: str, after: str, cue: Cue, fired: list[str] | None = None, floor: int = cues.MIN_CAP_YEN
) -> list[tuple[str, int]]:
    """Given an amount, its printed text, the rest of its sentence and its cue, return its facts
    as (kind, yen); caps below `floor` are dropped (+50円 is a wage step, not a cap; a sum per
    person and hour has a lower floor: `extract.facts.units`).
    The ids of the rules that gave the kind are appended to `fired` when there are facts.

    A bound that an application may not pass is the opposite limit: 補助額が25万円未満となる
    申請はできない states the lower limit 25万円."""
    found = _forbidden_bound(amount, after) if cue[0] in ("max", "min") else None
    rules = [cues.AMOUNT_CUE_RULES[cue[0]]] if cue[0] in cues.AMOUNT_CUE_RULES else []
    if found is None:
        found = _amount_kinds(amount, printed, after, *cue)
    else:
        rules.append("cue.prohibited")
    out = [(k, v) for k, v in found if k == "budget" or v >= floor]
    if out and fired is not None:
        fired += rules
    return out


def _forbidden_bound(amount: Amount, after: str) -> list[tuple[str, int]] | None:
    """Return the limit an amount states when the sentence forbids going past it, else None."""
    if not cues.PROHIBITED.match(after):
        return None
    single = amount.min if amount.min == amount.max else None
    if (amount.min is None and amount.max is not None and not amount.max_inclusive) or (
        single is not None and cues.BELOW.match(after)
    ):
        return [("cap_min", amount.max if amount.max is not None else 0)]
    if (amount.max is None and amount.min is not None and not amount.min_inclusive) or (
        single is not None and cues.ABOVE.match(after)
    ):
        return [("cap_max", amount.min if amount.min is not None else 0)]
    return None


def _amount_kinds(
    amount: Amount, printed: str, after: str, kind: str | None, word: str, cue: str
) -> list[tuple[str, int]]:
    """Given an amount and its cue, return its facts as (kind, yen).

    The printed shape wins over a lower-limit cue: (下限なし)~350万円 is an upper limit."""
    if kind == "budget":  # a budget is printed right after its cue (予算額3,400億円), never from context
        single = amount.max is not None and amount.max == amount.min
        return [("budget", amount.max)] if amount.max is not None and single and cue in ("local", "heading") else []
    if kind == "min" and amount.min is None:
        kind = "max"  # (下限なし)~350万円, ~10万円 under a label about the lower limit: still an upper limit
    if kind == "min":
        v = amount.min if amount.min is not None else amount.max
        return [("cap_min", v)] if v is not None else []
    if kind not in ("max", "min"):
        return []
    if amount.min is not None and amount.max is not None and amount.min != amount.max:
        shared_unit = re.match(r"^[^円]*~", printed) is not None  # 600~800万円: one unit for both
        if _LIMIT_WORD.search(word) and (shared_unit or _REF_MARK.match(after) or cue == "local"):
            return [("cap_max", amount.min), ("cap_max", amount.max)]  # caps that vary with a case
        return [("cap_min", amount.min), ("cap_max", amount.max)]
    if amount.max is not None:
        return [("cap_max", amount.max)]
    if amount.min is not None and cue == "local":
        return [("cap_min", amount.min)]  # 50万円超 under a mere context label is a threshold
    return []


_CLAUSE_END = re.compile(r"[、。,;~)）]")
POST_CUE_CHARS = 10


def date_kind(
    printed: str,
    after: str,
    after_date: bool,
    window: str,
    labels: tuple[str, ...],
    label: str = "",
    fired: list[str] | None = None,
) -> str | None:
    """Given a date (printed text, text after it, whether a date precedes it), its window, labels
    and own label, return "deadline", "opens" or None (and append the ids of the rules that
    decided it to `fired`).

    締切 makes a deadline and 受付開始 an opening; under a period (公募期間) the first
    date of a range opens and the second (or one followed by まで) closes."""
    found = _date_kind(printed, after, after_date, window, labels, label)
    if found[0] is not None and fired is not None:
        fired += found[1]
    return found[0]


def _date_kind(
    printed: str, after: str, after_date: bool, window: str, labels: tuple[str, ...], label: str
) -> tuple[str | None, list[str]]:
    kind, _, _ = cue_of(cues.DATE_CUE, window, labels)
    if kind is None:  # the event printed after the date: 7月1日(火)17:00電子申請受付開始, 6月13日締切
        post = cues.DATE_CUE.search(_CLAUSE_END.split(after, maxsplit=1)[0][:POST_CUE_CHARS])
        kind = post.lastgroup if post else None
    if kind == "neg" or any(m.lastgroup == "neg" for m in cues.DATE_CUE.finditer(label)):
        return None, []  # 事業実施期限, 事業支援計画書発行の受付締切: a date of something else
    rules = [cues.DATE_CUE_RULES[kind]] if kind in cues.DATE_CUE_RULES else []
    lead = re.match(r"[^0-9]*", printed)
    before = window[: len(window) - len(lead.group())] if lead and lead.group() else window
    range_end = _RANGE_BEFORE.search(before) is not None and after_date
    range_start = _RANGE_AFTER.match(after) is not None
    context = window + " " + " ".join(labels[:2])
    if range_end or (_UNTIL_AFTER.match(after) and kind in ("period", "deadline")):
        if kind:
            return "deadline", rules + (["cue.range-before"] if range_end else [])
        if _APPLICATION_WORD.search(context):
            return "deadline", ["cue.range-before", "cue.application-word"]
        return None, []
    if kind == "period":
        return "opens", rules
    if range_start and _APPLICATION_WORD.search(context):
        return "opens", [*rules, "cue.range-after", "cue.application-word"]
    if range_start and kind is None and _RANGE_CLOSED.match(after):
        return "opens", ["cue.range-closed"]  # ~7月18日(金)17:00必着: the period the deadline closes
    if kind is None and _UNTIL.match(after) and _applying(window, after):
        return "deadline", ["cue.until-applied", "cue.application-word"]  # 申請する者は…までに…提出
    return kind, rules


def _applying(window: str, after: str) -> bool:
    """Return whether the sentence around a date is about applying (申請, 応募) and no other event."""
    rest = after.split("。", 1)[0]
    vetoed = any(m.lastgroup == "neg" for m in cues.DATE_CUE.finditer(rest))
    return not vetoed and _APPLICATION_WORD.search(window + rest) is not None


def rate_facts(
    rate: Rate, window: str, after: str, labels: tuple[str, ...], fired: list[str] | None = None
) -> tuple[list[tuple[str, str]], str]:
    """Given a rate group and its context, return its facts (none when it is a rate of something else)
    and where its cue was ("local" or "context"); the ids of the rules that made it a rate are
    appended to `fired`."""
    pos = last_cue(cues.RATE_CUE, window)
    neg = last_cue(cues.NOT_RATE, window)
    rate_after = cues.RATE_AFTER.match(after) is not None  # 4/5補助
    of_applicant = not rate_after and rate.bound != "以内" and cues.RATE_OF_APPLICANT.search(window) is not None
    follows = rate_after or rate.bound == "以内" or of_applicant  # 2/3以内, 小規模事業者は2/3
    rules = [rid for rid, on in (("cue.rate", pos is not None or rate.bound == "以内"), ("cue.rate-after", rate_after),
                                 ("cue.rate-of-applicant", of_applicant)) if on]
    if neg is not None and (pos is None or neg.start() > pos.start()) and not follows:
        return [], ""
    if pos is None and not follows and not any(cues.RATE_CUE.search(lab) for lab in labels):
        return [], ""
    if fired is not None:
        fired += rules or ["cue.rate"]  # else a header of the context names the rate
    return [("rate", r) for r in rate.rates], "local" if pos is not None or follows else "context"


# A note that explains values printed in brackets: ※賃上げ要件を達成した場合、( )内の値に補助
# 上限額を引き上げ / 括弧内の補助上限額を適用 / 表中カッコ内の額に引き上げる.
_BRACKET_NOTE = regex("label.bracket-note")
_CASE_IN_BRACKETS = regex("band.case-in-brackets")
_NOTE_CASE = regex("band.note-case")


def bracket_condition(labels: tuple[str, ...], page_text: str) -> str | None:
    """Given the labels of a value printed in brackets after another and the text of its page,
    return the case the bracketed value applies to: a case a header prints in brackets
    (補助上限額(大幅な賃上げを行う場合)), else the case of a note on bracketed values."""
    for label in labels:
        m = _CASE_IN_BRACKETS.search(label)
        if m:
            return m.group(1).strip()
    for sentence in re.split(r"[。※]|\n\s*\n", page_text):
        sentence = re.sub(r"\s*\n\s*", "", sentence)  # a note wrapped over the lines of a slide
        if mention := _BRACKET_NOTE.search(sentence):
            # what the note says of the brackets ends with its case (…を行う場合), whatever line follows
            k = sentence.find("場合", mention.end())
            head = sentence[: k + 2] if k >= 0 else sentence
            case = _BRACKET_NOTE_WHAT.search(head) or _NOTE_CASE.search(sentence)
            if case:
                return cues.LIST_MARK.sub("", cues.NOTE_MARK.sub("", case.group(1))).strip() or None
    return None


# ()内は大幅賃上げ特例適用時の上限額: what the note says the bracketed values are for
_BRACKET_NOTE_WHAT = regex("band.note-what")


def definitions(texts: list[str]) -> dict[str, str]:
    """Given the texts of a document, return its applicants defined in brackets (最低賃金近傍の
    事業者 (3か月以上…を示した事業者)) as definition → applicant."""
    out: dict[str, str] = {}
    for t in texts:
        if "(" in t:
            for m in cues.APPLICANT_DEFINITION.finditer(t):
                out.setdefault(m.group("what"), m.group("who"))
    return out


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[\s、,。()（）]", "", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}


def defined_applicant(condition: str, defs: dict[str, str]) -> str | None:
    """Given a case a value applies to (…を示した場合) and the document's applicant definitions,
    return the applicant whose definition the case restates, or None."""
    case = re.sub(r"(?:場合|事業者|者)$", "", condition)
    grams = _bigrams(case)
    for what, who in defs.items():
        other = _bigrams(re.sub(r"(?:事業者|者)$", "", what))
        if len(grams) >= MIN_CASE_GRAMS and other and len(grams & other) / len(grams) >= DEFINITION_OVERLAP:
            return who
    return None


DEFINITION_OVERLAP = 0.8  # share of the case's character bigrams the definition holds
MIN_CASE_GRAMS = 10


# Names listed together before a value: 通常枠及びセキュリティ対策推進枠
_NAME_JOINER = regex("frame.name-joiner")
_TYPE_AFTER_FRAME = regex("frame.type-after-frame")  # 成長枠(A類型): a type of that frame
# A name labels the values after it when it stands as a label: followed by a colon, a
# topic particle, a case phrase, or nothing (インボイス枠対象経費: names an expense, not a frame).
# The topic of what follows (賃金引上げ枠については…, 賃金引上げ枠のうち赤字事業者は…) is a label too.
_NAME_AS_LABEL = regex("frame.name-as-label")
_TOPIC_AFTER_NAME = source("frame.topic-after-name")


def without_names(condition: str, names: list[Pair]) -> tuple[str, tuple[str, ...]]:
    """Given a condition and the (frame, type) pairs its label named, return it without those names
    and the particles that made them the topic (賃金引上げ枠のうち 赤字 → 赤字), and the id of the row
    that took them out (none when nothing was)."""
    bare = condition
    for frame, type_ in names:
        for n in (x for x in (frame, type_) if x):
            bare = re.sub(re.escape(n) + _TOPIC_AFTER_NAME, " ", bare)
    bare = re.sub(r"\s+", " ", bare).strip(" 、,・")
    return (bare, ("frame.topic-after-name",)) if bare != condition else (condition, ())


def labelling_names(label: str) -> tuple[list[Pair], list[str]]:
    """Given the text before a value, return the (frame, type) pairs it names as labels and the
    ids of the rule-table rows that found them."""
    found = find_names(label)
    names: list[Name] = []  # names labelling the values after them, and names listed before one (A枠及びB枠の補助率)
    joined = False
    for k in range(len(found) - 1, -1, -1):
        n = found[k]
        between = label[n.end : found[k + 1].start] if k + 1 < len(found) else ""
        listed = bool(names) and names[0] is found[k + 1] and _NAME_JOINER.fullmatch(between)
        # 成長枠(A類型) 補助上限額: the frame a labelling type is printed under labels with it
        owner = (bool(names) and names[0] is found[k + 1] and n.level == "frame" and names[0].level == "type"
                 and _TYPE_AFTER_FRAME.fullmatch(between) is not None)
        if listed or owner or _NAME_AS_LABEL.match(label[n.end :]):
            names.insert(0, n)
            joined = joined or bool(listed)
    rules = list(dict.fromkeys(n.rule for n in names if n.rule)) + (["frame.name-joiner"] if joined else [])
    return pair_names(names, label), [*rules, "frame.name-as-label"] if rules else []
