"""Colour maps of the output panel, as NumPy lookups returning ``uint8`` RGB images.

Two classes use the app's diverging map (``ui/style/colors.py``; by default
orange (class 0, negative) - light grey - blue (class 1, positive)). K classes
get one hue each with the confidence as lightness; regression gets a sequential map
(viridis). The sequential maps (viridis, plasma) are tables in
``resources/colormaps``: building pyqtgraph's ``ColorMap`` from its own file took
~4 ms per map, at start-up. Building the RGB image
here (instead of ImageItem levels) keeps every map one vectorized lookup and
makes the drawn colours testable without a screen.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from playground.assets import resource_path
from playground.ui.style import colors

#: Stops of each shipped sequential map (rows of ``r,g,b`` in 0..255).
TABLE_ROWS = 256


@lru_cache(maxsize=None)
def colormap_table(name: str) -> np.ndarray:
    """The sequential map ``name`` (``"viridis"`` or ``"plasma"``) as its ``(256, 3) uint8`` stops.

    Read once from ``resources/colormaps/<name>.csv``; the array is shared, so it is read-only.
    A missing or damaged table (a broken install) falls back to pyqtgraph's own map: the same
    colours, only slower to build.
    """
    try:
        text = resource_path("colormaps", f"{name}.csv").read_text(encoding="ascii")
        table = np.array([int(v) for v in text.replace(",", " ").split()], dtype=np.uint8).reshape(TABLE_ROWS, 3)
    except (OSError, ValueError, OverflowError):
        import pyqtgraph as pg

        table = np.asarray(pg.colormap.get(name).getColors(mode="byte"), dtype=np.uint8)[:, :3]
    table.setflags(write=False)
    return table


def colormap_at(name: str, positions) -> np.ndarray:
    """Colours of the map ``name`` at ``positions`` in [0, 1], interpolated between its stops.

    Parameters
    ----------
    name : str
        ``"viridis"`` or ``"plasma"``.
    positions : array_like, shape (m,)

    Returns
    -------
    ndarray, shape (m, 3), float in [0, 1]
        Linear in RGB between neighbouring stops, as pyqtgraph's ``ColorMap.map`` does.
    """
    table = colormap_table(name) / 255.0
    stops = np.linspace(0.0, 1.0, len(table))
    t = np.clip(np.asarray(positions, dtype=float), 0.0, 1.0)
    return np.stack([np.interp(t, stops, table[:, k]) for k in range(3)], axis=-1)


def sequential_lut() -> np.ndarray:
    """``(256, 3) uint8`` viridis: the regression map (read-only)."""
    return colormap_table("viridis")


def _lookup(lut: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Map ``t`` in [0, 1] (NaN -> middle) through ``lut``."""
    t = np.nan_to_num(np.clip(t, 0.0, 1.0), nan=0.5)
    return lut[np.round(t * (len(lut) - 1)).astype(np.intp)]


def two_class_rgb(values: np.ndarray, low: float = 0.0, high: float = 1.0,
                  discretize: bool = False) -> np.ndarray:
    """Colour a two-class output.

    Parameters
    ----------
    values : ndarray, shape (r, c)
        Network output; ``low`` means class 0 (orange), ``high`` class 1 (blue).
    low, high : float
        The output activation's range (0..1 for sigmoid, -1..1 for tanh).
    discretize : bool
        Show only the decided class (threshold at the middle of the range).

    Returns
    -------
    ndarray, shape (r, c, 3), uint8
    """
    t = (np.asarray(values, dtype=float) - low) / (high - low)
    if discretize:
        t = np.where(t >= 0.5, 1.0, 0.0)
    return _lookup(colors.DIVERGING_RGB, t)


def multiclass_rgb(probabilities: np.ndarray, discretize: bool = False) -> np.ndarray:
    """One hue per class, lightness from the confidence.

    Parameters
    ----------
    probabilities : ndarray, shape (r, c, K)
        Class scores (softmax output), K <= 10.
    discretize : bool
        Full colour for the winning class regardless of confidence.

    Returns
    -------
    ndarray, shape (r, c, 3), uint8
    """
    p = np.nan_to_num(np.asarray(probabilities, dtype=float), nan=0.0)
    k = p.shape[-1]
    winner = np.argmax(p, axis=-1)
    base = colors.class_rgb(winner, k).astype(float)
    if discretize:
        confidence = np.ones(winner.shape)
    else:
        # 1/K (a guess) -> white-ish, 1 (certain) -> full colour.
        confidence = np.clip((p.max(axis=-1) - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
    white = np.array([250.0, 250.0, 250.0])
    rgb = white + (base - white) * (0.15 + 0.85 * confidence[..., None])
    return np.round(rgb).astype(np.uint8)


def regression_rgb(values: np.ndarray, vmin: float, vmax: float, discretize: bool = False,
                   lut: np.ndarray | None = None) -> np.ndarray:
    """Sequential map of ``values`` ``(r, c)`` over ``[vmin, vmax]`` -> ``(r, c, 3) uint8``.

    ``discretize`` quantizes to 8 bands (contour-like).
    """
    span = vmax - vmin if vmax > vmin else 1.0
    t = (np.asarray(values, dtype=float) - vmin) / span
    if discretize:
        t = np.floor(np.clip(t, 0, 0.999) * 8) / 7
    return _lookup(sequential_lut() if lut is None else lut, t)


def signed_rgb(values: np.ndarray, scale: float, background=(128, 128, 128)) -> np.ndarray:
    """Diverging colour by sign and magnitude (orange < 0 < blue); NaN -> ``background``.

    Parameters
    ----------
    values : ndarray, any shape
    scale : float
        The magnitude drawn at full colour.

    Returns
    -------
    ndarray, shape ``values.shape + (3,)``, uint8
    """
    values = np.asarray(values, dtype=float)
    scale = scale if scale > 0 and np.isfinite(scale) else 1.0
    rgb = _lookup(colors.DIVERGING_RGB, 0.5 + 0.5 * values / scale)
    rgb[np.isnan(values)] = background
    return rgb
