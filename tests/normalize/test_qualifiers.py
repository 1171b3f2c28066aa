"""Typed qualifiers of printed conditions, and canonical applicants (written cases, not corpus sentences)."""

from __future__ import annotations

import pytest

from normalize.qualifiers import (
    Band,
    Qualifiers,
    Tier,
    applicant_named,
    applicant_within,
    canonical_applicant,
    category_within,
    parse_condition,
)


@pytest.mark.parametrize(("condition", "expected"), [
    # amount bands of the subsidy
    ("補助額100万円以下の部分", {"band": Band(None, 1_000_000)}),
    ("補助額100万円超の部分は一律", {"band": Band(1_000_000, None, False, True)}),
    ("30万円~200万円", {"band": Band(300_000, 2_000_000)}),
    ("うち600万円を超え900万円以下の部分", {"band": Band(6_000_000, 9_000_000, False, True)}),
    # tiers: processes, functions, employees, members, a bare count
    ("導入するツールの業務プロセスが2~5つ", {"tier": Tier("processes", 2, 5)}),
    ("6プロセス以上", {"tier": Tier("processes", 6, None)}),
    ("機能を1つのみ有する場合", {"tier": Tier("functions", 1, 1)}),
    ("3機能以上", {"tier": Tier("functions", 3, None)}),
    ("従業員数11~30人", {"tier": Tier("employees", 11, 30)}),
    ("常勤従業員31名以上", {"tier": Tier("employees", 31, None)}),
    ("連携する事業者が5者以上", {"tier": Tier("members", 5, None)}),
    ("3つ以上", {"tier": Tier("count", 3, None)}),
    # expense categories: a sub-category stands for its parent; 以外 names what is not covered
    ("クラウド利用料(最大2年分)", {"category": "クラウド利用費"}),
    ("ハードウェア購入費; タブレット・複合機", {"category": "PC・タブレット等"}),
    ("ソフトウェア購入費・導入関連費", {"category": "ソフトウェア購入費、導入関連費"}),
    ("「ウェブサイト関連費」以外の経費", {"category": "ウェブサイト関連費以外"}),
    ("以外の経費", {}),
    # rounds and special provisions
    ("第2回締切", {"round": "2次"}),
    ("4次締切", {"round": "4次"}),
    ("大幅な賃上げに取り組む事業者", {"provision": "大幅賃上げ特例"}),
    ("短期に大規模な賃上げを行う場合", {"provision": "大幅賃上げ特例"}),
    ("賃金引上げ特例の適用を受ける場合", {"provision": "賃上げ特例"}),
    # a case clause only where nothing typed explains it
    ("事業計画期間中に従業員が減少した場合", {"case": "事業計画期間中に従業員が減少した場合"}),
    # words that restrict nothing, a wage step and a single figure are no qualifier
    ("一律", {}),
    ("地域別最低賃金+40円以内で雇用", {}),
    ("実績報告時の確定額 500万円", {}),
    (None, {}),
])
def test_parse_condition(condition: str | None, expected: dict) -> None:
    assert parse_condition(condition) == Qualifiers(**expected)


def test_the_same_restriction_in_two_phrasings_has_one_key() -> None:
    a = parse_condition("ITツールの業務プロセスが4つ以上")
    b = parse_condition("4プロセス以上")
    assert a.key() == b.key() != ""
    assert parse_condition("補助額 50万円以下の部分").key() == parse_condition("~50万円以下").key()


def test_refines_and_contradicts() -> None:
    narrow = parse_condition("ハードウェア購入費; レジ・券売機")
    broad = parse_condition("ハードウェア購入費")
    assert narrow.refines(broad) and not broad.refines(narrow)
    assert narrow.refines(Qualifiers())
    inner = parse_condition("補助額50万円超~300万円の部分")
    outer = parse_condition("50万円超の部分")
    assert inner.refines(outer) and not inner.contradicts(outer)
    assert parse_condition("2機能以上").contradicts(parse_condition("機能を1つのみ"))
    assert parse_condition("PC・タブレット").contradicts(parse_condition("クラウド利用費"))
    assert not parse_condition("PC").contradicts(parse_condition("1機能"))  # different fields say nothing
    assert category_within("PC・タブレット等", "ハードウェア購入費")


@pytest.mark.parametrize(("printed", "canonical"), [
    ("中小", "中小企業"), ("中小企業者等", "中小企業"), ("中堅", "中堅企業"), ("大企業等", "大企業"),
    ("小規模企業者", "小規模事業者"), ("業績が赤字の事業者", "赤字事業者"),
    ("地域の中核となる事業者", "地域の中核となる事業者"),  # not in the vocabulary: kept as printed
    ("認定 支援機関等", "認定 支援機関"),  # a space between words stays; a trailing 等 goes
    ("  ", None), (None, None),
])
def test_canonical_applicant(printed: str | None, canonical: str | None) -> None:
    assert canonical_applicant(printed) == canonical


def test_a_condition_that_is_only_an_applicant_names_it() -> None:
    assert applicant_named("中堅") == "中堅企業"
    assert applicant_named("● 小規模企業者") == "小規模事業者"
    assert applicant_named("中小のみ 1,000万円超") is None


def test_size_classes_nest() -> None:
    assert applicant_within("小規模事業者", "中小企業")
    assert not applicant_within("中小企業", "小規模事業者")
    assert applicant_within("中堅企業", "中堅企業") and not applicant_within("中堅企業", "中小企業")


@pytest.mark.parametrize(("condition", "kind", "expected"), [
    # a definition's condition is its industry, whatever words it holds (ソフトウェア is no expense category)
    ("サービス業(ソフトウェア業又は情報処理サービス業、旅館業を除く。)", "employees_max", {"industry": "サービス業"}),
    ("(1)製造業、建設業、運輸業", "capital_max", {"industry": "製造業建設業運輸業"}),  # a row number too
    # a wage requirement's measure restricts nothing (1人当たり is no tier of one employee); the rest does
    ("1人当たり給与支給総額 年平均成長率", "wage_growth_min", {}),
    ("1人当たり給与支給総額 年平均成長率; 150万円以上の補助金を申請", "wage_growth_min",
     {"band_min": 1500000, "band_max": None, "band_min_inclusive": True, "band_max_inclusive": True}),
    ("事業場内最低賃金 (合計+50円); 大幅な賃上げに係る補助上限額引上げの特例", "min_wage_margin",
     {"provision": "大幅賃上げ特例"}),
    ("1人当たり給与支給総額 年平均成長率", None, {"tier": "従業員1人", "tier_dimension": "employees", "tier_min": 1,
                                             "tier_max": 1}),
])
def test_the_condition_of_a_requirement(condition: str, kind: str | None, expected: dict) -> None:
    assert parse_condition(condition, kind).to_dict() == expected


def test_an_industry_printed_in_other_words_is_one_key_and_differs_from_another() -> None:
    a = parse_condition("商業・サービス業(宿泊業・娯楽業除く。)", "employees_max")
    b = parse_condition("商業・サービス業(宿泊業・娯楽業を除く)", "employees_max")
    c = parse_condition("製造業その他", "employees_max")
    assert a.key() == b.key() and a.key() != c.key()
    assert a.contradicts(c) and not a.contradicts(b) and a.refines(b)
