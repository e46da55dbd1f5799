"""Pure edits of a network design that carry the trained weights over.

Every edit takes the current ``(spec, features, weights, biases, rng)`` and
returns a new :class:`NetworkState` ``(spec, features, weights, biases)``; it
never mutates its inputs (the arrays returned are new copies) and raises a
``ValueError`` with a message meant for the user when the edit is not allowed
(past the limits, an index out of range, weights that do not match the spec).

Carry-over rule
---------------
A connection is the weight between neuron ``i`` of one layer and neuron ``j``
of the next. It *still exists* after an edit when both neurons survive the edit
**and their two layers are still adjacent, in the same order**. Such weights are
copied unchanged; every other weight of the new network is drawn fresh from the
spec's initialisation (the engine's ``INITS``). A neuron that survives keeps its
bias; a new neuron gets the initial bias of that scheme (0, or 0.1 for ``uniform``). Consequences, edit by edit:

- ``add_neuron`` / ``remove_neuron`` / ``set_width``: only the new neuron's
  incoming and outgoing weights are fresh; everything else is kept.
- ``insert_layer`` between A and B: A->new and new->B are fresh (the old A->B
  weights disappear, since A and B are no longer adjacent); all other weight
  layers are unchanged.
- ``remove_layer`` between A and B: A->B is fresh (A and B were not adjacent).
- ``move_layer``: the moved layer keeps its biases; each weight matrix between
  two layers that were already adjacent in that order is kept, the others
  (around the old and the new place) are fresh.
- ``set_activation``: no weight changes.
- ``toggle_feature``: the input's row of ``weights[0]`` is dropped or drawn fresh.

Indexing follows ``docs/architecture.md``: hidden layer ``h`` (0-based, as in
``spec.hidden``) receives ``weights[h]`` (``(fan_in, units)``) and feeds
``weights[h + 1]``; ``weights[-1]`` feeds the output layer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple, Sequence

import numpy as np

from playground.engine import ACTIVATIONS, INITS, activation_names
from playground.experiment.network import LayerSpec, NetworkSpec

MAX_HIDDEN_LAYERS = 10
MAX_UNITS = 32
MIN_UNITS = 1



class NetworkState(NamedTuple):
    """A network design with its parameters.

    Attributes
    ----------
    spec : NetworkSpec
    features : tuple of str
        Names of the selected input features, in column order of ``X``.
    weights : list of ndarray
        ``weights[l]`` has shape ``(sizes[l], sizes[l + 1])``.
    biases : list of ndarray
        ``biases[l]`` has shape ``(sizes[l + 1],)``.
    """

    spec: NetworkSpec
    features: tuple[str, ...]
    weights: list[np.ndarray]
    biases: list[np.ndarray]


# --------------------------------------------------------------------------- helpers


def fresh_parameters(fan_in: int, fan_out: int, init: str, rng: np.random.Generator,
                     dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Draw a new weight matrix and bias vector exactly as the engine initialises a layer.

    Parameters
    ----------
    fan_in, fan_out : int
    init : str
        A name in the engine's ``INITS`` (``uniform``, ``xavier``, ``he``).
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray, shape (fan_in, fan_out)
    b : ndarray, shape (fan_out,)
    """
    try:
        make = INITS[init]
    except (KeyError, TypeError):
        raise ValueError(f"unknown weight initialisation {init!r}; choose one of {sorted(INITS)}") from None
    w, b = make(fan_in, fan_out, rng)
    return np.asarray(w).astype(dtype, copy=False), np.asarray(b).astype(dtype, copy=False)


def fresh_weights(fan_in: int, fan_out: int, init: str, rng: np.random.Generator,
                  dtype=np.float64) -> np.ndarray:
    """Only the weight matrix of :func:`fresh_parameters`, ``(fan_in, fan_out)``."""
    return fresh_parameters(fan_in, fan_out, init, rng, dtype)[0]


def _as_rng(rng) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng)


