"""Experiment <-> plain JSON-ready dicts, with field-by-field validation.

The dict layout is the file format documented in the README ("Experiment
files"). Omitted fields take the dataclass defaults; unknown fields are errors
naming them; a type or range problem names the field (``training.epochs``).
"""

from __future__ import annotations

import math
from dataclasses import fields

import numpy as np

from playground.data.errors import quoted
from playground.experiment.checks import is_int
from playground.experiment.config import DataConfig, TrainConfig
from playground.experiment.errors import ExperimentError
from playground.experiment.experiment import Experiment
from playground.experiment.network import LayerSpec, NetworkSpec
from playground.experiment.problem import output_units_for
from playground.experiment.state import TrainedState

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
        names = ", ".join(f"{section}.{quoted(k, 30)[1:-1]}" if section else quoted(k, 30)[1:-1]
                          for k in unknown[:3]) + (", …" if len(unknown) > 3 else "")
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


def _curve(values) -> list:
    """A loss curve for JSON: a non-finite point (a diverged run) becomes ``null``."""
    return [v if math.isfinite(v) else None for v in values]


def _finite_parameters(state: TrainedState) -> None:
    """Refuse to save NaN or inf parameters: JSON cannot hold them, and loading refuses them."""
    groups = (("weights", state.weights), ("biases", state.biases),
              ("norm_mean", () if state.norm_mean is None else (state.norm_mean,)),
              ("norm_std", () if state.norm_std is None else (state.norm_std,)))
    for name, arrays in groups:
        for l, a in enumerate(arrays):
            if not np.all(np.isfinite(a)):
                where = f"state.{name}[{l}]" if name in ("weights", "biases") else f"state.{name}"
                raise ExperimentError(f"{where} holds NaN or inf (training diverged?); reset or retrain "
                                      "before saving")


