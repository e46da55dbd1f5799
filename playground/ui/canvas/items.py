"""Graphics items of the canvas. They only draw what the layout says and report
clicks, drags and hovers to a controller (the editor); they never edit the spec.

Neurons are children of their column item, so dragging a column sideways moves
its neurons with it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QGraphicsSimpleTextItem

from playground.ui.style import colors
from playground.ui.style.numbers import fmt
from playground.ui.canvas.layout import COLUMN, HEADER, NODE, Column
from playground.ui.canvas.theme import CanvasTheme, theme_of

INSET = 3.0          # width of the ring around a thumbnail that shows the mean delta
BIAS = 9.0           # side of the bias marker
DRAG_START = 8.0     # scene units a column must move before it is dragged


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(int(size))
    font.setBold(bold)
    return font


class BiasItem(QGraphicsItem):
    """The small square at a neuron's lower left: its bias; click to edit it."""

    def __init__(self, neuron: "NeuronItem"):
        super().__init__(neuron)
        self.neuron = neuron
        self.value = 0.0
        self.setPos(-NODE / 2 - BIAS + 1, NODE / 2 - BIAS + 2)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(1)

    def boundingRect(self) -> QRectF:
        return QRectF(-1, -1, BIAS + 2, BIAS + 2)

    def paint(self, painter, option, widget=None):
        color = QColor(colors.sign_color(self.value))
        painter.setPen(QPen(theme_of(self).subtitle, 0.8))
        painter.setBrush(color)
        painter.drawRect(QRectF(0, 0, BIAS, BIAS))

    def set_value(self, value: float) -> None:
        if value != self.value:
            self.value = float(value)
            self.setToolTip(f"bias b = {fmt(self.value)}  (click to edit)")
            self.update()

    def mousePressEvent(self, event):
        event.accept()

    def mouseReleaseEvent(self, event):
        if self.boundingRect().contains(event.pos()):
            self.neuron.controller.bias_clicked(self.neuron.column, self.neuron.unit, event.scenePos())


class NeuronItem(QGraphicsItem):
    """One node: a frame whose ring shows the mean delta; the thumbnail is drawn by the atlas."""

    def __init__(self, column_item: "ColumnItem", unit: int, y: float, label: str, active: bool):
        super().__init__(column_item)
        self.controller = column_item.controller
        self.column: Column = column_item.column
        self.unit = unit
        self.active = active
        self.delta = 0.0            # mean delta over the last batch (NaN: unknown)
        self.strength = 0.0         # 0 .. 1: how strongly the ring shows the delta
        self.selected = False
        self.pinned = False
        self.setPos(0.0, y)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        self.bias = BiasItem(self) if self.column.kind != "input" else None
        self.label_width = 0.0
        self.label: QGraphicsSimpleTextItem | None = None
        if label:
            self.label = text = QGraphicsSimpleTextItem(label, self)
            text.setFont(_font(11 * column_item.text_scale))
            width = self.label_width = text.boundingRect().width()
            x = -NODE / 2 - 6 - width if self.column.kind == "input" else NODE / 2 + 6
            text.setPos(x, -text.boundingRect().height() / 2)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def boundingRect(self) -> QRectF:
        return QRectF(-NODE / 2 - 3, -NODE / 2 - 3, NODE + 6, NODE + 6)

    def apply_theme(self, theme: CanvasTheme) -> None:
        """Label colour for ``theme`` (the node itself reads the theme when painted)."""
        if self.label is not None:
            self.label.setBrush(theme.label if self.active else theme.label_off)

    def paint(self, painter, option, widget=None):
        theme = theme_of(self)
        rect = QRectF(-NODE / 2, -NODE / 2, NODE, NODE)
        if not self.active:
            painter.setPen(QPen(theme.node_off_border, 1.0, Qt.PenStyle.DashLine))
            painter.setBrush(theme.node_off)
            painter.drawRoundedRect(rect, 3, 3)
            return
        neutral = theme.neutral
        ring = neutral
        if self.delta == self.delta:  # not NaN
            strength = self.strength
            base = QColor(colors.sign_color(self.delta))
            ring = QColor(
                *(int(round(n + (s - n) * strength)) for n, s in
                  zip(neutral.getRgb()[:3], base.getRgb()[:3])))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ring)
        painter.drawRoundedRect(rect, 3, 3)
        if self.selected or self.pinned:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(colors.PINNED) if self.pinned else theme.title, 2.0))
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 4, 4)

    def set_delta(self, delta: float, strength: float) -> None:
        if delta != self.delta or strength != self.strength:
            self.delta, self.strength = float(delta), float(strength)
            self.update()

    def set_marks(self, selected: bool, pinned: bool) -> None:
        if (selected, pinned) != (self.selected, self.pinned):
            self.selected, self.pinned = selected, pinned
            self.update()

    def thumbnail_rect(self) -> QRectF:
        """Where the atlas draws this neuron's map, in scene coordinates."""
        return QRectF(self.scenePos() + QPointF(-NODE / 2 + INSET, -NODE / 2 + INSET),
                      self.scenePos() + QPointF(NODE / 2 - INSET, NODE / 2 - INSET))

    def hoverEnterEvent(self, event):
        self.controller.neuron_hovered_at(self.column, self.unit, True, event.screenPos())

    def hoverLeaveEvent(self, event):
        self.controller.neuron_hovered_at(self.column, self.unit, False, event.screenPos())

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
        else:
            event.ignore()

    def mouseReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton and self.boundingRect().contains(event.pos()):
            self.controller.neuron_clicked(self.column, self.unit)

    def mouseDoubleClickEvent(self, event):
        self.controller.column_double_clicked(self.column)

    def contextMenuEvent(self, event):
        self.controller.context_menu_requested(self.column, self.unit, event.screenPos())
        event.accept()


