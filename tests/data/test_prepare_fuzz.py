"""Any valid DataConfig either prepares consistent arrays or raises DataError."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.data import GENERATORS, DataError, prepare
from playground.experiment import DataConfig, ExperimentError

finite = st.floats(-1e6, 1e6, allow_nan=False)


@st.composite
def inline_configs(draw):
    n = draw(st.integers(2, 30))
    width = draw(st.sampled_from([1, 2, 3]))
    points = tuple(tuple(draw(finite) for _ in range(width)) for _ in range(n))
    labels = tuple(draw(st.one_of(st.integers(-1, 12), finite)) for _ in range(n))
    names = draw(st.none() | st.lists(st.text(max_size=3), max_size=4).map(tuple))
    return dict(source="inline", points=points, labels=labels, class_names=names,
                problem=draw(st.sampled_from(["auto", "classification", "regression"])),
                features=draw(st.none() | st.just(("x1", "x2", "x1*x2"))))


generator_configs = st.builds(
    dict, generator=st.sampled_from(list(GENERATORS)), samples=st.integers(10, 60),
    noise=st.floats(0, 0.5), classes=st.none() | st.integers(0, 7),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(inline_configs(), generator_configs), st.floats(0.1, 0.9) | st.just(1.0), st.booleans(), st.integers(0, 2**32 - 1))
def test_prepare_gives_consistent_arrays_or_a_data_error(fields, fraction, normalize, seed):
    try:
        config = DataConfig(train_fraction=fraction, normalize=normalize, seed=seed, **fields)
    except ExperimentError:
        return
    try:
        p = prepare(config)
    except DataError:
        return
    n = len(p.X_train) + len(p.X_test)
    # Below 1.0 both parts are non-empty; 1.0 (all points train) leaves no test set.
    assert len(p.X_train) >= 1 and (len(p.X_test) >= 1) == (fraction < 1.0)
    assert p.X_train.shape[1] == p.X_test.shape[1] == len(p.feature_names)
    assert len(p.T_train) == len(p.X_train) and p.T_train.shape[1] == (p.n_classes if p.n_classes >= 3 else 1)
    assert len(p.raw_train) + len(p.raw_test) == n and p.raw_train.shape[1] == len(p.raw_names)
    assert p.n_classes == 0 or (2 <= p.n_classes <= 10 and len(p.class_names) == p.n_classes)
    (x0, x1), (y0, y1) = p.input_bounds
    assert x0 < x1 and y0 < y1
    assert np.all(np.isfinite(p.X_train)) and np.all(np.isfinite(p.T_train))
    np.testing.assert_allclose(p.features_for(p.raw_test), p.X_test, rtol=1e-12, atol=1e-9)
