"""Experiments for the export tests: small, trained for a few epochs through `playground train`."""

from __future__ import annotations

import importlib.util
import itertools
import json
import shutil
from pathlib import Path

import pytest

from playground import cli
from playground.assets import resource_path
from playground.data import prepare
from playground.export import export_model
from playground.experiment import load_experiment

EXAMPLES = Path(resource_path("examples"))
HEADER = {"format": "backprop-playground/experiment", "version": 1}

#: Two classes; every custom activation of the engine appears in one of these two networks.
BINARY = dict(HEADER, data={"generator": "xor", "samples": 120, "noise": 0.1, "normalize": True,
                            "features": ["x1", "x2", "x1*x2", "sin(x1)", "cos(x2)", "x1^2"]},
              network={"hidden": [{"units": 4, "activation": "gaussian"}, {"units": 4, "activation": "sin"},
                                  {"units": 3, "activation": "swish"}, {"units": 3, "activation": "softplus"}]},
              training={"optimizer": "adam", "learning_rate": 0.01, "batch_size": 10, "epochs": 5,
                        "regularization": "l2", "regularization_rate": 0.001})
REGRESSION = dict(HEADER, data={"generator": "plane", "samples": 100, "noise": 0.1},
                  network={"hidden": [{"units": 4, "activation": "leaky_relu"}, {"units": 4, "activation": "elu"},
                                      {"units": 3, "activation": "relu"}], "output_activation": "identity"},
                  training={"optimizer": "nesterov", "momentum": 0.9, "learning_rate": 0.005, "batch_size": 8,
                            "epochs": 5, "regularization": "l1", "regularization_rate": 0.001})

_counter = itertools.count()


def write_experiment(folder: Path, name: str, content: dict) -> Path:
    path = folder / name
    path.write_text(json.dumps(content))
    return path


def train_file(source: Path, out: Path, epochs: int = 5) -> Path:
    """`playground train SOURCE --epochs N --out OUT`, in-process."""
    assert cli.main(["train", str(source), "--epochs", str(epochs), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def trained(tmp_path_factory) -> dict[str, Path]:
    """Trained experiment files: binary, multi-class (4 blobs), regression (plane, sine CSV)."""
    folder = tmp_path_factory.mktemp("trained")
    binary = write_experiment(folder, "binary.json", BINARY)
    regression = write_experiment(folder, "regression.json", REGRESSION)
    # Copied next to a copy of its CSV, so relative paths still resolve.
    shutil.copy(Path(resource_path("datasets")) / "sine.csv", folder / "sine.csv")
    sine = json.loads((EXAMPLES / "sine.json").read_text())
    sine["data"]["path"] = "sine.csv"
    sine_path = write_experiment(folder, "sine.json", sine)
    return {
        "binary": train_file(binary, folder / "binary_trained.json"),
        "multiclass": train_file(EXAMPLES / "blobs.json", folder / "blobs_trained.json"),
        "regression": train_file(regression, folder / "regression_trained.json"),
        "sine": train_file(sine_path, folder / "sine_trained.json", epochs=3),
    }


def model_of(path: Path):
    """The ExportModel of an experiment file."""
    experiment = load_experiment(path)
    return experiment, export_model(experiment, prepare(experiment.data, base_dir=path.parent))


def import_script(path: Path):
    """Import a generated script as a module (which must train nothing)."""
    spec = importlib.util.spec_from_file_location(f"exported_{next(_counter)}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
