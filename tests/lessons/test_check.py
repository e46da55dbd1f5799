"""The headless checker: every shipped lesson passes, failures say which checkpoint and its value."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import numpy as np
import pytest

from playground.cli import main
from playground.lessons import (
    LessonRun, TrainingLog, TrainingPhase, derived_actions, lesson_from_dict, run_lesson, shipped_lessons,
)
from tests.lessons.test_format import BASE


def test_every_shipped_lesson_passes(capsys):
    assert main(["lessons", "check"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert json.loads(lines[-1]) == {"lessons": len(shipped_lessons()), "passed": len(shipped_lessons())}
    assert len(lines) == len(shipped_lessons()) + 1
    assert all("  passed (" in line for line in lines[:-1])


def _write(tmp_path, doc, name="lesson.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_a_failing_checkpoint_is_named_with_its_value(tmp_path, capsys):
    doc = copy.deepcopy(BASE)
    doc["steps"][0]["checkpoints"].append({"check": "train_loss < 0.000001", "text": "t", "hint": "h"})
    good = _write(tmp_path, BASE, "a.json")
    bad = _write(tmp_path, doc, "b.json")
    assert main(["lessons", "check", str(good), str(bad)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("a  passed")
    assert lines[1].startswith("b  FAILED: steps[0] 'train_loss < 0.000001' not met: train_loss is 0.")
    assert json.loads(lines[-1]) == {"lessons": 2, "passed": 1}


def test_a_bad_file_is_one_error_line_and_status_2(tmp_path, capsys):
    doc = copy.deepcopy(BASE)
    doc["steps"][0]["hide"] = ["knobs"]
    path = _write(tmp_path, doc)
    assert main(["lessons", "check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "steps[0].hide: unknown control 'knobs'" in err[0]


def test_an_action_whose_precondition_fails_fails_the_lesson(tmp_path, capsys):
    doc = copy.deepcopy(BASE)
    doc["steps"][0]["solution"] = [{"do": "viewed_landscape"}]
    assert main(["lessons", "check", str(_write(tmp_path, doc))]) == 1
    assert "FAILED: steps[0].solution[0]: viewed_landscape: pick two weights first" in capsys.readouterr().out


def test_applied_step_is_one_real_online_sgd_step():
    lesson = lesson_from_dict(BASE)
    run = LessonRun(lesson)
    run.set("training.learning_rate", 0.5)
    net = run.network()
    before = [W.copy() for W in net.weights]
    run.do("applied_step")
    after = run.network()
    state = run.experiment.state
    assert state.steps == 1 and state.epoch == 0 and "applied_step" in run.live_state().actions
    # The step is the engine's own batch-1 update: the gradient of exactly one training sample reproduces it.
    p = run.prepared
    matches = []
    for i in range(len(p.X_train)):
        _, g = net.loss_and_gradients(p.X_train[i:i + 1], p.T_train[i:i + 1], loss=run.experiment.loss_for(p))
        matches.append(np.allclose(before[0] - 0.5 * g.weights[0], after.weights[0], rtol=0, atol=1e-12))
    assert sum(matches) >= 1 and not np.array_equal(before[0], after.weights[0])


def test_divergence_is_recorded_and_the_weights_are_kept():
    doc = copy.deepcopy(BASE)
    doc["experiment"] = {"data": {"generator": "plane", "samples": 40}, "network": {"output_activation": "identity"},
                         "training": {"learning_rate": 0.001}}
    run = LessonRun(lesson_from_dict(doc))
    run.train(5)
    kept = run.experiment.state
    assert "diverged" not in run.live_state().actions
    run.set("training.learning_rate", 10.0)
    run.train(2000)
    assert "diverged" in run.live_state().actions
    assert run.experiment.state is kept  # the weights from before the diverging run
    assert run.log.phases[-1].diverged and run.log.phases[-1].epochs < 2000


def test_training_rules_for_comparisons():
    log = TrainingLog()
    for lr in (0.001, 0.1):
        log.record(TrainingPhase(lr, 10, 100, "tanh", epochs=25))
    assert "compared_learning_rates" not in derived_actions(log)
    log.record(TrainingPhase(5.0, 10, 100, "tanh", epochs=3, diverged=True))  # diverging counts as tried
    assert {"compared_learning_rates", "diverged"} <= derived_actions(log)
    log = TrainingLog()
    for batch in (0, 1, 100):   # 100 >= n_train: full batch again, not a mini-batch
        log.record(TrainingPhase(0.1, batch, 100, "tanh", epochs=30))
    assert "compared_batch_sizes" not in derived_actions(log)
    log.record(TrainingPhase(0.1, 10, 100, "tanh", epochs=10))
    log.record(TrainingPhase(0.1, 10, 100, "tanh", epochs=10))  # merged: 20 epochs of mini-batch
    assert len(log.phases) == 4 and "compared_batch_sizes" in derived_actions(log)


def test_the_lessons_package_never_imports_qt():
    code = ("import playground.lessons, playground.lessons.check, sys, json;"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


@pytest.mark.parametrize("path", shipped_lessons(), ids=lambda p: p.stem)
def test_each_lesson_fails_without_its_solution(path):
    """Guard against checkpoints that the starting state already meets: the solution must matter."""
    from playground.lessons import load_lesson

    lesson = load_lesson(path)
    doc = json.loads(path.read_text())
    for step in doc["steps"]:
        step.pop("solution", None)
    assert not run_lesson(lesson_from_dict(doc, name=lesson.name)).passed
