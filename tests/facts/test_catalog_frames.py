"""Program catalog, frame and type names, editions and budget years (table-driven)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.facts.catalog import Catalog, default_catalog
from extract.facts.frames import find_names, name_key, pair_names
from extract.facts.scope import Scope, about_names, program_heading, with_edition
from normalize.glyphs import normalize

CATALOG_CASES = [
    ("(3)サービス等生産性向上IT導入支援事業(IT導入補助金)", ["IT導入補助金", "IT導入補助金"]),
    ("中小企業省力化投資補助金", ["省力化投資補助金"]),
    ("事業承継・M & A補助金", ["事業承継・M&A補助金"]),
    ("小規模事業者持続化補助金<一般型>", ["持続化補助金"]),
    ("(I) 工場・事業場型", ["省エネ補助金"]),  # a type only this program has
    ("中小企業生産性革命推進事業", ["生産性革命推進事業"]),
    ("本補助金の交付", []),
]


@pytest.mark.parametrize(("text", "expected"), CATALOG_CASES)
def test_catalog_find(text: str, expected: list[str]) -> None:
    assert [m.program for m in default_catalog().find(normalize(text))] == expected


def test_unknown_program_keeps_its_printed_name() -> None:
    found = default_catalog().find("中小企業海外展開加速化補助金 公募要領", unknown=True)
    assert [(m.program, m.via) for m in found] == [("中小企業海外展開加速化補助金", "unknown")]


def test_an_extension_entry_unifies_a_program_under_its_printed_name() -> None:
    found = default_catalog().find("新事業進出補助金の補助上限額は中小企業新事業進出促進補助金と同じ")
    assert [m.program for m in found] == ["中小企業新事業進出促進補助金"] * 2


def test_catalog_is_extended_by_another_toml(tmp_path: Path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text('[[program]]\nname = "新規輸出支援補助金"\naliases = ["輸出1万者支援"]\n', encoding="utf-8")
    catalog = Catalog.load(Path("extract/facts/catalog.toml"), extra)
    assert [m.program for m in default_catalog().find("新規輸出1万者支援プログラム")] == []
    assert [m.program for m in catalog.find("新規輸出1万者支援プログラム")] == ["新規輸出支援補助金"]
    assert catalog.get("IT導入補助金") is not None


NAME_CASES = [
    ("インボイス枠(インボイス対応類型)の概要", [("インボイス枠", "インボイス対応類型")]),
    (
        "・通常枠、インボイス枠(インボイス対応類型、電子取引類型)、セキュリティ対策推進枠",
        [
            ("通常枠", None),
            ("インボイス枠", "インボイス対応類型"),
            ("インボイス枠", "電子取引類型"),
            ("セキュリティ対策推進枠", None),
        ],
    ),
    ("インボイス枠電子取引類型では、大企業も補助対象", [("インボイス枠", "電子取引類型")]),
    ("省力化(オーダーメイド)枠を新設", [("省力化(オーダーメイド)枠", None)]),
    ("賃金引上げ枠", [("賃金引上げ枠", None)]),
    ("B) 霧笛型賃上げ・雇用拡大枠", [("霧笛型賃上げ・雇用拡大枠", None)]),  # okurigana before the dot of the name
    ("地域連携枠 (旧:広域連携枠)", [("地域連携枠", None)]),  # a former name after 旧: is no name
    ("買い手支援類型: 600万円", [(None, "買い手支援類型")]),
    ("(III) 設備単体型", [(None, "設備単体型")]),
    ("省力化投資補助枠(カタログ型)", [("省力化投資補助枠", "カタログ型")]),
    # generic uses and header words are no names
    ("全ての枠で一律に50万円", []),
    ("インボイスに特化した支援枠を新設", []),
    ("※旧C類型", []),
    ("※旧A B類型", []),
    ("申請類型 補助上限額", []),
    ("枠名 通常枠", [("通常枠", None)]),
]


@pytest.mark.parametrize(("text", "expected"), NAME_CASES)
def test_frame_and_type_names(text: str, expected: list[tuple]) -> None:
    t = normalize(text)
    assert pair_names(find_names(t), t) == expected


def test_name_key_ignores_okurigana() -> None:
    assert name_key("買い手支援類型") == name_key("買手支援類型")


EDITION_CASES = [
    ("「IT導入補助金2025」の概要(令和6年度補正)", "IT導入補助金2025", 2024, "補正"),
    ("IT導入補助金2022ポータルサイト", "IT導入補助金2022", 2021, "補正"),  # the catalog's edition rule
    ("デジタル化・AI導入補助金2026", "デジタル化・AI導入補助金2026", 2025, "補正"),
    ("令和5年度補正予算を基に17次公募より開始", None, 2023, "補正"),
    ("令和4年度予算案額15.9億円", None, 2022, "当初"),
    ("ものづくり補助金 公募要領 (第20次公募)", "第20次公募", None, None),
]


@pytest.mark.parametrize(("text", "edition", "fiscal", "budget"), EDITION_CASES)
def test_editions_and_budget_years(text: str, edition: str | None, fiscal: int | None, budget: str | None) -> None:
    s = with_edition(Scope(program="IT導入補助金"), normalize(text), default_catalog())
    assert (s.edition, s.fiscal_year, s.budget) == (edition, fiscal, budget)


def test_year_in_brackets_is_an_edition_year() -> None:
    s = with_edition(Scope(program="IT導入補助金"), "IT導入補助金の拡充点(2023年)", default_catalog())
    assert (s.edition, s.fiscal_year, s.budget) == (None, 2022, "補正")


HEADING_CASES = [
    ("(3)IT導入補助金(概要)", "IT導入補助金"),
    ("「IT導入補助金2022」の補助スキーム", "IT導入補助金"),
    ("中小企業生産性革命推進事業事業承継・M&A補助金", "事業承継・M&A補助金"),  # not the umbrella
    ("(I) 工場・事業場型", "省エネ補助金"),
    ("事業再構築補助金の交付を受けた事業者について", None),  # a mention, not a section
]


@pytest.mark.parametrize(("text", "expected"), HEADING_CASES)
def test_program_heading(text: str, expected: str | None) -> None:
    assert program_heading(normalize(text), default_catalog()) == expected


ABOUT_NAMES_CASES = [
    ("インボイス枠(インボイス対応類型)の概要", True),
    ("・通常枠、インボイス枠(インボイス対応類型、電子取引類型)、セキュリティ対策推進枠", True),
    ("(1)インボイス枠で申請する場合", True),
    ("B) グローバル枠", True),
    ("インボイス対応類型において、補助対象経費として定義されているITツール", False),
    ("過去に持続化補助金の卒業枠で採択を受けて補助事業を実施した事業者", False),
]


@pytest.mark.parametrize(("text", "expected"), ABOUT_NAMES_CASES)
def test_a_heading_about_frames_or_a_clause_mentioning_them(text: str, expected: bool) -> None:
    assert about_names(normalize(text), default_catalog()) == expected


def test_a_name_in_kata_standing_as_a_label_is_a_type() -> None:
    from extract.facts.frames import find_names

    def names(text: str) -> list[tuple[str, str]]:
        return [(n.text, n.level) for n in find_names(text)]

    assert names("創業型:補助上限額200万円") == [("創業型", "type")]
    assert names("【共同・協業型】") == [("共同・協業型", "type")]
    assert names("・地域連携型") == [("地域連携型", "type")]
    assert names("新型コロナウイルス感染症の影響") == []  # 新型 is no label
    assert names("大型の設備を導入する場合") == []
    assert names("※旧A B類型") == []  # a former name
    assert names("省力化枠(カタログ型)") == [("省力化枠", "frame"), ("カタログ型", "type")]  # its frame and type


def test_a_budget_year_before_an_unknown_name_is_left_out_mid_sentence_too() -> None:
    for text in ("令和7年度補正中小企業販路開拓支援事業費補助金",
                 "本事業は令和7年度補正中小企業販路開拓支援事業費補助金として実施する"):
        assert [m.printed for m in default_catalog().find(text, unknown=True)] == ["中小企業販路開拓支援事業費補助金"]
