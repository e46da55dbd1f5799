"""Small editors of the canvas: the layer dialog, the inline value editor, the hover card."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from playground.experiment.edits import MAX_UNITS, MIN_UNITS
from playground.ui.style import colors
from playground.ui.style.contrast import TEXT_RATIO, mix, readable, to_hex
from playground.ui.plots.theme import PaletteRestyleMixin

#: Largest |value| a user may type for a weight or a bias.
MAX_ABS_VALUE = 1000.0
#: A refused value's message (adjusted to stay readable on the palette).
ERROR_COLOR = colors.INVALID


def _colors(background_role, text_role) -> tuple[str, str]:
    """``(background, text)`` hex colours of the application palette.

    The floating editors style themselves with a style sheet, which replaces
    their own palette; the application's says what the theme is.
    """
    palette = QApplication.palette()
    return palette.color(background_role).name(), palette.color(text_role).name()


def _set_sheet(widget, sheet: str) -> None:
    # Setting a sheet repolishes the widget (another PaletteChange): never loop on our own change.
    if sheet != widget.styleSheet():
        widget.setStyleSheet(sheet)


def parse_value(text: str) -> float:
    """Read a weight or bias typed by the user.

    Raises
    ------
    ValueError
        For text that is not a number, NaN, infinity, or ``|value| > MAX_ABS_VALUE``;
        the message says which.
    """
    cleaned = text.strip().replace("−", "-").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if math.isnan(value) or math.isinf(value):
        raise ValueError("the value must be a finite number")
    if abs(value) > MAX_ABS_VALUE:
        raise ValueError(f"the value must be between {-MAX_ABS_VALUE:g} and {MAX_ABS_VALUE:g}")
    return value


class LayerDialog(QDialog):
    """Edit a hidden layer's width and activation (double-click or Enter on a layer)."""

    def __init__(self, title: str, units: int, activation: str, activations, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout()
        self.width_box = QSpinBox()
        self.width_box.setRange(MIN_UNITS, MAX_UNITS)
        self.width_box.setValue(units)
        self.activation_box = QComboBox()
        self.activation_box.addItems(list(activations))
        self.activation_box.setCurrentText(activation)
        form.addRow("Neurons", self.width_box)
        form.addRow("Activation", self.activation_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(buttons)

    def values(self) -> tuple[int, str]:
        return self.width_box.value(), self.activation_box.currentText()


class ValueEditor(PaletteRestyleMixin, QFrame):
    """An inline editor for one weight or bias, floating over the canvas.

    Shows the current value live (``set_current``) while the user types; Enter
    emits ``value_entered(text)``, Escape closes it, Up / Down emit ``stepped``.
    """

    value_entered = Signal(str)
    closed = Signal()
    stepped = Signal(int)   # Up / Down: edit the previous / next incoming weight instead

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.current = QLabel()
        self.line = QLineEdit()
        self.line.setPlaceholderText("new value, Enter to apply")
        self.line.setToolTip("Type the new value, Enter applies it; Up / Down: the neighbouring weight, Esc: cancel")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 6)
        box.setSpacing(3)
        for widget in (self.title, self.current, self.line, self.error):
            box.addWidget(widget)
        self.line.returnPressed.connect(lambda: self.value_entered.emit(self.line.text()))
        self.target = None
        self.setFixedWidth(220)
        self._restyle()
        self.hide()

    def _restyle(self) -> None:
        base, text = _colors(QPalette.ColorRole.Base, QPalette.ColorRole.Text)
        _set_sheet(self, f"ValueEditor {{ background: {base}; border: 1px solid {to_hex(mix(base, text, 0.45))};"
                         f" border-radius: 4px; }} ValueEditor QLabel {{ color: {text}; }}")
        _set_sheet(self.current, f"color: {to_hex(mix(text, base, 0.3))};")
        _set_sheet(self.error, f"color: {readable(ERROR_COLOR, [base], TEXT_RATIO)};")

    def open_for(self, target, title: str, value: float, pos) -> None:
        """Show the editor at ``pos`` (parent coordinates) for ``target`` with the current value."""
        self.target = target
        self.title.setText(title)
        self.set_current(value)
        self.line.setText(f"{value:.6g}")
        self.line.selectAll()
        self.error.hide()
        self.adjustSize()
        parent = self.parentWidget()
        x = min(max(pos.x(), 0), max(parent.width() - self.width(), 0)) if parent else pos.x()
        y = min(max(pos.y(), 0), max(parent.height() - self.height(), 0)) if parent else pos.y()
        self.move(x, y)
        self.show()
        self.raise_()
        self.line.setFocus()

    def set_current(self, value: float) -> None:
        self.current.setText(f"now: {value:.6g}")

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.adjustSize()

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape:
            self.close_editor()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # The line edit already emitted returnPressed and then ignored the key (as
            # QLineEdit does for dialogs' default buttons); stop it here, or it reaches
            # the canvas, whose Enter opens the focused layer's dialog.
            event.accept()
        elif event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.stepped.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)

    def close_editor(self) -> None:
        if self.isVisible():
            self.hide()
            self.target = None
            self.closed.emit()


class HoverCard(PaletteRestyleMixin, QLabel):
    """The card shown while the mouse is over a neuron: a, y, mean delta, bias, incoming weights."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._restyle()
        self.hide()

    def _restyle(self) -> None:
        # Tooltip colours: the card is the canvas's richer tooltip.
        back, text = _colors(QPalette.ColorRole.ToolTipBase, QPalette.ColorRole.ToolTipText)
        _set_sheet(self, f"HoverCard {{ background: {back}; border: 1px solid {to_hex(mix(back, text, 0.4))};"
                         f" border-radius: 4px; padding: 6px; color: {text}; }}")

    def show_at(self, html: str, pos) -> None:
        self.setText(html)
        self.adjustSize()
        parent = self.parentWidget()
        x, y = pos.x() + 16, pos.y() + 16
        if parent is not None:
            if x + self.width() > parent.width():
                x = pos.x() - self.width() - 16
            y = min(y, max(parent.height() - self.height(), 0))
        self.move(max(x, 0), max(y, 0))
        self.show()
        self.raise_()
