"""The program catalog (canonical names and aliases) and the curated lineage of renamed frames.

Both are data files next to this module (`catalog.toml`, `lineage.toml`), read once. When the
fact extractor's catalog (`extract/facts/catalog.toml`) is present, its aliases are merged in, so
the two catalogs cannot drift apart in what they accept.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def _catalog() -> dict[str, tuple[str, ...]]:
    """Return canonical name → aliases: this folder's catalog.toml, merged with the fact extractor's."""
    data = tomllib.loads((HERE / "catalog.toml").read_text(encoding="utf-8"))
    merged = {name: list(aliases) for name, aliases in data["programs"].items()}
    extractor = HERE.parent / "extract" / "facts" / "catalog.toml"
    if extractor.is_file():  # the extractor's catalog ([[program]] name/aliases) is the richer source
        try:
            entries = tomllib.loads(extractor.read_text(encoding="utf-8")).get("program", [])
        except (tomllib.TOMLDecodeError, OSError):
            entries = []
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                known = merged.setdefault(entry["name"], [])
                known += [a for a in entry.get("aliases", []) if isinstance(a, str) and a not in known]
    return {name: tuple(aliases) for name, aliases in merged.items()}


def catalog_aliases(program: str) -> tuple[str, ...]:
    """Given a canonical program name, return its other printed names (none for unknown programs)."""
    return _catalog().get(program, ())


def canonical_program(name: str) -> str | None:
    """Given a canonical name or an alias from the catalog, return the canonical name, else None."""
    for canonical, aliases in _catalog().items():
        if name == canonical or name in aliases:
            return canonical
    return None
