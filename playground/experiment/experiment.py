"""An experiment: data + network + training, optionally with its trained state."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from playground.experiment.config import DataConfig, TrainConfig
from playground.experiment.errors import ExperimentError
from playground.experiment.network import LayerSpec, NetworkSpec
from playground.experiment.problem import default_output, mismatch, output_units_for
from playground.experiment.state import TrainedState


@dataclass(frozen=True)
class Experiment:
    """Everything a teacher hands out in one file.

    Attributes
    ----------
    data : DataConfig
    network : NetworkSpec
    training : TrainConfig
    state : TrainedState or None
        Trained weights and curves; None for an untrained experiment.
    title, description : str
        Shown by the app; free text.

    The output layer's size comes from the data (see :mod:`playground.experiment.problem`):
    use :meth:`layer_sizes`, :meth:`output_units` and :meth:`loss_for` rather than
    deriving them by hand, so the app and the CLI agree.
    """

    data: DataConfig = field(default_factory=DataConfig)
    network: NetworkSpec = field(default_factory=NetworkSpec)
    training: TrainConfig = field(default_factory=TrainConfig)
    state: TrainedState | None = None
    title: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        for name, kind in (("data", DataConfig), ("network", NetworkSpec), ("training", TrainConfig)):
            if not isinstance(getattr(self, name), kind):
                raise ExperimentError(f"{name} must be a {kind.__name__}, got {type(getattr(self, name)).__name__}")
        if self.state is not None and not isinstance(self.state, TrainedState):
            raise ExperimentError("state must be a TrainedState or None")
        if not isinstance(self.title, str) or not isinstance(self.description, str):
            raise ExperimentError("title and description must be text")
        self.network.validate()
        if self.state is not None:
            hidden = [W.shape[1] for W in self.state.weights[:-1]]
            designed = [layer.units for layer in self.network.hidden]
            if hidden != designed:
                raise ExperimentError(f"state: the trained weights have hidden layers {hidden} but "
                                      f"network.hidden has {designed}")
            features = self.data.features
            n_inputs = self.state.weights[0].shape[0]
            if features is not None and len(features) != n_inputs:
                raise ExperimentError(f"state: the trained network takes {n_inputs} inputs but data.features "
                                      f"lists {len(features)}")
            if features is not None and self.state.feature_names and self.state.feature_names != features:
                raise ExperimentError(f"state.feature_names {list(self.state.feature_names)} differ from "
                                      f"data.features {list(features)}")

    # --- what the data implies ------------------------------------------------------

    @staticmethod
    def output_units(prepared) -> int:
        """Output width for prepared data (anything with ``n_classes``)."""
        return output_units_for(prepared.n_classes)

    def loss_for(self, prepared) -> str:
        """``training.loss``, or the problem's default loss when it is None."""
        if self.training.loss is not None:
            return self.training.loss
        return default_output(prepared.n_classes)[1]

    def layer_sizes(self, prepared) -> list[int]:
        """``[n_features, h1, ..., n_out]`` for prepared data."""
        return self.network.layer_sizes(len(prepared.feature_names), self.output_units(prepared))

    def check_fits(self, prepared) -> None:
        """Raise ExperimentError if the output layer, loss or trained state do not fit the data."""
        problem = mismatch(self.network.output_activation, self.loss_for(prepared), prepared.n_classes)
        if problem:
            raise ExperimentError(problem)
        if self.state is not None:
            sizes = self.layer_sizes(prepared)
            if self.state.sizes != sizes:
                raise ExperimentError(f"state: the trained network has layer sizes {self.state.sizes} but this "
                                      f"data and network need {sizes}")

    def adapted_to(self, prepared) -> "Experiment":
        """This experiment with the output activation and loss switched to the problem's
        defaults when they do not fit it (e.g. after choosing a 3-class dataset).

        The trained state is dropped when its shapes no longer fit.
        """
        exp = self
        if mismatch(exp.network.output_activation, exp.loss_for(prepared), prepared.n_classes):
            activation, loss = default_output(prepared.n_classes)
            exp = replace(exp, network=replace(exp.network, output_activation=activation),
                          training=replace(exp.training, loss=None if exp.training.loss is None else loss))
            if mismatch(activation, exp.loss_for(prepared), prepared.n_classes):
                exp = replace(exp, training=replace(exp.training, loss=loss))
        if exp.state is not None and exp.state.sizes != exp.layer_sizes(prepared):
            exp = replace(exp, state=None)
        return exp


def default_experiment() -> Experiment:
    """The app's start-up experiment: a two-arm spiral, inputs x1 and x2, 8-8 tanh.

    TF Playground-like values (500 points, noise 0.1, half for training), with
    sigmoid + binary cross-entropy, SGD at learning rate 0.03 and batch 10.
    The inputs are standardized: raw x1, x2 span [-6, 6] and saturate tanh, and
    without it some seeds do not reach 85 % test accuracy in 3,000 epochs; with
    it, training seeds 0..9 reach 85 % in 600..1,800 epochs (~1-3 s of engine time).
    """
    return Experiment(
        data=DataConfig(source="generator", generator="spiral", classes=2, samples=500, noise=0.1,
                        features=("x1", "x2"), train_fraction=0.5, normalize=True, seed=1),
        network=NetworkSpec(hidden=(LayerSpec(8, "tanh"), LayerSpec(8, "tanh")),
                            output_activation="sigmoid", init="xavier"),
        training=TrainConfig(loss="binary_cross_entropy", optimizer="sgd", learning_rate=0.03,
                             batch_size=10, regularization="none", regularization_rate=0.0, epochs=2000, seed=0),
        title="Spiral",
    )
