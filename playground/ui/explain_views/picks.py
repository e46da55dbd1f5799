"""The landscape view's choices without Qt: which parameters exist, the preselected pair, the path.

A parameter is ``(l, i, j)`` as in :mod:`playground.explain.parameters`
(``j = -1``: the bias ``biases[l][i]``).
"""

from __future__ import annotations

from collections import deque

import numpy as np

from playground.explain import Parameter

#: Snapshots of the training path kept (the last few hundred).
PATH_LENGTH = 400


def all_parameters(sizes) -> list[Parameter]:
    """Every weight and bias of a network with layer ``sizes`` ``[n_in, ..., n_out]``.

    Layer by layer, each layer's weights (row by row) then its biases: the
    order of the parameter lists.
    """
    params = []
    for l, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        params += [Parameter(l, i, j) for i in range(fan_in) for j in range(fan_out)]
        params += [Parameter(l, k, -1) for k in range(fan_out)]
    return params


def preselected_pair(sizes) -> tuple[Parameter, Parameter] | None:
    """The pair shown without a pick: a one-neuron model's two parameters, else None.

    One neuron (no hidden layer, one output) with two or more inputs: its first
    two weights ``w_1, w_2`` (the chapter's J(w1, w2)); with one input: its
    weight and its bias.
    """
    if len(sizes) != 2 or sizes[1] != 1:
        return None
    if sizes[0] >= 2:
        return Parameter(0, 0, 0), Parameter(0, 1, 0)
    return Parameter(0, 0, 0), Parameter(0, 0, -1)


def fits(p: Parameter, sizes) -> bool:
    """Whether ``p`` names a parameter of a network with layer ``sizes``."""
    if not 0 <= p.layer < len(sizes) - 1:
        return False
    fan_in, fan_out = sizes[p.layer], sizes[p.layer + 1]
    if p.is_bias:
        return 0 <= p.i < fan_out
    return 0 <= p.i < fan_in and 0 <= p.j < fan_out


def value_of(p: Parameter, weights, biases) -> float:
    """``p``'s value in parameter lists ``weights[l]`` ``(fan_in, fan_out)``, ``biases[l]`` ``(fan_out,)``."""
    return float(biases[p.layer][p.i] if p.is_bias else weights[p.layer][p.i, p.j])


def largest_change(old, new) -> float:
    """``max |new - old|`` over every array of two parameter lists of the same shapes (inf if they differ)."""
    if len(old) != len(new) or any(np.shape(a) != np.shape(b) for a, b in zip(old, new)):
        return float("inf")
    return max((float(np.max(np.abs(np.asarray(b) - np.asarray(a)))) for a, b in zip(old, new) if np.size(a)),
               default=0.0)


class TrainingPath:
    """The picked pair's values at the last ``length`` snapshots (oldest first).

    Parameters
    ----------
    length : int
        Points kept; older ones are dropped.
    """

    def __init__(self, length: int = PATH_LENGTH) -> None:
        self._points: deque[tuple[float, float]] = deque(maxlen=int(length))
        self._last_step: int | None = None

    def __len__(self) -> int:
        return len(self._points)

    def clear(self) -> None:
        self._points.clear()
        self._last_step = None

    def record(self, step: int | None, v1: float, v2: float) -> bool:
        """Add the point of training step ``step``; a repeated step replaces its point. True if added."""
        if step is not None and step == self._last_step and self._points:
            self._points[-1] = (float(v1), float(v2))  # same step again (e.g. an edit while paused)
            return False
        self._points.append((float(v1), float(v2)))
        self._last_step = step
        return True

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``(v1, v2)``, each ``(n,)``, oldest first."""
        if not self._points:
            return np.zeros(0), np.zeros(0)
        pts = np.array(self._points)
        return pts[:, 0], pts[:, 1]
