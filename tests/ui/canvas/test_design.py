"""Designing with real events: drops from the palette, + / -, menus, keys, dragging columns."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, Qt

from playground.ui.canvas.layout import COLUMN
from tests.ui.canvas.helpers import (
    click,
    context_menu,
    double_click,
    drag,
    drop_mime,
    item_point,
    key,
    menu_action,
    view_point,
)


def units(session):
    return [layer.units for layer in session.network_spec.hidden]


def column_item(editor, h):
    return editor.scene.columns[h + 1]


# ------------------------------------------------------------------ palette drops


def test_dropping_the_palette_layer_between_columns_inserts_it_there(make_editor):
    editor, session, _ = make_editor(hidden=(4, 3))
    before = session.parameters()
    mime = editor.palette.items["layer"].mime()
    # Between hidden layer 1 (x = COLUMN) and hidden layer 2 (x = 2 * COLUMN).
    assert drop_mime(editor, mime, 1.5 * COLUMN, 0.0)
    assert units(session) == [4, 4, 3]
    weights, biases = session.parameters()
    np.testing.assert_array_equal(weights[0], before[0][0])   # inputs -> layer 1 untouched
    np.testing.assert_array_equal(weights[3], before[0][2])   # layer 3 (old 2) -> output untouched
    # The items were rebuilt for the new spec.
    assert len(editor.scene.columns) == 5
    assert not editor.scene.indicator.isVisible()


@pytest.mark.parametrize("x, expected", [(0.4 * COLUMN, [4, 4, 3]), (2.6 * COLUMN, [4, 3, 4])])
def test_layer_drop_position_decides_the_place(make_editor, x, expected):
    editor, session, _ = make_editor(hidden=(4, 3))
    assert drop_mime(editor, editor.palette.items["layer"].mime(), x, 30.0)
    assert units(session) == expected


def test_drag_over_shows_the_drop_indicator_at_the_gap(make_editor, qtbot):
    from PySide6.QtCore import Qt as _Qt
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication

    editor, _, _ = make_editor(hidden=(4, 3))
    pos = view_point(editor, 1.4 * COLUMN, 0)
    mime = editor.palette.items["layer"].mime()  # the event does not own it: keep it alive
    event = QDragEnterEvent(pos, _Qt.DropAction.CopyAction, mime,
                            _Qt.MouseButton.LeftButton, _Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(editor.view.viewport(), event)
    assert event.isAccepted()
    assert editor.scene.indicator.isVisible()
    assert editor.scene.indicator.pos().x() == pytest.approx(1.5 * COLUMN)


def test_dropping_a_neuron_on_a_layer_widens_it(make_editor):
    editor, session, _ = make_editor(hidden=(4, 3))
    assert drop_mime(editor, editor.palette.items["neuron"].mime(), 2 * COLUMN + 5, 10.0)
    assert units(session) == [4, 4]


def test_dropping_an_activation_on_a_layer_sets_it(make_editor):
    editor, session, _ = make_editor(hidden=(4, 3))
    before = session.parameters()
    assert drop_mime(editor, editor.palette.items["activation:relu"].mime(), COLUMN, -20.0)
    assert [l.activation for l in session.network_spec.hidden] == ["relu", "tanh"]
    for a, b in zip(session.parameters()[0], before[0]):
        np.testing.assert_array_equal(a, b)


def test_neuron_dropped_off_any_hidden_layer_is_refused(make_editor):
    editor, session, stack = make_editor(hidden=(4, 3))
    mime = editor.palette.items["neuron"].mime()
    assert not drop_mime(editor, mime, 0.0, 0.0)            # the input column
    assert not drop_mime(editor, mime, 3 * COLUMN, 0.0)     # the output column
    assert units(session) == [4, 3] and stack.count() == 0


def test_foreign_drags_are_ignored(make_editor):
    editor, session, stack = make_editor(hidden=(4,))
    text = QMimeData()
    text.setText("layer")
    assert not drop_mime(editor, text, 0.5 * COLUMN, 0.0)
    assert units(session) == [4] and stack.count() == 0


def test_layer_drop_at_the_limit_is_refused_and_the_palette_says_why(make_editor):
    editor, session, stack = make_editor(hidden=(1,) * 10)
    assert not editor.palette.items["layer"].isEnabled()
    assert "maximum of 10" in editor.palette.items["layer"].toolTip()
    assert not drop_mime(editor, editor.palette.items["layer"].mime(), 0.5 * COLUMN, 0.0)
    assert len(session.network_spec.hidden) == 10 and stack.count() == 0


# ------------------------------------------------------------------ buttons, double-click, menus


def test_plus_and_minus_buttons(make_editor):
    editor, session, _ = make_editor(hidden=(4, 3))
    click(editor, item_point(editor, column_item(editor, 1).plus))
    assert units(session) == [4, 4]
    click(editor, item_point(editor, column_item(editor, 0).minus))
    assert units(session) == [3, 4]


def test_minus_is_disabled_at_one_neuron(make_editor):
    editor, session, stack = make_editor(hidden=(1,))
    button = column_item(editor, 0).minus
    assert not button.enabled and "at least 1" in button.toolTip()
    click(editor, item_point(editor, button))
    assert units(session) == [1] and stack.count() == 0


def test_double_click_opens_the_layer_dialog_which_sets_width_and_activation(make_editor):
    editor, session, stack = make_editor(hidden=(4, 3))
    double_click(editor, view_point(editor, 2 * COLUMN, editor.scene.layout.top + 10))
    dialog = editor.layer_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.width_box.value() == 3
    dialog.width_box.setValue(6)
    dialog.activation_box.setCurrentText("relu")
    dialog.accept()
    assert units(session) == [4, 6]
    assert session.network_spec.hidden[1].activation == "relu"
    assert stack.count() == 1  # one undo step for both changes


def test_context_menu_actions(make_editor):
    editor, session, _ = make_editor(hidden=(4, 3))
    header = view_point(editor, COLUMN, editor.scene.layout.top + 10)
    menu_action(context_menu(editor, header), "Add neuron").trigger()
    assert units(session) == [5, 3]
    menu_action(context_menu(editor, header), "sigmoid").trigger()
    assert session.network_spec.hidden[0].activation == "sigmoid"
    menu_action(context_menu(editor, header), "Insert layer after").trigger()
    assert units(session) == [5, 4, 3]
    neuron = editor.scene.neuron(1, 2)
    menu_action(context_menu(editor, item_point(editor, neuron)), "Remove neuron 3").trigger()
    assert units(session) == [4, 4, 3]
    header = view_point(editor, 3 * COLUMN, editor.scene.layout.top + 10)
    menu_action(context_menu(editor, header), "Remove layer").trigger()
    assert units(session) == [4, 4]


def test_context_menu_disables_what_the_limits_forbid(make_editor):
    editor, _, _ = make_editor(hidden=(32,))
    menu = context_menu(editor, view_point(editor, COLUMN, editor.scene.layout.top + 10))
    add = menu_action(menu, "Add neuron")
    assert not add.isEnabled() and "32" in add.toolTip()
    assert not menu_action(menu, "Move layer left").isEnabled()


def test_output_column_cannot_be_deleted(make_editor):
    editor, session, stack = make_editor(hidden=(4,))
    menu = context_menu(editor, view_point(editor, 2 * COLUMN, editor.scene.layout.top + 10))
    assert [a.text() for a in menu.actions() if a.isEnabled()] == []
    editor.set_current(2, None)
    key(editor, Qt.Key.Key_Delete)
    assert units(session) == [4] and stack.count() == 0
    assert "follow the data" in editor.status.text()


# ------------------------------------------------------------------ inputs


def test_clicking_an_input_toggles_the_feature(make_editor):
    editor, session, _ = make_editor(hidden=(4,), features=("x1", "x2"))
    w0 = session.parameters()[0][0]
    click(editor, item_point(editor, editor.scene.neuron(0, 2)))   # x1^2, off
    assert session.prepared.feature_names == ("x1", "x2", "x1^2")
    np.testing.assert_array_equal(session.parameters()[0][0][:2], w0)
    assert "set_features" in session.calls
    click(editor, item_point(editor, editor.scene.neuron(0, 0)))   # x1, on
    assert session.prepared.feature_names == ("x2", "x1^2")


def test_the_last_feature_cannot_be_switched_off(make_editor):
    editor, session, stack = make_editor(hidden=(4,), features=("x1",))
    click(editor, item_point(editor, editor.scene.neuron(0, 0)))
    assert session.prepared.feature_names == ("x1",) and stack.count() == 0
    assert "at least one input feature" in editor.status.text()


# ------------------------------------------------------------------ dragging a column


def test_dragging_a_layer_column_sideways_reorders(make_editor):
    editor, session, _ = make_editor(hidden=(2, 3, 4))
    before = session.parameters()
    top = editor.scene.layout.top + 10
    drag(editor, view_point(editor, COLUMN, top), view_point(editor, 3 * COLUMN + 10, top))
    assert units(session) == [3, 4, 2]
    weights, biases = session.parameters()
    np.testing.assert_array_equal(weights[1], before[0][2])    # 3 -> 4 stayed adjacent
    np.testing.assert_array_equal(biases[2], before[1][0])     # the moved layer's biases
    assert editor.current == (3, None)


def test_a_short_wiggle_is_not_a_move(make_editor):
    editor, session, stack = make_editor(hidden=(2, 3))
    top = editor.scene.layout.top + 10
    start = view_point(editor, COLUMN, top)
    drag(editor, start, start + (view_point(editor, COLUMN + 3, top) - start))
    assert units(session) == [2, 3] and stack.count() == 0


# ------------------------------------------------------------------ keyboard


def test_keyboard_paths(make_editor):
    editor, session, stack = make_editor(hidden=(4, 3))
    editor.view.setFocus()
    key(editor, Qt.Key.Key_Tab)                  # inputs -> layer 1
    assert editor.current == (1, None)
    key(editor, Qt.Key.Key_Plus)
    assert units(session) == [5, 3]
    key(editor, Qt.Key.Key_Tab)                  # layer 2
    key(editor, Qt.Key.Key_Minus)
    assert units(session) == [5, 2]
    key(editor, Qt.Key.Key_Backtab)              # back to layer 1
    key(editor, Qt.Key.Key_Down)                 # its neuron 1
    key(editor, Qt.Key.Key_Down)                 # neuron 2
    assert editor.current == (1, 1)
    key(editor, Qt.Key.Key_Delete)               # removes that neuron
    assert units(session) == [4, 2]
    key(editor, Qt.Key.Key_Escape)
    key(editor, Qt.Key.Key_Insert)               # a layer after layer 1
    assert units(session) == [4, 4, 2]
    assert editor.current == (2, None)
    key(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert units(session) == [4, 2, 4]
    key(editor, Qt.Key.Key_Delete)               # the current (moved) layer
    assert units(session) == [4, 2]
    key(editor, Qt.Key.Key_Tab)
    key(editor, Qt.Key.Key_Tab)
    key(editor, Qt.Key.Key_Tab)                  # wraps: output -> inputs -> layer 1
    assert editor.current == (1, None)
    key(editor, Qt.Key.Key_Return)
    assert editor.layer_dialog is not None and editor.layer_dialog.isVisible()
    editor.layer_dialog.reject()
    assert stack.count() == 6


def test_keyboard_toggles_an_input_and_pins_a_neuron(make_editor, qtbot):
    editor, session, _ = make_editor(hidden=(4,), features=("x1", "x2"))
    editor.view.setFocus()
    key(editor, Qt.Key.Key_Down)
    key(editor, Qt.Key.Key_Down)
    key(editor, Qt.Key.Key_Down)                 # x1^2
    key(editor, Qt.Key.Key_Space)
    assert session.prepared.feature_names == ("x1", "x2", "x1^2")
    key(editor, Qt.Key.Key_Tab)
    key(editor, Qt.Key.Key_Down)
    with qtbot.waitSignal(editor.neuron_pinned) as pinned:
        key(editor, Qt.Key.Key_Space)
    assert pinned.args == [1, 0]


def test_ctrl_zero_fits_and_ctrl_wheel_zooms(make_editor):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    editor, _, _ = make_editor(hidden=(4, 3))
    fitted = editor.view.scale_factor()
    center = QPointF(editor.view.viewport().rect().center())
    wheel = QWheelEvent(center, QPointF(editor.view.viewport().mapToGlobal(center.toPoint())), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(editor.view.viewport(), wheel)
    assert editor.view.scale_factor() == pytest.approx(fitted * 1.15 ** 2)
    assert not editor.view.auto_fit
    key(editor, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert editor.view.scale_factor() == pytest.approx(fitted)


def test_the_output_activation_can_be_set_through_the_editor(make_editor):
    editor, session, stack = make_editor(hidden=(4,))
    assert editor.set_activation(1, "identity")
    assert session.network_spec.output_activation == "identity"
    assert stack.text(0) == "Set output activation to identity"
    assert editor.scene.columns[-1].subtitle.text() == "identity"


def test_hovering_a_switched_off_input_reports_none(make_editor):
    from tests.ui.canvas.helpers import NONE, move

    editor, _, _ = make_editor(hidden=(4,), features=("x1", "x2"))
    seen = []
    editor.neuron_hovered.connect(lambda layer, unit: seen.append((layer, unit)))
    move(editor, item_point(editor, editor.scene.neuron(0, 1)), buttons=NONE)
    assert seen[-1] == (0, 1)
    move(editor, item_point(editor, editor.scene.neuron(0, 3)), buttons=NONE)
    assert editor.hovered == (0, 3) and seen[-1] == (-1, -1)
    assert "off" in editor.hover_card.text()


def test_real_mouse_drag_on_the_palette_starts_a_qdrag_whose_mime_inserts_a_layer(make_editor):
    from PySide6.QtCore import QEvent, QPoint, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    editor, session, _ = make_editor(hidden=(4, 3))
    item = editor.palette.items["layer"]

    def send(kind, pos, button, buttons):
        QApplication.sendEvent(item, QMouseEvent(kind, QPointF(pos), QPointF(item.mapToGlobal(pos)), button,
                                                 buttons, Qt.KeyboardModifier.NoModifier))

    send(QEvent.Type.MouseButtonPress, QPoint(5, 5), Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseMove, QPoint(40, 30), Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)
    # The offscreen platform ends QDrag.exec at once; the drag and its data are real.
    drag = item.last_drag
    assert drag is not None
    assert drop_mime(editor, drag.mimeData(), 0.5 * COLUMN, 0.0)
    assert units(session) == [4, 4, 3]


def test_dragging_the_empty_background_pans_when_zoomed_in(make_editor):
    from PySide6.QtCore import QPoint

    editor, session, stack = make_editor(hidden=(4, 3))
    editor.view.zoom(3.0)
    bar = editor.view.horizontalScrollBar()
    before = bar.value()
    # A point on no item: above the column headers.
    start = view_point(editor, 1.5 * COLUMN, editor.scene.layout.top - 15)
    assert editor.view.itemAt(start) is None
    drag(editor, start, start + QPoint(-120, 0))
    assert bar.value() != before
    assert stack.count() == 0 and [l.units for l in session.network_spec.hidden] == [4, 3]


def test_every_activation_list_reads_the_engine_registry(qtbot, make_editor):
    from playground.engine import ACTIVATIONS, activation_names

    editor, session, _ = make_editor(hidden=(4,))
    hidden = activation_names(hidden=True)
    assert editor.hidden_activations() == hidden
    palette_names = tuple(key.split(":")[1] for key in editor.palette.items if key.startswith("activation:"))
    assert palette_names == hidden
    assert ACTIVATIONS["relu"].description in editor.palette.items["activation:relu"].toolTip()


def test_the_fake_and_the_real_session_implement_the_declared_interfaces(qtbot):
    from playground.ui.session import Session
    from playground.ui.session.protocols import CanvasSession, PanelSession
    from tests.ui.canvas.conftest import FakeSession

    fake = FakeSession()
    assert isinstance(fake, CanvasSession)
    real = Session(mode="inprocess")
    try:
        assert isinstance(real, CanvasSession) and isinstance(real, PanelSession)
    finally:
        assert real.shutdown()
    assert not isinstance(object(), CanvasSession), "the check must be able to fail"
