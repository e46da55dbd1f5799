"""``playground export``: an experiment as a Python script, a data or loss CSV, or a weights ``.npz``.

:func:`add_parser` registers the subcommand on the CLI's subparsers and
:func:`run` is its handler; ``playground.cli`` maps bad input to exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playground.experiment.errors import ExperimentError

#: ``--to`` choices: the two scripts, then the data and numbers.
TARGETS = ("pytorch", "numpy", "data-csv", "loss-csv", "npz")


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``export`` on the CLI's subparsers and return its parser."""
    p = subparsers.add_parser(
        "export", help="export an experiment as a PyTorch or NumPy script, its data, loss history or weights",
        description="Write TRAINED.json (or an untrained experiment) as: a standalone PyTorch script (pytorch), a "
        "NumPy backprop script (numpy), its data with a split column (data-csv), its loss history "
        "(loss-csv, needs a trained file) or its weights (npz). Scripts of an untrained experiment start "
        "from the playground's seeded initial weights.")
    p.add_argument("experiment", metavar="TRAINED.json")
    p.add_argument("--to", required=True, choices=TARGETS, help="what to write")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    p.add_argument("--drop-invalid-rows", action="store_true",
                   help="CSV data: skip rows with empty, NaN or inf cells instead of stopping")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    return p


def run(args) -> int:
    """Handle ``playground export``; returns the exit status (0).

    Raises
    ------
    ExperimentError, DataError
        Bad input (the CLI's exit status 2).
    """
    from playground.experiment import load_experiment

    source = Path(args.experiment)
    out = Path(args.output)
    if out.is_dir():
        raise ExperimentError(f"{out}: is a directory; -o needs a file name")
    if not out.parent.is_dir():
        raise ExperimentError(f"{out}: the folder {out.parent} does not exist")
    experiment = load_experiment(source)
    try:
        written = _export(args.to, experiment, source, out, args.drop_invalid_rows)
    except OSError as exc:
        raise ExperimentError(f"{getattr(exc, 'filename', None) or out}: cannot write: {exc.strerror or exc}") from None
    for path in written:
        print(f"wrote {path}")
    return 0


def _model(experiment, source: Path, drop_invalid_rows: bool):
    """The experiment's ExportModel, its data loaded relative to the experiment file."""
    from playground.data import prepare
    from playground.export.model import export_model

    prepared = prepare(experiment.data, base_dir=source.parent, drop_invalid_rows=drop_invalid_rows)
    if prepared.dropped_rows:
        sys.stderr.write(f"dropped {prepared.dropped_rows} rows with empty, NaN or inf cells\n")
    return export_model(experiment, prepared)


def _export(kind: str, experiment, source: Path, out: Path, drop_invalid_rows: bool) -> list[Path]:
    """Write ``kind`` for ``experiment`` to ``out``; return the files written."""
    from playground.export import tables

    def model():
        return _model(experiment, source, drop_invalid_rows)
    from playground.export.scripts import SCRIPT_KINDS, write_script

    if kind in SCRIPT_KINDS:
        return write_script(out, kind, model())
    if kind == "data-csv":
        tables.write_data_csv(out, model())
        return [out]
    state = experiment.state
    if kind == "loss-csv":
        if state is None or not state.loss_epochs:
            raise ExperimentError(f"{source}: has no loss history; train it first "
                             f"(playground train {source} --out TRAINED.json)")
        tables.write_loss_csv(out, state.loss_epochs, state.train_loss, state.test_loss)
        return [out]
    # npz: the trained weights need no data; an untrained experiment gets its seeded initial weights.
    if state is not None:
        tables.write_weights_npz(out, state.weights, state.biases, experiment.network.activations(),
                                 state.feature_names, state.class_names, state.norm_mean, state.norm_std)
    else:
        m = model()
        tables.write_weights_npz(out, m.weights, m.biases, m.activations, m.feature_names, m.class_names,
                                 m.norm_mean, m.norm_std)
    return [out]
