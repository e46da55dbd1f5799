"""Hiding and showing parts of the window: one small interface over widgets, form rows and actions.

A lesson step names controls (``playground.lessons.controls``); the adapter
maps each name to *targets* of the three kinds below. A target never
remembers a state of its own: "restore" means "visible again", and the panel
that owns a row (e.g. the optimizer's momentum row) re-decides its own
visibility afterwards (see ``WindowAdapter.restore_controls``).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFormLayout, QLayout, QWidget


class WidgetTarget:
    """A widget (a panel, a plot, a dock); ``bring_forward`` raises a dock."""

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget

    def set_visible(self, visible: bool) -> None:
        self.widget.setVisible(visible)

    def bring_forward(self) -> None:
        self.widget.setVisible(True)
        if isinstance(self.widget, QDockWidget):
            self.widget.raise_()

    def is_hidden(self) -> bool:
        return self.widget.isHidden()


class ActionTarget:
    """A QAction (a toolbar button and its menu entry together)."""

    def __init__(self, action: QAction) -> None:
        self.action = action

    def set_visible(self, visible: bool) -> None:
        self.action.setVisible(visible)

    def bring_forward(self) -> None:
        self.action.setVisible(True)

    def is_hidden(self) -> bool:
        return not self.action.isVisible()


class RowTarget:
    """The row of a QFormLayout that holds ``field`` (its label goes with it)."""

    def __init__(self, field: QWidget) -> None:
        self.field = field

    def _form(self) -> QFormLayout | None:
        # Looked up each time: panels rebuild rows (one per hidden layer, say).
        parent = self.field.parentWidget()
        return _form_holding(parent.layout(), self.field) if parent is not None else None

    def set_visible(self, visible: bool) -> None:
        form = self._form()
        if form is not None:
            form.setRowVisible(self.field, visible)

    def bring_forward(self) -> None:
        self.set_visible(True)

    def is_hidden(self) -> bool:
        return self.field.isHidden()


def _form_holding(layout: QLayout | None, widget: QWidget) -> QFormLayout | None:
    """The QFormLayout under ``layout`` (nested layouts included) whose row holds ``widget``."""
    if layout is None:
        return None
    if isinstance(layout, QFormLayout):
        row, _ = layout.getWidgetPosition(widget)
        if row >= 0:
            return layout
    for k in range(layout.count()):
        child = layout.itemAt(k).layout()
        found = _form_holding(child, widget)
        if found is not None:
            return found
    return None
