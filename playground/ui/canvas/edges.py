"""All connections in one graphics item: colour = sign, width = size of one number per edge.

The number is the weight ``w`` (the default), or in the canvas's other modes
the batch's gradient ``∂J/∂w`` or the last update ``Δw`` (:func:`edge_scale`).

One item draws every edge (up to ~10,000 at 10 x 32) with a handful of
``drawLines`` calls, one per (sign, width) bucket, instead of thousands of line
items; clicks are hit-tested in NumPy against the segments.

Speed (Qt's raster engine, measured on 6,000 edges): translucent pens cost ~5x
opaque ones and antialiasing ~4x, so "fainter" edges are drawn with an opaque
colour mixed toward the canvas background (white or dark, from the theme),
and antialiasing is switched off
above ``AA_LIMIT`` visible edges.
"""

from __future__ import annotations

from operator import itemgetter

import numpy as np
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from playground.ui.style import colors

LEVELS = 10          # width buckets
MAX_WIDTH = 6.0      # scene units, for |w| >= WIDTH_FULL
MIN_WIDTH = 0.6
WIDTH_FULL = 3.0     # |w| drawn at the maximum width
FEW_EDGES = 150      # up to this many edges: full colour and all shown
AA_LIMIT = 1500      # above this many visible edges, draw them without antialiasing


def edge_style(abs_w: np.ndarray, layer_max: np.ndarray, n_edges: int):
    """How to draw each edge, thinned automatically when there are many.

    Parameters
    ----------
    abs_w : ndarray, shape (n,)
        ``|w|`` of every edge.
    layer_max : ndarray, shape (n,)
        The largest ``|w|`` of each edge's weight layer.
    n_edges : int
        Total number of edges in the network.

    Returns
    -------
    visible : ndarray of bool, shape (n,)
        With many edges, those below a fraction of their layer's largest ``|w|``
        are hidden: 10 % at a few hundred edges, up to 35 % at 3,500 and more.
    level : ndarray of int, shape (n,)
        Width bucket 0 .. LEVELS - 1.
    alpha : float
        Opacity of every edge: 1 for a few, 0.9 down to 0.25 for hundreds to thousands.
    """
    finite = np.isfinite(abs_w)
    abs_w = np.where(finite, abs_w, 0.0)
    level = np.clip(np.floor(abs_w / WIDTH_FULL * LEVELS), 0, LEVELS - 1).astype(np.intp)
    if n_edges <= FEW_EDGES:
        return finite.copy(), level, 1.0
    fraction = float(np.clip(0.1 * n_edges / 1000.0, 0.1, 0.35))
    visible = finite & (abs_w >= fraction * layer_max)
    alpha = float(max(0.25, 0.9 * np.sqrt(FEW_EDGES / n_edges)))
    return visible, level, alpha


def edge_scale(values, mode: str) -> float | None:
    """How :meth:`EdgesItem.set_values` scales widths in ``mode``.

    Weights keep an absolute scale (``|w| >= WIDTH_FULL`` is the widest line,
    so a weight growing over training shows). Gradients and updates are tiny
    and shrink over training: they are scaled by the largest ``|value|`` of the
    whole network (returned), so the widest line is always the largest one.
    """
    if mode == "weights":
        return None
    flat = [np.abs(np.asarray(v, dtype=float)).ravel() for v in values]
    flat = np.concatenate(flat) if flat else np.zeros(0)
    flat = flat[np.isfinite(flat)]
    return float(flat.max()) if flat.size else 0.0


def _faded(color: str, alpha: float, background: QColor | None = None) -> QColor:
    """``color`` at opacity ``alpha`` over ``background`` (white), as an opaque colour (much faster to draw)."""
    c = QColor(color)
    back = background if background is not None else QColor(255, 255, 255)
    return QColor(*(int(round(b + (v - b) * alpha)) for v, b in
                    zip((c.red(), c.green(), c.blue()), (back.red(), back.green(), back.blue()))))


