"""The QGraphicsView: zoom, pan, drops from the palette, edge clicks and keys.

It decides nothing itself: drops, edge clicks and keys go to the editor
(the ``controller``), which turns them into undoable edits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView, QToolTip

from playground.ui.canvas.items import ColumnItem, NeuronItem
from playground.ui.canvas.mime import read_mime

ZOOM_STEP = 1.15
MIN_SCALE, MAX_SCALE = 0.1, 6.0
MAX_FIT_SCALE = 1.6    # a tiny network is not blown up beyond this when fitted
EDGE_TOLERANCE = 5.0   # pixels from an edge that still count as a click on it


class NetworkView(QGraphicsView):
    """Shows the :class:`NetworkScene`; Ctrl+wheel zooms, Ctrl+0 fits, drag on empty space pans."""

    def __init__(self, scene, controller, parent=None):
        super().__init__(scene, parent)
        self.controller = controller
        self.auto_fit = True   # refit on resize and rebuild until the user zooms
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # moves without a button pressed: the edge hover card
        # No background brush of its own: the scene's (from the theme) shows.

    # ------------------------------------------------------------------ zoom and fit
    def zoom(self, factor: float) -> None:
        current = self.transform().m11()
        factor = min(max(current * factor, MIN_SCALE), MAX_SCALE) / current
        self.scale(factor, factor)
        self.auto_fit = False

    def fit(self) -> None:
        """Show the whole network (Ctrl+0), never magnified beyond ``MAX_FIT_SCALE``."""
        rect: QRectF = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > MAX_FIT_SCALE:
            self.resetTransform()
            self.scale(MAX_FIT_SCALE, MAX_FIT_SCALE)
            self.centerOn(rect.center())
        self.auto_fit = True

    def scale_factor(self) -> float:
        return self.transform().m11()

    def wheelEvent(self, event):
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom(ZOOM_STEP ** steps)
            event.accept()
        else:
            super().wheelEvent(event)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def viewportEvent(self, event):  # noqa: N802 - Qt API
        # Over a neuron the hover card is the tooltip. Qt would otherwise show the
        # tooltip of the column band behind the neuron on top of the card.
        if event.type() == QEvent.Type.ToolTip and any(
                isinstance(item, NeuronItem) for item in self.items(event.pos())):
            QToolTip.hideText()
            event.ignore()
            return True
        return super().viewportEvent(event)

    # ------------------------------------------------------------------ keys
    def event(self, event):
        # Tab would move the focus out of the view; here it walks the layers.
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def focusInEvent(self, event):
        super().focusInEvent(event)
        self.controller.view_focus_changed(True)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.controller.view_focus_changed(False)

    def keyPressEvent(self, event):
        mods = event.modifiers()
        if event.key() == Qt.Key.Key_0 and mods & Qt.KeyboardModifier.ControlModifier:
            self.fit()
            event.accept()
            return
        if self.controller.handle_key(event.key(), mods):
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ edge clicks
    def mousePressEvent(self, event):
        # A click anywhere on the canvas closes an open value editor (it is a
        # child widget, so clicks inside it never reach the view).
        self.controller.value_editor.close_editor()
        if event.button() == Qt.MouseButton.LeftButton:
            # The topmost item that takes clicks (edges and thumbnails do not).
            item = next((it for it in self.items(event.position().toPoint())
                         if it.acceptedMouseButtons() & Qt.MouseButton.LeftButton), None)
            if item is None or isinstance(item, ColumnItem):
                p = self.mapToScene(event.position().toPoint())
                tolerance = EDGE_TOLERANCE / max(self.scale_factor(), 1e-6)
                hit = self.scene().edges.edge_at(p.x(), p.y(), tolerance)
                if hit is not None:
                    self.controller.edge_clicked(hit, event.position().toPoint())
                    event.accept()
                    return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):
        # Hovering an edge shows its card (edges are one item with no hover events of their own).
        if event.buttons() == Qt.MouseButton.NoButton:
            point = event.position().toPoint()
            hit = None
            if not any(isinstance(item, NeuronItem) for item in self.items(point)):
                p = self.mapToScene(point)
                tolerance = EDGE_TOLERANCE / max(self.scale_factor(), 1e-6)
                hit = self.scene().edges.edge_at(p.x(), p.y(), tolerance)
            self.controller.edge_hovered(hit, point)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event):
        self.controller.edge_hovered(None, None)
        super().leaveEvent(event)

    # ------------------------------------------------------------------ drops from the palette
    def _payload(self, event):
        return read_mime(event.mimeData())

    def dragEnterEvent(self, event):
        payload = self._payload(event)
        if payload is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event):
        payload = self._payload(event)
        if payload is None:
            event.ignore()
            return
        p = self.mapToScene(event.position().toPoint())
        if self.controller.drag_over(*payload, p.x(), p.y()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event):
        self.controller.drag_over(None, "", 0.0, 0.0)
        event.accept()

    def dropEvent(self, event):
        payload = self._payload(event)
        if payload is None:
            event.ignore()
            return
        p = self.mapToScene(event.position().toPoint())
        if self.controller.drop(*payload, p.x(), p.y()):
            event.acceptProposedAction()
        else:
            event.ignore()
