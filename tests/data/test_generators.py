"""Generated datasets: shapes, ranges, classes, balance, seeds and noise."""

from __future__ import annotations

import numpy as np
import pytest

from playground.data import GENERATORS, DataError, generate

CLASSIFIERS = [n for n, g in GENERATORS.items() if g.kind == "classification"]
REGRESSORS = [n for n, g in GENERATORS.items() if g.kind == "regression"]


def test_registry_has_tf_playground_six_and_the_extras():
    assert {"circle", "xor", "gaussians", "spiral", "plane", "multi_gaussian"} <= set(GENERATORS)
    assert {"moons", "checkerboard", "stripes", "blobs"} <= set(GENERATORS)
    assert set(REGRESSORS) == {"plane", "multi_gaussian"}
    assert (GENERATORS["blobs"].min_classes, GENERATORS["blobs"].max_classes) == (3, 6)
    assert (GENERATORS["spiral"].min_classes, GENERATORS["spiral"].max_classes) == (2, 5)


@pytest.mark.parametrize("name", list(GENERATORS))
@pytest.mark.parametrize("samples", [10, 333])
def test_shapes_dtypes_and_range(name, samples):
    points, labels = generate(name, samples=samples, noise=0.5, seed=3)
    assert points.shape == (samples, 2) and points.dtype == np.float64
    assert labels.shape == (samples,)
    assert np.all(np.isfinite(points))
    # TF Playground's plot extent is [-6, 6]^2; gaussian tails and spiral noise may poke out a little.
    assert np.all(np.abs(points) < 9)
    if name in REGRESSORS:
        assert labels.dtype == np.float64 and np.all(np.abs(labels) <= 1.7)
    else:
        assert labels.dtype == np.int64


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classes_are_balanced_without_noise(name):
    info = GENERATORS[name]
    for k in range(info.min_classes, info.max_classes + 1):
        _, labels = generate(name, samples=600, noise=0.0, classes=k, seed=5)
        counts = np.bincount(labels, minlength=k)
        assert len(counts) == k
        # Constructed sets split exactly; label-by-region sets (xor, checkerboard...) are near even.
        assert counts.min() >= 0.35 * 600 / k, counts


@pytest.mark.parametrize("name", ["gaussians", "spiral", "moons", "blobs"])
def test_constructed_sets_have_exact_class_counts(name):
    k = GENERATORS[name].default_classes
    _, labels = generate(name, samples=301, noise=0.2, seed=0)
    counts = np.bincount(labels)
    assert counts.sum() == 301 and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", list(GENERATORS))
def test_same_seed_same_points_other_seed_other_points(name):
    a = generate(name, 200, 0.2, seed=11)
    b = generate(name, 200, 0.2, seed=11)
    c = generate(name, 200, 0.2, seed=12)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_noise_moves_spiral_points_off_the_arm():
    clean, _ = generate("spiral", 400, 0.0, seed=1)
    noisy, _ = generate("spiral", 400, 0.5, seed=1)
    shift = np.abs(noisy - clean)
    assert shift.max() <= 0.5 + 1e-12 and shift.mean() > 0.1


@pytest.mark.parametrize("name", ["circle", "xor"])
def test_noise_blurs_the_label_border(name):
    def mislabelled(noise):
        points, labels = generate(name, 2000, noise, seed=2)
        if name == "circle":
            truth = np.hypot(points[:, 0], points[:, 1]) < 2.5
        else:
            truth = points[:, 0] * points[:, 1] >= 0
        return np.mean(truth != labels.astype(bool))

    assert mislabelled(0.0) == 0.0
    assert mislabelled(0.5) > 0.05


def test_regression_labels_follow_their_formula_without_noise():
    points, labels = generate("plane", 300, 0.0, seed=4)
    np.testing.assert_allclose(labels, points.sum(axis=1) / 10)
    points, labels = generate("multi_gaussian", 300, 0.0, seed=4)
    assert labels.min() < -0.5 and labels.max() > 0.5


def test_spiral_with_three_arms_and_blobs_with_six():
    _, labels = generate("spiral", 300, 0.1, classes=3, seed=1)
    assert set(np.unique(labels)) == {0, 1, 2}
    _, labels = generate("blobs", 300, 0.1, classes=6, seed=1)
    assert set(np.unique(labels)) == set(range(6))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(name="nope"), "unknown generator 'nope'"),
        (dict(name="spiral", samples=9), "samples must be between 10 and 5000, got 9"),
        (dict(name="spiral", samples=5001), "samples must be between 10 and 5000, got 5001"),
        (dict(name="spiral", noise=0.6), "noise must be between 0.0 and 0.5, got 0.6"),
        (dict(name="spiral", noise=float("nan")), "noise must be a number"),
        (dict(name="spiral", classes=6), "takes classes between 2 and 5, got 6"),
        (dict(name="blobs", classes=2), "takes classes between 3 and 6, got 2"),
        (dict(name="xor", classes=3), "takes classes 2, got 3"),
        (dict(name="plane", classes=2), "regression problem; classes must be 0"),
    ],
)
def test_bad_parameters_raise_data_error(kwargs, message):
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        generate(**kwargs)
