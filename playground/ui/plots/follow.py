"""Axes that follow growing curves in jumps instead of re-autoranging every frame.

Re-ranging a plot repaints its axes (text and all), the costliest part of a
pyqtgraph frame drawn by the CPU. So the x axis grows by 25 % when the newest
point leaves the view, and the y axis changes only when the data leaves it or
fills less than a third of it.
"""

from __future__ import annotations

import numpy as np


def y_bounds(y: np.ndarray, log: bool) -> tuple[float, float] | None:
    """``(low, high)`` of the finite values of ``y`` in view units (log10 in log mode)."""
    finite = y[np.isfinite(y)]
    if log:
        finite = finite[finite > 0]
    if finite.size == 0:
        return None
    lo, hi = float(finite.min()), float(finite.max())
    return (float(np.log10(lo)), float(np.log10(hi))) if log else (lo, hi)


def follow(view, x: np.ndarray, y: np.ndarray, log: bool, force: bool = False) -> bool:
    """Adjust ``view`` (a ViewBox) to show ``x`` ``(m,)`` and ``y`` ``(..., m)`` with few range changes.

    Returns
    -------
    bool
        Whether there was data to range both axes on. A forced fit that found
        none (an empty plot just after a reset) must be asked for again.
    """
    if x.size == 0:
        return False
    (x0, x1), (y0, y1) = view.viewRange()
    last = float(x[-1])
    if force or last > x1 or x1 > 4 * max(last, 10):
        view.setXRange(0, max(10.0, last * 1.25), padding=0)
    bounds = y_bounds(np.asarray(y), log)
    if bounds is None:
        return False
    lo, hi = bounds
    span = max(hi - lo, 0.1 if log else 1e-6 * max(1.0, abs(hi)))
    if force or lo < y0 or hi > y1 or (y1 - y0) > 4 * span:
        # A falling curve keeps making new minima: leave room below so the
        # next ones do not re-range the axis again.
        view.setYRange(lo - 0.3 * span, hi + 0.05 * span, padding=0)
    return True


def reset_range(view, log: bool) -> None:
    """The empty view of a new run: epochs 0-10, and 1e-3..1 (log) or 0..1 on the y axis.

    Called when the curves start over (reset, new data, new network), so the
    previous run's axes never frame an empty plot.
    """
    view.setXRange(0.0, 10.0, padding=0)
    view.setYRange(-3.0 if log else 0.0, 0.0 if log else 1.0, padding=0)
