"""Trainer.run_epoch(before_last_step=...): called once, just before the epoch's last step."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Network, Trainer


@pytest.mark.parametrize("batch_size, n", [(10, 95), (0, 40), (1, 7), (50, 40)])
def test_the_hook_sees_the_parameters_the_last_step_starts_from(batch_size, n):
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(n, 2)), (rng.random((n, 1)) > 0.5).astype(float)
    seen = []

    def make():
        net = Network([2, 4, 1], activations=["tanh", "sigmoid"], seed=1)
        return net, Trainer(net, X, T, batch_size=batch_size, seed=2)

    net, trainer = make()
    trainer.step()  # start mid-epoch: the hook still comes before the epoch's last step
    trainer.run_epoch(lambda: seen.append((trainer.steps, net.get_parameters())))
    twin_net, twin = make()
    twin.step()
    twin.run_epoch()
    assert twin.steps == trainer.steps and len(seen) == 1
    steps_before, (weights, _) = seen[0]
    assert steps_before == trainer.steps - 1
    # Replaying the same run up to that step gives those parameters.
    replay_net, replay = make()
    for _ in range(steps_before):
        replay.step()
    for got, want in zip(weights, replay_net.weights):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(net.weights[0], twin_net.weights[0])  # the hook changes nothing
