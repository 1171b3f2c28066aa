"""Dates, times, weekdays, eras and fiscal years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.dates import (
    DateResult,
    Fiscal,
    era_to_western,
    find_dates,
    find_fiscals,
    fiscal_year_of,
    format_era,
    parse_date,
    parse_fiscal,
    to_era,
)
from normalize.errors import ParseError
from normalize.numbers import to_kanji

D = dt.date
# input, context year, (date, time, weekday_ok)
DATE_TESTS = [
    ("令和6年3月15日", None, (D(2024, 3, 15), None, None)),
    ("令和６年３月１５日（金）１７︓００", None, (D(2024, 3, 15), "17:00", True)),
    ("令和6年3月15日(木)", None, (D(2024, 3, 15), None, False)),
    ("平成31年4月30日", None, (D(2019, 4, 30), None, None)),
    ("令和元年5月1日", None, (D(2019, 5, 1), None, None)),
    ("昭和64年1月7日", None, (D(1989, 1, 7), None, None)),
    ("平成元年1月8日", None, (D(1989, 1, 8), None, None)),
    ("大正15年12月24日", None, (D(1926, 12, 24), None, None)),
    ("明治45年7月29日", None, (D(1912, 7, 29), None, None)),
    ("令和六年三月十五日", None, (D(2024, 3, 15), None, None)),
    ("令和６年三月15日", None, (D(2024, 3, 15), None, None)),
    ("二〇二四年四月一日", None, (D(2024, 4, 1), None, None)),
    ("2024年3月15日", None, (D(2024, 3, 15), None, None)),
    ("２０２４年３月１５日", None, (D(2024, 3, 15), None, None)),
    ("2024/3/15", None, (D(2024, 3, 15), None, None)),
    ("2024/03/15(金)", None, (D(2024, 3, 15), None, True)),
    ("2024.3.15", None, (D(2024, 3, 15), None, None)),
    ("2024-03-15", None, (D(2024, 3, 15), None, None)),
    ("R6.3.15", None, (D(2024, 3, 15), None, None)),
    ("H31.4.30", None, (D(2019, 4, 30), None, None)),
    ("2023年2月16日(木)17:00(予定)", None, (D(2023, 2, 16), "17:00", True)),
    ("令和6年2月16日(金)(予定)17:00", None, (D(2024, 2, 16), "17:00", True)),
    ("2024年3月15日 17時", None, (D(2024, 3, 15), "17:00", None)),
    ("2024年3月15日 12時00分", None, (D(2024, 3, 15), "12:00", None)),
    ("2024年3月15日 12時半", None, (D(2024, 3, 15), "12:30", None)),
    ("2024年3月15日(金曜日)午後5時", None, (D(2024, 3, 15), "17:00", True)),
    ("2024年3月15日(金)正午", None, (D(2024, 3, 15), "12:00", True)),
    ("2024年3月15日(金)十七時", None, (D(2024, 3, 15), "17:00", True)),
    # a month and day without a year, resolved from the context year
    ("１次締切︓３⽉１５⽇（⾦）１７︓００", 2024, (D(2024, 3, 15), "17:00", True)),
    ("3月15日", 2024, (D(2024, 3, 15), None, None)),
    ("3/15(金)", 2024, (D(2024, 3, 15), None, True)),
    ("3/15(木)", 2024, (D(2024, 3, 15), None, False)),
    ("5月12日 (予定)", 2025, (D(2025, 5, 12), None, None)),
    # the end of a month
    ("令和6年2月末日", None, (D(2024, 2, 29), None, None)),
    ("2023年2月末", None, (D(2023, 2, 28), None, None)),
    ("3月末日(金)", 2024, (D(2024, 3, 31), None, False)),
    # a time alone
    ("17:00", None, (None, "17:00", None)),
]


@pytest.mark.parametrize(("text", "year", "expected"), DATE_TESTS)
def test_parse_date(text: str, year: int | None, expected: tuple) -> None:
    assert parse_date(text, year=year) == DateResult(*expected)


@pytest.mark.parametrize(
    ("text", "year"),
    [("3月15日", None), ("2024年2月30日", None), ("令和6年13月1日", None), ("abc", 2024), ("", None), ("25:00", None)],
)
def test_not_a_date(text: str, year: int | None) -> None:
    with pytest.raises(ParseError):
        parse_date(text, year=year)


def test_to_dict_and_iso() -> None:
    r = parse_date("令和６年３月１５日（金）１７︓００")
    assert r.to_dict() == {"date": "2024-03-15", "time": "17:00", "weekday_ok": True}
    assert r.iso() == "2024-03-15T17:00"
    assert parse_date("令和4年1月20日").to_dict() == {"date": "2022-01-20", "time": None, "weekday_ok": None}
    assert parse_date("令和4年1月20日").iso() == "2022-01-20"


def test_find_dates() -> None:
    text = "公募開始:令和6年2月16日(金)~3月15日(金)17:00 補助率3/4 発表 4/1"
    found = [(text[s:e], r) for s, e, r in find_dates(text, year=2024)]
    assert found == [
        ("令和6年2月16日(金)", DateResult(D(2024, 2, 16), None, True)),
        ("3月15日(金)17:00", DateResult(D(2024, 3, 15), "17:00", True)),
    ]
    assert [r for _, _, r in find_dates("3月15日(金)")] == []  # no year: skipped


def test_find_dates_carries_the_year() -> None:
    def dates(text: str, year: int | None = None) -> list[dt.date | None]:
        return [r.date for _, _, r in find_dates(text, year=year)]

    # the end of a range takes the year of its start, and the next one across New Year
    assert dates("令和6年12月20日(金)~1月10日(金)") == [D(2024, 12, 20), D(2025, 1, 10)]
    assert dates("2024年2月16日~3月15日", year=2030) == [D(2024, 2, 16), D(2024, 3, 15)]
    # otherwise the context year, else the last year printed
    assert dates("令和5年1月27日 締切:3月15日", year=2024) == [D(2023, 1, 27), D(2024, 3, 15)]
    assert dates("令和5年1月27日 締切:3月15日") == [D(2023, 1, 27), D(2023, 3, 15)]


ERA_TESTS = [
    ("令和", 1, 2019), ("令和", 6, 2024), ("平成", 31, 2019), ("平成", 1, 1989), ("昭和", 64, 1989),
    ("大正", 15, 1926), ("明治", 45, 1912), ("R", 6, 2024), ("H", 30, 2018),
]  # fmt: skip


@pytest.mark.parametrize(("era", "year", "western"), ERA_TESTS)
def test_era_to_western(era: str, year: int, western: int) -> None:
    assert era_to_western(era, year) == western


@pytest.mark.parametrize(("era", "year"), [("慶応", 3), ("令和", 0)])
def test_era_to_western_rejects(era: str, year: int) -> None:
    with pytest.raises(ParseError):
        era_to_western(era, year)


@pytest.mark.parametrize(
    ("d", "expected"),
    [(D(2019, 4, 30), "平成31年4月30日"), (D(2019, 5, 1), "令和元年5月1日"), (D(1989, 1, 7), "昭和64年1月7日")],
)
def test_format_era(d: dt.date, expected: str) -> None:
    assert format_era(d) == expected


FISCAL_TESTS = [
    ("令和6年度補正予算", (2024, "補正")),
    ("令和4年度予算案", (2022, "当初")),
    ("令和5年度当初", (2023, "当初")),
    ("令和5年度当初予算", (2023, "当初")),
    ("2025年度", (2025, None)),
    ("令和元年度", (2019, None)),
    ("令和５年度補正予算額 2,000億円", (2023, "補正")),
    ("令和5年度第2次補正予算", (2023, "補正")),
    ("R5補正", (2023, "補正")),
    ("FY2024", (2024, None)),
    ("令和5年度(2023年度)補正予算", (2023, "補正")),
    ("2024年度(令和6年度)当初予算", (2024, "当初")),
    ("令和6年度予算額", (2024, "当初")),
    ("平成30年度第2次補正予算", (2018, "補正")),
    ("2024年3月31日", (2023, None)),
    ("2024年4月1日", (2024, None)),
]


@pytest.mark.parametrize(("text", "expected"), FISCAL_TESTS)
def test_parse_fiscal(text: str, expected: tuple) -> None:
    assert parse_fiscal(text) == Fiscal(*expected)


@pytest.mark.parametrize("text", ["令和6年", "2024", "abc", "", "12024年度", "FOR5補正"])
def test_not_a_fiscal(text: str) -> None:
    with pytest.raises(ParseError):
        parse_fiscal(text)


def test_fiscal_to_dict_and_find() -> None:
    assert parse_fiscal("令和6年度補正予算").to_dict() == {"fiscal_year": 2024, "budget": "補正"}
    text = "中小企業生産性革命推進事業 令和6年度補正予算額 3,400億円(令和5年度補正 2,000億円)"
    assert [(text[s:e], f) for s, e, f in find_fiscals(text)] == [
        ("令和6年度補正予算", Fiscal(2024, "補正")),
        ("令和5年度補正", Fiscal(2023, "補正")),
    ]


DATES = st.dates(min_value=D(1873, 1, 1), max_value=D(2200, 12, 31))


@given(DATES)
def test_era_round_trip(d: dt.date) -> None:
    """date → era notation (Arabic and kanji digits) → date."""
    era, year = to_era(d)
    assert era_to_western(era, year) == d.year
    assert parse_date(format_era(d)).date == d
    kanji = f"{era}{'元' if year == 1 else to_kanji(year)}年{to_kanji(d.month)}月{to_kanji(d.day)}日"
    assert parse_date(kanji).date == d


@given(DATES, st.sampled_from("月火水木金土日"))
def test_weekday_check(d: dt.date, wd: str) -> None:
    r = parse_date(f"{d.year}年{d.month}月{d.day}日({wd})")
    assert r.weekday_ok is ("月火水木金土日".index(wd) == d.weekday())


@given(DATES)
def test_fiscal_year_of(d: dt.date) -> None:
    fy = fiscal_year_of(d)
    assert D(fy, 4, 1) <= d < D(fy + 1, 4, 1)
