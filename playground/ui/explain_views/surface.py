"""One loss surface as the landscape view draws it, computed off the GUI thread (no Qt).

:func:`compute_surface` runs :func:`playground.explain.loss_landscape` and the
contour lines together, so the GUI thread only hands arrays to pyqtgraph.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from playground.explain import Parameter, loss_landscape

from .contours import contour_levels, contour_segments


@dataclass(frozen=True, eq=False)
class Surface:
    """A computed landscape.

    Attributes
    ----------
    first, second : Parameter
        The parameters on the x axis (columns) and the y axis (rows).
    w1 : ndarray (steps,)
        x values.
    w2 : ndarray (steps,)
        y values.
    J : ndarray (steps, steps)
        ``J[r, c]``: the loss at ``first = w1[c]``, ``second = w2[r]``.
    levels : ndarray (k,)
        Contour levels.
    segments : ndarray (2 m, 2)
        Contour line segments, as pairs of ``(x, y)`` points.
    weights, biases : list of ndarray
        The parameters the surface was computed at (to tell when they moved far).
    problem : tuple
        ``(loss, regularization, rate)`` used.
    span : float
    seconds : float
        CPU-side wall time of the landscape and its contours.
    """

    first: Parameter
    second: Parameter
    w1: np.ndarray
    w2: np.ndarray
    J: np.ndarray
    levels: np.ndarray
    segments: np.ndarray
    weights: list
    biases: list
    problem: tuple
    span: float
    seconds: float

    @property
    def pair(self) -> tuple[Parameter, Parameter]:
        return self.first, self.second

    def centre(self) -> tuple[float, float]:
        """The parameters' values the grid is centred on."""
        return float((self.w1[0] + self.w1[-1]) / 2), float((self.w2[0] + self.w2[-1]) / 2)


def compute_surface(net, X, T, problem: tuple, first: Parameter, second: Parameter, span: float,
                    steps: int) -> Surface:
    """The landscape of ``net`` (the caller's own copy) over ``first`` x ``second``, with its contours.

    Parameters
    ----------
    net : Network
    X : ndarray (n, n_in)
    T : ndarray (n, n_out)
    problem : tuple
        ``(loss, regularization, regularization_rate)``.
    first, second : Parameter
    span : float
    steps : int

    Raises
    ------
    ValueError
        From :func:`loss_landscape` (the same parameter twice, bad span or steps).
    """
    start = time.perf_counter()
    loss, regularization, rate = problem
    w1, w2, J = loss_landscape(net, X, T, loss=loss, first=(first.layer, first.i, first.j),
                               second=(second.layer, second.i, second.j), span=span, steps=steps,
                               regularization=regularization, regularization_rate=rate)
    levels = contour_levels(J)
    segments = contour_segments(w1, w2, J, levels)
    weights, biases = net.get_parameters()
    return Surface(first, second, w1, w2, J, levels, segments, weights, biases, tuple(problem), float(span),
                   time.perf_counter() - start)
