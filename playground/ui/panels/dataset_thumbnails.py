"""Small pictures of each dataset generator for the dataset picker (drawn once, cached)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from playground.data import GENERATED_BOUNDS, GENERATORS, generate
from playground.ui.plots import colormaps
from playground.ui.style.colors import CLASS_COLORS, THUMB_BACKGROUND

THUMB_SIZE = 56


@lru_cache(maxsize=None)
def dataset_icon(generator: str, size: int = THUMB_SIZE) -> QIcon:
    """An icon showing ~200 points of ``generator`` coloured by class (or value)."""
    info = GENERATORS[generator]
    points, labels = generate(generator, 200, 0.0, None, 7)
    (x0, x1), (y0, y1) = GENERATED_BOUNDS
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(THUMB_BACKGROUND))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    if info.kind == "regression":
        lo, hi = float(np.min(labels)), float(np.max(labels))
        colors = colormaps.regression_rgb(np.asarray(labels, dtype=float)[:, None], lo, hi)[:, 0]
    else:
        colors = CLASS_COLORS[np.asarray(labels, dtype=int) % len(CLASS_COLORS)]
    for (x, y), (r, g, b) in zip(points, colors):
        painter.setBrush(QColor(int(r), int(g), int(b)))
        px = (x - x0) / (x1 - x0) * (size - 4) + 2
        py = (1 - (y - y0) / (y1 - y0)) * (size - 4) + 2  # screen y grows downwards
        painter.drawEllipse(QPointF(px, py), 1.6, 1.6)
    painter.setPen(QColor(200, 200, 200))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)
