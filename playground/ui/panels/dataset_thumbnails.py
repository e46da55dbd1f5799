"""Small pictures of each dataset generator for the dataset picker (drawn once per background, cached).

The background and border follow the palette (``style/colors.thumbnail_colors``):
a theme change draws a second set, keyed by those colours.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from playground.data import GENERATED_BOUNDS, GENERATORS, generate
from playground.ui.plots import colormaps
from playground.ui.style import colors as style_colors
from playground.ui.style.colors import THUMB_BACKGROUND

THUMB_SIZE = 56


@lru_cache(maxsize=None)
def dataset_icon(generator: str, size: int = THUMB_SIZE, background: str = THUMB_BACKGROUND,
                 border: str | None = None, palettes: tuple[str, str] | None = None) -> QIcon:
    """An icon showing ~200 points of ``generator`` coloured by class (or value).

    ``background`` and ``border`` are colour names, ``palettes`` the names of
    the class palette and diverging map (None: the current ones); with the
    generator and size they are the cache's key, so pass ``palettes`` to get a
    new icon after Edit > Preferences changed the colours. ``border`` None is a light grey.
    """
    info = GENERATORS[generator]
    points, labels = generate(generator, 200, 0.0, None, 7)
    (x0, x1), (y0, y1) = GENERATED_BOUNDS
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(background))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    if info.kind == "regression":
        lo, hi = float(np.min(labels)), float(np.max(labels))
        colors = colormaps.regression_rgb(np.asarray(labels, dtype=float)[:, None], lo, hi)[:, 0]
    else:
        labels = np.asarray(labels, dtype=int)
        colors = style_colors.class_rgb(labels, int(labels.max()) + 1 if labels.size else 2, palettes)
    # Positions in one NumPy pass and plain Python numbers for the loop: NumPy scalars made this
    # loop most of the ~15 ms the ten icons took at start-up. The same points, order and colours.
    points = np.asarray(points, dtype=float)
    xs = ((points[:, 0] - x0) / (x1 - x0) * (size - 4) + 2).tolist()
    ys = ((1 - (points[:, 1] - y0) / (y1 - y0)) * (size - 4) + 2).tolist()  # screen y grows downwards
    brushes: dict[tuple, QColor] = {}
    current = None
    for px, py, rgb in zip(xs, ys, np.asarray(colors, dtype=int).tolist()):
        rgb = tuple(rgb)
        if rgb != current:
            current = rgb
            painter.setBrush(brushes.setdefault(rgb, QColor(*rgb)))
        painter.drawEllipse(QPointF(px, py), 1.6, 1.6)
    painter.setPen(QColor(border) if border else QColor(200, 200, 200))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)
