"""Which plane through the raw inputs a plot shows: :class:`PlaneSlice` (NumPy only).

Data with more than two raw inputs (iris has four) cannot be drawn whole on a
plane. The boundary plot shows a slice of the input space: two chosen inputs
span it and every other input is held at one value, its training mean unless
the user moves it (within the data's range). The slice is a view setting, not
part of the experiment; the app stores it as a plain record
(:meth:`PlaneSlice.to_record`) and :meth:`PlaneSlice.restored` applies a record
only to data with the same columns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from playground.data.errors import DataError, quoted

#: Significant digits of a held value in a caption.
CAPTION_DIGITS = 3


def padded_span(values: np.ndarray) -> tuple[float, float]:
    """A column's plot extent: its ``(min, max)`` with a 5 % margin, never empty.

    Parameters
    ----------
    values : ndarray, shape (n,)
    """
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = 0.05 * (hi - lo) if hi > lo else 1.0
    return (lo - pad, hi + pad)


def format_value(value: float) -> str:
    """A held value as a caption shows it: 3 significant digits, no exponent (``5.84``, ``1230``)."""
    return np.format_float_positional(float(value), precision=CAPTION_DIGITS, unique=True,
                                      fractional=False, trim="-")


@dataclass(frozen=True)
class PlaneSlice:
    """Two raw inputs spanning the plot's plane and the value every other input is held at.

    Build one with :func:`default_slice`; change it with :meth:`with_x`,
    :meth:`with_y` and :meth:`with_held` (each returns a new slice).

    Attributes
    ----------
    names : tuple of str, length d
        The raw input columns.
    x, y : int
        Columns along the horizontal and vertical axis (``x != y``); ``y`` is
        None for one-input data (the plot's vertical axis is the target then).
    held : tuple of float, length d
        The value each input is held at; the entries of ``x`` and ``y`` are unused.
    ranges : tuple of (float, float), length d
        Each column's ``(min, max)`` over the data: where a held value may be.
    spans : tuple of (float, float), length max(d, 2)
        Each column's plot extent (the first two are the data's ``input_bounds``,
        so generated data keeps its fixed square; ``spans[1]`` of one-input data
        is the extent of the missing vertical axis).
    means : tuple of float, length d
        Each column's training mean: the default held values (:meth:`at_means`).
    """

    names: tuple[str, ...]
    x: int
    y: int | None
    held: tuple[float, ...]
    ranges: tuple[tuple[float, float], ...]
    spans: tuple[tuple[float, float], ...]
    means: tuple[float, ...]

    @property
    def width(self) -> int:
        """The number of raw inputs ``d``."""
        return len(self.names)

    @property
    def held_columns(self) -> tuple[int, ...]:
        """The inputs held at one value (every column but ``x`` and ``y``), in column order."""
        return tuple(j for j in range(self.width) if j not in (self.x, self.y))

    @property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """``((x_min, x_max), (y_min, y_max))``: the plane's extent along the chosen columns."""
        return (self.spans[self.x], self.spans[1 if self.y is None else self.y])

    def with_x(self, column: int) -> PlaneSlice:
        """The plane with ``column`` along x; choosing the y column swaps the two axes."""
        column = self._column(column)
        if self.y is None:
            return self if column == self.x else replace(self, x=column)
        y = self.x if column == self.y else self.y
        return replace(self, x=column, y=y)

    def with_y(self, column: int) -> PlaneSlice:
        """The plane with ``column`` along y; choosing the x column swaps the two axes."""
        column = self._column(column)
        if self.y is None:
            raise DataError("one-input data has no second input to put along y")
        x = self.y if column == self.x else self.x
        return replace(self, x=x, y=column)

    def with_held(self, column: int, value: float) -> PlaneSlice:
        """The plane with input ``column`` held at ``value``, clipped into the data's range.

        Raises
        ------
        DataError
            If ``column`` is not an input or ``value`` is not a finite number.
        """
        column = self._column(column)
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise DataError(f"the value of {quoted(self.names[column])} must be a number, "
                            f"not {quoted(value)}") from None
        if not math.isfinite(value):
            raise DataError(f"the value of {quoted(self.names[column])} must be finite, not {value}")
        lo, hi = self.ranges[column]
        held = list(self.held)
        held[column] = min(max(value, lo), hi)
        return replace(self, held=tuple(held))

    def at_means(self) -> PlaneSlice:
        """The same axes with every other input held at its training mean."""
        return replace(self, held=self.means)

    def _column(self, column) -> int:
        if isinstance(column, bool) or not isinstance(column, (int, np.integer)) \
                or not 0 <= int(column) < self.width:
            raise DataError(f"input column {quoted(column)} does not exist; the data has {self.width} "
                            f"({', '.join(self.names)})")
        return int(column)

    def points(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """Raw points on the plane: ``xs`` in column ``x``, ``ys`` in ``y``, the others held.

        Parameters
        ----------
        xs, ys : ndarray, shape (m,)

        Returns
        -------
        ndarray, shape (m, d)
        """
        xs = np.asarray(xs, dtype=np.float64).reshape(-1)
        full = np.tile(np.asarray(self.held, dtype=np.float64), (xs.size, 1))
        full[:, self.x] = xs
        if self.y is not None:
            full[:, self.y] = np.asarray(ys, dtype=np.float64).reshape(-1)
        return full

    def project(self, raw: np.ndarray) -> np.ndarray:
        """The chosen two columns of raw points ``(n, d)`` -> ``(n, 2)``: where they sit on the plane."""
        raw = np.asarray(raw)
        return raw[:, [self.x, self.x if self.y is None else self.y]]

    def caption(self, axes: bool = True) -> str:
        """What the plane shows: ``"petal_length × petal_width, sepal_length = 5.84, sepal_width = 3.06"``.

        ``axes=False`` leaves out the two spanning inputs (a plot's axes already name them).
        """
        if self.y is None:
            return self.names[self.x] if axes else ""
        parts = [f"{self.names[self.x]} × {self.names[self.y]}"] if axes else []
        parts += [f"{self.names[j]} = {format_value(self.held[j])}" for j in self.held_columns]
        return ", ".join(parts)

    def to_record(self) -> dict:
        """The slice as plain JSON values, by column name: ``{"columns", "x", "y", "held"}``."""
        return {
            "columns": list(self.names),
            "x": self.names[self.x],
            "y": None if self.y is None else self.names[self.y],
            "held": {self.names[j]: self.held[j] for j in self.held_columns},
        }

    def restored(self, record) -> PlaneSlice:
        """This slice with the axes and held values of a stored ``record`` (:meth:`to_record`).

        A record of other columns, or one that is not a well-formed record, gives this
        slice unchanged (a stored view setting never stops the data from showing); held
        values outside the data's range are clipped into it.
        """
        if not isinstance(record, dict) or record.get("columns") != list(self.names):
            return self
        index = {name: j for j, name in enumerate(self.names)}
        plane = self
        try:
            x, y = index.get(record.get("x")), index.get(record.get("y"))
            if self.y is not None and x is not None and y is not None and x != y:
                plane = replace(plane, x=x, y=y)
            held = record.get("held")
            for name, value in (held.items() if isinstance(held, dict) else ()):
                if name in index:
                    plane = plane.with_held(index[name], value)
        except DataError:
            return self
        return plane


def default_slice(prepared) -> PlaneSlice:
    """The first two inputs span the plane, the others are held at their training mean.

    Parameters
    ----------
    prepared : PreparedData
        Gives ``raw_names``, ``raw_train`` ``(n, d)``, ``raw_test`` ``(m, d)`` and
        ``input_bounds`` (the extent of the first two columns).
    """
    names = tuple(prepared.raw_names)
    d = len(names)
    if d == 0:
        raise DataError("the data has no input columns to plot")
    train = np.asarray(prepared.raw_train, dtype=np.float64).reshape(-1, d)
    everything = np.concatenate([train, np.asarray(prepared.raw_test, dtype=np.float64).reshape(-1, d)])
    held = tuple(float(v) for v in train.mean(axis=0)) if len(train) else (0.0,) * d
    ranges = tuple((float(everything[:, j].min()), float(everything[:, j].max())) if len(everything)
                   else (0.0, 0.0) for j in range(d))
    spans = tuple((float(lo), float(hi)) for lo, hi in prepared.input_bounds)
    spans += tuple(padded_span(everything[:, j]) if len(everything) else (-1.0, 1.0) for j in range(2, d))
    return PlaneSlice(names=names, x=0, y=1 if d >= 2 else None, held=held, ranges=ranges, spans=spans,
                      means=held)
