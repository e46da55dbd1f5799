"""Actions: every change a user makes, as an undoable command on the window's one QUndoStack.

The panels and the toolbar call these methods instead of the session, and the
canvas pushes its network, feature, weight and bias commands
(``ui/edits/commands.py``) on the same stack, so the undo history lists every
change and "unsaved" is simply
``not undo_stack.isClean()`` (plus training progress, see
:mod:`playground.ui.files.unsaved`). A refused change is reported through
``report`` and leaves nothing on the stack.
"""

from __future__ import annotations

from typing import Callable

from playground.ui.edits.commands import SafeCommand


class _RestoringCommand(SafeCommand):
    """A change that resets the weights (new data, Reset): undo puts back the whole
    experiment as it was, trained weights and counters included."""

    def __init__(self, session, text: str, on_error=None):
        super().__init__(text, on_error)
        self.session = session
        self.before = session.experiment_with_state()

    def undo(self):
        self._run(lambda: self.session.restore(self.before))


class SetDataCommand(_RestoringCommand):
    """New data (dataset, noise, split, samples, seed...): new weights; undo restores the old run."""

    def __init__(self, session, data_config, text: str = "Change the data", on_error=None):
        super().__init__(session, text, on_error)
        self.data_config = data_config

    def redo(self):
        self._run(lambda: self.session.set_data_config(self.data_config))


class ResetCommand(_RestoringCommand):
    """Fresh random weights, epoch 0; undo brings the trained weights back."""

    def __init__(self, session, on_error=None):
        super().__init__(session, "Reset the weights", on_error)

    def redo(self):
        self._run(self.session.reset)


class SetTrainingCommand(SafeCommand):
    """New training settings (the whole TrainConfig record), applied live; weights kept."""

    def __init__(self, session, before, after, on_error=None):
        changed = [f for f in type(after).__dataclass_fields__ if getattr(before, f) != getattr(after, f)]
        super().__init__("Set " + ", ".join(f"{name} = {getattr(after, name)}" for name in changed), on_error)
        self.session = session
        self.before, self.after = before, after

    def redo(self):
        self._run(lambda: self.session.set_training(self.after))

    def undo(self):
        self._run(lambda: self.session.set_training(self.before))


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
