"""Records (dataclasses) that hold NumPy arrays compare by identity.

A generated ``__eq__`` compares the fields as a tuple, and two arrays in it
compare element-wise: ``==`` on two equal-looking records raised "the truth
value of an array is ambiguous" instead of answering. So every record with an
array field is declared with ``eq=False`` (its ``==`` is ``is``, its hash the
object's). It also spares Python 3.11 compiling ``__eq__`` and ``__hash__`` for
each of them at start-up.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import numpy as np

import playground

#: Records whose array fields are typed loosely (``tuple``, ``list``), so the annotation check
#: below cannot see them.
HOLD_ARRAYS = {
    "playground.training.messages.Build",
    "playground.training.messages.SetParameters",
    "playground.engine.network.Trace",
    "playground.engine.network.Gradients",
    "playground.engine.reference.ReferenceResult",
}


def _records():
    """Every dataclass defined in the playground package, by its dotted name."""
    found = {}
    for module_info in pkgutil.walk_packages(playground.__path__, "playground."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if dataclasses.is_dataclass(value) and isinstance(value, type) and value.__module__ == module.__name__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def _holds_arrays(name: str, record: type) -> bool:
    return name in HOLD_ARRAYS or any("ndarray" in str(f.type) for f in dataclasses.fields(record))


def test_every_record_holding_arrays_compares_by_identity(qapp):
    records = _records()
    assert set(HOLD_ARRAYS) <= set(records)  # the list above still names real records
    with_arrays = {name for name, record in records.items() if _holds_arrays(name, record)}
    assert "playground.training.snapshot.Snapshot" in with_arrays
    generated_eq = sorted(name for name in with_arrays if records[name].__dataclass_params__.eq)
    assert generated_eq == []


def test_two_equal_looking_commands_are_told_apart_without_an_error():
    from playground.training.messages import Build

    weights, biases = (np.zeros((2, 3)),), (np.zeros(3),)
    first = Build((2, 3), ("sigmoid",), weights, biases, network_version=1)
    second = Build((2, 3), ("sigmoid",), tuple(w.copy() for w in weights), biases, network_version=1)
    assert first == first and first != second
    assert len({first, second}) == 2  # hashable, by identity
