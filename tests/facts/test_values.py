"""Values read from one segment: association patterns and what is not a fact (table-driven)."""

from __future__ import annotations

import pytest

from extract.facts.catalog import default_catalog
from extract.facts.values import read_segment
from normalize.glyphs import normalize


def facts(text: str, labels: tuple[str, ...] = (), year: int | None = 2024) -> list[tuple]:
    """Return (kind, value, applicant) of what a segment states."""
    return [(c.kind, c.value, c.applicant) for c in read_segment(normalize(text), labels, year)]


# --- association: who a value applies to -------------------------------------------------------
APPLICANT_CASES = [
    # a label right before the value
    ("中小企業:1/2、小規模事業者:2/3", ("補助率",), [("rate", "1/2", "中小企業"), ("rate", "2/3", "小規模事業者")]),
    (
        "中小企業:1/2最低賃金近傍の事業者(※2): 2/3",
        ("補助率",),
        [("rate", "1/2", "中小企業"), ("rate", "2/3", "最低賃金近傍の事業者")],
    ),
    # a case phrase
    (
        "補助率 中小企業・小規模事業者等が申請する場合:2/3以内\n大企業等が申請する場合:1/2以内",
        (),
        [("rate", "2/3", "中小企業・小規模事業者等"), ("rate", "1/2", "大企業等")],
    ),
    # in brackets after the base value
    (
        "補助上限3,000万円、補助率1/2(小規模事業者の場合は2/3)",
        (),
        [("cap_max", 30000000, None), ("rate", "1/2", None), ("rate", "2/3", "小規模事業者")],
    ),
    # abbreviations after and before the value
    ("補助率:1/2(中小)1/3(大)等", (), [("rate", "1/2", "中小企業"), ("rate", "1/3", "大企業")]),
    ("中小3/4、中堅2/3", ("補助率",), [("rate", "3/4", "中小企業"), ("rate", "2/3", "中堅企業")]),
    # a topic
    ("小規模事業者は最大4/5補助!", (), [("rate", "4/5", "小規模事業者")]),
    # a case clause with a topic, a clause that ends in し
    (
        "補助対象者が小規模企業者に該当する場合においては、補助率を2/3以内とする。",
        (),
        [("rate", "2/3", "小規模企業者")],
    ),
    ("中小企業基本法等の小規模企業者に該当し、補助率2/3以内を希望する場合", (), [("rate", "2/3", "小規模企業者")]),
    # a generic applicant is a noun phrase of its own, not a conjunction or a partitive before it
    ("※また赤字の事業者は、補助率を3/4へ引き上げる", (), [("rate", "3/4", "赤字の事業者")]),
    ("賃金引上げ特例のうち業績が赤字の事業者は3/4", ("補助率",), [("rate", "3/4", "業績が赤字の事業者")]),
    # showing that one is the applicant
    (
        "なお、最低賃金近傍の事業者であることを示し、補助率2/3以内の適用を受ける場合は",
        (),
        [("rate", "2/3", "最低賃金近傍の事業者")],
    ),
    # coordinated applicants and a note mark glued to the rate
    (
        "中小企業1/2、小規模企業・小規模事業者及び再生事業者※32/3",
        ("補助率",),
        [("rate", "1/2", "中小企業"), ("rate", "2/3", "小規模企業・小規模事業者及び再生事業者")],
    ),
    # 非中小企業 is not 中小企業
    ("補助(補助率:中小企業2/3、非中小企業1/2)", (), [("rate", "2/3", "中小企業"), ("rate", "1/2", "非中小企業")]),
    # a note restating one of the listed values; the partitive gives the others their applicant
    (
        "1/2・2/3※ ※中小企業者等のうち、小規模事業者に該当する場合:2/3",
        ("補助率",),
        [("rate", "1/2", "中小企業者等"), ("rate", "2/3", "小規模事業者")],
    ),
]


@pytest.mark.parametrize(("text", "labels", "expected"), APPLICANT_CASES)
def test_applicants(text: str, labels: tuple[str, ...], expected: list[tuple]) -> None:
    assert facts(text, labels) == expected


