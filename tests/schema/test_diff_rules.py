"""The rules of docs/diff.md, each on the made-up example the page gives (editions, frames, values)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine

from extract.facts.catalog import Catalog, Program
from extract.knowledge.diff import FrameNotice, FrameRename, compare
from extract.knowledge.editions import DocInput, PrintedScope, resolve
from extract.knowledge.editionspec import SpecError, select
from extract.knowledge.printed import printed_frame_changes, printed_renames, read_edition
from normalize.glyphs import normalize
from schema.diffload import diff_program
from tests.schema.diffkit import changes, m, side

CATALOG = Catalog([Program("テスト補助金", ("テスト促進補助金",), edition_offset=None)])


def pages(*texts: str) -> list[tuple[int, str]]:
    return [(i, normalize(t)) for i, t in enumerate(texts, 1)]


def doc(key: str, *texts: str, rows: list[PrintedScope], title: str | None = None,
        published: dt.date | None = None) -> DocInput:
    p = pages(*texts)
    lines = tuple(t.strip() for t in p[0][1].split("\n") if t.strip())[:8] if p else ()
    return DocInput(key, title, read_edition(title, p, CATALOG), rows, published, lines)


def row(key: str, row_id: int, year: int | None = None, budget: str | None = None, label: str = "",
        facts: int = 5) -> PrintedScope:
    return PrintedScope(row_id, key, "テスト補助金", year, budget, label, facts, 1)


# ---- 1. editions ---------------------------------------------------------------------------------

def test_a_cover_prints_round_year_and_version() -> None:
    printed = read_edition(None, pages("テスト補助金\n公募要領\n(第23次公募)\n令和7年度補正予算\n第2版:令和8年1月20日"),
                           CATALOG)
    assert (printed.round.value if printed.round else None, printed.round_no) == ("第23次", 23)
    assert (printed.fiscal_year, printed.budget, printed.kind) == (2025, "補正", "koubo")
    assert (printed.version_no, printed.version_date) == ("2", dt.date(2026, 1, 20))
    editions, _ = resolve([doc("k23", "テスト補助金\n公募要領\n(第23次公募)\n令和7年度補正予算",
                               rows=[row("k23", 1)])])
    [e] = editions
    assert e.describe() == "2025補正 第23次"
    assert {k: v.text() for k, v in e.attrs.dated_by.items()} == {
        "fiscal_year": "printed: k23 p.1", "budget": "printed: k23 p.1", "round": "printed: k23 p.1"}


def test_a_revision_table_dates_the_version() -> None:
    history = "改訂履歴\nR6.3.29\n本要領の策定\nR7.5.16\n別紙を追記"
    printed = read_edition(None, pages("テスト補助金\n交付規程", history), CATALOG)
    assert printed.version_date == dt.date(2025, 5, 16) and printed.version and printed.version.page == 2


def test_a_label_another_document_dates_gives_the_year() -> None:
    deck = doc("deck", "テスト補助金2025の概要\n令和6年度補正予算",
               rows=[row("deck", 1, 2024, "補正", "テスト補助金2025")])
    koubo = doc("koubo", "テスト補助金2025\n公募要領", rows=[row("koubo", 2, label="テスト補助金2025")])
    editions, placed = resolve([deck, koubo])
    [e] = editions
    assert e.documents == ["deck", "koubo"] and e.attrs.fiscal_year == 2024
    koubo_year = next(p for p in placed if p.row.document == "koubo").attrs.dated_by["fiscal_year"]
    assert koubo_year.text() == "inferred: deck p.1" and "2024補正" in koubo_year.words


def test_a_kitei_that_prints_no_edition_takes_the_edition_of_the_koubo_that_names_it() -> None:
    koubo = doc("k17", "テスト補助金<一般型>\n第17回公募 公募要領",
                "宣誓に違反した場合は、「テスト補助金<一般型>交付規程」(以下「交付規程」という。)に従う。",
                rows=[row("k17", 1)])
    kitei = doc("kitei", "テスト補助金<一般型> 交付規程\n2024年3月28日改定", rows=[row("kitei", 2)])
    other = doc("kitei_b", "テスト補助金<共同型> 交付規程\n2024年4月1日改定", rows=[row("kitei_b", 3)])
    editions, placed = resolve([koubo, kitei, other])
    got = {p.row.document: p for p in placed}
    assert got["kitei"].attrs.round == "第17回" and got["kitei"].key == got["k17"].key
    assert got["kitei"].attrs.dated_by["round"].text() == "inferred: k17 p.2"
    # a 規程 no document names keeps what it prints: its version, on its own edition
    assert got["kitei_b"].attrs.round == "" and got["kitei_b"].attrs.version == "2024-04-01"
    assert len(editions) == 2


def test_editions_are_ordered() -> None:
    docs = [doc("r21", "テスト補助金\n公募要領\n(第21次公募)", rows=[row("r21", 1)], published=dt.date(2025, 9, 1)),
            doc("y24", "テスト補助金\n令和6年度補正予算", rows=[row("y24", 2, 2024, "補正")]),
            doc("y24a", "テスト補助金\n令和6年度当初予算", rows=[row("y24a", 3, 2024, "当初")]),
            doc("r20", "テスト補助金\n公募要領\n(第20次公募)", rows=[row("r20", 4)], published=dt.date(2025, 5, 1)),
            doc("y23", "テスト補助金\n令和5年度補正予算", rows=[row("y23", 5, 2023, "補正")])]
    editions, _ = resolve(docs)
    assert [e.describe() for e in editions] == ["2023補正", "2024当初", "2024補正", "第20次", "第21次"]
    assert [e.position for e in editions] == [0, 1, 2, 3, 4]


def test_a_kitei_that_prints_nothing_comes_before_its_revision() -> None:
    """Two 交付規程 of one title, one printing its 改正 date and one printing nothing: the undated text is the one
    that was revised, placed before it (so the default diff and the report compare it with its revision)."""
    title = "テスト補助金(一般型)交付規程"
    revised = doc("kitei_b", f"{title}\n2025年1月30日改正\n(通則)", rows=[row("kitei_b", 1)])
    first = doc("kitei_a", f"{title}\n(通則)", rows=[row("kitei_a", 2)])
    editions, _ = resolve([revised, first])
    assert [(e.documents, e.describe()) for e in editions] == [(["kitei_a"], "?"), (["kitei_b"], "v2025-01-30")]
    assert editions[0].attrs.dated_by == {}  # nothing is made up: the order only


def test_specs_name_editions() -> None:
    editions, _ = resolve([
        doc("y24", "テスト補助金2025\n令和6年度補正予算", rows=[row("y24", 1, 2024, "補正", "テスト補助金2025")]),
        doc("r20", "テスト補助金\n公募要領\n(第20次公募)\n第4版:令和7年4月1日", rows=[row("r20", 2)])])
    docs = ["y24", "r20"]
    assert [e.describe() for e in select("令和6年度", editions, docs).editions] == ["2024補正 テスト補助金2025"]
    for spec in ("20次", "第20次", "第20次公募"):
        assert select(spec, editions, docs).label == "第20次"
    assert select("テスト補助金２０２５", editions, docs).editions[0].attrs.fiscal_year == 2024  # NFKC
    assert select("R7.4.1", editions, docs).label == "2025-04-01"
    assert select("令和7年4月1日版", editions, docs).label == "2025-04-01"
    assert select("r20", editions, docs).document == "r20"
    with pytest.raises(SpecError, match="no edition of round"):
        select("23次", editions, docs)


# ---- 2. frames -----------------------------------------------------------------------------------

def test_spellings_of_one_frame_are_one_frame() -> None:
    old = side(m("cap_max", 100, "", "海外展開", document="a"), m("rate", "1/2", "通常枠", document="a"))
    new = side(m("cap_max", 100, "海外展開枠", document="b"), m("rate", "1/2", "一般型通常枠", document="b"),
               series="一般型")
    report = compare("テスト補助金", old, new)
    assert {(p.change, p.how) for p in report.frames if not p.whole} == {("same", "head_noun"), ("same", "series")}
    assert {e.change for e in report.entries} == {"unchanged"}


def test_a_printed_rename_pairs_the_former_names() -> None:
    text = normalize("(1)成長枠 ※旧A B類型\n補助上限額 500万円")
    [r] = printed_renames(text, 3, known=["成長枠"])
    assert (r.new, r.old) == ("成長枠", ("A類型", "B類型"))
    [r2] = printed_renames(normalize("通常枠を改称し、成長枠とした。"), 1, known=["成長枠", "通常枠"])
    assert (r2.new, r2.old) == ("成長枠", ("通常枠",))
    old = side(m("cap_max", 300, "", "A類型", document="a"), m("cap_max", 400, "", "B類型", document="a"))
    new = side(m("cap_max", 500, "成長枠", document="b"),
               renames=[FrameRename(r.new or "", r.old, "b", r.page, r.quote)])
    report = compare("テスト補助金", old, new)
    assert {(p.change, p.before, p.after, p.how) for p in report.frames} == {
        ("renamed", ("", "A類型"), ("成長枠", ""), "printed"), ("renamed", ("", "B類型"), ("成長枠", ""), "printed")}
    assert report.frames[0].evidence.startswith("b p.3")


def test_a_former_name_with_a_bracketed_part_of_its_own_is_read_whole() -> None:
    """成長分野枠（旧省力化(一体型)枠）: the former name holds brackets of its own and is read whole."""
    [r] = printed_renames(normalize("成長分野枠（旧省力化(一体型)枠） 補助上限額 4,000万円"), 2,
                          known=["成長分野枠", "省力化(一体型)枠"])
    assert (r.new, r.old) == ("成長分野枠", ("省力化(一体型)枠",))


def test_a_rename_printed_old_name_first_and_onto_the_types_of_the_new_frame() -> None:
    """○○枠は△△枠に名称変更 names the former frame first; a former name printed beside a frame whose values
    are now printed per 類型 (彩雲枠 (旧霧笛枠) over two 類型 columns) is a split onto those 類型."""
    [r] = printed_renames(normalize("「霧笛枠」は「彩雲枠」に名称変更します。"), 2, known=["霧笛枠", "彩雲枠"])
    assert (r.new, r.old) == ("彩雲枠", ("霧笛枠",))
    old = side(m("cap_max", 2000000, "霧笛枠", document="a"), m("rate", "2/3", "霧笛枠", document="a"))
    new = side(m("cap_max", 2000000, "彩雲枠", "甲育成類型", document="b"),
               m("cap_max", 2500000, "彩雲枠", "乙育成類型", document="b"),
               renames=[FrameRename("彩雲枠", ("霧笛枠",), "b", 1, "彩雲枠 (旧霧笛枠)")])
    report = compare("テスト補助金", old, new)
    assert {(p.change, p.before, p.after, p.how) for p in report.frames} == {
        ("renamed", ("霧笛枠", ""), ("彩雲枠", "甲育成類型"), "printed"),
        ("renamed", ("霧笛枠", ""), ("彩雲枠", "乙育成類型"), "printed")}
    got = changes(report)
    assert ("unchanged", "彩雲枠 甲育成類型", "cap_max", None, "2000000", "2000000") in got
    assert ("changed", "彩雲枠 乙育成類型", "cap_max", None, "2000000", "2500000") in got


def test_a_frame_the_documents_say_was_abolished_or_created() -> None:
    """○○枠は廃止 removes a frame even where its name is still printed (in that very sentence); ○○枠を創設
    adds one even where the other side lists no frames (a leaflet)."""
    text = normalize("令和7年度は、地域の事業者が連携する共創・協業枠を創設。東雲枠は廃止。")
    notices = [FrameNotice(c.candidates(), c.change, "b", c.page, c.quote) for c in printed_frame_changes(text, 1)]
    assert [(n.change, n.quote) for n in notices] == [
        ("added", "地域の事業者が連携する共創・協業枠を創設"), ("removed", "東雲枠は廃止")]
    old = side(m("cap_max", 500000, "通常枠", document="a"), m("cap_max", 2000000, "東雲枠", document="a"))
    new = side(m("cap_max", 500000, "通常枠", document="b"), m("cap_max", 50000000, "共創・協業枠", document="b"),
               text=text)
    new.notices = notices
    report = compare("テスト補助金", old, new)
    assert {(p.change, p.before or p.after, p.how) for p in report.frames if p.change != "same"} == {
        ("removed", ("東雲枠", ""), "printed"), ("added", ("共創・協業枠", ""), "printed")}
    assert {("removed", "東雲枠", "cap_max", None, "2000000", None),
            ("added", "共創・協業枠", "cap_max", None, None, "50000000")} <= changes(report)
    # a name that only ends like the frame's (共創・協業枠 and 協業枠) is another frame
    assert not notices[0].names_frame(("協業枠", "")) and notices[0].names_frame(("共創・協業枠", ""))
    # without the notices: the leaflet-like sides enumerate nothing, and the newer one prints 東雲枠
    new.notices = []
    assert {p.change for p in compare("テスト補助金", old, new).frames if p.change != "same"} == {"not_stated"}
    # other words for the same: a frame not offered this year, one set up anew, one marked new
    said = normalize("東雲枠は、令和7年度は募集を行いません。研修を支援する白露枠を新たに設ける。"
                     "■朝霧枠【新規】 200万円\n通常枠 【公募終了】")
    assert [(c.change, c.candidates()[0]) for c in printed_frame_changes(said, 1)] == [
        ("added", "研修を支援する白露枠"), ("added", "朝霧枠"), ("removed", "東雲枠")]


def test_a_frame_split_into_its_types() -> None:
    old = side(m("rate", "1/2", "", "専門家活用", document="a"), m("cap_max", 6000000, "", "専門家活用", document="a"))
    new = side(m("rate", "1/2", "専門家活用枠", "買い手支援類型", document="b"),
               m("cap_max", 6000000, "専門家活用枠", "買い手支援類型", document="b"),
               m("rate", "1/2", "専門家活用枠", "売り手支援類型", document="b"),
               m("cap_max", 8000000, "専門家活用枠", "売り手支援類型", document="b"))
    report = compare("テスト補助金", old, new)
    renamed = {(p.before, p.after) for p in report.frames if p.change == "renamed"}
    assert renamed == {(("", "専門家活用"), ("専門家活用枠", "買い手支援類型")),
                       (("", "専門家活用"), ("専門家活用枠", "売り手支援類型"))}
    got = changes(report)
    assert ("unchanged", "専門家活用枠 買い手支援類型", "cap_max", None, "6000000", "6000000") in got
    assert ("changed", "専門家活用枠 売り手支援類型", "cap_max", None, "6000000", "8000000") in got


def test_a_frame_renamed_over_the_same_types() -> None:
    """霧笛枠 printed its 類型 甲統合投資類型 and 乙専門家活用類型; the newer side prints them under 東雲枠: the frame
    was renamed, its types with it, and a value printed for the frame alone (a note under the table) follows;
    a short common 類型 (A類型) under a new frame proves nothing."""
    types = (("甲統合投資類型", 8000000), ("乙専門家活用類型", 1500000))
    old = side(*[m("cap_max", v, "霧笛枠", t, document="a") for t, v in types],
               m("rate", "2/3", "霧笛枠", document="a"), m("cap_max", 100, "白露枠", "A類型", document="a"))
    new = side(*[m("cap_max", v, "東雲枠", t, document="b") for t, v in types],
               m("cap_max", 100, "朝霧枠", "A類型", document="b"))
    report = compare("テスト補助金", old, new)
    assert {(p.before, p.after, p.how) for p in report.frames if p.change == "renamed"} == {
        (("霧笛枠", "甲統合投資類型"), ("東雲枠", "甲統合投資類型"), "types_kept"),
        (("霧笛枠", "乙専門家活用類型"), ("東雲枠", "乙専門家活用類型"), "types_kept"),
        (("霧笛枠", ""), ("東雲枠", ""), "types_kept")}
    got = changes(report)
    assert ("unchanged", "東雲枠 甲統合投資類型", "cap_max", None, "8000000", "8000000") in got
    assert ("not_stated", "東雲枠", "rate", None, "2/3", None) in got  # no value of the frame alone on the newer side
    assert {p.change for p in report.frames if "A類型" in (p.before or p.after)} == {"not_stated"}


def test_a_frame_stated_alone_beside_its_types_is_on_both_sides() -> None:
    """A leaflet states 翠嵐活用枠 補助上限600万円 without its 類型; the newer deck prints the frame per 類型: the
    frame is on both sides (never 記載なし), its value restated by its types' values is unchanged."""
    old = side(m("cap_max", 6000000, "翠嵐活用枠", document="leaflet"),
               m("cap_max", 6000000, "翠嵐活用枠", "甲支援類型", document="deck"))
    new = side(m("cap_max", 6000000, "翠嵐活用枠", "甲支援類型", document="b"),
               m("cap_max", 6000000, "翠嵐活用枠", "乙支援類型", document="b"))
    report = compare("テスト補助金", old, new)
    assert {(p.change, p.before, p.how) for p in report.frames} == {
        ("same", ("翠嵐活用枠", "甲支援類型"), ""), ("same", ("翠嵐活用枠", ""), "frame_of_types"),
        ("not_stated", None, "")}
    assert ("unchanged", "翠嵐活用枠", "cap_max", None, "6000000", "6000000") in changes(report)


