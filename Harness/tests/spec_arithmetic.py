"""The Spec's rounding (arithmetic.md), for the Python references the tests compute on their own."""

from __future__ import annotations


def ceil_div(a: int, b: int) -> int:
    """divUp: a / b rounded up, for a >= 0 and b > 0."""
    return -(-a // b)
