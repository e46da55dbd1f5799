"""Reading and replacing the parts of an Experiment that the session needs.

The spec objects are frozen dataclasses; every "change" here returns a new
Experiment (``dataclasses.replace``), which also re-runs their validation, so a
bad value raises and the caller keeps the old object. Keeping this in one
module means the session does not depend on the spec's field layout.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from dataclasses import replace

import numpy as np

#: Engine settings that the spec's TrainConfig does not store (the app keeps them per session).
ENGINE_ONLY_SETTINGS = ("beta1", "beta2")

#: The output activation and loss that fit each kind of problem.
_PROBLEM_DEFAULTS = {
    "regression": ("identity", "mse"),
    "binary": ("sigmoid", "binary_cross_entropy"),
    "multiclass": ("softmax", "cross_entropy"),
}


def data_config(experiment):
    return experiment.data


def network_spec(experiment):
    return experiment.network


def train_config(experiment):
    return experiment.training


def seed(experiment) -> int:
    return int(experiment.training.seed)


def problem_kind(n_classes: int) -> str:
    """``regression`` (0 classes), ``binary`` (2) or ``multiclass`` (K >= 3)."""
    return "regression" if n_classes == 0 else "binary" if n_classes == 2 else "multiclass"


def n_outputs(prepared) -> int:
    """Output width the data asks for: 1 for regression and two classes, K otherwise."""
    return int(prepared.T_train.shape[1])


def resolved_loss(experiment, prepared) -> str:
    """The training loss, with None replaced by the problem's default."""
    loss = experiment.training.loss
    return loss if loss is not None else _PROBLEM_DEFAULTS[problem_kind(prepared.n_classes)][1]


def train_settings(experiment, prepared, extra: dict | None = None) -> dict:
    """Keyword arguments for ``Trainer.configure`` from the experiment's TrainConfig."""
    t = experiment.training
    settings = {
        "loss": resolved_loss(experiment, prepared),
        "optimizer": t.optimizer,
        "learning_rate": float(t.learning_rate),
        "momentum": float(t.momentum),
        "batch_size": int(t.batch_size),
        "regularization": t.regularization,
        "regularization_rate": float(t.regularization_rate),
    }
    settings.update(extra or {})
    return settings


def with_training(experiment, **changes):
    """A new Experiment with these TrainConfig fields changed (validated)."""
    names = {f.name for f in dataclass_fields(experiment.training)}
    unknown = set(changes) - names
    if unknown:
        raise ValueError(f"unknown training settings: {', '.join(sorted(unknown))}")
    return replace(experiment, training=replace(experiment.training, **changes))


def with_network(experiment, spec):
    return replace(experiment, network=spec)


def with_data(experiment, data):
    return replace(experiment, data=data)


def with_features(experiment, features):
    return replace(experiment, data=replace(experiment.data, features=tuple(features)))


def fit_output_to_problem(experiment, prepared):
    """Make the output activation (and an explicit loss) fit the data's kind of problem.

    A new dataset can turn two classes into three or into regression; the old
    sigmoid output would then not match. Returns the experiment unchanged when
    it already fits.
    """
    kind = problem_kind(prepared.n_classes)
    activation, loss = _PROBLEM_DEFAULTS[kind]
    spec = experiment.network
    fits = {
        "regression": spec.output_activation not in ("sigmoid", "softmax"),
        "binary": spec.output_activation in ("sigmoid", "tanh"),
        "multiclass": spec.output_activation == "softmax",
    }[kind]
    if not fits:
        experiment = replace(experiment, network=replace(spec, output_activation=activation))
    t = experiment.training
    if t.loss is not None and t.loss != loss and not fits:
        experiment = replace(experiment, training=replace(t, loss=None))
    return experiment


def initial_parameters(experiment, prepared, reset_count: int = 0):
    """Freshly initialised ``(weights, biases)`` for the experiment's design and data.

    ``reset_count`` shifts the seed so that every Reset draws new weights while
    the first build stays reproducible.
    """
    from playground.engine import Network

    spec = experiment.network
    sizes = spec.layer_sizes(prepared.X_train.shape[1], n_outputs(prepared))
    network = Network(sizes, activations=spec.activations(), seed=seed(experiment) + reset_count,
                      init=spec.init, dtype=np.float64)
    return network.get_parameters()


def trained_parameters(experiment):
    """``(weights, biases)`` stored in the experiment, or None."""
    state = getattr(experiment, "state", None)
    if state is None:
        return None
    return [np.asarray(w, dtype=float) for w in state.weights], [np.asarray(b, dtype=float) for b in state.biases]


def with_trained_parameters(experiment, weights, biases, epoch: int = 0):
    """The experiment carrying these parameters as its trained state."""
    from playground.spec import TrainedState

    state = TrainedState(weights=tuple(np.asarray(w) for w in weights),
                         biases=tuple(np.asarray(b) for b in biases), epoch=int(epoch))
    return replace(experiment, state=state)
