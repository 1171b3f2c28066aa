"""A table a text layer prints cell by cell under header rows that enumerate its columns.

Every table here is made up in the test (frame and type names, values, layout); each is written the
way a converter flattens a slide table: header rows on lines of their own, then each row's label and
its cells, one block of lines per cell with blank lines between the blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.facts.enumerated import grouping
from extract.facts.model import DocInfo, Fact
from extract.facts.pipeline import run
from extract.textlayer import read_text_layer

INFO = DocInfo(key="doc", sha256="0" * 64)
RULE = "label.enumerated-header"
HEADER = "枠名 彩雲承継枠 翠嵐活用枠\n\n類型名 甲類型 乙類型 ー\n\n"


def facts_of(tmp_path: Path, body: str, head: str = HEADER) -> list[Fact]:
    path = tmp_path / "layer.txt"
    path.write_text("ものづくり補助金の概要\n\n" + head + body, encoding="utf-8")
    return run(read_text_layer(path), INFO)


def placed(facts: list[Fact]) -> set[tuple]:
    return {(f.frame, f.type, f.kind, f.value) for f in facts}


@pytest.mark.parametrize(
    ("frames", "cells", "paired", "expected"),
    [
        (["甲枠", "乙枠"], ["A類型", "B類型", None], {}, [0, 0, 1]),  # a dash stands alone under its frame
        (["甲枠", "乙枠", "丙枠"], ["A類型", "B類型", None, "丙類型", "D類型"], {}, [0, 0, 1, 2, 2]),
        (["甲枠", "乙枠"], ["A類型", "B類型", "C類型"], {}, None),  # A | B C or A B | C: refused
        (["甲枠", "乙枠"], ["A類型", "B類型", "C類型"], {"B類型": "乙枠"}, [0, 1, 1]),  # the document pairs B
        (["甲枠", "乙枠"], ["A類型", "乙類型", "B類型"], {}, [0, 1, 1]),  # 乙類型 is named after 乙枠
        (["甲枠", "乙枠"], ["A類型", "甲類型", "B類型"], {}, [0, 0, 1]),
        (["甲枠", "乙枠"], ["甲類型", "A類型", "B類型"], {}, None),  # 甲 | A B or 甲 A | B
        (["甲枠", "乙枠"], [None, None, "A類型"], {}, None),  # a dash under a frame of two columns: no way
        (["甲枠", "乙枠", "丙枠"], ["A類型", "B類型"], {}, None),  # fewer columns than frames
    ],
)
def test_the_types_row_splits_the_frames_columns_one_way_only(
    frames: list[str], cells: list[str | None], paired: dict[str, str], expected: list[int] | None
) -> None:
    assert grouping(frames, cells, paired) == expected


def test_a_row_of_as_many_cells_as_columns_gives_each_cell_its_column(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "補助上限額\n\n500万円\n\n800万円\n\n100万円\n\n補助率\n\n1/2\n\n2/3\n\n3/4\n")
    assert placed(facts) == {
        ("彩雲承継枠", "甲類型", "cap_max", 5000000), ("彩雲承継枠", "乙類型", "cap_max", 8000000),
        ("翠嵐活用枠", None, "cap_max", 1000000),
        ("彩雲承継枠", "甲類型", "rate", "1/2"), ("彩雲承継枠", "乙類型", "rate", "2/3"),
        ("翠嵐活用枠", None, "rate", "3/4"),
    }
    assert all(RULE in f.extra["rules"] for f in facts)


def test_the_lines_of_one_cell_and_its_bound_word_stay_one_cell(tmp_path: Path) -> None:
    body = "補助上限額\n\n50万円~\n300万円\n\n未満\n\n300万円~\n800万円\n\n以下\n\n10万円~\n100万円\n"
    got = placed(facts_of(tmp_path, body))
    assert got == {
        ("彩雲承継枠", "甲類型", "cap_min", 500000), ("彩雲承継枠", "甲類型", "cap_max", 3000000),
        ("彩雲承継枠", "乙類型", "cap_min", 3000000), ("彩雲承継枠", "乙類型", "cap_max", 8000000),
        ("翠嵐活用枠", None, "cap_min", 100000), ("翠嵐活用枠", None, "cap_max", 1000000),
    }


def test_a_row_with_fewer_cells_than_columns_has_merged_cells_and_is_refused(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "補助上限額\n\n500万円\n\n800万円\n\n補助率\n\n1/2\n\n2/3\n\n3/4\n")
    assert {(f.frame, f.kind) for f in facts if f.kind == "cap_max"} == {(None, "cap_max")}
    assert {f.value for f in facts if f.frame == "翠嵐活用枠"} == {"3/4"}  # the rate row is whole


def test_a_row_running_into_sub_headers_gives_the_cells_before_them_to_the_left_columns(tmp_path: Path) -> None:
    head = "枠名 彩雲承継枠 翠嵐活用枠 霧笛推進枠\n\n類型名 甲類型 ー 乙類型\n\n"
    body = ("補助上限額\n\n500万円\n\n100万円\n\nソフト 機器 工事\n\n~300万円\n\n~50万円\n\n~20万円\n\n"
            "補助率\n\n1/2\n\n2/3\n")
    facts = facts_of(tmp_path, body, head)
    assert ("彩雲承継枠", "甲類型", "cap_max", 5000000) in placed(facts)
    assert ("翠嵐活用枠", None, "cap_max", 1000000) in placed(facts)  # the dash column
    assert {f.frame for f in facts if f.value in (3000000, 500000, 200000)} == {None}  # after the sub-headers
    assert {f.frame for f in facts if f.kind == "rate"} == {None}  # two cells for three columns


def test_an_ambiguous_header_places_nothing(tmp_path: Path) -> None:
    head = "枠名 彩雲承継枠 翠嵐活用枠\n\n類型名 甲類型 乙類型 丙類型\n\n"
    facts = facts_of(tmp_path, "補助上限額\n\n500万円\n\n800万円\n\n100万円\n", head)
    assert {(f.frame, f.type) for f in facts} == {(None, None)}


def test_a_frames_row_alone_wrapped_over_two_lines_enumerates_the_frames(tmp_path: Path) -> None:
    text = "翠嵐活用推進枠を新設します。\n\n枠名 彩雲承継枠 翠嵐活用\n推進枠\n\n補助上限額\n\n500万円\n\n100万円\n"
    facts = facts_of(tmp_path, text, head="")
    assert placed(facts) == {("彩雲承継枠", None, "cap_max", 5000000), ("翠嵐活用推進枠", None, "cap_max", 1000000)}


def test_a_pair_the_header_prints_holds_elsewhere_in_the_document(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "補助上限額\n\n500万円\n\n800万円\n\n100万円\n\n\f乙類型の補助率は2/3です。\n")
    assert ("彩雲承継枠", "乙類型", "rate", "2/3") in placed(facts)


@pytest.mark.parametrize("text", ["枠名 彩雲承継枠 翠嵐活用枠", "令和6年度補正予算\n\n【参考】令和5年度補正予算\n"])
def test_header_rows_ending_the_page_are_read_without_error(tmp_path: Path, text: str) -> None:
    assert facts_of(tmp_path, "補助上限額:500万円\n\n", head="") != [] and facts_of(tmp_path, text, head="") == []
