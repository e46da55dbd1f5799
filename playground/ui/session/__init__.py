"""The GUI's owner of the experiment and the training worker (``Session``), and how it reads
and replaces the parts of an Experiment (``fields``)."""

from playground.ui.session.session import Refused, Session

__all__ = ["Refused", "Session"]
