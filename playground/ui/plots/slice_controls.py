"""The slice line under the boundary plot: which two inputs span the plane, where the others are held.

Shown only for data with more than two raw inputs (iris has four): a caption
that says what the plot shows and a button that opens the chooser::

    [Slice ▾] petal_length × petal_width, sepal_length = 5.84, sepal_width = 3.06

The chooser (a popup, so the line stays one or two rows high in a small
window) has a combo box per axis and, for every other input, a slider and a
spin box for its held value, plus a button back to the training means. The
widget holds no state beyond the :class:`PlaneSlice` it shows: each user
change emits ``slice_chosen`` with the new slice (the live view redraws the
boundary and the neuron maps from it at once).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSlider, QToolButton,
    QWidget,
)

from playground.data.errors import shorten
from playground.data.slices import PlaneSlice, format_value

#: Longest input name in a combo box or a row label (the tooltip has the whole name).
NAME_CHARS = 24
#: Slider positions across a held input's range.
SLIDER_STEPS = 200


def _decimals(low: float, high: float) -> int:
    """Decimals that resolve about a hundredth of the range ``high - low`` (0..6)."""
    width = high - low
    if not width > 0:
        return 2
    return int(min(6, max(0, 2 - math.floor(math.log10(width)))))


class HeldRow:
    """One held input in the chooser: its name, a slider and a spin box over the data's range."""

    def __init__(self, name: str, low: float, high: float, on_value) -> None:
        self.low, self.high = low, high
        self.label = QLabel(shorten(name, NAME_CHARS))
        self.label.setToolTip(name)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setMinimumWidth(120)
        self.spin = QDoubleSpinBox()
        self.spin.setDecimals(_decimals(low, high))
        self.spin.setRange(low, high)
        self.spin.setSingleStep(float(f"{(high - low) / 50:.1g}") if high > low else 1.0)
        self.spin.setKeyboardTracking(False)  # typing "5.2" is one change, not three
        self._on_value = on_value
        self.slider.valueChanged.connect(lambda step: on_value(self.low + (self.high - self.low) * step / SLIDER_STEPS))
        self.spin.valueChanged.connect(on_value)

    def show_value(self, value: float, tip: str) -> None:
        """Both controls at ``value``, without emitting."""
        for widget in (self.slider, self.spin):
            widget.blockSignals(True)
            widget.setToolTip(tip)
        span = self.high - self.low
        self.slider.setValue(round(SLIDER_STEPS * (value - self.low) / span) if span > 0 else 0)
        self.spin.setValue(value)
        for widget in (self.slider, self.spin):
            widget.blockSignals(False)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.label, self.slider, self.spin)


