"""Runs the engine off the GUI thread (and off its GIL) and publishes Snapshots."""
