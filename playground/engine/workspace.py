"""Preallocated buffers and op tapes for one batch size: the engine's fast path.

Why it looks like this: on a small network NumPy's ~1.5 us per call, not the
arithmetic, sets the speed. So

- every array of a forward and backward pass is allocated once per batch size
  and reused (``out`` given positionally, no temporaries);
- each layer's weights and bias live in one ``(fan_in + 1, fan_out)`` block and
  each hidden layer's output buffer carries an extra column of ones, so one
  matmul computes ``a = y W + b`` and one matmul computes both ``dJ/dW`` and
  ``dJ/db`` (the bias row is ``sum_i delta_i``);
- the hidden layers' ``y`` and ``f'(a)`` buffers are consecutive blocks of two
  flat arrays, so ``f'(a)`` of a run of layers sharing an activation whose
  derivative depends on ``y`` alone (tanh, sigmoid, relu, ...) costs the
  calls of one layer;
- products go through ``np.dot`` with ``out`` (its C implementation, see
  ``kernels``), which costs about half of ``np.matmul``'s per-call overhead
  on small matrices;
- the output activation and the loss are fused where it pays (sigmoid with
  binary cross-entropy shares its ``softplus(a)``; softmax with cross-entropy
  its row maximum and sum);
- the passes are flattened into tapes of ``(ufunc, args)`` run by a bare loop.

A workspace belongs to one :class:`~playground.engine.network.Network` and
reads its parameter blocks in place, so edits of ``net.weights`` are seen by
the next pass.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation
from .kernels import dot
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
        Same shapes, where the gradients summed over the batch go.

    Attributes
    ----------
    x_aug : ndarray (n, n_in + 1)
        Input buffer whose last column is 1; ``inputs`` is its ``(n, n_in)`` view.
    a, y, delta : list of ndarray (n, sizes[l+1])
        Pre-activations, outputs and per-sample deltas ``dJ_i/da`` of layer
        ``l`` (hidden ``y`` are strided views).
    """

    def __init__(self, activations: list[Activation], sizes: list[int], n: int, dtype, blocks, grad_blocks):
        n_layers = len(activations)
        hidden = sizes[1:-1]
        self.n = n
        self.x_aug = np.empty((n, sizes[0] + 1), dtype=dtype)
        self.x_aug[:, -1] = 1
        self.inputs = self.x_aug[:, : sizes[0]]

        # Hidden y and f'(a): blocks (n, width + 1) in two flat arrays. The
        # extra column of y holds the ones that multiply the next bias row
        # (f'(a) computed over it is finite and never read).
        total = sum(n * (w + 1) for w in hidden)
        flat_y = np.ones(total, dtype=dtype)
        flat_d = np.zeros(total, dtype=dtype)
        spans, y_aug, dfa = [], [], []
        self.y = []
        offset = 0
        for w in hidden:
            span = slice(offset, offset + n * (w + 1))
            spans.append(span)
            y_aug.append(flat_y[span].reshape(n, w + 1))
            self.y.append(y_aug[-1][:, :w])
            dfa.append(flat_d[span].reshape(n, w + 1)[:, :w])
            offset = span.stop
        self.y.append(np.empty((n, sizes[-1]), dtype=dtype))
        self.a = [np.empty((n, w), dtype=dtype) for w in sizes[1:]]  # C-contiguous: np.dot's out
        # Deltas as consecutive blocks of one flat array: one call copies them all.
        self.flat_delta = np.empty(n * sum(sizes[1:]), dtype=dtype)
        self.delta_layout = []
        offset = 0
        for w in sizes[1:]:
            self.delta_layout.append((slice(offset, offset + n * w), (n, w)))
            offset += n * w
        self.delta = [self.flat_delta[span].reshape(shape) for span, shape in self.delta_layout]
        self._activations = activations
        self._block0 = blocks[0]
        self._grad_block0 = grad_blocks[0]

        # Forward tape, after the first layer's matmul (whose input changes per
        # call) and up to the output pre-activation.
        forward = []
        for l in range(n_layers):
            if l > 0:
                forward.append((dot, (y_aug[l - 1], blocks[l], self.a[l])))
            if l < n_layers - 1:
                forward.extend(activations[l].forward_ops(self.a[l], self.y[l]))
        self._forward_tape = forward

        # f'(a) of the hidden layers: one set of ops per run of layers sharing an
        # activation whose derivative needs y only; per layer otherwise.
        derivative = []
        l = 0
        while l < len(hidden):
            act = activations[l]
            end = l + 1
            if act.derivative_uses_a:
                derivative.extend(act.derivative_ops(self.a[l], self.y[l], dfa[l]))
            elif not act.is_identity:
                while end < len(hidden) and activations[end] is act:
                    end += 1
                run = slice(spans[l].start, spans[end - 1].stop)
                derivative.extend(act.derivative_ops(None, flat_y[run], flat_d[run]))
            l = end

        # Backward tape, after the output delta: gradient blocks of layers
        # L-1 .. 1 and the deltas of layers L-2 .. 0.
        backward = []
        for l in range(n_layers - 1, 0, -1):
            backward.append((dot, (y_aug[l - 1].T, self.delta[l], grad_blocks[l])))
            backward.append((dot, (self.delta[l], blocks[l][:-1].T, self.delta[l - 1])))
            if not activations[l - 1].is_identity:
                backward.append((np.multiply, (self.delta[l - 1], dfa[l - 1], self.delta[l - 1])))
        self._backward_tape = derivative + backward  # one loop for both
        self._outputs: dict[str, tuple] = {}

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
            ``sum_i J_i`` (not yet divided by n). The gradient blocks then hold
            the sums over samples of ``dJ_i/dW`` and ``dJ_i/db``, ``a``, ``y``
            and ``delta`` the batch's values.
        """
        output = self._outputs.get(loss.name)
        if output is None:
            output_forward, output_delta = loss.build(self._activations[-1], self.a[-1], self.y[-1], self.delta[-1])
            output = self._outputs[loss.name] = (self._forward_tape + output_forward, output_delta)
        forward, output_delta = output
        dot(x_aug, self._block0, self.a[0])
        for fn, args in forward:
            fn(*args)
        total = output_delta(T)
        for fn, args in self._backward_tape:
            fn(*args)
        dot(x_aug.T, self.delta[0], self._grad_block0)
        return total
