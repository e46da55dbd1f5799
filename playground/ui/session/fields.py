"""Reading and replacing the parts of an Experiment that the session needs.

The spec objects are frozen dataclasses; every "change" here returns a new
Experiment (``dataclasses.replace``), which also re-runs their validation, so a
bad value raises and the caller keeps the old object. Keeping this in one
module means the session does not depend on the spec's field layout.
"""

from __future__ import annotations

from dataclasses import replace
from dataclasses import fields as dataclass_fields

import numpy as np

from playground.engine import Network, natural_loss
from playground.experiment import output_units_for
from playground.experiment.build import trained_state, with_state


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
    return output_units_for(prepared.n_classes)


def with_training(experiment, **changes):
    """A new Experiment with these TrainConfig fields changed (validated)."""
    names = {f.name for f in dataclass_fields(experiment.training)}
    unknown = set(changes) - names
    if unknown:
        raise ValueError(f"unknown training settings: {', '.join(sorted(unknown))}")
    return replace(experiment, training=replace(experiment.training, **changes))


def with_config(experiment, config):
    """A new Experiment with this TrainConfig."""
    return replace(experiment, training=config)


# A changed design or data makes any stored trained state stale: drop it.
def with_network(experiment, spec):
    return replace(experiment, network=spec, state=None)


def with_data(experiment, data):
    return replace(experiment, data=data, state=None)


def with_features(experiment, features):
    return replace(experiment, data=replace(experiment.data, features=tuple(features)), state=None)


def fit_output_to_problem(experiment, prepared):
    """The output activation and loss switched to the problem's defaults when they do
    not fit the data (a new dataset can turn two classes into three or into regression)."""
    return experiment.adapted_to(prepared)


def with_fitting_loss(experiment, prepared):
    """The experiment, with the loss switched to the output's natural one if it no longer fits.

    E.g. a sigmoid output changed to identity cannot keep binary cross-entropy.

    Raises
    ------
    ValueError
        When even the natural loss does not fit (e.g. softmax on two classes).
    """
    try:
        experiment.check_fits(prepared)
        return experiment
    except ValueError:
        loss = natural_loss(experiment.network.output_activation)
        if loss == experiment.loss_for(prepared):
            raise
    candidate = replace(experiment, training=replace(experiment.training, loss=loss))
    candidate.check_fits(prepared)
    return candidate


def initial_parameters(experiment, prepared, reset_count: int = 0):
    """Freshly initialised ``(weights, biases)`` for the experiment's design and data.

    ``reset_count`` shifts the seed so that every Reset draws new weights while
    the first build stays reproducible.
    """
    spec = experiment.network
    network = Network(experiment.layer_sizes(prepared), activations=spec.activations(), seed=seed(experiment) + reset_count,
                      init=spec.init, dtype=np.float64)
    return network.get_parameters()


def trained_parameters(experiment):
    """``(weights, biases)`` stored in the experiment, or None."""
    state = experiment.state
    if state is None:
        return None
    return [np.asarray(w, dtype=float) for w in state.weights], [np.asarray(b, dtype=float) for b in state.biases]


def trained_counters(experiment) -> tuple[int, int]:
    """``(epoch, steps)`` of the experiment's trained state (0, 0 without one)."""
    state = experiment.state
    return (0, 0) if state is None else (int(state.epoch), int(state.steps))


def with_trained_parameters(experiment, prepared, weights, biases, *, epoch: int = 0, steps: int = 0,
                            loss_epochs=(), train_loss=(), test_loss=()):
    """The experiment carrying these parameters (and loss curves) as its trained state."""
    net = Network.from_parameters(list(weights), list(biases), experiment.network.activations())
    state = trained_state(net, prepared, epoch=epoch, steps=steps, loss_epochs=loss_epochs,
                          train_loss=train_loss, test_loss=test_loss)
    return with_state(experiment, state)
