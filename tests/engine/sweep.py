"""Random networks for the gradient-check sweep (shared by the tests)."""

from __future__ import annotations

import numpy as np

from playground.engine import ACTIVATIONS, INITS, LOSSES, Network

HIDDEN = ["identity", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "swish", "gaussian", "sin"]
KINKED = {"relu", "leaky_relu", "elu"}  # elu: its second derivative jumps at 0
# (output activation, loss, possible output widths)
OUTPUTS = [
    ("identity", "mse", (1, 2, 3)),
    ("sigmoid", "binary_cross_entropy", (1, 2)),
    ("softmax", "cross_entropy", (2, 3, 4)),
    ("sigmoid", "mse", (1, 2)),  # chain rule through sigmoid
    ("softmax", "mse", (2, 3)),  # chain rule through the softmax Jacobian
    ("tanh", "mse", (1, 2)),
    ("swish", "mse", (1,)),
    ("relu", "mse", (1, 2)),
]


def targets(rng, loss, n, k):
    if loss == "binary_cross_entropy":
        return rng.integers(0, 2, size=(n, k)).astype(float)
    if loss == "cross_entropy":
        return np.eye(k)[rng.integers(0, k, size=n)]
    return rng.normal(size=(n, k))


def random_case(seed: int):
    """A random (net, X, T, loss, regularization, rate) away from kinks.

    Draws again (from the same generator) while a relu/leaky_relu
    pre-activation or, with L1, a weight lies within 0.02 of its kink at 0,
    where finite differences cannot agree with a one-sided derivative.
    """
    rng = np.random.default_rng(seed)
    while True:
        depth = int(rng.integers(0, 4))
        n_in = int(rng.integers(1, 4))
        widths = [int(w) for w in rng.integers(1, 6, size=depth)]
        out_act, loss, ks = OUTPUTS[rng.integers(len(OUTPUTS))]
        k = int(rng.choice(ks))
        acts = [str(rng.choice(HIDDEN)) for _ in widths] + [out_act]
        init = str(rng.choice(sorted(INITS)))
        net = Network([n_in, *widths, k], acts, seed=int(rng.integers(1 << 30)), init=init)
        n = int(rng.integers(1, 8))
        X = rng.normal(size=(n, n_in))
        T = targets(rng, loss, n, k)
        regularization = str(rng.choice(["none", "l1", "l2"]))
        rate = float(rng.uniform(0.001, 0.1)) if regularization != "none" else 0.0
        trace = net.forward(X)
        near_kink = any(
            name in KINKED and np.min(np.abs(a)) < 0.02 for name, a in zip(net.activations, trace.a)
        )
        if regularization == "l1":
            near_kink |= min(np.min(np.abs(w)) for w in net.weights) < 0.02
        if not near_kink:
            return net, X, T, loss, regularization, rate


def output_pairs() -> list[tuple[str, str]]:
    """Every (output activation, loss) the engine accepts, read from the registries.

    Losses that work after any activation (the chain rule) pair with every
    activation, the others with their fused activation only (the matched pairs).
    """
    pairs = []
    for name, loss in LOSSES.items():
        if loss.any_activation:
            pairs += [(act, name) for act in ACTIVATIONS]
        else:
            pairs.append((loss.fused_activation, name))
    return pairs


def pair_case(out_act: str, loss: str, seed: int, n: int = 5):
    """A random (net, X, T) with output ``out_act`` trained with ``loss``.

    1-3 hidden layers of width 1-5 whose activations cycle through every
    hidden-capable one (so all of them meet every output pair across seeds).
    """
    rng = np.random.default_rng(seed)
    hidden = [name for name, act in ACTIVATIONS.items() if not act.output_only]
    depth = int(rng.integers(1, 4))
    widths = [int(w) for w in rng.integers(1, 6, size=depth)]
    acts = [hidden[(seed + l) % len(hidden)] for l in range(depth)] + [out_act]
    k = int(rng.integers(2, 4)) if ACTIVATIONS[out_act].output_only else int(rng.integers(1, 3))
    n_in = int(rng.integers(1, 4))
    net = Network([n_in, *widths, k], acts, seed=seed, init=str(rng.choice(sorted(INITS))))
    # Biases of 0 would hide a forgotten bias; give every one a value.
    for b in net.biases:
        b[...] = rng.uniform(-0.5, 0.5, size=b.shape)
    X = rng.normal(size=(n, n_in))
    return net, X, targets(rng, loss, n, k)
