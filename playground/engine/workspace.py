"""Preallocated buffers and op tapes for one batch size: the engine's fast path.

Why it looks like this: on a small network NumPy's ~1.5 us per call, not the
arithmetic, sets the speed. So

- every array of a forward and backward pass is allocated once per batch size
  and reused (``out`` given positionally, no temporaries);
- each hidden layer's output buffer carries an extra column of ones and each
  layer's weights and bias live in one ``(fan_in + 1, fan_out)`` block, so one
  matmul computes ``a = y W + b`` and one matmul computes both ``dJ/dW`` and
  ``dJ/db`` (the bias row is ``sum_i delta_i``);
- the passes are flattened into tapes of ``(ufunc, args)`` run by a bare loop.

A workspace is owned by one :class:`~playground.engine.network.Network` and
reads its parameter blocks in place, so edits of ``net.weights`` are seen by the
next pass.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation
from .losses import Loss


class Workspace:
    """Buffers and tapes of one network for batches of ``n`` samples.

    Parameters
    ----------
    activations : list of Activation
        One per weight layer.
    sizes : list of int
        ``[n_in, ..., n_out]``.
    n : int
        Batch size.
    dtype : numpy dtype
    blocks : list of ndarray
        ``blocks[l]`` ``(sizes[l] + 1, sizes[l+1])``: weights stacked on the bias row.
    grad_blocks : list of ndarray
        Same shapes, where the (unscaled, summed over samples) gradients go.

    Attributes
    ----------
    x_aug : ndarray (n, n_in + 1)
        Input buffer whose last column is 1; ``inputs`` is its ``(n, n_in)`` view.
    a, y, delta : list of ndarray (n, sizes[l+1])
        Pre-activations, outputs and per-sample deltas ``dJ_i/da`` of layer ``l``.
    """

    def __init__(self, activations: list[Activation], sizes: list[int], n: int, dtype, blocks, grad_blocks):
        n_layers = len(activations)
        self.n = n
        self.x_aug = np.empty((n, sizes[0] + 1), dtype=dtype)
        self.x_aug[:, -1] = 1
        self.inputs = self.x_aug[:, : sizes[0]]
        self.a = [np.empty((n, width), dtype=dtype) for width in sizes[1:]]
        self.delta = [np.empty((n, width), dtype=dtype) for width in sizes[1:]]
        y_aug = []
        self.y = []
        for l, width in enumerate(sizes[1:]):
            if l < n_layers - 1:
                buf = np.empty((n, width + 1), dtype=dtype)
                buf[:, -1] = 1  # the ones column that multiplies the next layer's bias row
                y_aug.append(buf)
                self.y.append(buf[:, :width])
            else:
                self.y.append(np.empty((n, width), dtype=dtype))
        self._activations = activations
        self._block0 = blocks[0]
        self._grad_block0 = grad_blocks[0]

        # Forward tape, after the first layer's matmul (whose input changes per call).
        forward = []
        for l, act in enumerate(activations):
            if l > 0:
                forward.append((np.matmul, (y_aug[l - 1], blocks[l], self.a[l])))
            forward.extend(act.forward_ops(self.a[l], self.y[l]))
        self._forward_tape = forward

        # Backward tape, after the output delta: gradient blocks of layers L-1 .. 1
        # and the deltas of layers L-2 .. 0.
        backward = []
        for l in range(n_layers - 1, 0, -1):
            weights_t = blocks[l][:-1].T
            backward.append((np.matmul, (y_aug[l - 1].T, self.delta[l], grad_blocks[l])))
            backward.append((np.matmul, (self.delta[l], weights_t, self.delta[l - 1])))
            backward.extend(activations[l - 1].backprop_ops(self.a[l - 1], self.y[l - 1], self.delta[l - 1]))
        self._backward_tape = backward
        self._outputs: dict[str, object] = {}

    def forward(self, x_aug: np.ndarray) -> None:
        """Fill ``a`` and ``y`` for the batch ``x_aug`` ``(n, n_in + 1)`` (last column ones)."""
        np.matmul(x_aug, self._block0, self.a[0])
        for fn, args in self._forward_tape:
            fn(*args)

    def forward_backward(self, x_aug: np.ndarray, T: np.ndarray, loss: Loss) -> float:
        """One forward and backward pass.

        Parameters
        ----------
        x_aug : ndarray (n, n_in + 1)
            Inputs with a last column of ones (``self.x_aug`` or a slice of a
            trainer's shuffled copy).
        T : ndarray (n, n_out)
            Targets, C-contiguous, of the workspace's dtype.
        loss : Loss
            Already checked against the output activation.

        Returns
        -------
        float
            ``sum_i J_i`` (not yet divided by n). The gradient blocks hold the
            sums over samples of ``dJ_i/dW``; ``delta`` the per-sample deltas.
        """
        output = self._outputs.get(loss.name)
        if output is None:
            output = loss.build(self._activations[-1], self.a[-1], self.y[-1], self.delta[-1])
            self._outputs[loss.name] = output
        np.matmul(x_aug, self._block0, self.a[0])
        for fn, args in self._forward_tape:
            fn(*args)
        total = output(T)
        for fn, args in self._backward_tape:
            fn(*args)
        np.matmul(x_aug.T, self.delta[0], self._grad_block0)
        return total
