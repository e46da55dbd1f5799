"""Draw mode's one link to the window: the Session, the window's Actions and the status bar.

Each finished stroke becomes one undo step through ``actions.draw_stroke``
(a :class:`~playground.ui.edits.commands.StrokeCommand` on the window's one
undo stack). Making a state current (a stroke, its undo or redo) shows its
points and, when its DataConfig differs from the session's, applies it the way
the data panel applies new data (``Session.set_data_config``: training pauses,
the weights reset, the boundary redraws); a refusal is reported through
``actions.report`` like any other. Too few points to train on keep the previous
data, and the status bar says what is missing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from playground.ui.data_import.adapter import apply_data_config
from playground.ui.drawing import brush
from playground.ui.drawing.controller import DrawController


class DrawAdapter(QObject):
    """Turns strokes into undo steps and drawn states into the session's data.

    Parameters
    ----------
    session : Session
    actions : Actions
        The window's one (``ui/edits/actions.py``): strokes become undo steps there.
    controller : DrawController

    Signals
    -------
    message_shown(str)
        A hint for the status bar ("" when the last hint no longer holds).
    """

    message_shown = Signal(str)

    def __init__(self, session, actions, controller: DrawController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.actions = actions
        self.controller = controller
        controller.mode_toggled.connect(self._on_mode_toggled)
        controller.stroke_finished.connect(self._on_stroke_finished)
        controller.tools.clear_requested.connect(self.clear)
        controller.tools.current_requested.connect(self.start_from_current)
        session.data_changed.connect(self._on_session_data_changed)

    @property
    def state(self) -> brush.DrawState | None:
        return self.controller.state

    def start_from_current(self) -> None:
        """Draw on top of the session's data as it is now."""
        self.controller.set_state(brush.from_data(self.session.experiment.data, self.session.prepared))

    def clear(self) -> None:
        """Empty plane: one undo step that removes every drawn point."""
        if self.state is not None and self.state.n:
            self._push("Empty plane", self.state, brush.cleared(self.state))

    def show(self, state: brush.DrawState) -> None:
        """Make ``state`` current: its points on the plot, its data in the session."""
        self.controller.set_state(state)
        if state.config != self.session.experiment.data:
            problem = apply_data_config(self.session, state.config)
            if problem is not None:
                self.actions.report(problem)
        self.controller.hold_view()

    def _push(self, text: str, before, after) -> None:
        settled, reason = brush.settle(after, before)
        # "" clears an earlier hint once the points train.
        self.message_shown.emit(f"Not trained on yet: {reason}; the network keeps the previous data." if reason else "")
        self.actions.draw_stroke(text, before, settled, self.show)

    def _on_stroke_finished(self, text: str, before, after) -> None:
        self._push(text, before, after)

    def _on_mode_toggled(self, on: bool) -> None:
        if on:
            self.start_from_current()

    def _on_session_data_changed(self) -> None:
        state = self.state
        if not self.controller.active or state is None:
            return
        if state.config != self.session.experiment.data:
            self.start_from_current()  # data chosen elsewhere (data panel, File > Open)
        self.controller.hold_view()


def install(window) -> DrawAdapter:
    """Give the window's boundary plot a draw mode whose strokes go through the window's actions."""
    controller = DrawController(window.output.boundary, parent=window)
    adapter = DrawAdapter(window.session, window.actions, controller, parent=window)
    bar = window.statusBar()
    adapter.message_shown.connect(lambda text: bar.showMessage(text, 6000) if text else bar.clearMessage())
    return adapter
