"""A time budget per page of the fact stage: a page that takes too long is skipped, named, never a hang.

The fact stage's cost is linear in a page's characters, but a page may still be enormous (one line of
megabytes of values). `PageBudget` adds up the seconds each page takes in every pass of the stage
(its walk, the reading of its segments, the making of its facts); a page over the budget is dropped
with everything read from it so far, and the document goes on without it. Inside the passes, the
loops over values call `check()`, which raises `PageTimeUpError` once the page's time is up, so a
page stops at its budget rather than after its pass; the deadline is held in a context variable, so
it works the same in this process, in a pool worker and in a thread of a Dask worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

_DEADLINE: ContextVar[float | None] = ContextVar("hojo_page_deadline", default=None)


class PageTimeUpError(Exception):
    """The page being read has used up its time budget."""


def check() -> None:
    """Raise `PageTimeUpError` when the page being read has used up its time (a no-op outside a budget)."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.perf_counter() > deadline:
        raise PageTimeUpError


@dataclass(slots=True)
class PageBudget:
    """The seconds each page has taken so far, against `seconds` per page (None: no budget)."""

    seconds: float | None = None
    spent: dict[int, float] = field(default_factory=dict)
    over: set[int] = field(default_factory=set)

    def call(self, page: int, fn: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        """Run `fn` for page `page` within what is left of its budget; return its result, or None when
        the page is (or now goes) over its budget."""
        if page in self.over:
            return None
        used = self.spent.get(page, 0.0)
        t0 = time.perf_counter()
        token = _DEADLINE.set(None if self.seconds is None else t0 + self.seconds - used)
        try:
            out = fn(*args, **kwargs)
        except PageTimeUpError:
            out = None
            self.over.add(page)
        finally:
            _DEADLINE.reset(token)
            self.spent[page] = used + time.perf_counter() - t0
        if self.seconds is not None and self.spent[page] > self.seconds:
            self.over.add(page)
        return None if page in self.over else out

    def skipped(self) -> list[tuple[int, float]]:
        """Return the pages dropped, in order, with the seconds they had taken."""
        return [(p, round(self.spent.get(p, 0.0), 1)) for p in sorted(self.over)]
