"""One way to print a number in the window: readable for huge, tiny and non-finite values.

A diverging run produces losses such as 1e301; fixed-point formatting printed
them with 300 digits and pushed the toolbar's read-outs out of sight.

The teaching views (canvas cards and tooltips, the step-through, the gradient
check, the loss landscape, the heatmap read-out) print numbers with :func:`fmt`:
the number of significant digits the user chose in Edit > Preferences
(:func:`set_precision`, announced by ``style_changes.precision_changed``).
Compact read-outs (the toolbar, scale ticks) keep their fixed width.
"""

from __future__ import annotations

import math

from playground.ui.style.changes import style_changes

#: Shown for a value that does not exist yet (no test set, nothing trained).
MISSING = "–"
MINUS = "\u2212"
#: Significant digits of the teaching views: the default and the choices.
DEFAULT_PRECISION = 4
MIN_PRECISION, MAX_PRECISION = 2, 8
_precision = {"digits": DEFAULT_PRECISION}


def precision() -> int:
    """Significant digits the teaching views show now."""
    return _precision["digits"]


def set_precision(digits: int) -> bool:
    """Show ``digits`` (2..8) significant digits from now on; True (and a signal) if it changed.

    Raises
    ------
    ValueError
        ``digits`` is not a whole number in 2..8 (nothing changes).
    """
    try:
        whole = not isinstance(digits, bool) and int(digits) == digits
    except (TypeError, ValueError):
        whole = False
    if not whole or not MIN_PRECISION <= digits <= MAX_PRECISION:
        raise ValueError(f"precision must be a whole number of digits from {MIN_PRECISION} to {MAX_PRECISION}, "
                         f"not {digits!r}")
    digits = int(digits)
    if digits == _precision["digits"]:
        return False
    _precision["digits"] = digits
    style_changes.precision_changed.emit(digits)
    return True


def decimals() -> int:
    """Decimal places of the step-through's fixed-point equations: two fewer than the digits (4 -> 2).

    Its numbers are mostly between 0.1 and 10, where that many places give
    about the chosen number of significant digits; fixed places keep the
    columns of an equation aligned.
    """
    return precision() - 2


def fmt(value, more: int = 0) -> str:
    """``value`` at the preferred precision (plus ``more`` digits, at least one), with a true minus sign.

    The gradient check asks for two more digits than the rest (agreement in the
    sixth digit is its point); ``"–"`` for None as :func:`format_number`.
    """
    return format_number(value, max(1, precision() + more)).replace("-", MINUS)


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
