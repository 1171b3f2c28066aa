"""GiNZA-backed association and the dev-gold score (slow: loads ja_ginza once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.facts.associate import applicant_from_parse, associate
from extract.facts.scope import Scope
from extract.facts.segments import Segment
from extract.facts.values import read_segment
from normalize.glyphs import normalize

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def nlp():
    from extract.facts.nlp import load_nlp

    return load_nlp()


def test_one_model_however_it_is_asked_for(nlp) -> None:
    from extract.facts.nlp import MODEL, LazyNLP, load_nlp

    assert load_nlp(MODEL) is nlp and load_nlp(model=MODEL) is nlp and LazyNLP().loaded


DEPENDENCY_CASES = [
    # an oblique of the same predicate
    ("小規模事業者に対しては、補助率を4/5に引き上げる。", "4/5", "小規模事業者"),
    ("なお、小規模事業者については補助率を2/3とする。", "2/3", "小規模事業者"),
    # a modifier of the cue noun the value is stated for
    ("中小企業の補助上限額を3,000万円とする。", "3,000万円", "中小企業"),
    # an applicant elsewhere in the sentence, not attached to the value
    ("中小企業・小規模事業者等の労働生産性の向上を目的として、補助率1/2で支援する。", "1/2", None),
    ("補助率は2/3以内とし、中小企業者が申請する場合に限る。", "2/3", None),
]


@pytest.mark.parametrize(("sentence", "value", "expected"), DEPENDENCY_CASES)
def test_applicant_from_dependencies(nlp, sentence: str, value: str, expected: str | None) -> None:
    i = sentence.index(value)
    assert applicant_from_parse(nlp(sentence), (i, i + len(value))) == expected


def test_associate_fills_what_the_rules_left_open(nlp) -> None:
    text = normalize("本事業では、中小企業の補助上限額を3,000万円とする。")
    seg = Segment(1, text, Scope(program="IT導入補助金"))
    cands = read_segment(text)
    assert [(c.kind, c.value, c.applicant) for c in cands] == [("cap_max", 30000000, None)]
    assert associate([(seg, cands)], nlp) == 1
    assert cands[0].applicant == "中小企業"


@pytest.mark.corpus
def test_dev_gold_scores(nlp, shared: Path, tmp_path: Path, score_facts) -> None:
    """The five seeds, scored against the dev gold: level A F1 ≥ 0.90, level C F1 ≥ 0.93.

    Level C compares frame and type each on its own (a 類型 read without its 枠 is a miss): 0.93 is what
    the code scores since every 類型 takes its 枠 from the page (0.937; it read 0.763 before).
    The gold holds the six value kinds only (it predates the requirement kinds, which the seeds state
    too: 給与支給総額を年平均成長率1.5%以上): the score is taken on those kinds (--kinds)."""
    from extract import read_document
    from extract.facts.__main__ import doc_info
    from extract.facts.model import VALUE_KINDS
    from extract.facts.pipeline import run

    seeds = sorted((shared / "corpus" / "seeds").glob("*.txt"))
    facts = [f for path in seeds for f in run(read_document(path), doc_info(path), nlp=nlp)]
    scores, printed = score_facts(facts, tmp_path / "facts.jsonl", shared / "gold-dev", [p.stem for p in seeds],
                                  VALUE_KINDS)
    assert scores["F1_A"] >= 0.90, printed
    assert scores["F1_C"] >= 0.93, printed


PDF_GOLD = ("it2026_koubo_tsujyo", "shinjigyo_03_kouboyouryou", "shokei_14_succession")


@pytest.mark.corpus
def test_pdf_gold_scores(nlp, shared: Path, tmp_path: Path, score_facts) -> None:
    """The three PDFs of gold-dev/pdf, scored against it on the six value kinds it holds: F1 1.000 at
    levels A, B and C."""
    from extract import read_document
    from extract.facts.__main__ import doc_info
    from extract.facts.model import VALUE_KINDS
    from extract.facts.pipeline import run

    pdfs = [shared / "corpus" / "pdf" / f"{name}.pdf" for name in PDF_GOLD]
    facts = [f for path in pdfs for f in run(read_document(path), doc_info(path), nlp=nlp)]
    scores, printed = score_facts(facts, tmp_path / "facts.jsonl", shared / "gold-dev" / "pdf", PDF_GOLD, VALUE_KINDS)
    assert (scores["F1_A"], scores["F1_B"], scores["F1_C"]) == (1.0, 1.0, 1.0), printed


def test_parses_without_the_vocabulary_strings_are_the_full_models_parses(nlp) -> None:
    """load_nlp leaves ja_ginza's string table on disk (memory); the parses must not change."""
    import spacy

    full = spacy.load("ja_ginza")
    assert len(nlp.vocab.strings) < len(full.vocab.strings) // 10
    sentences = [s for s, _, _ in DEPENDENCY_CASES] + [
        "補助対象者は、中小企業者及び小規模事業者等とし、補助率は2/3以内とする。",
        "申請受付は令和7年4月1日（火）から5月30日（金）17:00までです。",
    ]

    def parsed(model):
        return [[(t.text, t.dep_, t.head.i, t.pos_, t.tag_, t.lemma_, str(t.morph)) for t in d]
                for d in model.pipe(sentences)]

    assert parsed(nlp) == parsed(full)
