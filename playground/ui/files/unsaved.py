"""Unsaved work: the undo stack's clean state, plus training progress.

Every change a user makes is a command on the window's QUndoStack
(:mod:`playground.ui.edits.actions`, the canvas's edits), so "changed since saved"
is ``not undo_stack.isClean()``. The one thing that is not a command is
training itself: new steps change the weights File > Save would write, so
they count as unsaved work too. Listeners (the title's star, the close
question, the autosave) get one signal and a ``dirty`` flag.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class UnsavedWork(QObject):
    """Whether the session's experiment differs from what was last saved or opened.

    Parameters
    ----------
    session : Session
    undo_stack : QUndoStack
        Holds every user change.
    parent : QObject, optional

    Signals
    -------
    changed(bool)
        Something changed; True for a user change (an undo stack step, either
        way), False for training progress (a new step).
    """

    changed = Signal(bool)

    def __init__(self, session, undo_stack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.undo_stack = undo_stack
        self._generation = 0
        self._trained = False  # new training steps since the last save
        self._position = self._current_position()
        self._connections = [
            (session.snapshot_ready, self._on_session_snapshot),
            (undo_stack.indexChanged, self._on_undo_stack_changed),
            (undo_stack.cleanChanged, self._on_undo_stack_changed),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)

    @property
    def dirty(self) -> bool:
        """Whether something changed since the last ``mark_saved``."""
        return self._trained or not self.undo_stack.isClean()

    @property
    def generation(self) -> int:
        """A counter that grows with every change (the autosave compares it)."""
        return self._generation

    def mark_saved(self) -> None:
        """The experiment as it is now has been saved."""
        # Re-read the position: opening a trained file sets the counters after
        # the build, and the engine's next snapshot repeats them; that is no change.
        self._position = self._current_position()
        self._trained = False
        self.undo_stack.setClean()

    def start_over(self) -> None:
        """A different experiment was opened: its history starts empty and saved."""
        self.undo_stack.clear()
        self.mark_saved()

    def mark_unsaved(self) -> None:
        """Treat the experiment as changed (e.g. restored from a recovery file, saved nowhere)."""
        self.undo_stack.resetClean()  # no index is clean until the next save
        self._bump(True)

    def stop(self) -> None:
        """Stop listening (the window is closing: its undo stack clearing itself is no change)."""
        for signal, slot in self._connections:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self._connections = []

    # ------------------------------------------------------------ events
    def _current_position(self) -> tuple[int, int]:
        snap = self.session.latest_snapshot
        return (self.session.network_version, snap.step if snap is not None else 0)

    def _on_session_snapshot(self, snapshot) -> None:
        position = (snapshot.network_version, snapshot.step)
        if position == self._position:
            return  # snapshots also arrive while paused (a redraw, a message)
        same_build = position[0] == self._position[0]
        self._position = position
        # A new build comes from a command (the stack's business); new steps of the same build are training.
        if same_build:
            self._trained = True
            self._bump(False)

    def _on_undo_stack_changed(self, *_) -> None:
        self._bump(True)

    def _bump(self, edit: bool) -> None:
        self._generation += 1
        self.changed.emit(edit)
