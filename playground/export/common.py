"""The parts both generated scripts share: the docstring facts and the constants block.

Every number a script needs (weights, statistics, data, settings) is written
here as an exact literal (see :mod:`playground.export.literals`), once, in
the same layout for the PyTorch and the NumPy script.
"""

from __future__ import annotations

from playground.engine.optimizers import DEFAULT_SETTINGS
from playground.export import literals as lit
from playground.export.model import ExportModel
from playground.export.recipes import READ_DATA_CSV


def architecture(model: ExportModel) -> str:
    """E.g. ``2 inputs -> 8 tanh -> 8 tanh -> 1 sigmoid``."""
    layers = [f"{n} {f}" for n, f in zip(model.sizes[1:], model.activations)]
    return " -> ".join([f"{model.sizes[0]} inputs", *layers])


def settings_line(model: ExportModel) -> str:
    """The training settings in one line, for docstrings."""
    t = model.training
    parts = [f"loss {model.loss}", f"optimizer {t.optimizer}", f"learning rate {t.learning_rate!r}"]
    if t.optimizer in ("momentum", "nesterov"):
        parts.append(f"momentum {t.momentum!r}")
    parts.append("full batch" if t.batch_size == 0 else f"batch size {t.batch_size}")
    if t.regularization != "none":
        parts.append(f"{t.regularization} regularization {t.regularization_rate!r}")
    return ", ".join(parts)


def constants(model: ExportModel, data_file: str | None) -> str:
    """The script's constants: data recipe, network, training settings and the data.

    Parameters
    ----------
    model : ExportModel
    data_file : str or None
        Name of the data CSV next to the script, or None to embed the data.
    """
    t = model.training
    feature_comment = ("network inputs computed from the raw (x1, x2)" if model.features is not None
                       else "None: the raw columns are the network's inputs")
    out = [
        "# --- The data's recipe ---------------------------------------------------------------",
        f"RAW_NAMES = {lit.strings(model.raw_names)}  # the raw input columns (what `playground predict` reads)",
        f"FEATURES = {'None' if model.features is None else lit.strings(model.features)}  # {feature_comment}",
        f"FEATURE_NAMES = {lit.strings(model.feature_names)}  # the network's inputs, in order",
        "# Standardization of each input feature with the training set's statistics:",
        "# X = (X - NORM_MEAN) / NORM_STD. None: the inputs are used as they are.",
        f"NORM_MEAN = {lit.optional(model.norm_mean, 12)}",
        f"NORM_STD = {lit.optional(model.norm_std, 11)}",
        f"CLASS_NAMES = {lit.strings(model.class_names)}  # empty: regression",
        "",
        "# --- The network ----------------------------------------------------------------------",
        f"SIZES = {model.sizes!r}  # neurons per layer, inputs first",
        f"ACTIVATIONS = {lit.strings(model.activations)}  # f of each weight layer: hidden layers, then the output",
        "# WEIGHTS[l][i][j] connects neuron i of layer l (or input i) to neuron j of the next layer",
        "# (fan_in x fan_out, as in the playground); BIASES[l][j] is that neuron's bias.",
        f"# These are {model.origin}.",
        f"WEIGHTS = {lit.matrices(model.weights, 0)}",
        f"BIASES = {lit.matrices(model.biases, 0)}",
        "",
        "# --- Training settings (the experiment's) ---------------------------------------------",
        f"LOSS = {model.loss!r}",
        f"OPTIMIZER = {t.optimizer!r}",
        f"LEARNING_RATE = {t.learning_rate!r}",
        f"MOMENTUM = {t.momentum!r}  # momentum and nesterov only",
        f"BETA1, BETA2, EPSILON = {DEFAULT_SETTINGS['beta1']!r}, {DEFAULT_SETTINGS['beta2']!r}, "
        f"{DEFAULT_SETTINGS['epsilon']!r}  # adam only",
        f"BATCH_SIZE = {t.batch_size!r}  # 0 = the whole training set, 1 = online",
        f"REGULARIZATION = {t.regularization!r}  # none, l1 (rate * sum|w|) or l2 (rate/2 * sum w^2), weights only",
        f"REGULARIZATION_RATE = {t.regularization_rate!r}",
        f"EPOCHS = {t.epochs!r}",
        f"SEED = {t.seed!r}",
        "",
        "# --- The data --------------------------------------------------------------------------",
    ]
    labels = "class indices into CLASS_NAMES" if model.n_classes else "target values"
    if data_file is None:
        out += [
            f"# {model.source}: raw points and {labels},",
            "# split into training and test data exactly as in the playground.",
            f"TRAIN_POINTS = {lit.matrix(model.raw_train, 15)}",
            f"TRAIN_LABELS = {lit.flat(model.labels_train, 15)}",
            f"TEST_POINTS = {lit.matrix(model.raw_test, 14)}",
            f"TEST_LABELS = {lit.flat(model.labels_test, 14)}",
            "DATA_FILE = None",
        ]
    else:
        out += [
            f"# {model.source}: {model.n_rows} rows, too many to embed. They are in this CSV file",
            "# next to the script (raw columns, label or target, split), split exactly as in the playground.",
            f"DATA_FILE = {data_file!r}",
            READ_DATA_CSV.rstrip(),
        ]
    return "\n".join(out)


def doc_safe(text: str) -> str:
    """Free text (a title, a path) made safe inside a triple-quoted docstring, on one line."""
    return " ".join(str(text).replace("\\", "\\\\").replace('"""', "'''").split())
