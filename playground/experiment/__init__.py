"""Plain dataclasses describing an experiment, and their JSON files. No Qt, no training.

Public names::

    NetworkSpec, LayerSpec                   the network design
    DataConfig, TrainConfig                  data source/features/split; training settings
    TrainedState, Experiment                 trained parameters; the whole experiment
    default_experiment()                     the app's start-up experiment
    load_experiment(path), save_experiment(experiment, path)   files (atomic save)
    experiment_to_dict / experiment_from_dict, experiment_to_json / experiment_from_json
    output_units_for, default_output         what the problem type implies for the output layer
    ExperimentError                          every spec problem, naming the field
"""

from playground.experiment.config import MAX_CLASSES, DataConfig, TrainConfig
from playground.experiment.errors import ExperimentError
from playground.experiment.experiment import Experiment, default_experiment
from playground.experiment.files import (
    MIGRATIONS, experiment_from_json, experiment_to_json, load_experiment, save_experiment, upgrade,
)
from playground.experiment.network import LayerSpec, NetworkSpec
from playground.experiment.problem import default_output, output_units_for
from playground.experiment.serialize import CURRENT_VERSION, FORMAT, experiment_from_dict, experiment_to_dict
from playground.experiment.state import TrainedState

__all__ = [
    "CURRENT_VERSION", "DataConfig", "Experiment", "ExperimentError", "FORMAT", "LayerSpec", "MAX_CLASSES",
    "MIGRATIONS", "NetworkSpec", "TrainConfig", "TrainedState", "default_experiment", "default_output",
    "experiment_from_dict", "experiment_from_json", "experiment_to_dict", "experiment_to_json",
    "load_experiment", "output_units_for", "save_experiment", "upgrade",
]
