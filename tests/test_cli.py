"""`playground train` / `predict` end to end: learning, round trips, exit statuses and messages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from playground import cli
from playground.assets import resource_path
from playground.data import GENERATORS, generate, prepare
from playground.experiment import load_experiment

SEVEN = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


def experiment_file(folder: Path, name="e.json", **sections) -> Path:
    path = folder / name
    path.write_text(json.dumps({"format": "backprop-playground/experiment", "version": 1, **sections}))
    return path


def run(capsys, *argv):
    """Run the CLI in-process; return (status, stdout, stderr)."""
    status = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def read_csv(path_or_text) -> list[dict]:
    text = Path(path_or_text).read_text() if isinstance(path_or_text, Path) else path_or_text
    return list(csv.DictReader(io.StringIO(text)))


# Each TF Playground set with a network that suits it (TF Playground's classic recipes).
LEARNABLE = {
    "circle": (dict(features=["x1^2", "x2^2"]), [], dict(learning_rate=0.1, epochs=60)),
    "xor": (dict(features=["x1*x2"]), [], dict(learning_rate=0.1, epochs=60)),
    "gaussians": (dict(features=["x1", "x2"]), [], dict(learning_rate=0.1, epochs=40)),
    "spiral": (dict(features=SEVEN, samples=500), [8, 8, 8], dict(learning_rate=0.03, epochs=300)),
    "plane": (dict(features=["x1", "x2"]), [], dict(learning_rate=0.01, epochs=60)),
    "multi_gaussian": (dict(features=["x1", "x2"], normalize=True, noise=0.0, samples=500), [8, 8],
                       dict(optimizer="adam", learning_rate=0.01, epochs=200)),
}


@pytest.mark.parametrize("name", [
    "circle", "xor", "gaussians", pytest.param("spiral", marks=pytest.mark.slow), "plane",
    pytest.param("multi_gaussian", marks=pytest.mark.slow)])
def test_each_tf_playground_set_is_learnable_through_train(tmp_path, capsys, name):
    data, hidden, training = LEARNABLE[name]
    data = {"generator": name, "samples": 300, "noise": 0.1, **data}
    path = experiment_file(tmp_path, data=data, network={"hidden": hidden}, training=training)
    status, out, err = run(capsys, "train", path)
    assert status == 0, err
    result = json.loads(out)
    assert result["epochs"] == training["epochs"]
    if GENERATORS[name].kind == "classification":
        assert result["test_accuracy"] >= (0.85 if name == "spiral" else 0.95), result
    else:
        _, labels = generate(name, data["samples"], data["noise"], seed=1)
        baseline = 0.5 * labels.var()  # the engine's mse of always predicting the mean
        assert result["test_loss"] < 0.25 * baseline, (result, baseline)
        assert "test_accuracy" not in result


def test_train_out_then_predict_reproduces_the_reported_accuracy(tmp_path, capsys):
    path = experiment_file(tmp_path, data={"generator": "circle", "samples": 200, "features": ["x1", "x2^2", "x1^2"],
                                           "normalize": True},
                           network={"hidden": [4]}, training={"learning_rate": 0.1, "epochs": 30})
    status, out, err = run(capsys, "train", path, "--out", tmp_path / "trained.json")
    assert status == 0 and err == ""
    reported = json.loads(out)["test_accuracy"]
    trained = load_experiment(tmp_path / "trained.json")
    assert trained.state.epoch == 30 and len(trained.state.train_loss) == 30
    assert trained.state.norm_mean is not None
    # Predict the test points from their raw coordinates: features and normalization happen inside.
    prepared = prepare(trained.data)
    points = tmp_path / "points.csv"
    points.write_text("x2,x1,ignored\n" + "".join(f"{b!r},{a!r},z\n" for a, b in prepared.raw_test.tolist()))
    status, out, err = run(capsys, "predict", tmp_path / "trained.json", points, "-o", tmp_path / "out.csv")
    assert status == 0 and out == "" and err == ""
    rows = read_csv(tmp_path / "out.csv")
    assert list(rows[0]) == ["x1", "x2", "p(0)", "p(1)", "predicted_class"]
    assert len(rows) == len(prepared.raw_test)
    for row in rows:
        assert abs(float(row["p(0)"]) + float(row["p(1)"]) - 1) < 1e-12
    predicted = np.array([int(r["predicted_class"]) for r in rows])
    assert np.mean(predicted == prepared.labels_test) == reported


def test_shipped_iris_trains_and_predicts_its_own_rows(tmp_path, capsys):
    status, out, err = run(capsys, "train", resource_path("examples", "iris.json"), "--out", tmp_path / "iris.json")
    assert status == 0, err
    assert json.loads(out)["test_accuracy"] >= 0.9
    # The relative CSV path was rewritten for the new folder.
    assert load_experiment(tmp_path / "iris.json").data.path.endswith("datasets/iris.csv")
    status, out, err = run(capsys, "predict", tmp_path / "iris.json", resource_path("datasets", "iris.csv"))
    assert status == 0, err
    rows = read_csv(out)
    assert len(rows) == 150
    assert list(rows[0])[:4] == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert list(rows[0])[4:] == ["p(setosa)", "p(versicolor)", "p(virginica)", "predicted_class"]
    truth = [r["species"] for r in csv.DictReader(resource_path("datasets", "iris.csv").open())]
    assert np.mean([r["predicted_class"] == t for r, t in zip(rows, truth)]) >= 0.9


def test_shipped_regression_csv_predicts_values(tmp_path, capsys):
    status, out, _ = run(capsys, "train", resource_path("examples", "sine.json"), "--epochs", "150",
                         "--out", tmp_path / "sine.json")
    assert status == 0 and "test_accuracy" not in json.loads(out)
    (tmp_path / "x.csv").write_text("x\n-1.5\n0\n1.5\n")
    status, out, _ = run(capsys, "predict", tmp_path / "sine.json", tmp_path / "x.csv")
    rows = read_csv(out)
    assert list(rows[0]) == ["x", "prediction"]
    np.testing.assert_allclose([float(r["prediction"]) for r in rows], np.sin([-1.5, 0, 1.5]), atol=0.25)


def test_every_shipped_example_trains(tmp_path, capsys):
    for path in resource_path("examples").glob("*.json"):
        status, out, err = run(capsys, "train", path, "--epochs", "2")
        assert status == 0, (path.name, err)
        assert json.loads(out)["epochs"] == 2


def test_epochs_and_seed_override_and_training_continues(tmp_path, capsys):
    path = experiment_file(tmp_path, data={"generator": "xor", "samples": 100}, network={"hidden": [3]},
                           training={"epochs": 50})
    a = json.loads(run(capsys, "train", path, "--epochs", 3, "--seed", 1, "--out", tmp_path / "a.json")[1])
    b = json.loads(run(capsys, "train", path, "--epochs", 3, "--seed", 2)[1])
    assert a["epochs"] == 3 and a["train_loss"] != b["train_loss"]
    again = json.loads(run(capsys, "train", path, "--epochs", 3, "--seed", 1)[1])
    assert again == a
    more = json.loads(run(capsys, "train", tmp_path / "a.json", "--epochs", 4, "--out", tmp_path / "a.json")[1])
    assert more["epochs"] == 7
    assert len(load_experiment(tmp_path / "a.json").state.loss_epochs) == 7


def test_drop_invalid_rows(tmp_path, capsys):
    (tmp_path / "d.csv").write_text("a,b,y\n" + "".join(f"{i},{i % 5},{i % 2}\n" for i in range(30)) + "1,,0\n")
    path = experiment_file(tmp_path, data={"source": "csv", "path": "d.csv"}, training={"epochs": 2})
    status, out, err = run(capsys, "train", path)
    assert status == 2 and out == ""
    assert err.startswith("error: ") and "line 32, column 2 ('b'): the cell is empty" in err
    status, out, err = run(capsys, "train", path, "--drop-invalid-rows")
    assert status == 0 and err == "dropped 1 rows with empty, NaN or inf cells\n"


def _bad_inputs(tmp: Path) -> list[tuple[list, str]]:
    good = experiment_file(tmp, "good.json", data={"generator": "xor", "samples": 50}, training={"epochs": 1})
    (tmp / "trained.json").write_text("")
    cli.main(["train", str(good), "--out", str(tmp / "trained.json")])
    (tmp / "points_bad.csv").write_text("x1,x2\n1,2\n3,abc\n")
    (tmp / "points_cols.csv").write_text("a,b\n1,2\n")
    (tmp / "broken.json").write_text("{not json")
    (tmp / "nan.csv").write_text("a,b,y\n1,2,0\n3,nan,1\n4,5,1\n")
    return [
        (["train", tmp / "missing.json"], "missing.json: file not found"),
        (["train", tmp], "is a directory, not an experiment file"),
        (["train", tmp / "broken.json"], "line 1, column 2: not valid JSON"),
        (["train", experiment_file(tmp, "lr.json", training={"learning_rate": -1})],
         "training.learning_rate must be > 0, got -1"),
        (["train", experiment_file(tmp, "unk.json", trainin={})], "unknown field trainin"),
        (["train", experiment_file(tmp, "v9.json", version=9)], "newer than this program reads"),
        (["train", experiment_file(tmp, "csv.json", data={"source": "csv", "path": "nope.csv"})],
         "nope.csv: file not found"),
        (["train", experiment_file(tmp, "nan.json", data={"source": "csv", "path": "nan.csv"})],
         "line 3, column 2 ('b'): the cell holds 'nan'"),
        (["train", experiment_file(tmp, "soft.json", network={"output_activation": "softmax"},
                                   training={"loss": "cross_entropy"})], "softmax needs 3 or more classes"),
        (["train", experiment_file(tmp, "boom.json", data={"generator": "plane"},
                                   training={"learning_rate": 1e4, "epochs": 50})], "lower training.learning_rate"),
        (["train", good, "--epochs", "-1"], "argument --epochs: must be >= 0"),
        (["train", good, "--epochs", "many"], "expected a whole number"),
        (["train", good, "--out", tmp], "is a directory; give a file name"),
        (["train", good, "--bogus"], "unrecognized arguments: --bogus"),
        (["train"], "the following arguments are required: EXPERIMENT.json"),
        (["predict", good, tmp / "points_bad.csv"], "has no trained state"),
        (["predict", tmp / "trained.json", tmp / "points_bad.csv"], "line 3, column 2 ('x2'): 'abc' is not a number"),
        (["predict", tmp / "trained.json", tmp / "points_cols.csv"], "missing input columns x1, x2"),
        (["predict", tmp / "trained.json", tmp / "none.csv"], "none.csv: file not found"),
        (["predict", tmp / "trained.json", tmp], "is a directory, not a CSV file"),
        (["predict", tmp / "trained.json"], "the following arguments are required: POINTS.csv"),
    ]


def test_every_bad_input_exits_2_with_one_error_line(tmp_path, capsys):
    cases = _bad_inputs(tmp_path)
    capsys.readouterr()
    for argv, message in cases:
        status, out, err = run(capsys, *argv)
        assert status == 2, (argv, err)
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (argv, err)
        assert message in lines[0], (argv, err)
        assert "Traceback" not in err


def test_internal_failure_exits_1_with_traceback_only_under_debug(tmp_path, capsys, monkeypatch):
    import playground.training.headless as headless

    def broken(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(headless, "train", broken)
    path = experiment_file(tmp_path, data={"generator": "xor", "samples": 50})
    status, out, err = run(capsys, "train", path)
    assert status == 1 and out == ""
    assert err == "error: internal error: RuntimeError: engine exploded (run with --debug for the traceback)\n"
    for argv in (["--debug", "train", path], ["train", path, "--debug"]):
        status, _, err = run(capsys, *argv)
        assert status == 1 and "Traceback" in err and "engine exploded" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(tmp_path, capsys, monkeypatch):
    path = experiment_file(tmp_path, data={"generator": "xor", "samples": 50}, training={"epochs": 5})
    status, out, err = run(capsys, "train", path)
    assert status == 0 and err == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["train", str(path)]) == 0
    assert "epoch 5/5" in terminal.getvalue() and "\r[" in terminal.getvalue()
    assert json.loads(capsys.readouterr().out)["epochs"] == 5


def test_a_bare_file_argument_means_the_gui():
    assert cli._route(["lesson.json"]) == ["gui", "lesson.json"]
    assert cli._route(["--debug", "x.json"]) == ["--debug", "gui", "x.json"]
    assert cli._route(["train", "x.json"]) == ["train", "x.json"]
    assert cli._route([]) == []


def test_train_runs_as_a_command_without_importing_qt(tmp_path):
    path = experiment_file(tmp_path, data={"generator": "gaussians", "samples": 50}, training={"epochs": 2})
    code = ("import sys, json; from playground.cli import main; status = main(['train', sys.argv[1]]);"
            "qt = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')];"
            "print(json.dumps({'status': status, 'qt': qt}))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"status": 0, "qt": []}
    assert done.stderr == ""  # not a terminal: no progress bar
    done = subprocess.run([sys.executable, "-m", "playground", "train", str(tmp_path / "missing.json")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr


@pytest.mark.slow
def test_the_apps_default_spiral_learns_with_its_own_settings(capsys):
    # lr 0.03, batch 10, x1 and x2 only: the app's start-up experiment must visibly learn.
    status, out, err = run(capsys, "train", resource_path("examples", "default.json"), "--epochs", 1500)
    assert status == 0, err
    assert json.loads(out)["test_accuracy"] >= 0.85


def test_the_plain_launch_opens_the_app_without_building_the_parser(monkeypatch):
    opened = []

    def no_parser():
        raise AssertionError("the plain launch has nothing to parse")

    monkeypatch.setattr(cli, "build_parser", no_parser)
    monkeypatch.setattr(cli, "_open_app", lambda experiment: opened.append(experiment) or 0)
    assert cli.main([]) == 0
    assert opened == [None]


@pytest.mark.parametrize("argv", [["my.json"], ["gui", "my.json"]])
def test_a_file_argument_opens_the_app_on_it(monkeypatch, argv):
    opened = []
    monkeypatch.setattr(cli, "_open_app", lambda experiment: opened.append(experiment) or 0)
    assert cli.main(argv) == 0
    assert opened == ["my.json"]
