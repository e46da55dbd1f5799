"""The gradient-check panel and the loss-landscape view (issue 11), as two docks of the main window.

``install(window)`` builds both on the window's session and canvas and
returns an :class:`ExplainViews` with the docks (for the View menu) and the
views. The landscape view's ``action_done(str)`` carries lesson actions
(``picked_two_weights``, ``viewed_landscape``). Only :mod:`.adapter` touches the
Session and the canvas; docs/explain.md describes the views.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget

from playground.ui.explain_views.adapter import SessionAdapter
from playground.ui.explain_views.gradient_panel import GradientCheckPanel
from playground.ui.explain_views.landscape_view import LandscapeView


@dataclass
class ExplainViews:
    adapter: SessionAdapter
    gradient_panel: GradientCheckPanel
    landscape: LandscapeView
    gradient_dock: QDockWidget
    landscape_dock: QDockWidget

    def shutdown(self) -> None:
        """Wait for a running check or surface (they end within a fraction of a second)."""
        self.gradient_panel.shutdown()
        self.landscape.shutdown()


class _CloseWatcher(QObject):
    """Waits for the views' background jobs when the window closes (no thread outlives it)."""

    def __init__(self, views: ExplainViews, parent: QObject) -> None:
        super().__init__(parent)
        self.views = views

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Close:
            self.views.shutdown()
        return False


def _dock(window, title: str, name: str, widget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)   # saved and restored with the window's layout
    dock.setWidget(widget)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    return dock


def install(window) -> ExplainViews:
    """Add the two docks (hidden) to ``window`` (a MainWindow with ``session`` and ``editor``)."""
    adapter = SessionAdapter(window.session, window.editor, parent=window)
    panel = GradientCheckPanel(adapter)
    landscape = LandscapeView(adapter)
    views = ExplainViews(adapter, panel, landscape,
                         _dock(window, "Gradient check", "gradient_check_dock", panel),
                         _dock(window, "Loss landscape", "loss_landscape_dock", landscape))
    window.installEventFilter(_CloseWatcher(views, window))
    return views


__all__ = ["ExplainViews", "GradientCheckPanel", "LandscapeView", "SessionAdapter", "install"]
