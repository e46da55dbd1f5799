"""Plots whose right-click menu is built on the first right-click (issue 13: fast start-up).

pyqtgraph gives every ViewBox a ViewBoxMenu when it is made: two axis panels
of a dozen widgets each, their signal connections and a mouse-mode group, about
half the cost of a PlotWidget. The window makes four plots at start and most
sessions never right-click one. :class:`LazyMenuViewBox` is a ViewBox that asks
pyqtgraph for that same menu only when it is first needed: the right-click
(``raiseContextMenu`` -> ``getMenu``) or another item gathering context menus
(``getContextMenus``), so users keep View All, the axis options and the
scene's Export… entry.
"""

from __future__ import annotations

import pyqtgraph as pg


class LazyMenuViewBox(pg.ViewBox):
    """A ``pyqtgraph.ViewBox`` that builds its context menu on first use.

    Parameters
    ----------
    *args, **kwargs
        As for ``pyqtgraph.ViewBox``; ``enableMenu`` (default True) says whether
        a right-click shows the menu, not whether it is built now.
    """

    #: Whether the menu is on (set before ViewBox.__init__ runs, which may ask).
    _menu_wanted = True

    def __init__(self, *args, enableMenu: bool = True, **kwargs) -> None:  # noqa: N803 - pyqtgraph's name
        super().__init__(*args, enableMenu=False, **kwargs)  # pyqtgraph builds no menu now
        self._menu_wanted = bool(enableMenu)

    def setMenuEnabled(self, enableMenu: bool = True) -> None:  # noqa: N802, N803 - pyqtgraph API
        self._menu_wanted = bool(enableMenu)
        if not enableMenu:
            super().setMenuEnabled(False)  # drops a menu built before

    def menuEnabled(self) -> bool:  # noqa: N802 - pyqtgraph API
        return self._menu_wanted

    def getMenu(self, ev):  # noqa: N802 - pyqtgraph API
        """The ViewBoxMenu, built now on the first call (None while the menu is off)."""
        if self.menu is None and self._menu_wanted:
            super().setMenuEnabled(True)  # pyqtgraph's own way to (re)create its ViewBoxMenu
            self.updateViewLists()  # fills the menu's axis-link lists, as at construction
        return self.menu

    def getContextMenus(self, event):  # noqa: N802 - pyqtgraph API
        menu = self.getMenu(event)
        return menu.actions() if menu is not None else []


def plot_widget(**kwargs) -> pg.PlotWidget:
    """A ``pyqtgraph.PlotWidget`` (``kwargs`` as for it) on a :class:`LazyMenuViewBox`."""
    return pg.PlotWidget(viewBox=LazyMenuViewBox(), **kwargs)
