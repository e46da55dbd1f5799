"""CSV loading refuses ambiguous or absurd input with a message, at the data layer (app and CLI alike)."""

from __future__ import annotations

import numpy as np
import pytest

from playground.data import CSVError, load_csv, load_points
from playground.data import csv_table


def test_repeated_column_names_are_refused_naming_both_columns(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("\n\nx,y,x\n1,2,0\n3,4,1\n")
    with pytest.raises(CSVError, match=r"line 3: columns 1 and 3 are both named 'x'"):
        load_csv(path)
    with pytest.raises(CSVError, match="both named 'x'"):
        load_points(path, ["x", "y"])


def test_huge_numeric_labels_are_regression_under_auto_and_refused_as_classes(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,y\n1,0\n2,1\n3,9007199254740994\n4,0\n")  # 2**53 + 2
    assert load_csv(path).n_classes == 0
    with pytest.raises(CSVError, match=r"line 4, column 2 \('y'\): class label '9007199254740994' is too large"):
        load_csv(path, problem="classification")
    path.write_text("a,y\n1,0\n2,1\n3,-9007199254740992\n4,0\n")  # -2**53: still exact, still a label
    data = load_csv(path, problem="classification")
    assert data.class_names == ("-9007199254740992", "0", "1")


def test_cells_are_bounded_before_splitting(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_table, "MAX_CELLS", 11)
    path = tmp_path / "d.csv"
    path.write_text("a,b,y\n" + "1,2,0\n" * 3)  # 12 cells
    with pytest.raises(CSVError, match="about 12 cells is more than the limit of 11 cells"):
        load_csv(path)
    path.write_text("a,b,y\n" + "1,2,0\n" * 2 + "1,2,1\n")
    monkeypatch.setattr(csv_table, "MAX_CELLS", 12)
    assert np.array_equal(load_csv(path).labels, [0, 0, 1])


def test_points_file_messages_never_suggest_an_option_predict_lacks(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("x1,x2\n1,inf\n2,nan\n")
    with pytest.raises(CSVError) as info:
        load_points(path, ["x1", "x2"])
    assert "(2 such rows)" in str(info.value) and "--drop-invalid-rows" not in str(info.value)
