"""Checks that the arrays handed to the engine are finite, and messages naming the real cause.

Raw values are finite by the time they get here (CSV cells and inline points are
checked when read), but huge ones can still overflow float64 later: in a feature
(``x1^2`` of 1e200), in standardization, or in the loss of the targets. NumPy
would warn and carry on with inf/NaN; these functions compute quietly (inside
``np.errstate``) and raise :class:`DataError` saying which column or feature is
too large.
"""

from __future__ import annotations

import numpy as np

from playground.data.errors import DataError, quoted


def as_float_array(values, field: str) -> np.ndarray:
    """``np.asarray(values, float64)``, refusing Python integers beyond float64's range.

    Raises
    ------
    DataError
        Naming ``field`` when a number is too large for a float (beyond about ±1.8e308).
    """
    try:
        return np.asarray(values, dtype=np.float64)
    except OverflowError:
        raise DataError(f"{field} holds a number too large for a float (beyond ±1.8e308)") from None


def first_nonfinite(X: np.ndarray) -> tuple[int, int] | None:
    """``(row, column)`` of the first NaN or inf of a 2-D array, or None."""
    bad = ~np.isfinite(X)
    if not bad.any():
        return None
    i, j = np.argwhere(bad)[0]
    return int(i), int(j)


def _point(raw: np.ndarray, raw_names, i: int) -> str:
    """``x1 = 1e+200, x2 = 3`` for sample ``i`` (at most four columns shown)."""
    parts = [f"{quoted(n, 20)[1:-1]} = {v:.4g}" for n, v in zip(raw_names, raw[i].tolist())]
    return ", ".join(parts[:4]) + (", …" if len(parts) > 4 else "")


def check_features(X: np.ndarray, raw: np.ndarray, feature_names, raw_names, what: str = "sample") -> None:
    """Refuse features that overflowed (``x1^2`` of 1e200), naming the feature and the point.

    Parameters
    ----------
    X : ndarray, shape (n, k)
        Computed features.
    raw : ndarray, shape (n, d)
        The raw points they came from.
    what : str
        How a row is called in the message (``"sample"``, ``"row"``).
    """
    at = first_nonfinite(X)
    if at is not None:
        i, j = at
        raise DataError(f"input feature {quoted(feature_names[j])} overflows for {what} {i + 1} "
                        f"({_point(raw, raw_names, i)}): the values are too large; scale the data")


def check_standardized(X: np.ndarray, feature_names) -> None:
    """Refuse standardized features that overflowed (a column spanning more than float64 holds)."""
    at = first_nonfinite(X)
    if at is not None:
        raise DataError(f"data.normalize: feature {quoted(feature_names[at[1]])} spans more than a float "
                        "can hold after centring; scale the column")


def check_targets(T: np.ndarray, labels: np.ndarray, target_name: str, n_classes: int) -> None:
    """Refuse regression targets whose squared error overflows float64 (|t| beyond about 1e154).

    The network starts near 0, so the first loss is about ``mean(t**2) / 2``; if that
    is inf, training can only produce inf and NaN.
    """
    if n_classes:
        return
    with np.errstate(over="ignore", invalid="ignore"):
        squares = np.square(T)
        finite = bool(np.all(np.isfinite(squares))) and bool(np.isfinite(np.mean(squares)))
    if not finite:
        largest = float(np.max(np.abs(labels)))
        raise DataError(f"the targets{f' in column {quoted(target_name)}' if target_name else ''} are too "
                        f"large (up to {largest:.3g}): their squared error overflows a float; scale them")
