"""Actions: every change a user makes, as an undoable command on the window's one QUndoStack.

Panels, the canvas and the toolbar call these methods instead of the session,
so the undo history lists every change (data, features, training settings,
the network, a weight, a Reset) and "unsaved" is simply
``not undo_stack.isClean()`` (plus training progress, see
:mod:`playground.ui.files.unsaved`). A refused change is reported through
``report`` and leaves nothing on the stack.
"""

from __future__ import annotations

from typing import Callable

from playground.ui.edits.commands import ResetCommand, SetDataCommand, SetTrainingCommand


class Actions:
    """The user's changes to the session, through ``undo_stack``.

    Parameters
    ----------
    session : Session
    undo_stack : QUndoStack
    report : callable
        ``report(text)`` shows why a change was refused (the window's message area).
    """

    def __init__(self, session, undo_stack, report: Callable[[str], None]) -> None:
        self.session = session
        self.undo_stack = undo_stack
        self.report = report

    def push(self, command) -> bool:
        """Do ``command`` and keep it on the stack; False (and the reason reported) when refused."""
        self.undo_stack.push(command)
        if command.error is not None:
            self.report(command.error)
        return command.error is None

    def set_training(self, config) -> bool:
        """New training settings (a TrainConfig), applied live."""
        before = self.session.experiment.training
        if config == before:
            return True
        return self.push(SetTrainingCommand(self.session, before, config))

    def set_data(self, data_config) -> bool:
        """New data: new weights (undo brings the old data and weights back)."""
        if data_config == self.session.experiment.data:
            return True
        return self.push(SetDataCommand(self.session, data_config))

    def reset(self) -> bool:
        """Fresh random weights, epoch 0 (undo brings the trained weights back)."""
        return self.push(ResetCommand(self.session))
