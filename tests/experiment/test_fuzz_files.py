"""Any JSON in any field gives either an experiment or an ExperimentError, never another exception."""

from __future__ import annotations

import copy

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.experiment import ExperimentError, experiment_from_dict, experiment_to_dict, upgrade
from playground.experiment.experiment import Experiment
from playground.experiment.network import LayerSpec, NetworkSpec
from playground.experiment.state import TrainedState

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)

BASE = experiment_to_dict(Experiment(
    network=NetworkSpec(hidden=(LayerSpec(3, "relu"),)),
    state=TrainedState(weights=(np.ones((2, 3)), np.ones((3, 1))), biases=(np.zeros(3), np.zeros(1)),
                       loss_epochs=(1.0,), train_loss=(0.5,), test_loss=(0.6,), feature_names=("x1", "x2"),
                       norm_mean=np.zeros(2), norm_std=np.ones(2)),
))


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:2]):
            yield from _paths(v, prefix + (i,))


PATHS = [p for p in _paths(BASE) if p]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), json_values)
def test_one_field_replaced_by_random_json(path, value):
    doc = copy.deepcopy(BASE)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    try:
        experiment = experiment_from_dict(upgrade(doc))
    except ExperimentError:
        return
    # Whatever was accepted must survive its own round trip.
    assert experiment_from_dict(experiment_to_dict(experiment)) == experiment
