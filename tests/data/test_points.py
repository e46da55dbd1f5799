"""Points to predict and the predictions table."""

from __future__ import annotations

import numpy as np
import pytest

from playground.data import CSVError, load_points, prediction_table, predictions_csv


def test_columns_are_found_by_name_in_any_order(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("label;x2;x1\nq;2;1\nr;4;3\n")
    np.testing.assert_array_equal(load_points(path, ["x1", "x2"]), [[1, 2], [3, 4]])


def test_one_row_and_one_column_are_enough(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("0.5\n")
    np.testing.assert_array_equal(load_points(path, ["x"]), [[0.5]])
    path.write_text("x\n0.5\n")
    np.testing.assert_array_equal(load_points(path, ["x"]), [[0.5]])


@pytest.mark.parametrize("content, message", [
    ("a,b\n1,2\n", "missing input columns x1, x2; the network's inputs are x1, x2"),
    ("1,2,3\n", "has 3 columns but the network takes 2 inputs"),
    ("x1,x2\n1,\n", "line 2, column 2 \\('x2'\\): the cell is empty"),
    ("x1,x2\n1,inf\n", "the cell holds 'inf'"),
    ("", "the file is empty"),
])
def test_bad_points_files(tmp_path, content, message):
    path = tmp_path / "p.csv"
    path.write_text(content)
    with pytest.raises(CSVError, match=message):
        load_points(path, ["x1", "x2"])


def test_prediction_tables_for_each_problem():
    raw = np.array([[0.0, 1.0], [2.0, 3.0]])
    header, rows = prediction_table(["a", "b"], raw, np.array([[0.25], [0.75]]), ["no", "yes"])
    assert header == ["a", "b", "p(no)", "p(yes)", "predicted_class"]
    assert rows == [[0.0, 1.0, 0.75, 0.25, "no"], [2.0, 3.0, 0.25, 0.75, "yes"]]
    header, rows = prediction_table(["a", "b"], raw, np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]]), ["r", "g", "b"])
    assert header[-4:] == ["p(r)", "p(g)", "p(b)", "predicted_class"] and [r[-1] for r in rows] == ["g", "r"]
    header, rows = prediction_table(["a", "b"], raw, np.array([[1.5], [-2.0]]), [])
    assert header == ["a", "b", "prediction"] and rows == [[0.0, 1.0, 1.5], [2.0, 3.0, -2.0]]


def test_class_names_with_commas_are_quoted():
    header, rows = prediction_table(["x"], np.array([[1.0]]), np.array([[0.75]]), ["a, b", "c"])
    assert predictions_csv(header, rows).splitlines() == ['x,"p(a, b)",p(c),predicted_class', '1.0,0.25,0.75,c']
