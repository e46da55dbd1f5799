"""The colour map: orange for negative, blue for positive, grey in between and for NaN."""

from __future__ import annotations

import numpy as np

from playground.ui.style import colors


def test_map_values_ends_middle_and_bad_values():
    rgb = colors.map_values(np.array([[-5.0, -1.0, 0.0], [1.0, 7.0, np.nan]]))[..., :3].astype(int)
    orange, blue = colors.hex_to_rgb(colors.NEGATIVE), colors.hex_to_rgb(colors.POSITIVE)
    grey = colors.hex_to_rgb(colors.NEUTRAL).astype(int)
    np.testing.assert_array_equal(rgb[0, 0], orange)
    np.testing.assert_array_equal(rgb[0, 1], orange)
    np.testing.assert_array_equal(rgb[1, 0], blue)
    np.testing.assert_array_equal(rgb[1, 1], blue)
    assert np.abs(rgb[0, 2] - grey).max() <= 2
    assert np.abs(rgb[1, 2] - grey).max() <= 2
    assert colors.map_values(np.zeros((3, 4, 5))).shape == (3, 4, 5, 4)


def test_red_falls_monotonically_from_orange_to_blue():
    red = colors.map_values(np.linspace(-1, 1, 50))[:, 0].astype(int)
    assert np.all(np.diff(red) <= 0) and red[0] > red[-1]
