"""Drawn data as plain values: the points, the brush, and the DataConfig they become (no Qt).

A :class:`DrawState` is one moment of a drawing: its points and labels, the
class names, and the :class:`~playground.experiment.DataConfig` the session trains on
in that moment. Strokes make new states (:func:`add_points`,
:func:`erase_points`); an undo step is just the state before and the state after.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from playground.data.csv_table import MAX_CLASSES

#: Points a spray adds per mouse move, and their spread as a share of the brush radius (gaussian sigma).
SPRAY_POINTS = 3
SPRAY_SIGMA = 0.5


@dataclass(frozen=True, eq=False)
class DrawState:
    """Points on the plane and the data the session uses with them.

    Attributes
    ----------
    points : ndarray, shape (n, 2), float64
    labels : ndarray, shape (n,), float64
        Class indices, or target values for regression.
    class_names : tuple of str
        Names of the classes (empty for regression).
    regression : bool
    config : DataConfig
        What the session's data is in this state: the drawn points as inline
        data, or, while too few points are drawn to train, the data of the state
        before (the session keeps training on that).
    trainable : bool
        Whether ``config`` is these points.
    """

    points: np.ndarray
    labels: np.ndarray
    class_names: tuple[str, ...]
    regression: bool
    config: object
    trainable: bool = True

    @property
    def n(self) -> int:
        return len(self.points)


def from_data(config, prepared) -> DrawState:
    """The current set as a drawing: every training and test point (2-D data), else an empty plane."""
    regression = prepared.n_classes == 0
    names = () if regression else tuple(prepared.class_names)
    if len(prepared.raw_names) != 2:
        return DrawState(np.empty((0, 2)), np.empty(0), names or ("0", "1"), regression, config, False)
    points = np.concatenate([prepared.raw_train, prepared.raw_test]).astype(np.float64)
    labels = np.concatenate([prepared.labels_train, prepared.labels_test]).astype(np.float64)
    return DrawState(points, labels, names, regression, config, True)


def spray(center, radius: float, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` points ``(count, 2)`` scattered around ``center`` (gaussian, sigma = SPRAY_SIGMA * radius)."""
    return np.asarray(center, dtype=np.float64) + rng.normal(0.0, SPRAY_SIGMA * radius, size=(count, 2))


def under_brush(points: np.ndarray, center, radius: float) -> np.ndarray:
    """Mask ``(n,)`` of the points within ``radius`` of ``center``."""
    if not len(points):
        return np.zeros(0, dtype=bool)
    return np.hypot(*(points - np.asarray(center, dtype=np.float64)).T) <= radius


def add_points(state: DrawState, points: np.ndarray, label: float) -> DrawState:
    """The state with ``points`` ``(m, 2)`` added, all with ``label`` (config not yet updated)."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    names = state.class_names
    if not state.regression and int(label) >= len(names):
        names = names + tuple(str(i) for i in range(len(names), int(label) + 1))
    return replace(state, points=np.concatenate([state.points, points]),
                   labels=np.concatenate([state.labels, np.full(len(points), float(label))]), class_names=names)


def erase_points(state: DrawState, center, radius: float) -> DrawState:
    """The state without the points under the brush (config not yet updated)."""
    keep = ~under_brush(state.points, center, radius)
    return replace(state, points=state.points[keep], labels=state.labels[keep])


def cleared(state: DrawState) -> DrawState:
    """An empty plane with the same classes (config not yet updated)."""
    return replace(state, points=np.empty((0, 2)), labels=np.empty(0))


def settle(state: DrawState, before: DrawState) -> tuple[DrawState, str | None]:
    """Give a drawn state its DataConfig: its points as inline data, or ``before``'s data if they cannot train.

    Returns
    -------
    state : DrawState
    reason : str or None
        Why the points cannot be trained on yet (the session keeps the previous data).
    """
    from playground.data import prepare
    from playground.experiment import DataConfig

    base = before.config
    try:
        if state.n < 2:
            raise ValueError(f"draw at least 2 points ({state.n} so far)")
        used = np.unique(state.labels.astype(np.int64)) if not state.regression else ()
        if not state.regression and len(used) < 2:
            raise ValueError("draw points of at least 2 classes")
        features = base.features if base.features is not None and len(base.features) else None
        config = DataConfig(
            source="inline", points=state.points, labels=state.labels,
            class_names=None if state.regression else tuple(state.class_names[:MAX_CLASSES]),
            problem="regression" if state.regression else "classification", features=features,
            train_fraction=base.train_fraction, normalize=base.normalize, seed=base.seed)
        prepare(config)  # the split and the features must work before the session is asked
    except ValueError as exc:
        return replace(state, config=base, trainable=False), str(exc)
    return replace(state, config=config, trainable=True), None
