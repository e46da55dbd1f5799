"""The checkpoint grammar: parsing, type checks, evaluation against a LiveState."""

from __future__ import annotations

import pytest

from playground.lessons import LessonError, LiveState, evaluate, parse_condition
from playground.lessons.checkpoints import checkpoint_from_dict
from playground.experiment import DataConfig, Experiment, TrainConfig
from playground.experiment.network import LayerSpec, NetworkSpec


def _live(metrics=None, actions=(), hidden=(), output="sigmoid", **training):
    experiment = Experiment(data=DataConfig(generator="circle", features=("x1", "x2", "x1^2")),
                            network=NetworkSpec(hidden=tuple(hidden), output_activation=output),
                            training=TrainConfig(**training))
    return LiveState(experiment, metrics or {}, frozenset(actions))


@pytest.mark.parametrize("text, live, met", [
    ("test_loss < 0.1", _live({"test_loss": 0.05}), True),
    ("test_loss < 0.1", _live({"test_loss": 0.1}), False),
    ("test_loss <= 0.1", _live({"test_loss": 0.1}), True),
    ("train_accuracy >= 1.0", _live({"train_accuracy": 1.0}), True),
    ("train_accuracy >= 1", _live({"train_accuracy": 0.75}), False),
    ("test_loss < 0.1", _live({"test_loss": None}), False),          # no test set: never met
    ("test_loss < 0.1", _live({}), False),                           # not trained yet
    ("train_loss < 1e9", _live({"train_loss": float("nan")}), False),
    ("has_hidden_layer", _live(hidden=[LayerSpec(3, "relu")]), True),
    ("has_hidden_layer", _live(), False),
    ("not has_hidden_layer", _live(), True),
    ("hidden_layers >= 2", _live(hidden=[LayerSpec(3), LayerSpec(3)]), True),
    ("hidden_activation == relu", _live(hidden=[LayerSpec(3, "relu"), LayerSpec(2, "relu")]), True),
    ("hidden_activation == relu", _live(hidden=[LayerSpec(3, "relu"), LayerSpec(2, "tanh")]), False),
    ("hidden_activation == mixed", _live(hidden=[LayerSpec(3, "relu"), LayerSpec(2, "tanh")]), True),
    ("output_activation != softmax", _live(), True),
    ("batch_size == 1", _live(batch_size=1), True),
    ("learning_rate > 0.05", _live(learning_rate=0.03), False),
    ("inputs == 3", _live(), True),
    ("weights == 3", _live(), True),                                  # 3 inputs -> 1 output
    ("weights == 16", _live(hidden=[LayerSpec(4)]), True),            # 3*4 + 4*1
    ("loss == binary_cross_entropy", _live(), True),                  # the problem's default
    ("classes == 2", _live(), True),
    ("applied_step", _live(actions={"applied_step"}), True),
    ("applied_step", _live(), False),
    ("diverged == false", _live(), True),
])
def test_conditions(text, live, met):
    assert parse_condition(text).met(live) is met


@pytest.mark.parametrize("text, message", [
    ("tst_loss < 0.1", "unknown name 'tst_loss'"),
    ("test_loss", "test_loss is a number; compare it"),
    ("test_loss < low", "test_loss is a number; 'low' is not"),
    ("output_activation < softmax", "only == and != compare it"),
    ("output_activation == softmx", "'softmx' is not a known output_activation"),
    ("has_hidden_layer == yes", "true or false"),
    ("test_loss = 0.1", "cannot read"),
    ("__import__('os')", "cannot read"),
    ("test_loss < 0.1 and x", "expected NAME"),
    ("", "must be a condition"),
])
def test_bad_conditions_name_the_field(text, message):
    with pytest.raises(LessonError, match="steps\\[0\\].checkpoints\\[1\\].check") as info:
        parse_condition(text, "steps[0].checkpoints[1].check")
    assert message in str(info.value)


def test_evaluate_pairs_each_checkpoint_with_met():
    cps = [checkpoint_from_dict({"check": c, "text": "t", "hint": "h"}, "c") for c in ("epoch >= 10", "steps >= 1")]
    result = evaluate(cps, _live({"epoch": 12, "steps": 0}))
    assert [(c.check, met) for c, met in result] == [("epoch >= 10", True), ("steps >= 1", False)]


def test_live_state_refuses_unknown_metrics():
    with pytest.raises(ValueError, match="unknown metric 'tset_loss'"):
        _live({"tset_loss": 1.0})


def test_metrics_from_a_training_snapshot():
    import numpy as np

    from playground.lessons import metrics_from_snapshot
    from playground.training.snapshot import make_snapshot

    snap = make_snapshot(network_version=1, epoch=7, step=28, weights=[np.zeros((2, 1))], biases=[np.zeros(1)],
                         train_loss=0.25, test_loss=None, train_accuracy=1.0, test_accuracy=None)
    live = _live(metrics_from_snapshot(snap))
    assert parse_condition("steps >= 28").met(live) and parse_condition("train_accuracy >= 1").met(live)
    assert not parse_condition("test_loss < 10").met(live)
    assert metrics_from_snapshot(None) == {}


def test_progress_keeps_met_checkpoints_and_survives_a_round_trip():
    from playground.lessons import LessonProgress, lesson_from_dict
    from tests.lessons.test_format import BASE

    doc = {**BASE, "steps": [*BASE["steps"], {"title": "Two", "text": "<p>x</p>", "checkpoints": [
        {"check": "applied_step", "text": "t", "hint": "h"}]}]}
    lesson = lesson_from_dict(doc)
    progress = LessonProgress(lesson)
    live = LiveState(lesson.experiment, {"epoch": 3})
    assert progress.update(live) == [(0, 0)] and progress.update(live) == []
    assert progress.update(LiveState(lesson.experiment, {"epoch": 0})) == [] and progress.is_met(0, 0)  # sticky
    assert progress.step_done(0) and not progress.done
    progress.go_to(5)
    assert progress.step == 1
    progress.update(LiveState(lesson.experiment, {}, {"applied_step"}))
    assert progress.done
    again = LessonProgress.from_json(lesson, progress.to_json())
    assert again.done and again.step == 1
    for junk in ("", "[1]", '{"met": [[0, "epoch >= 99"], 5], "step": "x"}'):
        fresh = LessonProgress.from_json(lesson, junk)
        assert not fresh.is_met(0, 0) and fresh.step == 0
    again.reset()
    assert not again.is_met(0, 0) and again.step == 0
