"""The fact record, field for field as `shared/spec/facts.md` defines the export."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from extract.model import BBox

Kind = Literal["rate", "cap_max", "cap_min", "deadline", "opens", "budget",
               "employees_max", "capital_max", "wage_growth_min", "min_wage_margin"]
VALUE_KINDS: tuple[str, ...] = ("rate", "cap_max", "cap_min", "deadline", "opens", "budget")
"""What a program grants and when: rates, caps, dates, budgets."""
REQUIREMENT_KINDS: tuple[str, ...] = ("employees_max", "capital_max", "wage_growth_min", "min_wage_margin")
"""Who may apply (largest headcount and capital of an applicant class) and what an applicant must do for
wages (smallest growth of a wage measure in percent, smallest margin over the minimum wage in yen)."""
KINDS: tuple[str, ...] = VALUE_KINDS + REQUIREMENT_KINDS


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What the fact extractor knows about a document before reading it."""

    key: str
    sha256: str
    title: str | None = None
    published: str | None = None  # ISO date
    kind: str | None = None


@dataclass(slots=True)
class Fact:
    """One policy fact with its provenance; `to_export()` gives the facts.jsonl object."""

    document: str
    sha256: str
    page: int | None
    program: str
    fiscal_year: int | None
    budget: str | None
    edition: str | None
    frame: str | None
    type: str | None
    kind: str
    value: int | str
    applicant: str | None
    condition: str | None
    quote: str
    bbox: BBox | None = None
    emphasis: bool = False  # printed in red by the publisher (not exported to facts.jsonl)
    extra: dict[str, Any] = field(default_factory=dict)  # debugging evidence, never exported
    unit: str | None = None  # what one amount is counted per (person, person_hour, …); None: per applicant

    EXPORT_FIELDS = (
        "document",
        "sha256",
        "page",
        "program",
        "fiscal_year",
        "budget",
        "edition",
        "frame",
        "type",
        "kind",
        "value",
        "applicant",
        "condition",
        "quote",
        "bbox",
        "unit",
    )

    def to_export(self) -> dict[str, Any]:
        """Return the fact as the spec's JSON object, fields in spec order."""
        d = asdict(self)
        out = {k: d[k] for k in self.EXPORT_FIELDS}
        if out["bbox"] is not None:
            out["bbox"] = [round(float(x), 2) for x in out["bbox"]]
        return out
