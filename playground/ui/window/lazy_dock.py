"""A dock that builds its content the first time it is shown or asked for (issue 13: fast start-up).

The teaching docks (step-through, gradient check, loss landscape) start hidden
and most sessions never open them; building their panels, plots and the modules
behind them at start cost a fifth of the time to the first composed frame. A
:class:`LazyDock` is the empty dock: its place in the window layout, its View
menu action and its shortcut exist at once; ``build()`` runs when the dock is
first shown (the View menu, a lesson, the window restoring a dock left open)
or when code asks for :meth:`LazyDock.widget`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QDockWidget, QWidget


class LazyDock(QDockWidget):
    """A QDockWidget whose content widget is made by ``build()`` on first need.

    Parameters
    ----------
    title : str
        The dock's title (also the View menu entry).
    name : str
        Its object name, under which the window saves and restores its place.
    build : callable
        ``build() -> QWidget``, called once, from the GUI thread.
    parent : QWidget, optional
        The main window.

    Signals
    -------
    built(QWidget)
        Emitted once, right after the content was made and put in the dock:
        where the wiring that needs the content goes (see :meth:`when_built`).
    """

    built = Signal(object)

    def __init__(self, title: str, name: str, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)  # saved and restored with the window's layout
        self._build: Callable[[], QWidget] | None = build
        self._content: QWidget | None = None

    @property
    def is_built(self) -> bool:
        """Whether the content exists yet."""
        return self._content is not None

    def widget(self) -> QWidget:  # QDockWidget.widget(), which C++ callers still reach directly
        """The content, built now if it was not yet: a caller never sees the dock empty."""
        self.ensure_built()
        return self._content

    def ensure_built(self) -> QWidget:
        """Build the content if needed and return it."""
        if self._content is None and self._build is not None:
            build, self._build = self._build, None  # once, even if build() re-enters through widget()
            self._content = build()
            self.setWidget(self._content)
            self.built.emit(self._content)
        return self._content

    def when_built(self, callback: Callable[[QWidget], None]) -> None:
        """``callback(content)`` now if the content exists, else right after it is built."""
        if self._content is not None:
            callback(self._content)
        else:
            self.built.connect(callback)

    def event(self, event) -> bool:  # noqa: D102 - Qt API
        # Built on the Show event, before QDockWidget announces visibilityChanged(True) from it and
        # before the dock's first paint: whoever the content connects to that signal hears the first
        # show, and the dock never appears empty.
        if event.type() == QEvent.Type.Show:
            self.ensure_built()
        return super().event(event)
