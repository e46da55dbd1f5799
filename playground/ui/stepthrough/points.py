"""Choosing the training point: a click in the boundary plot, and "a misclassified one".

:class:`PointPicker` hears the boundary plot's left clicks (in plot coordinates), maps them to
the nearest training point within a few pixels, and keeps a ring marker on the
chosen point. :func:`misfits` lists the points the network gets wrong.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal
from playground.ui.style import colors

#: A click farther than this many pixels from every point picks none.
PICK_PIXELS = 8.0
MARKER_COLOR = colors.FOCUS  # the canvas highlight's "focus" green


def plot_coordinates(frozen) -> np.ndarray:
    """Where the boundary plot draws each training point: ``(n, 2)``; (x, target) for one-input data."""
    raw = frozen.raw
    if raw.shape[1] == 1:  # the plot's own rule (LiveView): one raw input is drawn against its target
        return np.column_stack([raw[:, 0], np.asarray(frozen.labels, dtype=float)])
    return raw[:, :2]


def nearest(points: np.ndarray, x: float, y: float, pixel: tuple[float, float],
            tolerance: float = PICK_PIXELS) -> int | None:
    """Index of the point nearest to ``(x, y)`` in pixels, or None beyond ``tolerance``.

    Parameters
    ----------
    points : ndarray (n, 2)
    x, y : float
        The click, in data coordinates.
    pixel : (float, float)
        Data units per pixel along x and y (the axes may be scaled differently).
    """
    if len(points) == 0:
        return None
    px, py = (max(abs(float(p)), 1e-300) for p in pixel)
    dist = np.hypot((points[:, 0] - x) / px, (points[:, 1] - y) / py)
    k = int(np.argmin(dist))
    return k if dist[k] <= tolerance else None


def misfits(frozen, predictions: np.ndarray) -> np.ndarray:
    """The points the network gets wrong, as indices.

    Classification: misclassified by the rule of ``playground.engine.accuracy``
    (one output: class 1 when ``y >= 0.5``; K outputs: the argmax), in index
    order. Regression: the worst tenth by ``|y - t|``, worst first.
    """
    Y, T = np.asarray(predictions), frozen.T
    if frozen.n_classes == 0:
        error = np.abs(Y - T).max(axis=1)
        order = np.argsort(-error, kind="stable")
        return order[: max(1, len(order) // 10)]
    if Y.shape[1] == 1:
        wrong = (Y[:, 0] >= 0.5) != (T[:, 0] >= 0.5)
    else:
        wrong = np.argmax(Y, axis=1) != np.argmax(T, axis=1)
    return np.flatnonzero(wrong)


class PointPicker(QObject):
    """Clicks on the boundary plot pick a training point; a ring marks the chosen one.

    Parameters
    ----------
    boundary : BoundaryPlot
        Used through its methods: ``add_overlay`` (the ring), ``point_clicked`` and ``pixel_size``.

    Signals
    -------
    picked(int)
        A click landed within ``PICK_PIXELS`` of training point ``k``.
    """

    picked = Signal(int)

    def __init__(self, boundary, parent: QObject | None = None):
        super().__init__(parent)
        self.boundary = boundary
        self.points: np.ndarray = np.zeros((0, 2))
        self.enabled = False
        self.marker = pg.ScatterPlotItem(size=18, symbol="o", pen=pg.mkPen(MARKER_COLOR, width=3),
                                         brush=pg.mkBrush(0, 0, 0, 0))
        self.marker.setZValue(20)
        self.marker.setVisible(False)
        boundary.add_overlay(self.marker, ignore_bounds=True)
        boundary.point_clicked.connect(self._on_plot_clicked)

    def set_points(self, points: np.ndarray) -> None:
        """The training points' plot coordinates ``(n, 2)``."""
        self.points = np.asarray(points, dtype=float)

    def mark(self, k: int | None) -> None:
        """Ring point ``k``; None hides the ring."""
        if k is None or not 0 <= k < len(self.points) or not self.enabled:
            self.marker.setVisible(False)
            return
        self.marker.setData(pos=self.points[k:k + 1])
        self.marker.setVisible(True)

    def set_enabled(self, on: bool) -> None:
        """Pick and mark only while the step-through is shown."""
        self.enabled = bool(on)
        if not on:
            self.marker.setVisible(False)

    def pick_at(self, x: float, y: float) -> int | None:
        """The training point nearest the data point ``(x, y)`` within ``PICK_PIXELS``."""
        return nearest(self.points, x, y, self.boundary.pixel_size())

    def _on_plot_clicked(self, x: float, y: float) -> None:
        if not self.enabled:
            return
        k = self.pick_at(x, y)
        if k is not None:
            self.picked.emit(k)
