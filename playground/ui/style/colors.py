"""Every colour the app defines, in one place: data colours, accents and message tints.

TF Playground taught everyone its colours, so data uses its diverging map by
default: orange (negative, class 0) - light grey (0) - blue (positive, class 1).
Edit > Preferences offers colour-blind-safe alternatives: a diverging map from
:data:`DIVERGING_MAPS` and a class palette from :data:`CLASS_PALETTES`.
:func:`use_palettes` switches both: the current map is built once as a
pyqtgraph :class:`~pyqtgraph.ColorMap` and used by the canvas (edges, rings,
thumbnails), the plots (boundary, deltas) and the dataset thumbnails, and
:data:`~playground.ui.style.changes.style_changes` announces the change so the
widgets that drew with the old colours redraw.

Because the data colours can change while the app runs, read them as
``colors.NAME`` (or through :func:`class_rgb`, :func:`map_values`) when
drawing, never ``from colors import NAME`` (that copies the colour of the
moment; ``tests/ui/test_preferences.py`` checks). Window chrome follows the Qt
palette (``style/themes.py``); nothing else in the app writes a colour code.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from playground.ui.style.changes import style_changes

# ------------------------------------------------------------------ data colours
#: Diverging maps: name -> (menu label, (negative, middle, positive)). The ends of
#: ColorBrewer's RdBu, PRGn and BrBG are colour-blind safe (distinct with any common
#: colour-vision deficiency). Every map keeps the default's light grey middle: ColorBrewer's
#: near-white one vanished on the white canvas (zero-delta rings, thumbnails' zero regions).
DIVERGING_MAPS = {
    "orange-blue": ("Orange – grey – blue (TF Playground, default)", ("#F59322", "#E8EAEB", "#0877BD")),
    "red-blue": ("Red – blue (ColorBrewer RdBu, colour-blind safe)", ("#CA0020", "#E8EAEB", "#0571B0")),
    "purple-green": ("Purple – green (ColorBrewer PRGn, colour-blind safe)", ("#7B3294", "#E8EAEB", "#008837")),
    "brown-teal": ("Brown – teal (ColorBrewer BrBG, colour-blind safe)", ("#A6611A", "#E8EAEB", "#018571")),
}
#: Class palettes for three or more classes: name -> (menu label, colours). At most
#: ten classes; a shorter palette repeats. Two classes take the diverging map's ends
#: instead (:func:`class_rgb`), so their points match the boundary behind them.
CLASS_PALETTES = {
    "orange-blue": ("Orange, blue, … (TF Playground, default)",
                    ("#F59322", "#0877BD", "#2CA02C", "#D62728", "#9467BD",
                     "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF")),
    # Okabe & Ito's set without its black (it vanished on the dark theme).
    "okabe-ito": ("Okabe–Ito (colour-blind safe)",
                  ("#E69F00", "#0072B2", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#999999")),
    "tol-bright": ("Paul Tol bright (colour-blind safe)",
                   ("#EE6677", "#4477AA", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB")),
    "tol-muted": ("Paul Tol muted (colour-blind safe, 9 classes)",
                  ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99",
                   "#999933", "#AA4499")),
}
DEFAULT_DIVERGING_MAP = DEFAULT_CLASS_PALETTE = "orange-blue"

# The colours of the default map: the loss curves and the UI accent keep them whatever map is chosen.
_ORANGE_CODE, _BLUE_CODE = DIVERGING_MAPS[DEFAULT_DIVERGING_MAP][1][0], DIVERGING_MAPS[DEFAULT_DIVERGING_MAP][1][2]


def hex_to_rgb(color: str) -> np.ndarray:
    """``"#RRGGBB"`` -> ``ndarray (3,)`` of uint8."""
    color = color.lstrip("#")
    return np.array([int(color[k:k + 2], 16) for k in (0, 2, 4)], dtype=np.uint8)


LUT_SIZE = 256


def palette_table(name: str) -> np.ndarray:
    """The class palette ``name`` (a key of :data:`CLASS_PALETTES`) as ``(k, 3) uint8``."""
    return np.array([hex_to_rgb(c) for c in CLASS_PALETTES[name][1]], dtype=np.uint8)


def diverging_colormap(name: str) -> pg.ColorMap:
    """The diverging map ``name`` (a key of :data:`DIVERGING_MAPS`) over [0, 1]: negative, middle, positive."""
    ends = np.array([hex_to_rgb(c) for c in DIVERGING_MAPS[name][1]], dtype=np.ubyte)
    return pg.ColorMap(pos=np.array([0.0, 0.5, 1.0]), color=ends)


def map_table(name: str, n: int = LUT_SIZE) -> np.ndarray:
    """The diverging map ``name`` as an ``(n, 3) uint8`` lookup table (the dialog's previews)."""
    return diverging_colormap(name).getLookupTable(start=0.0, stop=1.0, nPts=n, alpha=False)

# The current palettes, set by use_palettes() below (read them as colors.NAME when drawing):
NEGATIVE: str        # negative weights, outputs, deltas; class 0 of two
POSITIVE: str        # positive; class 1 of two
NEUTRAL: str         # the middle of the diverging map (value 0)
CLASS_COLORS: np.ndarray     # (n, 3) uint8: one colour per class (three or more classes)
DIVERGING: pg.ColorMap       # the diverging map over [0, 1]: NEGATIVE at 0, NEUTRAL at 0.5, POSITIVE at 1
DIVERGING_RGB: np.ndarray    # (256, 3) uint8 lookup table of DIVERGING
DIVERGING_RGBA: np.ndarray   # (256, 4) uint8
_DIVERGING_RGBA32: np.ndarray  # (256,) uint32: one 4-byte gather per pixel instead of four
_current = {"diverging": None, "classes": None}


def use_palettes(class_palette: str | None = None, diverging_map: str | None = None) -> bool:
    """Make ``class_palette`` and ``diverging_map`` (names; None keeps the current one) the app's data colours.

    Rebuilds the map and its lookup tables once, then emits
    ``style_changes.palette_changed`` if anything changed.

    Returns
    -------
    bool
        True if a colour changed.

    Raises
    ------
    ValueError
        An unknown name (nothing changes).
    """
    global NEGATIVE, POSITIVE, NEUTRAL, CLASS_COLORS, DIVERGING, DIVERGING_RGB, DIVERGING_RGBA, _DIVERGING_RGBA32
    classes = _current["classes"] if class_palette is None else class_palette
    diverging = _current["diverging"] if diverging_map is None else diverging_map
    if classes not in CLASS_PALETTES:
        raise ValueError(f"unknown class palette {classes!r}; one of {', '.join(CLASS_PALETTES)}")
    if diverging not in DIVERGING_MAPS:
        raise ValueError(f"unknown diverging map {diverging!r}; one of {', '.join(DIVERGING_MAPS)}")
    if (classes, diverging) == (_current["classes"], _current["diverging"]):
        return False
    first_time = _current["classes"] is None
    NEGATIVE, NEUTRAL, POSITIVE = DIVERGING_MAPS[diverging][1]
    CLASS_COLORS = palette_table(classes)
    DIVERGING = diverging_colormap(diverging)
    DIVERGING_RGB = DIVERGING.getLookupTable(start=0.0, stop=1.0, nPts=LUT_SIZE, alpha=False)
    DIVERGING_RGBA = np.ascontiguousarray(DIVERGING.getLookupTable(start=0.0, stop=1.0, nPts=LUT_SIZE, alpha=True))
    _DIVERGING_RGBA32 = DIVERGING_RGBA.view(np.uint32).ravel()
    _current.update(classes=classes, diverging=diverging)
    if not first_time:
        style_changes.palette_changed.emit()
    return True


def current_palettes() -> tuple[str, str]:
    """``(class palette, diverging map)``: the names in use."""
    return _current["classes"], _current["diverging"]


use_palettes(DEFAULT_CLASS_PALETTE, DEFAULT_DIVERGING_MAP)


def class_table(n_classes: int, palettes: tuple[str, str] | None = None) -> np.ndarray:
    """The colours of classes ``0 .. n - 1``: ``(m, 3) uint8`` (``m`` rows, repeated past the palette's end).

    Two classes (and fewer) are the diverging map's ends, as the two-class
    boundary is that map; three or more take the class palette. ``palettes``
    ``(class palette, diverging map)`` names others than the current ones.
    """
    if palettes is not None:
        return map_table(palettes[1])[[0, -1]] if n_classes <= 2 else palette_table(palettes[0])
    return DIVERGING_RGB[[0, -1]] if n_classes <= 2 else CLASS_COLORS


def class_rgb(labels, n_classes: int, palettes: tuple[str, str] | None = None) -> np.ndarray:
    """Colour of each class index: ``labels`` ``(n,)`` -> ``(n, 3) uint8`` (see :func:`class_table`)."""
    table = class_table(n_classes, palettes)
    return table[np.asarray(labels).astype(int) % len(table)]

# ------------------------------------------------------------------ accents
INACTIVE = "#C9CDD0"   # an input feature that is switched off
SELECTED = "#2A2A2A"   # outline of the selected layer or neuron
PINNED = "#D81B60"     # outline of the pinned neuron
REFUSED = "#B23C17"    # why an edit was refused (made readable on the palette where shown)
INVALID = "#C62828"    # a value that cannot be parsed
ACCENT = _BLUE_CODE    # the canvas strip, the drop marker, the one-input prediction curve
TRAIN_CURVE = _BLUE_CODE  # loss curves: train blue, test orange (not data: whatever the map)
TEST_CURVE = _ORANGE_CODE
THUMB_BACKGROUND = "#FAFAFA"  # behind the dataset picker's points in a light palette (thumbnail_colors)

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
    """Colour each value through the diverging map: -1 (and below) its negative end, 0 its middle, +1 its positive end.

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


def thumbnail_colors(base: str, mid: str, dark: bool) -> tuple[str, str]:
    """``(background, border)`` of the dataset thumbnails on a palette with Base ``base`` and Mid ``mid``.

    Light: the near-white :data:`THUMB_BACKGROUND`. Dark: the palette's own
    Base, so the thumbnails do not glare as white tiles; the data colours read
    on both. The border is the palette's Mid either way.
    """
    return (base if dark else THUMB_BACKGROUND), mid


def sign_color(value: float) -> str:
    """The map's positive end (blue by default) for positive and zero, its negative end (orange) for negative."""
    return NEGATIVE if value < 0 else POSITIVE
