"""Experiment <-> plain JSON-ready dicts, with field-by-field validation.

The dict layout is the file format documented in the README ("Experiment
files"). Omitted fields take the dataclass defaults; unknown fields are errors
naming them; a type or range problem names the field (``training.epochs``).
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from playground.spec.checks import is_int
from playground.spec.config import DataConfig, TrainConfig
from playground.spec.errors import ExperimentError
from playground.spec.experiment import Experiment
from playground.spec.network import LayerSpec, NetworkSpec
from playground.spec.state import TrainedState

FORMAT = "backprop-playground/experiment"
CURRENT_VERSION = 2

_COMMON_DATA = ("features", "train_fraction", "normalize", "seed")
DATA_FIELDS = {
    "generator": ("source", "generator", "classes", "samples", "noise") + _COMMON_DATA,
    "csv": ("source", "path", "target", "columns", "problem") + _COMMON_DATA,
    "inline": ("source", "points", "labels", "class_names", "problem") + _COMMON_DATA,
}
NETWORK_FIELDS = ("hidden", "output_activation", "init")
TRAINING_FIELDS = tuple(f.name for f in fields(TrainConfig))
STATE_FIELDS = ("dtype", "weights", "biases", "epoch", "steps", "loss_epochs", "train_loss", "test_loss",
                "feature_names", "raw_names", "class_names", "norm_mean", "norm_std")
TOP_FIELDS = ("format", "version", "title", "description", "data", "network", "training", "state")


def _check_keys(section: str, doc, allowed) -> dict:
    if not isinstance(doc, dict):
        raise ExperimentError(f"{section} must be an object {{...}}, got {type(doc).__name__}")
    unknown = [k for k in doc if k not in allowed]
    if unknown:
        names = ", ".join(f"{section}.{k}" if section else k for k in unknown)
        raise ExperimentError(f"unknown field{'s' if len(unknown) > 1 else ''} {names} "
                              f"(allowed: {', '.join(allowed)})")
    return doc


def _tuple_or_none(value):
    return tuple(value) if isinstance(value, list) else value


# --- to dict --------------------------------------------------------------------------


def data_to_dict(data: DataConfig) -> dict:
    """The fields of ``data`` that its source uses; None values are left out."""
    out = {}
    for name in DATA_FIELDS[data.source]:
        value = getattr(data, name)
        if value is None or (name == "problem" and value == "auto"):
            continue
        if name == "points":
            value = [list(p) for p in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def network_to_dict(network: NetworkSpec) -> dict:
    """The ``network`` section of a file."""
    return {
        "hidden": [{"units": layer.units, "activation": layer.activation} for layer in network.hidden],
        "output_activation": network.output_activation,
        "init": network.init,
    }


def training_to_dict(training: TrainConfig) -> dict:
    """The ``training`` section; a None loss (problem default) is left out."""
    return {f: getattr(training, f) for f in TRAINING_FIELDS if getattr(training, f) is not None}


def state_to_dict(state: TrainedState) -> dict:
    """The ``state`` section: arrays as nested lists, exact (floats are written by repr)."""
    out = {
        "dtype": str(state.weights[0].dtype),
        "weights": [W.tolist() for W in state.weights],
        "biases": [b.tolist() for b in state.biases],
        "epoch": state.epoch,
        "steps": state.steps,
        "loss_epochs": list(state.loss_epochs),
        "train_loss": list(state.train_loss),
        "test_loss": list(state.test_loss),
        "feature_names": list(state.feature_names),
        "raw_names": list(state.raw_names),
        "class_names": list(state.class_names),
    }
    if state.norm_mean is not None:
        out["norm_mean"] = state.norm_mean.tolist()
        out["norm_std"] = state.norm_std.tolist()
    return out


def experiment_to_dict(experiment: Experiment) -> dict:
    """The JSON-ready dict of an experiment (current format version)."""
    doc: dict = {"format": FORMAT, "version": CURRENT_VERSION}
    if experiment.title:
        doc["title"] = experiment.title
    if experiment.description:
        doc["description"] = experiment.description
    doc["data"] = data_to_dict(experiment.data)
    doc["network"] = network_to_dict(experiment.network)
    doc["training"] = training_to_dict(experiment.training)
    if experiment.state is not None:
        doc["state"] = state_to_dict(experiment.state)
    return doc


# --- from dict ------------------------------------------------------------------------


def data_from_dict(doc) -> DataConfig:
    """The ``data`` section; fields of another source are reported, not ignored."""
    _check_keys("data", doc, tuple(dict.fromkeys(DATA_FIELDS["generator"] + DATA_FIELDS["csv"]
                                                 + DATA_FIELDS["inline"])))
    source = doc.get("source", "generator")
    if isinstance(source, str) and source in DATA_FIELDS:
        misplaced = [k for k in doc if k not in DATA_FIELDS[source]]
        if misplaced:
            raise ExperimentError(f"data.{misplaced[0]} is not used with data.source {source!r}")
    kwargs = {k: _tuple_or_none(v) for k, v in doc.items()}
    if isinstance(doc.get("points"), list):
        points = doc["points"]
        for i, p in enumerate(points):
            if not isinstance(p, list):
                raise ExperimentError(f"data.points[{i}] must be a list of coordinates, got {p!r}")
        kwargs["points"] = tuple(tuple(p) for p in points)
    return DataConfig(**kwargs)


def network_from_dict(doc) -> tuple[NetworkSpec, bool]:
    """The network spec, and whether ``output_activation`` was given (else it follows the data)."""
    _check_keys("network", doc, NETWORK_FIELDS)
    hidden_doc = doc.get("hidden", [])
    if not isinstance(hidden_doc, list):
        raise ExperimentError(f"network.hidden must be a list of layers, got {hidden_doc!r}")
    hidden = []
    for i, layer in enumerate(hidden_doc):
        if is_int(layer):  # shorthand: "hidden": [8, 8] means tanh layers
            layer = {"units": layer}
        _check_keys(f"network.hidden[{i}]", layer, ("units", "activation"))
        if "units" not in layer:
            raise ExperimentError(f"network.hidden[{i}].units is missing")
        hidden.append(LayerSpec(units=layer["units"], activation=layer.get("activation", "tanh")))
    kwargs = {k: doc[k] for k in ("output_activation", "init") if k in doc}
    return NetworkSpec(hidden=tuple(hidden), **kwargs), "output_activation" in doc


def training_from_dict(doc) -> TrainConfig:
    """The ``training`` section."""
    _check_keys("training", doc, TRAINING_FIELDS)
    return TrainConfig(**doc)


def _array(field: str, value, dtype, ndim: int) -> np.ndarray:
    try:
        a = np.array(value, dtype=dtype)
    except (TypeError, ValueError):
        raise ExperimentError(f"{field} must be a {ndim}-D array of numbers") from None
    if a.ndim != ndim:
        raise ExperimentError(f"{field} must be a {ndim}-D array of numbers, got {a.ndim}-D")
    return a


def state_from_dict(doc) -> TrainedState:
    """The ``state`` section, with the dtype it was saved in."""
    _check_keys("state", doc, STATE_FIELDS)
    dtype = doc.get("dtype", "float64")
    if dtype not in ("float64", "float32"):
        raise ExperimentError(f"state.dtype must be float64 or float32, got {dtype!r}")
    for name in ("weights", "biases"):
        if not isinstance(doc.get(name), list) or not doc[name]:
            raise ExperimentError(f"state.{name} must be a non-empty list of arrays")
    weights = [_array(f"state.weights[{l}]", W, dtype, 2) for l, W in enumerate(doc["weights"])]
    biases = [_array(f"state.biases[{l}]", b, dtype, 1) for l, b in enumerate(doc["biases"])]
    kwargs = {}
    for name in ("epoch", "steps"):
        if name in doc:
            if not is_int(doc[name]):
                raise ExperimentError(f"state.{name} must be an integer, got {doc[name]!r}")
            kwargs[name] = doc[name]
    for name in ("loss_epochs", "train_loss", "test_loss"):
        if name in doc:
            kwargs[name] = tuple(float(v) for v in _array(f"state.{name}", doc[name], np.float64, 1))
    for name in ("feature_names", "raw_names", "class_names"):
        if name in doc:
            if not isinstance(doc[name], list) or not all(isinstance(v, str) for v in doc[name]):
                raise ExperimentError(f"state.{name} must be a list of strings")
            kwargs[name] = tuple(doc[name])
    for name in ("norm_mean", "norm_std"):
        if name in doc:
            kwargs[name] = _array(f"state.{name}", doc[name], np.float64, 1)
    return TrainedState(weights=tuple(weights), biases=tuple(biases), **kwargs)


def experiment_from_dict(doc, base_dir=None) -> Experiment:
    """Build an experiment from a current-version dict (see :func:`~playground.spec.files.upgrade`).

    Parameters
    ----------
    doc : dict
    base_dir : str or Path, optional
        Folder of the file, for a relative CSV path (used only when the output
        activation is left out and must follow the data's problem type).

    Raises
    ------
    ExperimentError
        Naming the first invalid or unknown field.
    """
    _check_keys("", doc, TOP_FIELDS)
    data = data_from_dict(doc.get("data", {}))
    network, explicit_output = network_from_dict(doc.get("network", {}))
    training = training_from_dict(doc.get("training", {}))
    state = state_from_dict(doc["state"]) if doc.get("state") is not None else None
    if not explicit_output:
        network = _with_default_output(network, data, base_dir)
    return Experiment(data=data, network=network, training=training, state=state,
                      title=doc.get("title", ""), description=doc.get("description", ""))


def _with_default_output(network: NetworkSpec, data: DataConfig, base_dir) -> NetworkSpec:
    """The output activation that suits the data's problem type (identity, sigmoid or softmax)."""
    from dataclasses import replace

    from playground.data import DataError
    from playground.data.prepare import count_classes
    from playground.spec.problem import default_output

    try:
        n_classes = count_classes(data, base_dir)
    except DataError:
        try:
            # Invalid rows do not change the problem type; `train --drop-invalid-rows` skips them.
            n_classes = count_classes(data, base_dir, drop_invalid_rows=True)
        except DataError:
            # The data error will be reported when the data is used; keep the default meanwhile.
            return network
    return replace(network, output_activation=default_output(n_classes)[0])
