"""Undo commands of the network and the data drawn: the canvas's, draw mode's and the step-through's.

:class:`~playground.ui.edits.actions.Actions` makes and pushes every one of
them; the commands of the experiment-level actions (training settings, data,
Reset) live next to those actions in ``ui/edits/actions.py``. All share one
QUndoStack.

Each command stores what it needs to restore both sides exactly: a structure
or feature edit keeps the whole ``(spec, features, weights, biases)`` before
and after; a weight or bias edit, and an applied step, keep the old and the new
values; a stroke keeps the drawing before and after. ``redo`` and ``undo`` only
call the Session (``apply_network``, ``set_features``, ``set_weight``,
``set_bias``) or, for a stroke, draw mode's ``show``; the canvas redraws when
the Session says the network changed.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QUndoCommand

from playground.experiment.edits import NetworkState

# Command ids for mergeWith: consecutive edits of the same weight become one step.
WEIGHT_ID = 5101
BIAS_ID = 5102


def _copy(state: NetworkState) -> NetworkState:
    return NetworkState(state.spec, tuple(state.features), [np.array(w, copy=True) for w in state.weights],
                        [np.array(b, copy=True) for b in state.biases])


def apply_state(session, state: NetworkState) -> None:
    """Make the session's network ``state``: new features through ``set_features``, else ``apply_network``.

    The arrays passed are copies, so the command's own record can never be changed by the receiver.
    """
    state = _copy(state)
    current = tuple(session.prepared.feature_names)
    if tuple(state.features) != current:
        if state.spec != session.network_spec:
            session.apply_network(state.spec, state.weights, state.biases)
            state = _copy(state)
        session.set_features(state.features, state.weights, state.biases)
    else:
        session.apply_network(state.spec, state.weights, state.biases)


class SafeCommand(QUndoCommand):
    """A command that never raises out of redo/undo: Qt cannot handle that.

    When the session refuses (e.g. the data changed so the stored network no
    longer fits), the command is marked obsolete, so the stack drops it, and the
    reason is kept in ``error`` and handed to ``on_error`` (``Actions.report``:
    a refusal in a later undo or redo is shown too).
    """

    def __init__(self, text: str, on_error=None):
        super().__init__(text)
        self.error: str | None = None
        self.on_error = on_error

    def _run(self, action) -> None:
        # The Session refuses by raising (and keeping its state); Qt cannot take
        # an exception out of redo(), so it stops here and becomes the command's error.
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - any failure, not only Refused, must stay inside
            self.error = str(exc) or type(exc).__name__
            self.setObsolete(True)
            if self.on_error is not None:
                self.on_error(self.error)
        else:
            self.error = None


class NetworkEditCommand(SafeCommand):
    """A change of structure, activation or input features, with the weights around it.

    Parameters
    ----------
    session : Session
    text : str
        What the Edit menu and the Undo History show, e.g. "Insert layer 2".
    before, after : NetworkState
        The whole network before and after the edit (copied).
    on_error : callable, optional
        Called with a message when the session refuses the change.
    """

    def __init__(self, session, text: str, before: NetworkState, after: NetworkState, on_error=None):
        super().__init__(text, on_error)
        self.session = session
        self.before = _copy(before)
        self.after = _copy(after)

    def redo(self):
        self._run(lambda: apply_state(self.session, self.after))

    def undo(self):
        self._run(lambda: apply_state(self.session, self.before))


class SetWeightCommand(SafeCommand):
    """Set ``weights[l][i, j]``; consecutive edits of the same weight merge into one step."""

    def __init__(self, session, l: int, i: int, j: int, old: float, new: float, text: str | None = None,
                 on_error=None):
        super().__init__(text or f"Set weight w[{l}][{i},{j}] = {new:.4g}", on_error)
        self.session = session
        self.key = (int(l), int(i), int(j))
        self.old, self.new = float(old), float(new)

    def id(self) -> int:
        return WEIGHT_ID

    def mergeWith(self, other) -> bool:
        if not isinstance(other, SetWeightCommand) or other.key != self.key:
            return False
        self.new = other.new
        self.setText(other.text())
        return True

    def redo(self):
        self._run(lambda: self.session.set_weight(*self.key, self.new))

    def undo(self):
        self._run(lambda: self.session.set_weight(*self.key, self.old))


class SetBiasCommand(SafeCommand):
    """Set ``biases[l][j]``; consecutive edits of the same bias merge into one step."""

    def __init__(self, session, l: int, j: int, old: float, new: float, text: str | None = None,
                 on_error=None):
        super().__init__(text or f"Set bias b[{l}][{j}] = {new:.4g}", on_error)
        self.session = session
        self.key = (int(l), int(j))
        self.old, self.new = float(old), float(new)

    def id(self) -> int:
        return BIAS_ID

    def mergeWith(self, other) -> bool:
        if not isinstance(other, SetBiasCommand) or other.key != self.key:
            return False
        self.new = other.new
        self.setText(other.text())
        return True

    def redo(self):
        self._run(lambda: self.session.set_bias(*self.key, self.new))

    def undo(self):
        self._run(lambda: self.session.set_bias(*self.key, self.old))



class ApplyStepCommand(SafeCommand):
    """Set the parameters one SGD step changed (the step-through); undo sets the old values back, bit for bit.

    Parameters
    ----------
    session : Session
    text : str
    changes : list of tuple
        ``("w", (l, i, j), old, new)`` or ``("b", (l, j), old, new)``.
    on_error : callable, optional
        Called with the session's message when it refuses a value.
    """

    def __init__(self, session, text: str, changes: list, on_error=None):
        super().__init__(text, on_error)
        self.session = session
        self.changes = list(changes)

    def _set(self, new: bool) -> None:
        for kind, index, old, value in self.changes:
            value = value if new else old
            if kind == "w":
                self.session.set_weight(*index, value)
            else:
                self.session.set_bias(*index, value)

    def redo(self):
        self._run(lambda: self._set(True))

    def undo(self):
        self._run(lambda: self._set(False))


class StrokeCommand(SafeCommand):
    """One stroke of drawing: go from one drawing state to another; undo goes back.

    Parameters
    ----------
    text : str
        What the Edit menu shows ("Draw 12 points", "Erase 3 points").
    before, after : DrawState
        Immutable, so the command can keep them as they are.
    show : callable ``(DrawState)``
        Makes a state the current one (draw mode's adapter: overlay and session).
    on_error : callable, optional
    """

    def __init__(self, text: str, before, after, show, on_error=None) -> None:
        super().__init__(text, on_error)
        self.before, self.after = before, after
        self._show = show

    def redo(self) -> None:
        self._run(lambda: self._show(self.after))

    def undo(self) -> None:
        self._run(lambda: self._show(self.before))
