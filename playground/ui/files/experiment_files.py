"""File > Open / Save / Save As for experiments, the window title, and the unsaved-changes question.

The window's experiment behaves like a document: it remembers the file it was
opened from or saved to (Ctrl+S saves there again, Save As asks), the title
shows that file's name with a ``*`` while there are unsaved changes, and
closing, File > New and File > Open with unsaved changes ask Save / Discard /
Cancel first. The autosave
(``playground.ui.files.recovery``) writes what :meth:`ExperimentFiles.experiment_to_save`
returns, the same experiment File > Save writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from playground.experiment import default_experiment, load_experiment, save_experiment

FILE_FILTER = "Experiments (*.json);;All files (*)"
APP_TITLE = "Backprop Playground"

#: Answers of the unsaved-changes question.
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class ExperimentFiles:
    """Opens and saves the session's experiment for a window.

    Parameters
    ----------
    window : QWidget
        Parent of the dialogs; its title shows the file name.
    session : Session
    loss_plot : LossPlot
        Its history (``history_arrays``) is saved with the trained state and
        refilled on open (``add_points``).

    Attributes
    ----------
    path : Path or None
        The file the experiment was opened from or last saved to.
    base_dir : Path or None
        The folder a relative CSV path of the experiment is relative to.
    ask_unsaved : callable () -> str
        Asks what to do with unsaved changes: ``"save"``, ``"discard"`` or
        ``"cancel"`` (a dialog; tests replace it).
    """
    def __init__(self, window: QWidget, session, loss_plot) -> None:
        self.window = window
        self.session = session
        self.loss_plot = loss_plot
        self.path: Path | None = None
        self.base_dir: Path | None = None
        self.last_dir = str(Path.home())
        self.changes = None
        self._doing = "closing"
        self.ask_unsaved: Callable[[], str] = self._ask_unsaved_dialog
        #: (path) -> bool, or None when the file is no lesson: lesson files open in the lesson panel.
        self.open_lesson: Callable[[Path], bool | None] | None = None
        #: (path) -> None after every successful open and save: File > Open Recent (ui/files/menus.py).
        self.on_saved: Callable[[Path], None] | None = None

    def track(self, changes) -> None:
        """Follow :class:`~playground.ui.files.unsaved.UnsavedWork` for the title and the close question."""
        self.changes = changes
        changes.changed.connect(lambda *_: self.update_title())
        self.update_title()

    @property
    def dirty(self) -> bool:
        """Whether the experiment changed since it was opened or saved."""
        return self.changes is not None and self.changes.dirty

    def title(self) -> str:
        """``run.json* — Backprop Playground``; the untouched example is just the app's name."""
        star = "*" if self.dirty else ""
        if self.path is not None:
            return f"{self.path.name}{star} — {APP_TITLE}"
        return f"untitled{star} — {APP_TITLE}" if star else APP_TITLE

    def save_view(self, settings) -> None:
        settings.setValue("files/last_dir", self.last_dir)

    def restore_view(self, settings) -> None:
        last_dir = settings.value("files/last_dir")
        if isinstance(last_dir, str) and last_dir:
            self.last_dir = last_dir

    def update_title(self) -> None:
        title = self.title()
        if self.window.windowTitle() != title:  # called for every snapshot: keep it cheap
            self.window.setWindowTitle(title)

    # ------------------------------------------------------------ new and open
    def new(self) -> bool:
        """File > New: the default example, after asking about unsaved changes."""
        if not self.confirm_discard("starting a new experiment"):
            return False
        problem = self.load(default_experiment(), base_dir=None)
        if problem is not None:  # pragma: no cover - the default example always fits its data
            self._error("Could not start a new experiment", problem)
            return False
        self.path = None
        self._mark_clean()
        return True

    def ask_open(self) -> bool:
        """File > Open: ask about unsaved changes, then for a file."""
        if not self.confirm_discard("opening another experiment"):
            return False
        path, _ = QFileDialog.getOpenFileName(self.window, "Open experiment", self.last_dir, FILE_FILTER)
        return bool(path) and self.open(path)

    def open(self, path) -> bool:
        """Load ``path`` into the session; an error dialog and no change on failure."""
        path = Path(path)
        handled = self.open_lesson(path) if self.open_lesson is not None else None
        if handled is not None:
            return handled
        try:
            experiment = load_experiment(path)
        except (OSError, ValueError) as exc:
            self._error("Could not open the experiment", f"{path}:\n{exc}")
            return False
        problem = self.load(experiment, base_dir=path.parent)
        if problem is not None:
            self._error("Could not open the experiment", f"{path}:\n{problem}")
            return False
        self._set_saved(path)
        return True

    def load(self, experiment, base_dir) -> str | None:
        """Put a loaded experiment into the session, loss history included.

        Shared by File > Open and the crash recovery. Does not change ``path``.

        Returns
        -------
        str or None
            Why the session refused it (its previous experiment is kept), or None.
        """
        try:
            self.session.load_experiment(experiment, base_dir=base_dir)
        except ValueError as exc:  # Session.Refused: the previous experiment is kept
            return str(exc) or "the experiment does not fit its data"
        if self.changes is not None:
            self.changes.start_over()  # the old experiment's undo history does not apply to this one
        state = experiment.state
        # The build cleared the plot; the file's curves go back in before any new point.
        if state is not None and len(state.loss_epochs):
            self.loss_plot.add_points(np.asarray(state.loss_epochs), np.asarray(state.train_loss),
                                      np.asarray(state.test_loss))
        self.base_dir = Path(base_dir) if base_dir is not None else None
        return None

    # ------------------------------------------------------------ save
    def save(self) -> bool:
        """Save in place (the file it came from), or ask where when it has none."""
        return self.save_as(self.path) if self.path is not None else self.ask_save_as()

    def ask_save_as(self) -> bool:
        start = str(self.path) if self.path else str(Path(self.last_dir) / "experiment.json")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save experiment", start, FILE_FILTER)
        return bool(path) and self.save_as(path)

    def save_as(self, path) -> bool:
        """Save the experiment with its newest weights and loss curves to ``path``."""
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".json")
        try:
            save_experiment(self.experiment_to_save(), path, source_dir=self.base_dir)
        except (OSError, ValueError) as exc:
            self._error("Could not save the experiment", f"{path}:\n{exc}")
            return False
        self._set_saved(path)
        return True

    def experiment_to_save(self):
        """The experiment with its trained state: newest weights, counters and the loss curves.

        Cheap (a copy of a few small arrays; ~0.4 ms for the default network,
        ~3.5 ms with a full 4096-point loss history), so the autosave calls it
        on the GUI thread and writes the result on another.
        """
        x, (train, test) = self.loss_plot.history_arrays()
        # Infinities become the largest float (as File > Save always did); NaN (no test set) stays.
        return self.session.experiment_with_state(loss_epochs=x, train_loss=train,
                                                  test_loss=np.nan_to_num(test, nan=np.nan))

    def _set_saved(self, path: Path) -> None:
        self.path = path
        self.last_dir = str(path.parent)
        # A relative CSV path in the file is now relative to the file's folder.
        self.base_dir = path.parent
        self._mark_clean()
        if self.on_saved is not None:
            self.on_saved(path)

    def _mark_clean(self) -> None:
        if self.changes is not None:
            self.changes.mark_saved()
        self.update_title()

    # ------------------------------------------------------------ dropping unsaved work
    def confirm_discard(self, doing: str = "closing") -> bool:
        """Whether the current experiment may be dropped: no unsaved changes, or the
        user saved or discarded them. ``doing`` completes the question
        ("Save the changes ... before closing?").
        """
        if not self.dirty:
            return True
        self._doing = doing
        answer = self.ask_unsaved()
        if answer == SAVE:
            return self.save()  # a cancelled Save As dialog keeps the work
        return answer == DISCARD

    def confirm_close(self) -> bool:
        """Whether the window may close (see :meth:`confirm_discard`)."""
        return self.confirm_discard("closing")

    def _ask_unsaved_dialog(self) -> str:
        name = self.path.name if self.path is not None else "the experiment"
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.window, "Unsaved changes", f"Save the changes to {name} before {self._doing}?",
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        return {buttons.Save: SAVE, buttons.Discard: DISCARD}.get(answer, CANCEL)

    def _error(self, title: str, text: str) -> None:
        QMessageBox.critical(self.window, title, text)
