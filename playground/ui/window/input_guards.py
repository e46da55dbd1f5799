"""Keep the mouse wheel and the window's one-key shortcuts from fighting the input fields.

Two rules, applied to every widget of the application by one event filter:

- **Wheel.** A spin box, combo box or slider changes its value with the wheel
  only while it has keyboard focus. Otherwise the wheel scrolls the panel the
  field sits in (scrolling the left panel used to turn the learning rate from
  0.03 into 3 on the way down). Such fields also stop taking focus from the
  wheel, so a scroll that passes over them never arms them.
- **Space.** In a number field (a spin box, or an editable combo box or line
  edit whose validator refuses a space) Space cannot be typed anyway, so it
  keeps its window meaning, Play / Pause, instead of blanking the field. In a
  text field it types a space.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractScrollArea, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QScrollBar,
    QWidget,
)

#: Widgets whose value the wheel changes.
WHEEL_FIELDS = (QAbstractSpinBox, QComboBox, QAbstractSlider)


def _wheel_field(obj: QObject) -> QWidget | None:
    """The value field a wheel event on ``obj`` would change (a spin box's or combo's line edit counts)."""
    if not isinstance(obj, QWidget) or isinstance(obj, QScrollBar):
        return None   # scroll bars are sliders too, but scrolling them is what the wheel is for
    if isinstance(obj, QLineEdit) and isinstance(obj.parentWidget(), (QAbstractSpinBox, QComboBox)):
        obj = obj.parentWidget()
    return obj if isinstance(obj, WHEEL_FIELDS) else None


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def is_number_field(widget: QObject) -> bool:
    """Whether ``widget`` takes numbers only, so a typed space could never be part of its value.

    Spin boxes (and their line edits) always do; a line edit or an editable combo box does
    when its validator refuses a space.
    """
    if isinstance(widget, QAbstractSpinBox):
        return True
    if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QAbstractSpinBox):
        return True
    if isinstance(widget, QComboBox) and not widget.isEditable():
        return False
    validator = widget.validator() if isinstance(widget, (QLineEdit, QComboBox)) else None
    if validator is None:
        return False
    state = validator.validate(" ", 0)
    state = state[0] if isinstance(state, tuple) else state
    return state == QValidator.State.Invalid


def _no_wheel_focus(widget: QObject) -> None:
    """A value field stops taking focus from the wheel (it keeps Tab and click focus)."""
    if isinstance(widget, WHEEL_FIELDS) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class InputGuard(QObject):
    """The application-wide event filter that applies both rules (install it once)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.Polish:
            _no_wheel_focus(obj)
        elif kind == QEvent.Type.Wheel:
            field = _wheel_field(obj)
            if field is not None and not field.hasFocus() and not field.isAncestorOf(QApplication.focusWidget()):
                area = _scroll_area_of(field)
                if area is not None:
                    QApplication.sendEvent(area.viewport(), event)
                return True
        elif kind == QEvent.Type.ShortcutOverride:
            if (event.key() == Qt.Key.Key_Space and event.modifiers() == Qt.KeyboardModifier.NoModifier
                    and is_number_field(obj)):
                event.ignore()      # not overridden: the window's Space shortcut runs
                return True
        elif kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Space and is_number_field(obj) \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            return True             # never type a space into a number field
        return False


def install_input_guards(app: QApplication) -> InputGuard:
    """Install the guard on ``app`` (idempotent) and return it.

    Widgets that exist already get the wheel rule at once, so the guard may be
    installed after a window is built: the main window does so once it is whole,
    because a Python filter that sees every event slows the building down (~15,000 events).
    """
    guard = app.findChild(InputGuard, "input_guard")
    if guard is None:
        guard = InputGuard(app)
        guard.setObjectName("input_guard")
        app.installEventFilter(guard)
        for widget in app.allWidgets():
            _no_wheel_focus(widget)
    return guard