def test_a_renamed_frame_is_found_by_its_values() -> None:
    values = [("cap_max", 30000000), ("cap_max", 500000), ("cap_max", 3500000), ("rate", "3/4")]
    old = side(*[m(k, v, "連携枠", document="a") for k, v in values], m("rate", "1/2", "通常枠", document="a"))
    new = side(*[m(k, v, "共創枠", document="b") for k, v in values], m("rate", "1/2", "通常枠", document="b"))
    [p] = [p for p in compare("テスト補助金", old, new).frames if p.change == "renamed"]
    assert (p.before, p.after, p.how, p.evidence) == (("連携枠", ""), ("共創枠", ""), "values", "4/4")
    # the program's usual rates alone prove nothing: a new frame sharing 1/2 and 2/3 is no rename
    old = side(m("rate", "1/2", "海外枠", document="a"), m("rate", "2/3", "海外枠", document="a"),
               m("cap_max", 1, "海外枠", document="a"), m("rate", "1/2", "通常枠", document="a"),
               m("rate", "2/3", "通常枠", document="a"), enumerates=["a"])
    new = side(m("rate", "1/2", "創業支援枠", document="b"), m("rate", "2/3", "創業支援枠", document="b"),
               m("cap_max", 2, "創業支援枠", document="b"), m("rate", "1/2", "通常枠", document="b"),
               m("rate", "2/3", "通常枠", document="b"), enumerates=["b"])
    assert {p.change for p in compare("テスト補助金", old, new).frames if p.before != p.after} == {
        "added", "removed"}


