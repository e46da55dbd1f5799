"""The ``playground`` command.

With no subcommand it opens the app. Subcommands run headless and never import
Qt, so they work on a server and in scripts::

    playground                 open the main window
    playground --version       print the version
    playground train ...       train an experiment file (no GUI)
    playground predict ...     apply a trained experiment to a CSV of points
"""

from __future__ import annotations

import argparse
import sys

from playground import __version__


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="playground",
        description="Backprop Playground: watch a neural network learn. "
        "Without a subcommand, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"playground {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("experiment", nargs="?", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", title="subcommands", metavar="COMMAND")
    sub.add_parser("gui", help="open the main window (the default)").add_argument(
        "experiment", nargs="?", help="an experiment file to open"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``playground`` console script; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "gui"):
        # Imported here so the headless subcommands never load Qt.
        from playground.ui.app import run_app

        return run_app(experiment=args.experiment)
    parser.error(f"unknown command {args.command!r}")
    return 2
