"""Undo and redo restore the spec and every weight exactly, whatever the edit."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QUndoStack

from playground.ui.edits.commands import NetworkEditCommand, SetWeightCommand
from tests.ui.canvas.conftest import FakeSession


def snapshot_of(session):
    weights, biases = session.parameters()
    return session.network_spec, tuple(session.prepared.feature_names), weights, biases


def assert_same(a, b):
    assert a[0] == b[0] and a[1] == b[1]
    assert len(a[2]) == len(b[2])
    for x, y in zip(a[2] + a[3], b[2] + b[3]):
        assert x.shape == y.shape
        np.testing.assert_array_equal(x, y)


def random_edit(editor, session, rng) -> bool:
    """One random edit through the editor's public actions (the ones menus, keys and drops call)."""
    spec = session.network_spec
    h = len(spec.hidden)
    choice = rng.integers(9)
    if choice == 0 or h == 0:
        return editor.insert_layer(int(rng.integers(h + 1)), int(rng.integers(1, 6)))
    layer = int(rng.integers(h))
    units = spec.hidden[layer].units
    if choice == 1:
        return editor.remove_layer(layer)
    if choice == 2:
        return editor.move_layer(layer, int(rng.integers(h)))
    if choice == 3:
        return editor.add_neuron(layer, int(rng.integers(units + 1)))
    if choice == 4:
        return editor.remove_neuron(layer, int(rng.integers(units)))
    if choice == 5:
        return editor.set_activation(layer, str(rng.choice(["relu", "sigmoid", "tanh"])))
    if choice == 6:
        return editor.toggle_feature(str(rng.choice(["x1", "x2", "x1^2", "sin(x1)"])))
    weights, biases = session.parameters()
    l = int(rng.integers(len(weights)))
    if choice == 7:
        i, j = (int(rng.integers(n)) for n in weights[l].shape)
        return editor.set_weight(l, i, j, float(np.round(rng.normal(), 3)))
    return editor.set_bias(l, int(rng.integers(len(biases[l]))), float(np.round(rng.normal(), 3)))


def test_undo_redo_of_50_random_edits_restores_every_state_exactly(make_editor):
    editor, session, stack = make_editor(hidden=(3, 2))
    rng = np.random.default_rng(2024)
    states = {0: snapshot_of(session)}
    applied = 0
    while applied < 50:
        if random_edit(editor, session, rng):
            applied += 1
            states[stack.index()] = snapshot_of(session)   # a merged weight edit overwrites its step
    assert stack.count() >= 40
    for index in range(stack.count() - 1, -1, -1):
        stack.undo()
        assert stack.index() == index
        assert_same(snapshot_of(session), states[index])
        # The items follow the spec after every undo.
        assert [c.column.units for c in editor.scene.columns[1:-1]] == [
            l.units for l in session.network_spec.hidden]
    for index in range(1, stack.count() + 1):
        stack.redo()
        assert_same(snapshot_of(session), states[index])


def test_edits_of_one_weight_merge_into_one_undo_step(make_editor):
    editor, session, stack = make_editor(hidden=(3,))
    original = session.parameters()[0][0][1, 2]
    assert editor.set_weight(0, 1, 2, 0.5)
    assert editor.set_weight(0, 1, 2, -0.25)
    assert stack.count() == 1
    assert session.parameters()[0][0][1, 2] == -0.25
    assert editor.set_weight(0, 0, 0, 0.1)             # another weight: a new step
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert session.parameters()[0][0][1, 2] == original


def test_commands_keep_their_own_copies(qapp):
    session = FakeSession(hidden=(2,))
    before = snapshot_of(session)
    from playground.experiment.edits import NetworkState, add_neuron

    after = add_neuron(*before, rng=0, layer=0)
    command = NetworkEditCommand(session, "Add", NetworkState(*before), after)
    after.weights[0][:] = 99.0          # the caller changes its arrays later...
    stack = QUndoStack()
    stack.push(command)
    assert not np.any(session.parameters()[0][0] == 99.0)   # ...the command is not affected
    session._weights[0][:] = -1.0      # nor when the receiver changes what it was given
    stack.undo()
    stack.redo()
    assert not np.any(session.parameters()[0][0] == -1.0)


def test_a_command_the_session_refuses_is_dropped_with_its_reason(qapp):
    session = FakeSession(hidden=(2,))
    messages = []
    stack = QUndoStack()
    command = SetWeightCommand(session, 5, 0, 0, 0.0, 1.0, on_error=messages.append)
    stack.push(command)   # weight layer 5 does not exist: the session raises IndexError
    assert messages and stack.count() == 0
