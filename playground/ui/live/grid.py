"""The input plane as a grid, and the network evaluated on it from a snapshot's weights.

The GUI draws the decision boundary and every neuron's map itself, from the
weights in the newest snapshot: one forward pass of the engine's own Network
(``Network.from_parameters(...).forward``) on ``r x r`` grid points. It runs in
float32 (half the cost of float64; the colours cannot show the difference).

Orientation: ``maps[..., i, j]`` is the value at ``x1 = xs[j]``, ``x2 = ys[i]``
with ``ys`` ascending, so row 0 is the lowest ``x2`` (an ImageItem with
``axisOrder="row-major"`` draws it the right way up).
"""

from __future__ import annotations

import numpy as np

from playground.engine import Network

DEFAULT_RESOLUTION = 100
MIN_RESOLUTION, MAX_RESOLUTION = 20, 200
#: The choices offered for the boundary and neuron-map grid (points per side).
RESOLUTIONS = (50, 100, 150, 200)


class BoundaryGrid:
    """Grid points over the data's input bounds, mapped through its features once.

    Parameters
    ----------
    prepared : PreparedData
        Gives the bounds, the feature recipe and the normalization.
    resolution : int
        Points per side ``r`` (20..200).
    """
    def __init__(self, prepared, resolution: int = DEFAULT_RESOLUTION) -> None:
        r = int(np.clip(resolution, MIN_RESOLUTION, MAX_RESOLUTION))
        self.resolution = r
        (x0, x1), (y0, y1) = prepared.input_bounds
        self.bounds = ((float(x0), float(x1)), (float(y0), float(y1)))
        self.xs = np.linspace(x0, x1, r)
        self.ys = np.linspace(y0, y1, r)
        gx, gy = np.meshgrid(self.xs, self.ys)  # gx[i, j] = xs[j], gy[i, j] = ys[i]
        raw = np.column_stack([gx.ravel(), gy.ravel()])
        raw_width = len(prepared.raw_names)
        if raw_width != 2:
            # CSV data with other than two raw columns: the plane spans the first
            # two, the others sit at their training mean.
            means = prepared.raw_train.mean(axis=0)
            full = np.tile(means, (raw.shape[0], 1))
            full[:, : min(2, raw_width)] = raw[:, : min(2, raw_width)]
            raw = full
        self.raw_points = raw  # (r * r, d)
        self.features = np.ascontiguousarray(prepared.features_for(raw), dtype=np.float32)  # (r * r, k)

    def evaluate(self, weights, biases, activations):
        """Forward pass on the grid.

        Parameters
        ----------
        weights, biases : sequence of ndarray
            A snapshot's parameters.
        activations : sequence of str
            Activation of each weight layer.

        Returns
        -------
        output : ndarray, shape (r, r, n_out)
            The network's output over the plane.
        neuron_maps : list of ndarray
            ``neuron_maps[0]`` is ``(n_features, r, r)`` (the inputs),
            ``neuron_maps[l + 1]`` is ``(fan_out_l, r, r)`` (outputs ``y`` of layer ``l``).
        """
        r = self.resolution
        # Weights of a diverging run may not fit float32: inf/NaN pixels, not warnings.
        with np.errstate(all="ignore"):
            net = Network.from_parameters(list(weights), list(biases), list(activations), dtype=np.float32)
            trace = net.forward(self.features)
        maps = [self.features.T.reshape(-1, r, r)]
        maps += [y.T.reshape(-1, r, r) for y in trace.y]
        output = trace.y[-1].reshape(r, r, -1)
        return output, maps
