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

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout, QWidget,
)

#: TF Playground's learning rates and regularization rates.
LEARNING_RATES = ("0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10")
REG_RATES = ("0", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10")
HIDDEN_ACTIVATIONS = ("tanh", "relu", "sigmoid", "leaky_relu", "elu", "softplus", "swish", "gaussian",
                      "sin", "identity")
AUTO_LOSS = "auto (fits the output)"


def _rate_combo(values) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(values)
    validator = QDoubleValidator(0.0, 1e6, 8)
    validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
    combo.setValidator(validator)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo


class HyperPanel(QWidget):
    """Training settings and problem type of the session.

    Parameters
    ----------
    session : Session
    set_activation : callable, optional
        ``set_activation(h, name)`` for hidden layer ``h``; the window wires the
        canvas's undoable edit. Defaults to a direct session rebuild.
    """

    def __init__(self, session, set_activation: Callable[[int, str], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from playground.engine import LOSSES, OPTIMIZERS

        self.session = session
        self._set_activation = set_activation or self._set_activation_directly

        self.learning_rate = _rate_combo(LEARNING_RATES)
        self.learning_rate.setToolTip("Step size of gradient descent; applies at once, weights kept")
        self.optimizer = QComboBox()
        self.optimizer.addItems(list(OPTIMIZERS))
        self.momentum = QDoubleSpinBox()
        self.momentum.setRange(0.0, 0.999)
        self.momentum.setSingleStep(0.05)
        self.momentum.setDecimals(3)
        self.beta1 = QDoubleSpinBox()
        self.beta2 = QDoubleSpinBox()
        for spin in (self.beta1, self.beta2):
            spin.setRange(0.0, 0.9999)
            spin.setDecimals(4)
            spin.setSingleStep(0.01)
        self.loss = QComboBox()
        self.loss.addItems([AUTO_LOSS, *LOSSES])
        self.batch_size = QSpinBox()
        self.batch_size.setRange(0, 5000)
        self.batch_size.setSpecialValueText("full batch")
        self.batch_size.setToolTip("Samples per update: 1 = online, 0 = the whole training set")
        self.batch_size.setKeyboardTracking(False)
        self.regularization = QComboBox()
        self.regularization.addItems(["none", "l1", "l2"])
        self.reg_rate = _rate_combo(REG_RATES)

        live = QGroupBox("Training (applies live)")
        form = QFormLayout(live)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Learning rate", self.learning_rate)
        form.addRow("Optimizer", self.optimizer)
        self._momentum_row = ("Momentum", self.momentum)
        form.addRow(*self._momentum_row)
        form.addRow("Adam β1", self.beta1)
        form.addRow("Adam β2", self.beta2)
        form.addRow("Loss", self.loss)
        form.addRow("Batch size", self.batch_size)
        form.addRow("Regularization", self.regularization)
        form.addRow("Reg. rate", self.reg_rate)
        self._live_form = form

        self.problem = QComboBox()
        self.problem.addItems(["classification", "regression"])
        self.problem.setToolTip("Switches to a dataset of that kind: resets the network")
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
        layout.addWidget(live)
        layout.addWidget(reset)
        layout.addStretch(1)

        self.learning_rate.activated.connect(lambda *_: self._on_rate_entered(self.learning_rate, "learning_rate"))
        self.learning_rate.lineEdit().editingFinished.connect(
            lambda: self._on_rate_entered(self.learning_rate, "learning_rate"))
        self.reg_rate.activated.connect(lambda *_: self._on_rate_entered(self.reg_rate, "regularization_rate"))
        self.reg_rate.lineEdit().editingFinished.connect(
            lambda: self._on_rate_entered(self.reg_rate, "regularization_rate"))
        self.optimizer.currentTextChanged.connect(lambda v: self._apply(optimizer=v))
        self.momentum.valueChanged.connect(lambda v: self._apply(momentum=v))
        self.beta1.valueChanged.connect(lambda v: self._apply(beta1=v))
        self.beta2.valueChanged.connect(lambda v: self._apply(beta2=v))
        self.loss.currentTextChanged.connect(lambda v: self._apply(loss=None if v == AUTO_LOSS else v))
        self.batch_size.valueChanged.connect(lambda v: self._apply(batch_size=v))
        self.regularization.currentTextChanged.connect(lambda v: self._apply(regularization=v))
        self.problem.currentTextChanged.connect(self._on_problem_changed)
        session.settings_changed.connect(self.sync)
        session.data_changed.connect(self.sync)
        session.network_changed.connect(self.sync)
        self.sync()

    # ------------------------------------------------------------ from the session
    def sync(self, *_) -> None:
        """Show the session's settings without sending them back."""
        t = self.session.experiment.training
        widgets = (self.learning_rate, self.optimizer, self.momentum, self.beta1, self.beta2, self.loss,
                   self.batch_size, self.regularization, self.reg_rate, self.problem)
        blockers = [QSignalBlocker(w) for w in widgets]
        self.learning_rate.setEditText(f"{t.learning_rate:g}")
        self.optimizer.setCurrentText(t.optimizer)
        self.momentum.setValue(t.momentum)
        self.beta1.setValue(t.beta1)
        self.beta2.setValue(t.beta2)
        self.loss.setCurrentText(AUTO_LOSS if t.loss is None else t.loss)
        self.batch_size.setMaximum(max(1, len(self.session.prepared.X_train)))
        self.batch_size.setValue(t.batch_size)
        self.regularization.setCurrentText(t.regularization)
        self.reg_rate.setEditText(f"{t.regularization_rate:g}")
        self.reg_rate.setEnabled(t.regularization != "none")
        self.problem.setCurrentText("regression" if self.session.prepared.n_classes == 0 else "classification")
        self.problem.setEnabled(self.session.experiment.data.source == "generator")
        del blockers
        self._show_optimizer_rows(t.optimizer)
        self._sync_activations()

    def _show_optimizer_rows(self, optimizer: str) -> None:
        form = self._live_form
        form.setRowVisible(self.momentum, optimizer in ("momentum", "nesterov"))
        form.setRowVisible(self.beta1, optimizer == "adam")
        form.setRowVisible(self.beta2, optimizer == "adam")

    def _sync_activations(self) -> None:
        hidden = self.session.network_spec.hidden
        if len(self.activation_boxes) != len(hidden):
            while self.activation_form.rowCount():
                self.activation_form.removeRow(0)
            self.activation_boxes = []
            for h in range(len(hidden)):
                box = QComboBox()
                box.addItems(HIDDEN_ACTIVATIONS)
                box.currentTextChanged.connect(lambda name, h=h: self._on_activation_chosen(h, name))
                self.activation_form.addRow(f"Hidden {h + 1} activation", box)
                self.activation_boxes.append(box)
        for box, layer in zip(self.activation_boxes, hidden):
            with QSignalBlocker(box):
                if box.findText(layer.activation) < 0:
                    box.addItem(layer.activation)
                box.setCurrentText(layer.activation)

    # ------------------------------------------------------------ to the session
    def _apply(self, **changes) -> None:
        self.session.set_training(**changes)
        self.sync()  # show what was accepted (a refused value snaps back)

    def _on_rate_entered(self, combo: QComboBox, field: str) -> None:
        text = combo.currentText().strip()
        try:
            value = float(text)
        except ValueError:
            self.session.error_occurred.emit(f"{text!r} is not a number.")
            self.sync()
            return
        if getattr(self.session.experiment.training, field) != value:
            self._apply(**{field: value})

    def _on_activation_chosen(self, h: int, name: str) -> None:
        if self.session.network_spec.hidden[h].activation != name:
            self._set_activation(h, name)
        self.sync()

    def _set_activation_directly(self, h: int, name: str) -> None:
        import numpy as np

        from playground.spec import edits

        try:
            state = edits.set_activation(self.session.network_spec, self.session.features,
                                         *self.session.parameters(), np.random.default_rng(), h, name)
        except ValueError as exc:
            self.session.error_occurred.emit(str(exc))
            return
        self.session.apply_network(state.spec, state.weights, state.biases)

    def _on_problem_changed(self, kind: str) -> None:
        from playground.data import GENERATORS

        data = self.session.experiment.data
        wanted = "regression" if kind == "regression" else "classification"
        if data.source == "generator" and GENERATORS[data.generator].kind == wanted:
            return
        name = next(n for n, info in GENERATORS.items() if info.kind == wanted)
        self.session.set_data_config(replace(data, source="generator", generator=name, classes=None))
        self.sync()
