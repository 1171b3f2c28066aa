"""Rules a document states twice (extract/facts/restated.py), on text layers written here."""

from __future__ import annotations

from extract.facts.model import DocInfo
from extract.facts.pipeline import run
from extract.model import DocumentText, Line, Page
from normalize.glyphs import normalize

INFO = DocInfo(key="doc", sha256="0" * 64)


def facts_of(*pages: str) -> list:
    out = [Page(n, t, normalize(t), [Line(normalize(x)) for x in t.split("\n")]) for n, t in enumerate(pages, 1)]
    return run(DocumentText(out, "text"), INFO)


def test_the_place_naming_the_applicant_is_kept_over_a_restatement_before_it() -> None:
    facts = facts_of("持続化補助金\n通常枠\n補助率は2/3又は3/4以内とする。",
                     "持続化補助金\n通常枠\n小規模事業者:補助率3/4以内")
    three_quarters = [f for f in facts if f.value == "3/4"]
    assert [(f.page, f.applicant) for f in three_quarters] == [(2, "小規模事業者")]
    assert "小規模事業者" in three_quarters[0].quote


def test_a_restated_value_says_where_its_applicant_came_from() -> None:
    facts = facts_of("持続化補助金\n通常枠\n小規模事業者:補助率3/4以内",
                     "持続化補助金\n通常枠\n公募要領の要件(3)を満たす場合は、補助率3/4以内とする。")
    restated = next(f for f in facts if f.page == 2)
    assert restated.applicant == "小規模事業者"
    assert "applicant.restated" in restated.extra["rules"] and "p.1" in restated.extra["applicant_from"]


def test_two_applicants_granted_the_value_leave_a_bare_value_for_everyone() -> None:
    facts = facts_of("持続化補助金\n通常枠\n小規模事業者:補助率3/4以内\n中堅企業:補助率3/4以内",
                     "持続化補助金\n通常枠\n補助率は3/4以内とする。")
    assert any(f.page == 2 and f.applicant is None for f in facts)


def test_the_negated_case_is_the_rest_of_the_broader_class() -> None:
    facts = facts_of("持続化補助金\n通常枠\n補助対象者が小規模事業者に該当する場合は補助率を3/4以内とし、"
                     "該当しない場合は補助率を1/2以内とする。")
    assert {(f.value, f.applicant, f.condition) for f in facts} == {("3/4", "小規模事業者", None),
                                                                    ("1/2", "中小企業", None)}
