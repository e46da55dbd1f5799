"""What the CLI writes: strict JSON, progress without a terminal, files with sane permissions."""

from __future__ import annotations

import io
import json
import stat

import numpy as np

from playground import cli
from playground.data import Standardizer
from playground.experiment.memory import MEMORY_BUDGET, estimate_bytes

HEAD = {"format": "backprop-playground/experiment", "version": 1}


def _experiment(folder, **sections):
    path = folder / "e.json"
    path.write_text(json.dumps({**HEAD, **sections}))
    return path


def _strict(text):
    def refuse(token):
        raise AssertionError(token)
    return json.loads(text, parse_constant=refuse)


def test_result_line_and_saved_file_are_strict_json_and_keep_the_mode(tmp_path, capsys):
    path = _experiment(tmp_path, data={"generator": "xor", "samples": 50}, training={"epochs": 2})
    out = tmp_path / "t.json"
    out.write_text("old")
    out.chmod(0o644)
    assert cli.main(["train", str(path), "--out", str(out)]) == 0
    assert _strict(capsys.readouterr().out)["epochs"] == 2
    assert _strict(out.read_text())["state"]["epoch"] == 2
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    (tmp_path / "p.csv").write_text("x1,x2\n1,2\n")
    assert cli.main(["predict", str(out), str(tmp_path / "p.csv"), "-o", str(tmp_path / "o.csv")]) == 0
    assert (tmp_path / "o.csv").read_text().startswith("x1,x2,p(0),p(1),predicted_class\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.json", "o.csv", "p.csv", "t.json"]


class _Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_without_a_terminal_is_a_line_per_tenth_and_only_for_long_runs():
    clock, stream = _Clock(), io.StringIO()
    progress = cli._ProgressLines(stream, quiet_seconds=2.0, clock=clock)
    for done in range(1, 1001):
        clock.now = done * 0.01  # a 10 s run
        progress(done, 1000, 1e300 if done == 1000 else 0.5)
    lines = stream.getvalue().splitlines()
    # The first tenth ended at 1 s (quiet); then one line per tenth, the huge loss in short form.
    assert lines[0] == "epoch 200/1000 (20%)  loss 0.5000" and len(lines) == 9
    assert lines[-1] == "epoch 1000/1000 (100%)  loss 1e+300"
    quick = io.StringIO()
    progress = cli._ProgressLines(quick, quiet_seconds=2.0, clock=_Clock())
    for done in range(1, 11):
        progress(done, 10, 0.5)
    assert quick.getvalue() == ""


def test_standardizing_values_near_the_float_limit_is_exact_and_quiet():
    X = np.array([[1.7e308], [-1.7e308], [1e308], [0.0]])
    with np.errstate(all="raise"):
        s = Standardizer.fit(X)
        Z = s.transform(X)
    assert np.isfinite(Z).all() and abs(Z.mean()) < 1e-12 and abs(Z.std() - 1) < 1e-12
    Y = np.random.default_rng(0).normal(size=(50, 3)) * [1, 1e3, 1e-3] + [0, 5e3, 0]
    s = Standardizer.fit(Y)
    # Power-of-two scaling is exact: the same bits as the plain formulas.
    assert np.array_equal(s.mean, Y.mean(axis=0)) and np.array_equal(s.std, Y.std(axis=0))
    assert np.array_equal(s.transform(Y), (Y - Y.mean(axis=0)) / Y.std(axis=0))


def test_memory_estimate_refuses_the_issue_networks_and_accepts_ordinary_ones():
    assert estimate_bytes([2, *[4096] * 12, 1], 250) > MEMORY_BUDGET
    assert estimate_bytes([2, *[4096] * 100, 1], 250) > MEMORY_BUDGET
    assert estimate_bytes([2, 8, 8, 1], 1_000_000) < MEMORY_BUDGET / 4
    # ~7x the parameter bytes, plus 3 numbers per unit and row.
    assert estimate_bytes([10, 10], 0) == 8 * 7 * 110 and estimate_bytes([10, 10], 1) == 8 * (7 * 110 + 3 * 20)
