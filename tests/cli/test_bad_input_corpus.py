"""The CLI's bad-input corpus: every case exits 2 with one short ``error:`` line.

Each case builds its own files in a fresh folder, runs ``playground`` in-process,
and checks the rules of the command line: status 2, nothing on stdout, exactly
one stderr line starting with ``error:`` and shorter than 300 characters, no
traceback, no NumPy warning, the expected words in the message, and no file
left behind in the folder (no half-written output, no temporary file).
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

import pytest

from playground import cli

HEAD = {"format": "backprop-playground/experiment", "version": 1}
XOR = {"generator": "xor", "samples": 50}


def write_json(folder: Path, name: str, doc) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    return path


def experiment(folder: Path, name="e.json", **sections) -> Path:
    return write_json(folder, name, {**HEAD, **sections})


def csv(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def csv_experiment(folder: Path, text: str, **data) -> Path:
    csv(folder, "d.csv", text)
    return experiment(folder, data={"source": "csv", "path": "d.csv", **data}, training={"epochs": 2})


@pytest.fixture(scope="module")
def trained_doc(tmp_path_factory) -> dict:
    """A small trained experiment (xor, one hidden layer of 3) as a dict to edit."""
    folder = tmp_path_factory.mktemp("trained")
    good = experiment(folder, data=XOR, network={"hidden": [3]}, training={"epochs": 1})
    assert cli.main(["train", str(good), "--out", str(folder / "t.json")]) == 0
    return json.loads((folder / "t.json").read_text())


def trained(folder: Path, doc: dict, name="t.json", **state_changes) -> Path:
    doc = json.loads(json.dumps(doc))
    doc["state"].update(state_changes)
    return write_json(folder, name, doc)


def points(folder: Path, text="x1,x2\n0.5,-0.5\n") -> Path:
    return csv(folder, "p.csv", text)


def nested_weight(doc: dict, token: str) -> str:
    """The trained file's text with its first weight replaced by a raw JSON token."""
    text = json.dumps(doc)
    first = json.dumps(doc["state"]["weights"][0][0][0])
    return text.replace(first, token, 1)


