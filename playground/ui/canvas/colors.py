"""Colours of the canvas: TF Playground's orange (negative) to blue (positive).

Kept Qt-free (plain NumPy and hex strings) so the colour rules are easy to test.
"""

from __future__ import annotations

import numpy as np

NEGATIVE = "#F59322"   # orange: negative weights, outputs, deltas
POSITIVE = "#0877BD"   # blue: positive
NEUTRAL = "#E8EAEB"    # the middle of the colour map (value 0)
INACTIVE = "#C9CDD0"   # a feature that is switched off
SELECTED = "#2A2A2A"   # outline of the selected layer or neuron
PINNED = "#D81B60"     # outline of the pinned neuron


def hex_to_rgb(color: str) -> np.ndarray:
    """``"#RRGGBB"`` -> ``ndarray (3,)`` of uint8."""
    color = color.lstrip("#")
    return np.array([int(color[k:k + 2], 16) for k in (0, 2, 4)], dtype=np.uint8)


def _lut(n: int = 256) -> np.ndarray:
    """Colour map of ``n`` entries for values -1 .. 1: orange -> light grey -> blue, ``(n, 4)`` uint8."""
    t = np.linspace(-1.0, 1.0, n)[:, None]
    neg, mid, pos = (hex_to_rgb(c).astype(float) for c in (NEGATIVE, NEUTRAL, POSITIVE))
    rgb = np.where(t < 0, mid + (neg - mid) * (-t), mid + (pos - mid) * t)
    out = np.empty((n, 4), dtype=np.uint8)
    out[:, :3] = np.round(rgb).astype(np.uint8)
    out[:, 3] = 255
    return out


LUT = _lut()


LUT32 = LUT.view(np.uint32).ravel()  # one 4-byte gather per pixel instead of four


def map_values(values: np.ndarray) -> np.ndarray:
    """Colour each value: -1 (and below) orange, 0 grey, +1 (and above) blue.

    Parameters
    ----------
    values : ndarray, any shape ``S``
        NaN maps to the middle grey.

    Returns
    -------
    ndarray, shape ``S + (4,)``, uint8 RGBA
    """
    # float32 and in-place steps: this runs on every neuron's map every frame. A diverged
    # network's values (1e300) overflow float32 to inf, which the clip turns into full colour.
    with np.errstate(over="ignore", invalid="ignore"):
        index = np.multiply(np.asarray(values), 127.5, dtype=np.float32)
        index += 128.0
        np.clip(index, 0.0, 255.0, out=index)
    index[np.isnan(index)] = 128.0
    rgba = LUT32[index.astype(np.uint8)]
    return rgba.view(np.uint8).reshape(*np.shape(values), 4)


def sign_color(value: float) -> str:
    """Blue for positive (and zero), orange for negative."""
    return NEGATIVE if value < 0 else POSITIVE
