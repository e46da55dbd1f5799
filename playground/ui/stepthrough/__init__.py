"""The step-through panel (issue 10): one training sample through the network, with its numbers.

- ``cursor``: the stops of the walk and the cursor over them (no Qt);
- ``marks``: what the canvas highlights for the stops shown (no Qt);
- ``render``: the panel's rich text from the walkthrough's Steps (no Qt);
- ``points``: picking a point in the boundary plot, the misclassified ones;
- ``adapter``: the only module that touches the Session and the window's Actions;
- ``panel``: the widget; ``install(window)`` puts it in a dock.

See docs/stepthrough.md.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from playground.ui.window.lazy_dock import LazyDock

#: Shows and hides the dock (View > Step through).
SHORTCUT = "Ctrl+B"


def install(window) -> QDockWidget:
    """Add the hidden "Step through" dock to ``window`` (a MainWindow) and return it.

    Uses ``window.session``, ``window.actions``, ``window.editor`` and
    ``window.output.boundary``. The dock's ``toggleViewAction()`` (with
    ``SHORTCUT``) belongs in the View menu; the panel is ``dock.widget()``,
    built when the dock is first shown or asked for (a LazyDock: fast start-up).
    """
    dock = LazyDock("Step through", "step_dock", lambda: _panel(window, dock), window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    action = dock.toggleViewAction()
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setToolTip("Show one training point's forward pass, loss, backward pass and update with its numbers")
    return dock


def _panel(window, dock: QDockWidget):
    # Imported here: the panel's modules (the walkthrough, the point picker) load only when it is opened.
    from playground.ui.stepthrough.panel import StepThroughPanel

    panel = StepThroughPanel(window.session, window.actions, window.editor, window.output.boundary)
    dock.visibilityChanged.connect(panel.set_active)
    return panel
