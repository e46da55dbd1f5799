"""The "Training (applies live)" box: one widget per field of the TrainConfig record.

Every row binds one widget to one field of
:class:`~playground.experiment.config.TrainConfig`; the box shows the session's
record and, when the user changes a widget, sends the session the record with
that one field replaced. The record validates itself, so a refused value snaps
back and the reason is reported. Adding a training setting is a field of
TrainConfig plus one :class:`Setting` row in :func:`settings_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from playground.engine import LOSSES, OPTIMIZERS, REGULARIZATIONS
from playground.notation import LOSS_FORMULAS, batch_loss_formula, rich
from playground.ui.panels.tooltips import TRAINING as TIPS

#: TF Playground's learning rates and regularization rates.
LEARNING_RATES = ("0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10")
REG_RATES = ("0", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10")
AUTO_LOSS = "auto (fits the output)"


@dataclass
class Setting:
    """One row: the TrainConfig field ``name`` shown and edited by ``widget``.

    ``shown(config)`` decides whether the row is visible, ``enabled(config)``
    whether it can be edited (None: always).
    """

    name: str
    label: str
    widget: QWidget
    shown: Callable | None = None
    enabled: Callable | None = None


def _rate_combo(values, tip: str = "") -> QComboBox:
    """An editable list of rates that takes any number typed."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(values)
    validator = QDoubleValidator(0.0, 1e6, 8)
    validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
    combo.setValidator(validator)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setToolTip(tip)
    return combo


def _choice(items: dict) -> QComboBox:
    """A fixed list; ``items`` maps the text shown to the field's value."""
    combo = QComboBox()
    for text, value in items.items():
        combo.addItem(text, value)
    return combo


def _spin(lo: float, hi: float, decimals: int, step: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(lo, hi)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setKeyboardTracking(False)
    return spin


def _batch_spin() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 5000)
    spin.setSpecialValueText("full batch")
    spin.setKeyboardTracking(False)
    return spin


def settings_rows() -> list[Setting]:
    """The rows of the box, in display order: one per TrainConfig field the user sets live."""
    uses_momentum = lambda t: t.optimizer in ("momentum", "nesterov")  # noqa: E731
    uses_adam = lambda t: t.optimizer == "adam"  # noqa: E731
    return [
        Setting("learning_rate", "Learning rate",
                _rate_combo(LEARNING_RATES)),
        Setting("optimizer", "Optimizer", _choice({name: name for name in OPTIMIZERS})),
        Setting("momentum", "Momentum", _spin(0.0, 0.999, 3, 0.05), shown=uses_momentum),
        Setting("beta1", "Adam β1", _spin(0.0, 0.9999, 4, 0.01), shown=uses_adam),
        Setting("beta2", "Adam β2", _spin(0.0, 0.9999, 4, 0.01), shown=uses_adam),
        Setting("loss", "Loss", _choice({AUTO_LOSS: None, **{name: name for name in LOSSES}})),
        Setting("batch_size", "Batch size", _batch_spin()),
        Setting("regularization", "Regularization", _choice({name: name for name in REGULARIZATIONS})),
        Setting("regularization_rate", "Reg. rate", _rate_combo(REG_RATES),
                enabled=lambda t: t.regularization != "none"),
    ]


def loss_tooltip(name: str) -> str:
    """Rich text: the loss's name and the J the engine minimises with it (batch mean of J_i)."""
    title = LOSS_FORMULAS.get(name, (name,))[0]
    return f"<b>{title}</b><br>{rich(batch_loss_formula(name))}<br><i>n: samples in the batch</i>"


def _show(widget: QWidget, value) -> None:
    if isinstance(widget, QComboBox) and widget.isEditable():
        widget.setEditText(f"{value:g}")
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(0, widget.findData(value)))
    else:
        widget.setValue(value)


def _read(widget: QWidget):
    """The widget's value; ValueError for text that is not a number."""
    if isinstance(widget, QComboBox) and widget.isEditable():
        text = widget.currentText().strip()
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number.") from None
    if isinstance(widget, QComboBox):
        return widget.currentData()
    return widget.value()


class TrainingSettingsBox(QGroupBox):
    """Shows ``session.experiment.training`` and sends the edited record to ``actions.set_training``.

    Parameters
    ----------
    session : Session
    actions : Actions
        Makes the change undoable and reports a refusal.
    """

    def __init__(self, session, actions, parent: QWidget | None = None) -> None:
        super().__init__("Training (applies live)", parent)
        self.session = session
        self.actions = actions
        self.rows = settings_rows()
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for row in self.rows:
            self.form.addRow(row.label, row.widget)
            row.widget.setToolTip(TIPS[row.name])  # what it does, what higher and lower do
            self._connect(row)
        # The chosen loss's formula, right under its selector (and in each item's tooltip).
        self.loss_formula = QLabel()
        self.loss_formula.setTextFormat(Qt.TextFormat.RichText)
        self.loss_formula.setWordWrap(True)
        loss_box = self.widget("loss")
        self.form.insertRow(self.form.getWidgetPosition(loss_box)[0] + 1, "", self.loss_formula)
        for index in range(loss_box.count()):
            name = loss_box.itemData(index)
            tip = ("The output's own loss (sigmoid: binary cross-entropy, softmax: cross-entropy, else mse)"
                   if name is None else loss_tooltip(name))
            loss_box.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)

    def widget(self, name: str) -> QWidget:
        """The widget of the TrainConfig field ``name``."""
        return next(row.widget for row in self.rows if row.name == name)

    def _connect(self, row: Setting) -> None:
        widget = row.widget
        if isinstance(widget, QComboBox) and widget.isEditable():
            # Picking from the list or pressing Return / leaving the field commits a typed rate.
            widget.activated.connect(lambda *_: self._on_edited(row))
            widget.lineEdit().editingFinished.connect(lambda: self._on_edited(row))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda *_: self._on_edited(row))
        else:
            widget.valueChanged.connect(lambda *_: self._on_edited(row))

    def sync(self) -> None:
        """Show the session's record without sending it back."""
        config = self.session.experiment.training
        blockers = [QSignalBlocker(row.widget) for row in self.rows]
        self.widget("batch_size").setMaximum(max(1, len(self.session.prepared.X_train)))
        for row in self.rows:
            _show(row.widget, getattr(config, row.name))
            self.form.setRowVisible(row.widget, row.shown is None or row.shown(config))
            row.widget.setEnabled(row.enabled is None or row.enabled(config))
        del blockers
        self._show_loss_formula()

    def _show_loss_formula(self) -> None:
        """The formula of the loss training uses (the problem's own while "auto" is chosen)."""
        name = self.session.experiment.loss_for(self.session.prepared)
        self.loss_formula.setText(f"<small>{rich(batch_loss_formula(name))}</small>")
        # What the setting does (as every row says), then the formula of the loss in use.
        self.widget("loss").setToolTip(f"{TIPS['loss']}<br><br>{loss_tooltip(name)}")

    def _on_edited(self, row: Setting) -> None:
        current = self.session.experiment.training
        try:
            value = _read(row.widget)
            if value == getattr(current, row.name):
                return
            config = replace(current, **{row.name: value})
        except ValueError as exc:  # the record's own check
            self.actions.report(str(exc))
        else:
            self.actions.set_training(config)  # reports the session's refusal itself
        self.sync()  # show what was accepted (a refused value snaps back)
