"""Backprop Playground: an offline desktop app that teaches how neural networks learn."""

__version__ = "0.1.0"
