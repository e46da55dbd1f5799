"""The ``playground`` command.

With no subcommand it opens the app. Subcommands run headless and never import
Qt, so they work on a server and in scripts::

    playground [EXPERIMENT.json]            open the main window
    playground --version                    print the version
    playground train EXPERIMENT.json ...    train an experiment file (no GUI)
    playground predict TRAINED.json POINTS.csv [-o OUT.csv]

Exit status: 0 on success; 2 on bad input (one ``error: ...`` line on stderr,
no traceback); 1 on an internal failure (traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

from playground import __version__

SUBCOMMANDS = ("gui", "train", "predict")
EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class InputError(Exception):
    """Bad input found by the CLI itself (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one ``error:`` line and exit status 2."""

    def error(self, message: str):
        """Print ``error: message`` and exit with status 2 (argparse would print the usage too)."""
        sys.stderr.write(f"error: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = _Parser(
        prog="playground",
        description="Backprop Playground: watch a neural network learn. "
        "Without a subcommand, opens the app (optionally on EXPERIMENT.json).",
    )
    parser.add_argument("--version", action="version", version=f"playground {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", title="subcommands", metavar="COMMAND", parser_class=_Parser)
    gui = sub.add_parser("gui", help="open the main window (the default)")
    gui.add_argument("experiment", nargs="?", help="an experiment file to open")

    train = sub.add_parser("train", help="train an experiment file headlessly and print the final metrics",
                           description="Train EXPERIMENT.json with the NumPy engine (no GUI, no Qt). Prints one "
                           "JSON line: epochs, train_loss, test_loss (and accuracies for classification).")
    train.add_argument("experiment", metavar="EXPERIMENT.json")
    train.add_argument("--epochs", type=_non_negative_int, metavar="N",
                       help="epochs to train (default: training.epochs of the file)")
    train.add_argument("--seed", type=_non_negative_int, metavar="S",
                       help="training seed: weight initialisation and batch order (default: training.seed)")
    train.add_argument("--out", metavar="TRAINED.json", help="save the experiment with its trained state")
    train.add_argument("--drop-invalid-rows", action="store_true",
                       help="CSV data: skip rows with empty, NaN or inf cells instead of stopping")

    predict = sub.add_parser("predict", help="apply a trained experiment to a CSV of points",
                             description="Write the network's outputs for each row of POINTS.csv: the raw "
                             "input columns, then p(class) per class and predicted_class (or prediction "
                             "for regression). Columns are found by the names the network was trained on.")
    predict.add_argument("trained", metavar="TRAINED.json")
    predict.add_argument("points", metavar="POINTS.csv")
    predict.add_argument("-o", "--output", metavar="OUT.csv", help="write here instead of standard output")
    for p in (gui, train, predict):
        # SUPPRESS: a subcommand's default must not undo `playground --debug train ...`.
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    return parser


def _route(argv: list[str]) -> list[str]:
    """``playground FILE.json`` means ``playground gui FILE.json``."""
    for i, arg in enumerate(argv):
        if arg.startswith("-"):
            continue
        if arg not in SUBCOMMANDS:
            return argv[:i] + ["gui"] + argv[i:]
        break
    return argv


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``playground`` console script; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(_route(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command in (None, "gui"):
        # Imported here so the headless subcommands never load Qt.
        from playground.ui.app import run_app

        return run_app(experiment=getattr(args, "experiment", None))
    command = {"train": _train, "predict": _predict}[args.command]
    return _run(command, args)


def _run(command, args) -> int:
    """Run a subcommand, mapping bad input to status 2 and anything else to 1."""
    from playground.data import DataError
    from playground.spec import ExperimentError

    try:
        return command(args)
    except (DataError, ExperimentError, InputError) as exc:
        if args.debug:
            traceback.print_exc()
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # `playground predict ... | head`: the reader left; not an error of ours.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("\nerror: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
        if args.debug:
            traceback.print_exc()
            sys.stderr.write(f"error: internal error: {type(exc).__name__}: {exc}\n")
        else:
            sys.stderr.write(f"error: internal error: {type(exc).__name__}: {exc} "
                             "(run with --debug for the traceback)\n")
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush does not complain about the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


# --- train ---------------------------------------------------------------------------


class _Progress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream, width: int = 30) -> None:
        self.stream, self.width, self._last = stream, width, 0.0

    def __call__(self, done: int, total: int, loss: float) -> None:
        now = time.monotonic()
        if done != total and now - self._last < 0.1:
            return
        self._last = now
        filled = int(self.width * done / max(total, 1))
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] epoch {done}/{total}  loss {loss:.4f}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def _train(args) -> int:
    from dataclasses import replace

    from playground.data import prepare
    from playground.spec import load_experiment, save_experiment
    from playground.spec.build import evaluate, with_state
    from playground.training.headless import train  # the app's engine host: same weights, same NaN check

    path = Path(args.experiment)
    experiment = load_experiment(path)
    if args.seed is not None:
        experiment = replace(experiment, training=replace(experiment.training, seed=args.seed))
    epochs = experiment.training.epochs if args.epochs is None else args.epochs
    if args.out is not None and Path(args.out).is_dir():
        raise InputError(f"{args.out}: is a directory; --out needs a file name")
    prepared = prepare(experiment.data, base_dir=path.parent, drop_invalid_rows=args.drop_invalid_rows)
    if prepared.dropped_rows:
        sys.stderr.write(f"dropped {prepared.dropped_rows} rows with empty, NaN or inf cells\n")
    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    net, state = train(experiment, prepared, epochs, on_epoch=progress)
    metrics = evaluate(experiment, net, prepared)
    if args.out is not None:
        save_experiment(with_state(experiment, state), args.out, source_dir=path.parent)
    print(json.dumps({"epochs": state.epoch, **metrics}))
    return EXIT_OK


# --- predict -------------------------------------------------------------------------


def _predict(args) -> int:
    import numpy as np

    from playground.data import load_points, prediction_table, write_predictions
    from playground.spec import load_experiment
    from playground.spec.build import network_from_state, state_features

    experiment = load_experiment(args.trained)
    if experiment.state is None:
        raise InputError(f"{args.trained}: has no trained state; train it first "
                         f"(playground train {args.trained} --out TRAINED.json)")
    state = experiment.state
    if not state.raw_names:
        raise InputError(f"{args.trained}: state.raw_names is missing, so the input columns are unknown")
    if args.output is not None and Path(args.output).is_dir():
        raise InputError(f"{args.output}: is a directory; -o needs a file name")
    raw = load_points(args.points, state.raw_names)
    X = state_features(experiment, raw)
    net = network_from_state(experiment)
    Y = net.predict(X)
    if not np.all(np.isfinite(Y)):
        raise InputError(f"{args.points}: the network's output is not finite for some rows "
                         "(inputs far outside the training range?)")
    header, rows = prediction_table(state.raw_names, raw, Y, state.class_names)
    if args.output is None:
        write_predictions(sys.stdout, header, rows)
    else:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                write_predictions(fh, header, rows)
        except OSError as exc:
            raise InputError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
    return EXIT_OK
