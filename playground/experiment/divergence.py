"""Why a loss became NaN or inf: the data's scale, or the learning rate.

The engine only sees the loss overflow. Blaming the learning rate every time
misleads when the data is the cause (inputs of 1e6 without ``normalize``,
huge regression targets): lowering the rate would not help. :func:`data_cause`
looks at the prepared arrays and the untrained network's loss and, when the
data is to blame, says which column or target and what to do.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from playground.data.errors import quoted

#: Inputs or regression targets larger than this (in magnitude) are "large": generated
#: data lies in about [-6, 6], standardized data in a few units.
LARGE_VALUE = 100.0


def _largest(X: np.ndarray, names) -> tuple[float, str]:
    """The largest magnitude of ``X`` (n, k) and the name of its column."""
    if X.size == 0:
        return 0.0, ""
    with np.errstate(invalid="ignore"):
        per_column = np.nanmax(np.abs(X), axis=0) if np.isfinite(X).any() else np.zeros(X.shape[1])
    j = int(np.argmax(per_column))
    return float(per_column[j]), (names[j] if j < len(names) else f"column {j + 1}")


def data_cause(experiment, prepared) -> str | None:
    """A message blaming the data for a non-finite loss, or None when the data looks fine.

    Parameters
    ----------
    experiment : playground.experiment.Experiment
    prepared : playground.data.PreparedData

    Returns
    -------
    str or None
        Names the largest input feature or target and suggests ``data.normalize``
        or scaling; None means the learning rate (or other settings) is the likelier cause.
    """
    from playground.experiment.build import build_network

    x_max, x_name = _largest(prepared.X_train, prepared.feature_names)
    t_max = 0.0
    if prepared.is_regression:
        t_max, _ = _largest(prepared.T_train, ("target",))
    with np.errstate(all="ignore"):
        try:
            fresh = build_network(replace(experiment, state=None), prepared)
            first = float(fresh.loss(prepared.X_train, prepared.T_train, loss=experiment.loss_for(prepared)))
        except (ValueError, FloatingPointError):
            first = float("nan")
    parts = []
    if x_max > LARGE_VALUE:
        fix = "scale the data" if experiment.data.normalize else "set data.normalize"
        parts.append(f"input feature {quoted(x_name)} reaches {x_max:.3g} ({fix})")
    if t_max > LARGE_VALUE:
        parts.append(f"the targets reach {t_max:.3g} (scale them)")
    if not np.isfinite(first):
        return ("the loss is not finite even before training, so the data is the cause: "
                + ("; ".join(parts) if parts else "its values are too large for the network"))
    if parts:
        return "the loss overflowed and the data is large: " + "; ".join(parts) + \
            "; then lower training.learning_rate if it still diverges"
    return None
