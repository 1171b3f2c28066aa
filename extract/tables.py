"""Tables on PDF pages as cell grids (placeholder: the ruled-table finder lands next)."""

from __future__ import annotations

import pymupdf

from extract.layout import Unit
from extract.model import Table


def find_tables(page: pymupdf.Page, units: list[Unit]) -> tuple[list[Table], list[Unit]]:
    """Given a page and its text units, return its tables and the units with table text regrouped."""
    return [], units
