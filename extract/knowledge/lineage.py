"""The curated lineage of frames: renames and merges between editions that the documents do not print.

Data in `lineage.toml` beside this module, read once; the diff applies a row before what it finds
in the documents themselves (`extract.knowledge.pairing`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LINEAGE_TOML = Path(__file__).with_name("lineage.toml")


@dataclass(frozen=True, slots=True)
class Rename:
    """A frame the publisher renamed or merged between budget years (old label → new label)."""

    old: str
    new: str
    program: str | None = None
    note: str = ""


@cache
def lineage() -> tuple[Rename, ...]:
    """Return the curated frame renames of `lineage.toml`."""
    data = tomllib.loads(LINEAGE_TOML.read_text(encoding="utf-8"))
    return tuple(Rename(r["old"], r["new"], r.get("program"), r.get("note", "")) for r in data["rename"])
