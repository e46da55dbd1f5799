"""A lesson's stored solution: the ordered setting changes, training and actions that meet its checkpoints.

Each operation is one small JSON object::

    {"set": "training.learning_rate", "to": 0.1}     change one experiment field
    {"train": 200}                                   train that many epochs
    {"do": "applied_step"}                           perform a UI action (see actions.ACTIONS)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from playground.lessons.actions import ACTIONS
from playground.lessons.errors import LessonError
from playground.experiment.checks import is_int
from playground.experiment.errors import ExperimentError
from playground.experiment.experiment import Experiment
from playground.experiment.serialize import (
    DATA_FIELDS, NETWORK_FIELDS, TRAINING_FIELDS, experiment_from_dict, experiment_to_dict,
)

#: Most epochs one ``train`` operation may ask for (keeps `playground lessons check` quick).
MAX_TRAIN_EPOCHS = 100_000
SETTABLE_SECTIONS = {
    "data": tuple(dict.fromkeys(DATA_FIELDS["generator"] + DATA_FIELDS["csv"] + DATA_FIELDS["inline"])),
    "network": NETWORK_FIELDS,
    "training": TRAINING_FIELDS,
}


@dataclass(frozen=True)
class SolutionOp:
    """One operation of a solution.

    Attributes
    ----------
    kind : {"set", "train", "do"}
    target : str
        ``"training.learning_rate"`` for set, the action name for do, "" for train.
    value : object
        The new value (set) or the epochs (train); None for do.
    """

    kind: str
    target: str = ""
    value: object = None

    def to_dict(self) -> dict:
        """The JSON object of this operation."""
        if self.kind == "set":
            return {"set": self.target, "to": self.value}
        if self.kind == "train":
            return {"train": self.value}
        return {"do": self.target}


def apply_setting(experiment: Experiment, target: str, value, base_dir=None) -> Experiment:
    """The experiment with one field changed, validated like a file.

    Training settings keep the trained state (as the app keeps the weights);
    a data or network change drops it (new data resets the weights; a new
    design is built afresh from ``training.seed``).

    Raises
    ------
    ExperimentError
        Naming the field, when the value is not allowed.
    """
    section, _, name = target.partition(".")
    doc = experiment_to_dict(replace(experiment, state=None))
    doc.setdefault(section, {})[name] = value
    changed = experiment_from_dict(doc, base_dir=base_dir)
    if section == "training" and experiment.state is not None:
        changed = replace(changed, state=experiment.state)
    return changed


def op_from_dict(doc, field: str) -> SolutionOp:
    """One operation from JSON; messages name ``field`` (``steps[0].solution[2]``)."""
    if not isinstance(doc, dict):
        raise LessonError(f"{field} must be an object like {{\"train\": 100}}, got {doc!r}")
    keys = set(doc)
    if keys == {"set", "to"}:
        target = doc["set"]
        section, _, name = target.partition(".") if isinstance(target, str) else ("", "", "")
        if section not in SETTABLE_SECTIONS or name not in SETTABLE_SECTIONS[section]:
            raise LessonError(f"{field}.set: {target!r} is not a setting; use data.<field>, network.<field> "
                              f"or training.<field> as in experiment files")
        return SolutionOp("set", target, doc["to"])
    if keys == {"train"}:
        epochs = doc["train"]
        if not is_int(epochs) or not 1 <= epochs <= MAX_TRAIN_EPOCHS:
            raise LessonError(f"{field}.train must be a whole number of epochs, 1..{MAX_TRAIN_EPOCHS}, got {epochs!r}")
        return SolutionOp("train", "", int(epochs))
    if keys == {"do"}:
        name = doc["do"]
        if name not in ACTIONS:
            raise LessonError(f"{field}.do: unknown action {name!r}; actions are {', '.join(ACTIONS)}")
        if ACTIONS[name].source != "ui":
            raise LessonError(f"{field}.do: {name!r} is recorded from training ({ACTIONS[name].description}); "
                              "train with those settings instead")
        return SolutionOp("do", name)
    raise LessonError(f"{field} must be {{\"set\": ..., \"to\": ...}}, {{\"train\": N}} or {{\"do\": ACTION}}; "
                      f"got the fields {', '.join(sorted(map(str, keys))) or 'none'}")


def dry_run(ops, experiment: Experiment, field: str, base_dir=None) -> Experiment:
    """Apply every ``set`` in order without training, so a bad value fails when the lesson loads."""
    for k, op in enumerate(ops):
        if op.kind == "set":
            try:
                experiment = apply_setting(experiment, op.target, op.value, base_dir)
            except ExperimentError as exc:
                raise LessonError(f"{field}[{k}]: {exc}") from None
    return experiment