def state_to_dict(state: TrainedState) -> dict:
    """The ``state`` section: arrays as nested lists, exact (floats are written by repr).

    Loss-curve points that are NaN or inf are written as ``null`` (read back as NaN).

    Raises
    ------
    ExperimentError
        If a weight, bias or normalization statistic is NaN or inf.
    """
    _finite_parameters(state)
    out = {
        "dtype": str(state.weights[0].dtype),
        "weights": [W.tolist() for W in state.weights],
        "biases": [b.tolist() for b in state.biases],
        "epoch": state.epoch,
        "steps": state.steps,
        "loss_epochs": _curve(state.loss_epochs),
        "train_loss": _curve(state.train_loss),
        "test_loss": _curve(state.test_loss),
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
            raise ExperimentError(f"data.{quoted(misplaced[0], 30)[1:-1]} is not used with data.source {source!r}")
    kwargs = {k: _tuple_or_none(v) for k, v in doc.items()}
    if isinstance(doc.get("points"), list):
        points = doc["points"]
        for i, p in enumerate(points):
            if not isinstance(p, list):
                raise ExperimentError(f"data.points[{i}] must be a list of coordinates, got {quoted(p)}")
        kwargs["points"] = tuple(tuple(p) for p in points)
    return DataConfig(**kwargs)


def network_from_dict(doc) -> tuple[NetworkSpec, bool]:
    """The network spec, and whether ``output_activation`` was given (else it follows the data)."""
    _check_keys("network", doc, NETWORK_FIELDS)
    hidden_doc = doc.get("hidden", [])
    if not isinstance(hidden_doc, list):
        raise ExperimentError(f"network.hidden must be a list of layers, got {quoted(hidden_doc)}")
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


def _array(field: str, value, dtype, ndim: int, finite: bool = True) -> np.ndarray:
    """``value`` as an array of ``ndim`` dimensions; with ``finite``, every value finite.

    ``null`` entries become NaN (loss curves write NaN as null).
    """
    try:
        # A number beyond float32's range becomes inf quietly; the finite check names it.
        with np.errstate(over="ignore", invalid="ignore"):
            a = np.array(value, dtype=dtype)
    except (TypeError, ValueError, OverflowError, RecursionError):
        raise ExperimentError(f"{field} must be a {ndim}-D array of numbers") from None
    if a.ndim != ndim:
        raise ExperimentError(f"{field} must be a {ndim}-D array of numbers, got {a.ndim}-D")
    if finite and not np.all(np.isfinite(a)):
        index = "".join(f"[{i}]" for i in np.argwhere(~np.isfinite(a))[0])
        raise ExperimentError(f"{field}{index} is not a finite number (null, NaN, inf, or beyond the "
                              f"range of {np.dtype(dtype).name})")
    return a


def state_from_dict(doc) -> TrainedState:
    """The ``state`` section, with the dtype it was saved in.

    Parameters and normalization statistics must be finite (``norm_std`` > 0); a
    loss-curve point may be ``null`` (NaN).
    """
    _check_keys("state", doc, STATE_FIELDS)
    dtype = doc.get("dtype", "float64")
    if dtype not in ("float64", "float32"):
        raise ExperimentError(f"state.dtype must be float64 or float32, got {quoted(dtype)}")
    for name in ("weights", "biases"):
        if not isinstance(doc.get(name), list) or not doc[name]:
            raise ExperimentError(f"state.{name} must be a non-empty list of arrays")
    weights = [_array(f"state.weights[{l}]", W, dtype, 2) for l, W in enumerate(doc["weights"])]
    biases = [_array(f"state.biases[{l}]", b, dtype, 1) for l, b in enumerate(doc["biases"])]
    kwargs = {}
    for name in ("epoch", "steps"):
        if name in doc:
            if not is_int(doc[name]):
                raise ExperimentError(f"state.{name} must be an integer, got {quoted(doc[name])}")
            kwargs[name] = doc[name]
    for name in ("loss_epochs", "train_loss", "test_loss"):
        if name in doc:
            kwargs[name] = tuple(float(v) for v in _array(f"state.{name}", doc[name], np.float64, 1,
                                                          finite=False))
    for name in ("feature_names", "raw_names", "class_names"):
        if name in doc:
            if not isinstance(doc[name], list) or not all(isinstance(v, str) for v in doc[name]):
                raise ExperimentError(f"state.{name} must be a list of strings")
            kwargs[name] = tuple(doc[name])
    for name in ("norm_mean", "norm_std"):
        if name in doc:
            kwargs[name] = _array(f"state.{name}", doc[name], np.float64, 1)
    if "norm_std" in kwargs and np.any(kwargs["norm_std"] <= 0):
        i = int(np.flatnonzero(kwargs["norm_std"] <= 0)[0])
        raise ExperimentError(f"state.norm_std[{i}] is {kwargs['norm_std'][i]:g}; a standard deviation "
                              "must be > 0 (training stores 1 for a constant feature)")
    return TrainedState(weights=tuple(weights), biases=tuple(biases), **kwargs)


def check_state_names(state: TrainedState, data: DataConfig) -> None:
    """Refuse a state whose column and class names do not fit its network.

    ``predict`` names its input columns by ``raw_names`` and its outputs by
    ``class_names``: K classes need K outputs (1 for two classes), regression
    (no class names) needs 1.

    Raises
    ------
    ExperimentError
    """
    n_in, n_out = state.weights[0].shape[0], state.weights[-1].shape[1]
    if state.raw_names:
        expected = 2 if data.features is not None else n_in
        if len(state.raw_names) != expected:
            why = "data.features are computed from 2 raw inputs" if data.features is not None else \
                f"the network takes {n_in} inputs"
            raise ExperimentError(f"state.raw_names lists {len(state.raw_names)} columns but {why}")
    k = len(state.class_names)
    if k == 1:
        raise ExperimentError("state.class_names lists a single class; classification needs at least 2")
    needed = output_units_for(k)
    if n_out != needed:
        what = "no classes (regression)" if k == 0 else f"{k} classes"
        raise ExperimentError(f"state.class_names lists {what}, which needs {needed} output"
                              f"{'s' if needed > 1 else ''}, but the network has {n_out}")
    if len(set(state.class_names)) != k:
        raise ExperimentError("state.class_names repeats a name")


def experiment_from_dict(doc, base_dir=None) -> Experiment:
    """Build an experiment from a current-version dict (see :func:`~playground.experiment.files.upgrade`).

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
    if state is not None:
        check_state_names(state, data)
    if not explicit_output:
        network = _with_default_output(network, data, base_dir)
    return Experiment(data=data, network=network, training=training, state=state,
                      title=doc.get("title", ""), description=doc.get("description", ""))


def _with_default_output(network: NetworkSpec, data: DataConfig, base_dir) -> NetworkSpec:
    """The output activation that suits the data's problem type (identity, sigmoid or softmax)."""
    from dataclasses import replace

    from playground.data import DataError
    from playground.data.prepare import count_classes
    from playground.experiment.problem import default_output

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
