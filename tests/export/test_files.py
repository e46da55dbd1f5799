"""Every export produces a valid file, and `playground export` handles bad input with exit status 2."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from playground import cli
from playground.export import write_loss_csv, write_weights_npz

from .conftest import EXAMPLES, model_of


def run(capsys, *argv):
    status = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def read_csv(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", ["binary", "multiclass", "regression", "sine"])
def test_every_export_of_a_trained_experiment_is_a_valid_file(trained, tmp_path, capsys, name):
    path = trained[name]
    experiment, model = model_of(path)
    state = experiment.state
    outputs = {kind: tmp_path / f"out.{kind}" for kind in ("pytorch", "numpy", "data-csv", "loss-csv", "npz")}
    for kind, out in outputs.items():
        status, stdout, err = run(capsys, "export", path, "--to", kind, "-o", out)
        assert (status, err) == (0, ""), err
        assert stdout == f"wrote {out}\n"
    for kind in ("pytorch", "numpy"):
        compile(outputs[kind].read_text(), str(outputs[kind]), "exec")
    rows = read_csv(outputs["data-csv"])
    target = "label" if model.n_classes else "target"
    assert list(rows[0]) == [*state.raw_names, target, "split"]
    assert [r["split"] for r in rows] == ["train"] * len(model.raw_train) + ["test"] * len(model.raw_test)
    raw = np.array([[float(r[c]) for c in state.raw_names] for r in rows])
    np.testing.assert_array_equal(raw, np.vstack([model.raw_train, model.raw_test]))  # exact round trip
    if model.n_classes:
        assert {r["label"] for r in rows} <= set(state.class_names)
    losses = read_csv(outputs["loss-csv"])
    assert list(losses[0]) == ["epoch", "train_loss", "test_loss"]
    np.testing.assert_array_equal([float(r["epoch"]) for r in losses], state.loss_epochs)
    np.testing.assert_array_equal([float(r["train_loss"]) for r in losses], state.train_loss)
    with np.load(outputs["npz"], allow_pickle=False) as npz:
        for l, (W, b) in enumerate(zip(state.weights, state.biases)):
            np.testing.assert_array_equal(npz[f"W{l}"], W)
            np.testing.assert_array_equal(npz[f"b{l}"], b)
        assert f"W{len(state.weights)}" not in npz
        assert list(npz["activations"]) == experiment.network.activations()
        assert tuple(npz["feature_names"]) == state.feature_names
        assert tuple(npz["class_names"]) == state.class_names
        if state.norm_mean is not None:
            np.testing.assert_array_equal(npz["norm_mean"], state.norm_mean)


def test_an_untrained_experiment_exports_its_seeded_initial_weights(tmp_path, capsys):
    source = EXAMPLES / "iris.json"  # a CSV experiment, relative path
    status, _, err = run(capsys, "export", source, "--to", "npz", "-o", tmp_path / "w.npz")
    assert status == 0, err
    experiment, model = model_of(source)
    assert not model.trained
    with np.load(tmp_path / "w.npz") as npz:
        assert [npz[f"W{l}"].shape for l in range(2)] == [(4, 6), (6, 3)]
        np.testing.assert_array_equal(npz["W0"], model.weights[0])
    status, _, err = run(capsys, "export", source, "--to", "pytorch", "-o", tmp_path / "iris.py")
    assert status == 0, err
    text = (tmp_path / "iris.py").read_text()
    assert "'xavier' initialisation with seed 0 (not trained yet)" in text
    assert "the CSV file ../datasets/iris.csv" in text


def test_library_functions_check_their_input(tmp_path):
    with pytest.raises(ValueError, match="3 epochs but 2 train"):
        write_loss_csv(tmp_path / "l.csv", [1, 2, 3], [0.5, 0.4], [0.6, 0.5, 0.4])
    with pytest.raises(ValueError, match="must match"):
        write_weights_npz(tmp_path / "w.npz", [np.zeros((2, 1))], [], ["sigmoid"], ["x1", "x2"])
    write_weights_npz(tmp_path / "plain", [np.ones((2, 1))], [np.zeros(1)], ["sigmoid"], ["x1", "x2"])
    assert (tmp_path / "plain").exists() and not (tmp_path / "plain.npz").exists()  # the name as given


@pytest.mark.parametrize("argv, message", [
    (["{untrained}", "--to", "loss-csv", "-o", "{tmp}/l.csv"], "has no loss history; train it first"),
    (["{untrained}", "--to", "onnx", "-o", "{tmp}/x"], "invalid choice: 'onnx'"),
    (["{untrained}", "--to", "npz"], "required: -o/--output"),
    (["{untrained}", "-o", "{tmp}/x.py"], "required: --to"),
    (["{tmp}/missing.json", "--to", "numpy", "-o", "{tmp}/x.py"], "file not found"),
    (["{tmp}/broken.json", "--to", "numpy", "-o", "{tmp}/x.py"], "broken.json"),
    (["{badcsv}", "--to", "pytorch", "-o", "{tmp}/x.py"], "nowhere.csv"),
    (["{untrained}", "--to", "numpy", "-o", "{tmp}"], "is a directory"),
    (["{untrained}", "--to", "numpy", "-o", "{tmp}/no/such/folder/x.py"], "does not exist"),
])
def test_bad_input_exits_2_with_one_error_line(tmp_path, capsys, argv, message):
    (tmp_path / "broken.json").write_text('{"format": "backprop-playground/experiment", "version": 1, ')
    badcsv = tmp_path / "badcsv.json"
    badcsv.write_text(json.dumps({"format": "backprop-playground/experiment", "version": 1,
                                  "data": {"source": "csv", "path": "nowhere.csv"}}))
    names = {"untrained": EXAMPLES / "plane.json", "tmp": tmp_path, "badcsv": badcsv}
    status, out, err = run(capsys, "export", *[a.format(**names) for a in argv])
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err


def test_a_file_that_cannot_be_written_is_bad_input(tmp_path, capsys, monkeypatch):
    from playground.export import tables

    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(tables, "write_data_csv", refuse)
    status, _, err = run(capsys, "export", EXAMPLES / "plane.json", "--to", "data-csv", "-o", tmp_path / "d.csv")
    assert status == 2
    assert err == f"error: {tmp_path / 'd.csv'}: cannot write: Permission denied\n"


def test_the_export_package_imports_neither_torch_nor_qt():
    code = ("import json, sys, playground.export, playground.export.command\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('torch', 'PySide6', 'pyqtgraph', 'shiboken6'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_the_app_exports_its_live_weights(tmp_path):
    """The Export menu passes the session's parameters; they, not the file's, go into the scripts."""
    from playground.data import prepare
    from playground.export import export_model, numpy_script

    from .conftest import import_script

    experiment, seeded = model_of(EXAMPLES / "plane.json")
    prepared = prepare(experiment.data)
    live_W = [W + 0.25 for W in seeded.weights]
    live_b = [b - 0.5 for b in seeded.biases]
    for epoch, note in ((12, "trained in the playground for 12 epochs"),
                        (0, "the playground's weights when they were exported (not trained yet)")):
        model = export_model(experiment, prepared, weights=live_W, biases=live_b, epoch=epoch)
        path = tmp_path / f"live{epoch}.py"
        path.write_text(numpy_script(model))
        assert f"# These are {note}." in path.read_text()
        W, b = import_script(path).initial_parameters()
        for got, want in zip(W + b, live_W + live_b):
            np.testing.assert_array_equal(got, want)


def test_drop_invalid_rows_reaches_the_csv_loader(tmp_path, capsys):
    (tmp_path / "gaps.csv").write_text("a,b,y\n1,2,0\n2,,1\n3,1,1\n0,0,0\n1,1,1\n2,2,0\n")
    source = tmp_path / "gaps.json"
    source.write_text(json.dumps({"format": "backprop-playground/experiment", "version": 1,
                                  "data": {"source": "csv", "path": "gaps.csv"}}))
    status, _, err = run(capsys, "export", source, "--to", "data-csv", "-o", tmp_path / "d.csv")
    assert status == 2 and "--drop-invalid-rows" in err
    status, _, err = run(capsys, "export", source, "--to", "data-csv", "-o", tmp_path / "d.csv",
                         "--drop-invalid-rows")
    assert status == 0 and err == "dropped 1 rows with empty, NaN or inf cells\n"
    assert len(read_csv(tmp_path / "d.csv")) == 5
