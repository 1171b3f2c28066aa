"""Typed qualifiers of a fact's condition, and canonical applicants.

A fact's `condition` is the printed words that restrict its value (``補助額50万円以下の部分``,
``ITツールの業務プロセスが4つ以上``, ``PC・タブレット等``). `parse_condition` reads them into
`Qualifiers` — an amount band, a tier, an expense category, a round, a special provision, or a
case clause — so that two phrasings of one restriction compare equal. The vocabularies
(applicants, expense categories, provisions) are data in ``vocab.toml``.

Failure policy: words that fit no qualifier are ignored (the printed condition is kept beside the
qualifiers by the caller); nothing here raises on odd input.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
import unicodedata
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from normalize.amounts import find_amounts

__all__ = [
    "REQUIREMENT_KINDS",
    "Band",
    "Qualifiers",
    "Tier",
    "applicant_named",
    "applicant_within",
    "broader_applicant",
    "canonical_applicant",
    "canonical_industry",
    "is_size_class",
    "parse_condition",
]

VOCAB = Path(__file__).resolve().parent / "vocab.toml"
SIZE_CLASSES = ("中小企業", "小規模事業者", "中堅企業", "大企業")
"""Applicants defined by law by their size; any other applicant is one the document defines itself."""


@dataclass(frozen=True, slots=True)
class _Category:
    name: str
    words: tuple[str, ...]
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class _Vocab:
    applicants: dict[str, str]  # printed form (less 等) → canonical
    within: dict[str, str]  # size class → the class that contains it
    categories: tuple[_Category, ...]
    provisions: tuple[tuple[str, str], ...]  # (word, canonical), longest word first


@cache
def _vocab() -> _Vocab:
    data = tomllib.loads(VOCAB.read_text(encoding="utf-8"))
    applicants = {}
    for canonical, forms in data["applicants"].items():
        for form in [canonical, *forms]:
            applicants[_strip_etc(form)] = canonical
    categories = tuple(_Category(c["name"], tuple(c["words"]), c.get("parent")) for c in data["category"])
    provisions = sorted(((w, name) for name, words in data["provisions"].items() for w in [name, *words]),
                        key=lambda p: -len(p[0]))
    return _Vocab(applicants, dict(data.get("applicant_within", {})), categories, tuple(provisions))


def _compact(text: str) -> str:
    """Return `text` NFKC-folded with whitespace and line breaks removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _strip_etc(name: str) -> str:
    name = _compact(name)
    return name[:-1] if name.endswith("等") and len(name) > 2 else name


def canonical_applicant(name: str | None) -> str | None:
    """Given a printed applicant (``中小``, ``中小企業者等``, ``大企業等``), return its canonical name.

    Names outside the vocabulary are kept as printed, less a trailing 等 (spaces between words stay).
    """
    if name is None or not name.strip():
        return None
    kept = " ".join(unicodedata.normalize("NFKC", name).split())  # a space between words stays
    kept = kept[:-1] if kept.endswith("等") and len(kept) > 2 else kept
    return _vocab().applicants.get(_strip_etc(name), kept)


def applicant_named(text: str | None) -> str | None:
    """Given a condition, return the canonical applicant when the text is nothing but a vocabulary name.

    ``中堅`` → ``中堅企業``, ``⚫ 小規模企業者`` → ``小規模事業者``; a phrase (``中小のみ 4,000万円超``) → None.
    """
    if not text:
        return None
    core = _strip_etc(re.sub(r"^[^\w(（]+", "", _compact(text)))
    return _vocab().applicants.get(core)


def applicant_within(narrow: str | None, broad: str | None) -> bool:
    """Return whether every `narrow` applicant is a `broad` one (equal, or 小規模事業者 within 中小企業)."""
    while narrow is not None:
        if narrow == broad:
            return True
        narrow = _vocab().within.get(narrow)
    return False


def broader_applicant(applicant: str | None) -> str | None:
    """Return the size class `applicant` lies within (小規模事業者 → 中小企業), or None."""
    return _vocab().within.get(canonical_applicant(applicant) or "")


def is_size_class(applicant: str | None) -> bool:
    """Return whether `applicant` is a size class (中小企業, 小規模事業者, …) rather than a special applicant."""
    return applicant in SIZE_CLASSES


@dataclass(frozen=True, slots=True)
class Band:
    """A band of the subsidy amount a value applies to (``50万円超~350万円の部分``); None is open."""

    min: int | None
    max: int | None
    min_inclusive: bool = True
    max_inclusive: bool = True

    def within(self, other: Band) -> bool:
        """Return whether this band lies inside `other`."""
        lo_ok = other.min is None or (self.min is not None and self.min >= other.min)
        hi_ok = other.max is None or (self.max is not None and self.max <= other.max)
        return lo_ok and hi_ok


