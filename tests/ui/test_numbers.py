"""Huge, tiny and non-finite numbers print short and readable; colour maps take them without warnings."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from playground.training.snapshot import make_snapshot
from playground.ui.style import colors
from playground.ui.style.numbers import format_number, format_percent


@pytest.mark.parametrize(("value", "text"), [
    (None, "–"), (float("nan"), "NaN"), (float("inf"), "∞"), (-float("inf"), "−∞"),
    (0.0, "0"), (0.03125, "0.03125"), (-2.5, "-2.5"), (123456.0, "1.235e+05"), (0.0002003, "0.0002003"),
    (1.2e301, "1.2e+301"), (-7e12, "-7e+12"), (3.1e-7, "3.1e-07"),
])
def test_format_number(value, text):
    assert format_number(value) == text


def test_format_percent():
    assert format_percent(0.953) == "95.3%"
    assert format_percent(None) == "–" and format_percent(float("nan")) == "NaN"


def test_every_formatted_number_is_short():
    for value in [10.0 ** e for e in range(-320, 309, 7)] + [np.finfo(float).max, -np.finfo(float).max]:
        assert len(format_number(value)) <= 12


def test_colour_map_of_diverged_values_warns_nothing():
    values = np.array([1e300, -1e300, np.inf, -np.inf, np.nan, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rgba = colors.map_values(values)
    np.testing.assert_array_equal(rgba[0], colors.map_values(np.array([1.0]))[0])
    np.testing.assert_array_equal(rgba[1], colors.map_values(np.array([-1.0]))[0])
    np.testing.assert_array_equal(rgba[4], rgba[5])   # NaN shows as the middle grey


def test_toolbar_shows_a_diverged_loss_in_a_few_characters(window):
    snap = make_snapshot(network_version=window.session.network_version, epoch=12, step=600,
                         weights=window.session.parameters()[0], biases=window.session.parameters()[1],
                         train_loss=1.2e301, test_loss=float("nan"), train_accuracy=0.5, test_accuracy=None)
    window.bar.show_snapshot(snap)
    text = window.bar.loss_label.text()
    assert "1.2e+301" in text and "NaN" in text and len(text) < 80
