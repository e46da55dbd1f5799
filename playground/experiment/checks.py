"""Small validators shared by the spec dataclasses; each raises ExperimentError naming the field."""

from __future__ import annotations

import math
from numbers import Integral, Real

from playground.data.errors import quoted
from playground.experiment.errors import ExperimentError


def is_int(value) -> bool:
    """An integer, but not a bool (JSON ``true`` is not 1 here)."""
    return isinstance(value, Integral) and not isinstance(value, bool)


def is_number(value) -> bool:
    """A real number, but not a bool."""
    return isinstance(value, Real) and not isinstance(value, bool)


def check_int(field: str, value, lo: int | None = None, hi: int | None = None) -> int:
    """``value`` as an int within ``[lo, hi]``, or ExperimentError naming ``field``."""
    if not is_int(value):
        raise ExperimentError(f"{field} must be an integer, got {quoted(value)}")
    if lo is not None and hi is not None and not lo <= value <= hi:
        raise ExperimentError(f"{field} must be between {lo} and {hi}, got {quoted(value)}")
    if lo is not None and value < lo:
        raise ExperimentError(f"{field} must be >= {lo}, got {quoted(value)}")
    if hi is not None and value > hi:
        raise ExperimentError(f"{field} must be <= {hi}, got {quoted(value)}")
    return int(value)


def check_number(
    field: str, value, lo: float | None = None, hi: float | None = None, lo_open: bool = False,
    hi_open: bool = False,
) -> float:
    """``value`` as a finite float within the bounds (open or closed), or ExperimentError naming ``field``."""
    if not is_number(value) or not _finite(value):
        raise ExperimentError(f"{field} must be a finite number, got {quoted(value)}")
    if lo is not None and (value <= lo if lo_open else value < lo):
        raise ExperimentError(f"{field} must be {'>' if lo_open else '>='} {lo:g}, got {value:g}")
    if hi is not None and (value >= hi if hi_open else value > hi):
        raise ExperimentError(f"{field} must be {'<' if hi_open else '<='} {hi:g}, got {value:g}")
    return float(value)


def _finite(value) -> bool:
    """A finite number that fits a float (an integer of 400 digits does not: no OverflowError)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def check_choice(field: str, value, choices) -> str:
    """``value`` if it is one of ``choices``, or ExperimentError listing them."""
    choices = list(choices)
    if not isinstance(value, str) or value not in choices:
        raise ExperimentError(f"{field} must be one of {', '.join(map(str, choices))}; got {quoted(value)}")
    return value


def engine_names(kind: str) -> list[str]:
    """Names in one of the engine's registries.

    ``kind`` is ``activations``, ``losses``, ``optimizers``, ``inits`` or
    ``regularizations``. The engine owns the names; the spec only checks a file
    against them, so a new engine activation is valid in files at once.
    """
    if kind == "activations":
        from playground.engine.activations import ACTIVATIONS as names
    elif kind == "losses":
        from playground.engine.losses import LOSSES as names
    elif kind == "optimizers":
        from playground.engine.optimizers import OPTIMIZERS as names
    elif kind == "inits":
        from playground.engine.init import INITS as names
    elif kind == "regularizations":
        from playground.engine.regularization import REGULARIZATIONS as names
    else:
        raise KeyError(kind)
    return list(names)
