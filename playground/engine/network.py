"""The feed-forward network: parameters, forward pass, loss and backpropagation.

Notation of docs/architecture.md (Conventions). Layer index ``l = 0 .. L-1`` counts weight layers:
``a[l] = y[l-1] W[l] + b[l]`` (with ``y[-1]`` the inputs), ``y[l] = f_l(a[l])``,
``delta[l] = dJ/da[l]``.

All parameters live in one flat vector (what the optimizers update in a few
calls); ``net.weights[l]`` and ``net.biases[l]`` are writable views into it.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from .activations import Activation, get_activation
from .init import get_init
from .kernels import copyto
from .losses import Loss, get_loss, natural_loss
from .regularization import check_rate, get_regularization
from .workspace import Workspace

_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
_MAX_WORKSPACES = 8  # batch sizes kept (a trainer needs two: full batches and the last one)


@dataclass(eq=False)
class Trace:
    """Every layer's values of one forward pass.

    Attributes
    ----------
    inputs : ndarray (n, n_in)
    a : list of ndarray
        ``a[l]`` ``(n, sizes[l+1])``: pre-activations of weight layer ``l``.
    y : list of ndarray
        ``y[l]`` ``(n, sizes[l+1])``: outputs ``f(a[l])``; ``y[-1]`` is the prediction.
    """

    inputs: np.ndarray
    a: list
    y: list


@dataclass(eq=False)
class Gradients:
    """Result of backpropagation over a batch of n samples.

    Attributes
    ----------
    weights : list of ndarray
        ``weights[l]`` ``(fan_in, fan_out)``: gradient of the *mean* loss
        ``J = (1/n) sum_i J_i`` (plus the regularization penalty) w.r.t. ``W[l]``.
    biases : list of ndarray
        ``biases[l]`` ``(fan_out,)``: gradient of the mean loss w.r.t. ``b[l]``
        (biases are never regularized).
    deltas : list of ndarray
        ``deltas[l]`` ``(n, fan_out)``: *per-sample* ``dJ_i/da[l]`` where ``J_i``
        is sample i's own loss (no 1/n, no regularization). So
        ``weights[l] = y[l-1].T @ deltas[l] / n`` (+ regularization).
    """

    weights: list
    biases: list
    deltas: list


class ParameterList(list):
    """A fixed-length list of parameter views; ``lst[l] = array`` copies into the view.

    Rebinding an entry would detach it from the network's flat parameter
    vector, so assignment copies values in place (shapes must match) and the
    list cannot grow or shrink.
    """

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            raise TypeError("assign parameters one layer at a time: lst[l] = array")
        target = list.__getitem__(self, index)
        if value is target:
            return  # `net.weights[l] -= step` already changed the view in place
        array = np.asarray(value)
        if array.shape != target.shape:
            raise ValueError(f"shape {array.shape} does not match the parameter's shape {target.shape}")
        np.copyto(target, array, casting="same_kind")

    def _fixed(self, *args, **kwargs):
        raise TypeError("the parameter list has one entry per layer; change the network instead")

    append = extend = insert = pop = remove = clear = sort = reverse = _fixed
    __delitem__ = __iadd__ = __imul__ = _fixed

    def __reduce_ex__(self, protocol):
        # copy.deepcopy / pickle give a plain list of (copied) arrays, detached from any network.
        return (list, (list(self),))


def _check_sizes(sizes) -> list[int]:
    try:
        sizes = [int(s) for s in sizes]
    except (TypeError, ValueError):
        raise ValueError(f"sizes must be a list of positive integers, not {sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least an input and an output size, got {sizes!r}")
    if any(s < 1 for s in sizes):
        raise ValueError(f"every layer needs at least one unit, got {sizes!r}")
    return sizes


def _check_activations(activations, n_layers: int) -> list[Activation]:
    if isinstance(activations, str) or len(activations) != n_layers:
        raise ValueError(f"give one activation name per weight layer ({n_layers}), got {activations!r}")
    acts = [get_activation(name) for name in activations]
    for l, act in enumerate(acts[:-1]):
        if act.output_only:
            raise ValueError(f"{act.name!r} can only be the output layer's activation (it is on layer {l})")
    return acts


def _check_dtype(dtype) -> np.dtype:
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise ValueError(f"dtype must be float32 or float64, not {dtype!r}") from None
    if dtype not in _FLOAT_DTYPES:
        raise ValueError(f"dtype must be float32 or float64, not {dtype}")
    return dtype


class Network:
    """A fully connected feed-forward network.

    Parameters
    ----------
    sizes : list of int
        ``[n_in, hidden..., n_out]``; ``[n_in, n_out]`` is linear/logistic regression.
    activations : list of str
        One name per weight layer (``len(sizes) - 1``), keys of ``ACTIVATIONS``;
        ``softmax`` only on the output layer.
    seed : int or None
        Seed of the weight initialisation (None: fresh entropy).
    init : str
        ``uniform``, ``xavier`` or ``he`` (see ``INITS``).
    dtype : np.float64 or np.float32
        Of every parameter and buffer; inputs are cast to it.

    Raises
    ------
    ValueError
        On bad sizes, unknown names, softmax on a hidden layer or another dtype.

    Examples
    --------
    >>> net = Network([2, 8, 8, 1], activations=["tanh", "tanh", "sigmoid"], seed=0)
    >>> net.predict(np.zeros((3, 2))).shape
    (3, 1)
    """

    def __init__(self, sizes, activations, seed=0, init: str = "xavier", dtype=np.float64):
        self._setup(sizes, activations, init, dtype)
        make = get_init(init)
        rng = np.random.default_rng(seed)
        for l in range(self.n_layers):
            w, b = make(self._sizes[l], self._sizes[l + 1], rng)
            self._weights[l][...] = w
            self._biases[l][...] = b

    @classmethod
    def from_parameters(cls, weights, biases, activations, dtype=None, init: str = "xavier") -> "Network":
        """Build a network holding copies of the given parameters.

        Parameters
        ----------
        weights : list of array (fan_in, fan_out)
        biases : list of array (fan_out,)
        activations : list of str
        dtype : dtype or None
            Default: float32 when ``weights[0]`` is float32, float64 otherwise.
        init : str
            Recorded as the network's ``init`` name; no values are drawn.
        """
        weights = [np.asarray(w) for w in weights]
        if not weights or any(w.ndim != 2 for w in weights):
            raise ValueError("weights must be a non-empty list of 2-D arrays")
        if dtype is None:
            dtype = np.float32 if weights[0].dtype == np.float32 else np.float64
        sizes = [weights[0].shape[0]] + [w.shape[1] for w in weights]
        net = cls.__new__(cls)
        net._setup(sizes, activations, init, dtype)
        net.set_parameters(weights, biases)
        return net

    def _setup(self, sizes, activations, init, dtype) -> None:
        self._sizes = _check_sizes(sizes)
        self._acts = _check_activations(activations, len(self._sizes) - 1)
        self._activation_names = list(activations)
        get_init(init)
        self.init = init
        self.dtype = _check_dtype(dtype)
        n_params = sum((a + 1) * b for a, b in zip(self._sizes[:-1], self._sizes[1:]))
        self._theta = np.zeros(n_params, dtype=self.dtype)
        self._grad = np.zeros(n_params, dtype=self.dtype)
        self._mask = np.zeros(n_params, dtype=self.dtype)  # 1 on weights, 0 on biases
        self._blocks, self._grad_blocks = [], []
        offset = 0
        for fan_in, fan_out in zip(self._sizes[:-1], self._sizes[1:]):
            size = (fan_in + 1) * fan_out
            self._blocks.append(self._theta[offset : offset + size].reshape(fan_in + 1, fan_out))
            self._grad_blocks.append(self._grad[offset : offset + size].reshape(fan_in + 1, fan_out))
            self._mask[offset : offset + fan_in * fan_out] = 1
            offset += size
        # Where each layer's weights and bias sit in a flat gradient copy.
        self._layout = []
        offset = 0
        for fan_in, fan_out in zip(self._sizes[:-1], self._sizes[1:]):
            end_w = offset + fan_in * fan_out
            self._layout.append((slice(offset, end_w), (fan_in, fan_out), slice(end_w, end_w + fan_out)))
            offset = end_w + fan_out
        self._weights = ParameterList(block[:-1] for block in self._blocks)
        self._biases = ParameterList(block[-1] for block in self._blocks)
        self._workspaces: OrderedDict[int, Workspace] = OrderedDict()
        self._regularizers: dict[str, object] = {}
        self._checked_losses: dict[object, Loss] = {}

    # --- description -----------------------------------------------------------

    @property
    def sizes(self) -> list[int]:
        """``[n_in, hidden..., n_out]`` (a copy)."""
        return list(self._sizes)

    @property
    def activations(self) -> list[str]:
        """Activation name of each weight layer, as given (a copy)."""
        return list(self._activation_names)

    @property
    def n_layers(self) -> int:
        """L, the number of weight layers."""
        return len(self._acts)

    @property
    def n_parameters(self) -> int:
        return self._theta.size

    @property
    def weights(self) -> ParameterList:
        """``weights[l]`` ``(fan_in, fan_out)``, views writable in place (``w[i, j] = v``, ``weights[l] = W``)."""
        return self._weights

    @property
    def biases(self) -> ParameterList:
        """``biases[l]`` ``(fan_out,)``, views writable in place."""
        return self._biases

    def get_parameters(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Return copies ``(weights, biases)``."""
        return [w.copy() for w in self._weights], [b.copy() for b in self._biases]

    def set_parameters(self, weights, biases) -> None:
        """Copy ``weights`` and ``biases`` into the network (shapes must match; nothing changes on error)."""
        weights = [np.asarray(w) for w in weights]
        biases = [np.asarray(b) for b in biases]
        if len(weights) != self.n_layers or len(biases) != self.n_layers:
            raise ValueError(f"need {self.n_layers} weight matrices and bias vectors, got {len(weights)} and {len(biases)}")
        for l, (w, b) in enumerate(zip(weights, biases)):
            if w.shape != self._weights[l].shape or b.shape != self._biases[l].shape:
                raise ValueError(
                    f"layer {l}: expected shapes {self._weights[l].shape} and {self._biases[l].shape}, "
                    f"got {w.shape} and {b.shape}"
                )
            if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
                raise ValueError(f"layer {l}: parameters must be finite")
        for l, (w, b) in enumerate(zip(weights, biases)):
            np.copyto(self._weights[l], w, casting="unsafe")
            np.copyto(self._biases[l], b, casting="unsafe")

    def copy(self) -> "Network":
        """An independent network with the same shape, activations, dtype and parameters."""
        return Network.from_parameters(*self.get_parameters(), self._activation_names, dtype=self.dtype, init=self.init)

    def __getstate__(self):
        # Buffers and op tapes (closures) are caches: pickle only what defines the network.
        return {"sizes": self._sizes, "activations": self._activation_names, "init": self.init,
                "dtype": self.dtype.str, "theta": self._theta.copy()}

    def __setstate__(self, state):
        self._setup(state["sizes"], state["activations"], state["init"], np.dtype(state["dtype"]))
        self._theta[...] = state["theta"]

    def __repr__(self) -> str:
        return f"Network({self._sizes}, activations={self._activation_names}, dtype={self.dtype.name})"

    # --- checks ----------------------------------------------------------------

    def _check_inputs(self, X, allow_empty: bool = False) -> np.ndarray:
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self._sizes[0]:
            raise ValueError(f"X must have shape (n, {self._sizes[0]}), got {X.shape}")
        if X.shape[0] < 1 and not allow_empty:
            raise ValueError("X has no samples")
        return np.ascontiguousarray(X, dtype=self.dtype)

    def _check_targets(self, T, n: int) -> np.ndarray:
        T = np.asarray(T)
        n_out = self._sizes[-1]
        if T.ndim == 1 and n_out == 1:
            T = T.reshape(-1, 1)  # (n,) is accepted for one output
        if T.shape != (n, n_out):
            raise ValueError(f"T must have shape ({n}, {n_out}), got {T.shape}")
        return np.ascontiguousarray(T, dtype=self.dtype)

    def _loss_for(self, loss) -> Loss:
        """The Loss object for a name (None: the output activation's natural loss), checked."""
        try:
            return self._checked_losses[loss]
        except (KeyError, TypeError):
            pass
        name = natural_loss(self._acts[-1].name) if loss is None else loss
        loss_obj = get_loss(name)
        loss_obj.check(self._acts[-1])
        self._checked_losses[loss] = loss_obj  # only valid pairs are remembered
        return loss_obj

    # --- forward ----------------------------------------------------------------

    def forward(self, X) -> Trace:
        """Forward pass keeping every layer's values.

        Parameters
        ----------
        X : array (n, n_in)

        Returns
        -------
        Trace
            New arrays owned by the caller: ``inputs`` (X cast to the dtype),
            ``a[l]`` and ``y[l]`` ``(n, sizes[l+1])``.
        """
        X = self._check_inputs(X, allow_empty=True)
        a_list, y_list = [], []
        y = X
        for act, w, b in zip(self._acts, self._weights, self._biases):
            a = np.matmul(y, w)
            a += b
            y = act.f(a)
            a_list.append(a)
            y_list.append(y)
        return Trace(inputs=X, a=a_list, y=y_list)

    def predict(self, X) -> np.ndarray:
        """Network output ``(n, n_out)`` for ``X`` ``(n, n_in)``; keeps no cache."""
        X = self._check_inputs(X, allow_empty=True)
        y = X
        for act, w, b in zip(self._acts, self._weights, self._biases):
            a = np.matmul(y, w)
            a += b
            y = act.f(a)  # not in place: some forms read a after writing out
        return y

    # --- loss and gradients ---------------------------------------------------------

    def loss(self, X, T, loss=None, regularization="none", regularization_rate=0.0) -> float:
        """Mean loss ``(1/n) sum_i J_i`` plus the regularization penalty.

        Parameters
        ----------
        X : array (n, n_in)
        T : array (n, n_out)
        loss : str or None
            A key of ``LOSSES``; None picks the output activation's natural loss
            (sigmoid: binary_cross_entropy, softmax: cross_entropy, else mse).
        regularization : str
            ``none``, ``l1`` or ``l2``.
        regularization_rate : float

        Returns
        -------
        float
            ``nan`` for zero samples.
        """
        X = self._check_inputs(X, allow_empty=True)
        T = self._check_targets(T, X.shape[0])
        loss_obj = self._loss_for(loss)
        reg = get_regularization(regularization)
        rate = check_rate(regularization_rate)
        if X.shape[0] == 0:
            return float("nan")
        trace = self.forward(X)
        value = float(np.mean(loss_obj.per_sample(trace.a[-1], trace.y[-1], T)))
        if rate > 0:
            value += reg.penalty(self._weights, rate)
        return value

    def loss_and_gradients(self, X, T, loss=None, regularization="none", regularization_rate=0.0):
        """Mean loss and its gradients by backpropagation.

        Parameters are those of :meth:`loss`.

        Returns
        -------
        loss : float
            ``(1/n) sum_i J_i`` plus the regularization penalty.
        grads : Gradients
            New arrays owned by the caller: ``grads.weights[l]``, ``grads.biases[l]``
            (gradients of the mean loss, regularization included) and
            ``grads.deltas[l]`` ``(n, fan_out)`` (per-sample ``dJ_i/da``).

        Raises
        ------
        ValueError
            Bad shapes, unknown names, or a loss that cannot follow the output
            activation (binary_cross_entropy needs sigmoid, cross_entropy softmax).
        """
        X = np.asarray(X)  # numbers are cast by the copy into the workspace below
        if X.ndim != 2 or X.shape[1] != self._sizes[0] or X.shape[0] < 1 or X.dtype.kind not in "fiub":
            X = self._check_inputs(X)  # converts, or raises the right message
        T = self._check_targets(T, X.shape[0])
        loss_obj = self._loss_for(loss)
        if regularization == "none" and regularization_rate == 0:
            reg_name, rate = "none", 0.0  # the common case, without the lookups
        else:
            reg_name = get_regularization(regularization).name
            rate = check_rate(regularization_rate)
        ws = self._workspace(X.shape[0])
        copyto(ws.inputs, X, casting="same_kind")
        value = self._compute(ws, ws.x_aug, T, loss_obj, reg_name, rate)
        grad = self._grad.copy()  # one copy each; the layers' arrays are views of them
        deltas = ws.flat_delta.copy()
        grads = Gradients(
            weights=[grad[w].reshape(shape) for w, shape, _ in self._layout],
            biases=[grad[b] for _, _, b in self._layout],
            deltas=[deltas[span].reshape(shape) for span, shape in ws.delta_layout],
        )
        return value, grads

    # --- engine-internal fast path (used by Trainer and the methods above) ------------

    def _workspace(self, n: int) -> Workspace:
        """The buffers for batches of ``n`` samples, created on first use (LRU of a few sizes)."""
        ws = self._workspaces.get(n)
        if ws is None:
            ws = Workspace(self._acts, self._sizes, n, self.dtype, self._blocks, self._grad_blocks)
            self._workspaces[n] = ws
            if len(self._workspaces) > _MAX_WORKSPACES:
                self._workspaces.popitem(last=False)
        return ws

    def _compute(self, ws: Workspace, x_aug: np.ndarray, T: np.ndarray, loss: Loss, regularization: str, rate: float) -> float:
        """Forward and backward pass into ``ws`` and ``self._grad``; returns the mean loss.

        ``x_aug`` ``(n, n_in + 1)`` ends in a column of ones; ``T`` ``(n, n_out)``
        is C-contiguous of the network's dtype; names already checked.
        """
        n = x_aug.shape[0]
        total = ws.forward_backward(x_aug, T, loss)
        np.multiply(self._grad, 1.0 / n, self._grad)
        value = total / n
        if rate > 0 and regularization != "none":
            add = self._regularizers.get(regularization)
            if add is None:
                add = get_regularization(regularization).build(self._theta, self._grad, self._mask)
                self._regularizers[regularization] = add
            value += add(rate)
        return value

    def _gradients_view(self, ws: Workspace) -> Gradients:
        """Gradients viewing the engine's buffers (overwritten by the next pass)."""
        return Gradients(
            weights=[block[:-1] for block in self._grad_blocks],
            biases=[block[-1] for block in self._grad_blocks],
            deltas=list(ws.delta),
        )