class EdgesItem(QGraphicsItem):
    """Every connection of the network, drawn below the neurons."""

    def __init__(self):
        super().__init__()
        self.setZValue(1)
        # Clicks on edges are routed by the view (edge_at), so the item never
        # steals presses from the columns under it.
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._rect = QRectF()
        self._segments = np.zeros((0, 4))
        self._index = np.zeros((0, 3), dtype=np.intp)   # (l, i, j) of each edge
        self._lines: list[QLineF] = []
        self._buckets: list[tuple[QPen, list[QLineF]]] = []
        self._visible = np.zeros(0, dtype=bool)
        self.highlight: tuple[int, int, int] | None = None
        self.background = QColor(255, 255, 255)   # what faded edges are mixed toward
        self.highlight_color = QColor(colors.SELECTED)
        self._weights: list = []                  # the last values shown, to recolour on a theme change
        self._full: float | None = None           # and their scale

    def set_geometry(self, segments: list[np.ndarray]) -> None:
        """New end points after a change of shape; ``segments[l]`` is ``(fan_in, fan_out, 4)``."""
        flat, index = [], []
        for l, seg in enumerate(segments):
            fan_in, fan_out = seg.shape[:2]
            flat.append(seg.reshape(-1, 4))
            ii, jj = np.meshgrid(np.arange(fan_in), np.arange(fan_out), indexing="ij")
            index.append(np.stack([np.full(ii.size, l), ii.ravel(), jj.ravel()], axis=1))
        self.prepareGeometryChange()
        self._segments = np.concatenate(flat) if flat else np.zeros((0, 4))
        self._index = np.concatenate(index).astype(np.intp) if index else np.zeros((0, 3), np.intp)
        self._lines = [QLineF(*row) for row in self._segments.tolist()]
        if len(self._segments):
            xs, ys = self._segments[:, [0, 2]], self._segments[:, [1, 3]]
            self._rect = QRectF(xs.min(), ys.min(), xs.max() - xs.min(), ys.max() - ys.min()).adjusted(
                -MAX_WIDTH, -MAX_WIDTH, MAX_WIDTH, MAX_WIDTH)
        else:
            self._rect = QRectF()
        self._buckets = []
        self._weights = []
        self._visible = np.zeros(len(self._lines), dtype=bool)
        self.update()

    def set_colors(self, background: QColor, highlight: QColor) -> None:
        """A new theme: fade toward ``background``, outline the edited edge in ``highlight``."""
        self.background, self.highlight_color = QColor(background), QColor(highlight)
        if self._weights:
            self.set_values(self._weights, self._full)
        self.update()

    @property
    def n_edges(self) -> int:
        return len(self._lines)

    def set_weights(self, weights) -> None:
        """Restyle every edge from ``weights[l]`` ``(fan_in, fan_out)``; shapes must match the geometry."""
        self.set_values(weights, None)

    def set_values(self, values, full: float | None = None) -> None:
        """Restyle every edge from ``values[l]`` ``(fan_in, fan_out)``: colour = sign, width = size.

        ``full`` None: absolute widths (weights, ``WIDTH_FULL`` is the widest).
        Otherwise ``|v| = full`` is the widest and widths follow ``sqrt(|v| / full)``,
        so a value 100 times smaller is still a tenth as wide, not invisible
        (a vanishing gradient fades layer by layer instead of vanishing at once).
        """
        flat = np.concatenate([np.asarray(w, dtype=float).ravel() for w in values]) if len(values) else np.zeros(0)
        if flat.shape[0] != len(self._lines):
            return  # values of another build: the next rebuild brings the right ones
        self._weights, self._full = values, full
        mags = np.abs(flat)
        if full is not None:
            mags = WIDTH_FULL * (np.sqrt(mags / full) if full > 0 else np.zeros_like(mags))
        layer_max, k = np.zeros(len(flat)), 0
        for w in values:
            size = np.size(w)
            part = mags[k:k + size]
            layer_max[k:k + size] = np.nanmax(part) if size else 0.0
            k += size
        visible, level, alpha = edge_style(mags, layer_max, len(flat))
        self._visible = visible
        # Thin buckets first, so strong weights are drawn on top.
        key = 2 * level + (flat < 0)
        buckets = []
        # The buckets in use (non-negative ints); not np.unique, which imports numpy.ma at start-up.
        for k in np.flatnonzero(np.bincount(key[visible])):
            idx = np.flatnonzero(visible & (key == k))
            color = _faded(colors.NEGATIVE if k % 2 else colors.POSITIVE, alpha, self.background)
            width = MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * ((k // 2) + 0.5) / LEVELS
            pen = QPen(color, width)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            lines = itemgetter(*idx)(self._lines)
            buckets.append((pen, list(lines) if len(idx) > 1 else [lines]))
        self._buckets = buckets
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None):
        if self.visible_count() > AA_LIMIT:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for pen, lines in self._buckets:
            painter.setPen(pen)
            painter.drawLines(lines)
        if self.highlight is not None:
            k = self._find(self.highlight)
            if k is not None:
                painter.setPen(QPen(self.highlight_color, 2.0, Qt.PenStyle.DashLine))
                painter.drawLine(self._lines[k])

    def _find(self, lij) -> int | None:
        hits = np.flatnonzero((self._index == np.asarray(lij)).all(axis=1))
        return int(hits[0]) if len(hits) else None

    def set_highlight(self, lij: tuple[int, int, int] | None) -> None:
        self.highlight = lij
        self.update()

    def visible_count(self) -> int:
        return int(self._visible.sum())

    def segment(self, lij) -> np.ndarray | None:
        """``(x0, y0, x1, y1)`` of edge ``(l, i, j)``, or None when there is no such edge."""
        k = self._find(lij)
        return None if k is None else self._segments[k].copy()

    def edge_at(self, x: float, y: float, tolerance: float) -> tuple[int, int, int] | None:
        """The visible edge nearest to scene point ``(x, y)`` within ``tolerance``, as ``(l, i, j)``."""
        if not self._visible.any():
            return None
        seg = self._segments[self._visible]
        p0, d = seg[:, :2], seg[:, 2:] - seg[:, :2]
        length2 = np.maximum((d * d).sum(axis=1), 1e-12)
        t = np.clip(((np.array([x, y]) - p0) * d).sum(axis=1) / length2, 0.0, 1.0)
        dist = np.hypot(*(p0 + t[:, None] * d - np.array([x, y])).T)
        k = int(np.argmin(dist))
        if dist[k] > tolerance:
            return None
        return tuple(int(v) for v in self._index[self._visible][k])
