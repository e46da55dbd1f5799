"""Experiment files: round trips, unknown fields, versions, atomic saves."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from playground.assets import resource_path
from playground.experiment import (
    CURRENT_VERSION, DataConfig, Experiment, ExperimentError, LayerSpec, NetworkSpec, TrainConfig, TrainedState,
    default_experiment, experiment_from_dict, experiment_from_json, experiment_to_dict, experiment_to_json,
    load_experiment, save_experiment, upgrade,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _trained(dtype=np.float64):
    rng = np.random.default_rng(1)
    sizes = [3, 4, 5, 3]
    weights = tuple((rng.normal(size=(a, b)) * 10.0 ** rng.integers(-8, 8)).astype(dtype)
                    for a, b in zip(sizes, sizes[1:]))
    biases = tuple(rng.normal(size=b).astype(dtype) for b in sizes[1:])
    return Experiment(
        data=DataConfig(generator="blobs", classes=3, samples=90, features=("x1", "x2", "sin(x1)"), normalize=True),
        network=NetworkSpec(hidden=(LayerSpec(4, "relu"), LayerSpec(5, "sigmoid")), output_activation="softmax"),
        training=TrainConfig(loss="cross_entropy", optimizer="adam", learning_rate=1e-3, epochs=7),
        state=TrainedState(weights=weights, biases=biases, epoch=7, steps=63, loss_epochs=(0.5, 1.0),
                           train_loss=(1.1, float("nan")), test_loss=(1.2, 0.9),
                           feature_names=("x1", "x2", "sin(x1)"), raw_names=("x1", "x2"), class_names=("a", "b", "c"),
                           norm_mean=rng.normal(size=3), norm_std=rng.random(3) + 0.1),
        title="Blobs, trained", description="ünïcode ✓",
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_trained_state_round_trips_bit_for_bit(tmp_path, dtype):
    e = _trained(dtype)
    save_experiment(e, tmp_path / "e.json")
    back = load_experiment(tmp_path / "e.json")
    assert back == e
    for a, b in zip(e.state.weights + e.state.biases, back.state.weights + back.state.biases):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()
    assert back.state.norm_std.tobytes() == e.state.norm_std.tobytes()


@pytest.mark.parametrize("data", [
    DataConfig(),
    DataConfig(generator="plane", samples=40, noise=0.0),
    DataConfig(source="csv", path="sub/d.csv", target="y", columns=("a", 2), problem="regression", train_fraction=0.8),
    DataConfig(source="inline", points=((0.5, 1.0), (2.0, -3.25)), labels=(1, 0), class_names=("no", "yes"),
               features=("x1", "x2^2")),
])
def test_data_sources_round_trip(data):
    e = Experiment(data=data)
    assert experiment_from_json(experiment_to_json(e)) == e


def test_omitted_fields_take_documented_defaults():
    e = experiment_from_dict({"format": "backprop-playground/experiment", "version": 1})
    assert e.data == DataConfig() and e.training == TrainConfig() and e.state is None
    assert e.network.hidden == () and e.network.init == "xavier"
    # The output activation follows the data's problem type when it is left out.
    assert e.network.output_activation == "sigmoid"


@pytest.mark.parametrize("data, activation", [
    ({"generator": "plane"}, "identity"), ({"generator": "blobs"}, "softmax"), ({"generator": "xor"}, "sigmoid")])
def test_omitted_output_activation_follows_the_problem(data, activation):
    e = experiment_from_dict({"format": "backprop-playground/experiment", "version": 1, "data": data,
                              "network": {"hidden": [4, {"units": 3, "activation": "relu"}]}})
    assert e.network.output_activation == activation
    assert e.network.hidden == (LayerSpec(4, "tanh"), LayerSpec(3, "relu"))


def _doc(**sections):
    doc = experiment_to_dict(default_experiment())
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    return doc


@pytest.mark.parametrize("doc, message", [
    (_doc(colour="red"), "unknown field colour"),
    (_doc(training={"learning_rte": 0.1, "batchsize": 3}), "unknown fields training.learning_rte, training.batchsize"),
    (_doc(data={"pth": "x.csv"}), "unknown field data.pth"),
    (_doc(network={"hidden": [{"units": 2, "act": "tanh"}]}), r"unknown field network.hidden\[0\].act"),
    (_doc(data={"path": "x.csv"}), "data.path is not used with data.source 'generator'"),
    (_doc(training={"learning_rate": -1}), "training.learning_rate must be > 0, got -1"),
    (_doc(training={"epochs": "10"}), "training.epochs must be an integer, got '10'"),
    (_doc(data={"features": "x1"}), "data.features must be a non-empty list"),
    (_doc(data={"features": [["x1"]]}), "data.features: unknown feature"),
    (_doc(network={"hidden": [{"activation": "tanh"}]}), r"network.hidden\[0\].units is missing"),
    (_doc(network={"hidden": "8,8"}), "network.hidden must be a list"),
    (_doc(network=[1]), "network must be an object"),
    (_doc(state={"weights": [[[1.0]]], "biases": [[0.0, 1.0]]}), r"state.weights\[0\] has shape \(1, 1\)"),
    (_doc(state={"weights": [[["a"]]], "biases": [[0.0]]}), r"state.weights\[0\] must be a 2-D array"),
    (_doc(state={"weights": [], "biases": []}), "state.weights must be a non-empty list"),
    (_doc(state={"weights": [[[1.0]]], "biases": [[0.0]], "dtype": "int8"}), "state.dtype must be float64 or float32"),
    (_doc(version=CURRENT_VERSION + 1), "newer than this program reads"),
    (_doc(version=0), "version must be a positive integer"),
    (_doc(format="something-else"), "not an experiment file"),
])
def test_invalid_documents_name_the_problem(doc, message):
    with pytest.raises(ExperimentError, match=message):
        experiment_from_dict(upgrade(doc))


def test_newer_version_message_says_so(tmp_path):
    path = tmp_path / "future.json"
    path.write_text(json.dumps(_doc(version=CURRENT_VERSION + 1)))
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    assert str(path) in str(info.value) and f"version {CURRENT_VERSION + 1}" in str(info.value) and "update" in str(info.value)


@pytest.mark.parametrize("content, message", [
    (b"", "not valid JSON"), (b"{\"format\": ", "line 1, column 12: not valid JSON"),
    (b"\xff\xfe\x00\x01", "cannot decode"), (b"[1, 2]", "top level must be an object"),
])
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ExperimentError, match=message):
        load_experiment(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ExperimentError, match="file not found"):
        load_experiment(tmp_path / "none.json")
    with pytest.raises(ExperimentError, match="is a directory"):
        load_experiment(tmp_path)


def test_every_version_fixture_loads():
    for path in sorted(FIXTURES.glob("experiment_v*.json")):
        e = load_experiment(path)
        assert e.data.generator == "xor" and e.state.epoch == 20
        assert e.state.weights[0].shape == (3, 2)
    assert (FIXTURES / f"experiment_v{CURRENT_VERSION}.json").exists()


def test_shipped_examples_load():
    examples = list(resource_path("examples").glob("*.json"))
    assert any(p.name == "default.json" for p in examples)
    for path in examples:
        load_experiment(path)
    assert load_experiment(resource_path("examples", "default.json")) == default_experiment()


def test_save_is_atomic_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "e.json"
    save_experiment(default_experiment(), path)
    before = path.read_bytes()

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(ExperimentError, match="cannot save: No space left on device"):
        save_experiment(replace(default_experiment(), title="new"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["e.json"]  # no temporary file left behind


def test_save_rebases_a_relative_csv_path(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "out").mkdir()
    e = Experiment(data=DataConfig(source="csv", path="data/x.csv"))
    save_experiment(e, tmp_path / "out" / "e.json", source_dir=tmp_path)
    assert load_experiment(tmp_path / "out" / "e.json").data.path == "../data/x.csv"


def test_the_readme_documents_the_true_defaults():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("<!-- section:data -->"):readme.index("<!-- /section:data -->")]
    block = section.split("### Experiment files")[1].split("```json")[1].split("```")[0]
    documented = experiment_from_dict(json.loads(block))
    assert documented == experiment_from_dict({"format": "backprop-playground/experiment",
                                               "version": CURRENT_VERSION})


def test_the_readme_names_only_real_activations_optimizers_and_inits():
    from playground.engine import ACTIVATIONS, INITS, OPTIMIZERS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("<!-- section:data -->"):readme.index("<!-- /section:data -->")]
    activations = section.split("Activations:")[1].split("(and")[0]
    names = [n.strip("` ,\n") for n in activations.split("`") if n.strip("` ,\n")]
    assert names and set(names) <= set(ACTIVATIONS)
    optimizers = section.split("`training.optimizer`:")[1].split(";")[0]
    assert {n for n in optimizers.replace(",", " ").replace("`", " ").split()} <= set(OPTIMIZERS)
    assert {"uniform", "xavier", "he"} <= set(INITS)


def test_numpy_scalars_in_a_state_are_saved_as_plain_numbers(tmp_path):
    state = TrainedState(weights=(np.ones((2, 1)),), biases=(np.zeros(1),), epoch=np.int64(3), steps=np.int32(9),
                         loss_epochs=np.array([1.0, 2.0]), train_loss=np.array([0.5, 0.25]),
                         test_loss=np.array([0.75, np.nan]))
    e = Experiment(network=NetworkSpec(), state=state)
    save_experiment(e, tmp_path / "e.json")
    back = load_experiment(tmp_path / "e.json")
    assert back == e and back.state.epoch == 3 and type(back.state.epoch) is int
    assert np.isnan(back.state.test_loss[1])


def test_adam_betas_and_momentum_round_trip_through_a_file(tmp_path):
    training = TrainConfig(optimizer="adam", momentum=0.5, beta1=0.8, beta2=0.95, epsilon=1e-6)
    path = tmp_path / "adam.json"
    save_experiment(replace(default_experiment(), training=training), path)
    loaded = load_experiment(path).training
    assert (loaded.momentum, loaded.beta1, loaded.beta2, loaded.epsilon) == (0.5, 0.8, 0.95, 1e-6)


def test_momentum_default_is_the_engines():
    from playground.engine.optimizers import DEFAULT_SETTINGS
    from playground.engine.trainer import TrainSettings

    config = TrainConfig()
    for name in ("momentum", "beta1", "beta2", "epsilon"):
        assert getattr(config, name) == DEFAULT_SETTINGS[name] == getattr(TrainSettings(loss="mse"), name)


def test_version_1_files_without_momentum_keep_training_without_it():
    # Version 1's default momentum was 0.0; version 2's is the engine's 0.9.
    old = {"format": "backprop-playground/experiment", "version": 1, "training": {"optimizer": "momentum"}}
    assert experiment_from_dict(upgrade(old)).training.momentum == 0.0
    new = {"format": "backprop-playground/experiment", "version": 2, "training": {"optimizer": "momentum"}}
    assert experiment_from_dict(upgrade(new)).training.momentum == 0.9


@pytest.mark.parametrize("field, value", [("beta1", 1.0), ("beta2", -0.1), ("epsilon", 0.0)])
def test_bad_adam_settings_name_the_field(field, value):
    with pytest.raises(ExperimentError, match=f"training.{field}"):
        TrainConfig(**{field: value})
