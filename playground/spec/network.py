"""The shape of a network, as plain data: what the canvas edits and files store.

The input width comes from the data's features and the output width from the
problem (1 for regression and two classes, K for K >= 3 classes), so a
``NetworkSpec`` holds only what the user designs: the hidden layers, the
output activation and the weight initialisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LayerSpec:
    """One hidden layer: how many neurons, and their activation function by name."""

    units: int
    activation: str = "tanh"


@dataclass(frozen=True)
class NetworkSpec:
    """A feed-forward network's design.

    Attributes
    ----------
    hidden : tuple of LayerSpec
        Hidden layers from input side to output side; empty for linear or
        logistic regression.
    output_activation : str
        Activation of the output layer (``identity``, ``sigmoid``, ``softmax``...).
    init : str
        Weight initialisation: ``uniform`` (TF Playground's +-0.5), ``xavier`` or ``he``.
    """

    hidden: tuple[LayerSpec, ...] = field(default_factory=tuple)
    output_activation: str = "sigmoid"
    init: str = "xavier"

    def layer_sizes(self, n_inputs: int, n_outputs: int) -> list[int]:
        """Widths of every layer, inputs and outputs included: ``[n_in, h1, ..., n_out]``."""
        return [n_inputs, *(layer.units for layer in self.hidden), n_outputs]

    def activations(self) -> list[str]:
        """Activation name of each weight layer, hidden layers then the output layer."""
        return [*(layer.activation for layer in self.hidden), self.output_activation]
