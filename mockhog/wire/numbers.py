"""Integers read from text as Python's int() (so Django and DRF) reads them, without its exceptions."""

from __future__ import annotations


def int_or_none(text: str) -> int | None:
    """``int(text)``, or None where int() raises: not a number ("²" is a digit but no decimal), or more
    digits than it converts (4300)."""
    try:
        return int(text)
    except ValueError:
        return None
