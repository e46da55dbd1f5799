"""Actions: every change a user makes, as an undoable command on the window's one QUndoStack.

The panels, the toolbar, the canvas (network, feature, weight and bias edits),
draw mode (strokes) and the step-through (an applied SGD step) call these
methods; nothing else pushes on the stack (``tests/ui/test_one_actions_object.py``
checks). So the undo history lists every change and "unsaved" is simply
``not undo_stack.isClean()`` (plus training progress, see
:mod:`playground.ui.files.unsaved`). A refused change is reported through
:meth:`Actions.report`, the one message place of changes, and leaves nothing on
the stack; the next change that works takes the refusal back.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from playground.experiment.edits import NetworkState
from playground.ui.edits.commands import (ApplyStepCommand, NetworkEditCommand, SafeCommand, SetBiasCommand,
                                          SetWeightCommand, StrokeCommand)


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
        Or any object with the calls the commands make (the canvas's tests use a fake).
    undo_stack : QUndoStack
    report : callable
        ``report(text)`` shows why a change was refused (the window's message
        area), ``report("")`` takes back a refusal still shown.

    Attributes
    ----------
    refusal : str
        Why the last change was refused, "" once one worked.
    """

    def __init__(self, session, undo_stack, report: Callable[[str], None]) -> None:
        self.session = session
        self.undo_stack = undo_stack
        self._show = report
        self.refusal = ""

    def report(self, text: str) -> None:
        """Show why a change was refused ("" takes back the refusal shown); panels report bad input here too."""
        self.refusal = text
        self._show(text)

    def push(self, command) -> bool:
        """Do ``command`` (a SafeCommand) and keep it on the stack; False (and the reason reported) when refused."""
        if self.refusal:
            # Before the command runs: its redo may report a refusal of its own.
            self.report("")
        # The command reports its own refusal, also one in a later undo or redo (Edit > Undo).
        command.on_error = self.report
        self.undo_stack.push(command)
        return command.error is None

    # ------------------------------------------------------------ experiment
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

    # ------------------------------------------------------------ network (the canvas)
    def edit_network(self, text: str, before: NetworkState, after: NetworkState) -> bool:
        """Go from the network ``before`` to ``after``: structure, activations or input features.

        Parameters
        ----------
        text : str
            What the Edit menu and the Undo History show, e.g. "Insert layer 2".
        before, after : NetworkState
            ``(spec, features, weights, biases)``, ``weights[l]`` ``(fan_in, fan_out)``,
            ``biases[l]`` ``(fan_out,)``; computed by ``playground.experiment.edits``.
        """
        return self.push(NetworkEditCommand(self.session, text, before, after))

    def set_weight(self, l: int, i: int, j: int, value: float) -> bool:
        """Set ``weights[l][i, j]`` (``weights[l]`` is ``(fan_in, fan_out)``); edits of one weight in a row merge."""
        weights, _ = self.session.parameters()
        if not (0 <= l < len(weights) and 0 <= i < np.shape(weights[l])[0] and 0 <= j < np.shape(weights[l])[1]):
            self.report(f"there is no weight w[{l}][{i},{j}]")
            return False
        return self.push(SetWeightCommand(self.session, l, i, j, float(weights[l][i, j]), value))

    def set_bias(self, l: int, j: int, value: float) -> bool:
        """Set ``biases[l][j]`` (``biases[l]`` is ``(fan_out,)``); edits of one bias in a row merge."""
        _, biases = self.session.parameters()
        if not (0 <= l < len(biases) and 0 <= j < np.shape(biases[l])[0]):
            self.report(f"there is no bias b[{l}][{j}]")
            return False
        return self.push(SetBiasCommand(self.session, l, j, float(biases[l][j]), value))

    def apply_step(self, text: str, changes: list) -> bool:
        """Set the weights and biases one SGD step changed (the step-through), as one undo step.

        Parameters
        ----------
        changes : list of tuple
            ``("w", (l, i, j), old, new)`` or ``("b", (l, j), old, new)``.
        """
        return self.push(ApplyStepCommand(self.session, text, changes))

    # ------------------------------------------------------------ drawn data
    def draw_stroke(self, text: str, before, after, show: Callable) -> bool:
        """One stroke of draw mode: ``show(after)`` now, ``show(before)`` on undo.

        Parameters
        ----------
        before, after : DrawState
            The drawing before and after the stroke (immutable).
        show : callable ``(DrawState)``
            Makes a drawing current: its points on the plot, its data in the session.
        """
        return self.push(StrokeCommand(text, before, after, show))
