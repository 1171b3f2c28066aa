"""Emphasis: red spans, and bold standing for red where a text layer declares 赤字 marks changes."""

from __future__ import annotations

import pytest

from extract.facts.emphasis import bold_marks_changes, value_core
from extract.facts.model import DocInfo
from extract.facts.pipeline import run
from extract.model import DocumentText, Line, Page, Span
from normalize.glyphs import normalize

INFO = DocInfo(key="doc", sha256="0" * 64)
RED, BLACK = 0xE60012, 0x000000

CORE_CASES = [
    ("cap_max", 1500000, "5万円~150万円以下", "150"),
    ("cap_min", 50000, "5万円~150万円以下", "5"),
    ("cap_max", 30000000, "3,000万円", "3,000"),
    ("budget", 340000000000, "3,400億円", "3,400"),
    ("rate", "4/5", "3/4・4/5", "4/5"),
    ("rate", "10/10", "定額", "定額"),
    ("deadline", "2025-09-24T17:00", "2025年9月24日(水)17:00", "9月24日"),
    ("cap_max", 700000, "50万円", None),
]


@pytest.mark.parametrize(("kind", "value", "printed", "core"), CORE_CASES)
def test_value_core(kind: str, value: int | str, printed: str, core: str | None) -> None:
    assert value_core(kind, value, printed) == core


def _line(*spans: tuple[str, int | None, bool]) -> Line:
    return Line(normalize("".join(t for t, _, _ in spans)), None, [Span(t, color=c, bold=b) for t, c, b in spans])


def _doc(kind: str, *lines: Line) -> DocumentText:
    text = "\n".join(ln.text for ln in lines)
    return DocumentText([Page(1, text, text, list(lines))], kind)  # type: ignore[arg-type]


def emphasis_of(doc: DocumentText) -> dict[tuple[str, int | str], bool]:
    return {(f.kind, f.value): f.emphasis for f in run(doc, INFO)}


def test_only_the_value_printed_in_red_is_emphasised() -> None:
    doc = _doc(
        "pdf",
        _line(("IT導入補助金 セキュリティ対策推進枠", BLACK, False)),
        _line(("補助額 5万円~", BLACK, False), ("150万円", RED, False), ("以下", BLACK, False)),
    )
    assert emphasis_of(doc) == {("cap_min", 50000): False, ("cap_max", 1500000): True}


def test_bold_counts_where_the_text_layer_declares_red_marks_changes() -> None:
    lines = (
        _line(("IT導入補助金 セキュリティ対策推進枠", None, False)),
        _line(("補助額 5万円~", None, False), ("150万円", None, True), ("以下", None, False)),
    )
    note = _line(("※赤字は令和6年度補正予算での拡充点", None, False))
    assert emphasis_of(_doc("text", *lines, note))[("cap_max", 1500000)] is True
    assert emphasis_of(_doc("text", *lines))[("cap_max", 1500000)] is False  # bold alone is no change mark


def test_bold_does_not_count_where_colours_are_known() -> None:
    doc = _doc(
        "pdf",
        _line(("ものづくり補助金の概要", BLACK, False)),
        _line(("※赤字は拡充点", RED, False)),
        _line(("補助上限額 ", BLACK, False), ("3,000万円", BLACK, True)),
    )
    assert not bold_marks_changes(doc)
    assert emphasis_of(doc) == {("cap_max", 30000000): False}
