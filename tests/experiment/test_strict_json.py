"""Experiment files are RFC 8259 JSON, and what they hold is finite and consistent."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from playground.data.errors import quoted, short_path
from playground.experiment import (
    DataConfig, Experiment, ExperimentError, TrainedState, experiment_from_json, experiment_to_json, load_experiment,
    save_experiment,
)


def strict_loads(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity, as RFC 8259 does."""
    def refuse(token):
        raise AssertionError(f"non-standard JSON token {token}")
    return json.loads(text, parse_constant=refuse)


def _state(**changes) -> TrainedState:
    base = dict(weights=(np.ones((2, 1)),), biases=(np.zeros(1),), epoch=2, steps=4, loss_epochs=(1.0, 2.0),
                train_loss=(float("nan"), float("inf")), test_loss=(0.5, -float("inf")),
                feature_names=("x1", "x2"), raw_names=("x1", "x2"), class_names=("0", "1"))
    return TrainedState(**{**base, **changes})


def test_non_finite_curve_points_are_written_as_null_and_read_back_as_nan(tmp_path):
    exp = Experiment(data=DataConfig(generator="xor"), state=_state())
    text = experiment_to_json(exp)
    doc = strict_loads(text)
    assert doc["state"]["train_loss"] == [None, None] and doc["state"]["test_loss"] == [0.5, None]
    back = experiment_from_json(text).state
    assert np.isnan(back.train_loss).all() and back.test_loss[0] == 0.5 and np.isnan(back.test_loss[1])


@pytest.mark.parametrize("field", ["weights", "biases"])
def test_non_finite_parameters_are_refused_on_saving_and_nothing_is_written(tmp_path, field):
    bad = {"weights": (np.array([[1.0], [np.nan]]),), "biases": (np.array([np.inf]),)}[field]
    exp = Experiment(data=DataConfig(generator="xor"), state=_state(**{field: bad}))
    with pytest.raises(ExperimentError, match=rf"cannot save: state.{field}\[0\] holds NaN or inf"):
        save_experiment(exp, tmp_path / "e.json")
    assert list(tmp_path.iterdir()) == []


def test_saved_files_parse_as_strict_json(tmp_path):
    exp = Experiment(data=DataConfig(generator="xor"), state=_state())
    save_experiment(exp, tmp_path / "e.json")
    strict_loads((tmp_path / "e.json").read_text())
    assert load_experiment(tmp_path / "e.json").state.epoch == 2


def test_state_names_must_fit_the_network():
    exp = Experiment(data=DataConfig(generator="xor"), state=_state())
    doc = json.loads(experiment_to_json(exp))
    doc["state"]["raw_names"] = ["x1", "x2", "x3"]
    with pytest.raises(ExperimentError, match="state.raw_names lists 3 columns but the network takes 2 inputs"):
        experiment_from_json(json.dumps(doc))
    doc = json.loads(experiment_to_json(replace(exp, data=DataConfig(generator="xor", features=("x1", "x2")))))
    doc["state"]["raw_names"] = ["x1"]
    with pytest.raises(ExperimentError, match="computed from 2 raw inputs"):
        experiment_from_json(json.dumps(doc))
    doc["state"]["raw_names"], doc["state"]["class_names"] = ["x1", "x2"], []
    assert experiment_from_json(json.dumps(doc)).state.class_names == ()  # regression: one output, fine


def test_messages_shorten_what_they_quote():
    assert len(quoted("x" * 10_000)) <= 42
    assert quoted(10**5000) == "an integer of about 5,000 digits"
    assert len(quoted([[[[[[1]]]]]] * 1000)) <= 42
    assert quoted("a\nb") == "'a\\nb'"
    assert len(short_path("/d/" + "p" * 5000 + ".csv")) <= 120 and short_path("a\x00b") == "a\\x00b"
