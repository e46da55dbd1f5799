"""Noticing that the experiment changed: for the title's star, the close question and autosave.

One place listens to everything that can change what File > Save would
write: training progress (new steps), network builds (reset, new design),
data, training settings and every undoable edit (weights and biases typed on
the canvas included). Listeners get one signal and a ``dirty`` flag that
``mark_saved`` clears.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeTracker(QObject):
    """Counts changes to the session's experiment since it was last saved or opened.

    Parameters
    ----------
    session : Session
    undo_stack : QUndoStack
        The canvas's edits (weights and biases too, which the session does not signal).
    parent : QObject, optional

    Signals
    -------
    changed(bool)
        Something changed; True for an edit (design, data, settings, a typed
        weight, a reset), False for training progress (a new step).
    """

    changed = Signal(bool)

    def __init__(self, session, undo_stack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._generation = 0
        self._saved_generation = 0
        self._position = self._current_position()
        self._experiment = session.experiment
        self._connections = [
            (session.snapshot_ready, self._on_session_snapshot),
            (session.network_built, self._on_session_network_built),
            (session.data_changed, self._on_edit),
            (session.network_changed, self._on_edit),
            (session.settings_changed, self._on_session_settings_changed),
            (undo_stack.indexChanged, self._on_edit),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)

    @property
    def dirty(self) -> bool:
        """Whether something changed since the last ``mark_saved``."""
        return self._generation != self._saved_generation

    @property
    def generation(self) -> int:
        """A counter that grows with every change (autosave compares it)."""
        return self._generation

    def mark_saved(self) -> None:
        """The experiment as it is now has been saved (or just opened)."""
        # Re-read the position: opening a trained file sets the counters after
        # the build, and the engine's next snapshot repeats them; that is no change.
        self._position = self._current_position()
        self._experiment = self.session.experiment
        self._saved_generation = self._generation

    def stop(self) -> None:
        """Stop listening (the window is closing: its undo stack clearing itself is no change)."""
        for signal, slot in self._connections:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self._connections = []

    def mark_unsaved(self) -> None:
        """Treat the experiment as changed (e.g. restored from a recovery file, saved nowhere)."""
        self._bump(True)

    # ------------------------------------------------------------ session events
    def _current_position(self) -> tuple[int, int]:
        snap = self.session.latest_snapshot
        return (self.session.network_version, snap.step if snap is not None else 0)

    def _on_session_snapshot(self, snapshot) -> None:
        position = (snapshot.network_version, snapshot.step)
        # Snapshots also arrive while paused (a redraw, a message): only new steps count.
        if position != self._position:
            self._position = position
            self._bump(False)

    def _on_session_network_built(self, version: int) -> None:
        self._position = self._current_position()
        self._bump(True)

    def _on_session_settings_changed(self, config) -> None:
        # Typing the same learning rate again re-emits settings_changed; that changes nothing.
        if self.session.experiment != self._experiment:
            self._experiment = self.session.experiment
            self._bump(True)

    def _on_edit(self, *args) -> None:
        self._experiment = self.session.experiment
        self._bump(True)

    def _bump(self, edit: bool) -> None:
        self._generation += 1
        self.changed.emit(edit)
