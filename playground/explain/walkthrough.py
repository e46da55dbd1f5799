"""One training sample through the network, with every equation and its numbers.

:func:`walkthrough` runs the reference backprop (``playground.engine.reference``)
on one sample ``(x, t)``: the forward pass, the loss, the deltas from the
output back, the gradients and one online SGD step. It never changes the
network. :meth:`Walkthrough.steps` writes each equation with its numbers as a
:class:`Step` (plain text and Qt rich text); :meth:`Walkthrough.lines` is the
plain text alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import numpy as np

from playground.engine import ACTIVATIONS, LOSSES, Network, natural_loss, reference_backprop
from playground.engine.optimizers import check_learning_rate
from playground.engine.regularization import check_rate, get_regularization
from playground.notation import (
    ACTIVATION_FORMULAS,
    LOSS_FORMULAS,
    SLOPE_FORMULAS,
    join_sum,
    number,
    operand,
    plain,
    rich,
    sub,
    sym,
)

#: A neuron whose slope ``|f'(a)|`` is below this passes back almost no error: it is flagged saturated.
SATURATED_SLOPE = 0.01

KINDS = ("forward", "loss", "backward", "update")

#: How the app's J relates to the textbook's (one line, shown with the loss).
J_CONVENTION = (
    "The app's J: mse carries the factor ½, and a batch's J is the mean (1/n) Σ_{i} J_{i} over its n samples "
    "(for this one sample, J itself). Textbook forms without the ½ or summed over the batch are c times larger "
    "(c = 2 or n) and so are their gradients: the factor goes into η (η there = η here / c)."
)


@dataclass(frozen=True)
class Step:
    """One equation of a walkthrough, ready to show.

    Attributes
    ----------
    kind : str
        ``forward``, ``loss``, ``backward`` or ``update``.
    quantity : str
        What the line computes: ``layer`` (a heading), ``a``, ``y``, ``J``,
        ``note``, ``delta``, ``dw``, ``db``, ``w``, ``b``.
    layer : int
        Weight layer ``l`` (as in ``net.weights[l]``); -1 for the loss lines.
    unit : int
        Neuron ``j`` of layer ``l``'s outputs (0-based); -1 for a heading or a note.
    source : int
        Neuron ``i`` of the layer before, for the lines of one weight
        ``w_ij`` (``dw``, ``w``); -1 otherwise.
    text : str
        Plain Unicode text.
    html : str
        Qt rich text (subscripts as ``<sub>``).
    saturated : bool
        A ``delta`` line of a neuron whose slope ``|f'(a)|`` < ``SATURATED_SLOPE``.
    """

    kind: str
    quantity: str
    layer: int
    unit: int
    source: int
    text: str
    html: str
    saturated: bool = False


def _step(kind, quantity, layer, unit, markup, source=-1, saturated=False) -> Step:
    return Step(kind, quantity, layer, unit, source, plain(markup), rich(markup), saturated)


@dataclass(eq=False)
class Walkthrough:
    """Everything backpropagation computes for one sample, by weight layer ``l``.

    Attributes
    ----------
    x : ndarray (n_in,)
    t : ndarray (n_out,)
    a, y : list of ndarray
        ``(fan_out,)``: this sample's pre-activations and outputs of layer ``l``.
    delta : list of ndarray
        ``(fan_out,)``: ``dJ/da`` of this sample's own loss.
    grad_weights, grad_biases : list of ndarray
        ``(fan_in, fan_out)`` and ``(fan_out,)``: this sample's ``dJ/dW``, ``dJ/db``
        (regularization included when it is on).
    new_weights, new_biases : list of ndarray
        After one online SGD step: ``w - learning_rate * dJ/dw``.
    loss : float
        This sample's J (plus the regularization penalty when it is on).
    weights, biases : list of ndarray
        Copies of the network's parameters the numbers were computed with.
    slope : list of (ndarray or None)
        ``(fan_out,)``: ``f'(a)`` of layer ``l``. None for a softmax output
        (its derivative is a Jacobian) and for the output of a matched pair
        (``delta = y - t``: the slope cancels).
    error : list of ndarray
        ``(fan_out,)``: the error arriving at each neuron: ``sum_k w_jk delta_k``
        for a hidden layer; ``dJ/dy`` for a chain-rule output; ``y - t`` for
        a matched output. ``delta = slope * error`` wherever ``slope`` is given.
    saturated : list of ndarray of bool
        ``(fan_out,)``: ``|slope| < SATURATED_SLOPE`` (all False where ``slope`` is None).
    data_loss, penalty : float
        The loss without regularization, and the penalty (0 when off).
    activations : list of str
        Canonical activation name of each layer.
    loss_name, regularization : str
    learning_rate, regularization_rate : float
    """

    x: np.ndarray
    t: np.ndarray
    a: list
    y: list
    delta: list
    grad_weights: list
    grad_biases: list
    new_weights: list
    new_biases: list
    loss: float
    weights: list
    biases: list
    slope: list
    error: list
    saturated: list
    data_loss: float
    penalty: float
    activations: list
    loss_name: str
    learning_rate: float
    regularization: str
    regularization_rate: float
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_layers(self) -> int:
        return len(self.a)

    @property
    def matched(self) -> bool:
        """True when the output delta is ``y - t`` (identity + mse, sigmoid + bce, softmax + ce)."""
        return LOSSES[self.loss_name].fused_activation == self.activations[-1]

    def sections(self) -> list[tuple[str, int]]:
        """The ``(kind, layer)`` sections of :meth:`steps`, in order.

        ``("forward", l)`` for l = 0..L-1, ``("loss", -1)``, ``("backward", l)``
        for l = L-1..0, ``("update", -1)`` (the rule) and ``("update", l)`` for
        l = 0..L-1.
        """
        L = self.n_layers
        return ([("forward", l) for l in range(L)] + [("loss", -1)]
                + [("backward", l) for l in range(L - 1, -1, -1)]
                + [("update", -1)] + [("update", l) for l in range(L)])

    def steps(self, decimals: int = 2, max_terms: int | None = None, kind: str | None = None,
              layer: int | None = None) -> list[Step]:
        """The equations with their numbers, in order: forward, loss, backward, update.

        Parameters
        ----------
        decimals : int
            Places of every number shown (0..12).
        max_terms : int or None
            Fold sums longer than this to their first terms, ``…`` and the last
            term; None writes every term.
        kind : str or None
            Only this phase (``forward``, ``loss``, ``backward``, ``update``).
        layer : int or None
            Only this layer's section of ``kind`` (see :meth:`sections`). Asking
            for one section writes only that one: a panel stepping a layer of a
            large network need not write the others.

        Returns
        -------
        list of Step
            Each section is written once per ``(decimals, max_terms)`` and cached;
            Steps are immutable.
        """
        decimals = int(decimals)
        if not 0 <= decimals <= 12:
            raise ValueError(f"decimals must be in 0..12, not {decimals}")
        if max_terms is not None and int(max_terms) < 1:
            raise ValueError(f"max_terms must be >= 1 or None, not {max_terms}")
        if kind is not None and kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS} or None, not {kind!r}")
        fold = None if max_terms is None else int(max_terms)
        wanted = [(k, l) for k, l in self.sections() if kind in (None, k) and layer in (None, l)]
        if kind is not None and layer is not None and not wanted:
            raise ValueError(f"no {kind} section for layer {layer}; see sections()")
        writer = None
        out: list[Step] = []
        for section in wanted:
            key = (decimals, fold, section)
            if key not in self._cache:
                writer = writer or _Writer(self, decimals, fold)
                self._cache[key] = writer.section(*section)
            out += self._cache[key]
        return out

    def lines(self, decimals: int = 2, max_terms: int | None = None) -> list[str]:
        """Plain text of :meth:`steps`: every equation with its numbers, in order."""
        return [s.text for s in self.steps(decimals, max_terms)]


def walkthrough(net: Network, x, t, loss=None, *, learning_rate, regularization="none",
                regularization_rate=0.0) -> Walkthrough:
    """Backpropagation of one sample with the network's own numbers; ``net`` is not changed.

    Parameters
    ----------
    net : Network
    x : array (n_in,)
        One sample's inputs (a ``(1, n_in)`` row is accepted too).
    t : array (n_out,)
        Its target (a number for a one-output network).
    loss : str or None
        A key of ``LOSSES``; None: the output activation's natural loss.
    learning_rate : float
        η of the online SGD step ``w <- w - η dJ/dw``.
    regularization : str
        ``none``, ``l1`` or ``l2``, added to J and to the weights' gradients
        as the Trainer does (so ``new_weights`` equals one Trainer step).
    regularization_rate : float

    Returns
    -------
    Walkthrough

    Raises
    ------
    ValueError
        Bad shapes, names or values (nothing is computed).
    """
    x = np.asarray(x, dtype=float)
    if x.ndim == 2 and x.shape[0] == 1:
        x = x[0]
    n_in, n_out = net.sizes[0], net.sizes[-1]
    if x.shape != (n_in,):
        raise ValueError(f"x must be one sample of shape ({n_in},), got {x.shape}")
    t = np.asarray(t, dtype=float)
    if t.ndim == 0 or (t.ndim == 2 and t.shape[0] == 1):
        t = t.reshape(-1)
    if t.shape != (n_out,):
        raise ValueError(f"t must be one target of shape ({n_out},), got {np.shape(t)}")
    lr = check_learning_rate(learning_rate)
    reg = get_regularization(regularization)
    rate = check_rate(regularization_rate)
    loss_name = natural_loss(ACTIVATIONS[net.activations[-1]].name) if loss is None else loss

    ref = reference_backprop(net, x[None, :], t[None, :], loss=loss_name)
    weights, biases = net.get_parameters()
    penalty, reg_grads = _penalty(weights, reg, rate)
    grad_w = [g + r for g, r in zip(ref.grad_weights, reg_grads)] if penalty is not None else ref.grad_weights
    acts = [ACTIVATIONS[name] for name in net.activations]
    loss_obj = LOSSES[loss_name]

    a = [v[0] for v in ref.a]
    y = [v[0] for v in ref.y]
    delta = [v[0] for v in ref.deltas]
    slope, error, saturated = [], [], []
    for l, act in enumerate(acts):
        if l < len(acts) - 1:
            e = weights[l + 1] @ delta[l + 1]  # sum_k w_jk delta_k
        elif act.name == loss_obj.fused_activation:
            e = delta[l]  # the matched pair: delta = y - t, no slope of its own
        else:
            e = loss_obj.output_gradient(y[l], t)  # dJ/dy, through the chain rule
        matched_output = l == len(acts) - 1 and act.name == loss_obj.fused_activation
        s = None if act.derivative_ops is None or matched_output else act.derivative(a[l][None], y[l][None])[0]
        slope.append(s)
        error.append(e)
        saturated.append(np.abs(s) < SATURATED_SLOPE if s is not None else np.zeros(len(a[l]), dtype=bool))
    return Walkthrough(
        x=x, t=t, a=a, y=y, delta=delta,
        grad_weights=list(grad_w),
        grad_biases=list(ref.grad_biases),
        new_weights=[w - lr * g for w, g in zip(weights, grad_w)],
        new_biases=[b - lr * g for b, g in zip(biases, ref.grad_biases)],
        loss=ref.loss + (penalty or 0.0),
        weights=weights, biases=biases, slope=slope, error=error, saturated=saturated,
        data_loss=ref.loss, penalty=penalty or 0.0,
        activations=[act.name for act in acts], loss_name=loss_name, learning_rate=lr,
        regularization=reg.name, regularization_rate=rate,
    )


def _penalty(weights, reg, rate):
    """Penalty and its gradient per weight matrix, from the registry; (None, None) when off."""
    if reg.build is None or rate == 0:
        return None, None
    theta = np.concatenate([w.ravel() for w in weights])
    grad = np.zeros_like(theta)
    value = reg.build(theta, grad, np.ones_like(theta))(rate)
    grads, offset = [], 0
    for w in weights:
        grads.append(grad[offset : offset + w.size].reshape(w.shape))
        offset += w.size
    return value, grads


class _Writer:
    """Writes a Walkthrough's equations as Steps (markup rendered twice)."""

    def __init__(self, w: Walkthrough, decimals: int, max_terms: int | None):
        self.w, self.d, self.max_terms = w, decimals, max_terms

    def n(self, v) -> str:
        return number(v, self.d)

    def o(self, v) -> str:
        return operand(v, self.d)

    def inputs(self, l: int) -> tuple[str, np.ndarray]:
        """Symbol and values feeding layer l: the inputs x, or the outputs y of the layer before."""
        return ("x", self.w.x) if l == 0 else ("y", self.w.y[l - 1])

    def section(self, kind: str, layer: int) -> list[Step]:
        if kind == "forward":
            return self.forward(layer)
        if kind == "loss":
            return self.loss()
        if kind == "backward":
            return self.backward(layer)
        return self.update_rule() if layer == -1 else self.update(layer)

    # --- forward -----------------------------------------------------------------

    def forward(self, l: int) -> list[Step]:
        w = self.w
        L = w.n_layers
        fan_in, fan_out = w.weights[l].shape
        what = "output layer" if l == L - 1 else f"hidden layer {l + 1}"
        out = [_step("forward", "layer", l, -1,
                     f"Forward, layer {l + 1} of {L} ({what}): {fan_in} → {fan_out}, {w.activations[l]}")]
        src, values = self.inputs(l)
        W = w.weights[l]
        for j in range(fan_out):
            def symbol(i):
                return f"{sym('w', i, j)}·{sym(src, i)}"

            def value(i):
                return f"{self.o(W[i, j])}·{self.o(values[i])}"

            # The bias stays in sight after a folded sum: w_11·x_1 + … + w_n1·x_n + b_1.
            out.append(_step(
                "forward", "a", l, j,
                f"{sym('a', j)} = {join_sum(symbol, fan_in, self.max_terms)} + {sym('b', j)} = "
                f"{join_sum(value, fan_in, self.max_terms)} + {self.o(w.biases[l][j])} = {self.n(w.a[l][j])}"))
            out.append(_step("forward", "y", l, j, self._output_line(l, j)))
        return out

    def _output_line(self, l: int, j: int) -> str:
        w = self.w
        name, a, y = w.activations[l], w.a[l], w.y[l]
        if name == "softmax":
            with np.errstate(over="ignore"):
                total = float(np.sum(np.exp(a)))
            return (f"{sym('y', j)} = exp({sym('a', j)}) / Σ_{{k}} exp(a_{{k}}) = "
                    f"exp({self.n(a[j])}) / {self.n(total)} = {self.n(y[j])}")
        formula = ACTIVATION_FORMULAS.get(name, f"{name}(#)")
        # A lone argument needs no parentheses of its own: tanh(−0.58), but 0.01·(−0.58).
        numbers = formula.replace("(#)", f"({self.n(a[j])})").replace("#", self.o(a[j]))
        return f"{sym('y', j)} = {formula.replace('#', sym('a', j))} = {numbers} = {self.n(y[j])}"

    # --- loss ----------------------------------------------------------------------

    def loss(self) -> list[Step]:
        w = self.w
        title, formula = LOSS_FORMULAS.get(w.loss_name, (w.loss_name, "J"))
        y, t = w.y[-1], w.t
        k = len(t)
        n = self.n
        if w.loss_name == "mse":
            numbers = "½·(" + join_sum(lambda i: f"({n(y[i])} − {n(t[i])})²", k, self.max_terms) + ")"
        elif w.loss_name == "binary_cross_entropy":
            numbers = "−[" + join_sum(lambda i: f"{n(t[i])}·log {n(y[i])} + {n(1 - t[i])}·log {n(1 - y[i])}",
                                      k, self.max_terms) + "]"
        else:
            numbers = "−[" + join_sum(lambda i: f"{n(t[i])}·log {n(y[i])}", k, self.max_terms) + "]"
        out = [
            _step("loss", "note", -1, -1, J_CONVENTION),
            _step("loss", "J", -1, -1, f"Loss ({title}): {formula} = {numbers} = {self.n(w.data_loss)}"),
        ]
        if w.penalty:
            term = "λ Σ |w|" if w.regularization == "l1" else "λ/2 Σ w²"
            out.append(_step("loss", "J", -1, -1,
                             f"With {w.regularization} regularization (λ = {self.n(w.regularization_rate)}): "
                             f"J = {self.n(w.data_loss)} + {term} = {self.n(w.data_loss)} + {self.n(w.penalty)} "
                             f"= {self.n(w.loss)}"))
        return out

    # --- backward ------------------------------------------------------------------

    def backward(self, l: int) -> list[Step]:
        w = self.w
        L = w.n_layers
        name = w.activations[l]
        slope = SLOPE_FORMULAS.get(name)
        what = "output layer" if l == L - 1 else f"hidden layer {l + 1}"
        heading = f"Backward, layer {l + 1} of {L} ({what}, {name})"
        if slope is not None and not (l == L - 1 and w.matched):
            heading += f": slope f′(a_{{j}}) = {slope.replace('#', 'j')}"
        out = [_step("backward", "layer", l, -1, heading)]
        if l == L - 1:
            out += self._output_deltas()
        else:
            out += [self._hidden_delta(l, j) for j in range(len(w.a[l]))]
        return out + self._gradients(l)

    def _output_deltas(self) -> list[Step]:
        w, l = self.w, self.w.n_layers - 1
        name = w.activations[l]
        title = LOSS_FORMULAS.get(w.loss_name, (w.loss_name,))[0]
        general = "Output: δ_{j} = ∂J/∂a_{j} = f′(a_{j})·∂J/∂y_{j}"
        if w.matched:
            general += f"; for {name} with {title} this is δ_{{j}} = y_{{j}} − t_{{j}}"
        elif name == "softmax":
            general += (f", with ∂J/∂y_{{j}} = y_{{j}} − t_{{j}} ({title}) and the softmax Jacobian: "
                        "δ_{j} = y_{j}·(∂J/∂y_{j} − Σ_{k} y_{k} ∂J/∂y_{k})")
        else:
            general += f", with ∂J/∂y_{{j}} = y_{{j}} − t_{{j}} ({title})"
        out = [_step("backward", "note", l, -1, general)]
        for j in range(len(w.a[l])):
            d = f"{sym('δ', j)} = "
            if w.matched:
                text = (f"{d}{sym('y', j)} − {sym('t', j)} = {self.n(w.y[l][j])} − {self.o(w.t[j])} "
                        f"= {self.n(w.delta[l][j])}")
            elif name == "softmax":
                inner = float(np.dot(w.y[l], w.error[l]))
                text = (f"{d}{sym('y', j)}·(∂J/∂{sym('y', j)} − Σ_{{k}} y_{{k}} ∂J/∂y_{{k}}) = "
                        f"{self.o(w.y[l][j])}·({self.n(w.error[l][j])} − {self.o(inner)}) = {self.n(w.delta[l][j])}")
            else:
                text = (f"{d}f′({sym('a', j)})·∂J/∂{sym('y', j)}: error arriving ∂J/∂{sym('y', j)} = "
                        f"{self.n(w.y[l][j])} − {self.o(w.t[j])} = {self.n(w.error[l][j])}; "
                        f"{self._slope_text(l, j)}; {d}{self.o(w.error[l][j])} × {self.o(w.slope[l][j])} "
                        f"= {self.n(w.delta[l][j])}")
            out.append(self._delta_step(l, j, text))
        return out

    def _slope_text(self, l: int, j: int) -> str:
        formula = SLOPE_FORMULAS.get(self.w.activations[l], "f′(a_{#})").replace("#", str(j + 1))
        return f"slope f′({sym('a', j)}) = {formula} = {self.n(self.w.slope[l][j])}"

    def _delta_step(self, l: int, j: int, text: str) -> Step:
        flagged = bool(self.w.saturated[l][j])
        if flagged:
            text += (" — saturated: slope 0, no error passes back" if self.w.slope[l][j] == 0
                     else " — saturated: slope ≈ 0, little error passes back")
        return _step("backward", "delta", l, j, text, saturated=flagged)

    def _hidden_delta(self, l: int, j: int) -> Step:
        w = self.w
        w_next, d_next = w.weights[l + 1], w.delta[l + 1]
        w_jk = f"w_{{{sub(j)}{',' if j >= 9 else ''}k}}"

        def term(k):
            return f"{self.o(w_next[j, k])}·{self.o(d_next[k])}"

        text = (f"{sym('δ', j)} = f′({sym('a', j)})·Σ_{{k}} {w_jk} δ_{{k}}: error arriving "
                f"Σ_{{k}} {w_jk} δ_{{k}} = {join_sum(term, len(d_next), self.max_terms)} = {self.n(w.error[l][j])}; "
                f"{self._slope_text(l, j)}; {sym('δ', j)} = {self.o(w.error[l][j])} × {self.o(w.slope[l][j])} "
                f"= {self.n(w.delta[l][j])}")
        return self._delta_step(l, j, text)

    def _reg_term(self, l: int, i: int, j: int) -> tuple[str, str]:
        w = self.w
        if not w.penalty:
            return "", ""
        value = w.weights[l][i, j]
        if w.regularization == "l1":
            return f" + λ·sign({sym('w', i, j)})", f" + {self.n(w.regularization_rate)} × {self.o(np.sign(value))}"
        return f" + λ·{sym('w', i, j)}", f" + {self.n(w.regularization_rate)} × {self.o(value)}"

    def _gradients(self, l: int) -> list[Step]:
        w, out = self.w, []
        src, values = self.inputs(l)
        fan_in, fan_out = w.weights[l].shape
        for j in range(fan_out):
            for i in range(fan_in):
                reg_sym, reg_num = self._reg_term(l, i, j)
                out.append(_step(
                    "backward", "dw", l, j,
                    f"∂J/∂{sym('w', i, j)} = {sym(src, i)}·{sym('δ', j)}{reg_sym} = "
                    f"{self.o(values[i])} × {self.o(w.delta[l][j])}{reg_num} = {self.n(w.grad_weights[l][i, j])}",
                    source=i))
            out.append(_step("backward", "db", l, j,
                             f"∂J/∂{sym('b', j)} = {sym('δ', j)} = {self.n(w.grad_biases[l][j])}"))
        return out

    # --- update --------------------------------------------------------------------

    def update_rule(self) -> list[Step]:
        return [_step("update", "note", -1, -1,
                      f"Update, one online SGD step with η = {self.n(self.w.learning_rate)}: "
                      "w ← w − η·∂J/∂w, b ← b − η·∂J/∂b")]

    def update(self, l: int) -> list[Step]:
        w = self.w
        eta = self.n(w.learning_rate)
        fan_in, fan_out = w.weights[l].shape
        out = [_step("update", "layer", l, -1, f"Update, layer {l + 1} of {w.n_layers}")]
        for j in range(fan_out):
            for i in range(fan_in):
                s = sym("w", i, j)
                out.append(_step(
                    "update", "w", l, j,
                    f"{s} ← {s} − η·∂J/∂{s} = {self.n(w.weights[l][i, j])} − {eta} × "
                    f"{self.o(w.grad_weights[l][i, j])} = {self.n(w.new_weights[l][i, j])}", source=i))
            s = sym("b", j)
            out.append(_step(
                "update", "b", l, j,
                f"{s} ← {s} − η·∂J/∂{s} = {self.n(w.biases[l][j])} − {eta} × "
                f"{self.o(w.grad_biases[l][j])} = {self.n(w.new_biases[l][j])}"))
        return out
