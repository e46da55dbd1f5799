"""The ``playground`` command.

With no subcommand it opens the app. Subcommands run headless and never import
Qt, so they work on a server and in scripts::

    playground [EXPERIMENT.json]            open the main window
    playground --version                    print the version
    playground train EXPERIMENT.json ...    train an experiment file (no GUI)
    playground predict TRAINED.json POINTS.csv [-o OUT.csv]
    playground lessons check [LESSON.json ...]   run lessons' stored solutions
    playground export TRAINED.json --to pytorch|numpy|data-csv|loss-csv|npz -o FILE

Exit status: 0 on success; 2 on bad input (one ``error: ...`` line on stderr of at
most :data:`MAX_ERROR_CHARS` characters, no traceback); 1 on an internal failure
(traceback only with ``--debug``). NumPy floating-point warnings never reach the
user: the commands run under ``np.errstate(all="ignore")`` and check their results.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import time
import traceback
from pathlib import Path

from playground import __version__, startup_gc
from playground.training.blas import limit_blas_threads

SUBCOMMANDS = ("gui", "train", "predict", "lessons", "export")
EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
#: The ``error:`` line is cut to this many characters (quoted values are shortened before).
MAX_ERROR_CHARS = 280


class InputError(Exception):
    """Bad input found by the CLI itself (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one ``error:`` line and exit status 2."""

    def error(self, message: str):
        """Print ``error: message`` and exit with status 2 (argparse would print the usage too)."""
        _error_line(f"{message} (see {self.prog} --help)")
        raise SystemExit(EXIT_BAD_INPUT)


def _error_line(message: str) -> None:
    """Write ``error: message`` as one line of at most MAX_ERROR_CHARS characters."""
    line = " ".join(f"error: {message}".split())  # newlines or tabs from a file must not split it
    if len(line) > MAX_ERROR_CHARS:
        line = line[: MAX_ERROR_CHARS - 1] + "…"
    sys.stderr.write(line + "\n")


def _training_field(field: str):
    """An argparse type: a whole number checked like ``training.<field>`` in files (one set of limits)."""

    def parse(text: str) -> int:
        from playground.data.errors import quoted
        from playground.experiment import ExperimentError, TrainConfig

        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {quoted(text)}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"must be >= 0, got {quoted(value)}")
        try:
            TrainConfig(**{field: value})
        except ExperimentError as exc:
            raise argparse.ArgumentTypeError(str(exc).replace(f"training.{field} ", "")) from None
        return value

    return parse


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
    train.add_argument("--epochs", type=_training_field("epochs"), metavar="N",
                       help="epochs to train, within the limits of training.epochs "
                       "(default: training.epochs of the file)")
    train.add_argument("--seed", type=_training_field("seed"), metavar="S",
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
    lessons = sub.add_parser("lessons", help="check lesson files (see docs/lessons.md)",
                             description="check: run each lesson's stored solution headlessly and test its "
                             "checkpoints; one line per lesson, then a JSON line. Exit 0 only if all pass.")
    lessons.add_argument("action", choices=("check",))
    lessons.add_argument("files", nargs="*", metavar="LESSON.json", help="default: every shipped lesson")
    from playground.export import command as export_command

    export_command.add_parser(sub)  # with its own --debug, as the loop below adds to the others
    for p in (gui, train, predict, lessons):
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
    # Start-up makes tens of thousands of long-lived objects and no cyclic garbage: the collector is
    # paused until the window's first frame, or until a headless subcommand's arguments are parsed
    # (playground.startup_gc).
    startup_gc.pause()
    try:
        # First: the parser's imports load NumPy, which reads the BLAS thread variables once; the
        # app and the headless commands alike multiply tiny matrices (see playground.training.blas).
        limit_blas_threads()
        if not argv:
            # The plain launch (the desktop entry, `make run`) has nothing to parse: building the
            # parser (its subcommands, the export writers it lists, argparse's translation lookups)
            # cost ~8 ms of the window's start.
            return _open_app(None)
        parser = build_parser()
        try:
            args = parser.parse_args(_route(argv))
        except SystemExit as exc:
            return int(exc.code or 0)
        if args.command in (None, "gui"):
            return _open_app(getattr(args, "experiment", None))
    finally:
        startup_gc.resume()  # a no-op once the window has resumed it
    from playground.export.command import run as _export

    command = {"train": _train, "predict": _predict, "lessons": _lessons, "export": _export}[args.command]
    return _run(command, args)


def _open_app(experiment: str | None) -> int:
    """The ``gui`` subcommand: the window on ``experiment`` (a file) or the example."""
    # Imported here so the headless subcommands never load Qt.
    from playground.ui.app import run_app

    return run_app(experiment=experiment)


def _run(command, args) -> int:
    """Run a subcommand, mapping bad input to status 2 and anything else to 1."""
    import numpy as np

    from playground.data import DataError
    from playground.experiment import ExperimentError

    try:
        # Overflow in huge data must not print NumPy warnings: results are checked instead.
        with np.errstate(all="ignore"):
            return command(args)
    except (DataError, ExperimentError, InputError) as exc:
        if args.debug:
            traceback.print_exc()
        _error_line(str(exc))
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # `playground predict ... | head`: the reader left; not an error of ours.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("\nerror: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
        text = f"{exc}"[:200]
        if args.debug:
            traceback.print_exc()
            _error_line(f"internal error: {type(exc).__name__}: {text}")
        else:
            _error_line(f"internal error: {type(exc).__name__}: {text} (run with --debug for the traceback)")
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
        self.stream.write(f"\r[{bar}] epoch {done}/{total}  loss {_number(loss)}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


class _ProgressLines:
    """Progress without a terminal (a log, a pipe): one line per tenth of the run.

    Runs shorter than ``quiet_seconds`` print nothing, so scripts that train briefly
    keep an empty stderr; a long run prints at most ten lines.
    """

    def __init__(self, stream, quiet_seconds: float = 2.0, clock=time.monotonic) -> None:
        self.stream, self.quiet, self.clock = stream, quiet_seconds, clock
        self.start = clock()
        self._tenth = 0

    def __call__(self, done: int, total: int, loss: float) -> None:
        tenth = 10 * done // max(total, 1)
        if tenth <= self._tenth:
            return
        self._tenth = tenth
        if self.clock() - self.start < self.quiet:
            return
        self.stream.write(f"epoch {done}/{total} ({10 * tenth}%)  loss {_number(loss)}\n")
        self.stream.flush()


def _number(value: float) -> str:
    """A loss for progress output: 4 decimals, or exponent form when huge (never 300 digits)."""
    return f"{value:.4f}" if abs(value) < 1e6 else f"{value:.3g}"


def _out_target(option: str, path) -> None:
    """Refuse an output path that cannot be written, before any long work."""
    from playground.data.errors import short_path
    from playground.safe_io import FileProblem, write_target

    try:
        write_target(path)
    except FileProblem as exc:
        raise InputError(f"{option} {short_path(path)}: {exc}") from None


@contextlib.contextmanager
def _naming(path):
    """Prefix ``path`` to a bad-input error that names no file (a field, a column, the loss).

    Errors that name their own file (a CSV's line and column) pass unchanged.
    """
    from playground.data import DataError
    from playground.data.errors import short_path
    from playground.experiment import ExperimentError

    try:
        yield
    except DataError as exc:
        if exc.path is not None:
            raise
        raise InputError(f"{short_path(path)}: {exc}") from None
    except (ExperimentError, InputError) as exc:
        raise InputError(f"{short_path(path)}: {exc}") from None


def _json_line(metrics: dict) -> str:
    """The result line: RFC 8259 JSON (a non-finite value would have been refused before)."""
    return json.dumps(metrics, allow_nan=False)


def _train(args) -> int:
    from dataclasses import replace

    from playground.data import prepare
    from playground.experiment import load_experiment, save_experiment
    from playground.experiment.build import evaluate, with_state
    from playground.experiment.divergence import data_cause
    from playground.experiment.memory import check_memory
    from playground.training.headless import DivergedError, train  # the app's engine host: same weights, same NaN check

    path = Path(args.experiment)
    if args.out is not None:
        _out_target("--out", args.out)
    experiment = load_experiment(path)
    if args.seed is not None:
        experiment = replace(experiment, training=replace(experiment.training, seed=args.seed))
    epochs = experiment.training.epochs if args.epochs is None else args.epochs
    with _naming(path):
        prepared = prepare(experiment.data, base_dir=path.parent, drop_invalid_rows=args.drop_invalid_rows)
        check_memory(experiment.layer_sizes(prepared), max(len(prepared.X_train), len(prepared.X_test)))
        if prepared.dropped_rows:
            sys.stderr.write(f"dropped {prepared.dropped_rows} rows with empty, NaN or inf cells\n")
        progress = _Progress(sys.stderr) if sys.stderr.isatty() else _ProgressLines(sys.stderr)
        try:
            net, state = train(experiment, prepared, epochs, on_epoch=progress)
        except DivergedError as exc:
            cause = data_cause(experiment, prepared)
            if cause is None:
                raise
            raise InputError(f"{str(exc).partition(';')[0]}: {cause}") from None
        metrics = evaluate(experiment, net, prepared)
        bad = [k for k, v in metrics.items() if v is not None and not math.isfinite(v)]  # None: no test set
        if bad:
            cause = data_cause(experiment, prepared) or "the network's outputs overflow"
            raise InputError(f"{bad[0]} is {metrics[bad[0]]}: {cause}")
    if args.out is not None:
        save_experiment(with_state(experiment, state), args.out, source_dir=path.parent)
    print(_json_line({"epochs": state.epoch, **metrics}))
    return EXIT_OK


# --- predict -------------------------------------------------------------------------


def _overflow_cause(state, inputs) -> str:
    """Why a network's output overflowed for one row: huge trained weights, or inputs far out."""
    import numpy as np

    largest_weight = max(float(np.max(np.abs(W))) for W in state.weights)
    if largest_weight > 1e6:
        return f"its trained weights reach {largest_weight:.3g} (training diverged, or the file was edited)"
    return (f"its inputs reach {float(np.max(np.abs(inputs))):.3g} after features and normalization, "
            "far outside the training range")


def _predict(args) -> int:
    from playground.data import load_points, prediction_table, predictions_csv, write_predictions
    from playground.data.errors import short_path
    from playground.data.finite import check_features, first_nonfinite
    from playground.safe_io import FileProblem, atomic_write_text
    from playground.experiment import load_experiment
    from playground.experiment.build import network_from_state, state_features
    from playground.experiment.memory import check_memory

    if args.output is not None:
        _out_target("-o", args.output)
    experiment = load_experiment(args.trained)
    trained = short_path(args.trained)
    if experiment.state is None:
        raise InputError(f"{trained}: has no trained state; train it first "
                         f"(playground train {trained} --out TRAINED.json)")
    state = experiment.state
    if not state.raw_names:
        raise InputError(f"{trained}: state.raw_names is missing, so the input columns are unknown")
    raw = load_points(args.points, state.raw_names)
    with _naming(args.trained):
        check_memory(state.sizes, len(raw), state.weights[0].dtype.itemsize)
        X = state_features(experiment, raw)
    points = short_path(args.points)
    try:
        check_features(X, raw, state.feature_names or state.raw_names, state.raw_names, what="row")
    except ValueError as exc:
        raise InputError(f"{points}: {exc}") from None
    net = network_from_state(experiment)
    Y = net.predict(X)
    at = first_nonfinite(Y)
    if at is not None:
        raise InputError(f"{points}: row {at[0] + 1}: the network's output overflows; "
                         f"{_overflow_cause(state, X[at[0]])}")
    header, rows = prediction_table(state.raw_names, raw, Y, state.class_names)
    if args.output is None:
        write_predictions(sys.stdout, header, rows)
    else:
        try:
            atomic_write_text(args.output, predictions_csv(header, rows))
        except FileProblem as exc:
            raise InputError(f"-o {short_path(args.output)}: {exc}") from None
    return EXIT_OK


# --- lessons -------------------------------------------------------------------------


def _lessons(args) -> int:
    from playground.lessons.check import check_files

    total, passed = check_files(args.files, out=print)
    return EXIT_OK if passed == total else 1  # some lesson failed: not bad input, not a crash
