"""The shape of a network, as plain data: what the canvas edits and files store.

The input width comes from the data's features and the output width from the
problem (1 for regression and two classes, K for K >= 3 classes), so a
``NetworkSpec`` holds only what the user designs: the hidden layers, the
output activation and the weight initialisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.engine import ACTIVATIONS
from playground.experiment.checks import check_choice, check_int, engine_names
from playground.experiment.errors import ExperimentError

#: Generous bounds for files; the canvas has its own, tighter ones (spec.edits).
MAX_FILE_LAYERS = 100
MAX_FILE_UNITS = 4096


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

    def validate(self) -> None:
        """Check every field against the engine's registries.

        Raises
        ------
        ExperimentError
            Naming the field as in experiment files, e.g. ``network.hidden[1].units``.
        """
        if not isinstance(self.hidden, (tuple, list)):
            raise ExperimentError(f"network.hidden must be a list of layers, got {self.hidden!r}")
        if len(self.hidden) > MAX_FILE_LAYERS:
            raise ExperimentError(f"network.hidden has {len(self.hidden)} layers; at most {MAX_FILE_LAYERS}")
        activations = engine_names("activations")
        for i, layer in enumerate(self.hidden):
            if not isinstance(layer, LayerSpec):
                raise ExperimentError(f"network.hidden[{i}] must be a layer, got {layer!r}")
            check_int(f"network.hidden[{i}].units", layer.units, 1, MAX_FILE_UNITS)
            check_choice(f"network.hidden[{i}].activation", layer.activation, activations)
            if ACTIVATIONS[layer.activation].output_only:
                raise ExperimentError(f"network.hidden[{i}].activation: {layer.activation} is only for the output layer")
        check_choice("network.output_activation", self.output_activation, engine_names("activations"))
        check_choice("network.init", self.init, engine_names("inits"))
