"""The program catalog as the database sees it: the aliases a new program is stored with, and the
canonical name an alias stands for.

There is one catalog, the fact stage's (`extract.facts.catalog`, data in `extract/facts/catalog.toml`);
these are two look-ups on it, so what the facts name a program and what `hojo diff --program` or
`program_aliases` accept cannot drift apart.
"""

from __future__ import annotations

from extract.facts.catalog import default_catalog


def catalog_aliases(program: str) -> tuple[str, ...]:
    """Given a canonical program name, return its other printed names (none for unknown programs)."""
    entry = default_catalog().programs.get(program)
    return entry.aliases if entry is not None else ()


def canonical_program(name: str) -> str | None:
    """Given a canonical name or an alias from the catalog, return the canonical name, else None."""
    for entry in default_catalog().programs.values():
        if name == entry.name or name in entry.aliases:
            return entry.name
    return None
