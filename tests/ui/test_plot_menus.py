"""The plots' right-click menu (pyqtgraph's) is built on the first right-click, and works (issue 13)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from playground.ui.plots.lazy_menu import LazyMenuViewBox, plot_widget


def _right_click(widget: pg.PlotWidget, view: pg.ViewBox) -> None:
    centre = widget.mapFromScene(view.sceneBoundingRect().center())
    QTest.mouseClick(widget.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, centre)


def test_the_menu_is_built_on_the_first_right_click_and_views_all(qtbot):
    widget = plot_widget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.plot([0.0, 10.0], [0.0, 5.0])
    widget.show()
    qtbot.waitExposed(widget)
    view = widget.getPlotItem().getViewBox()
    assert isinstance(view, LazyMenuViewBox) and view.menu is None and view.menuEnabled()

    _right_click(widget, view)
    qtbot.waitUntil(lambda: view.menu is not None and view.menu.isVisible())
    texts = [action.text() for action in view.menu.actions()]
    # pyqtgraph's own entries, the plot's options and the scene's Export… as before.
    assert "View All" in texts and "Plot Options" in texts and "Export..." in texts
    view.menu.close()

    view.setRange(xRange=(100.0, 101.0), yRange=(100.0, 101.0), padding=0)
    view.menu.viewAll.trigger()
    (x0, x1), (y0, y1) = view.viewRange()
    assert x0 <= 0.0 and x1 >= 10.0 and y0 <= 0.0 and y1 >= 5.0
    menu = view.menu
    _right_click(widget, view)  # the same menu again, not a second one
    qtbot.waitUntil(lambda: view.menu.isVisible())
    assert view.menu is menu
    view.menu.close()


def test_a_plot_with_its_menu_off_shows_none(qtbot):
    widget = plot_widget()
    qtbot.addWidget(widget)
    widget.resize(300, 200)
    widget.getPlotItem().setMenuEnabled(False)  # what the delta heatmap does
    widget.show()
    qtbot.waitExposed(widget)
    view = widget.getPlotItem().getViewBox()
    _right_click(widget, view)
    qtbot.wait(50)
    assert view.menu is None and view.getMenu(None) is None and view.getContextMenus(None) == []
    view.setMenuEnabled(True)
    assert view.getMenu(None) is not None  # on again: built when asked for


def test_the_windows_plots_build_no_menu_at_start(window):
    plots = [window.output.boundary.plot, window.output.loss.plot, window.output.deltas.plot,
             window.output.heatmap.plot]
    assert all(isinstance(p.getPlotItem().getViewBox(), LazyMenuViewBox) for p in plots)
    assert all(p.getPlotItem().getViewBox().menu is None for p in plots)
