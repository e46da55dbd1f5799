"""The gradient-check panel and the loss-landscape view (issue 11), as two docks of the main window.

``install(window)`` adds both docks (hidden) to the window and returns an
:class:`ExplainViews` with the docks (for the View menu) and the views. Each
view is built when its dock is first shown or the view is asked for (a
LazyDock: their modules and plots cost nothing at start-up). The landscape
view's ``action_done(str)`` carries lesson actions (``picked_two_weights``,
``viewed_landscape``). Only :mod:`.adapter` touches the Session and the canvas;
docs/explain.md describes the views.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

from playground.ui.explain_views.adapter import SessionAdapter
from playground.ui.window.lazy_dock import LazyDock


class ExplainViews:
    """The two docks of one window and, once built, their views.

    Attributes
    ----------
    adapter : SessionAdapter
    gradient_dock, landscape_dock : LazyDock
    gradient_panel : GradientCheckPanel
        Built on first access (or when its dock is first shown).
    landscape : LandscapeView
        Likewise.
    """

    def __init__(self, adapter: SessionAdapter, gradient_dock: LazyDock, landscape_dock: LazyDock) -> None:
        self.adapter = adapter
        self.gradient_dock = gradient_dock
        self.landscape_dock = landscape_dock

    @property
    def gradient_panel(self):
        return self.gradient_dock.widget()

    @property
    def landscape(self):
        return self.landscape_dock.widget()

    def shutdown(self) -> None:
        """Wait for a running check or surface (they end within a fraction of a second); never builds a view."""
        for dock in (self.gradient_dock, self.landscape_dock):
            if dock.is_built:
                dock.widget().shutdown()


class _CloseWatcher(QObject):
    """Waits for the views' background jobs when the window closes (no thread outlives it)."""

    def __init__(self, views: ExplainViews, parent: QObject) -> None:
        super().__init__(parent)
        self.views = views

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Close:
            self.views.shutdown()
        return False


def _dock(window, title: str, name: str, build) -> LazyDock:
    dock = LazyDock(title, name, build, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    return dock


def _gradient_panel(adapter: SessionAdapter):
    # Imported when first shown: the panel, its table model and playground.explain's checks.
    from playground.ui.explain_views.gradient_panel import GradientCheckPanel

    return GradientCheckPanel(adapter)


def _landscape(adapter: SessionAdapter):
    from playground.ui.explain_views.landscape_view import LandscapeView

    return LandscapeView(adapter)


def install(window) -> ExplainViews:
    """Add the two docks (hidden) to ``window`` (a MainWindow with ``session`` and ``editor``)."""
    adapter = SessionAdapter(window.session, window.editor, parent=window)
    views = ExplainViews(adapter,
                         _dock(window, "Gradient check", "gradient_check_dock", lambda: _gradient_panel(adapter)),
                         _dock(window, "Loss landscape", "loss_landscape_dock", lambda: _landscape(adapter)))
    window.installEventFilter(_CloseWatcher(views, window))
    return views


__all__ = ["ExplainViews", "SessionAdapter", "install"]
