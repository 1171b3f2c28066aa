"""On arbitrary text the finders never raise, their spans lie inside it, and the parsers raise only ParseError."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.amounts import find_amounts, parse_amount
from normalize.dates import find_dates, find_fiscals, parse_date, parse_fiscal
from normalize.errors import ParseError
from normalize.glyphs import normalize
from normalize.rates import find_rates, parse_rate

PIECES = st.sampled_from(
    [
        "0", "1", "5", "12", "1,000", "1.5", ".", ",", "/", ":", "~", "-", "から", "円", "万", "億", "千", "兆",
        "一", "十", "百", "元", "年", "月", "日", "年度", "令和", "平成", "R", "H", "(", ")", "(金)", "時", "分",
        "以上", "以下", "未満", "超", "まで", "上限", "下限なし", "最大", "×", "者", "あたり", "%", "分の",
        "定額", "補助率", "締切", "補正", "予算", "末", " ", "\n", "x",
    ]
)  # fmt: skip
TEXT = st.lists(PIECES, max_size=25).map("".join)


@settings(max_examples=1500)
@given(TEXT, st.one_of(st.none(), st.integers(1900, 2100)))
def test_finders_never_raise(text: str, year: int | None) -> None:
    text = normalize(text)
    for found in (find_amounts(text), find_rates(text), find_dates(text, year), find_fiscals(text)):
        for start, end, _ in found:
            assert 0 <= start < end <= len(text)


@settings(max_examples=600)
@given(TEXT)
def test_parsers_raise_only_parse_error(text: str) -> None:
    for parse in (parse_amount, parse_rate, parse_date, parse_fiscal):
        with contextlib.suppress(ParseError):
            parse(text)
