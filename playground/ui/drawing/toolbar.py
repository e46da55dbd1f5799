"""The draw mode's controls in the boundary plot's header: toggle, tool, class or value, start choice."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QPushButton, QToolButton, QWidget

from playground.data.csv_table import MAX_CLASSES
from playground.ui.style import colors

#: Tool name -> what the chooser shows.
TOOLS = {"point": "Point", "spray": "Spray", "eraser": "Eraser"}


def class_icon(k: int, n_classes: int) -> QIcon:
    """A swatch of class ``k``'s colour in data with ``n_classes`` classes."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(*(int(c) for c in colors.class_rgb([k], n_classes)[0])))
    return QIcon(pixmap)


class DrawTools(QWidget):
    """Tool, class (or target value) and the start choice; hidden until draw mode is on.

    Signals
    -------
    clear_requested()
        "Empty plane": start again from nothing (an undoable step).
    current_requested()
        "Current set": start from the session's data as it is.
    """

    clear_requested = Signal()
    current_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton()
        self.toggle.setText("Draw")
        self.toggle.setCheckable(True)
        self.toggle.setToolTip("Draw your own data: click adds a point, drag sprays, right-click erases")
        self.tool_combo = QComboBox()
        for key, text in TOOLS.items():
            self.tool_combo.addItem(text, key)
        self.tool_combo.setToolTip("Point: one per click · Spray: several around the cursor · Eraser")
        self.class_combo = QComboBox()
        self.class_combo.setToolTip("Class of the new points")
        self.value_spin = QDoubleSpinBox()
        self.value_spin.setRange(-1e6, 1e6)
        self.value_spin.setDecimals(2)
        self.value_spin.setSingleStep(0.1)
        self.value_spin.setValue(1.0)
        self.value_spin.setToolTip("Target value of the new points")
        self.empty_button = QPushButton("Empty plane")
        self.empty_button.setToolTip("Remove every point and start from nothing (undoable)")
        self.current_button = QPushButton("Current set")
        self.current_button.setToolTip("Start from the data the network trains on now")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for w in (self.tool_combo, self.class_combo, self.value_spin, self.empty_button, self.current_button):
            layout.addWidget(w)
        layout.addStretch(1)
        self.regression = False
        self.empty_button.clicked.connect(self.clear_requested)
        self.current_button.clicked.connect(self.current_requested)
        self.setVisible(False)

    @property
    def tool(self) -> str:
        return self.tool_combo.currentData()

    def label(self) -> float:
        """The class index or target value new points get."""
        return self.value_spin.value() if self.regression else float(self.class_combo.currentData())

    def set_classes(self, class_names, regression: bool) -> None:
        """Offer the data's classes and one new class (up to 10), or a value for regression."""
        self.regression = regression
        self.class_combo.setVisible(not regression)
        self.value_spin.setVisible(regression)
        if regression:
            return
        with QSignalBlocker(self.class_combo):
            keep = self.class_combo.currentData()
            self.class_combo.clear()
            names = list(class_names) or ["0", "1"]
            for k, name in enumerate(names):
                self.class_combo.addItem(class_icon(k, len(names)), name, k)
            if len(names) < MAX_CLASSES:
                k = len(names)
                self.class_combo.addItem(class_icon(k, k + 1), f"{k} (new)", k)
            index = self.class_combo.findData(keep)
            self.class_combo.setCurrentIndex(max(index, 0))
