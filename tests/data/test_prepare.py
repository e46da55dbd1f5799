"""prepare(): a DataConfig becomes engine arrays with the documented shapes."""

from __future__ import annotations

import numpy as np
import pytest

from playground.data import GENERATED_BOUNDS, DataError, prepare
from playground.experiment import DataConfig


def test_two_class_generator_shapes_and_targets():
    p = prepare(DataConfig(generator="spiral", samples=200, features=("x1", "x2", "sin(x1)"), train_fraction=0.6))
    assert p.X_train.shape == (120, 3) and p.X_test.shape == (80, 3)
    assert p.T_train.shape == (120, 1) and set(np.unique(p.T_train)) == {0.0, 1.0}
    assert p.raw_train.shape == (120, 2) and p.raw_test.shape == (80, 2)
    assert p.n_classes == 2 and p.class_names == ("0", "1")
    assert p.feature_names == ("x1", "x2", "sin(x1)") and p.raw_names == ("x1", "x2")
    assert p.input_bounds == GENERATED_BOUNDS
    np.testing.assert_array_equal(p.X_train[:, 2], np.sin(p.raw_train[:, 0]))
    np.testing.assert_array_equal(p.T_train[:, 0], p.labels_train)


def test_k_classes_are_one_hot():
    p = prepare(DataConfig(generator="blobs", classes=5, samples=250))
    assert p.n_classes == 5 and p.T_train.shape[1] == 5
    np.testing.assert_array_equal(p.T_train.sum(axis=1), 1.0)
    np.testing.assert_array_equal(p.T_train.argmax(axis=1), p.labels_train)


def test_regression_targets_are_a_column_of_values():
    p = prepare(DataConfig(generator="plane", samples=100))
    assert p.n_classes == 0 and p.is_regression and p.class_names == ()
    assert p.T_train.shape == (50, 1) and p.T_train.dtype == np.float64


def test_normalization_uses_training_statistics_and_applies_to_new_points():
    p = prepare(DataConfig(generator="circle", samples=300, normalize=True, features=("x1", "x1^2")))
    np.testing.assert_allclose(p.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(p.X_train.std(axis=0), 1)
    assert abs(p.X_test.mean()) > 1e-6  # test rows use the training statistics, not their own
    np.testing.assert_allclose(p.features_for(p.raw_test), p.X_test)
    grid = np.array([[0.0, 0.0], [6.0, -6.0]])
    expected = (np.column_stack([grid[:, 0], grid[:, 0] ** 2]) - p.standardizer.mean) / p.standardizer.std
    np.testing.assert_allclose(p.features_for(grid), expected)


def test_features_for_rejects_wrong_width():
    p = prepare(DataConfig(generator="xor", samples=50))
    with pytest.raises(DataError, match="expected points with 2 columns"):
        p.features_for(np.zeros((4, 3)))


def test_no_features_means_raw_inputs():
    p = prepare(DataConfig(generator="xor", samples=50, features=None))
    assert p.feature_names == ("x1", "x2")
    np.testing.assert_array_equal(p.X_train, p.raw_train)


def test_same_config_same_arrays():
    a = prepare(DataConfig(generator="moons", samples=100, seed=9))
    b = prepare(DataConfig(generator="moons", samples=100, seed=9))
    np.testing.assert_array_equal(a.X_train, b.X_train)
    np.testing.assert_array_equal(a.T_test, b.T_test)


def test_inline_classes_with_names():
    points = ((0.0, 0.0), (1.0, 1.0), (2.0, 0.5), (0.5, 2.0), (3.0, 3.0), (1.5, 0.0))
    cfg = DataConfig(source="inline", points=points, labels=(0, 1, 2, 0, 1, 2), class_names=("a", "b", "c"),
                     features=("x1", "x2"))
    p = prepare(cfg)
    assert p.n_classes == 3 and p.class_names == ("a", "b", "c")
    assert p.T_train.shape[1] == 3
    (x0, x1), (y0, y1) = p.input_bounds
    assert x0 < 0 < 3 < x1 and y0 < 0 < 3 < y1


def test_inline_regression_when_labels_are_not_integers():
    cfg = DataConfig(source="inline", points=((0.0, 1.0), (1.0, 2.0), (2.0, 3.0)), labels=(0.5, 1.5, -0.25))
    p = prepare(cfg)
    assert p.n_classes == 0


def test_inline_two_drawn_classes():
    cfg = DataConfig(source="inline", points=((0.0, 1.0), (1.0, 2.0), (2.0, 3.0), (3.0, 1.0)), labels=(0, 1, 0, 1))
    p = prepare(cfg)
    assert p.n_classes == 2 and p.T_train.shape[1] == 1


def test_inline_bad_labels_are_a_data_error():
    cfg = DataConfig(source="inline", points=((0.0, 1.0), (1.0, 2.0)), labels=(0, 11), problem="classification")
    with pytest.raises(DataError, match="at most 10"):
        prepare(cfg)


def test_csv_path_is_relative_to_base_dir(tmp_path):
    (tmp_path / "d.csv").write_text("a,b,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(20)))
    p = prepare(DataConfig(source="csv", path="d.csv", normalize=True), base_dir=tmp_path)
    assert p.raw_names == ("a", "b") and p.n_classes == 2 and len(p.X_train) + len(p.X_test) == 20
    with pytest.raises(DataError, match="file not found"):
        prepare(DataConfig(source="csv", path="d.csv"), base_dir=tmp_path / "elsewhere")


def test_features_on_a_csv_with_four_columns_are_refused(tmp_path):
    (tmp_path / "d.csv").write_text("a,b,c,d,y\n" + "".join(f"{i},1,2,3,{i % 2}\n" for i in range(6)))
    with pytest.raises(DataError, match="need 2-D data"):
        prepare(DataConfig(source="csv", path=str(tmp_path / "d.csv"), features=("x1",)))