def test_a_renamed_frame_is_found_by_its_values_beside_a_new_frame_that_repeats_some() -> None:
    """カタログ型 caps (500万円 … 1,500万円, 1/2) continue as 注文型, which holds them all; a new 汎用型 beside it
    repeats 750万円, 1,000万円, 1,500万円 and 1/2 among many values of its own: no reason to doubt the rename."""
    old_values = [5000000, 7500000, 10000000, 15000000]
    old = side(*[m("cap_max", v, "省力枠", document="a") for v in old_values], m("rate", "1/2", "省力枠", document="a"))
    new = side(*[m("cap_max", v, "", "注文型", document="b") for v in [2000000, 3000000, *old_values]],
               m("rate", "1/2", "", "注文型", document="b"),
               *[m("cap_max", v, "", "汎用型", document="b")
                 for v in (7500000, 10000000, 15000000, 20000000, 30000000, 40000000, 50000000, 65000000)],
               m("rate", "1/2", "", "汎用型", document="b"))
    renamed = [(p.before, p.after, p.how) for p in compare("テスト補助金", old, new).frames if p.change == "renamed"]
    assert renamed == [(("省力枠", ""), ("", "注文型"), "values")]


def test_an_added_frame_needs_a_side_that_enumerates_frames() -> None:
    new = side(m("cap_max", 100, "通常枠", document="b"), m("cap_max", 200, "成長枠", document="b"))
    listing = side(m("cap_max", 100, "通常枠", document="a"), enumerates=["a"], text="通常枠 補助上限額100万円")
    leaflet = side(m("cap_max", 100, "通常枠", document="a"), text="通常枠 補助上限額100万円")
    assert ("added", "成長枠", "cap_max", None, None, "200") in changes(compare("テスト補助金", listing, new))
    assert ("not_stated", "成長枠", "cap_max", None, None, "200") in changes(compare("テスト補助金", leaflet, new))
    # a side whose documents print the frame's name (values not read) does not lack it
    printed = side(m("cap_max", 100, "通常枠", document="a"), enumerates=["a"], text="通常枠 100万円 成長枠 詳細は別紙")
    assert ("not_stated", "成長枠", "cap_max", None, None, "200") in changes(compare("テスト補助金", printed, new))


