"""Seeded 2-D dataset generators: TF Playground's six and a few more.

Every generator takes ``(n_samples, noise, n_classes, rng)`` and returns
``points`` of shape ``(n_samples, 2)`` inside roughly ``[-6, 6]^2`` and
``labels`` of shape ``(n_samples,)``: integer class indices ``0..K-1`` for
classification, floats in about ``[-1, 1]`` for regression (``plane`` is not
clamped, as in TF Playground, so noise can push it a little past 1). The shapes and scales
follow tensorflow/playground ``src/dataset.ts`` (its labels -1/+1 become
classes 0/1), vectorized with NumPy. :func:`generate` is the public entry
point: one seed always gives the same points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from playground.data.errors import DataError

#: The plot extent of every generated dataset, as in TF Playground.
GENERATED_BOUNDS = ((-6.0, 6.0), (-6.0, 6.0))
MIN_SAMPLES, MAX_SAMPLES = 10, 5000
MIN_NOISE, MAX_NOISE = 0.0, 0.5

Generator = Callable[[int, float, int, np.random.Generator], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class GeneratorInfo:
    """What the dataset picker needs to know about one generator.

    Attributes
    ----------
    name : str
        Registry key, as written in experiment files.
    title : str
        Human-readable name for the picker.
    kind : str
        ``"classification"`` or ``"regression"``.
    default_classes : int
        Classes when none are asked for (0 for regression).
    min_classes, max_classes : int
        Allowed range of the ``classes`` parameter (0, 0 for regression).
    function : callable
        ``(n_samples, noise, n_classes, rng) -> (points (n, 2), labels (n,))``.
    """

    name: str
    title: str
    kind: str
    default_classes: int
    min_classes: int
    max_classes: int
    function: Generator


def _split_counts(n: int, parts: int) -> list[int]:
    """``n`` split into ``parts`` counts differing by at most one, larger first."""
    base, extra = divmod(n, parts)
    return [base + (1 if k < extra else 0) for k in range(parts)]


def _class_labels(counts: list[int]) -> np.ndarray:
    return np.repeat(np.arange(len(counts)), counts)


def _circle(n, noise, k, rng):
    radius = 5.0
    n_in, n_out = _split_counts(n, 2)
    # Inside points come first (r < 2.5), outside points in a ring 3.5..5, as TF does.
    r = np.concatenate([rng.uniform(0, radius * 0.5, n_in), rng.uniform(radius * 0.7, radius, n_out)])
    angle = rng.uniform(0, 2 * np.pi, n)
    points = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    # The label is decided on a noisy copy of the point, so noise blurs the border.
    noisy = points + rng.uniform(-radius, radius, (n, 2)) * noise
    labels = (np.hypot(noisy[:, 0], noisy[:, 1]) < radius * 0.5).astype(np.int64)
    return points, labels


def _xor(n, noise, k, rng):
    padding = 0.3
    points = rng.uniform(-5, 5, (n, 2))
    points += np.where(points > 0, padding, -padding)
    noisy = points + rng.uniform(-5, 5, (n, 2)) * noise
    labels = (noisy[:, 0] * noisy[:, 1] >= 0).astype(np.int64)
    return points, labels


def _gaussians(n, noise, k, rng):
    # TF maps noise 0..0.5 linearly onto a variance of 0.5..4.
    std = np.sqrt(0.5 + 7.0 * noise)
    counts = _split_counts(n, 2)
    labels = _class_labels(counts)
    centers = np.array([[-2.0, -2.0], [2.0, 2.0]])
    points = centers[labels] + rng.normal(0.0, std, (n, 2))
    return points, labels


def _spiral(n, noise, k, rng):
    counts = _split_counts(n, k)
    labels = _class_labels(counts)
    # Position along the arm, 0..1, restarting for every arm as TF's loop does.
    i = np.concatenate([np.arange(c) / c for c in counts])
    r = i * 5.0
    t = 1.75 * i * 2 * np.pi + 2 * np.pi * labels / k
    points = np.column_stack([r * np.sin(t), r * np.cos(t)]) + rng.uniform(-1, 1, (n, 2)) * noise
    return points, labels


def _moons(n, noise, k, rng):
    counts = _split_counts(n, 2)
    labels = _class_labels(counts)
    t = rng.uniform(0, np.pi, n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])
    unit = np.where(labels[:, None] == 0, upper, lower)
    # Centre the pair (x in [-1, 2], y in [-0.5, 1]) and scale it to about [-4.5, 4.5].
    scale = 3.0
    points = (unit - [0.5, 0.25]) * scale + rng.normal(0.0, noise * scale, (n, 2))
    return points, labels


def _checkerboard(n, noise, k, rng):
    cell = 3.0
    points = rng.uniform(-6, 6, (n, 2))
    noisy = points + rng.uniform(-cell, cell, (n, 2)) * noise
    labels = ((np.floor(noisy[:, 0] / cell) + np.floor(noisy[:, 1] / cell)) % 2).astype(np.int64)
    return points, labels


def _stripes(n, noise, k, rng):
    width = 2.0
    points = rng.uniform(-6, 6, (n, 2))
    noisy = points + rng.uniform(-width, width, (n, 2)) * noise
    # Diagonal stripes: a linear model cannot, sin features can.
    u = (noisy[:, 0] + noisy[:, 1]) / np.sqrt(2.0)
    labels = (np.floor(u / width) % 2).astype(np.int64)
    return points, labels


def _blobs(n, noise, k, rng):
    counts = _split_counts(n, k)
    labels = _class_labels(counts)
    angles = 2 * np.pi * np.arange(k) / k + np.pi / 4
    centers = 4.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    std = np.sqrt(0.5 + 7.0 * noise) * 0.6
    points = centers[labels] + rng.normal(0.0, std, (n, 2))
    return points, labels


def _plane(n, noise, k, rng):
    radius = 6.0
    points = rng.uniform(-radius, radius, (n, 2))
    noisy = points + rng.uniform(-radius, radius, (n, 2)) * noise
    # TF's d3 linear scale maps x + y in [-10, 10] to [-1, 1] without clamping.
    labels = (noisy[:, 0] + noisy[:, 1]) / 10.0
    return points, labels


_GAUSSIAN_BUMPS = np.array(
    [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]], dtype=float
)


def _multi_gaussian(n, noise, k, rng):
    radius = 6.0
    points = rng.uniform(-radius, radius, (n, 2))
    noisy = points + rng.uniform(-radius, radius, (n, 2)) * noise
    # Each bump is sign * clamp(1 - dist / 2, 0, 1); the label is the bump of largest magnitude.
    dist = np.hypot(noisy[:, None, 0] - _GAUSSIAN_BUMPS[:, 0], noisy[:, None, 1] - _GAUSSIAN_BUMPS[:, 1])
    values = _GAUSSIAN_BUMPS[:, 2] * np.clip(1.0 - dist / 2.0, 0.0, 1.0)
    labels = values[np.arange(n), np.argmax(np.abs(values), axis=1)]
    return points, labels


GENERATORS: dict[str, GeneratorInfo] = {
    info.name: info
    for info in [
        GeneratorInfo("circle", "Circle", "classification", 2, 2, 2, _circle),
        GeneratorInfo("xor", "Exclusive or", "classification", 2, 2, 2, _xor),
        GeneratorInfo("gaussians", "Two gaussians", "classification", 2, 2, 2, _gaussians),
        GeneratorInfo("spiral", "Spiral", "classification", 2, 2, 5, _spiral),
        GeneratorInfo("moons", "Two moons", "classification", 2, 2, 2, _moons),
        GeneratorInfo("checkerboard", "Checkerboard", "classification", 2, 2, 2, _checkerboard),
        GeneratorInfo("stripes", "Stripes", "classification", 2, 2, 2, _stripes),
        GeneratorInfo("blobs", "Blobs", "classification", 3, 3, 6, _blobs),
        GeneratorInfo("plane", "Plane", "regression", 0, 0, 0, _plane),
        GeneratorInfo("multi_gaussian", "Multi gaussian", "regression", 0, 0, 0, _multi_gaussian),
    ]
}


def check_generator_params(name: str, samples: int, noise: float, classes: int | None) -> int:
    """Validate a generator's parameters and return the number of classes to use.

    Raises
    ------
    DataError
        Naming the parameter and its allowed range.
    """
    if name not in GENERATORS:
        raise DataError(f"unknown generator {name!r}; choose one of {', '.join(GENERATORS)}")
    info = GENERATORS[name]
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)):
        raise DataError(f"samples must be an integer, got {samples!r}")
    if not MIN_SAMPLES <= samples <= MAX_SAMPLES:
        raise DataError(f"samples must be between {MIN_SAMPLES} and {MAX_SAMPLES}, got {samples}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.floating)) or not np.isfinite(noise):
        raise DataError(f"noise must be a number, got {noise!r}")
    if not MIN_NOISE <= noise <= MAX_NOISE:
        raise DataError(f"noise must be between {MIN_NOISE} and {MAX_NOISE}, got {noise}")
    k = info.default_classes if classes is None else classes
    if info.kind == "regression":
        if classes not in (None, 0):
            raise DataError(f"generator {name!r} is a regression problem; classes must be 0, got {classes}")
        return 0
    if not info.min_classes <= k <= info.max_classes:
        allowed = str(info.min_classes) if info.min_classes == info.max_classes else (
            f"between {info.min_classes} and {info.max_classes}")
        raise DataError(f"generator {name!r} takes classes {allowed}, got {k}")
    return int(k)


def generate(
    name: str, samples: int = 500, noise: float = 0.1, classes: int | None = None, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Generate a 2-D dataset by name.

    Parameters
    ----------
    name : str
        A key of :data:`GENERATORS`.
    samples : int
        Number of points, 10..5000.
    noise : float
        0..0.5, in TF Playground's units.
    classes : int, optional
        Number of classes (spiral 2..5, blobs 3..6); None takes the generator's default.
    seed : int
        Seed of the random generator; the same seed gives the same points.

    Returns
    -------
    points : ndarray, shape (samples, 2)
    labels : ndarray, shape (samples,)
        int64 class indices, or float64 values in about [-1, 1] for regression.

    Raises
    ------
    DataError
        If a parameter is out of range.
    """
    k = check_generator_params(name, samples, noise, classes)
    rng = np.random.default_rng(int(seed))
    points, labels = GENERATORS[name].function(int(samples), float(noise), k, rng)
    return np.ascontiguousarray(points, dtype=np.float64), labels
