"""Errors of the normalize stage."""

from __future__ import annotations


class NormalizeError(Exception):
    """Base error of the normalize stage."""


class ParseError(NormalizeError, ValueError):
    """The text is not an expression of the requested kind (date, amount, rate, number)."""
