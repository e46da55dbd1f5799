"""From an experiment and its prepared data to a live engine, and back to a trained state.

Shared by ``playground train`` / ``predict`` and available to the app, so a
network is built, evaluated and saved the same way everywhere.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from playground.data.prepare import PreparedData, features_from_raw
from playground.data.split import Standardizer
from playground.spec.errors import ExperimentError
from playground.spec.experiment import Experiment
from playground.spec.state import TrainedState


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


def build_trainer(experiment: Experiment, net, prepared: PreparedData):
    """A Trainer on the training set with every setting of ``experiment.training``."""
    from playground.engine import Trainer

    t = experiment.training
    try:
        return Trainer(net, prepared.X_train, prepared.T_train, loss=experiment.loss_for(prepared),
                       optimizer=t.optimizer, learning_rate=t.learning_rate, batch_size=t.batch_size,
                       momentum=t.momentum, regularization=t.regularization,
                       regularization_rate=t.regularization_rate, seed=t.seed)
    except ValueError as exc:
        # The engine's own checks (e.g. targets outside a loss's range) are input problems too.
        raise ExperimentError(str(exc)) from None


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


class DivergedError(ExperimentError):
    """The training loss stopped being finite (usually: the learning rate is too high)."""


def train(experiment: Experiment, prepared: PreparedData, epochs: int, on_epoch=None, max_curve_points=500):
    """Train an experiment's network headlessly, continuing from its state if it has one.

    Parameters
    ----------
    experiment : Experiment
    prepared : PreparedData
    epochs : int
        Epochs to run now (on top of ``state.epoch`` when continuing).
    on_epoch : callable, optional
        ``on_epoch(done, epochs, mean_batch_loss)`` after every epoch (progress bars).
    max_curve_points : int
        The loss curves keep at most about this many points of this run (evenly spaced).

    Returns
    -------
    net : playground.engine.Network
        The trained network.
    state : TrainedState
        Its parameters, counters, curves and the data's recipe, ready for ``with_state``.

    Raises
    ------
    DivergedError
        If an epoch's loss is NaN or inf; no state is returned.
    ExperimentError
        If the network, loss or state do not fit the data.
    """
    net = build_network(experiment, prepared)
    trainer = build_trainer(experiment, net, prepared)
    old = experiment.state
    start_epoch = old.epoch if old is not None else 0
    start_steps = old.steps if old is not None else 0
    curve = ([*old.loss_epochs], [*old.train_loss], [*old.test_loss]) if old is not None else ([], [], [])
    every = max(1, -(-epochs // max_curve_points))
    loss_name = experiment.loss_for(prepared)
    for done in range(1, epochs + 1):
        batch_loss = trainer.run_epoch()
        if not np.isfinite(batch_loss):
            raise DivergedError(f"the training loss became {batch_loss} in epoch {start_epoch + done}; "
                                "lower training.learning_rate")
        if done % every == 0 or done == epochs:
            curve[0].append(float(start_epoch + done))
            curve[1].append(float(net.loss(prepared.X_train, prepared.T_train, loss=loss_name)))
            # No test set: NaN marks "no value" in the curve, as the app's training host does.
            curve[2].append(float(net.loss(prepared.X_test, prepared.T_test, loss=loss_name))
                            if len(prepared.X_test) else float("nan"))
        if on_epoch is not None:
            on_epoch(done, epochs, batch_loss)
    state = trained_state(net, prepared, epoch=start_epoch + epochs, steps=start_steps + trainer.steps,
                          loss_epochs=curve[0], train_loss=curve[1], test_loss=curve[2])
    return net, state


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
