"""Real-event helpers for canvas tests: mouse, keys, drags and drops on the view's viewport."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.MouseButton.NoButton


def view_point(editor, x: float, y: float) -> QPoint:
    """Viewport pixel of scene point ``(x, y)``."""
    return editor.view.mapFromScene(QPointF(x, y))


def item_point(editor, item) -> QPoint:
    return editor.view.mapFromScene(item.scenePos())


def _mouse(editor, kind, pos: QPoint, button, buttons):
    viewport = editor.view.viewport()
    event = QMouseEvent(kind, QPointF(pos), QPointF(viewport.mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def press(editor, pos, button=LEFT):
    _mouse(editor, QMouseEvent.Type.MouseButtonPress, pos, button, button)


def move(editor, pos, buttons=LEFT):
    _mouse(editor, QMouseEvent.Type.MouseMove, pos, NONE, buttons)


def release(editor, pos, button=LEFT):
    _mouse(editor, QMouseEvent.Type.MouseButtonRelease, pos, button, NONE)


def click(editor, pos, button=LEFT):
    press(editor, pos, button)
    release(editor, pos, button)


def double_click(editor, pos):
    QTest.mouseDClick(editor.view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, pos)


def drag(editor, start: QPoint, end: QPoint, steps: int = 6):
    """Press at ``start``, move in steps with the button held, release at ``end``."""
    press(editor, start)
    for k in range(1, steps + 1):
        move(editor, start + (end - start) * (k / steps))
    release(editor, end)


def key(editor, k, modifiers=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(editor.view, k, modifiers)


def context_menu(editor, pos: QPoint):
    viewport = editor.view.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    return editor.last_menu


def _find_action(menu, text: str):
    for action in menu.actions():
        if action.text() == text:
            return action
        if action.menu() is not None:
            found = _find_action(action.menu(), text)
            if found is not None:
                return found
    return None


def menu_action(menu, text: str):
    """The action of ``menu`` (or a submenu) whose text is ``text``."""
    found = _find_action(menu, text)
    if found is not None:
        return found
    raise AssertionError(f"no action {text!r} in {[a.text() for a in menu.actions()]}")


def drop_mime(editor, mime, x: float, y: float) -> bool:
    """Drag ``mime`` (the palette's real QMimeData) over scene ``(x, y)`` and drop it; True if accepted."""
    viewport = editor.view.viewport()
    pos = view_point(editor, x, y)
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(pos, actions, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    if not enter.isAccepted():
        return False
    moving = QDragMoveEvent(pos, actions, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, moving)
    dropping = QDropEvent(QPointF(pos), actions, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, dropping)
    return dropping.isAccepted()
