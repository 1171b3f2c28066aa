"""GiNZA (ja_ginza) loading: once per process, and only in a process that has a sentence to parse."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

MODEL = "ja_ginza"


def load_nlp(model: str = MODEL) -> Any:
    """Return the spaCy pipeline `model`, loaded on first use and shared by later calls.

    The vocabulary's string table (ja_ginza: 600,000 strings, about 115 MB of a worker's
    memory) is left on disk: the tagger and parser work on hashes and the static vectors
    are keyed by hash, and every string a parse shows is added as the text is tokenized,
    so parses are the same (`tests/facts/test_ginza.py` compares them).
    """
    return _loaded(model)


@cache
def _loaded(model: str) -> Any:
    # keyed by the model alone: a cache on `load_nlp` itself held `load_nlp()` and `load_nlp("ja_ginza")`
    # apart, and a process calling it both ways loaded GiNZA twice
    import spacy

    return spacy.load(model, exclude=["strings"])


class LazyNLP:
    """Stands for `load_nlp(model)` and loads it on the first `pipe` call that has texts.

    Most documents give the fact stage no sentence to parse; a worker that only sees those
    never pays GiNZA's load time or its few hundred MB of memory.
    """

    def __init__(self, model: str = MODEL) -> None:
        self.model = model

    def pipe(self, texts: Iterable[str], **kw: Any) -> Iterator[Any]:
        """Parse `texts` like `Language.pipe`, loading the model only when there is one."""
        items = list(texts)
        if not items:
            return iter(())
        return iter(load_nlp(self.model).pipe(items, **kw))

    @property
    def loaded(self) -> bool:
        """Return whether this process has loaded the model already."""
        return _loaded.cache_info().currsize > 0
