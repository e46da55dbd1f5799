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

from __future__ import annotations

import importlib

# Each public name and the module it lives in. They load on first use (PEP 562), so what needs
# only part of the package (``playground export``'s parser, the app's start with its Export menu)
# does not import the script writers and tables (~5 ms).
_HOMES = {
    "ExportModel": "model", "export_model": "model", "numpy_script": "numpy_script",
    "pytorch_script": "pytorch_script", "SCRIPT_KINDS": "scripts", "write_script": "scripts",
    "data_table": "tables", "write_data_csv": "tables", "write_loss_csv": "tables", "write_weights_npz": "tables",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    """Load the public name ``name`` from its module (then kept here, so this runs once per name)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
