"""Weight regularization by name: ``none``, ``l1``, ``l2`` (weights only, never biases).

With rate ``r`` the penalty added to the mean loss is (TF Playground's convention)

- ``l1``: ``r * sum |w|``, gradient ``r * sign(w)`` (0 at ``w = 0``, a subgradient);
- ``l2``: ``r/2 * sum w^2``, gradient ``r * w``.

The network keeps all parameters in one flat vector; a 0/1 mask over it marks
the weights, so a penalty and its gradient cost a few NumPy calls for the
whole network.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .kernels import vdot


@dataclass(frozen=True)
class Regularization:
    """One regularizer.

    Attributes
    ----------
    name : str
    penalty : callable
        ``penalty(weights, rate) -> float`` for a list of weight matrices.
    build : callable or None
        ``build(theta, grad, mask) -> fn(rate) -> float``: adds the penalty's
        gradient into the flat ``grad`` in place and returns the penalty.
        None for ``none``.
    """

    name: str
    penalty: Callable
    build: Callable | None


def _l1_penalty(weights, rate):
    return rate * float(sum(np.abs(w).sum() for w in weights))


def _l2_penalty(weights, rate):
    return 0.5 * rate * float(sum(np.vdot(w, w) for w in weights))


def _l1_build(theta, grad, mask):
    masked = np.empty_like(theta)

    def add(rate):
        np.sign(theta, masked)
        np.multiply(masked, mask, masked)
        penalty = rate * float(vdot(masked, theta))  # sum sign(w) w = sum |w|
        np.multiply(masked, rate, masked)
        np.add(grad, masked, grad)
        return penalty

    return add


def _l2_build(theta, grad, mask):
    masked = np.empty_like(theta)

    def add(rate):
        np.multiply(theta, mask, masked)
        penalty = 0.5 * rate * float(vdot(masked, masked))
        np.multiply(masked, rate, masked)
        np.add(grad, masked, grad)
        return penalty

    return add


#: Regularizers by name.
REGULARIZATIONS: dict[str, Regularization] = {
    "none": Regularization("none", lambda weights, rate: 0.0, None),
    "l1": Regularization("l1", _l1_penalty, _l1_build),
    "l2": Regularization("l2", _l2_penalty, _l2_build),
}


def get_regularization(name: str | None) -> Regularization:
    """Return the regularizer called ``name`` (case-insensitive; None means ``none``)."""
    key = "none" if name is None else str(name).lower()
    try:
        return REGULARIZATIONS[key]
    except KeyError:
        raise ValueError(f"unknown regularization {name!r}; choose one of {sorted(REGULARIZATIONS)}") from None


def check_rate(rate) -> float:
    """Return ``rate`` as a float; ``ValueError`` unless it is finite and >= 0."""
    try:
        value = float(rate)
    except (TypeError, ValueError):
        raise ValueError(f"regularization rate must be a number, not {rate!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"regularization rate must be finite and >= 0, not {rate!r}")
    return value
