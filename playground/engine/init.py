"""Weight initialisations by name, drawn from a seeded ``np.random.Generator``.

- ``uniform``: TF Playground's weights ``U(-0.5, 0.5)`` and biases 0.1.
- ``xavier`` (Glorot uniform): weights ``U(-s, s)``, ``s = sqrt(6 / (fan_in + fan_out))``, biases 0.
- ``he`` (Kaiming normal): weights ``N(0, 2 / fan_in)``, biases 0.

Values are drawn in float64 and then cast, so a float32 network built from a
seed holds the float64 network's weights rounded to float32.
"""

from __future__ import annotations

from typing import Callable

import numpy as np


def _uniform(fan_in: int, fan_out: int, rng: np.random.Generator):
    return rng.uniform(-0.5, 0.5, size=(fan_in, fan_out)), np.full(fan_out, 0.1)


def _xavier(fan_in: int, fan_out: int, rng: np.random.Generator):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out)), np.zeros(fan_out)


def _he(fan_in: int, fan_out: int, rng: np.random.Generator):
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out)), np.zeros(fan_out)


#: ``name -> init(fan_in, fan_out, rng) -> (W (fan_in, fan_out), b (fan_out,))``, float64.
INITS: dict[str, Callable] = {"uniform": _uniform, "xavier": _xavier, "he": _he}


def get_init(name: str) -> Callable:
    """Return the initialisation called ``name``; ``ValueError`` listing the known names otherwise."""
    try:
        return INITS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown init {name!r}; choose one of {sorted(INITS)}") from None
