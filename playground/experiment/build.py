"""From an experiment and its prepared data to a network, and back to a trained state.

Shared by ``playground train`` / ``predict`` and the app, so a network is
built, evaluated and saved the same way everywhere. Training itself is the
engine host's job: :func:`playground.training.headless.train`.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from playground.data.prepare import PreparedData, features_from_raw
from playground.data.split import Standardizer
from playground.experiment.errors import ExperimentError
from playground.experiment.experiment import Experiment
from playground.experiment.state import TrainedState


def build_network(experiment: Experiment, prepared: PreparedData):
    """The experiment's network for this data: its trained parameters if it has a
    state, else freshly initialised with ``training.seed``.

    Raises
    ------
    ExperimentError
        When the output layer, loss or stored state do not fit the data.
    """
    from playground.engine import Network

    experiment.check_fits(prepared)
    net = Network(experiment.layer_sizes(prepared), activations=experiment.network.activations(),
                  seed=experiment.training.seed, init=experiment.network.init)
    if experiment.state is not None:
        net.set_parameters([np.array(W, dtype=net.weights[0].dtype) for W in experiment.state.weights],
                           [np.array(b, dtype=net.weights[0].dtype) for b in experiment.state.biases])
    return net


def evaluate(experiment: Experiment, net, prepared: PreparedData) -> dict:
    """Loss (without regularization) on both sets, and accuracy for classification.

    Returns
    -------
    dict
        ``train_loss``, ``test_loss`` and, for classification, ``train_accuracy``, ``test_accuracy``.
        The test values are None when there is no test set (``data.train_fraction`` 1.0),
        so the dict stays valid JSON (no NaN).
    """
    from playground.engine import accuracy

    loss = experiment.loss_for(prepared)
    has_test = len(prepared.X_test) > 0
    out = {
        "train_loss": float(net.loss(prepared.X_train, prepared.T_train, loss=loss)),
        "test_loss": float(net.loss(prepared.X_test, prepared.T_test, loss=loss)) if has_test else None,
    }
    if prepared.n_classes:
        out["train_accuracy"] = float(accuracy(net.predict(prepared.X_train), prepared.T_train))
        out["test_accuracy"] = float(accuracy(net.predict(prepared.X_test), prepared.T_test)) if has_test else None
    return out


def trained_state(net, prepared: PreparedData, *, epoch: int, steps: int, loss_epochs=(), train_loss=(),
                  test_loss=()) -> TrainedState:
    """Snapshot a network and its data's recipe as a :class:`TrainedState` (copies)."""
    weights, biases = net.get_parameters()
    std = prepared.standardizer
    return TrainedState(
        weights=tuple(weights), biases=tuple(biases), epoch=int(epoch), steps=int(steps),
        loss_epochs=tuple(float(v) for v in loss_epochs), train_loss=tuple(float(v) for v in train_loss),
        test_loss=tuple(float(v) for v in test_loss), feature_names=prepared.feature_names,
        raw_names=prepared.raw_names, class_names=prepared.class_names,
        norm_mean=None if std is None else std.mean, norm_std=None if std is None else std.std,
    )


def with_state(experiment: Experiment, state: TrainedState) -> Experiment:
    """The experiment carrying ``state``."""
    return replace(experiment, state=state)


def network_from_state(experiment: Experiment):
    """The trained network of an experiment, without loading its data."""
    from playground.engine import Network

    if experiment.state is None:
        raise ExperimentError("the experiment has no trained state; train it first (playground train --out ...)")
    s = experiment.state
    return Network.from_parameters([np.array(W) for W in s.weights], [np.array(b) for b in s.biases],
                                   experiment.network.activations())


def state_features(experiment: Experiment, raw_points: np.ndarray) -> np.ndarray:
    """Network inputs for raw points, with the features and statistics stored in the state.

    Parameters
    ----------
    raw_points : ndarray, shape (m, d)
        Columns in the order of ``experiment.state.raw_names``.

    Returns
    -------
    ndarray, shape (m, k)
    """
    s = experiment.state
    std = None if s.norm_mean is None else Standardizer(mean=np.asarray(s.norm_mean, float),
                                                        std=np.asarray(s.norm_std, float))
    return features_from_raw(raw_points, experiment.data.features, std, len(s.raw_names))
