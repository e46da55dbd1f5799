"""The PyTorch export: predicts what `playground predict` predicts, and its training loop is the engine's.

Skipped when torch is not installed (it is an optional extra, never a dependency).
"""

from __future__ import annotations

import csv

import numpy as np
import pytest

from playground import cli
from playground.data import prepare
from playground.export import pytorch_script, write_script
from playground.training.headless import train as engine_train

from .conftest import BINARY, import_script, model_of, write_experiment

torch = pytest.importorskip("torch")

PARITY = 1e-6


def _predict_csv(trained_path, points_path, out_path) -> list[dict]:
    assert cli.main(["predict", str(trained_path), str(points_path), "-o", str(out_path)]) == 0
    with open(out_path, newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", ["binary", "multiclass", "regression", "sine"])
def test_exported_model_predicts_what_playground_predict_predicts(trained, tmp_path, name):
    path = trained[name]
    experiment, model = model_of(path)
    # The points: the experiment's own data, as the data CSV (raw columns by name), plus far-out points.
    points = tmp_path / "points.csv"
    assert cli.main(["export", str(path), "--to", "data-csv", "-o", str(points)]) == 0
    rows = _predict_csv(path, points, tmp_path / "predicted.csv")
    script = tmp_path / "exported.py"
    assert cli.main(["export", str(path), "--to", "pytorch", "-o", str(script)]) == 0
    module = import_script(script)
    raw = [[float(row[c]) for c in model.raw_names] for row in rows]
    with torch.no_grad():
        Y = module.build_model()(module.features(raw)).numpy()
    if model.n_classes == 0:
        expected = np.array([[float(row["prediction"])] for row in rows])
        got = Y
    else:
        expected = np.array([[float(row[f"p({c})"]) for c in model.class_names] for row in rows])
        got = np.column_stack([1 - Y[:, 0], Y[:, 0]]) if Y.shape[1] == 1 else Y
    assert got.shape == expected.shape
    worst = float(np.max(np.abs(got - expected)))
    assert worst <= PARITY, f"{name}: max |torch - predict| = {worst:.2e}"
    # The data loads into the same network inputs the playground trains on.
    X_train, T_train, X_test, T_test = module.load_data()
    prepared = prepare(experiment.data, base_dir=path.parent)
    np.testing.assert_allclose(X_train.numpy(), prepared.X_train, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(T_test.numpy(), prepared.T_test)


def test_importing_the_script_trains_nothing(trained, tmp_path, capsys):
    _, model = model_of(trained["binary"])
    script = tmp_path / "binary.py"
    write_script(script, "pytorch", model)
    module = import_script(script)
    assert capsys.readouterr().out == ""
    weights = [linear.weight.detach().numpy().T for linear in module.build_model().linears]
    for got, want in zip(weights, model.weights):
        np.testing.assert_array_equal(got, want)


def test_the_training_loop_runs_and_its_loss_falls(trained, tmp_path, capsys):
    _, model = model_of(trained["multiclass"])
    script = tmp_path / "blobs.py"
    write_script(script, "pytorch", model)
    module = import_script(script)
    torch.manual_seed(0)
    net = module.build_model()
    data = module.load_data()
    with torch.no_grad():
        before = module.loss_fn(net, data[0], data[1]).item()
    module.train(net, data, epochs=3)
    with torch.no_grad():
        after = module.loss_fn(net, data[0], data[1]).item()
    assert after < before
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("epoch")]
    assert len(printed) == 4  # epoch 0, then each of the three


# With the full batch there is no batch order to differ, so the torch loop must take the
# engine's steps: the same loss, penalty and optimizer definitions, up to rounding.
@pytest.mark.parametrize("optimizer, regularization, output, loss", [
    ("sgd", "none", "sigmoid", "binary_cross_entropy"),
    ("momentum", "l2", "sigmoid", "mse"),
    ("nesterov", "l1", "sigmoid", "binary_cross_entropy"),
    ("adam", "l2", "tanh", "mse"),
])
def test_full_batch_training_takes_the_engines_steps(tmp_path, optimizer, regularization, output, loss):
    content = dict(BINARY, network=dict(BINARY["network"], output_activation=output),
                   training=dict(BINARY["training"], optimizer=optimizer, momentum=0.9, batch_size=0,
                                 regularization=regularization, regularization_rate=0.01, loss=loss,
                                 learning_rate=0.05))
    if output == "tanh":
        content["data"] = dict(content["data"], generator="plane")
    experiment, model = model_of(write_experiment(tmp_path, "e.json", content))
    module = import_script(_write(tmp_path / "full.py", pytorch_script(model)))
    net = module.build_model()
    module.train(net, module.load_data(), epochs=4, report_every=100)
    engine, _ = engine_train(experiment, prepare(experiment.data), 4)   # the app's one training loop
    for linear, W, b in zip(net.linears, engine.weights, engine.biases):
        np.testing.assert_allclose(linear.weight.detach().numpy().T, W, rtol=0, atol=1e-10)
        np.testing.assert_allclose(linear.bias.detach().numpy(), b, rtol=0, atol=1e-10)


def test_softmax_with_mse_trains_like_the_engine(tmp_path):
    content = dict(BINARY, data={"generator": "blobs", "classes": 3, "samples": 60, "normalize": True},
                   network={"hidden": [{"units": 3, "activation": "tanh"}], "output_activation": "softmax"},
                   training={"loss": "mse", "batch_size": 0, "learning_rate": 0.5})
    experiment, model = model_of(write_experiment(tmp_path, "e.json", content))
    module = import_script(_write(tmp_path / "softmax.py", pytorch_script(model)))
    net = module.build_model()
    module.train(net, module.load_data(), epochs=3, report_every=100)
    engine, _ = engine_train(experiment, prepare(experiment.data), 3)
    np.testing.assert_allclose(net.linears[-1].weight.detach().numpy().T, engine.weights[-1], rtol=0, atol=1e-10)


def _write(path, text):
    path.write_text(text)
    return path


def test_large_data_is_read_from_the_csv_next_to_the_script(trained, tmp_path, monkeypatch):
    from playground.export import scripts

    _, model = model_of(trained["multiclass"])
    monkeypatch.setattr(scripts, "EMBED_LIMIT", 100)  # 400 samples > 100
    big = tmp_path / "big.py"
    assert write_script(big, "pytorch", model) == [big, tmp_path / "big_data.csv"]
    monkeypatch.setattr(scripts, "EMBED_LIMIT", 1000)
    small = tmp_path / "small.py"
    write_script(small, "pytorch", model)
    for got, want in zip(import_script(big).load_data(), import_script(small).load_data()):
        assert torch.equal(got, want)