# --- kinds and tiers ---------------------------------------------------------------------------
KIND_CASES = [
    # a min-max window under a subsidy-amount label: two facts
    ("5万円~150万円", ("補助額",), [("cap_min", 50000, None), ("cap_max", 1500000, None)]),
    # tiers: each range is its own pair
    (
        "ITツールの業務プロセスが1~3つまで: 5万円~150万円4つ以上: 150万円~450万円",
        ("補助上限",),
        [("cap_min", 50000, None), ("cap_max", 1500000, None), ("cap_min", 1500000, None), ("cap_max", 4500000, None)],
    ),
    # a range of caps that varies with a case (shared unit, note mark, upper-limit label)
    (
        "800~1,000万円※ ※一定の賃上げを実施する場合、補助上限を1,000万円に引き上げ",
        ("補助上限",),
        [("cap_max", 8000000, None), ("cap_max", 10000000, None)],
    ),
    # expense bands are conditions of the rate, not caps
    (
        "~50万円以下:3/4 (小規模事業者:4/5) 50万円~350万円:2/3",
        ("補助率",),
        [("rate", "3/4", None), ("rate", "4/5", "小規模事業者"), ("rate", "2/3", None)],
    ),
    (
        "補助額50万円以下の部分は(補助率3/4以内、小規模事業者は4/5以内)",
        (),
        [("rate", "3/4", None), ("rate", "4/5", "小規模事業者")],
    ),
    # an upper limit stays one when the label speaks of the lower limit
    ("(下限なし)~350万円", ("補助額",), [("cap_max", 3500000, None)]),
    ("下限:30万円", (), [("cap_min", 300000, None)]),
    # a former value is not the fact, the new one is
    ("下限:30万円(100万円から引き下げ)", (), [("cap_min", 300000, None)]),
    ("補助率を通常の1/2から3/4に引き上げ", (), [("rate", "3/4", None)]),
    ("赤字の事業者は補助率が2/3から3/4へ引き上がる", (), [("rate", "3/4", "赤字の事業者")]),
    # an amount that bounds the part a rate applies to is no cap
    ("50万円以下の金額について補助率4/5から3/4以内へ変更となる。", (), [("rate", "3/4", None)]),
    ("補助上限を600万円から800万円に引き上げ", (), [("cap_max", 8000000, None)]),
    ("補助上限額:(1)+(2)⇒3,000万円、(3)⇒200万円", (), [("cap_max", 30000000, None), ("cap_max", 2000000, None)]),
    ("令和6年度補正予算額 3,400億円", (), [("budget", 340000000000, None)]),
    ("令和4年度予算案額15.9億円(11.7億円)", (), [("budget", 1590000000, None)]),
    ("補助(定額)", (), [("rate", "10/10", None)]),
    # dates: deadline, opening, a period
    ("1次締切:3月15日(金)17:00", (), [("deadline", "2024-03-15T17:00", None)]),
    ("公募開始:令和4年1月20日(木)", (), [("opens", "2022-01-20", None)]),
    (
        "公募期間:2025年4月25日(金)~7月25日(金)17:00(厳守)",
        (),
        [("opens", "2025-04-25", None), ("deadline", "2025-07-25T17:00", None)],
    ),
    ("5月12日 (予定)", ("第1次交付申請締切日",), [("deadline", "2024-05-12", None)]),
    # the event printed after the date
    ("(2025年7月1日(火)17:00電子申請受付開始)", (), [("opens", "2025-07-01T17:00", None)]),
    ("6月13日(木)締切", (), [("deadline", "2024-06-13", None)]),
    # a weekday that does not fit the context year moves the date to the year it fits
    ("1次締切:3月15日(金)", (), [("deadline", "2024-03-15", None)]),
    # a bound an application may not pass is the opposite limit of the subsidy
    ("補助額が25万円未満となる申請を行うことはできない。", (), [("cap_min", 250000, None)]),
    ("補助金額が100万円を下回る申請は受け付けません。", (), [("cap_min", 1000000, None)]),
    ("補助額が1億円を超える申請は認められない。", (), [("cap_max", 100000000, None)]),
    # consecutive bands of one amount: the inner boundary is no lower limit
    (
        "ITツール:補助額50万円以下(補助率3/4以内)、補助額50万円超~350万円(補助率2/3以内)",
        (),
        [("cap_max", 500000, None), ("rate", "3/4", None), ("cap_max", 3500000, None), ("rate", "2/3", None)],
    ),
    (
        "ITツール補助額:~50万円(補助率:3/4)、50~350万円(補助率:2/3)",
        (),
        [("cap_max", 500000, None), ("rate", "3/4", None), ("cap_max", 3500000, None), ("rate", "2/3", None)],
    ),
    # a range printed as the upper limit: the limit varies, both ends are caps
    (
        "補助上限:150万円~600万円、補助率:1/2~2/3",
        (),
        [("cap_max", 1500000, None), ("cap_max", 6000000, None), ("rate", "1/2", None), ("rate", "2/3", None)],
    ),
    # a tier before the value says whom it applies to; the words of company size are no cue
    ("従業員数5人以下750万円", ("補助上限額",), [("cap_max", 7500000, None)]),
    ("従業員数21~50人:1,500万円", ("補助上限額",), [("cap_max", 15000000, None)]),
]


