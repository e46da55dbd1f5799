"""The checkpoint grammar: a small, safe comparison language (parsed, never ``eval``-ed).

::

    condition := NAME                 a true/false value is true (an action was recorded)
               | "not" NAME           ... is false
               | NAME OP VALUE        OP: <  <=  >  >=  ==  !=
    VALUE     := number | word | true | false

``NAME`` is a key of :data:`VARIABLES` (metrics, network, training and data
settings) or of :data:`~playground.lessons.actions.ACTIONS`. Numbers compare
with ``<``...``!=``; words (``softmax``) and true/false only with ``==`` and ``!=``.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from typing import Callable

from playground.lessons.actions import ACTIONS
from playground.lessons.errors import LessonError
from playground.lessons.live import LiveState

OPERATORS: dict[str, Callable] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}


@dataclass(frozen=True)
class Variable:
    """A name a condition can test.

    Attributes
    ----------
    name : str
    group : {"metric", "network", "training", "data", "action"}
    type : {"number", "bool", "text"}
    get : callable
        ``get(live_state) -> value`` (None = no value yet).
    choices : str or None
        For text values: the engine registry they come from (checked when a lesson loads).
    description : str
    """

    name: str
    group: str
    type: str
    get: Callable[[LiveState], object]
    description: str
    choices: str | None = None


def _n_classes(live: LiveState) -> int | None:
    """The data's classes (0 = regression), or None when the data cannot be read."""
    from playground.data import DataError
    from playground.data.prepare import count_classes

    try:
        return count_classes(live.experiment.data)
    except (DataError, OSError):
        return None


def _inputs(live: LiveState) -> int | None:
    """Network inputs implied by the data config (None for a CSV without ``columns``)."""
    data = live.experiment.data
    if data.features is not None:
        return len(data.features)
    if data.source == "generator":
        return 2
    if data.source == "inline":
        return len(data.points[0])
    return len(data.columns) if data.columns is not None else None


def _weights(live: LiveState) -> int | None:
    """Number of weights (biases not counted)."""
    from playground.experiment.problem import output_units_for

    inputs, k = _inputs(live), _n_classes(live)
    if inputs is None or k is None:
        return None
    sizes = live.experiment.network.layer_sizes(inputs, output_units_for(k))
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))


def hidden_activation(network) -> str:
    """The hidden layers' common activation; ``"mixed"`` if they differ, ``"none"`` without hidden layers."""
    names = {layer.activation for layer in network.hidden}
    if not names:
        return "none"
    return names.pop() if len(names) == 1 else "mixed"


def _loss(live: LiveState) -> str | None:
    from playground.experiment.problem import default_output

    if live.experiment.training.loss is not None:
        return live.experiment.training.loss
    k = _n_classes(live)
    return None if k is None else default_output(k)[1]


def _metric(name: str):
    return lambda live: live.metrics.get(name)


def _setting(section: str, name: str):
    return lambda live: getattr(getattr(live.experiment, section), name)


def _variables() -> dict[str, Variable]:
    v = [
        Variable("train_loss", "metric", "number", _metric("train_loss"), "loss J on the training set"),
        Variable("test_loss", "metric", "number", _metric("test_loss"), "loss J on the test set (none without one)"),
        Variable("train_accuracy", "metric", "number", _metric("train_accuracy"),
                 "share of training samples classified right, 0..1"),
        Variable("test_accuracy", "metric", "number", _metric("test_accuracy"),
                 "share of test samples classified right, 0..1 (none without a test set)"),
        Variable("epoch", "metric", "number", _metric("epoch"), "epochs trained since the network was built"),
        Variable("steps", "metric", "number", _metric("steps"), "weight updates since the network was built"),
        Variable("hidden_layers", "network", "number", lambda s: len(s.experiment.network.hidden),
                 "number of hidden layers"),
        Variable("has_hidden_layer", "network", "bool", lambda s: bool(s.experiment.network.hidden),
                 "the network has at least one hidden layer"),
        Variable("hidden_units", "network", "number",
                 lambda s: sum(layer.units for layer in s.experiment.network.hidden), "hidden neurons in all"),
        Variable("hidden_activation", "network", "text", lambda s: hidden_activation(s.experiment.network),
                 "the hidden layers' activation (mixed if they differ, none without hidden layers)",
                 "activations"),
        Variable("output_activation", "network", "text", _setting("network", "output_activation"),
                 "the output layer's activation", "activations"),
        Variable("init", "network", "text", _setting("network", "init"), "the weight initialisation", "inits"),
        Variable("inputs", "network", "number", _inputs, "input features (network inputs)"),
        Variable("weights", "network", "number", _weights, "number of weights w_ij (biases not counted)"),
        Variable("loss", "training", "text", _loss, "the loss function (the problem's default if not set)",
                 "losses"),
        Variable("learning_rate", "training", "number", _setting("training", "learning_rate"), "eta"),
        Variable("batch_size", "training", "number", _setting("training", "batch_size"),
                 "samples per update; 0 = full batch, 1 = online"),
        Variable("optimizer", "training", "text", _setting("training", "optimizer"), "the optimizer",
                 "optimizers"),
        Variable("momentum", "training", "number", _setting("training", "momentum"), "the momentum"),
        Variable("regularization", "training", "text", _setting("training", "regularization"),
                 "none, l1 or l2", "regularizations"),
        Variable("regularization_rate", "training", "number", _setting("training", "regularization_rate"),
                 "the regularization rate"),
        Variable("train_fraction", "data", "number", _setting("data", "train_fraction"),
                 "share of the samples used for training (1 = all, no test set)"),
        Variable("noise", "data", "number", _setting("data", "noise"), "the generator's noise"),
        Variable("samples", "data", "number", _setting("data", "samples"), "generated samples"),
        Variable("classes", "data", "number", _n_classes, "classes of the data (0 = regression)"),
    ]
    for a in ACTIONS.values():
        v.append(Variable(a.name, "action", "bool", lambda s, name=a.name: name in s.actions,
                          f"action: {a.description}"))
    return {x.name: x for x in v}


