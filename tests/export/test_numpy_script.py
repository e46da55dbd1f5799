"""The NumPy export: runs standalone, its loss falls, and it takes the engine's steps exactly."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest

from playground.data import prepare
from playground.export import numpy_script, scripts, write_script
from playground.training.headless import train

from .conftest import BINARY, REGRESSION, import_script, model_of, write_experiment

EPOCH_LINE = re.compile(r"epoch\s+(\d+)\s+train loss ([0-9.e+-]+)")


def _losses(stdout: str) -> list[tuple[int, float]]:
    return [(int(m.group(1)), float(m.group(2))) for m in EPOCH_LINE.finditer(stdout)]


def test_the_script_runs_alone_and_its_loss_falls(tmp_path):
    experiment = write_experiment(tmp_path, "e.json", BINARY)
    script = tmp_path / "numpy_export.py"
    write_script(script, "numpy", model_of(experiment)[1])
    out = subprocess.run([sys.executable, str(script), "--epochs", "4"], capture_output=True, text=True,
                         timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    losses = _losses(out.stdout)
    assert [e for e, _ in losses] == [0, 1, 2, 3, 4]
    assert losses[-1][1] < losses[0][1]


@pytest.mark.parametrize("content", [BINARY, REGRESSION], ids=["adam-l2-binary", "nesterov-l1-regression"])
def test_it_follows_the_engines_run(tmp_path, content, capsys):
    """Same initial weights, batch order and update rules as `playground train`: equal up to rounding."""
    experiment, model = model_of(write_experiment(tmp_path, "e.json", content))
    path = tmp_path / "follow.py"
    path.write_text(numpy_script(model))
    module = import_script(path)
    W, b = module.initial_parameters()
    module.train(W, b, module.load_data(), epochs=3)
    net, _ = train(experiment, prepare(experiment.data), 3)
    for got, want in zip(W + b, net.weights + net.biases):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


@pytest.mark.parametrize("optimizer, output, loss", [
    ("sgd", "softmax", "mse"), ("momentum", "sigmoid", "mse"), ("sgd", "softmax", "cross_entropy")])
def test_other_pairs_and_optimizers_follow_the_engine(tmp_path, optimizer, output, loss):
    classes = 3 if output == "softmax" else 2
    content = dict(BINARY, data={"generator": "blobs" if classes == 3 else "circle", "samples": 60,
                                 "normalize": True, **({"classes": 3} if classes == 3 else {})},
                   network={"hidden": [{"units": 3, "activation": "tanh"}], "output_activation": output},
                   training={"optimizer": optimizer, "momentum": 0.8, "loss": loss, "batch_size": 7,
                             "learning_rate": 0.3})
    experiment, model = model_of(write_experiment(tmp_path, "e.json", content))
    path = tmp_path / "pairs.py"
    path.write_text(numpy_script(model))
    module = import_script(path)
    W, b = module.initial_parameters()
    module.train(W, b, module.load_data(), epochs=2, report_every=100)
    net, _ = train(experiment, prepare(experiment.data), 2)
    for got, want in zip(W + b, net.weights + net.biases):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_large_data_goes_to_a_csv_next_to_the_script(tmp_path, monkeypatch):
    monkeypatch.setattr(scripts, "EMBED_LIMIT", 50)
    experiment = write_experiment(tmp_path, "e.json", BINARY)  # 120 samples > 50
    script = tmp_path / "big.py"
    written = write_script(script, "numpy", model_of(experiment)[1])
    assert written == [script, tmp_path / "big_data.csv"]
    assert "TRAIN_POINTS = " not in script.read_text()
    elsewhere = tmp_path / "run"
    elsewhere.mkdir()
    out = subprocess.run([sys.executable, str(script), "--epochs", "1"], capture_output=True, text=True,
                         timeout=60, cwd=elsewhere)
    assert out.returncode == 0, out.stderr
    embedded = tmp_path / "small.py"
    monkeypatch.setattr(scripts, "EMBED_LIMIT", 10_000)
    write_script(embedded, "numpy", model_of(experiment)[1])
    again = subprocess.run([sys.executable, str(embedded), "--epochs", "1"], capture_output=True, text=True,
                           timeout=60)
    assert _losses(out.stdout) == _losses(again.stdout)  # the file holds the same data, split the same way
