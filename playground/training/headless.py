"""Training without a window: ``playground train`` drives the same engine host as the app.

The app's worker and this module both train through
:class:`~playground.training.host.EngineHost`, fed the same commands
(:func:`engine_commands`), so an experiment and seed give the same weights,
bit for bit, whichever way it is trained, and a NaN loss is caught by the same
check (after every epoch, the last finite weights put back).
"""

from __future__ import annotations

import numpy as np

from playground.data.prepare import PreparedData
from playground.experiment import default_output
from playground.experiment.build import build_network, trained_state
from playground.experiment.errors import ExperimentError
from playground.experiment.experiment import Experiment
from playground.training.host import EngineHost
from playground.training.messages import Build, Command, Configure, Epochs, SetCounters, SetData


class DivergedError(ExperimentError):
    """The training loss stopped being finite (usually: the learning rate is too high)."""


def data_command(prepared: PreparedData) -> SetData:
    """The engine's copy of the prepared data (features computed, standardized)."""
    p = prepared
    return SetData(p.X_train, p.T_train, p.X_test, p.T_test, p.n_classes,
                   default_loss=default_output(p.n_classes)[1])


def build_command(experiment: Experiment, weights, biases, version: int, seed: int) -> Build:
    """A build of the experiment's network design with exactly these parameters."""
    sizes = (int(np.shape(weights[0])[0]), *(int(np.shape(w)[1]) for w in weights))
    return Build(sizes, tuple(experiment.network.activations()), tuple(np.asarray(w, float) for w in weights),
                 tuple(np.asarray(b, float) for b in biases), int(version), seed=int(seed))


def engine_commands(experiment: Experiment, prepared: PreparedData, weights, biases, version: int = 1,
                    seed_offset: int = 0) -> list[Command]:
    """Everything a fresh engine needs for ``experiment``: data, settings, network.

    Data comes first: it drops the engine's trainer, so the settings are not
    checked against an older network (see ``EngineHost._new_trainer``). The
    trainer's seed is ``training.seed + seed_offset`` (the app's Reset adds one
    each time, so every Reset draws a new batch order).
    """
    return [data_command(prepared), Configure(experiment.training),
            build_command(experiment, weights, biases, version, experiment.training.seed + seed_offset)]


def train(experiment: Experiment, prepared: PreparedData, epochs: int, on_epoch=None, max_curve_points=500):
    """Train an experiment's network headlessly, continuing from its state if it has one.

    Parameters
    ----------
    experiment : Experiment
    prepared : PreparedData
    epochs : int
        Epochs to run now (on top of ``state.epoch`` when continuing).
    on_epoch : callable, optional
        ``on_epoch(done, epochs, train_loss)`` after every epoch (progress bars);
        ``train_loss`` is the data loss on the training set after that epoch.
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
        If the loss became NaN or inf (the engine host's check, as in the app); no state is returned.
    ExperimentError
        If the network, loss or state do not fit the data.
    """
    net = build_network(experiment, prepared)  # checks the fit; initial or stored parameters
    host = EngineHost()
    commands = engine_commands(experiment, prepared, *net.get_parameters())
    old = experiment.state
    if old is not None and (old.epoch or old.steps):
        commands.append(SetCounters(old.epoch, old.steps))
    with np.errstate(all="ignore"):  # NaN/inf is detected from the loss values, as in the app
        reply = host.exchange(commands, None)
        if reply.errors or not reply.ready:
            # The engine's own checks (e.g. targets outside a loss's range) are input problems too.
            raise ExperimentError("; ".join(reply.errors) or "the network does not fit the data")
        start_epoch = reply.epoch
        curve = ([*old.loss_epochs], [*old.train_loss], [*old.test_loss]) if old is not None else ([], [], [])
        every = max(1, -(-epochs // max_curve_points))
        done = 0
        while done < epochs:
            # Chunks of `every` epochs: one reply per curve point. The host still
            # measures the loss after every epoch (its NaN check, as in the app).
            chunk = min(every, epochs - done)
            reply = host.exchange([], Epochs(chunk))
            if reply.diverged:
                bad = start_epoch + done + len(reply.new_epochs) + 1
                raise DivergedError(f"the training loss became NaN or inf in epoch {bad}; "
                                    "lower training.learning_rate")
            if on_epoch is not None:
                for k, loss in enumerate(reply.new_train_loss, start=1):
                    on_epoch(done + k, epochs, float(loss))
            done += chunk
            curve[0].append(float(reply.epoch))
            curve[1].append(float(reply.new_train_loss[-1]))
            curve[2].append(float(reply.new_test_loss[-1]))
    net.set_parameters(list(reply.weights), list(reply.biases))
    state = trained_state(net, prepared, epoch=reply.epoch, steps=reply.step,
                          loss_epochs=curve[0], train_loss=curve[1], test_loss=curve[2])
    return net, state
