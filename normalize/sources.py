"""A package's own source files, named by the part of the pipeline they shape, and their digest.

A build stores, per document, the version of each stage whose output the database holds and re-runs
a stage when its version changes (`corpus.stages`). A stage's version is made of the digests that the
packages running its code give of their own files: each package lists its parts in its `sources`
module (this one for normalize, `extract.sources`, `schema.sources`), so no package reads another's
files by path. `Sources` lives here, in the package every other one may import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_SUFFIXES = frozenset({".py", ".toml", ".json", ".txt"})
NOT_OUTPUT = frozenset({"__main__.py", "cli.py", "sources.py"})
"""Files that never shape stored output: command lines, and the lists of sources themselves."""


@dataclass(frozen=True, slots=True)
class Sources:
    """Some code and data files of one package: globs relative to its folder `root`."""

    root: Path
    patterns: tuple[str, ...]

    def files(self) -> list[Path]:
        """Return the matching code and data files, sorted."""
        found = {f for pattern in self.patterns for f in self.root.glob(pattern)
                 if f.is_file() and f.suffix in DATA_SUFFIXES and f.name not in NOT_OUTPUT
                 and "__pycache__" not in f.parts}
        return sorted(found)

    def digest(self) -> str:
        """Return the digest of the files (their names within the package, and bytes): 12 hex digits."""
        return _digest(self)


@cache
def _digest(sources: Sources) -> str:
    h = hashlib.sha256()
    for f in sources.files():
        h.update(f"{sources.root.name}/{f.relative_to(sources.root).as_posix()}".encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def version(parts: Iterable[Sources]) -> str:
    """Given the parts of several packages that one piece of work runs, return one version of them all
    (12 hex digits)."""
    return hashlib.sha256(";".join(p.digest() for p in parts).encode()).hexdigest()[:12]


HERE = Path(__file__).resolve().parent
GLYPHS = Sources(HERE, ("__init__.py", "glyphs.py", "_radicals.py", "errors.py"))
"""What reading text runs: glyph normalisation."""
QUALIFIERS = Sources(HERE, ("qualifiers.py", "vocab.toml"))
"""What deriving statements runs: the qualifiers of a value and their vocabulary."""
EVERYTHING = Sources(HERE, ("**/*",))
"""What the fact stage runs: every parser of this package."""
