"""The Preferences dialog: one control per preference, OK / Cancel / Apply / Restore Defaults.

The dialog only edits a :class:`~playground.ui.preferences.model.Preferences`;
``applied`` hands it over (Apply, and OK before closing) and the controller
(``adapter.py``) stores and applies it. Cancel and closing change nothing;
Restore Defaults only sets the controls (Apply or OK makes them count).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget,
)

from playground.ui.preferences.model import CHOICES, LAST_USED, Preferences
from playground.ui.style import colors, themes
from playground.ui.style.numbers import format_number

#: A swatch in the colour lists (px): wide enough for a palette's colours side by side.
SWATCH_WIDTH, SWATCH_HEIGHT = 84, 14
#: Shown at the chosen precision under the digits box.
EXAMPLE_VALUES = (0.123456789, -0.0004567891)

TIPS = {
    "theme": "The window's look: the system's, or a light or dark palette (also View > Theme)",
    "class_palette": "Colours of the classes when the data has three or more. Two classes take the diverging "
                     "map's ends, so their points match the boundary behind them. Okabe–Ito and Paul Tol's "
                     "sets stay distinct with every common colour-vision deficiency",
    "diverging_map": "Colours of signed values: weights, neuron outputs and deltas on the canvas, the heatmap, "
                     "the two-class boundary and its two classes. The ColorBrewer maps are colour-blind safe",
    "precision": "Significant digits of the numbers in the canvas cards and tooltips, the gradient check, the "
                 "loss landscape and the heatmap; the step-through's equations show two fewer decimals "
                 "(its decimals box still changes them)",
    "resolution": "Grid points per side of the decision boundary and the neuron maps: finer looks smoother, "
                  "coarser draws faster (also View > Boundary resolution)",
    "default_speed": "What the speed control of a new window starts at: the speed last used, or a fixed one "
                     "(the current window keeps its speed)",
}
BUTTON_TIPS = {
    QDialogButtonBox.StandardButton.Ok: "Apply the choices and close",
    QDialogButtonBox.StandardButton.Cancel: "Close without changing anything (what Apply did stays)",
    QDialogButtonBox.StandardButton.Apply: "Apply the choices now and keep the dialog open",
    QDialogButtonBox.StandardButton.RestoreDefaults: "Set every control to its default (Apply or OK to use them)",
}


def _swatch(rgb: np.ndarray) -> QIcon:
    """An icon of ``rgb`` ``(k, 3) uint8`` side by side: k bands, or a smooth ramp when k is large."""
    pixmap = QPixmap(SWATCH_WIDTH, SWATCH_HEIGHT)
    painter = QPainter(pixmap)
    edges = np.linspace(0, SWATCH_WIDTH, len(rgb) + 1).round().astype(int)
    for (r, g, b), x0, x1 in zip(rgb, edges[:-1], edges[1:]):
        painter.fillRect(int(x0), 0, int(x1 - x0), SWATCH_HEIGHT, QColor(int(r), int(g), int(b)))
    painter.end()
    return QIcon(pixmap)


class PreferencesDialog(QDialog):
    """Edits a copy of the preferences; ``applied(Preferences)`` on Apply and OK.

    Parameters
    ----------
    preferences : Preferences
        What the controls show first (the values in use).
    parent : QWidget, optional
    """

    applied = Signal(object)

    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.theme_combo = QComboBox()
        for name in CHOICES["theme"]:
            self.theme_combo.addItem(themes.THEMES[name].replace("&", ""), name)
        self.class_combo = QComboBox()
        for name in CHOICES["class_palette"]:
            self.class_combo.addItem(_swatch(colors.palette_table(name)), colors.CLASS_PALETTES[name][0], name)
        self.diverging_combo = QComboBox()
        for name in CHOICES["diverging_map"]:
            self.diverging_combo.addItem(_swatch(colors.map_table(name, SWATCH_WIDTH)),
                                         colors.DIVERGING_MAPS[name][0], name)
        for combo in (self.class_combo, self.diverging_combo):
            combo.setIconSize(combo.iconSize().expandedTo(QPixmap(SWATCH_WIDTH, SWATCH_HEIGHT).size()))
        self.precision_spin = QSpinBox()
        self.precision_spin.setRange(CHOICES["precision"][0], CHOICES["precision"][-1])
        self.precision_spin.setSuffix(" significant digits")
        self.precision_example = QLabel()
        self.precision_example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.resolution_combo = QComboBox()
        for r in CHOICES["resolution"]:
            self.resolution_combo.addItem(f"{r} × {r}", r)
        self.speed_combo = QComboBox()
        for label in CHOICES["default_speed"]:
            self.speed_combo.addItem("the speed last used" if label == LAST_USED else label, label)
        self.controls = {"theme": self.theme_combo, "class_palette": self.class_combo,
                         "diverging_map": self.diverging_combo, "precision": self.precision_spin,
                         "resolution": self.resolution_combo, "default_speed": self.speed_combo}
        for name, control in self.controls.items():
            control.setToolTip(TIPS[name])
        self.precision_example.setToolTip(TIPS["precision"])

        form = QFormLayout()
        form.addRow("&Theme:", self.theme_combo)
        form.addRow("&Class colours:", self.class_combo)
        form.addRow("&Diverging map:", self.diverging_combo)
        form.addRow("&Number precision:", self.precision_spin)
        form.addRow("", self.precision_example)
        form.addRow("Boundary &resolution:", self.resolution_combo)
        form.addRow("Default &speed:", self.speed_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.Apply
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        for which, tip in BUTTON_TIPS.items():
            buttons.button(which).setToolTip(tip)
        self.buttons = buttons
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.set_values(Preferences()))
        self.precision_spin.valueChanged.connect(self._show_example)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.set_values(preferences)

    def set_values(self, preferences: Preferences) -> None:
        """Show ``preferences`` in the controls (nothing is applied)."""
        for name, control in self.controls.items():
            value = getattr(preferences, name)
            if isinstance(control, QSpinBox):
                control.setValue(value)
            else:
                with QSignalBlocker(control):
                    control.setCurrentIndex(control.findData(value))
        self._show_example()

    def values(self) -> Preferences:
        """The preferences the controls show."""
        return Preferences(**{name: control.value() if isinstance(control, QSpinBox) else control.currentData()
                              for name, control in self.controls.items()})

    def apply(self) -> None:
        """Hand the shown preferences over (Apply; OK too, before closing)."""
        self.applied.emit(self.values())

    def accept(self) -> None:
        self.apply()
        super().accept()

    def _show_example(self) -> None:
        digits = self.precision_spin.value()
        shown = ", ".join(format_number(v, digits).replace("-", "−") for v in EXAMPLE_VALUES)
        self.precision_example.setText(f"<small>e.g. {shown}</small>")
