"""The input plane as a grid, and the network evaluated on it from a snapshot's weights.

The GUI draws the decision boundary and every neuron's map itself, from the
weights in the newest snapshot: one forward pass of the engine's own Network
(``Network.from_parameters(...).forward``) on ``r x r`` grid points. It runs in
float32 (half the cost of float64; the colours cannot show the difference).

Orientation: ``maps[..., i, j]`` is the value at ``x1 = xs[j]``, ``x2 = ys[i]``
with ``ys`` ascending, so row 0 is the lowest ``x2`` (an ImageItem with
``axisOrder="row-major"`` draws it the right way up). With more than two raw
inputs, ``x1`` and ``x2`` are the two columns the plane's :class:`PlaneSlice`
chose; the other inputs are held at its values.
"""

from __future__ import annotations

import numpy as np

from playground.data.slices import PlaneSlice, default_slice
from playground.engine import Network

DEFAULT_RESOLUTION = 100
MIN_RESOLUTION, MAX_RESOLUTION = 20, 200
#: The choices offered for the boundary and neuron-map grid (points per side).
RESOLUTIONS = (50, 100, 150, 200)


class BoundaryGrid:
    """Grid points over a plane through the data's inputs, mapped through its features once.

    Parameters
    ----------
    prepared : PreparedData
        Gives the feature recipe and the normalization.
    resolution : int
        Points per side ``r`` (20..200).
    plane : PlaneSlice, optional
        The two inputs spanning the plane (their extents are its bounds) and the
        value every other input is held at; default :func:`default_slice` (the
        first two inputs, the others at their training mean).
    """
    def __init__(self, prepared, resolution: int = DEFAULT_RESOLUTION, plane: PlaneSlice | None = None) -> None:
        r = int(np.clip(resolution, MIN_RESOLUTION, MAX_RESOLUTION))
        self.resolution = r
        self.plane = default_slice(prepared) if plane is None else plane
        (x0, x1), (y0, y1) = self.plane.bounds
        self.bounds = ((float(x0), float(x1)), (float(y0), float(y1)))
        self.xs = np.linspace(x0, x1, r)
        self.ys = np.linspace(y0, y1, r)
        gx, gy = np.meshgrid(self.xs, self.ys)  # gx[i, j] = xs[j], gy[i, j] = ys[i]
        self.raw_points = self.plane.points(gx.ravel(), gy.ravel())  # (r * r, d)
        self.features = np.ascontiguousarray(prepared.features_for(self.raw_points), dtype=np.float32)  # (r * r, k)

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
