"""Subsidy rates: fractions in every spelling, lists, ranges, 定額, percentages, and non-rates."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.errors import ParseError
from normalize.rates import Rate, find_rates, parse_rate, rate_string

RATE_TESTS = [
    ("２／３", ("2/3",), None),
    ("2/3", ("2/3",), None),
    ("2/3以内", ("2/3",), "以内"),
    ("補助率3/4以内", ("3/4",), "以内"),
    ("補助率 1 / 2 以内", ("1/2",), "以内"),
    ("３分の２", ("2/3",), None),
    ("三分の二", ("2/3",), None),
    ("２分の１以内", ("1/2",), "以内"),
    ("1/2~3/4", ("1/2", "3/4"), None),
    ("1/2〜4/5", ("1/2", "4/5"), None),
    ("1/2、2/3", ("1/2", "2/3"), None),
    ("1/2・2/3", ("1/2", "2/3"), None),
    ("中小企業:1/2、小規模事業者:2/3", ("1/2", "2/3"), None),
    ("補助率:1/2(中小)1/3(大)", ("1/2", "1/3"), None),
    ("(1)基盤導入経費:1/2~3/4、4/5", ("1/2", "3/4", "4/5"), None),
    ("10/10", ("10/10",), None),
    ("定額", ("10/10",), None),
    ("補助(定額)", ("10/10",), None),
    ("50%", ("1/2",), None),
    ("５０％以内", ("1/2",), "以内"),
    ("100%", ("10/10",), None),
    ("2/4", ("1/2",), None),
    ("1⁄2", ("1/2",), None),
    ("½", ("1/2",), None),
    ("最大4/5", ("4/5",), "最大"),
    ("定額(10/10)", ("10/10",), None),
    ("補助率1/2(50%)以内", ("1/2",), "以内"),
    ("1/2(一部2/3)", ("1/2", "2/3"), None),
    ("補助率:1/2以内(小規模事業者は2/3以内)", ("1/2", "2/3"), "以内"),
    ("1/2又は2/3", ("1/2", "2/3"), None),
    ("10分の10", ("10/10",), None),
    ("二分の一", ("1/2",), None),
]


@pytest.mark.parametrize(("text", "rates", "bound"), RATE_TESTS)
def test_parse_rate(text: str, rates: tuple[str, ...], bound: str | None) -> None:
    assert parse_rate(text) == Rate(rates, bound)


@pytest.mark.parametrize("text", ["", "3/15(金)", "4/1", "2024/3/15", "5/3", "abc", "0/3", "150%"])
def test_not_a_rate(text: str) -> None:
    with pytest.raises(ParseError):
        parse_rate(text)


def test_to_dict() -> None:
    assert parse_rate("補助率２／３以内").to_dict() == {"rates": ["2/3"], "bound": "以内"}


FIND_TESTS = [
    ("補助額5万円以上~50万円以下(補助率3/4以内)", [("3/4以内", ("3/4",), "以内")]),
    ("中小企業:1/2、小規模事業者:2/3", [("1/2", ("1/2",), None), ("2/3", ("2/3",), None)]),
    ("補助率は1/2~4/5!", [("1/2~4/5", ("1/2", "4/5"), None)]),
    ("1次締切:3/15(金)17:00", []),
    ("受付開始:3/5(火)", []),
    ("締切:3/5", []),
    ("応募期限 1/9 17:00", []),
    ("1/2以内3/4\n以内", [("1/2以内", ("1/2",), "以内"), ("3/4\n以内", ("3/4",), "以内")]),
    ("締切 2024/3/15", []),
    ("付加価値額が9%以上向上", []),
    ("省エネ率:10%以上", []),
    ("助成率 2/3、50%", [("2/3、50%", ("2/3", "1/2"), None)]),
    ("補助率:50%", [("50%", ("1/2",), None)]),
    ("補助(1/2、2/3等)独立行政法人", [("1/2、2/3", ("1/2", "2/3"), None)]),
    ("小規模事業者は最大4/5補助", [("最大4/5", ("4/5",), "最大")]),
    # 定額 as the tail of another word is no flat rate
    ("交付決定額は申請額を上回りません", []),
    ("実施計画の策定、査定額管理、検査を行う", []),
    ("発生予定額", []),
    ("補助率定額", [("定額", ("10/10",), None)]),
    # a note number glued to a fraction that read whole is no rate
    ("小規模事業者及び再生事業者※32/3", [("2/3", ("2/3",), None)]),
    ("※1 2/3", [("2/3", ("2/3",), None)]),
    ("※2/3以内", [("2/3以内", ("2/3",), "以内")]),
    ("↓定額補助", [("定額", ("10/10",), None)]),
    # a share in hundredths is a rate (no date has day 100); other large denominators are dates
    ("補助率:1/2以内(中山間地域は55/100以内)", [("1/2以内", ("1/2",), "以内"), ("55/100以内", ("11/20",), "以内")]),
    ("締切 12/25", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_TESTS)
def test_find_rates(text: str, expected: list) -> None:
    found = [(text[s:e], r) for s, e, r in find_rates(text)]
    assert found == [(q, Rate(rates, bound)) for q, rates, bound in expected]


@given(st.integers(1, 10), st.integers(1, 10))
def test_fraction_round_trip(n: int, d: int) -> None:
    if n > d:
        n, d = d, n
    value = Fraction(n, d)
    (got,) = parse_rate(f"{n}/{d}").rates
    assert got == rate_string(value)
    assert Fraction(got) == value
    assert parse_rate(f"{d}分の{n}").rates == (got,)


def test_rate_after_kara_is_still_a_rate() -> None:
    text = "補助率を通常の1/2から3/4に引き上げ"
    assert [r.rates for _, _, r in find_rates(text)] == [("1/2",), ("3/4",)]