def test_a_frame_not_stated_compares_no_value() -> None:
    """The program-wide cap of one side equals the frame's on the other: the frame is not stated there,
    so its value is not called unchanged (nor changed)."""
    old = side(m("cap_max", 8000000, document="a"))
    new = side(m("cap_max", 8000000, "", "事業統合投資類型", document="b"), m("cap_max", 8000000, document="b"))
    report = compare("テスト補助金", old, new)
    [section] = [s for s in report.sections if s.frame == ("", "事業統合投資類型")]
    assert section.change == "not_stated" and {e.change for e in section.entries} == {"not_stated"}


# ---- 3. values -----------------------------------------------------------------------------------

def test_the_same_rule_in_other_words_is_unchanged() -> None:
    old = side(m("cap_max", 4500000, "通常枠", condition="業務プロセスが4つ以上", document="a"),
               m("rate", "2/3", "通常枠", applicant="小規模事業者", document="a"))
    new = side(m("cap_max", 4500000, "通常枠", document="b"), m("rate", "2/3", "通常枠", document="b"))
    assert {e.change for e in compare("テスト補助金", old, new).entries} == {"unchanged"}


def test_a_leaflet_that_lists_fewer_values() -> None:
    koubo = side(m("rate", "1/2", "通常枠", applicant="中小企業", document="a"),
                 m("cap_max", 1000000, "通常枠", document="a"), m("cap_min", 50000, "通常枠", document="a"),
                 m("deadline", "2025-03-15", "通常枠", document="a"), enumerates=["a"])
    leaflet = side(m("cap_max", 1500000, "通常枠", document="b"))
    got = changes(compare("テスト補助金", koubo, leaflet))
    assert ("changed", "通常枠", "cap_max", None, "1000000", "1500000") in got
    assert {(c[0], c[2]) for c in got if c[2] != "cap_max"} == {
        ("not_stated", "rate"), ("not_stated", "cap_min"), ("not_stated", "deadline")}


