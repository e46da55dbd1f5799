"""The default example's network and training set (the app's start-up experiment)."""

from __future__ import annotations

import pytest

from playground.data import prepare
from playground.experiment import default_experiment
from playground.experiment.build import build_network


@pytest.fixture(scope="module")
def default_case():
    experiment = default_experiment()
    prepared = prepare(experiment.data)
    net = build_network(experiment, prepared)
    return net, prepared.X_train, prepared.T_train, experiment.training.loss
