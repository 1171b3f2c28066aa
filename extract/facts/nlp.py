"""GiNZA (ja_ginza) loading: once per process, with only the components the extractor uses."""

from __future__ import annotations

from functools import cache
from typing import Any

MODEL = "ja_ginza"


@cache
def load_nlp(model: str = MODEL) -> Any:
    """Return the spaCy pipeline `model`, loaded on first use and shared by later calls."""
    import spacy

    return spacy.load(model)