def test_a_day_with_and_without_its_hour_is_one_value() -> None:
    """A leaflet printing the deadline's day and a 公募要領 printing its day and hour agree (no conflict); the
    same day on both sides, with the hour on one only, is unchanged."""
    old = side(m("deadline", "2024-05-31T17:00", document="koubo"), m("deadline", "2024-05-31", document="leaflet"),
               m("opens", "2024-04-15", document="koubo"))
    new = side(m("deadline", "2025-06-06T17:00", document="koubo"), m("opens", "2024-04-15T10:00", document="koubo"))
    got = changes(compare("テスト補助金", old, new))
    assert got == {("changed", "", "deadline", None, "2024-05-31T17:00", "2025-06-06T17:00"),
                   ("unchanged", "", "opens", None, "2024-04-15", "2024-04-15T10:00")}
    # in one edition (a schedule page printing the hour, a summary page not): one statement, one value
    one = side(m("deadline", "2024-05-31T17:00", document="koubo", page=9),
               m("deadline", "2024-05-31", document="koubo", page=1))
    [deadline] = one.statements
    assert (deadline.status, deadline.values, len(deadline.sources)) == ("single", ["2024-05-31T17:00"], 2)


def test_values_printed_together_keep_their_order() -> None:
    """800~1,000万円 (a base cap and the cap with a wage rise, labels not read) → 1,000~1,200万円: each tier
    changed, in order of size, not 1,000万円 unchanged and the rest unstated; a summary page printing 800万円
    for a case clause of the same frame is that value in other words, not a rule removed."""
    def overview(doc: str, low: int, high: int) -> list:
        return [dataclasses.replace(m("cap_max", v, "承継枠", document=doc, page=2), quote=f"{low}~{high}")
                for v in (low, high)]

    old = side(*overview("a", 8000000, 10000000),
               m("cap_max", 8000000, "承継枠", condition="事業承継を予定している場合", document="a", page=1))
    new = side(*overview("b", 10000000, 12000000))
    got = changes(compare("テスト補助金", old, new))
    assert got == {("changed", "承継枠", "cap_max", None, "8000000", "10000000"),
                   ("changed", "承継枠", "cap_max", None, "10000000", "12000000")}
    assert {e.note for e in compare("テスト補助金", old, new).entries} == {"order"}
    # a 公募要領 printing two openings (公募開始, 電子申請受付開始) against another's two, none in common: in order;
    # a key of several values against one value: which rule changed is not known, nothing is claimed
    old = side(m("opens", "2025-04-25", document="a", page=1), m("opens", "2025-07-01T17:00", document="a", page=9),
               m("wage_growth_min", "2.0", "通常枠", document="a", page=21),
               m("wage_growth_min", "6.0", "通常枠", document="a", page=25))
    new = side(m("opens", "2026-01-20", document="b", page=1), m("opens", "2026-03-02T17:00", document="b", page=9),
               m("wage_growth_min", "3.0", "通常枠", document="b", page=21))
    assert changes(compare("テスト補助金", old, new)) == {
        ("changed", "", "opens", None, "2025-04-25", "2026-01-20"),
        ("changed", "", "opens", None, "2025-07-01T17:00", "2026-03-02T17:00"),
        ("not_stated", "通常枠", "wage_growth_min", None, "2.0", None),
        ("not_stated", "通常枠", "wage_growth_min", None, "6.0", None),
        ("not_stated", "通常枠", "wage_growth_min", None, None, "3.0")}