@pytest.mark.parametrize(("text", "labels", "expected"), KIND_CASES)
def test_kinds(text: str, labels: tuple[str, ...], expected: list[tuple]) -> None:
    assert facts(text, labels) == expected


def test_weekday_fixes_the_year() -> None:
    assert facts("締切:3月14日(金)", (), 2024) == [("deadline", "2025-03-14", None)]


def test_values_of_an_enumerated_item_carry_its_head() -> None:
    text = (
        "(2)消費動向等分析経費\n⇒補助上限額は50万円×グループ構成員数、補助率は2/3以内\n"
        "(3)その他経費(事務費・専門家費等)\n⇒補助率は2/3以内、補助上限額は((1)+(2))×10%に補助率2/3を乗じた額"
        "若しくは200万円のいずれか低い方"
    )
    got = [(c.kind, c.value, c.conditions) for c in read_segment(normalize(text))]
    assert got == [
        ("cap_max", 500000, ["(2)消費動向等分析経費"]),  # per member of the group (unit group_member)
        ("rate", "2/3", ["(2)消費動向等分析経費"]),
        ("rate", "2/3", ["(3)その他経費(事務費・専門家費等)"]),
        ("cap_max", 2000000, ["(3)その他経費(事務費・専門家費等)"]),
    ]


def test_an_amount_per_group_member_is_a_cap_of_that_unit() -> None:
    (c,) = read_segment(normalize("50万円×グループ構成員数"), ("補助上限",))
    assert (c.kind, c.value, c.unit) == ("cap_max", 500000, "group_member")


def test_a_bracketed_value_belongs_to_the_phrase_before_the_bracket() -> None:
    (c,) = read_segment(normalize("「希望する特例」にて、(1)-1賃金引上げ特例(上限200万円)を選択してください。"))
    assert (c.kind, c.value, c.conditions) == ("cap_max", 2000000, ["賃金引上げ特例"])


def test_the_words_of_a_formula_are_no_condition() -> None:
    text = "補助額は、合計額に10%を乗じ、補助率2/3を乗じた額か補助上限額である200万円のいずれか低い方とする。"
    assert [(c.kind, c.value, c.conditions) for c in read_segment(normalize(text))] == [("cap_max", 2000000, [])]


def test_expense_category_limit_carries_the_category() -> None:
    (c,) = read_segment(normalize("(注4)廃業費の補助上限額は300万円とする。"))
    assert (c.kind, c.value, c.conditions) == ("cap_max", 3000000, ["廃業費"])
    text = (
        "「機械装置・システム構築費」以外の経費は、総額で500万円までを補助上限額とします"
        "(グローバル枠の場合は、1,000万円まで)"
    )
    (c,) = read_segment(normalize(text))
    assert (c.kind, c.value, c.conditions[0]) == ("cap_max", 10000000, "「機械装置・システム構築費」以外の経費")


CONDITION_CASES = [
    (
        "補助事業期間において一定の賃上げを実施した場合においては、補助上限額を1,000万円とする。",
        "補助事業期間において一定の賃上げを実施した場合",
    ),
    ("ITツールの業務プロセスが4つ以上:補助額450万円以下", "ITツールの業務プロセスが4つ以上"),
    ("なお、(15)の要件を満たす補助対象者においては、補助率を2/3以内とする。", "(15)の要件を満たす補助対象者"),
    ("中小企業基本法上の小規模事業者に該当する場合は補助率2/3以内", ""),  # the applicant says it
]


@pytest.mark.parametrize(("text", "condition"), CONDITION_CASES)
def test_condition_is_the_clause_of_the_value(text: str, condition: str) -> None:
    c = read_segment(normalize(text))[-1]
    assert " ".join(c.conditions).replace(" ", "") == condition.replace("(", "").replace(")", "")


def test_tier_goes_to_condition() -> None:
    c = read_segment(normalize("ITツールの業務プロセスが4つ以上:補助額150万円~450万円以下(補助率1/2以内)"))
    assert [(x.kind, x.value) for x in c] == [("cap_min", 1500000), ("cap_max", 4500000), ("rate", "1/2")]
    assert "4つ以上" in c[0].conditions[0]


