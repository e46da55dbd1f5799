"""How much memory a network needs, estimated from its sizes before anything is allocated.

A file may ask for 100 layers of 4,096 units (12 GiB of weights alone); NumPy
would fail with "Unable to allocate" or grow until the machine swaps. The
headless commands call :func:`check_memory` first and refuse anything above
:data:`MEMORY_BUDGET` with a message that names the estimate and the budget.

The estimate, in bytes of the parameters' dtype:

- ``PARAMETER_COPIES`` (7) x the parameters: weights, gradients, optimizer
  state (Adam keeps two moments) and the copies made for snapshots and the
  saved state. Measured: about 6.5-7x for ``playground train`` with Adam on
  four layers of 1,024 units (198 MB peak growth; this estimate gives 192 MB).
- ``ACTIVATION_COPIES`` (3) x rows x units summed over the layers, for the
  largest set of rows handled at once: a training batch keeps ``a``, ``y`` and
  ``delta`` per layer; a forward pass over the whole data keeps ``a`` and ``y``.
"""

from __future__ import annotations

from playground.experiment.errors import ExperimentError

#: Largest estimated memory a headless command will use (bytes).
MEMORY_BUDGET = 4 * 2**30
PARAMETER_COPIES = 7
ACTIVATION_COPIES = 3


def estimate_bytes(sizes, rows: int, itemsize: int = 8) -> int:
    """Estimated peak bytes to train or run a network.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[n_in, h1, ..., n_out]``.
    rows : int
        Most samples in flight at once (the batch, or all rows of an evaluation).
    itemsize : int
        Bytes per number (8 for float64, 4 for float32).

    Returns
    -------
    int
    """
    sizes = [int(s) for s in sizes]
    parameters = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    activations = int(rows) * sum(sizes)
    return itemsize * (PARAMETER_COPIES * parameters + ACTIVATION_COPIES * activations)


def check_memory(sizes, rows: int, itemsize: int = 8, budget: int = MEMORY_BUDGET) -> int:
    """Refuse a network whose estimate exceeds ``budget``; return the estimate.

    Raises
    ------
    ExperimentError
        Naming the layer sizes, the estimate and the budget.
    """
    need = estimate_bytes(sizes, rows, itemsize)
    if need > budget:
        sizes = [int(s) for s in sizes]
        shown = ", ".join(map(str, sizes if len(sizes) <= 8 else [*sizes[:3], "…", *sizes[-2:]]))
        raise ExperimentError(
            f"network.hidden: a network of layer sizes [{shown}] on {rows:,} rows needs about "
            f"{need / 2**30:,.1f} GiB of memory; the budget is {budget / 2**30:g} GiB. Use fewer or "
            "smaller layers (or fewer rows)")
    return need