def test_requirement_kinds_compare_by_the_same_rules() -> None:
    """A kind the diff has no rule of its own for (employees_max) is compared like a cap."""
    old = side(m("employees_max", 20, "通常枠", applicant="小規模事業者", document="a"),
               m("employees_max", 300, "通常枠", applicant="中小企業", document="a"))
    new = side(m("employees_max", 20, "通常枠", applicant="小規模事業者", document="b"),
               m("employees_max", 500, "通常枠", applicant="中小企業", document="b"))
    got = changes(compare("テスト補助金", old, new))
    assert got == {("unchanged", "通常枠", "employees_max", "小規模事業者", "20", "20"),
                   ("changed", "通常枠", "employees_max", "中小企業", "300", "500")}
    assert compare("テスト補助金", old, new).to_json()["changes"][0]["after"] in (20, 500)


def test_sums_per_unit_and_requirements_by_industry_compare_by_the_same_rules() -> None:
    """A sum per person is compared with sums per person (the same amount per applicant is another rule);
    a class's limit per industry with the same industry's; a frame added on a side that enumerates the
    frames adds its sums per person and its wage requirement: no rule of their own."""
    old = side(m("cap_max", 720000, "正社員化コース", document="a", unit="person"),
               m("cap_max", 800000, "正社員化コース", document="a"),
               m("employees_max", 300, applicant="中小企業", condition="製造業", document="a"),
               m("employees_max", 100, applicant="中小企業", condition="サービス業", document="a"),
               enumerates=["a"], text="正社員化コース")
    new = side(m("cap_max", 800000, "正社員化コース", document="b", unit="person"),
               m("cap_max", 800000, "正社員化コース", document="b"),
               m("cap_max", 400000, "賃金規定等改定コース", document="b", unit="person"),
               m("wage_growth_min", "3.0", "賃金規定等改定コース", condition="賃金規定等 年平均", document="b"),
               m("employees_max", 300, applicant="中小企業", condition="製造業", document="b"),
               m("employees_max", 200, applicant="中小企業", condition="サービス業", document="b"),
               enumerates=["b"])
    report = compare("テスト補助金", old, new)
    got = {(e.change, e.frame[0], e.kind, e.unit, e.qualifiers.industry, e.before.value if e.before else None,
            e.after.value if e.after else None) for e in report.entries}
    assert got == {
        ("changed", "正社員化コース", "cap_max", "person", None, "720000", "800000"),
        ("unchanged", "正社員化コース", "cap_max", None, None, "800000", "800000"),
        ("added", "賃金規定等改定コース", "cap_max", "person", None, None, "400000"),
        ("added", "賃金規定等改定コース", "wage_growth_min", None, None, None, "3.0"),
        ("unchanged", "", "employees_max", None, "製造業", "300", "300"),
        ("changed", "", "employees_max", None, "サービス業", "100", "200"),
    }
    [added] = [c for c in report.to_json()["changes"] if c["kind"] == "cap_max" and c["change"] == "added"]
    assert added["unit"] == "person" and added["after"] == 400000


