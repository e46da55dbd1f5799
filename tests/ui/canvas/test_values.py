"""Editing a weight or a bias inline: click, type, Enter; bad input changes nothing."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from playground.ui.canvas.dialogs import parse_value
from tests.ui.canvas.helpers import click, item_point, view_point


def edge_midpoint(editor, lij) -> QPoint:
    x0, y0, x1, y1 = editor.scene.edges.segment(lij)
    return view_point(editor, (x0 + x1) / 2, (y0 + y1) / 2)


def type_and_enter(editor, text):
    line = editor.value_editor.line
    line.selectAll()
    QTest.keyClick(line, Qt.Key.Key_Backspace)
    QTest.keyClicks(line, text)
    QTest.keyClick(line, Qt.Key.Key_Return)


def test_clicking_an_edge_edits_that_weight_and_the_next_forward_pass(make_editor):
    editor, session, stack = make_editor(hidden=(3,), features=("x1", "x2"))
    X = np.array([[0.5, -1.0], [1.0, 2.0]])
    y_before = session.forward(X)
    click(editor, edge_midpoint(editor, (1, 2, 0)))
    assert editor.value_editor.isVisible()
    assert editor.value_editor.target == ("w", 1, 2, 0)
    shown = float(editor.value_editor.line.text())
    assert shown == pytest.approx(session.parameters()[0][1][2, 0], rel=1e-5)
    type_and_enter(editor, "2.5")
    assert session.parameters()[0][1][2, 0] == 2.5
    assert "apply_network" not in session.calls and "set_weight" in session.calls   # no reset
    assert not np.allclose(session.forward(X), y_before)
    assert not editor.value_editor.isVisible()
    stack.undo()
    np.testing.assert_allclose(session.forward(X), y_before)


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "-inf", "1e9", ""])
def test_bad_values_show_a_message_and_change_nothing(make_editor, text):
    editor, session, stack = make_editor(hidden=(3,))
    before = session.parameters()[0][0].copy()
    click(editor, edge_midpoint(editor, (0, 0, 1)))
    type_and_enter(editor, text)
    assert editor.value_editor.isVisible()
    assert editor.value_editor.error.isVisible() and editor.value_editor.error.text()
    np.testing.assert_array_equal(session.parameters()[0][0], before)
    assert stack.count() == 0


def test_clicking_a_bias_marker_edits_the_bias(make_editor):
    editor, session, stack = make_editor(hidden=(3, 2))
    marker = editor.scene.neuron(2, 1).bias
    click(editor, item_point(editor, marker) + QPoint(3, 3))
    assert editor.value_editor.target == ("b", 1, 1)
    type_and_enter(editor, "-0.75")
    assert session.parameters()[1][1][1] == -0.75
    assert stack.count() == 1


def test_escape_closes_the_editor_without_a_change(make_editor):
    editor, session, stack = make_editor(hidden=(3,))
    click(editor, edge_midpoint(editor, (0, 1, 1)))
    QTest.keyClicks(editor.value_editor.line, "3")
    QTest.keyClick(editor.value_editor, Qt.Key.Key_Escape)
    assert not editor.value_editor.isVisible() and stack.count() == 0


def test_enter_on_a_selected_neuron_edits_its_bias_from_the_keyboard(make_editor):
    editor, session, _ = make_editor(hidden=(3,))
    editor.view.setFocus()
    for k in (Qt.Key.Key_Tab, Qt.Key.Key_Down, Qt.Key.Key_Return):
        QTest.keyClick(editor.view, k)
    assert editor.value_editor.target == ("b", 0, 0)
    type_and_enter(editor, "0.125")
    assert session.parameters()[1][0][0] == 0.125


def test_parse_value():
    assert parse_value(" -1,5 ") == -1.5
    assert parse_value("−2") == -2.0
    for bad in ("x", "nan", "inf", "1001"):
        with pytest.raises(ValueError):
            parse_value(bad)


def test_clicking_elsewhere_closes_the_editor_and_another_edge_reopens_it(make_editor):
    editor, session, stack = make_editor(hidden=(3,))
    click(editor, edge_midpoint(editor, (0, 1, 1)))
    assert editor.value_editor.isVisible()
    click(editor, QPoint(4, 4))                      # empty background
    assert not editor.value_editor.isVisible() and editor.scene.edges.highlight is None
    click(editor, edge_midpoint(editor, (1, 0, 0)))
    assert editor.value_editor.target == ("w", 1, 0, 0) and stack.count() == 0


def test_weights_can_be_edited_from_the_keyboard(make_editor):
    editor, session, stack = make_editor(hidden=(3,), features=("x1", "x2"))
    editor.view.setFocus()
    for k in (Qt.Key.Key_Tab, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_W):   # layer 1, neuron 2
        QTest.keyClick(editor.view, k)
    assert editor.value_editor.target == ("w", 0, 0, 1)
    QTest.keyClick(editor.value_editor.line, Qt.Key.Key_Down)     # the weight from x2
    assert editor.value_editor.target == ("w", 0, 1, 1)
    assert "x2" in editor.value_editor.title.text()
    type_and_enter(editor, "-1.25")
    assert session.parameters()[0][0][1, 1] == -1.25 and stack.count() == 1


def test_enter_in_the_value_editor_does_not_reach_the_canvas(make_editor):
    # Issue 9: select a layer, click an edge, type, Enter -> the weight was set *and* the
    # layer's Neurons/Activation dialog opened, because the line edit lets Enter through.
    editor, session, stack = make_editor(hidden=(3,), features=("x1", "x2"))
    editor.set_current(1, None)                       # the hidden layer is the canvas's current item
    editor.view.setFocus()
    click(editor, edge_midpoint(editor, (1, 2, 0)))
    type_and_enter(editor, "1")
    assert session.parameters()[0][1][2, 0] == 1.0
    assert editor.layer_dialog is None
