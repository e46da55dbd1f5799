"""Input features computed from 2-D points, chosen by name.

TF Playground's seven (``x1``, ``x2``, ``x1^2``, ``x2^2``, ``x1*x2``,
``sin(x1)``, ``sin(x2)``) plus ``cos(x1)`` and ``cos(x2)``. A feature is a
function of the raw point only, so the same names map the training data, the
boundary grid and new points identically.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from playground.data.errors import DataError

_Feature = Callable[[np.ndarray, np.ndarray], np.ndarray]

#: name -> function of (x1 (n,), x2 (n,)) returning (n,). Order = the order the app lists them.
FEATURES: dict[str, _Feature] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
    "cos(x1)": lambda x1, x2: np.cos(x1),
    "cos(x2)": lambda x1, x2: np.cos(x2),
}

#: TF Playground's seven features, in its order.
TF_FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")


def check_features(names) -> tuple[str, ...]:
    """Validate a feature selection and return it as a tuple.

    Raises
    ------
    DataError
        If the selection is empty, repeats a name or names an unknown feature.
    """
    names = tuple(names)
    if not names:
        raise DataError("select at least one input feature")
    for name in names:
        if name not in FEATURES:
            raise DataError(f"unknown feature {name!r}; choose from {', '.join(FEATURES)}")
    if len(set(names)) != len(names):
        raise DataError(f"features repeat a name: {list(names)}")
    return names


def compute_features(points: np.ndarray, names) -> np.ndarray:
    """Map raw 2-D points to the selected features.

    Parameters
    ----------
    points : ndarray, shape (n, 2)
        Raw points ``(x1, x2)``.
    names : sequence of str
        Keys of :data:`FEATURES`, in the order of the output columns.

    Returns
    -------
    ndarray, shape (n, len(names)), float64
        inf where a feature overflows.
    """
    names = check_features(names)
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise DataError(f"features need 2-D points of shape (n, 2), got shape {points.shape}")
    x1, x2 = points[:, 0], points[:, 1]
    out = np.empty((points.shape[0], len(names)), dtype=np.float64)
    # Huge inputs overflow (x1^2 of 1e200): no NumPy warning, callers check the result for inf
    # and name the cause (playground.data.finite.check_features).
    with np.errstate(over="ignore", invalid="ignore"):
        for j, name in enumerate(names):
            out[:, j] = FEATURES[name](x1, x2)
    return out
