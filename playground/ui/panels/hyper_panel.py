"""Hyperparameters: the ones that apply live, and the ones that reset the network.

"Training (applies live)": learning rate, optimizer (+ momentum / Adam betas),
loss, batch size, regularization and its rate. The session forwards them to the
running worker; the weights stay.

"Network and problem (resets)": activation per hidden layer (a rebuild that
keeps the weights but restarts the counters) and the problem type (new data).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from playground.data import GENERATORS
from playground.engine import activation_names
from playground.ui.panels.tooltips import PROBLEM as PROBLEM_TIP, activation_description, activation_tip
from playground.ui.panels.training_settings import TrainingSettingsBox
from playground.ui.session.protocols import PanelSession


class HyperPanel(QWidget):
    """Training settings and problem type of the session.

    Parameters
    ----------
    session : PanelSession
        What the panel needs of the session (``ui/session/protocols.py``).
    set_activation : callable
        ``set_activation(h, name)`` for hidden layer ``h``: the canvas's undoable edit.
    actions : Actions
        Every change goes through it (undoable); it reports refusals.
    """
    def __init__(self, session: PanelSession, actions, set_activation: Callable[[int, str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.actions = actions
        self._set_activation = set_activation

        self.training = TrainingSettingsBox(session, actions)
        # Each setting's widget by its TrainConfig field name (``panel.learning_rate``...).
        for row in self.training.rows:
            setattr(self, row.name, row.widget)
        self._live_form = self.training.form

        self.problem = QComboBox()
        self.problem.addItems(["classification", "regression"])
        self.problem.setToolTip(PROBLEM_TIP)
        self.activation_form = QFormLayout()
        self.activation_boxes: list[QComboBox] = []
        reset = QGroupBox("Network and problem (reset training)")
        reset_layout = QVBoxLayout(reset)
        problem_form = QFormLayout()
        problem_form.addRow("Problem type", self.problem)
        reset_layout.addLayout(problem_form)
        reset_layout.addLayout(self.activation_form)
        note = QLabel("These rebuild the network: the epoch counter and the curves start over.")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid); font-style: italic;")
        reset_layout.addWidget(note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.training)
        layout.addWidget(reset)
        layout.addStretch(1)

        self.problem.currentTextChanged.connect(self._on_problem_changed)
        session.settings_changed.connect(self.sync)
        session.data_changed.connect(self.sync)
        session.network_changed.connect(self.sync)
        self.sync()

    # ------------------------------------------------------------ from the session
    def sync(self, *_) -> None:
        """Show the session's settings without sending them back."""
        self.training.sync()
        with QSignalBlocker(self.problem):
            self.problem.setCurrentText("regression" if self.session.prepared.n_classes == 0 else "classification")
            self.problem.setEnabled(self.session.experiment.data.source == "generator")
        self._sync_activations()

    def _sync_activations(self) -> None:
        hidden = self.session.network_spec.hidden
        if len(self.activation_boxes) != len(hidden):
            while self.activation_form.rowCount():
                self.activation_form.removeRow(0)
            self.activation_boxes = []
            for h in range(len(hidden)):
                box = QComboBox()
                for name in activation_names(hidden=True):
                    box.addItem(name)
                    box.setItemData(box.count() - 1, activation_description(name), Qt.ItemDataRole.ToolTipRole)
                box.currentTextChanged.connect(lambda name, h=h: self._on_activation_chosen(h, name))
                self.activation_form.addRow(f"Hidden {h + 1} activation", box)
                self.activation_boxes.append(box)
        for box, layer in zip(self.activation_boxes, hidden):
            with QSignalBlocker(box):
                if box.findText(layer.activation) < 0:
                    box.addItem(layer.activation)
                box.setCurrentText(layer.activation)
            box.setToolTip(activation_tip(self.activation_boxes.index(box), layer.activation))

    # ------------------------------------------------------------ to the session
    def _on_activation_chosen(self, h: int, name: str) -> None:
        if self.session.network_spec.hidden[h].activation != name:
            self._set_activation(h, name)
        self.sync()

    def _on_problem_changed(self, kind: str) -> None:

        data = self.session.experiment.data
        wanted = "regression" if kind == "regression" else "classification"
        if data.source == "generator" and GENERATORS[data.generator].kind == wanted:
            return
        name = next(n for n, info in GENERATORS.items() if info.kind == wanted)
        self.actions.set_data(replace(data, source="generator", generator=name, classes=None))
        self.sync()
