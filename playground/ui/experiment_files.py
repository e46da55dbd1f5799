"""File > Open / Save / Save As for experiments, with clear error dialogs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

FILE_FILTER = "Experiments (*.json);;All files (*)"


class ExperimentFiles:
    """Opens and saves the session's experiment for a window.

    Parameters
    ----------
    window : QWidget
        Parent of the dialogs.
    session : Session
    loss_plot : LossPlot
        Its history is saved with the trained state and refilled on open.
    """

    def __init__(self, window: QWidget, session, loss_plot) -> None:
        self.window = window
        self.session = session
        self.loss_plot = loss_plot
        self.path: Path | None = None
        self.last_dir = str(Path.home())

    # ------------------------------------------------------------ open
    def ask_open(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open experiment", self.last_dir, FILE_FILTER)
        return bool(path) and self.open(path)

    def open(self, path) -> bool:
        """Load ``path`` into the session; an error dialog and no change on failure."""
        from playground.spec import load_experiment

        path = Path(path)
        try:
            experiment = load_experiment(path)
        except (OSError, ValueError) as exc:
            self._error("Could not open the experiment", f"{path}:\n{exc}")
            return False
        errors: list[str] = []
        self.session.error_occurred.connect(errors.append)
        try:
            ok = self.session.load_experiment(experiment, base_dir=path.parent)
        finally:
            self.session.error_occurred.disconnect(errors.append)
        if not ok:
            self._error("Could not open the experiment", f"{path}:\n" + "\n".join(errors))
            return False
        state = experiment.state
        if state is not None and len(state.loss_epochs):
            self.loss_plot.add_points(np.asarray(state.loss_epochs), np.asarray(state.train_loss),
                                      np.asarray(state.test_loss))
        self.path = path
        self.last_dir = str(path.parent)
        return True

    # ------------------------------------------------------------ save
    def save(self) -> bool:
        return self.save_as(self.path) if self.path is not None else self.ask_save_as()

    def ask_save_as(self) -> bool:
        start = str(self.path) if self.path else str(Path(self.last_dir) / "experiment.json")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save experiment", start, FILE_FILTER)
        return bool(path) and self.save_as(path)

    def save_as(self, path) -> bool:
        """Save the experiment with its newest weights and loss curves to ``path``."""
        from playground.spec import save_experiment

        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".json")
        x, (train, test) = self.loss_plot.history.arrays()
        try:
            experiment = self.session.experiment_with_state(loss_epochs=x, train_loss=train,
                                                            test_loss=np.nan_to_num(test, nan=np.nan))
            save_experiment(experiment, path)
        except (OSError, ValueError) as exc:
            self._error("Could not save the experiment", f"{path}:\n{exc}")
            return False
        self.path = path
        self.last_dir = str(path.parent)
        return True

    def _error(self, title: str, text: str) -> None:
        QMessageBox.critical(self.window, title, text)
