"""Exports of an experiment outside the app (NumPy only; no Qt, and torch is never imported).

Public names::

    ExportModel, export_model(experiment, prepared, weights=None, biases=None)
                                       everything the exports need, gathered once
    pytorch_script(model), numpy_script(model)     standalone Python scripts (text)
    write_script(path, kind, model)    a script on disk (plus its data file for large data)
    data_table / write_data_csv        the data, train and test, with a ``split`` column
    write_loss_csv                     the loss history: epoch, train_loss, test_loss
    write_weights_npz                  W0.., b0.. with activations and feature names

``playground export`` (:mod:`playground.export.command`) drives them from the
command line; the app's Export menu calls the same functions.
"""

from playground.export.model import ExportModel, export_model
from playground.export.numpy_script import numpy_script
from playground.export.pytorch_script import pytorch_script
from playground.export.scripts import SCRIPT_KINDS, write_script
from playground.export.tables import data_table, write_data_csv, write_loss_csv, write_weights_npz

__all__ = [
    "ExportModel", "SCRIPT_KINDS", "data_table", "export_model", "numpy_script", "pytorch_script",
    "write_data_csv", "write_loss_csv", "write_script", "write_weights_npz",
]
