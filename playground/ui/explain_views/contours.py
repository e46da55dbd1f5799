"""Contour lines of a gridded surface, as line segments (marching squares in NumPy, no Qt).

The landscape view draws every contour of every level as one item of
unconnected segments (pyqtgraph ``connect="pairs"``), so a 41 x 41 surface
with ten levels costs one vectorized pass per level instead of a Python loop
over its 1,600 cells.
"""

from __future__ import annotations

import numpy as np

#: Contour levels per surface.
N_LEVELS = 10


def contour_levels(J: np.ndarray, n: int = N_LEVELS) -> np.ndarray:
    """``n`` levels at evenly spaced quantiles (5 % .. 95 %) of the finite values of ``J``.

    Quantiles put the lines where the surface has area, so a deep narrow
    valley and its steep walls both get lines (evenly spaced values would
    crowd them on the walls). Repeated values (a flat surface) collapse.
    """
    finite = J[np.isfinite(J)]
    if finite.size == 0 or n < 1:
        return np.zeros(0)
    levels = np.unique(np.quantile(finite, np.linspace(0.05, 0.95, n)))
    return levels[(levels > finite.min()) & (levels < finite.max())]


def contour_segments(x: np.ndarray, y: np.ndarray, Z: np.ndarray, levels) -> np.ndarray:
    """Segments of the contour lines ``Z = level`` for each level.

    Parameters
    ----------
    x : ndarray (nx,)
        Column coordinates.
    y : ndarray (ny,)
        Row coordinates.
    Z : ndarray (ny, nx)
        ``Z[r, c]`` is the value at ``(x[c], y[r])``.
    levels : sequence of float

    Returns
    -------
    ndarray (2 m, 2)
        ``m`` segments as consecutive pairs of ``(x, y)`` points, linearly
        interpolated on the grid's cell edges. Cells with a non-finite corner
        are skipped.
    """
    x, y, Z = np.asarray(x, float), np.asarray(y, float), np.asarray(Z, float)
    if Z.shape != (y.size, x.size) or min(Z.shape) < 2:
        raise ValueError(f"Z must be (len(y), len(x)) with at least 2 x 2 values, not {Z.shape}")
    corners = (Z[:-1, :-1], Z[:-1, 1:], Z[1:, 1:], Z[1:, :-1])  # counter-clockwise from lower left
    finite = np.logical_and.reduce([np.isfinite(c) for c in corners])
    X0, Y0 = np.meshgrid(x[:-1], y[:-1])
    X1, Y1 = np.meshgrid(x[1:], y[1:])
    # Cell edges in order bottom, right, top, left: (start corner, end corner, start point, end point).
    edges = ((0, 1, (X0, Y0), (X1, Y0)), (1, 2, (X1, Y0), (X1, Y1)),
             (2, 3, (X1, Y1), (X0, Y1)), (3, 0, (X0, Y1), (X0, Y0)))
    out = []
    for level in levels:
        above = [c >= level for c in corners]
        crossed, points = [], []
        for a, b, (xa, ya), (xb, yb) in edges:
            hit = finite & (above[a] != above[b])
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.where(hit, (level - corners[a]) / (corners[b] - corners[a]), 0.0)
            crossed.append(hit)
            points.append(np.stack([xa + t * (xb - xa), ya + t * (yb - ya)], axis=-1))
        crossed, points = np.array(crossed), np.array(points)  # (4, ny-1, nx-1), (4, ny-1, nx-1, 2)
        count = crossed.sum(axis=0)
        # Two crossed edges: one segment between them.
        r, c = np.nonzero(count == 2)
        if r.size:
            k = crossed[:, r, c]
            first, second = np.argmax(k, axis=0), 3 - np.argmax(k[::-1], axis=0)
            out.append(np.stack([points[first, r, c], points[second, r, c]], axis=1).reshape(-1, 2))
        # Four (a saddle): the cell's mean decides which two corners the lines cut off.
        r, c = np.nonzero(count == 4)
        if r.size:
            centre_above = sum(corner[r, c] for corner in corners) / 4 >= level
            cut_00 = centre_above != above[0][r, c]  # cut off corners 0 and 2, else 1 and 3
            pairs = np.where(cut_00[:, None, None], np.array([[3, 0], [1, 2]]), np.array([[0, 1], [2, 3]]))
            for s in range(2):
                out.append(np.stack([points[pairs[:, s, 0], r, c], points[pairs[:, s, 1], r, c]],
                                    axis=1).reshape(-1, 2))
    return np.concatenate(out) if out else np.zeros((0, 2))