def test_two_rounds_of_one_budget_compare_by_slot(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    rounds = (("r1", 2024, "第1回公募", "2024-05-10"), ("r2", 2024, "第2回公募", "2024-08-09"),
              ("r3", 2025, "第3回公募", "2025-05-16"), ("r4", 2025, "第4回公募", "2025-08-08"))
    for key, year, label, deadline in rounds:
        save_doc(fresh_db, key, [make_fact("deadline", deadline, "通常枠", year=year, edition=label),
                                 make_fact("cap_max", 1000000, "通常枠", year=year, edition=label)])
    report = diff_program(fresh_db, "IT導入補助金", "2024", "2025")
    got = {(e.change, e.qualifiers.round, e.before.value if e.before else None, e.after.value if e.after else None)
           for e in report.entries if e.kind == "deadline"}
    assert got == {("changed", "1次", "2024-05-10", "2025-05-16"), ("changed", "2次", "2024-08-09", "2025-08-08")}
    [cap] = [e for e in report.entries if e.kind == "cap_max"]
    assert cap.change == "unchanged" and len(cap.after.sources) == 2  # both rounds print it: one statement
    # one round against one round: the round's own deadline, no slot
    report = diff_program(fresh_db, "IT導入補助金", "第2回", "第3回")
    [d] = [e for e in report.entries if e.kind == "deadline"]
    assert (d.change, d.qualifiers.round, d.before.value, d.after.value) == ("changed", None, "2024-08-09",
                                                                              "2025-05-16")


def test_rounds_named_by_edition_or_by_qualifier_are_one_slot(fresh_db: Engine, make_fact: Any,
                                                               save_doc: Any) -> None:
    """第15回 and 第16回 of one budget against 第17回 and 第18回 of the next: 1st with 1st, 2nd with 2nd, whether a
    round is named by the edition a page belongs to or by the words before the date (第17回公募 締切); a year
    of one round against a year of two: its round is the 1st."""
    for key, year, label, deadline, condition in (
            ("d15", 2023, "第15回公募", "2024-03-14", None), ("d16", 2023, "第16回公募", "2024-05-27", None),
            ("d17", 2024, "第17回公募", "2025-06-13", "第17回公募 申請受付締切"),
            ("d18", 2024, "第18回公募", "2025-10-03", None), ("d19", 2025, "第19回公募", "2026-05-29", None)):
        save_doc(fresh_db, key, [make_fact("deadline", deadline, year=year, edition=label, condition=condition,
                                           document=key)])
    report = diff_program(fresh_db, "IT導入補助金", "2023", "2024")
    got = {(e.change, e.qualifiers.round, e.before.value if e.before else None, e.after.value if e.after else None)
           for e in report.entries if e.kind == "deadline"}
    assert got == {("changed", "1次", "2024-03-14", "2025-06-13"), ("changed", "2次", "2024-05-27", "2025-10-03")}
    # the report names each slot by the rounds the sides print, not by a 1次 no document prints
    assert {e.rounds for e in report.entries if e.kind == "deadline"} == {"第15回→第17回", "第16回→第18回"}
    report = diff_program(fresh_db, "IT導入補助金", "2024", "2025")
    got = {(e.change, e.qualifiers.round, e.before.value if e.before else None, e.after.value if e.after else None)
           for e in report.entries if e.kind == "deadline"}
    assert ("changed", "1次", "2025-06-13", "2026-05-29") in got
    assert ("not_stated", "2次", "2025-10-03", None) in got


def test_rounds_printed_before_the_dates_name_the_slots_in_the_report() -> None:
    """第1回締切 and 第2回締切 of one edition against the next edition's: compared 1st with 1st, each named by the
    round its quote prints."""
    def deadlines(doc: str, first: str, second: str) -> list:
        return [dataclasses.replace(m("deadline", first, condition="第1回締切", document=doc),
                                    quote=f"第1回締切:{first}"),
                dataclasses.replace(m("deadline", second, condition="第2回締切", document=doc),
                                    quote=f"第2回締切:{second}")]

    report = compare("テスト補助金", side(*deadlines("a", "2024-06-28", "2024-09-30")),
                     side(*deadlines("b", "2025-06-27", "2025-10-31")))
    assert {(e.change, e.rounds, e.before.value, e.after.value) for e in report.entries} == {
        ("changed", "第1回", "2024-06-28", "2025-06-27"), ("changed", "第2回", "2024-09-30", "2025-10-31")}


def test_a_guide_named_without_its_program_takes_the_edition_that_names_it() -> None:
    koubo = doc("koubo", "テスト補助金\n公募要領\n(第5回公募)", "詳しくは「応募・交付申請の手引き」を参照。",
                rows=[row("koubo", 1)])
    guide = doc("guide", "応募・交付申請", title="テスト補助金 (カタログ型) 応募・交付申請の手引き",
                rows=[row("guide", 2)])
    editions, placed = resolve([koubo, guide])
    [e] = editions
    assert e.documents == ["guide", "koubo"] and e.attrs.round == "第5回"
    assert next(p for p in placed if p.row.document == "guide").attrs.dated_by["round"].text() == "inferred: koubo p.2"


def test_the_budget_of_the_umbrella_line_compares_where_the_program_prints_none(fresh_db: Engine, make_fact: Any,
                                                                                 save_doc: Any) -> None:
    for key, year, budget in (("deck23", 2023, 200000000000), ("deck24", 2024, 340000000000)):
        save_doc(fresh_db, key, [make_fact("cap_max", 1000000, "通常枠", year=year),
                                 make_fact("budget", budget, program="生産性革命推進事業", year=year)])
    report = diff_program(fresh_db, "IT導入補助金", "2023", "2024")
    [b] = [e for e in report.entries if e.kind == "budget"]
    assert (b.change, b.condition, b.before.value, b.after.value) == ("changed", "生産性革命推進事業", "200000000000",
                                                                     "340000000000")


def test_program_names_match_after_nfkc_and_case_folding(fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    save_doc(fresh_db, "a", [make_fact("cap_max", 1, "通常枠", year=2023, edition="IT導入補助金2024")])
    save_doc(fresh_db, "b", [make_fact("cap_max", 2, "通常枠", year=2024, edition="IT導入補助金2025")])
    for name in ("ＩＴ導入補助金", "it導入補助金", "IT導入補助金2025"):  # an edition label names its program
        report = diff_program(fresh_db, name, "it導入補助金2024", "ＩＴ導入補助金２０２５")
        assert (report.program, report.before_label, report.after_label) == ("IT導入補助金", "IT導入補助金2024",
                                                                            "IT導入補助金2025")
        assert [e.change for e in report.entries] == ["changed"]


def test_a_type_printed_alone_takes_its_frame_from_another_document_of_the_edition(
        fresh_db: Engine, make_fact: Any, save_doc: Any) -> None:
    import io

    from corpus.outputs.export import export

    save_doc(fresh_db, "koubo", [make_fact("cap_max", 6000000, "専門家活用枠", "買い手支援類型", page=4),
                                 make_fact("cap_max", 1500000, "PMI推進枠", "共通類型", page=5),
                                 make_fact("cap_max", 1500000, "承継枠", "共通類型", page=6)])
    save_doc(fresh_db, "leaflet", [make_fact("cap_max", 6000000, None, "買い手支援類型", page=2),
                                   make_fact("cap_max", 1500000, None, "共通類型", page=2)])
    save_doc(fresh_db, "other_year", [make_fact("cap_max", 1, None, "買い手支援類型", year=2023)])
    out = io.StringIO()
    export(fresh_db, "facts", "jsonl", out)
    import json
    frames = {(f["document"], f["type"]): f["frame"] for f in map(json.loads, out.getvalue().splitlines())}
    assert frames[("leaflet", "買い手支援類型")] == "専門家活用枠"  # the 公募要領 of the same edition prints the pair
    assert frames[("leaflet", "共通類型")] is None  # printed under two frames there: no guess
    assert frames[("other_year", "買い手支援類型")] is None  # another edition's document proves nothing
    report = diff_program(fresh_db, "IT導入補助金", "2023", "2024")
    assert ("専門家活用枠", "買い手支援類型") in report.after_side.frames()


def test_one_rule_in_other_words_with_a_new_value_is_changed() -> None:
    old = side(m("rate", "1/2", "通常枠", document="a"), m("cap_max", 500000, "通常枠", document="a"))
    new = side(m("rate", "2/3", "通常枠", applicant="中小企業", document="b"),
               m("cap_max", 300000, "通常枠", condition="ウェブサイト関連費", document="b"))
    got = changes(compare("テスト補助金", old, new))
    assert ("changed", "通常枠", "rate", "中小企業", "1/2", "2/3") in got
    # a cap of one expense category is another rule than the frame's cap: not its change
    assert ("not_stated", "通常枠", "cap_max", None, "500000", None) in got


def test_two_versions_of_a_kitei_that_print_no_year_are_two_editions(fresh_db: Engine, make_fact: Any,
                                                                     save_doc: Any) -> None:
    """A 交付規程 revised: each version prints its 改定 date only; the two are editions ordered by it, compared by
    document, by version or by default, and a 枠 the newer version (a 規程 of the whole program) drops is gone."""
    title = "テスト補助金<一般型> 交付規程"
    save_doc(fresh_db, "kitei_v1", [make_fact("cap_max", 500000, "通常枠", program="テスト補助金", year=None,
                                              budget=None),
                                    make_fact("cap_max", 500000, None, "一般型", program="テスト補助金", year=None,
                                              budget=None, condition="ウェブサイト関連費"),
                                    make_fact("cap_max", 2000000, "創業枠", program="テスト補助金", year=None,
                                              budget=None)],
             title=title, pages=("テスト補助金<一般型> 交付規程\n2023年9月12日制定\n2024年3月28日改定",))
    save_doc(fresh_db, "kitei_v2", [make_fact("cap_max", 800000, "通常枠", program="テスト補助金", year=None,
                                              budget=None),
                                    make_fact("cap_max", 500000, None, "一般型", program="テスト補助金", year=None,
                                              budget=None, condition="ウェブサイト関連費")],
             title=title, pages=("テスト補助金<一般型> 交付規程\n2023年9月12日制定\n2025年4月1日改定",))
    for before, after in (("kitei_v1", "kitei_v2"), ("2024-03-28", "令和7年4月1日版"), (None, None)):
        report = diff_program(fresh_db, "テスト補助金", before, after)
        assert report.before_side.edition["version"] == "2024-03-28"
        assert report.after_side.edition["dated_by"]["version"] == "printed: kitei_v2 p.1"
        assert ("changed", "通常枠", "cap_max", None, "500000", "800000") in changes(report)
        assert ("removed", "創業枠", "cap_max", None, "2000000", None) in changes(report)
        # the line of the program (<一般型>) read as a 類型 is no frame: its values are the line's own
        assert ("unchanged", "", "cap_max", None, "500000", "500000") in changes(report)
        assert not any("一般型" in (p.before or p.after or ("", ""))[1] for p in report.frames)
