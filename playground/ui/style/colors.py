"""Every colour the app defines, in one place: data colours, accents and message tints.

TF Playground taught everyone its colours, so data uses its diverging map:
orange (negative, class 0) - light grey (0) - blue (positive, class 1). The
map is built once as a pyqtgraph :class:`~pyqtgraph.ColorMap` and used by the
canvas (edges, rings, thumbnails), the plots (boundary, deltas) and the
dataset thumbnails; K classes get one hue each from :data:`CLASS_COLORS`.
Window chrome follows the Qt palette (``style/themes.py``); nothing else in the
app writes a colour code.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

# ------------------------------------------------------------------ data colours
NEGATIVE = "#F59322"   # orange: negative weights, outputs, deltas; class 0
POSITIVE = "#0877BD"   # blue: positive; class 1
NEUTRAL = "#E8EAEB"    # the middle of the diverging map (value 0)


def hex_to_rgb(color: str) -> np.ndarray:
    """``"#RRGGBB"`` -> ``ndarray (3,)`` of uint8."""
    color = color.lstrip("#")
    return np.array([int(color[k:k + 2], 16) for k in (0, 2, 4)], dtype=np.uint8)


ORANGE, GREY, BLUE = (hex_to_rgb(c).astype(float) for c in (NEGATIVE, NEUTRAL, POSITIVE))

#: One colour per class (at most ten): TF Playground's two first, then distinct hues.
CLASS_COLORS = np.array([
    ORANGE, BLUE, [44, 160, 44], [214, 39, 40], [148, 103, 189],
    [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
], dtype=np.uint8)

#: The diverging map over [0, 1]: orange at 0, grey at 0.5, blue at 1.
DIVERGING = pg.ColorMap(pos=np.array([0.0, 0.5, 1.0]), color=np.array([ORANGE, GREY, BLUE], dtype=np.ubyte))
LUT_SIZE = 256
#: ``(256, 3) uint8`` and ``(256, 4) uint8`` lookup tables of :data:`DIVERGING`, made once.
DIVERGING_RGB = DIVERGING.getLookupTable(start=0.0, stop=1.0, nPts=LUT_SIZE, alpha=False)
DIVERGING_RGBA = np.ascontiguousarray(DIVERGING.getLookupTable(start=0.0, stop=1.0, nPts=LUT_SIZE, alpha=True))
_DIVERGING_RGBA32 = DIVERGING_RGBA.view(np.uint32).ravel()  # one 4-byte gather per pixel instead of four

# ------------------------------------------------------------------ accents
INACTIVE = "#C9CDD0"   # an input feature that is switched off
SELECTED = "#2A2A2A"   # outline of the selected layer or neuron
PINNED = "#D81B60"     # outline of the pinned neuron
REFUSED = "#B23C17"    # why an edit was refused (made readable on the palette where shown)
INVALID = "#C62828"    # a value that cannot be parsed
TRAIN_CURVE = POSITIVE  # loss curves: train blue, test orange
TEST_CURVE = NEGATIVE
THUMB_BACKGROUND = "#FAFAFA"  # behind the dataset picker's points (the same in light and dark)

# Teaching views (step-through, gradient check, landscape, lessons).
FOCUS = "#1B9E4B"       # the neuron being computed, and the picked training point
READS = "#8E5BD0"       # what the current equation reads
SATURATED = "#D32F2F"   # a neuron whose slope f'(a) is near zero
NOTE = "#808080"        # side remarks in the equations
MET = "#2E7D32"         # a checkpoint met, a check passed
FAILED = INVALID        # a check failed
PATH = "#FF4D4D"        # the path of training across the loss landscape

#: Message tints ``(background, text, border)`` per level, for a light and for a
#: dark palette. The dark ones are deep tints with pale text: a pink band with the
#: dark palette's pale text was unreadable.
BANNER = {
    False: {
        "error": ("#FDECEA", "#8A1C12", "#F5C2BC"),
        "warning": ("#FFF4E5", "#7A4A00", "#F9D9A8"),
        "info": ("#E8F1FB", "#0B3C6B", "#BBD4F0"),
    },
    True: {
        "error": ("#4A1F1C", "#FFD9D4", "#8C3B33"),
        "warning": ("#45331A", "#FFE2B8", "#8A6630"),
        "info": ("#1B3147", "#D3E6FA", "#3F6A94"),
    },
}


# ------------------------------------------------------------------ lookups
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
    rgba = _DIVERGING_RGBA32[index.astype(np.uint8)]
    return rgba.view(np.uint8).reshape(*np.shape(values), 4)


def sign_color(value: float) -> str:
    """Blue for positive (and zero), orange for negative."""
    return NEGATIVE if value < 0 else POSITIVE
