"""Loss and delta history whose memory and draw cost stay constant over any run length.

A run of 1,000,000 epochs must not keep 1,000,000 points. :class:`DecimatedHistory`
stores at most ``capacity`` points: it keeps every ``stride``-th point and, when
full, drops every other stored point and doubles the stride. The newest point is
always returned too, so the curve ends where training is. Plain NumPy, no Qt.
"""

from __future__ import annotations

import numpy as np


class DecimatedHistory:
    """Series ``y[s](x)`` sampled at a stride that doubles as the history grows.

    Parameters
    ----------
    n_series : int
        Number of y series sharing the x values (e.g. 2: train and test loss).
    capacity : int
        Most points stored (even, >= 4).
    """

    def __init__(self, n_series: int = 1, capacity: int = 4096) -> None:
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity must be an even number >= 4")
        self.n_series = int(n_series)
        self.capacity = int(capacity)
        self._x = np.empty(self.capacity)
        self._y = np.empty((self.n_series, self.capacity))
        self.clear()

    def clear(self) -> None:
        """Forget everything (a new network build)."""
        self._n = 0
        self.stride = 1
        self.count = 0  # points ever appended
        self._last_x = np.nan
        self._last_y = np.full(self.n_series, np.nan)

    def __len__(self) -> int:
        return self._n

    def append(self, x, ys) -> None:
        """Append points.

        Parameters
        ----------
        x : array_like, shape (k,)
        ys : array_like, shape (n_series, k)
        """
        x = np.asarray(x, dtype=float).reshape(-1)
        ys = np.asarray(ys, dtype=float).reshape(self.n_series, -1)
        if ys.shape[1] != x.size:
            raise ValueError(f"{x.size} x values but {ys.shape[1]} y values per series")
        if x.size == 0:
            return
        self._last_x, self._last_y = x[-1], ys[:, -1].copy()
        start = 0
        while start < x.size:
            # Global indices of the incoming points; keep those on the stride.
            idx = self.count + np.arange(x.size - start)
            keep = np.flatnonzero(idx % self.stride == 0)
            room = self.capacity - self._n
            take = keep[:room]
            self._x[self._n:self._n + take.size] = x[start + take]
            self._y[:, self._n:self._n + take.size] = ys[:, start + take]
            self._n += take.size
            if keep.size <= room:
                self.count += x.size - start
                return
            # Full: everything before the first point that did not fit is consumed.
            consumed = keep[room]
            self.count += consumed
            start += consumed
            self._compact()

    def _compact(self) -> None:
        half = self._n // 2
        self._x[:half] = self._x[0:self._n:2]
        self._y[:, :half] = self._y[:, 0:self._n:2]
        self._n = half
        # The kept points are those whose global index is a multiple of the
        # doubled stride, so later points continue the same even spacing.
        self.stride *= 2

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``(x (m,), y (n_series, m))`` copies, the newest point included."""
        x, y = self._x[:self._n], self._y[:, :self._n]
        if self.count and (self._n == 0 or x[-1] != self._last_x):
            x = np.append(x, self._last_x)
            y = np.concatenate([y, self._last_y[:, None]], axis=1)
        return x.copy(), y.copy()

    @property
    def last(self) -> tuple[float, np.ndarray]:
        """The newest ``(x, y (n_series,))`` appended (NaN when empty)."""
        return float(self._last_x), self._last_y.copy()
