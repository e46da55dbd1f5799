"""What the canvas and the panels need from a session, declared.

:class:`~playground.ui.session.Session` implements both; the canvas tests'
``FakeSession`` implements :class:`CanvasSession`. Keeping the needs this small
is what lets the canvas run on a fake (and the panels on anything that holds
an Experiment).
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class CanvasSession(Protocol):
    """The network editor's view of the session: the design, its parameters and four edits.

    Attributes
    ----------
    network_spec : NetworkSpec
    prepared : object with ``feature_names``, ``raw_names`` and ``class_names``
    network_changed, data_changed : Qt signals
        The editor rebuilds its items on either.
    """

    network_spec: Any
    prepared: Any
    network_changed: Any
    data_changed: Any

    def parameters(self) -> tuple[list, list]:
        """Copies of the newest ``(weights, biases)``."""

    def apply_network(self, spec, weights, biases) -> None:
        """Rebuild with exactly this design and these parameters (raises on refusal)."""

    def set_features(self, features, weights, biases) -> None:
        """New input features with matching first-layer weights (raises on refusal)."""

    def set_weight(self, l: int, i: int, j: int, value: float) -> None:
        """``weights[l][i, j] = value`` (raises on refusal)."""

    def set_bias(self, l: int, j: int, value: float) -> None:
        """``biases[l][j] = value`` (raises on refusal)."""


@runtime_checkable
class PanelSession(CanvasSession, Protocol):
    """The left column's view: the whole experiment, and the signals that make it re-read it."""

    experiment: Any
    features: tuple
    settings_changed: Any
