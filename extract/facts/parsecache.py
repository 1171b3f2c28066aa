"""Answers of the GiNZA association kept on disk, so a rebuild parses only sentences it has not seen.

A fact-rule change re-runs the fact stage on every document, but the sentences that need a
dependency parse, and what the parse says of them, rarely change. Each answer (the applicant
attached to a value, or none) is stored under a digest of the sentence, the value's span, the
model's name and version, and the code and rules that read the parse (`associate.py`, `cues.py`, `rules.toml`): a
new model or a change to that code misses the cache instead of reusing a stale answer.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from functools import cache
from pathlib import Path

Pair = tuple[str, tuple[int, int]]
_MISSING = object()


@cache
def _salt(model: str) -> bytes:
    """Return what every key of `model`'s answers starts from: model version and the reading code."""
    from importlib.metadata import PackageNotFoundError, version

    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    h.update(model.encode())
    for dist in ("ja-ginza", "ginza", "spacy"):
        try:
            h.update(version(dist).encode())
        except PackageNotFoundError:
            h.update(b"-")
    for name in ("associate.py", "cues.py", "rules.toml"):
        h.update((here / name).read_bytes())
    return h.digest()


def key(pair: Pair, model: str) -> str:
    """Return the cache key of a (sentence, value span) pair parsed by `model`."""
    text, (start, end) = pair
    return hashlib.blake2b(_salt(model) + f"{start}:{end}\x00{text}".encode(), digest_size=16).hexdigest()


class ParseCache:
    """A SQLite file of answers, safe to share between the threads of one process."""

    def __init__(self, path: Path, model: str = "ja_ginza") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.model = model
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        with self._lock, self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, applicant TEXT)")

    def get(self, pairs: list[Pair]) -> list[object]:
        """Return the stored answer of each pair (a string or None), or a marker where there is none."""
        keys = [key(p, self.model) for p in pairs]
        with self._lock:
            found = dict(self._db.execute(
                f"SELECT key, applicant FROM answers WHERE key IN ({','.join('?' * len(keys))})", keys).fetchall())
        return [found.get(k, _MISSING) for k in keys]

    def put(self, pairs: list[Pair], answers: list[str | None]) -> None:
        """Store the answers of `pairs`."""
        rows = [(key(p, self.model), a) for p, a in zip(pairs, answers, strict=True)]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?)", rows)

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()


def is_missing(answer: object) -> bool:
    """Return whether `ParseCache.get` found no answer."""
    return answer is _MISSING