@dataclass(frozen=True, slots=True)
class Tier:
    """A tier of the applicant's project: processes, functions, employees or members, between bounds."""

    dimension: str  # processes | functions | employees | members | count (unit not printed)
    min: int | None
    max: int | None

    def same(self, other: Tier) -> bool:
        """Return whether both state the same bounds of one dimension (a bare count fits any)."""
        dims = {self.dimension, other.dimension}
        return (len(dims) == 1 or "count" in dims) and (self.min, self.max) == (other.min, other.max)


@dataclass(frozen=True, slots=True)
class Qualifiers:
    """What restricts a value, typed; `case` is a clause (…場合) that fits no typed qualifier;
    `industry` is the industry (or kind of organisation) a definition of an applicant class holds for."""

    band: Band | None = None
    tier: Tier | None = None
    category: str | None = None
    round: str | None = None
    provision: str | None = None
    case: str | None = None
    industry: str | None = None

    def names(self) -> frozenset[str]:
        """Return the names of the qualifiers that are set."""
        return frozenset(k for k in ("band", "tier", "category", "round", "provision", "case", "industry")
                         if getattr(self, k) is not None)

    def to_dict(self) -> dict[str, Any]:
        """Return the set qualifiers as JSON-ready values (bands and tiers flattened, as in spec/diff.md)."""
        out: dict[str, Any] = {}
        if self.band:
            out.update(band_min=self.band.min, band_max=self.band.max,
                       band_min_inclusive=self.band.min_inclusive, band_max_inclusive=self.band.max_inclusive)
        if self.tier:
            out["tier"] = tier_label(self.tier)
            out.update(tier_dimension=self.tier.dimension, tier_min=self.tier.min, tier_max=self.tier.max)
        for k in ("category", "round", "provision", "case", "industry"):
            if getattr(self, k) is not None:
                out[k] = getattr(self, k)
        return out

    def key(self) -> str:
        """Return a canonical string of the qualifiers, equal for equal qualifiers ("" when none)."""
        d = {k: v for k, v in asdict(self).items() if v is not None}
        if self.tier and self.tier.dimension == "count":
            d["tier"] = {"dimension": "count", "min": self.tier.min, "max": self.tier.max}
        return json.dumps(d, ensure_ascii=False, sort_keys=True) if d else ""

    def without(self, *names: str) -> Qualifiers:
        """Return a copy with the named qualifiers unset."""
        return replace(self, **dict.fromkeys(names))

    def refines(self, broader: Qualifiers) -> bool:
        """Return whether these qualifiers say at least what `broader` says (each of its fields, or narrower)."""
        for name in broader.names():
            mine, theirs = getattr(self, name), getattr(broader, name)
            if mine is None:
                return False
            if name == "band" and not mine.within(theirs):
                return False
            if name == "tier" and not mine.same(theirs):
                return False
            if name == "category" and not category_within(mine, theirs):
                return False
            if name == "case" and not similar_text(mine, theirs):
                return False
            if name in ("round", "provision", "industry") and mine != theirs:
                return False
        return True

    def contradicts(self, other: Qualifiers) -> bool:
        """Return whether some qualifier both state differs (another band, tier, category, round or provision)."""
        for name in self.names() & other.names():
            a, b = getattr(self, name), getattr(other, name)
            if name == "band" and not (a.within(b) or b.within(a)):
                return True
            if name == "tier" and not a.same(b):
                return True
            if name == "category" and not (category_within(a, b) or category_within(b, a)):
                return True
            if name in ("round", "provision", "industry") and a != b:
                return True
        return False


def tier_label(t: Tier) -> str:
    """Return a tier as a reader writes it: ``4プロセス以上``, ``従業員6~20人``, ``1機能``."""
    units = {"processes": "プロセス", "functions": "機能", "employees": "人", "members": "者", "count": "つ"}
    unit = units[t.dimension]
    if t.min is not None and t.max is not None:
        span = f"{t.min}{unit}" if t.min == t.max else f"{t.min}~{t.max}{unit}"
    elif t.min is not None:
        span = f"{t.min}{unit}以上"
    else:
        span = f"{t.max}{unit}以下"
    return ("従業員" + span) if t.dimension == "employees" else span


def _categories(text: str) -> list[_Category]:
    return [c for c in _vocab().categories if any(w in text for w in c.words)]


def category_names(category: str) -> set[str]:
    """Return the canonical names a category qualifier joins (``ソフトウェア購入費、導入関連費``)."""
    return set(category.split("、"))


def category_within(narrow: str, broad: str) -> bool:
    """Return whether category `narrow` is `broad`, a part of it, or a sub-category of one of its parts."""
    parents = {c.name: c.parent for c in _vocab().categories}
    wide = category_names(broad)
    return all(n in wide or parents.get(n) in wide for n in category_names(narrow))


def _category(text: str) -> str | None:
    if "以外" in text:  # 「…」以外の経費: the expenses other than those named, a category of its own
        named = _category(text[: text.index("以外")].replace("以外", ""))
        return f"{named}以外" if named else None
    found = _categories(text)
    if not found:
        return None
    # the most specific reading: a sub-category (PC・タブレット等) stands for its parent
    parents = {c.parent for c in found if c.parent}
    return "、".join(c.name for c in found if c.name not in parents)


