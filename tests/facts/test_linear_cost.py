"""Linear cost per page (issue 20): the indexes that replaced per-value scans give the answers the scans gave,
and a page over its time budget is skipped and named while the rest of the document is read.

Speed itself is measured by `make bench` (the pathological set), not here."""

from __future__ import annotations

import random
import re
from itertools import count

import pytest

import extract.facts.budget as budget_module
from extract.facts import cues, indexes
from extract.facts.budget import PageBudget
from extract.facts.model import DocInfo
from extract.facts.pipeline import run
from extract.facts.ruletable import rule
from extract.facts.values import _ITEM_HEAD, _continuing_bands, find_atoms
from extract.model import DocumentText, Line, Page, Span
from normalize.amounts import Amount

RNG = random.Random(20)


def _texts(alphabet: list[str], n: int = 4000, most: int = 16) -> list[str]:
    return ["".join(RNG.choice(alphabet) for _ in range(RNG.randint(0, most))) for _ in range(n)]


@pytest.mark.parametrize("pattern", [_ITEM_HEAD, cues.EXAMPLE_MARK], ids=["item-head", "example-mark"])
def test_last_match_before_is_the_last_match_of_the_scan_up_to_there(pattern: re.Pattern[str]) -> None:
    alphabet = ["(1)", "(b)", "経費", "旅費", ":", "⇒", " ", "\n", "、", "。", "計算例", "【例2】", "例1", "(例3)",
                "(", ")"]
    for text in _texts(alphabet):
        for pos in range(len(text) + 1):
            scanned = list(pattern.finditer(text, 0, pos))
            found = indexes.last_match_before(pattern, text, pos)
            assert (found.span() if found else None) == (scanned[-1].span() if scanned else None), (text, pos)


def test_sentences_and_windows_are_those_of_the_scans() -> None:
    for text in _texts(["a", "b", "。", "!", "？", "c"], most=12):
        for pos in range(-1, len(text) + 2):
            scan = next(((m.start(), m.end()) for m in re.finditer(r"[^。!?！？]*[。!?！？]?", text)
                         if m.start() <= pos < max(m.end(), m.start() + 1)), (0, len(text)))
            assert indexes.sentence_at(text, pos) == scan
            for lo in range(len(text) + 1 if pos >= 0 else 0):
                seg = text[lo:pos]
                ends = list(re.finditer(r"[。!！?？]", seg))
                assert text[indexes.sentence_start(text, pos, lo):pos] == (seg[ends[-1].end():] if ends else seg)


def test_a_cue_window_reaches_back_at_most_window_max_characters() -> None:
    text = "補助上限額" + "、" * 1000 + "100万円"
    assert indexes.sentence_start(text, len(text) - 5) == len(text) - 5 - indexes.WINDOW_MAX


def test_printed_once_is_count_equals_one_with_and_without_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    for long_text in (10**9, 0):  # str.count, then the index of substrings
        monkeypatch.setattr(indexes, "LONG_TEXT", long_text)
        for text in _texts(["a", "a", "b", "万", "円"], n=1500, most=40):
            for _ in range(8):
                i = RNG.randint(0, len(text))
                quote = text[i : i + RNG.randint(0, 12)] if RNG.random() < 0.8 else RNG.choice(["ab", "aaa", "円万"])
                want = text.find(quote) if quote and text.count(quote) == 1 else -1
                assert indexes.printed_once(text, quote) == want, (text, quote)


def test_lines_inside_a_box_are_those_whose_centre_it_holds_in_page_order() -> None:
    for _ in range(200):
        lines = [Line("x", None) if RNG.random() < 0.1 else
                 Line("x", (x := RNG.uniform(-50, 600), y := RNG.uniform(-50, 800), x + RNG.uniform(0, 90),
                            y + RNG.uniform(0, 20))) for _ in range(RNG.randint(0, 60))]
        page = Page(number=1, raw_text="", text="", lines=lines)
        for _ in range(30):
            x, y = RNG.uniform(-60, 600), RNG.uniform(-60, 800)
            box = (x, y, x + RNG.uniform(-5, 400), y + RNG.uniform(-5, 300))
            want = [ln for ln in lines if ln.bbox is not None and box[0] <= (ln.bbox[0] + ln.bbox[2]) / 2 <= box[2]
                    and box[1] <= (ln.bbox[1] + ln.bbox[3]) / 2 <= box[3]]
            assert [id(ln) for ln in indexes.lines_inside(page, box)] == [id(ln) for ln in want]


def test_budget_line_names_are_found_as_the_lazy_search_finds_them() -> None:
    pattern = rule("program.budget-line").regex()
    alphabet = ["補助金", "支援", "事業", "費", "補助", "者", "事務局", "促進", "金", "、", " ", "。", "中小企業",
                "(", "/"]
    for text in _texts(alphabet, n=8000, most=14):
        assert [m.span() for m in indexes.lazy_prefix_matches(pattern, text)] == \
            [m.span() for m in pattern.finditer(text)], text


def test_bands_continuing_an_earlier_amount_are_found_in_one_pass() -> None:
    pieces = ["50万円以下", "50万円超~350万円", "~50万円", "50~350万円", "5万円~150万円", "150万円~450万円", "2/3"]
    for _ in range(2000):
        atoms = find_atoms("、".join(RNG.choice(pieces) for _ in range(RNG.randint(1, 8))), None)
        want = [isinstance(a.obj, Amount) and a.obj.min is not None and any(
            isinstance(b.obj, Amount) and b.obj.max == a.obj.min and (not a.obj.min_inclusive or b.obj.min is None)
            for b in atoms[:i]) for i, a in enumerate(atoms)]
        assert _continuing_bands(atoms) == want


def _page(number: int, text: str) -> Page:
    return Page(number=number, raw_text=text, text=text, lines=[Line(text, None, [Span(text)])])


def test_a_page_over_its_budget_gives_no_facts_and_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock that ticks once per look: the page of 300 values uses up its budget, the short one does not."""
    short = "IT導入補助金2025 通常枠 補助上限額 450万円 補助率 1/2以内"
    long = "IT導入補助金2025 通常枠 " + "、".join(f"補助上限額{n}万円" for n in range(100, 400))
    doc = DocumentText(pages=[_page(1, short), _page(2, long), _page(3, short.replace("450", "150"))], kind="pdf")
    unlimited = run(doc, DocInfo(key="doc", sha256=""))
    assert {f.page for f in unlimited} == {1, 2, 3}
    ticks = count()
    monkeypatch.setattr(budget_module.time, "perf_counter", lambda: float(next(ticks)))
    budget = PageBudget(seconds=200)
    facts = run(doc, DocInfo(key="doc", sha256=""), budget=budget)
    assert [p for p, _ in budget.skipped()] == [2]
    assert {f.page for f in facts} == {1, 3}
    assert sorted((f.page, str(f.value)) for f in facts) == sorted((f.page, str(f.value)) for f in unlimited
                                                                    if f.page != 2)
