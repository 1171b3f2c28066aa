"""Glyph normalisation: every changed code point of the seeds, ranges, spaces, the offset map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import unicodedata2
from hypothesis import example, given, settings
from hypothesis import strategies as st

from normalize import _radicals
from normalize.glyphs import normalize, normalize_with_map

# Every non-ASCII code point of the seeds that normalisation changes, with its result.
SEED_GLYPHS = [
    ("½", "1/2"), ("–", "-"), ("Ⅰ", "I"), ("Ⅱ", "II"), ("Ⅲ", "III"), ("Ⅳ", "IV"),
    ("①", "(1)"), ("②", "(2)"), ("③", "(3)"), ("④", "(4)"), ("⑤", "(5)"), ("⑥", "(6)"),
    ("⑦", "(7)"), ("⑧", "(8)"), ("⑨", "(9)"), ("⑴", "(1)"), ("⑵", "(2)"), ("⑶", "(3)"), ("⑷", "(4)"),
    ("⺠", "民"), ("⻑", "長"), ("⻘", "青"),
    ("⼀", "一"), ("⼆", "二"), ("⼈", "人"), ("⼊", "入"), ("⼒", "力"), ("⼗", "十"), ("⼜", "又"),
    ("⼝", "口"), ("⼠", "士"), ("⼤", "大"), ("⼥", "女"), ("⼦", "子"), ("⼩", "小"), ("⼭", "山"),
    ("⼯", "工"), ("⼿", "手"), ("⽀", "支"), ("⽅", "方"), ("⽇", "日"), ("⽉", "月"), ("⽊", "木"),
    ("⽐", "比"), ("⽔", "水"), ("⽕", "火"), ("⽟", "玉"), ("⽣", "生"), ("⽤", "用"), ("⽥", "田"),
    ("⽬", "目"), ("⽯", "石"), ("⽰", "示"), ("⽴", "立"), ("⾃", "自"), ("⾏", "行"), ("⾒", "見"),
    ("⾔", "言"), ("⾚", "赤"), ("⾛", "走"), ("⾜", "足"), ("⾝", "身"), ("⾦", "金"), ("⾨", "門"),
    ("⾩", "阜"), ("⾯", "面"), ("⾰", "革"), ("⾷", "食"), ("⾹", "香"), ("⾺", "馬"), ("⾼", "高"),
    ("⿃", "鳥"), ("⿅", "鹿"),
    ("\u3000", " "), ("〜", "~"), ("～", "~"), ("－", "-"),
    ("\uf06c", "●"), ("\uf06e", "■"), ("\uf0d8", "➢"),
    ("︓", ":"), ("︕", "!"), ("︖", "?"),
    ("！", "!"), ("％", "%"), ("＆", "&"), ("（", "("), ("）", ")"), ("＊", "*"), ("＋", "+"), ("，", ","),
    ("．", "."), ("／", "/"), ("：", ":"), ("＜", "<"), ("＝", "="), ("＞", ">"), ("？", "?"),
    ("０", "0"), ("１", "1"), ("２", "2"), ("３", "3"), ("４", "4"), ("５", "5"), ("６", "6"), ("７", "7"),
    ("８", "8"), ("９", "9"),
    ("Ａ", "A"), ("Ｂ", "B"), ("Ｃ", "C"), ("Ｄ", "D"), ("Ｅ", "E"), ("Ｉ", "I"), ("Ｍ", "M"), ("Ｒ", "R"),
    ("Ｔ", "T"), ("Ｘ", "X"), ("ｏ", "o"),
    ("､", "、"), ("･", "・"), ("ｲ", "イ"), ("ｽ", "ス"), ("ﾎ", "ホ"), ("ﾝ", "ン"), ("ﾞ", "\u3099"),
]  # fmt: skip

# Code points that must survive untouched.
KEPT = "ー、。「」『』【】・※×○●■◼★⚫✓⇒→↑“”•々\t\n"

TEXT_CASES = [
    # ranges survive in every spelling; one canonical range character
    ("3,000万円～1.5億円", "3,000万円~1.5億円"),
    ("補助額５万円以上〜50万円以下（補助率３／４以内）", "補助額5万円以上~50万円以下(補助率3/4以内)"),
    ("5万円∼50万円", "5万円~50万円"),
    ("５０〜２００万円", "50~200万円"),
    ("5万円 ~150万円", "5万円~150万円"),
    ("5万円~ 150万円", "5万円~150万円"),
    ("~ 50万円", "~50万円"),
    # dashes and minus
    ("2024‐03‐15", "2024-03-15"),
    ("A—B―C−D", "A-B-C-D"),
    ("▲50%", "-50%"),
    ("▲ 3億円", "-3億円"),
    ("▲注意", "▲注意"),
    ("½", "1/2"),
    ("1⁄2", "1/2"),
    # the prolonged sound mark is no dash
    ("ツール", "ツール"),
    ("ｺｰﾄﾞ", "コード"),
    ("データ－ベース", "データ-ベース"),
    # vertical presentation forms
    ("１７︓００", "17:00"),
    ("募集中︕", "募集中!"),
    ("︵注︶", "(注)"),
    ("︱", "-"),
    # radicals: Kangxi and CJK Radicals Supplement
    ("⾦額", "金額"),
    ("⻑期", "長期"),
    ("国⺠", "国民"),
    ("⺟", "母"),
    # circled numbers do not glue onto the number after them
    ("①1/2", "(1)1/2"),
    ("①～③", "(1)~(3)"),
    ("㉑", "(21)"),
    # spaces PDF extraction inserts
    ("1 / 2", "1/2"),
    ("4 / 5 以内", "4/5以内"),
    ("補助率 1 / 2 以内", "補助率1/2以内"),
    ("１７ : ００", "17:00"),
    ("令和 6 年度", "令和6年度"),
    # words stay apart, the letter-spacing of one word goes
    ("中小 企業", "中小 企業"),
    ("青森県 岩手県", "青森県 岩手県"),
    ("補 助 率", "補助率"),
    ("補 助 率 ２／３", "補助率2/3"),
    ("交 付 申 請 の 手 引 き", "交付申請の手引き"),
    ("中 小 企業", "中小 企業"),
    ("青森県、 岩手県", "青森県、岩手県"),
    ("・ 通常枠", "・通常枠"),
    ("「補 助」", "「補助」"),
    ("補  助", "補  助"),
    ("一定の賃上げを実施する 場合", "一定の賃上げを実施する場合"),
    ("最低賃金未満 で雇用 している", "最低賃金未満で雇用している"),
    ("サイバーセキュリティ お助け隊", "サイバーセキュリティお助け隊"),
    ("インボイス 対応", "インボイス 対応"),
    ("2,000 億円", "2,000億円"),
    ("M & A", "M & A"),
    ("IT ツール", "IT ツール"),
    ("Digital Transformation", "Digital Transformation"),
    ("100 200 300", "100 200 300"),
    ("03-3582-4937 / 03-3582-4938", "03-3582-4937 / 03-3582-4938"),
    ("電話 03-3582-4937", "電話03-3582-4937"),
    ("中小\u3000企業", "中小 企業"),
    ("補\u3000助\u3000率", "補助率"),
    ("(1) 基盤導入経費", "(1) 基盤導入経費"),
    # line breaks and tabs are kept
    ("5万円〜\n150万円", "5万円~\n150万円"),
    ("補助上限\t450万円", "補助上限\t450万円"),
    ("中小\n企業", "中小\n企業"),
    # invisible characters go
    ("補\u200b助", "補助"),
    ("葛\U000e0100城", "葛城"),
]


@pytest.mark.parametrize(("raw", "expected"), SEED_GLYPHS)
def test_seed_glyph(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("ch", list(KEPT))
def test_kept(ch: str) -> None:
    assert normalize(ch) == ch


@pytest.mark.parametrize(("raw", "expected"), TEXT_CASES)
def test_text(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.corpus
def test_seed_glyphs_cover_the_seeds(shared: Path) -> None:
    """Every non-ASCII code point of the seeds that normalisation changes is in SEED_GLYPHS."""
    seeds = sorted((shared / "corpus" / "seeds").glob("*.txt"))
    assert seeds
    chars = {c for f in seeds for c in f.read_text(encoding="utf-8") if ord(c) > 127}
    changed = {c for c in chars if normalize(c) != c}
    assert changed <= {raw for raw, _ in SEED_GLYPHS}, sorted(changed - {raw for raw, _ in SEED_GLYPHS})
    for f in seeds:
        out = normalize(f.read_text(encoding="utf-8"))
        assert normalize(out) == out
        assert not re.search("[\u2e80-\u2fdf〜～]", out), f.name


def test_radical_table_covers_the_blocks() -> None:
    kangxi = [cp for cp in _radicals.RADICALS if 0x2F00 <= cp <= 0x2FDF]
    supplement = [cp for cp in _radicals.RADICALS if 0x2E80 <= cp <= 0x2EFF]
    assert (len(kangxi), len(supplement)) == (214, 114)
    # NFKC alone fixes every Kangxi radical the same way, and only 2 of the Supplement
    assert all(unicodedata2.normalize("NFKC", chr(cp)) == _radicals.RADICALS[cp] for cp in kangxi)
    assert sum(unicodedata2.normalize("NFKC", chr(cp)) != chr(cp) for cp in supplement) == 2
    for cp, ideograph in _radicals.RADICALS.items():
        assert normalize(chr(cp)) == ideograph
        assert unicodedata2.name(ideograph).startswith("CJK UNIFIED IDEOGRAPH")


def test_radical_table_header_names_version_and_copyright() -> None:
    head = Path(_radicals.__file__).read_text(encoding="utf-8").splitlines()[:6]
    assert _radicals.UNICODE_VERSION == "15.1.0"
    assert any("Unicode version: 15.1.0" in line for line in head)
    assert any(line.startswith("# © ") and "Unicode" in line for line in head)


def test_unicodedata2_is_newer_than_the_radical_data() -> None:
    assert tuple(map(int, unicodedata2.unidata_version.split("."))) >= (15, 1, 0)


def test_offset_map_example() -> None:
    raw = "補助額５万円以上〜50万円以下（補助率 ３ ／ ４ 以内）"
    out, offsets = normalize_with_map(raw)
    assert out == "補助額5万円以上~50万円以下(補助率3/4以内)"
    i = out.index("3/4")
    # a dropped space belongs to the raw slice of the character before it
    assert raw[offsets[i] : offsets[i + 3]] == "３ ／ ４ "
    assert raw[offsets[out.index("~")]] == "〜"


def test_offset_map_expansions_and_compositions() -> None:
    raw = "½ﾎﾞﾀﾝ①"
    out, offsets = normalize_with_map(raw)
    assert out == "1/2ボタン(1)"
    assert offsets == [0, 0, 0, 1, 3, 4, 5, 5, 5, 6]


TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("ー〜～~-‐–—―−▲ /:、。.,0123456789１２３円万億()（）⾦⻑①½ﾎﾞﾟｶ\u3099\u200b\t\n"),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)


@settings(max_examples=500)
@given(TEXT)
@example("1 / 2 / 3 以内")
@example("か\u200b\u3099")
@example("ᄀ\u200bᅡ")
def test_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=500)
@given(TEXT)
@example("ｶﾞ ① 1 / 2")
def test_offset_map_consistent(text: str) -> None:
    out, offsets = normalize_with_map(text)
    assert out == normalize(text)
    assert len(offsets) == len(out) + 1
    assert offsets[-1] == len(text)
    assert offsets == sorted(offsets)
    assert all(0 <= o <= len(text) for o in offsets)
    # every output character comes from a non-empty raw slice that normalises to contain it
    for i, ch in enumerate(out):
        end = next((o for o in offsets[i + 1 :] if o > offsets[i]), len(text))
        assert ch in normalize(text[offsets[i] : end]) or ch in unicodedata2.normalize("NFKC", text[offsets[i] : end])


CJK_WORDS = st.lists(st.text(alphabet="補助率青森県岩手ウー", min_size=1, max_size=4), min_size=1, max_size=8)


@settings(max_examples=300)
@given(CJK_WORDS, st.lists(st.sampled_from([" ", "  ", "\u3000"]), min_size=7, max_size=7))
@example(["補", "助", "率"], [" "] * 7)
@example(["青森県", "岩手県"], [" "] * 7)
def test_space_rule_between_cjk_words(words: list[str], gaps: list[str]) -> None:
    """Between kanji and katakana only the spaces of letter-spacing go: a space that stays
    separates words of which one is longer than a letter, or is more than one space wide."""
    text = "".join(w + g for w, g in zip(words, gaps, strict=False)).rstrip()
    out = normalize(text)
    assert out.replace(" ", "") == text.replace(" ", "").replace("\u3000", "")
    for m in re.finditer(r"(\S+)( +)(?=(\S+))", out):
        assert len(m.group(1)) > 1 or len(m.group(3)) > 1 or len(m.group(2)) > 1, out
