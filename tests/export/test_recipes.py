"""The source text the scripts are written from computes exactly what the engine and data layer compute."""

from __future__ import annotations

import numpy as np
import pytest

from playground.data.features import FEATURES
from playground.engine import ACTIVATIONS, LOSSES, OPTIMIZERS, REGULARIZATIONS
from playground.export.numpy_script import NUMPY_ACTIVATIONS, NUMPY_LOSSES, NUMPY_PENALTIES, NUMPY_UPDATES
from playground.export.pytorch_script import TORCH_ACTIVATIONS, TORCH_LOSSES, TORCH_PENALTIES
from playground.export.recipes import FEATURE_EXPRESSIONS

CANONICAL = sorted({act.name for act in ACTIVATIONS.values()})
# Wide range, including values where naive forms overflow or lose precision.
A = np.concatenate([np.linspace(-8, 8, 161), [-1e4, -750.0, -40.0, -1e-9, 0.0, 1e-9, 25.0, 40.0, 750.0, 1e4]])


def test_every_registry_name_has_source_text():
    assert set(FEATURE_EXPRESSIONS) == set(FEATURES)
    assert set(NUMPY_ACTIVATIONS) == set(TORCH_ACTIVATIONS) == set(CANONICAL)
    assert set(NUMPY_LOSSES) == set(TORCH_LOSSES) == set(LOSSES)
    assert set(NUMPY_PENALTIES) == set(TORCH_PENALTIES) == set(REGULARIZATIONS)
    assert set(NUMPY_UPDATES) == set(OPTIMIZERS)


def test_feature_expressions_compute_the_features():
    rng = np.random.default_rng(0)
    x1, x2 = rng.uniform(-6, 6, 50), rng.uniform(-6, 6, 50)
    for name, expression in FEATURE_EXPRESSIONS.items():
        got = eval(expression.format(m="np"), {"np": np, "x1": x1, "x2": x2})  # noqa: S307 - our own table
        np.testing.assert_array_equal(got, FEATURES[name](x1, x2), err_msg=name)


@pytest.mark.parametrize("name", CANONICAL)
def test_numpy_activations_are_the_engines(name):
    scope = {"np": np}
    exec(NUMPY_ACTIVATIONS[name], scope)  # noqa: S102 - our own source text
    engine = ACTIVATIONS[name]
    a = A.reshape(-1, 1) if name != "softmax" else np.column_stack([A, -A / 2, np.zeros_like(A)])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        y = scope[name](a)
    np.testing.assert_allclose(y, engine.f(a), rtol=1e-15, atol=0)
    if name != "softmax":
        np.testing.assert_allclose(scope[f"{name}_prime"](a, y), engine.derivative(a), rtol=1e-15, atol=0)


@pytest.mark.parametrize("name", CANONICAL)
def test_torch_activations_are_the_engines(name):
    torch = pytest.importorskip("torch")
    scope = {"torch": torch, "nn": torch.nn}
    exec(TORCH_ACTIVATIONS[name][1], scope)  # noqa: S102 - our own source text
    module = eval(TORCH_ACTIVATIONS[name][0], scope)  # noqa: S307
    a = A.reshape(-1, 1) if name != "softmax" else np.column_stack([A, -A / 2, np.zeros_like(A)])
    y = module(torch.tensor(a, dtype=torch.float64)).numpy()
    np.testing.assert_allclose(y, ACTIVATIONS[name].f(a), rtol=1e-12, atol=1e-300)
