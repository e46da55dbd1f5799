"""Tiny data with every point in training (train_fraction 1.0): no test set, and nothing breaks."""

from __future__ import annotations

import json
import math

import numpy as np

from playground.cli import main
from playground.data import prepare
from playground.experiment import DataConfig, Experiment, TrainConfig, experiment_from_json, experiment_to_json
from playground.experiment.build import evaluate, with_state
from playground.training.headless import train
from playground.experiment.network import LayerSpec, NetworkSpec

XOR = DataConfig(source="inline", points=((0, 0), (0, 1), (1, 0), (1, 1)), labels=(0, 1, 1, 0), train_fraction=1.0)


def _xor_experiment():
    return Experiment(data=XOR, network=NetworkSpec(hidden=(LayerSpec(2, "tanh"),), output_activation="sigmoid"),
                      training=TrainConfig(learning_rate=0.5, batch_size=1, epochs=50, seed=0))


def test_prepare_puts_all_four_points_in_training():
    p = prepare(XOR)
    assert p.X_train.shape == (4, 2) and p.X_test.shape == (0, 2) and p.T_test.shape == (0, 1)
    assert sorted(map(tuple, p.raw_train.tolist())) == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_evaluate_and_train_report_no_test_values_and_save_valid_json():
    experiment = _xor_experiment()
    p = prepare(experiment.data)
    net, state = train(experiment, p, 20)
    metrics = evaluate(experiment, net, p)
    assert metrics["test_loss"] is None and metrics["test_accuracy"] is None
    assert math.isfinite(metrics["train_loss"]) and 0 <= metrics["train_accuracy"] <= 1
    assert all(math.isnan(v) for v in state.test_loss) and len(state.test_loss) == len(state.train_loss) > 0
    text = experiment_to_json(with_state(experiment, state))
    json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(f"not RFC JSON: {c}")))
    again = experiment_from_json(text)
    assert again.state == state  # null reads back as NaN, bit for bit equal otherwise


def test_cli_train_prints_null_test_metrics(tmp_path, capsys):
    path = tmp_path / "xor.json"
    path.write_text(experiment_to_json(_xor_experiment()))
    assert main(["train", str(path), "--epochs", "5", "--out", str(tmp_path / "out.json")]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    result = json.loads(line, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    assert result["test_loss"] is None and result["test_accuracy"] is None and result["epochs"] == 5
    assert "NaN" not in (tmp_path / "out.json").read_text()
    assert np.isfinite(result["train_loss"])
