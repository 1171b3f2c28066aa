"""Numbers as printed: ASCII, fullwidth, kanji, with commas, decimals and 万 億 兆 scales."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.errors import ParseError
from normalize.numbers import parse_number, to_japanese, to_kanji

NUMBER_TESTS = [
    ("0", 0),
    ("3,000", 3000),
    ("３，０００", 3000),
    ("1.5", Decimal("1.5")),
    ("１．５", Decimal("1.5")),
    ("三千", 3000),
    ("二十", 20),
    ("十二", 12),
    ("十", 10),
    ("千", 1000),
    ("百万", 1_000_000),
    ("一億五千万", 150_000_000),
    ("1億5,000万", 150_000_000),
    ("1.5億", 150_000_000),
    ("5千万", 50_000_000),
    ("二〇二四", 2024),
    ("千二百三十四", 1234),
    ("三兆", 3 * 10**12),
    ("壱萬", 10_000),
]


@pytest.mark.parametrize(("text", "expected"), NUMBER_TESTS)
def test_parse_number(text: str, expected: int | Decimal) -> None:
    value = parse_number(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "5万3億", "円", "--1"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_number(text)


def test_notations() -> None:
    assert to_japanese(150_000_000) == "1億5,000万"
    assert to_kanji(150_000_000) == "一億五千万"
    assert to_kanji(20) == "二十"


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_round_trip(n: int) -> None:
    assert parse_number(to_japanese(n)) == n
    assert parse_number(to_kanji(n)) == n
    assert parse_number(f"{n:,}") == n
