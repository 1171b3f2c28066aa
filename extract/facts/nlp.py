"""GiNZA (ja_ginza) loading: once per process, with only the components the extractor uses."""

from __future__ import annotations

from functools import cache
from typing import Any

MODEL = "ja_ginza"


@cache
def load_nlp(model: str = MODEL) -> Any:
    """Return the spaCy pipeline `model`, loaded on first use and shared by later calls.

    The vocabulary's string table (ja_ginza: 600,000 strings, about 115 MB of a worker's
    memory) is left on disk: the tagger and parser work on hashes and the static vectors
    are keyed by hash, and every string a parse shows is added as the text is tokenized,
    so parses are the same (`tests/facts/test_ginza.py` compares them).
    """
    import spacy

    return spacy.load(model, exclude=["strings"])
