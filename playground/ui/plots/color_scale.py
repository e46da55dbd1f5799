"""A compact colour scale (legend) for a map: a gradient bar with its values, or a class key.

TF Playground puts a scale under its output map; this is ours, used beside the
boundary / output map (class probability, regression value, a hovered neuron's
range, or one swatch per class) and under the network canvas (its thumbnails
and edges: -1 ... 0 ... +1). It paints itself from a lookup table, so it shows
exactly the colours the map uses, and takes its text colour from the palette.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

#: Height of the gradient bar and of a class swatch (px).
BAR_HEIGHT = 9
#: Space between one class of the key and the next (px).
CLASS_GAP = 8


class ColorScale(QWidget):
    """A gradient bar with labels under it, or a row of class swatches.

    Parameters
    ----------
    parent : QWidget, optional

    Attributes
    ----------
    caption : str
        What the colours mean (drawn left of the bar).
    lut : ndarray or None
        ``(n, 3) uint8``: the gradient, left to right; None in class-key mode.
    ticks : list of (float, str)
        Positions in [0, 1] along the bar and their labels.
    classes : list of (str, (r, g, b))
        Class-key mode: one swatch per class, wrapping onto more rows in a narrow
        column (the widget then has a height for its width).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = ""
        self.lut: np.ndarray | None = None
        self.ticks: list[tuple[float, str]] = []
        self.classes: list[tuple[str, tuple[int, int, int]]] = []
        self._image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # ------------------------------------------------------------ content
    def set_gradient(self, caption: str, lut: np.ndarray, ticks) -> None:
        """Show ``lut`` ``(n, 3) uint8`` as a bar with ``ticks`` ``[(position 0..1, label), ...]``."""
        lut = np.ascontiguousarray(np.asarray(lut, dtype=np.uint8)[None, :, :3])
        self.caption, self.lut, self.ticks, self.classes = caption, lut[0], list(ticks), []
        self._image = QImage(lut.data, lut.shape[1], 1, 3 * lut.shape[1], QImage.Format.Format_RGB888).copy()
        self.setToolTip(f"{caption}: " + " … ".join(label for _, label in self.ticks))
        self.updateGeometry()
        self.update()

    def set_classes(self, caption: str, classes) -> None:
        """Show one swatch per class: ``[(name, (r, g, b)), ...]``."""
        self.caption, self.lut, self.ticks, self._image = caption, None, [], None
        self.classes = [(str(name), tuple(int(c) for c in rgb)) for name, rgb in classes]
        self.setToolTip(f"{caption}: " + ", ".join(name for name, _ in self.classes))
        self.updateGeometry()
        self.update()

    # ------------------------------------------------------------ drawing
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        metrics = self.fontMetrics()
        width = 8 + (metrics.horizontalAdvance(self.caption) + 8 if self.caption else 0)
        if self.classes:
            width += sum(self._class_width(name) + CLASS_GAP for name, _ in self.classes)
            # The rows the key needs at its present width (layouts of fixed-height widgets ask no
            # height for width): resizeEvent asks for a new layout when that count changes.
            return QSize(width, self.heightForWidth(self.width() if self.width() > 0 else width))
        labels = sum(metrics.horizontalAdvance(label) + 12 for _, label in self.ticks)
        return QSize(width + max(200, labels), BAR_HEIGHT + metrics.height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(80, self.sizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return bool(self.classes)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.classes and self.heightForWidth(event.size().width()) != self.heightForWidth(event.oldSize().width()):
            self.updateGeometry()  # the key wraps onto more (or fewer) rows: a new height

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        if not self.classes:
            return self.sizeHint().height()
        rows = 1 + max(row for _, row in self._class_places(width))
        return rows * self._row_height() + 4

    def _row_height(self) -> int:
        return max(BAR_HEIGHT, self.fontMetrics().height()) + 2

    def _class_width(self, name: str) -> int:
        """Pixels of one class's swatch and name."""
        return BAR_HEIGHT + 3 + self.fontMetrics().horizontalAdvance(name) + 2

    def _class_places(self, width: int) -> list[tuple[float, int]]:
        """``(x, row)`` of each class swatch: after the caption, a new row where the next would not fit."""
        start = 4 + (self.fontMetrics().horizontalAdvance(self.caption) + 8 if self.caption else 0)
        x, row, places = start, 0, []
        for name, _ in self.classes:
            item = self._class_width(name)
            if x > start and x + item > width - 2:
                x, row = start, row + 1
            places.append((x, row))
            x += item + CLASS_GAP
        return places

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text)
        metrics = self.fontMetrics()
        x = 4
        pad = max((metrics.horizontalAdvance(label) for _, label in self.ticks), default=0)
        # Narrow (a small window): the bar and its values matter more; the caption stays in the tooltip.
        roomy = self.classes or self.width() - metrics.horizontalAdvance(self.caption) - pad > 140
        if self.caption and roomy:
            painter.drawText(QRectF(x, 0, self.width(), metrics.height() + 2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.caption)
            x += metrics.horizontalAdvance(self.caption) + 8
        if self.classes:
            self._paint_classes(painter, metrics)
        elif self._image is not None:
            self._paint_gradient(painter, x, metrics)
        painter.end()

    def _paint_gradient(self, painter: QPainter, x: float, metrics) -> None:
        # Half a label of room at each end, so the end labels sit under the bar's ends.
        pad = max((metrics.horizontalAdvance(label) for _, label in self.ticks), default=0) / 2
        left, right = x + pad, self.width() - 4 - pad
        if right - left < 20:
            return
        bar = QRectF(left, 2, right - left, BAR_HEIGHT)
        painter.drawImage(bar, self._image)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(bar)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for position, label in self.ticks:
            cx = left + position * (right - left)
            painter.drawLine(int(cx), int(bar.bottom()), int(cx), int(bar.bottom()) + 2)
            width = metrics.horizontalAdvance(label) + 2
            painter.drawText(QRectF(cx - width / 2, bar.bottom() + 2, width, metrics.height()),
                             Qt.AlignmentFlag.AlignCenter, label)

    def _paint_classes(self, painter: QPainter, metrics) -> None:
        line = self._row_height()
        for (name, rgb), (x, row) in zip(self.classes, self._class_places(self.width())):
            top = row * line
            painter.fillRect(QRectF(x, top + 3, BAR_HEIGHT, BAR_HEIGHT), QColor(*rgb))
            painter.drawText(QRectF(x + BAR_HEIGHT + 3, top, metrics.horizontalAdvance(name) + 2, metrics.height() + 2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, name)