# (id, builder(folder, trained_doc) -> argv, words expected in the message)
CASES = [
    # --- parser limits -----------------------------------------------------------------
    ("deep-json", lambda d, t: ["train", write_json(d, "e.json", "[" * 5000 + "]" * 5000)],
     "line 1, column 33: arrays or objects nested more than 32 deep"),
    ("deep-json-in-field", lambda d, t: ["train", write_json(d, "e.json", json.dumps(HEAD)[:-1]
                                                             + ', "title": ' + "[" * 3000 + "]" * 3000 + "}")],
     "line 1, column"),
    ("nested-inline-point", lambda d, t: ["train", write_json(d, "e.json", json.dumps(
        {**HEAD, "data": {"source": "inline", "points": [[0, 1], [1, 0]], "labels": [0, 1]}}).replace(
            "[[0, 1]", "[" + "[" * 900 + "]" * 900 + ", [0, 1]"))], "nested more than 32 deep"),
    ("brackets-inside-strings-are-not-nesting", lambda d, t: ["train", experiment(
        d, title="[" * 100 + '\\"{' * 50, data=XOR, training={"learning_rate": -1})], "learning_rate must be > 0"),
    ("5000-digit-int", lambda d, t: ["train", write_json(d, "e.json", json.dumps({**HEAD, "training": {"epochs": 0}})
                                                         .replace('"epochs": 0', '"epochs": ' + "7" * 5000))],
     "more than 4,300 digits"),
    ("4000-digit-int", lambda d, t: ["train", write_json(d, "e.json", json.dumps({**HEAD, "training": {"epochs": 0}})
                                                         .replace('"epochs": 0', '"epochs": ' + "7" * 4000))],
     "training.epochs must be between 0 and"),
    ("4000-digit-float-field", lambda d, t: ["train", write_json(
        d, "e.json", json.dumps({**HEAD, "training": {"learning_rate": 0}}).replace(
            '"learning_rate": 0', '"learning_rate": ' + "7" * 4000))], "learning_rate must be a finite number"),
    ("400-digit-point", lambda d, t: ["train", write_json(d, "e.json", json.dumps(
        {**HEAD, "data": {"source": "inline", "points": [[0, 1], [1, 0], [0, 0]], "labels": [0, 1, 0]}}).replace(
            "[[0, 1]", "[[" + "9" * 400 + ", 1]"))], "data.points"),
    # --- non-finite and inconsistent trained state ---------------------------------------
    ("nan-weight-train", lambda d, t: ["train", write_json(d, "t.json", nested_weight(t, "NaN"))],
     "state.weights[0][0][0] is not a finite number"),
    ("1e400-weight-predict", lambda d, t: ["predict", write_json(d, "t.json", nested_weight(t, "1e400")),
                                           points(d)], "state.weights[0][0][0] is not a finite number"),
    ("null-bias", lambda d, t: ["predict", trained(d, t, biases=[[None, 0, 0], [0]]), points(d)],
     "state.biases[0][0] is not a finite number"),
    ("float32-overflow", lambda d, t: ["predict", write_json(d, "t.json", nested_weight(
        {**t, "state": {**t["state"], "dtype": "float32"}}, "1e39")), points(d)], "range of float32"),
    ("norm-std-zero", lambda d, t: ["predict", trained(d, t, norm_mean=[0, 0], norm_std=[0, 1]), points(d)],
     "state.norm_std[0] is 0"),
    ("norm-mean-inf", lambda d, t: ["train", write_json(d, "t.json", json.dumps(
        {**t, "state": {**t["state"], "norm_mean": [0, 0], "norm_std": [1, 1]}}).replace(
            '"norm_mean": [0, 0]', '"norm_mean": [0, Infinity]'))], "state.norm_mean[1] is not a finite"),
    ("raw-names-short", lambda d, t: ["predict", trained(d, t, raw_names=["x1"]), points(d)],
     "state.raw_names lists 1 columns but the network takes 2 inputs"),
    ("raw-names-long-train", lambda d, t: ["train", trained(d, t, raw_names=["x1", "x2", "x3"])],
     "state.raw_names lists 3"),
    ("class-names-3-for-1-output", lambda d, t: ["predict", trained(d, t, class_names=["a", "b", "c"]), points(d)],
     "lists 3 classes, which needs 3 outputs, but the network has 1"),
    ("class-names-one", lambda d, t: ["predict", trained(d, t, class_names=["a"]), points(d)], "a single class"),
    ("class-names-repeat", lambda d, t: ["predict", trained(d, t, class_names=["a", "a"]), points(d)],
     "repeats a name"),
    # --- bad paths and special files ------------------------------------------------------
    ("nul-in-csv-path", lambda d, t: ["train", experiment(d, data={"source": "csv", "path": "a\x00b.csv"})],
     "the path contains a NUL character"),
    ("long-csv-name", lambda d, t: ["train", experiment(d, data={"source": "csv", "path": "x" * 5000 + ".csv"})],
     "the file name is too long"),
    ("nul-in-experiment-path", lambda d, t: ["train", str(d / "a\x00b.json")], "NUL character"),
    ("long-experiment-name", lambda d, t: ["train", str(d / ("y" * 300 + ".json"))], "file name is too long"),
    ("dev-zero-experiment", lambda d, t: ["train", "/dev/zero"], "is a character device, not an experiment file"),
    ("dev-urandom-csv", lambda d, t: ["train", experiment(d, data={"source": "csv", "path": "/dev/urandom"})],
     "is a character device, not a CSV file"),
    ("dev-zero-points", lambda d, t: ["predict", trained(d, t), "/dev/zero"], "is a character device"),
    ("symlink-to-device", lambda d, t: (os.symlink("/dev/zero", d / "z.json"), ["train", d / "z.json"])[1],
     "is a character device"),
    ("directory-experiment", lambda d, t: ["train", d], "is a directory, not an experiment file"),
    # --- output targets (checked before training) ------------------------------------------
    ("out-dev-full", lambda d, t: ["train", experiment(d, data=XOR), "--out", "/dev/full"],
     "--out /dev/full: is a character device"),
    ("out-symlink-to-device", lambda d, t: (os.symlink("/dev/null", d / "n.json"),
                                            ["train", experiment(d, data=XOR), "--out", d / "n.json"])[1],
     "is a character device"),
    ("out-fifo", lambda d, t: (os.mkfifo(d / "f.json"), ["train", experiment(d, data=XOR), "--out", d / "f.json"])[1],
     "is a FIFO (named pipe); only regular files are written"),
    ("out-missing-folder", lambda d, t: ["train", experiment(d, data=XOR), "--out", d / "no" / "t.json"],
     "file not found"),
    ("out-folder-is-a-file", lambda d, t: ["train", experiment(d, data=XOR), "--out", d / "e.json" / "t.json"],
     "a part of the path is not a folder"),
    ("out-name-too-long", lambda d, t: ["train", experiment(d, data=XOR), "--out", d / ("z" * 250 + ".json")],
     "file name is too long"),
    ("out-directory", lambda d, t: ["train", experiment(d, data=XOR), "--out", d], "is a directory"),
    ("predict-o-dev-full", lambda d, t: ["predict", trained(d, t), points(d), "-o", "/dev/full"],
     "-o /dev/full: is a character device"),
    ("predict-o-missing-folder", lambda d, t: ["predict", trained(d, t), points(d), "-o", d / "no" / "o.csv"],
     "file not found"),
    # --- memory -----------------------------------------------------------------------------
    ("oversized-network", lambda d, t: ["train", experiment(d, data=XOR, network={"hidden": [4096] * 100})],
     "the budget is 4 GiB"),
    ("wide-network-many-rows", lambda d, t: ["train", experiment(d, data={"generator": "xor", "samples": 5000},
                                                                 network={"hidden": [4096] * 6})],
     "GiB of memory"),
    # --- labels ------------------------------------------------------------------------------
    ("inline-label-1e300", lambda d, t: ["train", experiment(d, data={
        "source": "inline", "points": [[0, 0], [1, 1], [2, 2], [3, 3]], "labels": [0, 1, 1e300, 0]})],
     "data.labels[2] is 1e+300"),
    ("inline-label-2**63", lambda d, t: ["train", experiment(d, data={
        "source": "inline", "points": [[0, 0], [1, 1], [2, 2], [3, 3]], "labels": [0, 1, 2**63, 0],
        "problem": "classification"})], "data.labels[2] is 9223372036854775808"),
    ("inline-label-negative", lambda d, t: ["train", experiment(d, data={
        "source": "inline", "points": [[0, 0], [1, 1], [2, 2]], "labels": [0, -1, 1], "class_names": ["a", "b"]})],
     "data.labels[1] is -1"),
    ("inline-label-fraction-classification", lambda d, t: ["train", experiment(d, data={
        "source": "inline", "points": [[0, 0], [1, 1], [2, 2]], "labels": [0, 1.5, 1],
        "problem": "classification"})], "data.labels[1] is 1.5"),
    ("csv-label-1e300-classification", lambda d, t: ["train", csv_experiment(
        d, "a,y\n1,0\n2,1\n3,1e300\n4,0\n", problem="classification")], "line 4, column 2 ('y'): class label"),
    ("csv-label-2**63-classification", lambda d, t: ["train", csv_experiment(
        d, f"a,y\n1,0\n2,1\n3,{2**63}\n4,0\n", problem="classification")], "too large for a class label"),
    ("csv-label-fraction-classification", lambda d, t: ["train", csv_experiment(
        d, "a,y\n1,0\n2,1\n3,0.5\n4,0\n", problem="classification")], "'0.5' is not an integer"),
    ("csv-label-1e300-auto-is-regression", lambda d, t: ["train", csv_experiment(d, "a,y\n1,0\n2,1\n3,1e300\n4,0\n")],
     "targets in column 'y' are too large"),
    # --- overflow: warnings never reach the user, the message names the cause ------------------
    ("normalize-1e308-targets", lambda d, t: ["train", csv_experiment(
        d, "a,y\n" + "".join(f"{i},{(-1) ** i * 1.7e308}\n" for i in range(10)), normalize=True)],
     "too large"),
    ("feature-square-overflows", lambda d, t: ["train", csv_experiment(
        d, "x1,x2,y\n" + "".join(f"{1e200 * (i + 1)},{i},{i % 2}\n" for i in range(10)), features=["x1^2", "x2"])],
     "input feature 'x1^2' overflows for sample"),
    ("predict-feature-overflows", lambda d, t: ["predict", write_json(d, "t.json", json.dumps(
        {**t, "data": {**t["data"], "features": ["x1^2", "x2"]}, "state": {**t["state"],
                                                                        "feature_names": ["x1^2", "x2"]}})),
        points(d, "x1,x2\n1e200,1\n")], "p.csv: input feature 'x1^2' overflows for row 1"),
    ("huge-inputs-blame-data", lambda d, t: ["train", csv_experiment(
        d, "a,b,y\n" + "".join(f"{(-1) ** i * 1e300},{i},{i % 2}\n" for i in range(20)))],
     "input feature 'a' reaches 1e+300 (set data.normalize)"),
    ("epochs-0-overflowing-loss", lambda d, t: ["train", write_json(d, "e.json", {
        **HEAD, "data": {"source": "csv", "path": csv(d, "d.csv", "a,y\n" + "".join(
            f"{(-1) ** i * 1e300},{i * 0.37}\n" for i in range(20))).name},
        "network": {"hidden": [{"units": 3, "activation": "relu"}]}}), "--epochs", "0"],
     "train_loss is inf: the loss is not finite even before training"),
    # --- message length ---------------------------------------------------------------------
    ("huge-cell", lambda d, t: ["train", csv_experiment(d, "a,y\n1," + "1" * 200_000 + "\n2,1\n3,0\n")],
     "'1111111111"),
    ("huge-text-cell", lambda d, t: ["train", csv_experiment(d, "a,y\n" + "q" * 200_000 + ",1\n2,1\n3,0\n")],
     "is not a number"),
    ("huge-column-name", lambda d, t: ["train", csv_experiment(d, "a,b,y\n1,2,0\n3,4,1\n5,6,0\n",
                                                               target="t" * 100_000)],
     "no target column named"),
    ("huge-field-value", lambda d, t: ["train", experiment(d, training={"optimizer": "o" * 100_000})],
     "training.optimizer must be one of"),
    ("huge-unknown-fields", lambda d, t: ["train", experiment(d, training={f"k{i}" * 50: 1 for i in range(500)})],
     "unknown fields training.k0"),
    ("many-columns-missing", lambda d, t: ["predict", trained(d, t), points(
        d, ",".join(f"col{i}" for i in range(900)) + "\n" + ",".join("1" * 900) + "\n")], "missing input columns"),
    ("newline-in-column-name", lambda d, t: ["train", csv_experiment(d, '"a\nb",y\n1,0\nq,1\n3,0\n4,1\n')],
     "column 1 ('a\\nb'): 'q' is not a number"),
    ("huge-version", lambda d, t: ["train", write_json(d, "e.json", json.dumps(HEAD).replace(
        '"version": 1', '"version": ' + "9" * 4000))], "this file has version an integer of about 4,000 digits"),
    ("huge-column-index", lambda d, t: ["train", csv_experiment(d, "a,b,y\n1,2,0\n3,4,1\n5,6,0\n",
                                                                target=10**400)], "is out of range"),
    ("lone-surrogate-class-name", lambda d, t: ["predict", write_json(d, "t.json", json.dumps(t).replace(
        '"class_names": ["0"', '"class_names": ["\\ud800"')), points(d)], "lone UTF-16 surrogate escape (\\ud800)"),
    ("huge-weights-overflow-output", lambda d, t: ["predict", write_json(d, "t.json", json.dumps(
        {**t, "network": {**t["network"], "hidden": [{"units": 3, "activation": "relu"}],
                          "output_activation": "identity"},
         "state": {**t["state"], "weights": [[[1e300] * 3] * 2, [[1e300]] * 3], "class_names": []}})),
        points(d, "x1,x2\n1,1\n")], "row 1: the network's output overflows; its trained weights reach 1e+300"),
    ("far-inputs-overflow-output", lambda d, t: ["predict", write_json(d, "t.json", json.dumps(
        {**t, "network": {**t["network"], "hidden": [{"units": 3, "activation": "relu"}],
                          "output_activation": "identity"},
         "state": {**t["state"], "weights": [[[2.0] * 3] * 2, [[3.0]] * 3], "class_names": []}})),
        points(d, "x1,x2\n1e307,1e307\n")], "its inputs reach 1e+307 after features"),
    ("csv-too-many-columns", lambda d, t: ["train", csv_experiment(d, ",".join(["1"] * 1001) + "\n"
                                                                  + ",".join(["2"] * 1001) + "\n")],
     "1,001 columns is more than the limit of 1,000 columns"),
    ("csv-one-line-of-commas", lambda d, t: ["train", csv_experiment(d, "," * 25_000_000 + "\n")],
     "cells is more than the limit of 20,000,000 cells"),
    ("csv-too-many-lines", lambda d, t: ["train", csv_experiment(d, "a,y\n1,0\n" + "\n" * 4_000_001 + "2,1\n")],
     "lines is more than the limit of 4,000,000 lines"),
    # --- smaller ones -------------------------------------------------------------------------
    ("duplicate-columns", lambda d, t: ["train", csv_experiment(d, "a,b,a\n1,2,0\n3,4,1\n5,6,0\n")],
     "columns 1 and 3 are both named 'a'"),
    ("duplicate-columns-points", lambda d, t: ["predict", trained(d, t), points(d, "x1,x2,x2\n1,2,3\n")],
     "columns 2 and 3 are both named 'x2'"),
    ("duplicate-json-key", lambda d, t: ["train", write_json(
        d, "e.json", '{"format": "backprop-playground/experiment", "version": 1, "training": {"epochs": 1, '
                     '"epochs": 5}}')], "the field 'epochs' appears twice in one object"),
    ("duplicate-inline-class-names", lambda d, t: ["train", experiment(d, data={
        "source": "inline", "points": [[0, 0], [1, 1], [2, 2]], "labels": [0, 1, 0], "class_names": ["a", "a"]})],
     "data.class_names names two classes 'a'"),
    ("predict-nan-no-drop-hint", lambda d, t: ["predict", trained(d, t), points(d, "x1,x2\n1,nan\n")],
     "holds 'nan', not a finite number (1 such rows)"),
    ("epochs-too-many", lambda d, t: ["train", experiment(d, data=XOR), "--epochs", "10000001"],
     "--epochs: must be between 0 and 10000000"),
    ("epochs-5000-digits", lambda d, t: ["train", experiment(d, data=XOR), "--epochs", "9" * 5000],
     "--epochs: expected a whole number"),
    ("seed-too-large", lambda d, t: ["train", experiment(d, data=XOR), "--seed", str(2**40)],
     "--seed: must be between 0 and"),
]


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("build, words", [pytest.param(b, w, id=i) for i, b, w in CASES])
def test_bad_input_exits_2_with_one_short_error_line(tmp_path, capsys, trained_doc, build, words):
    folder = tmp_path / "case"
    folder.mkdir()
    argv = [str(a) for a in build(folder, trained_doc)]
    before = _listing(folder)
    capsys.readouterr()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a NumPy RuntimeWarning fails the case
        status = cli.main(argv)
    out, err = capsys.readouterr()
    assert status == 2, err
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    line = err.rstrip("\n")
    assert line.startswith("error: ") and len(line) < 300, line
    assert "Traceback" not in err and "Warning" not in err
    assert words in line, line
    # It names the file concerned (or the command-line argument).
    assert any(name in line for name in (".json", ".csv", "/dev/", "argument --", f"/{folder.name}:")), line
    assert _listing(folder) == before, "a file was left behind"
    shutil.rmtree(folder)


def test_the_corpus_covers_each_class_of_the_issue():
    """Guard: the corpus keeps a case per class (a deleted case should be a decision)."""
    ids = {i for i, _, _ in CASES}
    for needed in ("deep-json", "5000-digit-int", "nan-weight-train", "1e400-weight-predict", "raw-names-short",
                   "nul-in-csv-path", "long-csv-name", "dev-zero-experiment", "oversized-network",
                   "inline-label-1e300", "normalize-1e308-targets", "huge-cell", "out-dev-full",
                   "duplicate-columns", "predict-nan-no-drop-hint", "epochs-too-many", "huge-inputs-blame-data"):
        assert needed in ids
