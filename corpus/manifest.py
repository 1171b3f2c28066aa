"""Load the corpus manifest (`corpus/manifest.toml`) into typed entries."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.config import MANIFEST
from schema.store import DocumentMeta

KINDS = frozenset({"slide_deck", "leaflet", "koubo_youryou", "kouhu_kitei", "tebiki", "faq", "text_layer"})


class ManifestError(ValueError):
    """The manifest is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One manifest document."""

    key: str
    file: str
    sha256: str
    title: str
    issuer: str
    published: str
    kind: str
    licence: str
    source_url: str | None = None
    portal: str | None = None
    note: str | None = None

    def meta(self) -> DocumentMeta:
        """Return the database description of this entry."""
        return DocumentMeta(
            key=self.key, sha256=self.sha256, file_name=Path(self.file).name, title=self.title,
            issuer=self.issuer, published=parse_partial_date(self.published), kind=self.kind,
            source_url=self.source_url, licence=self.licence,
        )


def parse_partial_date(s: str) -> dt.date:
    """Given YYYY, YYYY-MM or YYYY-MM-DD, return the date (first day of a partial one)."""
    parts = [int(p) for p in s.split("-")]
    parts += [1] * (3 - len(parts))
    return dt.date(*parts)


def load_manifest(path: Path = MANIFEST) -> list[Entry]:
    """Given the manifest path, return its entries, checked for required fields and unique keys."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    defaults = data.get("defaults", {})
    entries: list[Entry] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("document", []), 1):
        fields = {**defaults, **raw}
        key = fields.get("key", f"#{i}")
        missing = [f for f in ("key", "file", "sha256", "title", "issuer", "published", "kind", "licence")
                   if not fields.get(f)]
        if missing:
            raise ManifestError(f"{path}: document {key}: missing {', '.join(missing)}")
        if fields["kind"] not in KINDS:
            raise ManifestError(f"{path}: document {key}: unknown kind {fields['kind']!r}")
        if key in seen:
            raise ManifestError(f"{path}: document {key}: duplicate key")
        try:
            parse_partial_date(fields["published"])
        except (TypeError, ValueError) as e:
            raise ManifestError(f"{path}: document {key}: bad published date: {e}") from None
        seen.add(key)
        known: dict[str, Any] = {k: fields.get(k) for k in Entry.__dataclass_fields__}
        entries.append(Entry(**known))
    return entries
