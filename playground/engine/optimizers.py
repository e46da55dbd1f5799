"""Optimizers by name: ``sgd``, ``momentum``, ``nesterov``, ``adam``.

Each updates the network's flat parameter vector in place from the flat
gradient, in a few NumPy calls for the whole network. The formulas follow
PyTorch's (``torch.optim.SGD`` with ``momentum`` / ``nesterov=True``,
dampening 0, and ``torch.optim.Adam``), so runs can be compared with it:

- sgd:      ``w -= lr g``
- momentum: ``v = mu v + g``; ``w -= lr v``
- nesterov: ``v = mu v + g``; ``w -= lr (g + mu v)``
- adam:     ``m = b1 m + (1 - b1) g``; ``s = b2 s + (1 - b2) g^2``;
  ``w -= lr / (1 - b1^t) * m / (sqrt(s / (1 - b2^t)) + eps)``

Changing a setting (momentum, betas, epsilon) keeps the optimizer's state;
the learning rate is passed to every step.
"""

from __future__ import annotations

import math

import numpy as np

DEFAULT_SETTINGS = {"momentum": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}


def check_settings(settings: dict) -> dict:
    """Return the settings as floats; ``ValueError`` when one is out of range."""
    out = {}
    for name, value in settings.items():
        if name not in DEFAULT_SETTINGS:
            raise ValueError(f"unknown optimizer setting {name!r}; known: {sorted(DEFAULT_SETTINGS)}")
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number, not {value!r}") from None
        if name == "epsilon":
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"epsilon must be finite and > 0, not {value!r}")
        elif not 0 <= value < 1:
            raise ValueError(f"{name} must be in [0, 1), not {value!r}")
        out[name] = value
    return out


def check_learning_rate(value) -> float:
    """Return the learning rate as a float; ``ValueError`` unless finite and >= 0."""
    try:
        lr = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"learning rate must be a number, not {value!r}") from None
    if not (math.isfinite(lr) and lr >= 0):
        raise ValueError(f"learning rate must be finite and >= 0, not {value!r}")
    return lr


class Optimizer:
    """Base class: state over a flat parameter vector of ``size`` entries.

    Parameters
    ----------
    size : int
    dtype : numpy dtype
    **settings
        momentum, beta1, beta2, epsilon (defaults in ``DEFAULT_SETTINGS``).
    """

    name = ""

    def __init__(self, size: int, dtype, **settings):
        self.settings = dict(DEFAULT_SETTINGS)
        self.settings.update(check_settings(settings))
        self._update = np.empty(size, dtype=dtype)

    def configure(self, **settings) -> None:
        """Change settings without resetting the state."""
        self.settings.update(check_settings(settings))

    def step(self, theta: np.ndarray, grad: np.ndarray, learning_rate: float) -> None:
        """Update ``theta`` ``(size,)`` in place from ``grad`` ``(size,)``."""
        raise NotImplementedError


class SGD(Optimizer):
    name = "sgd"

    def step(self, theta, grad, learning_rate):
        np.multiply(grad, -learning_rate, self._update)
        np.add(theta, self._update, theta)


class Momentum(Optimizer):
    name = "momentum"

    def __init__(self, size, dtype, **settings):
        super().__init__(size, dtype, **settings)
        self.velocity = np.zeros(size, dtype=dtype)

    def step(self, theta, grad, learning_rate):
        v = self.velocity
        np.multiply(v, self.settings["momentum"], v)
        np.add(v, grad, v)
        np.multiply(v, -learning_rate, self._update)
        np.add(theta, self._update, theta)


class Nesterov(Momentum):
    name = "nesterov"

    def step(self, theta, grad, learning_rate):
        v, mu, u = self.velocity, self.settings["momentum"], self._update
        np.multiply(v, mu, v)
        np.add(v, grad, v)
        np.multiply(v, mu, u)
        np.add(u, grad, u)
        np.multiply(u, -learning_rate, u)
        np.add(theta, u, theta)


class Adam(Optimizer):
    name = "adam"

    def __init__(self, size, dtype, **settings):
        super().__init__(size, dtype, **settings)
        self.m = np.zeros(size, dtype=dtype)
        self.s = np.zeros(size, dtype=dtype)
        self.t = 0

    def step(self, theta, grad, learning_rate):
        b1, b2, eps = self.settings["beta1"], self.settings["beta2"], self.settings["epsilon"]
        m, s, u = self.m, self.s, self._update
        self.t += 1
        correction1 = 1.0 - b1**self.t
        correction2 = 1.0 - b2**self.t
        np.multiply(m, b1, m)
        np.multiply(grad, 1.0 - b1, u)
        np.add(m, u, m)
        np.multiply(s, b2, s)
        np.multiply(grad, grad, u)
        np.multiply(u, 1.0 - b2, u)
        np.add(s, u, s)
        np.sqrt(s, u)
        np.multiply(u, 1.0 / math.sqrt(correction2), u)
        np.add(u, eps, u)
        np.divide(m, u, u)
        np.multiply(u, -learning_rate / correction1, u)
        np.add(theta, u, theta)


#: Optimizer classes by name.
OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov, "adam": Adam}


def get_optimizer(name: str) -> type[Optimizer]:
    """Return the optimizer class called ``name``; ``ValueError`` listing the known names otherwise."""
    try:
        return OPTIMIZERS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown optimizer {name!r}; choose one of {sorted(OPTIMIZERS)}") from None
