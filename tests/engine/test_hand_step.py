"""One SGD step on a 2-2-1 network, worked out by hand with plain Python floats.

Network: inputs x1, x2 -> two sigmoid hidden units -> one sigmoid output,
binary cross-entropy, a full batch of two samples, learning rate 0.5.
"""

from __future__ import annotations

import math

import numpy as np

from playground.engine import Network, Trainer

W1 = [[0.1, -0.2], [0.3, 0.4]]  # W1[i][j]: input i -> hidden j
B1 = [0.05, -0.05]
W2 = [0.7, -0.6]  # hidden j -> output
B2 = 0.2
SAMPLES = [((0.5, -1.0), 1.0), ((1.0, 2.0), 0.0)]
LR = 0.5


def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


def test_one_sgd_step_by_hand():
    # Forward and backward for each sample, in the notation a, y, delta.
    gW1 = [[0.0, 0.0], [0.0, 0.0]]
    gB1 = [0.0, 0.0]
    gW2 = [0.0, 0.0]
    gB2 = 0.0
    loss = 0.0
    for (x1, x2), t in SAMPLES:
        a1 = [x1 * W1[0][0] + x2 * W1[1][0] + B1[0], x1 * W1[0][1] + x2 * W1[1][1] + B1[1]]
        y1 = [sig(a1[0]), sig(a1[1])]
        a2 = y1[0] * W2[0] + y1[1] * W2[1] + B2
        y2 = sig(a2)
        loss += -(t * math.log(y2) + (1 - t) * math.log(1 - y2)) / 2
        d2 = y2 - t  # output delta, sigmoid + cross-entropy
        d1 = [y1[0] * (1 - y1[0]) * W2[0] * d2, y1[1] * (1 - y1[1]) * W2[1] * d2]
        # Gradients of the mean over the two samples.
        for j in range(2):
            gW2[j] += y1[j] * d2 / 2
            gB1[j] += d1[j] / 2
            gW1[0][j] += x1 * d1[j] / 2
            gW1[1][j] += x2 * d1[j] / 2
        gB2 += d2 / 2
    new_W1 = [[W1[i][j] - LR * gW1[i][j] for j in range(2)] for i in range(2)]
    new_B1 = [B1[j] - LR * gB1[j] for j in range(2)]
    new_W2 = [W2[j] - LR * gW2[j] for j in range(2)]
    new_B2 = B2 - LR * gB2

    # For the first sample, worked to a few digits so the reader can follow:
    # a1 = (0.05 - 0.3 + 0.05, -0.1 - 0.4 - 0.05) = (-0.2, -0.55).
    assert abs(0.5 * W1[0][0] - 1.0 * W1[1][0] + B1[0] - (-0.2)) < 1e-15
    assert abs(0.5 * W1[0][1] - 1.0 * W1[1][1] + B1[1] - (-0.55)) < 1e-15

    net = Network.from_parameters([np.array(W1), np.array([[W2[0]], [W2[1]]])],
                                  [np.array(B1), np.array([B2])], ["sigmoid", "sigmoid"])
    X = np.array([s[0] for s in SAMPLES])
    T = np.array([[s[1]] for s in SAMPLES])
    trainer = Trainer(net, X, T, loss="binary_cross_entropy", optimizer="sgd", learning_rate=LR, batch_size=None)
    step_loss = trainer.step()

    assert abs(step_loss - loss) < 1e-12
    np.testing.assert_allclose(net.weights[0], new_W1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(net.biases[0], new_B1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(net.weights[1][:, 0], new_W2, rtol=0, atol=1e-12)
    np.testing.assert_allclose(net.biases[1], [new_B2], rtol=0, atol=1e-12)
    # The step really moved every parameter (so the comparison above is not vacuous).
    assert min(abs(gW1[0][0]), abs(gW1[1][1]), abs(gW2[0]), abs(gB2)) > 1e-4