def check_state(spec: NetworkSpec, features: Sequence[str], weights: Sequence[np.ndarray],
                biases: Sequence[np.ndarray]) -> int:
    """Check that the parameters fit the spec and the features; return the output width.

    Raises
    ------
    ValueError
        When the number or the shapes of the arrays do not match.
    """
    n_layers = len(spec.hidden) + 1
    if len(weights) != n_layers or len(biases) != n_layers:
        raise ValueError(f"the spec has {n_layers} weight layers but got {len(weights)} weight "
                         f"and {len(biases)} bias arrays")
    if len(features) < 1:
        raise ValueError("the network needs at least one input feature")
    if len(set(features)) != len(features):
        raise ValueError(f"duplicate input features in {list(features)}")
    n_out = int(np.shape(weights[-1])[1]) if np.ndim(weights[-1]) == 2 else -1
    sizes = spec.layer_sizes(len(features), n_out)
    for l, (w, b) in enumerate(zip(weights, biases)):
        want = (sizes[l], sizes[l + 1])
        if np.shape(w) != want or np.shape(b) != (sizes[l + 1],):
            raise ValueError(f"weight layer {l}: expected W {want} and b ({sizes[l + 1]},), "
                             f"got {np.shape(w)} and {np.shape(b)}")
    return n_out


def _check_hidden_index(spec: NetworkSpec, layer: int) -> None:
    if not isinstance(layer, (int, np.integer)) or not 0 <= layer < len(spec.hidden):
        raise ValueError(f"there is no hidden layer {layer} (the network has {len(spec.hidden)})")


def _check_units(units: int) -> None:
    if not isinstance(units, (int, np.integer)) or isinstance(units, bool):
        raise ValueError(f"a layer's width must be a whole number, got {units!r}")
    if not MIN_UNITS <= units <= MAX_UNITS:
        raise ValueError(f"a layer has {MIN_UNITS} to {MAX_UNITS} neurons, not {units}")


def _check_hidden_activation(name: str) -> None:
    if not isinstance(name, str) or not name:
        raise ValueError(f"an activation is named by a non-empty string, got {name!r}")
    # The engine's registry knows which functions couple a layer's neurons (softmax:
    # its Jacobian is not diagonal, so the per-neuron delta formula does not hold).
    activation = ACTIVATIONS.get(name)
    if activation is None:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(activation_names(hidden=True))}")
    if activation.output_only:
        raise ValueError(f"{name} is only available on the output layer")


# A layer of the rebuilt network: the old layer it comes from (an index into the
# old list of all layers, input = 0, output = last; None for a new layer) and,
# per neuron, the old neuron it comes from (None for a new neuron).
_Layer = tuple  # (old_layer: int | None, units: list[int | None])


