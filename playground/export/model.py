"""What every export needs from an experiment, gathered once: :func:`export_model`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.data.prepare import PreparedData
from playground.engine import ACTIVATIONS
from playground.experiment.config import TrainConfig
from playground.experiment.experiment import Experiment


@dataclass(frozen=True, eq=False)
class ExportModel:
    """An experiment's network, data recipe, data and training settings, as plain values.

    Attributes
    ----------
    title : str
    sizes : list of int
        Layer widths ``[n_in, h1, ..., n_out]``.
    activations : tuple of str
        Canonical activation name of each weight layer (``linear`` becomes ``identity``).
    weights, biases : tuple of ndarray, float64
        ``weights[l]`` ``(fan_in, fan_out)``, ``biases[l]`` ``(fan_out,)``: the trained
        parameters, or the seeded initial ones of an untrained experiment.
    trained : bool
        True when the parameters come from training (a stored state, or the app after epoch 0).
    origin : str
        Where the parameters come from, in words (for the scripts' comments).
    epoch : int
        Epochs behind the parameters.
    raw_names : tuple of str
        The raw input columns, ``d`` of them.
    features : tuple of str or None
        The feature recipe over 2-D raw points (None = the raw columns as they are).
    feature_names : tuple of str
        The network's inputs, ``k = sizes[0]`` of them.
    norm_mean, norm_std : ndarray, shape (k,), or None
        Standardization statistics of the training features.
    class_names : tuple of str
        Empty for regression.
    raw_train, raw_test : ndarray, shape (n, d)
        The raw points of each part, in the playground's order.
    labels_train, labels_test : ndarray, shape (n,)
        Class indices (int64) or regression values (float64).
    loss : str
        The loss trained with (``mse``, ``binary_cross_entropy``, ``cross_entropy``).
    training : TrainConfig
        Optimizer, learning rate, batch size, regularization, epochs and seed.
    source : str
        One line saying where the data came from (for the scripts' docstrings).
    """

    title: str
    sizes: list[int]
    activations: tuple[str, ...]
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    trained: bool
    origin: str
    epoch: int
    raw_names: tuple[str, ...]
    features: tuple[str, ...] | None
    feature_names: tuple[str, ...]
    norm_mean: np.ndarray | None
    norm_std: np.ndarray | None
    class_names: tuple[str, ...]
    raw_train: np.ndarray
    raw_test: np.ndarray
    labels_train: np.ndarray
    labels_test: np.ndarray
    loss: str
    training: TrainConfig
    source: str

    @property
    def n_classes(self) -> int:
        """K >= 2, or 0 for regression."""
        return len(self.class_names)

    @property
    def n_rows(self) -> int:
        """Samples in both parts."""
        return len(self.raw_train) + len(self.raw_test)


def _source(experiment: Experiment) -> str:
    d = experiment.data
    if d.source == "generator":
        classes = "" if d.classes is None else f", {d.classes} classes"
        return f"generated '{d.generator}' data ({d.samples} samples, noise {d.noise}{classes}, seed {d.seed})"
    if d.source == "csv":
        return f"the CSV file {d.path}"
    return f"{len(d.points)} points drawn or typed in the experiment file"


def export_model(experiment: Experiment, prepared: PreparedData, weights=None, biases=None,
                 epoch: int | None = None) -> ExportModel:
    """Gather an experiment's network, data and settings for the exports.

    Parameters
    ----------
    experiment : Experiment
    prepared : PreparedData
        ``playground.data.prepare(experiment.data, base_dir)``.
    weights, biases : sequence of array, optional
        The parameters to export (the app passes its live ones). Default: the
        experiment's trained state, or the seeded initialisation of
        ``training.seed`` when it has none (what ``playground train`` starts from).
    epoch : int, optional
        Epochs behind ``weights`` (default: the state's, or 0).

    Raises
    ------
    ExperimentError
        When the network, loss or state do not fit the data.
    """
    from playground.experiment.build import build_network

    state = experiment.state
    if epoch is None:
        epoch = state.epoch if state is not None else 0
    if weights is None:
        net = build_network(experiment, prepared)  # checks that network, loss and state fit the data
        weights, biases = net.get_parameters()
        trained = state is not None
        origin = (f"the playground's '{experiment.network.init}' initialisation with seed "
                  f"{experiment.training.seed} (not trained yet)")
    else:
        experiment.check_fits(prepared)
        trained = epoch > 0
        origin = "the playground's weights when they were exported (not trained yet)"
    if trained:
        origin = f"trained in the playground for {epoch} epochs"
    std = prepared.standardizer
    return ExportModel(
        title=experiment.title,
        sizes=experiment.layer_sizes(prepared),
        activations=tuple(ACTIVATIONS[name].name for name in experiment.network.activations()),
        weights=tuple(np.array(W, dtype=np.float64) for W in weights),
        biases=tuple(np.array(b, dtype=np.float64) for b in biases),
        trained=trained, origin=origin, epoch=int(epoch),
        raw_names=prepared.raw_names, features=prepared.features, feature_names=prepared.feature_names,
        norm_mean=None if std is None else np.array(std.mean, dtype=np.float64),
        norm_std=None if std is None else np.array(std.std, dtype=np.float64),
        class_names=prepared.class_names,
        raw_train=np.asarray(prepared.raw_train, dtype=np.float64),
        raw_test=np.asarray(prepared.raw_test, dtype=np.float64),
        labels_train=np.asarray(prepared.labels_train), labels_test=np.asarray(prepared.labels_test),
        loss=experiment.loss_for(prepared), training=experiment.training, source=_source(experiment),
    )
