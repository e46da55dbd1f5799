"""Input features, the stratified split and standardization."""

from __future__ import annotations

import numpy as np
import pytest

from playground.data import FEATURES, TF_FEATURES, DataError, Standardizer, compute_features, train_test_indices


def test_every_feature_matches_its_formula():
    p = np.array([[0.5, -2.0], [3.0, 1.5]])
    x1, x2 = p[:, 0], p[:, 1]
    expected = {
        "x1": x1, "x2": x2, "x1^2": x1**2, "x2^2": x2**2, "x1*x2": x1 * x2,
        "sin(x1)": np.sin(x1), "sin(x2)": np.sin(x2), "cos(x1)": np.cos(x1), "cos(x2)": np.cos(x2),
    }
    assert set(expected) == set(FEATURES)
    X = compute_features(p, list(expected))
    for j, name in enumerate(expected):
        np.testing.assert_allclose(X[:, j], expected[name], err_msg=name)
    assert TF_FEATURES == ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")


def test_any_subset_in_any_order():
    p = np.random.default_rng(0).normal(size=(5, 2))
    X = compute_features(p, ["sin(x2)", "x1"])
    np.testing.assert_allclose(X, np.column_stack([np.sin(p[:, 1]), p[:, 0]]))


@pytest.mark.parametrize("names, message", [([], "at least one"), (["x3"], "unknown feature 'x3'"),
                                            (["x1", "x1"], "repeat")])
def test_bad_feature_lists(names, message):
    with pytest.raises(DataError, match=message):
        compute_features(np.zeros((3, 2)), names)


def test_features_need_two_columns():
    with pytest.raises(DataError, match="2-D points"):
        compute_features(np.zeros((3, 3)), ["x1"])


def test_split_is_stratified_disjoint_complete_and_seeded():
    labels = np.repeat([0, 1, 2], [100, 50, 10])
    train, test = train_test_indices(labels, 0.7, seed=3, stratify=True)
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(160))
    assert np.bincount(labels[train]).tolist() == [70, 35, 7]
    again = train_test_indices(labels, 0.7, seed=3, stratify=True)
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])
    other = train_test_indices(labels, 0.7, seed=4, stratify=True)
    assert not np.array_equal(train, other[0])
    # Not grouped by class: online learning would otherwise see one class at a time.
    assert len(np.unique(labels[train][:20])) > 1


def test_split_keeps_both_sides_non_empty_for_tiny_data():
    train, test = train_test_indices(np.array([0, 1, 0, 1]), 0.9, seed=0, stratify=True)
    assert len(train) == 2 and len(test) == 2
    train, test = train_test_indices(np.arange(10.0), 0.9, seed=0, stratify=False)
    assert (len(train), len(test)) == (9, 1)


@pytest.mark.parametrize("fraction", [0.05, 1.05])
def test_split_fraction_range(fraction):
    with pytest.raises(DataError, match="train_fraction must be between 0.1 and 1.0"):
        train_test_indices(np.zeros(10), fraction, 0, False)


@pytest.mark.parametrize("stratify", [True, False])
def test_split_fraction_one_trains_on_everything_and_leaves_no_test_set(stratify):
    labels = np.array([0, 1, 1, 0])
    train, test = train_test_indices(labels, 1.0, seed=3, stratify=stratify)
    assert sorted(train.tolist()) == [0, 1, 2, 3] and len(test) == 0 and test.dtype == np.int64
    # Just below 1.0 the old guarantee holds: every class keeps a test sample.
    train, test = train_test_indices(labels, 0.99, seed=3, stratify=True)
    assert len(train) == 2 and sorted(labels[test].tolist()) == [0, 1]


def test_standardizer_uses_training_statistics_and_survives_constant_columns():
    X = np.array([[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]])
    s = Standardizer.fit(X)
    Z = s.transform(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z[:, 0].std(), 1)
    assert np.all(Z[:, 1] == 0)
    np.testing.assert_allclose(s.transform([[7.0, 6.0]]), [[(7 - 3) / np.std([1, 3, 5]), 1.0]])
    with pytest.raises(DataError, match="expected 2 feature columns"):
        s.transform(np.zeros((2, 3)))
