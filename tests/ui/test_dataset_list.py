"""The dataset picker shows every dataset without scrolling, whole titles, and thumbnails on the palette."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor

from playground.data import GENERATORS
from playground.ui.style import themes


@pytest.fixture(autouse=True)
def back_to_system_theme(qapp):
    yield
    themes.apply_theme(themes.SYSTEM)


def _all_visible(qtbot, datasets):
    viewport = datasets.viewport().rect()
    return (datasets.verticalScrollBar().maximum() == 0
            and all(viewport.contains(datasets.visualItemRect(datasets.item(i))) for i in range(datasets.count())))


def test_every_dataset_is_visible_with_its_whole_title_at_900_by_600(qtbot, window):
    window.resize(900, 600)
    datasets = window.data_panel.datasets
    qtbot.waitUntil(lambda: _all_visible(qtbot, datasets))
    assert datasets.count() == len(GENERATORS) == 10
    metrics = datasets.fontMetrics()
    cell = datasets.gridSize().width()
    for title in datasets.titles():
        # Wrapped at the cell's width, no word is wider than the cell: nothing is cut ("Checkerboard").
        assert all(metrics.horizontalAdvance(word) <= cell for word in title.split()), title
        wrapped = metrics.boundingRect(QRect(0, 0, cell - 4, 1000), Qt.TextFlag.TextWordWrap, title)
        assert wrapped.height() <= datasets.gridSize().height() - datasets.iconSize().height()


def test_the_list_height_follows_its_width(qtbot, window):
    datasets = window.data_panel.datasets
    window.resize(900, 600)
    qtbot.waitUntil(lambda: _all_visible(qtbot, datasets))
    narrow_rows, narrow_height = datasets.rows_needed(), datasets.height()
    # A wider left column holds more cells a row: fewer rows, a shorter list, still all visible.
    window.resize(1600, 900)
    window.main_splitter.setSizes([3 * datasets.gridSize().width() + 120, 800, 500])
    qtbot.waitUntil(lambda: datasets.columns() >= 3)
    qtbot.waitUntil(lambda: _all_visible(qtbot, datasets) and datasets.rows_needed() < narrow_rows)
    assert datasets.height() < narrow_height
    assert datasets.height() >= datasets.rows_needed() * datasets.gridSize().height()


def _corner_color(datasets, i=0):
    icon = datasets.item(i).icon()
    image = icon.pixmap(datasets.iconSize()).toImage()
    return QColor(image.pixel(3, 3))  # inside the border, where no point is drawn


def test_thumbnails_follow_the_dark_palette(qtbot, window):
    datasets = window.data_panel.datasets
    themes.apply_theme(themes.LIGHT)
    qtbot.waitUntil(lambda: _corner_color(datasets).lightness() > 200)
    themes.apply_theme(themes.DARK)
    qtbot.waitUntil(lambda: _corner_color(datasets).lightness() < 80)
    assert all(_corner_color(datasets, i).lightness() < 80 for i in range(datasets.count()))
    themes.apply_theme(themes.LIGHT)
    qtbot.waitUntil(lambda: _corner_color(datasets).lightness() > 200)
