"""The NumPy backpropagation engine (no Qt). See README "Engine".

Public names: :class:`Network`, :class:`Trainer`, :func:`gradcheck`,
:func:`accuracy`, :func:`reference_backprop` (the textbook equations,
readable; see ``reference.py``), and the registries ``ACTIVATIONS``, ``LOSSES``,
``OPTIMIZERS``, ``INITS``, ``REGULARIZATIONS`` (name -> implementation).
"""

from .activations import ACTIVATIONS, Activation, activation_names
from .gradcheck import delta_check, gradcheck
from .init import INITS
from .losses import LOSSES, Loss, natural_loss
from .metrics import accuracy
from .network import Gradients, Network, Trace
from .optimizers import OPTIMIZERS
from .reference import ReferenceResult, reference_backprop
from .regularization import REGULARIZATIONS
from .trainer import Trainer, TrainSettings

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "LOSSES",
    "OPTIMIZERS",
    "REGULARIZATIONS",
    "Activation",
    "Gradients",
    "Loss",
    "Network",
    "ReferenceResult",
    "Trace",
    "TrainSettings",
    "Trainer",
    "activation_names",
    "accuracy",
    "delta_check",
    "gradcheck",
    "natural_loss",
    "reference_backprop",
]
