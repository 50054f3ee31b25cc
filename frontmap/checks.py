"""Checks of the numbers and values the library's public functions are handed.

One rule each, shared by every module that takes a number from a user: what a
finite number is (a real number, not a bool, finite, however large an int it
is), how a value is shown in a one-line message, and the "finite number > 0"
check of widths, depths and claimed figures.
"""

from __future__ import annotations

import math
from typing import TypeGuard

from .errors import InvalidSpecError

__all__ = ["check_positive_number", "is_finite_number", "show_value"]

#: Longest ``repr`` a message shows of a value before cutting it.
SHOWN_CHARS = 60


def is_finite_number(value: object) -> TypeGuard[int | float]:
    """Whether ``value`` is a real number (not a bool) that is finite.

    Parameters
    ----------
    value : object
        Anything a caller passed.

    Returns
    -------
    bool
        False for bools, strings, None, NaN, infinities and ints too large
        for a float.

    Examples
    --------
    >>> is_finite_number(12), is_finite_number(True), is_finite_number(float("nan")), is_finite_number(10**400)
    (True, False, False, False)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def show_value(value: object, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` cut to ``limit`` characters: safe to put in a one-line message.

    Parameters
    ----------
    value : object
        The value to show.
    limit : int
        Most characters shown; a cut ``repr`` ends in an ellipsis.

    Returns
    -------
    str
        The (cut) ``repr``.

    Examples
    --------
    >>> show_value("x" * 100, limit=8)
    "'xxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_positive_number(value: object, name: str) -> float:
    """``value`` as a float if it is a finite number > 0, else an :class:`~frontmap.errors.InvalidSpecError`.

    Parameters
    ----------
    value : object
        The number to check.
    name : str
        The parameter it was given as: named in the message and as the error's ``param``.

    Returns
    -------
    float
        The value.

    Raises
    ------
    InvalidSpecError
        When ``value`` is not a finite number > 0 (a bool, a string, NaN, 0, ...).

    Examples
    --------
    >>> check_positive_number(12, "depth_km")
    12.0
    >>> check_positive_number(-1, "depth_km")
    Traceback (most recent call last):
    ...
    frontmap.errors.InvalidSpecError: depth_km=-1 is not allowed: it must be a finite number > 0
    """
    if not is_finite_number(value) or value <= 0:
        raise InvalidSpecError(f"{name}={show_value(value)} is not allowed: it must be a finite number > 0", name)
    return float(value)
