"""Fact extraction: rates, caps, deadlines and budgets of subsidy programs, with provenance.

`extract_facts(doc, info)` reads a `DocumentText` and returns `Fact`s in the format of
``shared/spec/facts.md``: program (from the catalog), budget year and edition, frame and
type, kind and normalised value, applicant and condition, and the quote and box they were
read from. See `extract.facts.pipeline` for the stages.
"""

from __future__ import annotations

from typing import Any

from extract.facts.model import DocInfo, Fact
from extract.facts.nlp import LazyNLP, load_nlp
from extract.model import DocumentText

__all__ = ["DocInfo", "Fact", "extract_facts", "load_nlp"]


def extract_facts(doc: DocumentText, info: DocInfo, *, nlp: Any = None, on_page: Any = None,
                  budget: Any = None) -> list[Fact]:
    """Given a document and what is known of it, return its facts.

    `nlp` is a loaded spaCy pipeline (ja_ginza); None loads it once per process, and only when
    the document has a sentence to parse. `on_page(1)` is called as each page has been walked
    (progress of a long document). A page that takes longer than its time `budget`
    (`extract.facts.budget.PageBudget`) gives no facts; `budget.skipped()` names it.
    """
    from extract.facts.pipeline import run

    return run(doc, info, nlp=nlp if nlp is not None else LazyNLP(), on_page=on_page, budget=budget)