class ButtonItem(QGraphicsItem):
    """A small round + or - button in a column's header."""

    SIZE = 18.0

    def __init__(self, parent: "ColumnItem", symbol: str, x: float, y: float):
        super().__init__(parent)
        self.owner = parent
        self.symbol = symbol
        self.enabled = True
        self.setPos(x, y)
        self.setZValue(3)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def boundingRect(self) -> QRectF:
        s = self.SIZE
        return QRectF(-s / 2, -s / 2, s, s)

    def paint(self, painter, option, widget=None):
        theme = theme_of(self)
        color = theme.title if self.enabled else theme.label_off
        painter.setPen(QPen(color, 1.2))
        painter.setBrush(theme.button)
        painter.drawEllipse(self.boundingRect().adjusted(1, 1, -1, -1))
        painter.setPen(QPen(color, 2.0))
        painter.drawLine(QPointF(-4.5, 0), QPointF(4.5, 0))
        if self.symbol == "+":
            painter.drawLine(QPointF(0, -4.5), QPointF(0, 4.5))

    def set_enabled(self, enabled: bool, why: str = "") -> None:
        self.enabled = enabled
        what = "Add a neuron" if self.symbol == "+" else "Remove the last neuron"
        self.setToolTip(what if enabled else f"{what}: {why}")
        self.update()

    def mousePressEvent(self, event):
        event.accept()

    def mouseReleaseEvent(self, event):
        if self.enabled and self.boundingRect().contains(event.pos()):
            self.owner.controller.column_button_clicked(self.owner.column, self.symbol)


