"""Every user change goes through the window's one Actions object (issue 8).

A scan checks that no module under ``playground/ui`` outside ``ui/edits`` pushes
on an undo stack itself; the window tests check that a canvas edit, a weight
edit, a drawn stroke and an applied step-through step each land on the one
stack through ``window.actions``, undo, and mark the window unsaved.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

import playground.ui
from tests.ui.drawing.test_draw_mode import pick, stroke

UI = Path(playground.ui.__file__).parent
EDITS = UI / "edits"

#: ``undo_stack.push(``, ``self.undoStack .push (``, ``stack.push(``: any stack's push, as text.
PUSH_TEXT = re.compile(r"\w*stack\w*\s*\.\s*push\s*\(", re.IGNORECASE)


def pushes(source: str) -> list[str]:
    """What in ``source`` pushes on an undo stack: calls ``<...stack...>.push(...)`` found by the AST or the text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "push":
            receiver = node.func.value
            name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
            if "stack" in name.lower():
                found.append(f"line {node.lineno}: {ast.unparse(node.func)}(...)")
    return found + [f"text: {m.group(0)}" for m in PUSH_TEXT.finditer(source)]


def test_the_scan_finds_a_push_written_in_any_of_the_usual_ways():
    assert pushes("self.undo_stack.push(command)")
    assert pushes("window.undoStack.push(cmd)")
    assert pushes("stack = QUndoStack()\nstack.push(c)")
    assert pushes("self.undo_stack . push (\n    command)")
    assert not pushes("self.actions.set_weight(0, 1, 2, 0.5)\nqueue.append(x)")
    # The one place that pushes is seen, so the scan below reads the real files.
    assert pushes((EDITS / "actions.py").read_text(encoding="utf-8"))


def test_no_module_outside_ui_edits_pushes_on_the_undo_stack():
    offenders = {}
    for path in sorted(UI.rglob("*.py")):
        if EDITS in path.parents:
            continue
        found = pushes(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(UI))] = found
    assert not offenders, f"push through window.actions (ui/edits/actions.py) instead: {offenders}"


# ---------------------------------------------------------------- in the window
@pytest.fixture
def pushed(window, monkeypatch):
    """The texts of the commands pushed through ``window.actions``, in order."""
    texts: list[str] = []
    push = window.actions.push

    def recording(command):
        texts.append(command.text())
        return push(command)

    monkeypatch.setattr(window.actions, "push", recording)
    return texts


def landed(window, pushed, n: int = 1) -> None:
    """``n`` steps on the one stack, each pushed through the actions; the window has unsaved work."""
    stack = window.undo_stack
    assert stack.count() == n and len(pushed) == n
    assert [stack.text(i) for i in range(n)] == pushed
    assert not stack.isClean() and window.files.dirty


def undone(window) -> None:
    stack = window.undo_stack
    while stack.canUndo():
        stack.undo()
    assert stack.isClean() and not window.files.dirty


def test_the_canvas_and_the_panels_share_the_windows_one_actions_object(window):
    assert window.editor.actions is window.actions
    assert window.drawing.actions is window.actions
    assert window.step_dock.widget().link.actions is window.actions
    assert window.actions.undo_stack is window.undo_stack


def test_a_canvas_edit_goes_through_the_actions_and_undoes(window, pushed):
    session = window.session
    units = [layer.units for layer in session.network_spec.hidden]
    assert window.editor.add_neuron(0)
    assert session.network_spec.hidden[0].units == units[0] + 1
    landed(window, pushed)
    undone(window)
    assert [layer.units for layer in session.network_spec.hidden] == units


def test_a_weight_and_a_bias_edit_go_through_the_actions_and_undo(window, pushed):
    session = window.session
    weights, biases = session.parameters()
    old_w, old_b = float(weights[0][1, 2]), float(biases[1][0])
    assert window.editor.set_weight(0, 1, 2, "0.5")
    assert window.editor.set_bias(1, 0, -0.25)
    weights, biases = session.parameters()
    assert weights[0][1, 2] == 0.5 and biases[1][0] == -0.25
    landed(window, pushed, 2)
    undone(window)
    weights, biases = session.parameters()
    assert weights[0][1, 2] == old_w and biases[1][0] == old_b


def test_a_refused_weight_is_reported_once_by_the_actions_and_leaves_no_step(window, pushed):
    shown = []
    window.actions._show = lambda text: (shown.append(text), window._on_actions_report(text))
    assert not window.editor.set_weight(0, 9, 0, 1.0)  # the first layer has 2 inputs
    assert shown == ["there is no weight w[0][9,0]"] and window.banner.text == shown[0]
    assert window.undo_stack.count() == 0 and not window.files.dirty
    assert window.editor.set_weight(0, 1, 0, 1.0)  # one that works takes the refusal back
    assert shown[-1] == "" and not window.banner.isVisible()


def test_a_drawn_stroke_goes_through_the_actions_and_undoes(window, pushed):
    session = window.session
    before = session.experiment.data
    window.drawing.controller.tools.toggle.click()
    pick(window, "point", 1)
    stroke(window, [(0.3, -0.2)])
    assert session.experiment.data.source == "inline"
    landed(window, pushed)
    assert pushed == ["Draw 1 point"]
    undone(window)
    assert session.experiment.data == before


def test_an_applied_step_through_step_goes_through_the_actions_and_undoes(window, pushed, qtbot):
    session = window.session
    window.step_dock.show()
    panel = window.step_dock.widget()
    qtbot.waitUntil(lambda: panel.cursor is not None)
    before = session.parameters()
    panel.set_point(3)
    assert panel.apply_step(), panel.status_label.text()
    assert not all(np.array_equal(a, b) for a, b in zip(session.parameters()[0], before[0]))
    landed(window, pushed)
    undone(window)
    for got, want in zip(session.parameters()[0] + session.parameters()[1], before[0] + before[1]):
        assert np.array_equal(got, want)
