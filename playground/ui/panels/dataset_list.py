"""The dataset picker: a grid of thumbnails that always shows every dataset.

The grid cell is as wide as the longest word of any title ("Checkerboard"),
so no title is clipped and a title wraps only between words; the list is
exactly as tall as its rows need at its current width (recomputed on every
resize), so it never scrolls inside the scrolling left column. Thumbnails
are drawn on the palette's background and redrawn on a theme change.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QListWidget, QListWidgetItem, QWidget

from playground.data import GENERATORS
from playground.ui.panels.dataset_thumbnails import THUMB_SIZE, dataset_icon
from playground.ui.plots.theme import PaletteRestyleMixin, is_dark, widget_palette
from playground.ui.style.changes import style_changes
from playground.ui.style.colors import current_palettes, thumbnail_colors

#: Space around a cell's thumbnail and title (px).
CELL_PADDING = 10


class DatasetList(PaletteRestyleMixin, QListWidget):
    """Every generator as a thumbnail with its title; ``item.data(UserRole)`` is the generator's name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        # The height fits every row, so a scroll bar would only steal width (and the wheel).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for name, info in GENERATORS.items():
            item = QListWidgetItem(info.title)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(f"{info.title} ({info.kind})")
            self.addItem(item)
        self._update_grid()
        self._restyle()
        style_changes.palette_changed.connect(self._restyle)  # new data colours (Edit > Preferences)

    def titles(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def _update_grid(self) -> None:
        metrics = self.fontMetrics()
        longest_word = max(metrics.horizontalAdvance(word) for title in self.titles() for word in title.split())
        width = max(THUMB_SIZE, longest_word) + CELL_PADDING
        # As tall as the tallest title wrapped at that width ("Multi gaussian" may take two lines).
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        title_height = max(metrics.boundingRect(QRect(0, 0, width - 4, 1000), flags, title).height()
                           for title in self.titles())
        self.setGridSize(QSize(width, THUMB_SIZE + title_height + CELL_PADDING))
        # Two cells side by side at least: the left column is never narrower.
        self.setMinimumWidth(2 * width + 2 * self.frameWidth() + 4)
        self._fit_height()

    def columns(self) -> int:
        """Cells per row at the current width."""
        return max(1, self.viewport().width() // self.gridSize().width())

    def rows_needed(self, width: int | None = None) -> int:
        """Rows that hold every dataset when the viewport is ``width`` px wide (default: now)."""
        width = self.viewport().width() if width is None else width
        return math.ceil(self.count() / max(1, width // self.gridSize().width()))

    def _fit_height(self) -> None:
        height = self.rows_needed() * self.gridSize().height() + 2 * self.frameWidth() + 4
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()  # the width decides the rows; the height never changes the width

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._update_grid()

    def _restyle(self) -> None:
        """Thumbnails on the palette's background (a dark theme gets dark tiles)."""
        palette = widget_palette(self)
        background, border = thumbnail_colors(palette.color(QPalette.ColorRole.Base).name(),
                                              palette.color(QPalette.ColorRole.Mid).name(), is_dark(self))
        for i in range(self.count()):
            item = self.item(i)
            item.setIcon(dataset_icon(item.data(Qt.ItemDataRole.UserRole), THUMB_SIZE, background, border,
                                      current_palettes()))
        self.setFrameShape(QFrame.Shape.StyledPanel)
