"""The palette: items dragged onto the canvas (a hidden layer, a neuron, each activation).

Each item starts a real ``QDrag`` carrying :data:`~playground.ui.canvas.mime.MIME_TYPE`;
the view decides what a drop does. :meth:`PaletteItem.mime` gives the exact
payload (tests use it to simulate the drop without QDrag's blocking loop).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDrag, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QToolButton, QWidget

from playground.engine import ACTIVATIONS, activation_names
from playground.ui.canvas.flow import FlowLayout
from playground.ui.canvas.mime import make_mime
from playground.ui.style import colors
from playground.ui.style.contrast import mix, to_hex
from playground.ui.plots.theme import PaletteRestyleMixin, widget_palette

#: Activations offered for hidden layers, in the engine registry's display order (softmax is output-only).
HIDDEN_ACTIVATIONS = activation_names(hidden=True)

_STYLE = """
QLabel[paletteItem="true"] {{ border: 1px solid {border}; border-radius: 5px; padding: 2px 7px;
                          background: {base}; color: {text}; }}
QLabel[paletteItem="true"]:hover {{ border-color: {accent}; background: {hover}; }}
QLabel[paletteItem="true"]:disabled {{ color: {disabled}; border-color: {disabled_border}; }}
QLabel#paletteKeys {{ color: {muted}; text-decoration: underline dotted; }}
QLabel#paletteNote {{ color: {muted}; }}
QToolButton[paletteItem="true"] {{ border: 1px solid {border}; padding: 1px 6px; background: {base}; color: {text}; }}
QToolButton[paletteItem="true"]:checked {{ background: {checked}; border-color: {accent}; }}
"""


def palette_style(palette: QPalette) -> str:
    """The strip's style sheet for ``palette``: chips on Base, headings in the window's text colour."""
    def color(role):
        return palette.color(role).name()

    base, text = color(QPalette.ColorRole.Base), color(QPalette.ColorRole.Text)
    window, window_text = color(QPalette.ColorRole.Window), color(QPalette.ColorRole.WindowText)
    return _STYLE.format(
        base=base, text=text, border=to_hex(mix(base, text, 0.3)),
        accent=colors.ACCENT, hover=to_hex(mix(base, colors.ACCENT, 0.12)),
        checked=to_hex(mix(base, colors.ACCENT, 0.3)),
        disabled=to_hex(mix(base, text, 0.4)), disabled_border=to_hex(mix(base, text, 0.15)),
        muted=to_hex(mix(window_text, window, 0.35)))


KEYS_HELP = ("<b>Canvas keys</b><br>Tab / Shift+Tab: next / previous column<br>Up / Down: neurons of the column<br>"
             "+ / −: add / remove a neuron<br>Delete: remove the selected neuron or layer<br>"
             "Enter: edit the layer (or a neuron's bias)<br>W: edit a neuron's incoming weights (Up / Down: next)<br>Space: switch an input / pin a neuron<br>"
             "Insert: new layer after the current column<br>Ctrl+Left / Right: move the layer<br>"
             "Ctrl+wheel: zoom · Ctrl+0: fit · drag the background: pan<br>Ctrl+Z / Ctrl+Shift+Z: undo / redo")


class PaletteItem(QLabel):
    """One draggable entry; dragging it starts a QDrag with its MIME payload."""

    def __init__(self, text: str, kind: str, value: str = "", tooltip: str = "", parent=None):
        super().__init__(text, parent)
        self.kind, self.value = kind, value
        self.setProperty("paletteItem", True)
        self.setToolTip(tooltip)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self._press: QPoint | None = None
        self.last_drag: QDrag | None = None

    def mime(self):
        return make_mime(self.kind, self.value)

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()

    def mouseMoveEvent(self, event):
        if self._press is None or not (event.buttons() & Qt.MouseButton.LeftButton):
            return
        if (event.position().toPoint() - self._press).manhattanLength() < QApplication.startDragDistance():
            return
        self._press = None
        drag = QDrag(self)
        drag.setMimeData(self.mime())
        drag.setPixmap(self.grab())
        drag.setHotSpot(QPoint(10, 10))
        self.last_drag = drag
        drag.exec(Qt.DropAction.CopyAction)

    def mouseReleaseEvent(self, event):
        self._press = None


class Palette(PaletteRestyleMixin, QWidget):
    """A strip above the canvas: layer, neuron, then one item per activation, wrapping into rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._restyle()
        box = FlowLayout(self)
        box.setContentsMargins(6, 4, 6, 4)
        self.items: dict[str, PaletteItem] = {}

        def heading(text):
            # No colour of its own: the palette's window text reads on light and dark.
            box.addWidget(QLabel(f"<b>{text}</b>"))

        heading("Drag onto the network:")
        self._add(box, PaletteItem("▥ Hidden layer", "layer", "",
                                   "Drop between two columns to insert a layer there"))
        self._add(box, PaletteItem("● Neuron", "neuron", "", "Drop on a hidden layer to add a neuron"))
        heading("Activation:")
        for name in HIDDEN_ACTIVATIONS:
            self._add(box, PaletteItem(name, "activation", name,
                                       f"{ACTIVATIONS[name].description}. Drop on a hidden layer to use {name}"))
        keys = QLabel("⌨ keys")
        keys.setObjectName("paletteKeys")
        keys.setToolTip(KEYS_HELP)
        box.addWidget(keys)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add_modes(self, actions) -> None:
        """The edge-mode switch: one checkable button per action (a segmented control), and a note."""
        box = self.layout()
        box.addWidget(QLabel("<b>Edges:</b>"))
        self.mode_buttons = []
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setProperty("paletteItem", True)
            button.setAutoRaise(True)
            self.mode_buttons.append(button)
            box.addWidget(button)
        self.mode_note = QLabel()
        self.mode_note.setObjectName("paletteNote")
        box.addWidget(self.mode_note)

    def set_mode_note(self, text: str) -> None:
        """Say what the edges show, and from which moment."""
        note = getattr(self, "mode_note", None)
        if note is not None and note.text() != text:
            note.setText(text)

    def _restyle(self) -> None:
        sheet = palette_style(widget_palette(self))
        if sheet != self.styleSheet():  # setting a sheet repolishes: never loop on our own change
            self.setStyleSheet(sheet)

    def _add(self, box, item: PaletteItem) -> None:
        key = item.kind if item.kind != "activation" else f"activation:{item.value}"
        self.items[key] = item
        box.addWidget(item)

    def set_layer_enabled(self, enabled: bool, why: str = "") -> None:
        """Grey out the layer item at the limit, saying why in its tooltip."""
        item = self.items["layer"]
        item.setEnabled(enabled)
        item.setToolTip("Drop between two columns to insert a layer there" if enabled else why)