class SliceControls(QWidget):
    """The caption of the plane the plot shows and a button opening the chooser.

    Signals
    -------
    slice_chosen(PlaneSlice)
        The user picked an axis input or a held value.
    """

    slice_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plane: PlaneSlice | None = None
        self.button = QToolButton()
        self.button.setText("Slice ▾")
        self.button.setToolTip("Choose which two inputs span the plot and the value each other input "
                               "is held at (the data has more inputs than a plane can show)")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        line = QHBoxLayout(self)
        line.setContentsMargins(4, 2, 4, 2)
        line.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.label, 1)

        self.popup = QFrame(self, Qt.WindowType.Popup)
        self.popup.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self.popup)
        self.x_box, self.y_box = QComboBox(), QComboBox()
        self.x_box.setToolTip("The input along the horizontal axis. Choosing the vertical axis's "
                              "input swaps the two.")
        self.y_box.setToolTip("The input along the vertical axis. Choosing the horizontal axis's "
                              "input swaps the two.")
        self.grid.addWidget(QLabel("x axis"), 0, 0)
        self.grid.addWidget(self.x_box, 0, 1, 1, 2)
        self.grid.addWidget(QLabel("y axis"), 1, 0)
        self.grid.addWidget(self.y_box, 1, 1, 1, 2)
        self.held_title = QLabel("<b>Held at</b>")
        self.grid.addWidget(self.held_title, 2, 0, 1, 3)
        self.means_button = QPushButton("Training means")
        self.means_button.setToolTip("Hold every input not on an axis at its mean over the training data")
        self.held_rows: dict[int, HeldRow] = {}  # column -> its row in the chooser
        self.x_box.activated.connect(lambda i: self._choose(self.plane.with_x(i)))
        self.y_box.activated.connect(lambda i: self._choose(self.plane.with_y(i)))
        self.means_button.clicked.connect(self._on_means_clicked)
        self.button.clicked.connect(self.open_chooser)
        self.setVisible(False)

    # ------------------------------------------------------------ showing a slice
    def set_slice(self, plane: PlaneSlice) -> None:
        """Show ``plane``; visible only when its data has more than two inputs."""
        self.plane = plane
        names = list(plane.names)
        if [self.x_box.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(self.x_box.count())] != names:
            for box in (self.x_box, self.y_box):
                box.blockSignals(True)
                box.clear()
                for name in names:
                    box.addItem(shorten(name, NAME_CHARS))
                    box.setItemData(box.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
                box.blockSignals(False)
        for box, column in ((self.x_box, plane.x), (self.y_box, plane.y)):
            if column is not None and box.currentIndex() != column:
                box.blockSignals(True)
                box.setCurrentIndex(column)
                box.blockSignals(False)
        if tuple(self.held_rows) != plane.held_columns or any(
                (row.low, row.high) != plane.ranges[c] for c, row in self.held_rows.items()):
            self._make_held_rows(plane)
        axes = f"{plane.names[plane.x]} × {plane.names[plane.y]}" if plane.y is not None else ""
        for column, row in self.held_rows.items():
            low, high = plane.ranges[column]
            row.show_value(plane.held[column],
                           f"{plane.names[column]} is held at this value while the plot spans {axes}. "
                           f"The data runs from {format_value(low)} to {format_value(high)}.")
        caption = self.caption()
        self._fit_caption()
        self.label.setToolTip(f"The plot shows the plane {caption}: the inputs not on an axis are held "
                              "at these values. Slice ▾ changes them.")
        self.setVisible(plane.width > 2)

    def caption(self) -> str:
        """What the plot shows, e.g. ``"petal_length × petal_width, sepal_length = 5.84, sepal_width = 3.06"``."""
        return "" if self.plane is None else self.plane.caption()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_caption()

    def _fit_caption(self) -> None:
        """The whole caption where it fits on one line, else only the held values (the axes name the rest).

        The line's minimum height follows its wrapped text: the plot above gives way
        instead of the caption being drawn over it (a 900 x 600 window).
        """
        if self.plane is None:
            return
        margins = self.layout().contentsMargins()
        room = self.width() - self.button.sizeHint().width() - self.layout().spacing() \
            - margins.left() - margins.right()
        text = self.plane.caption()
        if self.label.fontMetrics().horizontalAdvance(text) > room:
            text = self.plane.caption(axes=False)
        if text != self.label.text():
            self.label.setText(text)
        height = max(self.button.sizeHint().height(), self.label.heightForWidth(max(room, 1)))
        self.setMinimumHeight(height + margins.top() + margins.bottom())

    def _make_held_rows(self, plane: PlaneSlice) -> None:
        for row in self.held_rows.values():
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.grid.removeWidget(self.means_button)
        self.held_rows = {}
        for k, column in enumerate(plane.held_columns):
            low, high = plane.ranges[column]
            row = HeldRow(plane.names[column], low, high,
                          lambda value, c=column: self._choose(self.plane.with_held(c, value)))
            for j, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, 3 + k, j)
            self.held_rows[column] = row
        self.grid.addWidget(self.means_button, 3 + len(self.held_rows), 0, 1, 3)

    # ------------------------------------------------------------ user changes
    def open_chooser(self) -> None:
        """Open the chooser under the button."""
        self.popup.adjustSize()
        spot = self.button.mapToGlobal(QPoint(0, self.button.height()))
        screen = self.screen().availableGeometry()
        # Kept on the screen: under a plot at the window's right or bottom edge it would run off it.
        size = self.popup.size()
        x = max(screen.left(), min(spot.x(), screen.right() + 1 - size.width()))
        y = spot.y() if spot.y() + size.height() <= screen.bottom() + 1 else \
            max(screen.top(), self.button.mapToGlobal(QPoint(0, 0)).y() - size.height())
        self.popup.move(x, y)
        self.popup.show()

    def _on_means_clicked(self) -> None:
        self._choose(self.plane.at_means())

    def _choose(self, plane: PlaneSlice) -> None:
        if plane == self.plane:
            return  # a slider step that rounds to the value shown
        self.set_slice(plane)
        self.slice_chosen.emit(plane)