def _rebuild(old_w: Sequence[np.ndarray], old_b: Sequence[np.ndarray], layers: list[_Layer],
             init: str, rng: np.random.Generator) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Build the parameters of the new layer list, copying every surviving connection.

    Parameters
    ----------
    old_w, old_b : sequences of ndarray
        The old parameters, ``old_w[k]`` of shape ``(n_k, n_{k+1})``.
    layers : list of (old_layer, units)
        Every layer of the new network, input first and output last.
    """
    dtype = np.result_type(*old_w)
    weights, biases = [], []
    for (src_layer, src_units), (dst_layer, dst_units) in zip(layers[:-1], layers[1:]):
        w, b = fresh_parameters(len(src_units), len(dst_units), init, rng, dtype)
        # Same order and one apart in the old network: the old matrix between them.
        if src_layer is not None and dst_layer is not None and dst_layer == src_layer + 1:
            old = old_w[src_layer]
            rows = [r for r, u in enumerate(src_units) if u is not None]
            cols = [c for c, u in enumerate(dst_units) if u is not None]
            if rows and cols:
                w[np.ix_(rows, cols)] = old[np.ix_([src_units[r] for r in rows],
                                                   [dst_units[c] for c in cols])]
        b = b.astype(np.result_type(*old_b))
        if dst_layer is not None:
            old = old_b[dst_layer - 1]
            for c, u in enumerate(dst_units):
                if u is not None:
                    b[c] = old[u]
        weights.append(w)
        biases.append(b)
    return weights, biases


def _identity_layers(widths: Sequence[int]) -> list[_Layer]:
    """Every layer of the old network, mapped onto itself."""
    return [(k, list(range(n))) for k, n in enumerate(widths)]


def _start(spec, features, weights, biases, rng):
    n_out = check_state(spec, features, weights, biases)
    widths = spec.layer_sizes(len(features), n_out)
    return _as_rng(rng), _identity_layers(widths)


# --------------------------------------------------------------------------- edits


def insert_layer(spec: NetworkSpec, features: Sequence[str], weights, biases, rng,
                 at: int, units: int = 4, activation: str = "tanh") -> NetworkState:
    """Insert a new hidden layer so that it becomes ``spec.hidden[at]``.

    ``at`` runs from 0 (right after the inputs) to ``len(spec.hidden)`` (right
    before the output). The new layer's incoming and outgoing weights are fresh.
    """
    rng, layers = _start(spec, features, weights, biases, rng)
    n_hidden = len(spec.hidden)
    if n_hidden >= MAX_HIDDEN_LAYERS:
        raise ValueError(f"the network already has the maximum of {MAX_HIDDEN_LAYERS} hidden layers")
    if not isinstance(at, (int, np.integer)) or not 0 <= at <= n_hidden:
        raise ValueError(f"a new layer goes at position 0 to {n_hidden}, not {at}")
    _check_units(units)
    _check_hidden_activation(activation)
    layers.insert(at + 1, (None, [None] * int(units)))
    hidden = list(spec.hidden)
    hidden.insert(at, LayerSpec(int(units), activation))
    new_spec = replace(spec, hidden=tuple(hidden))
    w, b = _rebuild(weights, biases, layers, spec.init, rng)
    return NetworkState(new_spec, tuple(features), w, b)


def remove_layer(spec: NetworkSpec, features: Sequence[str], weights, biases, rng,
                 layer: int) -> NetworkState:
    """Remove hidden layer ``layer``; the layers on either side get fresh weights between them."""
    rng, layers = _start(spec, features, weights, biases, rng)
    _check_hidden_index(spec, layer)
    del layers[layer + 1]
    hidden = list(spec.hidden)
    del hidden[layer]
    w, b = _rebuild(weights, biases, layers, spec.init, rng)
    return NetworkState(replace(spec, hidden=tuple(hidden)), tuple(features), w, b)


def move_layer(spec: NetworkSpec, features: Sequence[str], weights, biases, rng,
               src: int, dst: int) -> NetworkState:
    """Move hidden layer ``src`` so that it becomes ``spec.hidden[dst]``.

    The moved layer keeps its activation and biases; weight matrices between
    layers that were adjacent in that order before are kept, the others are fresh.
    """
    rng, layers = _start(spec, features, weights, biases, rng)
    _check_hidden_index(spec, src)
    _check_hidden_index(spec, dst)
    hidden = list(spec.hidden)
    hidden.insert(dst, hidden.pop(src))
    layers.insert(dst + 1, layers.pop(src + 1))
    w, b = _rebuild(weights, biases, layers, spec.init, rng)
    return NetworkState(replace(spec, hidden=tuple(hidden)), tuple(features), w, b)


def add_neuron(spec: NetworkSpec, features: Sequence[str], weights, biases, rng,
               layer: int, at: int | None = None) -> NetworkState:
    """Add one neuron to hidden layer ``layer`` at position ``at`` (default: last)."""
    rng, layers = _start(spec, features, weights, biases, rng)
    _check_hidden_index(spec, layer)
    units = spec.hidden[layer].units
    if units >= MAX_UNITS:
        raise ValueError(f"hidden layer {layer + 1} already has the maximum of {MAX_UNITS} neurons")
    at = units if at is None else at
    if not isinstance(at, (int, np.integer)) or not 0 <= at <= units:
        raise ValueError(f"a new neuron goes at position 0 to {units}, not {at}")
    layers[layer + 1][1].insert(at, None)
    return _with_width(spec, features, weights, biases, rng, layers, layer, units + 1)


def remove_neuron(spec: NetworkSpec, features: Sequence[str], weights, biases, rng,
                  layer: int, unit: int) -> NetworkState:
    """Remove neuron ``unit`` of hidden layer ``layer`` with its weights and bias."""
    rng, layers = _start(spec, features, weights, biases, rng)
    _check_hidden_index(spec, layer)
    units = spec.hidden[layer].units
    if not isinstance(unit, (int, np.integer)) or not 0 <= unit < units:
        raise ValueError(f"hidden layer {layer + 1} has no neuron {unit}")
    if units <= MIN_UNITS:
        raise ValueError(f"hidden layer {layer + 1} needs at least {MIN_UNITS} neuron; "
                         "remove the layer instead")
    del layers[layer + 1][1][unit]
    return _with_width(spec, features, weights, biases, rng, layers, layer, units - 1)


def set_width(spec: NetworkSpec, features: Sequence[str], weights, biases, rng,
              layer: int, n: int) -> NetworkState:
    """Give hidden layer ``layer`` exactly ``n`` neurons, adding or dropping at the end."""
    rng, layers = _start(spec, features, weights, biases, rng)
    _check_hidden_index(spec, layer)
    _check_units(n)
    layers[layer + 1] = (layer + 1, [u if u < spec.hidden[layer].units else None for u in range(n)])
    return _with_width(spec, features, weights, biases, rng, layers, layer, int(n))


def _with_width(spec, features, weights, biases, rng, layers, layer, n) -> NetworkState:
    hidden = list(spec.hidden)
    hidden[layer] = replace(hidden[layer], units=n)
    w, b = _rebuild(weights, biases, layers, spec.init, rng)
    return NetworkState(replace(spec, hidden=tuple(hidden)), tuple(features), w, b)


def set_activation(spec: NetworkSpec, features: Sequence[str], weights, biases, rng,
                   layer: int, name: str) -> NetworkState:
    """Set the activation of hidden layer ``layer``, or of the output when ``layer == len(spec.hidden)``.

    No weight changes (``rng`` is unused; it is accepted so every edit has the same signature).
    """
    check_state(spec, features, weights, biases)
    if layer == len(spec.hidden):
        if not isinstance(name, str) or not name:
            raise ValueError(f"an activation is named by a non-empty string, got {name!r}")
        new_spec = replace(spec, output_activation=name)
    else:
        _check_hidden_index(spec, layer)
        _check_hidden_activation(name)
        hidden = list(spec.hidden)
        hidden[layer] = replace(hidden[layer], activation=name)
        new_spec = replace(spec, hidden=tuple(hidden))
    return NetworkState(new_spec, tuple(features), [np.array(w) for w in weights],
                        [np.array(b) for b in biases])


def toggle_feature(spec: NetworkSpec, features: Sequence[str], weights, biases, rng,
                   name: str, order: Sequence[str] | None = None) -> NetworkState:
    """Switch input feature ``name`` off when it is selected, on when it is not.

    Parameters
    ----------
    name : str
        The feature (``x1``, ``x1^2``... or a CSV column name).
    order : sequence of str, optional
        Every available feature in display order: a feature switched on is
        placed so that the selection keeps this order. Without it, it goes last.

    Raises
    ------
    ValueError
        When the last selected feature would be switched off, or ``name`` is not
        in ``order``.
    """
    rng, layers = _start(spec, features, weights, biases, rng)
    features = list(features)
    if name in features:
        if len(features) == 1:
            raise ValueError("the network needs at least one input feature")
        index = features.index(name)
        del features[index]
        del layers[0][1][index]
    else:
        if order is not None and name not in order:
            raise ValueError(f"unknown input feature {name!r}; available: {', '.join(order)}")
        index = len(features)
        if order is not None:
            rank = {f: k for k, f in enumerate(order)}
            index = sum(1 for f in features if rank.get(f, len(order)) < rank[name])
        features.insert(index, name)
        layers[0][1].insert(index, None)
    w, b = _rebuild(weights, biases, layers, spec.init, rng)
    return NetworkState(spec, tuple(features), w, b)
