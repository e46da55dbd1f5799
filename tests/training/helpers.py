"""Small shared set-ups for the training tests (real data, real engine, no Qt)."""

from __future__ import annotations

import numpy as np

from playground.data import prepare
from playground.engine import Network
from playground.experiment.config import DataConfig, TrainConfig
from playground.training.messages import Build, Configure, SetData

SIZES = [2, 8, 8, 1]
ACTIVATIONS = ["tanh", "tanh", "sigmoid"]


def spiral(samples: int = 200, seed: int = 1):
    """The default example's data (spiral, x1 x2), smaller for speed."""
    return prepare(DataConfig(generator="spiral", samples=samples, noise=0.1, seed=seed))


def initial_parameters(seed: int = 0, sizes=SIZES, activations=ACTIVATIONS):
    net = Network(sizes, activations=activations, seed=seed, init="xavier", dtype=np.float64)
    return net.get_parameters()


def setup_commands(prepared, version: int = 1, seed: int = 0, learning_rate: float = 0.03,
                   batch_size: int = 10, sizes=SIZES, activations=ACTIVATIONS):
    """The commands a session sends at start: settings, data, build."""
    weights, biases = initial_parameters(seed, sizes, activations)
    return [
        Configure(TrainConfig(learning_rate=learning_rate, optimizer="sgd", batch_size=batch_size,
                              loss="binary_cross_entropy")),
        SetData(prepared.X_train, prepared.T_train, prepared.X_test, prepared.T_test, prepared.n_classes,
                default_loss="binary_cross_entropy"),
        Build(tuple(sizes), tuple(activations), tuple(weights), tuple(biases), version, seed),
    ]
