"""The wheel scrolls the panel instead of changing unfocused fields; Space plays instead of blanking numbers."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea

from playground.ui.window.input_guards import is_number_field


def wheel(widget, steps=-3):
    """Send a real wheel event (``steps`` notches; negative scrolls down) to ``widget``."""
    pos = QPointF(widget.rect().center())
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_over_unfocused_fields_scrolls_the_panel(qtbot, window):
    window.resize(900, 420)                      # short enough that the left panel scrolls
    window.show()
    qtbot.waitExposed(window)
    panel = window.hyper_panel
    scroll = window.findChild(QScrollArea, "left_scroll")
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0
    rate_before = panel.learning_rate.currentText()
    batch_before = panel.batch_size.value()
    bar.setValue(0)
    for field in (panel.learning_rate, panel.batch_size, panel.learning_rate.lineEdit()):
        wheel(field)
    assert panel.learning_rate.currentText() == rate_before
    assert panel.batch_size.value() == batch_before
    assert bar.value() > 0                       # the wheel went to the panel


def test_wheel_changes_a_focused_field(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    box = window.hyper_panel.batch_size
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    before = box.value()
    wheel(box, steps=1)
    assert box.value() != before


def test_fields_do_not_take_focus_from_the_wheel(window):
    for box in (window.hyper_panel.batch_size, window.hyper_panel.learning_rate):
        assert box.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_space_in_a_number_field_plays_and_keeps_the_value(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    combo = window.hyper_panel.learning_rate
    line = combo.lineEdit()
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    text = line.text()
    qtbot.keyClick(line, Qt.Key.Key_Space)
    assert line.text() == text
    assert window.session.running
    window.session.pause()


def test_space_types_into_a_text_field():
    assert not is_number_field(QLineEdit())
