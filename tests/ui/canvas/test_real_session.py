"""The canvas on the real Session (engine in-process): edits reach the engine."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest

from playground.ui.canvas import standalone_editor
from playground.ui.canvas.layout import COLUMN
from tests.ui.canvas.helpers import click, drop_mime, view_point
from tests.ui.conftest import wait_snapshot


@pytest.fixture
def editor(qtbot, session):
    stack = QUndoStack()
    widget = standalone_editor(session, stack)
    widget._test_stack = stack
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_editing_a_weight_changes_the_engine_weight_and_the_next_forward_pass(qtbot, session, editor):
    # Full batch and a negligible learning rate: a step is (almost) a pure forward pass.
    session.set_training(batch_size=0, learning_rate=1e-12)
    session.step_batch()
    first = wait_snapshot(qtbot, session, lambda s: s.step == 1)
    x0, y0, x1, y1 = editor.scene.edges.segment((2, 3, 0))
    click(editor, view_point(editor, (x0 + x1) / 2, (y0 + y1) / 2))
    assert editor.value_editor.target == ("w", 2, 3, 0)
    line = editor.value_editor.line
    line.selectAll()
    QTest.keyClick(line, Qt.Key.Key_Backspace)
    QTest.keyClicks(line, "4.5")
    QTest.keyClick(line, Qt.Key.Key_Return)
    version = session.network_version
    session.step_batch()
    second = wait_snapshot(qtbot, session, lambda s: s.step == 2)
    assert session.network_version == version                     # no rebuild, no reset
    assert second.weights[2][3, 0] == pytest.approx(4.5, abs=1e-9)  # the engine has the new weight
    # The output's mean activation over the same (full) batch moved by the edit.
    assert abs(second.mean_a[2][0] - first.mean_a[2][0]) > 1e-3
    editor._test_stack.undo()
    assert session.parameters()[0][2][3, 0] == pytest.approx(first.weights[2][3, 0], abs=1e-9)


def test_structure_edits_and_undo_on_the_real_session(qtbot, session, editor):
    stack = editor._test_stack
    before_w, before_b = session.parameters()
    assert drop_mime(editor, editor.palette.items["layer"].mime(), 1.5 * COLUMN, 0.0)
    assert session.layer_sizes() == [2, 8, 4, 8, 1]
    weights, _ = session.parameters()
    np.testing.assert_array_equal(weights[0], before_w[0])
    np.testing.assert_array_equal(weights[3], before_w[2])
    assert len(editor.scene.columns) == 5
    click(editor, view_point(editor, 0.0, editor.scene.layout.columns[0].ys[2]))   # x1^2 on
    assert session.features == ("x1", "x2", "x1^2")
    stack.undo()
    stack.undo()
    assert session.layer_sizes() == [2, 8, 8, 1] and session.features == ("x1", "x2")
    for a, b in zip(session.parameters()[0] + session.parameters()[1], before_w + before_b):
        np.testing.assert_array_equal(a, b)
    # The engine trains the restored network.
    session.step_batch()
    snap = wait_snapshot(qtbot, session, lambda s: s.step >= 1)
    assert [w.shape for w in snap.weights] == [(2, 8), (8, 8), (8, 1)]


def test_a_refused_change_leaves_no_undo_step(qtbot, session, editor):
    stack = editor._test_stack
    # A weight the session rejects (it checks finiteness itself too).
    assert not editor.actions.set_weight(0, 0, 0, float("nan"))
    assert stack.count() == 0
    assert "finite" in editor.status.text()


def test_undo_redo_of_random_edits_on_the_real_session(session, editor):
    from tests.ui.canvas.test_undo import assert_same, random_edit, snapshot_of

    stack = editor._test_stack
    rng = np.random.default_rng(7)
    states = {0: snapshot_of(session)}
    applied = 0
    while applied < 20:
        if random_edit(editor, session, rng):
            applied += 1
            states[stack.index()] = snapshot_of(session)
    for index in range(stack.count() - 1, -1, -1):
        stack.undo()
        assert_same(snapshot_of(session), states[index])
    for index in range(1, stack.count() + 1):
        stack.redo()
        assert_same(snapshot_of(session), states[index])
    assert session.layer_sizes() == [len(session.features)] + [w.shape[1] for w in session.parameters()[0]]
