"""The preference values: defaults, checks, and where QSettings keeps each one.

Every preference is a choice from a fixed set (:data:`CHOICES`), so a
:class:`Preferences` is either valid or refused whole, and a stored value that
is missing, misspelt or from another version falls back to its default, one
field at a time (:func:`load`). The theme and the resolution share their keys
with View > Theme and View > Boundary resolution: one stored value each,
whichever way it was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from playground.ui.live.grid import DEFAULT_RESOLUTION, RESOLUTIONS
from playground.ui.live.live_view import RESOLUTION_KEY
from playground.ui.panels.training_bar import SPEEDS
from playground.ui.style import colors, numbers, themes

#: The default speed that keeps what the last window used (``view/speed``).
LAST_USED = "last used"

#: Field -> the values it may take, in the order the dialog offers them.
CHOICES = {
    "theme": tuple(themes.THEMES),
    "class_palette": tuple(colors.CLASS_PALETTES),
    "diverging_map": tuple(colors.DIVERGING_MAPS),
    "precision": tuple(range(numbers.MIN_PRECISION, numbers.MAX_PRECISION + 1)),
    "resolution": tuple(RESOLUTIONS),
    "default_speed": (LAST_USED, *SPEEDS),
}

#: Field -> its QSettings key.
KEYS = {
    "theme": themes.SETTINGS_KEY,
    "class_palette": "preferences/class_palette",
    "diverging_map": "preferences/diverging_map",
    "precision": "preferences/precision",
    "resolution": RESOLUTION_KEY,
    "default_speed": "preferences/default_speed",
}


class PreferenceError(ValueError):
    """A value outside its field's choices; the message names the field and the choices."""


@dataclass(frozen=True)
class Preferences:
    """What Edit > Preferences sets. Every field is checked against :data:`CHOICES`.

    Attributes
    ----------
    theme : str
        ``system``, ``light`` or ``dark`` (``style/themes.py``).
    class_palette : str
        A key of ``colors.CLASS_PALETTES``: the colours of three or more classes.
    diverging_map : str
        A key of ``colors.DIVERGING_MAPS``: signed values, two classes, the boundary.
    precision : int
        Significant digits of the teaching views' numbers, 2..8.
    resolution : int
        Grid points per side of the boundary and neuron maps (``grid.RESOLUTIONS``).
    default_speed : str
        What a new window's speed control starts at: a ``training_bar.SPEEDS``
        label, or :data:`LAST_USED`.

    Raises
    ------
    PreferenceError
        On a value outside its choices.
    """

    theme: str = themes.SYSTEM
    class_palette: str = colors.DEFAULT_CLASS_PALETTE
    diverging_map: str = colors.DEFAULT_DIVERGING_MAP
    precision: int = numbers.DEFAULT_PRECISION
    resolution: int = DEFAULT_RESOLUTION
    default_speed: str = LAST_USED

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            # bool is an int to Python, and True == 1: never a precision or a resolution.
            if isinstance(value, bool) or value not in CHOICES[field.name]:
                choices = ", ".join(str(c) for c in CHOICES[field.name])
                raise PreferenceError(f"{field.name} cannot be {value!r}; one of {choices}")


def _stored(settings, name: str, default):
    """The value of field ``name`` in ``settings``, or ``default`` when missing or not one of its choices."""
    raw = settings.value(KEYS[name])
    if raw is None:
        return default
    try:
        # INI files give every value back as a string; ints come back as str too.
        value = int(raw) if isinstance(default, int) else str(raw).lower()
    except (TypeError, ValueError):
        return default
    return value if value in CHOICES[name] else default


def load(settings) -> Preferences:
    """The preferences kept in ``settings``; each missing or bad value is its default."""
    defaults = Preferences()
    return Preferences(**{f.name: _stored(settings, f.name, getattr(defaults, f.name)) for f in fields(Preferences)})


def save(preferences: Preferences, settings) -> None:
    """Write every field under its key (at once: a crash keeps them too)."""
    for field in fields(Preferences):
        settings.setValue(KEYS[field.name], getattr(preferences, field.name))
    settings.sync()
