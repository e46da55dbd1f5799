"""Highlights laid over the canvas: neurons and edges a teaching view points at, and values on neurons.

The step-through panel (``playground.ui.stepthrough``) uses it through
``NetworkEditor.highlight(neurons, edges, labels)`` and ``clear_highlight()``.
Two items, created once per scene and restyled in place: the edges above the
network's own edges (z 1.5, below the neurons) and the rings and labels above
everything (z 6). A rebuild of the network clears them: their names refer to
the old shape.

Names as in ``playground.ui.stepthrough.marks``: a neuron is ``(column, row)``
(column 0 = inputs, row = the feature's row of ``weights[0]``; column
``l + 1`` = outputs of weight layer ``l``), an edge is ``(l, i, j)``. Roles:
``focus``, ``input``, ``saturated``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from playground.ui.canvas.layout import NODE
from playground.ui.canvas.theme import theme_of
from playground.ui.style import colors

#: Role -> colour: green for what a step computes, violet for what it reads, red for a saturated neuron.
#: Neither is a data colour (orange and blue mean the sign of a value).
ROLE_COLORS = {"focus": colors.FOCUS, "input": colors.READS, "saturated": colors.SATURATED}
EDGE_WIDTH = {"focus": 3.0, "input": 2.0}
LABEL_PX = 10.0


_PENS: dict = {}


def _pen(role: str, width: float, style=Qt.PenStyle.SolidLine) -> QPen:
    """The pen of a role (made once: a step may paint a hundred labels)."""
    key = (role, width, style)
    pen = _PENS.get(key)
    if pen is None:
        pen = _PENS[key] = QPen(QColor(ROLE_COLORS.get(role, ROLE_COLORS["focus"])), width, style)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _extent(rects) -> QRectF:
    out = QRectF()
    for r in rects:
        out = out.united(r)
    return out


class _Layer(QGraphicsItem):
    """An item that only draws: no shape, so clicks, hovers and ``itemAt`` go through to what lies below."""

    def shape(self) -> QPainterPath:
        return QPainterPath()


class _EdgeLayer(_Layer):
    """The highlighted edges, drawn over the network's edges."""

    def __init__(self):
        super().__init__()
        self.setZValue(1.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.lines: dict[str, list[QLineF]] = {}
        self.rect = QRectF()     # the whole scene: fixed, so a change repaints only its extent
        self.extent = QRectF()   # what is drawn now

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter, option, widget=None):
        for role in ("input", "focus"):  # what is computed on top
            lines = self.lines.get(role)
            if lines:
                style = Qt.PenStyle.DashLine if role == "input" else Qt.PenStyle.SolidLine
                painter.setPen(_pen(role, EDGE_WIDTH[role], style))
                painter.drawLines(lines)


class _MarkLayer(_Layer):
    """Rings around the highlighted neurons and the values written on them."""

    def __init__(self):
        super().__init__()
        self.setZValue(6)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.rings: list[tuple[QPointF, str]] = []
        self.labels: list[tuple[QRectF, str, str]] = []
        self.font = QFont()
        self.rect = QRectF()
        self.extent = QRectF()

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter, option, widget=None):
        theme = theme_of(self)
        half = NODE / 2 + 4
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for center, role in self.rings:
            painter.setPen(_pen(role, 3.0 if role == "focus" else 2.0))
            painter.drawRoundedRect(QRectF(center.x() - half, center.y() - half, 2 * half, 2 * half), 5, 5)
        painter.setFont(self.font)
        for rect, text, role in self.labels:
            painter.setPen(_pen(role, 1.2))
            painter.setBrush(theme.background)
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(theme.title)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class HighlightOverlay:
    """The two highlight items of one :class:`~playground.ui.canvas.scene.NetworkScene`."""

    def __init__(self, scene):
        self.scene = scene
        self.edges = _EdgeLayer()
        self.marks = _MarkLayer()
        scene.addItem(self.edges)
        scene.addItem(self.marks)
        self._segments = None
        self._segments_of = None

    def _segment_table(self):
        layout = self.scene.layout
        if self._segments_of is not layout:
            self._segments = layout.edge_segments() if layout is not None else []
            self._segments_of = layout
        return self._segments

    def show(self, neurons: dict, edges: dict, labels: dict) -> None:
        """Highlight ``neurons`` ``{(column, row): role}``, ``edges`` ``{(l, i, j): role}``
        and write ``labels`` ``{(column, row): (text, role)}``; names that do not exist are skipped."""
        segments = self._segment_table()
        rows: dict[str, list] = {}
        for (l, i, j), role in edges.items():
            if 0 <= l < len(segments) and 0 <= i < segments[l].shape[0] and 0 <= j < segments[l].shape[1]:
                rows.setdefault(role, []).append(segments[l][i, j])
        lines = {role: [QLineF(*r) for r in np.asarray(group).tolist()] for role, group in rows.items()}
        extent = QRectF()
        if rows:
            flat = np.concatenate([np.asarray(group) for group in rows.values()])
            xs, ys = flat[:, [0, 2]], flat[:, [1, 3]]
            extent = QRectF(xs.min(), ys.min(), xs.max() - xs.min(), ys.max() - ys.min())
        self._restyle(self.edges, "lines", lines, extent)

        scale = self.scene.layout.text_scale if self.scene.layout is not None else 1.0
        self.marks.font.setPixelSize(int(round(LABEL_PX * scale)))
        metrics = QFontMetricsF(self.marks.font)
        half = NODE / 2 + 6
        rings, boxes = [], []
        for (column, row), role in neurons.items():
            neuron = self.scene.neuron_by_row(column, row)
            if neuron is not None:
                center = neuron.scenePos()
                rings.append((center, role))
                boxes.append(QRectF(center.x() - half, center.y() - half, 2 * half, 2 * half))
        texts = []
        for (column, row), (text, role) in labels.items():
            neuron = self.scene.neuron_by_row(column, row)
            if neuron is None:
                continue
            width, height = metrics.horizontalAdvance(text) + 6, metrics.height() + 2
            center = neuron.scenePos()
            # Across the neuron's lower edge: the map stays visible above it.
            rect = QRectF(center.x() - width / 2, center.y() + NODE / 2 - height / 2, width, height)
            texts.append((rect, text, role))
            boxes.append(rect)
        self.marks.labels = texts
        self._restyle(self.marks, "rings", rings, _extent(boxes))

    def _restyle(self, item, name: str, value, extent: QRectF) -> None:
        """Set ``item.<name>`` and repaint only where it was and where it is now."""
        rect = self.scene.sceneRect().adjusted(-60, -30, 60, 30)
        if item.rect != rect:
            item.prepareGeometryChange()
            item.rect = rect
        setattr(item, name, value)
        dirty = item.extent.united(extent).adjusted(-4, -4, 4, 4)
        item.extent = extent
        if not dirty.isEmpty():
            item.update(dirty)

    def clear(self) -> None:
        self.show({}, {}, {})

    @property
    def active(self) -> bool:
        return bool(self.edges.lines or self.marks.rings or self.marks.labels)
