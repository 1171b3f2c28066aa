"""Yen amounts: single amounts, ranges, bounds, open ends, per-unit amounts, running text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.amounts import Amount, find_amounts, format_amount, parse_amount
from normalize.errors import ParseError
from normalize.glyphs import normalize
from normalize.numbers import to_kanji

N = None
# input, (min, max, min_inclusive, max_inclusive, per)
AMOUNT_TESTS = [
    ("50万円", (500_000, 500_000, True, True, N)),
    ("1.5億円", (150_000_000, 150_000_000, True, True, N)),
    ("3,000万円", (30_000_000, 30_000_000, True, True, N)),
    ("３，０００万円", (30_000_000, 30_000_000, True, True, N)),
    ("3,000千円", (3_000_000, 3_000_000, True, True, N)),
    ("2,000億円", (200_000_000_000, 200_000_000_000, True, True, N)),
    ("100,000円", (100_000, 100_000, True, True, N)),
    ("三千万円", (30_000_000, 30_000_000, True, True, N)),
    ("一億五千万円", (150_000_000, 150_000_000, True, True, N)),
    ("1億5,000万円", (150_000_000, 150_000_000, True, True, N)),
    ("百万円", (1_000_000, 1_000_000, True, True, N)),
    # ranges, with every dash and tilde
    ("5万円~150万円", (50_000, 1_500_000, True, True, N)),
    ("5万円〜150万円", (50_000, 1_500_000, True, True, N)),
    ("5万円～150万円", (50_000, 1_500_000, True, True, N)),
    ("5万円－150万円", (50_000, 1_500_000, True, True, N)),
    ("5万円–150万円", (50_000, 1_500_000, True, True, N)),
    ("5万円―150万円", (50_000, 1_500_000, True, True, N)),
    ("5万円 ～ 150万円", (50_000, 1_500_000, True, True, N)),
    ("3,000万円～1.5億円", (30_000_000, 150_000_000, True, True, N)),
    ("５０〜２００万円", (500_000, 2_000_000, True, True, N)),
    ("800~1,000万円", (8_000_000, 10_000_000, True, True, N)),
    ("5万円から50万円まで", (50_000, 500_000, True, True, N)),
    ("100万円超1,000万円以下", (1_000_000, 10_000_000, False, True, N)),
    ("10万円以上50万円未満", (100_000, 500_000, True, False, N)),
    # bounds
    ("5万円以上〜50万円以下", (50_000, 500_000, True, True, N)),
    ("50万円超〜350万円", (500_000, 3_500_000, False, True, N)),
    ("5万円~150万円未満", (50_000, 1_500_000, True, False, N)),
    ("50万円以下", (N, 500_000, True, True, N)),
    ("50万円未満", (N, 500_000, True, False, N)),
    ("50万円以内", (N, 500_000, True, True, N)),
    ("10万円まで", (N, 100_000, True, True, N)),
    ("30万円以上", (300_000, N, True, True, N)),
    ("50万円超", (500_000, N, False, True, N)),
    ("1億円を上限", (N, 100_000_000, True, True, N)),
    ("上限:1億円", (N, 100_000_000, True, True, N)),
    ("補助上限額：3,000万円", (N, 30_000_000, True, True, N)),
    ("下限:30万円", (300_000, N, True, True, N)),
    ("最大450万円", (N, 4_500_000, True, True, N)),
    ("上限:1億円 下限:30万円", (300_000, 100_000_000, True, True, N)),
    # open ends
    ("（下限なし）～350万円", (N, 3_500_000, True, True, N)),
    ("～50万円", (N, 500_000, True, True, N)),
    ("〜10\n万円", (N, 100_000, True, True, N)),
    ("5万円〜", (50_000, N, True, True, N)),
    ("5万円〜\n150万円", (50_000, 1_500_000, True, True, N)),
    # per-unit
    ("50万円×グループ構成員数", (500_000, 500_000, True, True, "グループ構成員数")),
    ("450万円/者", (4_500_000, 4_500_000, True, True, "者")),
    ("補助額は最大450万円/者", (N, 4_500_000, True, True, "者")),
    ("※補助上限額は3,000万円/事業+", (N, 30_000_000, True, True, "事業")),
    ("1者あたり50万円", (500_000, 500_000, True, True, "者")),
    # minus
    ("▲50万円", (-500_000, -500_000, True, True, N)),
    # the first amount of running text
    ("ITツールの業務プロセスが1~3つまで:5万円~150万円", (50_000, 1_500_000, True, True, N)),
    ("下限:30万円(100万円から引き下げ)", (300_000, N, True, True, N)),
    ("下限10万円、上限50万円", (100_000, 500_000, True, True, N)),
    ("1社あたり最大100万円", (N, 1_000_000, True, True, "社")),
    ("1事業者当たり上限50万円", (N, 500_000, True, True, "事業者")),
    ("750万円、1,000万円、1,250万円", (7_500_000, 7_500_000, True, True, N)),
    ("50-200万円", (500_000, 2_000_000, True, True, N)),
    ("五百万円", (5_000_000, 5_000_000, True, True, N)),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNT_TESTS)
def test_parse_amount(text: str, expected: tuple) -> None:
    assert parse_amount(text) == Amount(*expected)


@pytest.mark.parametrize("text", ["1~3つ", "", "補助率1/2", "全国一円", "数十万円", "50名", "~10", "令和6年"])
def test_not_an_amount(text: str) -> None:
    with pytest.raises(ParseError):
        parse_amount(text)


def test_to_dict() -> None:
    assert parse_amount("5万円～150万円未満").to_dict() == {
        "min": 50000, "max": 1500000, "min_inclusive": True, "max_inclusive": False, "per": None,
    }  # fmt: skip


FIND_TESTS = [
    (
        "補助額5万円以上~50万円以下(補助率3/4以内)",
        [("5万円以上~50万円以下", (50_000, 500_000, True, True, N))],
    ),
    (
        "ITツールの業務プロセスが1~3つまで:5万円~150万円",
        [("5万円~150万円", (50_000, 1_500_000, True, True, N))],
    ),
    (
        "ITツール:補助額5万円以上~50万円以下(補助率3/4以内)、補助額50万円超~350万円(補助率2/3以内)",
        [
            ("5万円以上~50万円以下", (50_000, 500_000, True, True, N)),
            ("50万円超~350万円", (500_000, 3_500_000, False, True, N)),
        ],
    ),
    (
        "~350万円 5万円~100万円",
        [("~350万円", (N, 3_500_000, True, True, N)), ("5万円~100万円", (50_000, 1_000_000, True, True, N))],
    ),
    (
        "(b)消費動向等分析経費:50万円×グループ構成員数 (a)+(b)合わせて3,000万円まで",
        [
            ("50万円×グループ構成員数", (500_000, 500_000, True, True, "グループ構成員数")),
            ("3,000万円まで", (N, 30_000_000, True, True, N)),
        ],
    ),
    (
        "上限:1億円 下限:30万円",
        [("上限:1億円", (N, 10**8, True, True, N)), ("下限:30万円", (300_000, N, True, True, N))],
    ),
    ("(下限なし)~350万円", [("(下限なし)~350万円", (N, 3_500_000, True, True, N))]),
    ("4以上:150万円~450\n万円", [("150万円~450\n万円", (1_500_000, 4_500_000, True, True, N))]),
    ("5~50名未満 27,984", []),
    ("専門家活用1/2、2/3~600万円", [("~600万円", (N, 6_000_000, True, True, N))]),
    ("当たり省エネ量:1kl/千万円", []),
    (
        "8000万円から2,000万円、4,000万円",
        [
            ("8000万円", (80_000_000,) * 2 + (True, True, N)),
            ("2,000万円", (20_000_000,) * 2 + (True, True, N)),
            ("4,000万円", (40_000_000,) * 2 + (True, True, N)),
        ],
    ),
    ("補助上限額:1ヵ所あたり2,000万円", [("上限額:1ヵ所あたり2,000万円", (N, 20_000_000, True, True, "ヵ所"))]),
    (
        "⇒補助上限額:50万円×\n\nグループ構成員数",
        [("上限額:50万円×\n\nグループ構成員数", (N, 500_000, True, True, "グループ構成員数"))],
    ),
    ("令和5年度補正予算額 2,000億円", [("2,000億円", (200_000_000_000,) * 2 + (True, True, N))]),
    # a bound word a slide wrapped onto a line of its own, after a blank line
    ("5万円~\n150万円\n\n未満", [("5万円~\n150万円\n\n未満", (50_000, 1_500_000, True, False, N))]),
    # ... but not a clause that starts on the next line
    ("申請額は150万円\n以下のとおり", [("150万円", (1_500_000,) * 2 + (True, True, N))]),
    # a space between the number and its scale, or around the range sign
    ("PC等 ~10 万円", [("~10 万円", (N, 100_000, True, True, N))]),
    ("5万円 ~150万円", [("5万円 ~150万円", (50_000, 1_500_000, True, True, N))]),
    # "AからBに" is a change from A to B, two amounts; "AからBまで" a range
    (
        "補助上限を600万円から800万円に引き上げ",
        [("600万円", (6_000_000,) * 2 + (True, True, N)), ("800万円", (8_000_000,) * 2 + (True, True, N))],
    ),
    (
        "下限を100万円から30万円へ引き下げ",
        [("100万円", (10**6,) * 2 + (True, True, N)), ("30万円", (300_000,) * 2 + (True, True, N))],
    ),
    ("補助額は5万円から50万円までとする", [("5万円から50万円まで", (50_000, 500_000, True, True, N))]),
]


@pytest.mark.parametrize(("text", "expected"), FIND_TESTS)
def test_find_amounts(text: str, expected: list) -> None:
    found = find_amounts(text)
    assert [(text[s:e], a) for s, e, a in found] == [(q, Amount(*v)) for q, v in expected]


@pytest.mark.parametrize("text", [t for t, _ in AMOUNT_TESTS])
def test_find_amounts_spans_are_in_the_normalised_text(text: str) -> None:
    norm = normalize(text)
    for start, end, amount in find_amounts(norm):
        assert 0 <= start < end <= len(norm)
        assert "円" in norm[start:end]
        assert parse_amount(norm[start:end]) == amount


YEN = st.integers(min_value=1, max_value=10**15)


@given(YEN)
def test_round_trip_notation(yen: int) -> None:
    """number → Japanese notation (1億5,000万円, fullwidth, kanji) → number."""
    text = format_amount(yen)
    assert parse_amount(text) == Amount(yen, yen, True, True, None)
    assert parse_amount(text.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))).min == yen
    if len(to_kanji(yen)) > 1:  # a lone 一円 or 千円 is refused on purpose (全国一円, 千円札)
        assert parse_amount(to_kanji(yen) + "円").max == yen


@given(YEN, YEN, st.sampled_from(["~", "〜", "～", "－", "–"]))
def test_round_trip_range(a: int, b: int, sep: str) -> None:
    lo, hi = sorted((a, b))
    assert parse_amount(f"{format_amount(lo)}{sep}{format_amount(hi)}") == Amount(lo, hi, True, True, None)


def test_inclusive_flags_follow_the_printed_words() -> None:
    """A flag is False only for 超 (lower) or 未満 (upper); an open end keeps True."""
    assert parse_amount("~50万円").to_dict() == {
        "min": None, "max": 500000, "min_inclusive": True, "max_inclusive": True, "per": None,
    }  # fmt: skip
    assert parse_amount("50万円超").to_dict() == {
        "min": 500000, "max": None, "min_inclusive": False, "max_inclusive": True, "per": None,
    }  # fmt: skip