class ColumnItem(QGraphicsObject):
    """A column: background band, title, + / - buttons, and its neurons as children.

    A hidden column can be dragged sideways to reorder the layers.
    """

    def __init__(self, controller, column: Column, top: float, bottom: float, text_scale: float = 1.0):
        super().__init__()
        self.controller = controller
        self.column = column
        self.top, self.bottom = top, bottom
        self.text_scale = k = text_scale
        self.current = False
        self._press_x: float | None = None
        self._dragging = False
        self.setPos(column.x, 0.0)
        self.setZValue(0)
        self.title = title = QGraphicsSimpleTextItem(column.title, self)
        title.setFont(_font(12 * k, bold=True))
        title.setPos(-title.boundingRect().width() / 2, top + 4 * k)
        subtitle = {"input": f"{sum(column.active)} of {column.units} on",
                    "hidden": f"{column.units} · {column.activation}",
                    "output": column.activation}[column.kind]
        self.subtitle = QGraphicsSimpleTextItem(subtitle, self)
        self.subtitle.setFont(_font(11 * k))
        self.subtitle.setPos(-self.subtitle.boundingRect().width() / 2, top + 20 * k)
        self.plus = self.minus = None
        if column.kind == "hidden":
            self.minus = ButtonItem(self, "-", -14 * k, top + (HEADER - 16) * k)
            self.plus = ButtonItem(self, "+", 14 * k, top + (HEADER - 16) * k)
            for button in (self.minus, self.plus):
                button.setScale(k)
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.neurons = [NeuronItem(self, k, y, label, active) for k, (y, label, active)
                        in enumerate(zip(column.ys, column.labels, column.active))]
        # The band reaches past the widest label (inputs left, output classes right).
        widest = max((n.label_width for n in self.neurons), default=0.0)
        self._reach = max(COLUMN * 0.36, NODE / 2 + 6 + widest + 8) if widest else COLUMN * 0.36
        tooltip = {"input": "Input features: click one to switch it on or off",
                   "hidden": "Drag sideways to move the layer; double-click to edit; right-click for more",
                   "output": "Output layer: its size follows the data"}[column.kind]
        self.setToolTip(tooltip)

    def boundingRect(self) -> QRectF:
        # Input labels sit left of their nodes, output class names right of theirs.
        left = self._reach if self.column.kind == "input" else COLUMN * 0.36
        right = self._reach if self.column.kind == "output" else COLUMN * 0.36
        return QRectF(-left, self.top, left + right, self.bottom - self.top + 10)

    def apply_theme(self, theme: CanvasTheme) -> None:
        """Text colours for ``theme``, on the column and its neurons (bands and nodes read it when painted)."""
        self.title.setBrush(theme.title)
        self.subtitle.setBrush(theme.subtitle)
        for neuron in self.neurons:
            neuron.apply_theme(theme)
        self.update()

    def paint(self, painter, option, widget=None):
        theme = theme_of(self)
        band = theme.band if self.column.kind == "hidden" else theme.band_io
        painter.setPen(QPen(theme.title, 1.5, Qt.PenStyle.DashLine) if self.current
                       else Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(band))
        painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 8, 8)

    def set_current(self, current: bool) -> None:
        if current != self.current:
            self.current = current
            self.update()

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.boundingRect())
        return path

    # Dragging a hidden column sideways reorders the layers.
    def mousePressEvent(self, event):
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._press_x = event.scenePos().x()
        self._dragging = False
        self.controller.column_clicked(self.column)
        event.accept()

    def mouseMoveEvent(self, event):
        if self._press_x is None or self.column.kind != "hidden":
            return
        dx = event.scenePos().x() - self._press_x
        if not self._dragging and abs(dx) >= DRAG_START:
            self._dragging = True
            self.setZValue(5)
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._dragging:
            self.setPos(self.column.x + dx, 0.0)
            self.controller.column_dragging(self.column, self.column.x + dx)

    def mouseReleaseEvent(self, event):
        dragging, self._dragging, self._press_x = self._dragging, False, None
        if dragging:
            x = self.pos().x()
            self.setPos(self.column.x, 0.0)
            self.setZValue(0)
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            self.controller.column_dropped(self.column, x)

    def mouseDoubleClickEvent(self, event):
        self.controller.column_double_clicked(self.column)

    def contextMenuEvent(self, event):
        self.controller.context_menu_requested(self.column, None, event.screenPos())
        event.accept()


class DropIndicator(QGraphicsItem):
    """A vertical marker where a dropped or moved layer would go."""

    def __init__(self, top: float, bottom: float):
        super().__init__()
        self.top, self.bottom = top, bottom
        self.setZValue(10)
        self.hide()

    def boundingRect(self) -> QRectF:
        return QRectF(-6, self.top, 12, self.bottom - self.top)

    def paint(self, painter, option, widget=None):
        pen = QPen(QColor(colors.ACCENT), 3.0)
        painter.setPen(pen)
        painter.drawLine(QPointF(0, self.top + 4), QPointF(0, self.bottom - 4))
        painter.setBrush(QColor(colors.ACCENT))
        painter.drawEllipse(QPointF(0, self.top + 4), 5, 5)
        painter.drawEllipse(QPointF(0, self.bottom - 4), 5, 5)

    def show_at(self, x: float) -> None:
        self.setPos(x, 0.0)
        self.show()