def similar_text(a: str, b: str) -> bool:
    """Return whether two printed clauses say the same thing (one contains the other, or mostly equal)."""
    if a in b or b in a:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.8


_N = r"(\d+)"
_RANGE = rf"{_N}(?:~{_N})?"
_TIERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("processes", re.compile(rf"(?:プロセス|業務領域)(?:数)?[がはの]?{_RANGE}つ?(以上|以下|まで|ま)?")),
    ("processes", re.compile(rf"{_RANGE}つ?(以上|以下)?(?:の)?(?:業務)?プロセス(?:数)?(以上|以下|まで)?")),
    ("functions", re.compile(rf"機能を{_N}つ(?:のみ)?()()")),
    ("functions", re.compile(rf"{_RANGE}機能(以上|以下)?")),
    ("employees", re.compile(rf"(?<![+\d]){_RANGE}(?:人|名)(以上|以下)?")),
    ("members", re.compile(rf"{_RANGE}(?:者|社)(以上|以下)")),
    ("count", re.compile(rf"(?<![\d.,/万円年月日%]){_RANGE}つ?(以上|以下)(?!の部分)")),
)
_ROUND = re.compile(r"(?:第)?(\d+)(?:次|回|時)(?:締切|締め切り|公募)")
_CASE = re.compile(r"場合|とき(?:は|に)?$")


def _tier(text: str) -> Tier | None:
    for dimension, pattern in _TIERS:
        m = pattern.search(text)
        if not m:
            continue
        lo, hi = int(m.group(1)), m.group(2) or None
        bound = next((g for g in m.groups()[2:] if g), "")
        if dimension == "count" and re.search(r"万?円|%|パーセント|か月|ヶ月", text[m.end():m.end() + 3]):
            continue
        if hi is not None:
            return Tier(dimension, lo, int(hi))
        if bound == "以上":
            return Tier(dimension, lo, None)
        if bound in ("以下", "まで", "ま"):
            return Tier(dimension, None, lo)
        return Tier(dimension, lo, lo)
    return None


def _band(text: str) -> Band | None:
    for _s, _e, amount in find_amounts(text):
        values = [v for v in (amount.min, amount.max) if v is not None]
        # a band is an amount of the subsidy (万円 and up), not a wage step (+50円) or a per-unit price
        if not values or min(values) < 10_000 or amount.per:
            continue
        if amount.min == amount.max:  # one amount is a figure, not a band
            continue
        return Band(amount.min, amount.max, amount.min_inclusive, amount.max_inclusive)
    return None


def _provision(text: str) -> str | None:
    return next((name for word, name in _vocab().provisions if word in text), None)


INDUSTRY_KINDS = frozenset({"employees_max", "capital_max"})
"""Kinds whose condition is the industry a definition holds for (製造業その他), not restrictions."""
MEASURE_KINDS = frozenset({"wage_growth_min", "min_wage_margin"})
"""Kinds whose condition starts with the measure they bound (給与支給総額 年平均成長率), then restrictions."""
REQUIREMENT_KINDS = INDUSTRY_KINDS | MEASURE_KINDS
"""Who may apply and what an applicant must do: a requirement printed for no class holds for everyone."""


def canonical_industry(printed: str) -> str:
    """Given an industry as printed, return it without brackets, spaces and the words in brackets
    (サービス業(旅館業を除く。) → サービス業): the same industry printed in other words compares equal."""
    out, depth = [], 0
    for ch in _compact(printed):
        depth += ch in "(（"
        if depth == 0 and ch not in "・、,":
            out.append(ch)
        depth -= ch in ")）" and depth > 0
    return "".join(out)


def parse_condition(condition: str | None, kind: str | None = None) -> Qualifiers:
    """Given a fact's printed condition (and its kind), return its typed qualifiers (empty when none fit).

    A condition joins the restrictions of several levels with ``; `` (a table header, then the
    row); the most specific level that names a category, band or tier wins. The condition of a
    definition (`INDUSTRY_KINDS`) is its industry; that of a wage requirement (`MEASURE_KINDS`)
    starts with its measure, which restricts nothing.
    """
    if not condition or not condition.strip():
        return Qualifiers()
    if kind in INDUSTRY_KINDS:
        return Qualifiers(industry=canonical_industry(condition) or None)
    parts = condition.split(";")[1:] if kind in MEASURE_KINDS else condition.split(";")
    band = tier = category = round_ = provision = case = None
    for part in (_compact(p) for p in parts):
        part_band, part_tier, part_provision = _band(part), _tier(part), _provision(part)
        band, tier, provision = part_band or band, part_tier or tier, part_provision or provision
        category = _category(part) or category
        if m := _ROUND.search(part):
            round_ = f"{int(m.group(1))}次"
        # a case clause counts only where nothing typed explains the part it ends
        if _CASE.search(part) and not (part_band or part_tier or part_provision):
            case = part
    return Qualifiers(band, tier, category, round_, provision, case)
