"""Experiment dataclasses: validation names the field, defaults by problem type."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from playground.data import prepare
from playground.experiment import (
    DataConfig, Experiment, ExperimentError, LayerSpec, NetworkSpec, TrainedState,
    default_experiment, default_output, output_units_for,
)


def test_default_experiment_is_the_spiral_the_app_opens():
    e = default_experiment()
    assert (e.data.source, e.data.generator, e.data.classes, e.data.features) == ("generator", "spiral", 2,
                                                                                ("x1", "x2"))
    assert [(layer.units, layer.activation) for layer in e.network.hidden] == [(8, "tanh"), (8, "tanh")]
    assert e.network.output_activation == "sigmoid" and e.training.loss == "binary_cross_entropy"
    assert (e.training.learning_rate, e.training.batch_size) == (0.03, 10)
    p = prepare(e.data)
    e.check_fits(p)
    assert e.layer_sizes(p) == [2, 8, 8, 1]


@pytest.mark.parametrize("n_classes, units, activation, loss", [
    (0, 1, "identity", "mse"), (2, 1, "sigmoid", "binary_cross_entropy"), (3, 3, "softmax", "cross_entropy"),
    (7, 7, "softmax", "cross_entropy"),
])
def test_problem_defaults(n_classes, units, activation, loss):
    assert output_units_for(n_classes) == units
    assert default_output(n_classes) == (activation, loss)


@pytest.mark.parametrize("section, change, message", [
    ("training", dict(learning_rate=-1), "training.learning_rate must be > 0, got -1"),
    ("training", dict(learning_rate=float("nan")), "training.learning_rate must be a finite number"),
    ("training", dict(momentum=1.0), "training.momentum must be < 1, got 1"),
    ("training", dict(batch_size=-2), "training.batch_size must be >= 0, got -2"),
    ("training", dict(batch_size=2.5), "training.batch_size must be an integer, got 2.5"),
    ("training", dict(optimizer="rmsprop"), "training.optimizer must be one of"),
    ("training", dict(loss="hinge"), "training.loss must be one of"),
    ("training", dict(regularization="l3"), "training.regularization must be one of"),
    ("training", dict(regularization_rate=-0.1), "training.regularization_rate must be >= 0"),
    ("training", dict(epochs=-1), "training.epochs must be between 0 and"),
    ("training", dict(seed="x"), "training.seed must be an integer"),
    ("data", dict(source="web"), "data.source must be one of"),
    ("data", dict(generator="swirl"), "data.generator must be one of"),
    ("data", dict(samples=5), "data.samples must be between 10 and 5000, got 5"),
    ("data", dict(noise=0.7), "data.noise must be <= 0.5, got 0.7"),
    ("data", dict(classes=9), r"data.classes \(generator 'spiral'\) must be between 2 and 5, got 9"),
    ("data", dict(generator="plane", classes=2), "data.classes must be 0 for the regression generator"),
    ("data", dict(features=("x1", "x9")), "data.features: unknown feature 'x9'"),
    ("data", dict(features=()), "data.features must be a non-empty list"),
    ("data", dict(features=("x1", "x1")), "data.features repeats"),
    ("data", dict(train_fraction=1.05), "data.train_fraction must be <= 1, got 1.05"),
    ("data", dict(normalize="yes"), "data.normalize must be true or false"),
    ("data", dict(seed=-1), "data.seed must be between 0 and"),
    ("data", dict(source="csv"), "data.path must name a CSV file"),
    ("data", dict(source="csv", path="a.csv", target=1.5), "data.target must be a column name or index"),
    ("data", dict(problem="ranking"), "data.problem must be one of"),
    ("data", dict(source="inline"), "data.points must list at least 2 points"),
    ("data", dict(source="inline", points=((0, 0), (1, 1)), labels=(0,)), "data.labels must have one label per"),
    ("data", dict(source="inline", points=((0, 0), (1,)), labels=(0, 1)), r"data.points\[1\] must have 2"),
    ("data", dict(source="inline", points=((0, 0), (1, float("inf"))), labels=(0, 1)), r"data.points\[1\] must hold"),
])
def test_every_invalid_field_is_named(section, change, message):
    e = default_experiment()
    with pytest.raises(ExperimentError, match=message):
        replace(getattr(e, section), **change)


@pytest.mark.parametrize("network, message", [
    (NetworkSpec(hidden=(LayerSpec(0, "tanh"),)), r"network.hidden\[0\].units must be between 1 and"),
    (NetworkSpec(hidden=(LayerSpec(4, "tanh"), LayerSpec(3, "softmax"))), r"network.hidden\[1\].activation: softmax"),
    (NetworkSpec(hidden=(LayerSpec(4, "wiggle"),)), r"network.hidden\[0\].activation must be one of"),
    (NetworkSpec(output_activation="nope"), "network.output_activation must be one of"),
    (NetworkSpec(init="zeros"), "network.init must be one of"),
])
def test_invalid_network_is_named(network, message):
    with pytest.raises(ExperimentError, match=message):
        Experiment(network=network)


def test_mismatched_output_and_data_are_reported_and_adapted():
    e = default_experiment()
    blobs = replace(e, data=replace(e.data, generator="blobs", classes=4))
    p = prepare(blobs.data)
    with pytest.raises(ExperimentError, match="binary_cross_entropy is for two classes|needs output_activation"):
        blobs.check_fits(p)
    fixed = blobs.adapted_to(p)
    assert fixed.network.output_activation == "softmax" and fixed.loss_for(p) == "cross_entropy"
    assert fixed.layer_sizes(p) == [2, 8, 8, 4]
    fixed.check_fits(p)
    plane = replace(e, data=replace(e.data, generator="plane", classes=None), training=replace(e.training, loss=None))
    pp = prepare(plane.data)
    fixed = plane.adapted_to(pp)
    fixed.check_fits(pp)
    assert fixed.loss_for(pp) == "mse"
    softmax_two = replace(e, network=replace(e.network, output_activation="softmax"),
                          training=replace(e.training, loss="cross_entropy"))
    with pytest.raises(ExperimentError, match="softmax needs 3 or more classes"):
        softmax_two.check_fits(prepare(e.data))


def _state(sizes, seed=0):
    rng = np.random.default_rng(seed)
    return TrainedState(weights=tuple(rng.normal(size=(a, b)) for a, b in zip(sizes, sizes[1:])),
                        biases=tuple(rng.normal(size=b) for b in sizes[1:]))


def test_state_must_match_the_network():
    with pytest.raises(ExperimentError, match=r"state: the trained weights have hidden layers \[5\]"):
        Experiment(network=NetworkSpec(hidden=(LayerSpec(8),)), state=_state([2, 5, 1]))
    e = Experiment(network=NetworkSpec(hidden=(LayerSpec(5),)), state=_state([3, 5, 1]))
    with pytest.raises(ExperimentError, match=r"layer sizes \[3, 5, 1\] but this data and network need \[2, 5, 1\]"):
        e.check_fits(prepare(DataConfig(samples=50)))


def test_state_validates_shapes_and_is_read_only():
    with pytest.raises(ExperimentError, match=r"state.weights\[1\] has 4 rows"):
        TrainedState(weights=(np.zeros((2, 3)), np.zeros((4, 1))), biases=(np.zeros(3), np.zeros(1)))
    with pytest.raises(ExperimentError, match=r"state.weights\[0\] has shape \(2, 3\) but state.biases\[0\]"):
        TrainedState(weights=(np.zeros((2, 3)),), biases=(np.zeros(2),))
    w = np.ones((2, 1))
    s = TrainedState(weights=(w,), biases=(np.zeros(1),))
    w[0, 0] = 5  # the state owns a copy
    assert s.weights[0][0, 0] == 1
    with pytest.raises(ValueError):
        s.weights[0][0, 0] = 3


def test_experiments_compare_by_value():
    a, b = default_experiment(), default_experiment()
    assert a == b
    assert replace(a, state=_state([2, 8, 8, 1])) == replace(b, state=_state([2, 8, 8, 1]))
    assert replace(a, state=_state([2, 8, 8, 1])) != replace(b, state=_state([2, 8, 8, 1], seed=1))
    assert replace(a, training=replace(a.training, epochs=3)) != b


def test_state_inputs_must_match_the_features():
    data = DataConfig(features=("x1", "x2", "sin(x1)"))
    with pytest.raises(ExperimentError, match="takes 2 inputs but data.features lists 3"):
        Experiment(data=data, state=_state([2, 1]))
    named = TrainedState(weights=(np.ones((3, 1)),), biases=(np.zeros(1),), feature_names=("x1", "x2", "cos(x1)"))
    with pytest.raises(ExperimentError, match="differ from data.features"):
        Experiment(data=data, state=named)


def test_inline_data_accepts_numpy_arrays_and_stores_plain_tuples():
    points = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    data = DataConfig(source="inline", points=points, labels=np.array([0, 1, 1]))
    assert data.points == ((0.0, 1.0), (2.0, 3.0), (4.0, 5.0)) and data.labels == (0, 1, 1)
    assert type(data.labels[0]) is int and type(data.points[0][0]) is float
    assert data == DataConfig(source="inline", points=[[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]], labels=[0, 1, 1])
