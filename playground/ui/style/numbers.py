"""One way to print a number in the window: readable for huge, tiny and non-finite values.

A diverging run produces losses such as 1e301; fixed-point formatting printed
them with 300 digits and pushed the toolbar's read-outs out of sight.
"""

from __future__ import annotations

import math

#: Shown for a value that does not exist yet (no test set, nothing trained).
MISSING = "–"


def format_number(value, digits: int = 4) -> str:
    """``value`` with ``digits`` significant digits: fixed point, or scientific when shorter.

    Parameters
    ----------
    value : float or None
    digits : int
        Significant digits (``format(value, ".4g")``).

    Returns
    -------
    str
        ``"–"`` for None, ``"NaN"``, ``"∞"`` / ``"−∞"``, ``"0.03125"``, ``"1.2e+301"``, ``"3.1e-07"``.
    """
    if value is None:
        return MISSING
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.{digits}g}"


def format_percent(value, digits: int = 1) -> str:
    """A fraction as a percentage (``0.953`` -> ``"95.3%"``); None and NaN as :func:`format_number` shows them."""
    if value is None or not math.isfinite(float(value)):
        return format_number(value)
    return f"{float(value):.{digits}%}"