#: Every name a condition can use, in documentation order.
VARIABLES: dict[str, Variable] = _variables()

_TOKEN = re.compile(r"\s*(<=|>=|==|!=|<|>|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")


@dataclass(frozen=True)
class Condition:
    """A parsed condition: ``name``, and ``op`` / ``value`` unless it is a bare (or negated) name."""

    text: str
    name: str
    op: str
    value: object

    def value_in(self, live: LiveState):
        """The tested name's current value (None = no value yet)."""
        return VARIABLES[self.name].get(live)

    def met(self, live: LiveState) -> bool:
        """Whether the condition holds; a missing or non-finite number never meets it."""
        current = self.value_in(live)
        if current is None:
            return False
        if isinstance(current, float) and not math.isfinite(current):
            return False
        return bool(OPERATORS[self.op](current, self.value))


def _tokens(text: str) -> list[str]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise LessonError(f"cannot read {text[pos:].strip()!r}")
        out.append(m.group(1))
        pos = m.end()
    return out


def parse_condition(text: str, field: str = "check") -> Condition:
    """Parse and type-check a condition.

    Parameters
    ----------
    text : str
        E.g. ``"test_loss < 0.1"``, ``"has_hidden_layer"``, ``"output_activation == softmax"``.
    field : str
        Where it is written, for messages (``steps[2].checkpoints[0].check``).

    Raises
    ------
    LessonError
        Naming ``field``: unknown name, operator or value of the wrong type.
    """
    if not isinstance(text, str) or not text.strip():
        raise LessonError(f"{field} must be a condition like 'test_loss < 0.1', got {text!r}")
    try:
        tokens = _tokens(text)
    except LessonError as exc:
        raise LessonError(f"{field}: {exc} in {text!r}") from None
    negate = len(tokens) == 2 and tokens[0] == "not"
    if negate:
        tokens = tokens[1:]
    name = tokens[0]
    if name not in VARIABLES:
        raise LessonError(f"{field}: unknown name {name!r} in {text!r}; see docs/lessons.md for the names")
    var = VARIABLES[name]
    if len(tokens) == 1:
        if var.type != "bool":
            raise LessonError(f"{field}: {name} is a {var.type}; compare it, e.g. '{name} >= 1'")
        return Condition(text, name, "==", not negate)
    if negate or len(tokens) != 3 or tokens[1] not in OPERATORS:
        raise LessonError(f"{field}: expected NAME, 'not NAME' or NAME OP VALUE with OP one of "
                          f"{' '.join(OPERATORS)}; got {text!r}")
    op, raw = tokens[1], tokens[2]
    if var.type == "number":
        if not _NUMBER.match(raw):
            raise LessonError(f"{field}: {name} is a number; {raw!r} is not")
        value: object = float(raw)
    elif op not in ("==", "!="):
        raise LessonError(f"{field}: {name} is {var.type}; only == and != compare it")
    elif var.type == "bool":
        if raw not in ("true", "false"):
            raise LessonError(f"{field}: {name} is true or false; got {raw!r}")
        value = raw == "true"
    else:
        value = raw
        if var.choices is not None:
            from playground.experiment.checks import engine_names

            allowed = list(engine_names(var.choices)) + (["none", "mixed"] if name == "hidden_activation" else [])
            if raw not in allowed:
                raise LessonError(f"{field}: {raw!r} is not a known {name}; choose from {', '.join(allowed)}")
    return Condition(text, name, op, value)