# --- not facts ---------------------------------------------------------------------------------
NOT_FACTS = [
    ("240万円 x 2/3以内 = 160万円以内", ("補助額",)),  # a worked example
    ("・補助対象経費:300万円 x 4/5 = 240万円", ("補助額",)),
    ("補助金交付額が450万円のケースで、返還額は", ()),  # a case, not a limit
    ("補助額 採択数 100万円未満 24,571", ()),  # statistics
    ("成果目標 付加価値額が3%以上向上", ()),  # an outcome target is no rate
    ("①省エネ率:10%以上", ("補助率",)),  # a rate of something else
    ("資本金5,000万円以下の事業者", ("補助上限",)),  # company size
    ("売上高100億円を目指す成長志向型の中小企業", ()),
    ("100万円から引き下げ", ("補助下限",)),  # a former value
    ("DD費用の申請する場合200万円を加算", ("補助上限",)),  # an increment
    ("(2,001億円の内数)", ("予算",)),  # part of another line's budget
    ("交付決定額は申請額を上回りません", ("補助率",)),  # 定額 inside 決定額
    ("地域別最低賃金+50円以内で雇用", ("補助上限",)),  # a wage step
    ("(貸付限度額8,000万円)", ()),  # the limit of a loan
    ("50万円×対象設備数", ("補助上限",)),  # an amount times a count of no unit: a term of a calculation
    ("大学教授:1日5万円以下", ("上限",)),  # a daily fee
    ("2026年1月30日(金)より公募要領等を開示", ()),  # publication, not an application date
    ("事業実施期間:交付決定日から2024年10月31日まで", ()),
    ("※3購入価格が製品毎の補助上限額の2倍を上回る場合、補助率は1/2未満となる。", ()),  # a rate below which
    ("補助額(導入経費を含む)が500万円以上となる場合、保険に加入すること。", ()),  # a threshold of a duty
    ("(具体的な計算例)\n補助事業実施場所東京都\n補助金額2,500万円\n給与支給総額", ()),  # a worked example
    ("(ウ) 役務の補助対象経費は、200万円を上限とする。", ()),  # a limit on the expense base, not the subsidy
    ("本経費は最大30万円までを限度とします。", ()),  # a category the sentence only points to
    ("※2本経費は最大30万円までを限度とします。", ()),
    ("~800万円相当部分", ("補助上限額",)),  # a band of the rate table, not a cap
    ("800万円超~1,000万円相当部分", ("補助上限額",)),
    ("を受けます。【発行受付締切:2025年6月3日】", ()),  # the issuing of a form, not the application
]


@pytest.mark.parametrize(("text", "labels"), NOT_FACTS)
def test_not_facts(text: str, labels: tuple[str, ...]) -> None:
    assert facts(text, labels) == []


# --- frames and programs named inline ----------------------------------------------------------
def test_inline_type_label_scopes_following_values() -> None:
    text = normalize("買い手支援類型: 600~800万円※1、2,000万円※2売り手支援類型: 600~800万円※1")
    c = read_segment(text, ("補助上限",))
    assert [(x.value, x.names) for x in c] == [
        (6000000, [(None, "買い手支援類型")]),
        (8000000, [(None, "買い手支援類型")]),
        (20000000, [(None, "買い手支援類型")]),
        (6000000, [(None, "売り手支援類型")]),
        (8000000, [(None, "売り手支援類型")]),
    ]


def test_frame_inside_a_compound_is_no_label() -> None:
    c = read_segment(normalize("(a)インボイス枠対象経費: 同右 (c)事務費・専門家費:200万円"), ("補助上限",))
    assert [(x.value, x.names) for x in c] == [(2000000, [])]


def test_program_named_as_topic() -> None:
    catalog = default_catalog()

    def topic(text: str) -> str | None:
        found = catalog.find(text)
        return found[-1].program if found else None

    text = normalize("・ものづくり補助金(グローバル枠)で、新商品の開発費用を補助上限3,000万円にて支援します。")
    c = read_segment(text, (), None, topic)
    assert [(x.kind, x.value, x.program, x.names) for x in c] == [
        ("cap_max", 30000000, "ものづくり補助金", [("グローバル枠", None)])
    ]


def test_a_wage_step_is_part_of_the_condition_not_a_value() -> None:
    text = (
        "1/2以内※3か月以上、地域別最低賃金+50円以内で雇用している従業員数が全従業員の30%以上"
        "であることを示した場合は、2/3"
    )
    c = read_segment(normalize(text), ("補助率",))
    assert [(x.value, x.conditions) for x in c] == [
        ("1/2", []),
        ("2/3", ["地域別最低賃金+50円以内で雇用している従業員数が全従業員の30%以上であることを示した場合"]),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("※小規模事業者は2/3", [("rate", "2/3", "小規模事業者")]),
    ("中堅企業:1/3、大企業:1/4", [("rate", "1/3", "中堅企業"), ("rate", "1/4", "大企業")]),
    ("締切は2/3(月)", []),  # a date, not an applicant's rate
    ("回答率は2/3", []),
])
def test_a_bare_fraction_after_an_applicant_is_its_rate(text: str, expected: list[tuple]) -> None:
    got = [(k, v, a) for k, v, a in facts(text) if k == "rate"]
    assert got == expected
