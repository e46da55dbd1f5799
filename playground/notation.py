"""How the app writes its equations: numbers, subscripts, folded sums.

Shared by the explanation layer (``playground.explain``: the step-through's and the
gradient check's equations) and the window (the loss formula over the loss plot,
the loss selector's tooltips). It is its own module, not part of
``playground.explain``, because the first frame needs the loss formula and the
explain package would bring its walkthrough, gradient check and landscape along
(26 M instructions, ~7 ms of start-up; see docs/startup.md).

An equation is written once in a small markup, ``a_{1} = w_{11}·x_{1} + b_{1}``,
and rendered two ways: plain Unicode text (``a_1 = w_11·x_1 + b_1``) and Qt
rich text (``a<sub>1</sub> = ...``). Greek letters and symbols (δ, η, Σ, ∂, ′)
are Unicode characters in both. Neurons are numbered from 1 on screen, as in
the textbook; the arrays are indexed from 0.
"""

from __future__ import annotations

import math

MINUS = "\u2212"
ELLIPSIS = "\u2026"

#: ``y = f(a)`` of each activation, written with ``#`` for the argument.
ACTIVATION_FORMULAS = {
    "identity": "#",
    "sigmoid": "\u03c3(#)",
    "tanh": "tanh(#)",
    "relu": "max(0, #)",
    "leaky_relu": "max(0.01·#, #)",
    "elu": "elu(#)",
    "softplus": "log(1 + e^#)",
    "swish": "#·\u03c3(#)",
    "gaussian": "exp(\u2212(#)²)",
    "sin": "sin(#)",
    "softmax": "softmax(#)",
}

#: The slope ``f'(a)`` of each elementwise activation, with ``#`` for the neuron's subscript.
SLOPE_FORMULAS = {
    "identity": "1",
    "sigmoid": "y_{#}(1 \u2212 y_{#})",
    "tanh": "1 \u2212 y_{#}²",
    "relu": "1 if a_{#} > 0, else 0",
    "leaky_relu": "1 if a_{#} > 0, else 0.01",
    "elu": "1 if a_{#} > 0, else y_{#} + 1",
    "softplus": "\u03c3(a_{#})",
    "swish": "\u03c3(a_{#}) + y_{#}(1 \u2212 \u03c3(a_{#}))",
    "gaussian": "\u22122a_{#}·y_{#}",
    "sin": "cos(a_{#})",
}

#: Display names of the losses and what ``J`` is for one sample (markup).
LOSS_FORMULAS = {
    "mse": ("mean squared error", "J = ½ \u03a3_{k} (y_{k} \u2212 t_{k})²"),
    "binary_cross_entropy": ("binary cross-entropy",
                             "J = \u2212\u03a3_{k} [t_{k} log y_{k} + (1 \u2212 t_{k}) log(1 \u2212 y_{k})]"),
    "cross_entropy": ("cross-entropy", "J = \u2212\u03a3_{k} t_{k} log y_{k}"),
}


def batch_loss_formula(loss: str) -> str:
    """The J the engine minimises for ``loss``, in markup: the batch mean of the per-sample J_i.

    Built from :data:`LOSS_FORMULAS` (the one place each loss is written), e.g.
    ``J = (1/n) Σ_{i} J_{i},  J_{i} = ½ Σ_{k} (y_{k} − t_{k})²``. Unknown names give ``J = (1/n) Σ_{i} J_{i}``.
    """
    mean = "J = (1/n) \u03a3_{i} J_{i}"
    formula = LOSS_FORMULAS.get(loss, (loss, None))[1]
    if formula is None:
        return mean
    return f"{mean},  J_{{i}} ={formula[len('J ='):]}"


def plain(markup: str) -> str:
    """Plain-text form: ``a_{12}`` becomes ``a_12``."""
    # Braces appear in the markup only around subscripts, so two replaces do it (fast: thousands of lines).
    return markup.replace("_{", "_").replace("}", "")


def rich(markup: str) -> str:
    """Qt rich-text form: ``a_{12}`` becomes ``a<sub>12</sub>``; everything else is escaped."""
    # html.escape(quote=False) by hand: the html module costs the app's start-up ~2 ms for three replaces.
    escaped = markup.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("_{", "<sub>").replace("}", "</sub>")


def sub(*indices: int) -> str:
    """Subscript of 0-based indices, shown from 1: ``sub(0, 1)`` -> ``12``; ``1,12`` once one passes 9."""
    shown = [str(i + 1) for i in indices]
    return ("," if any(len(s) > 1 for s in shown) else "").join(shown)


def sym(base: str, *indices: int) -> str:
    """A symbol with a subscript, in markup: ``sym("w", 0, 1)`` -> ``w_{12}``."""
    return f"{base}_{{{sub(*indices)}}}"


def number(value, decimals: int = 2) -> str:
    """``value`` with ``decimals`` places and a true minus sign.

    Values too small to show at that precision (but not zero) switch to
    scientific form, so a vanishing delta reads ``3.1e−06``, not ``0.00``.
    """
    v = float(value)
    if not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("" if v > 0 else MINUS) + "\u221e"
    if v != 0 and abs(v) < 0.5 * 10.0 ** (-decimals):
        return f"{v:.{max(decimals - 1, 1)}e}".replace("-", MINUS)
    text = f"{v:.{decimals}f}"
    if text[0] == "-":
        return text[1:] if float(text) == 0 else MINUS + text[1:]
    return text


def operand(value, decimals: int = 2) -> str:
    """A number inside an expression: negative ones in parentheses, ``0.31·(−1.20)``."""
    text = number(value, decimals)
    return f"({text})" if text.startswith(MINUS) else text


def kept(n_terms: int, max_terms: int | None) -> list[int | None]:
    """Which terms of a sum of ``n_terms`` to write: the first ones, None for ``…``, the last one.

    ``max_terms`` None keeps them all. Only the kept terms need formatting.
    """
    if max_terms is None or n_terms <= max(max_terms, 2):
        return list(range(n_terms))
    keep = max(max_terms - 1, 1)
    return list(range(keep)) + [None, n_terms - 1]


def join_sum(term, n_terms: int, max_terms: int | None) -> str:
    """``term(0) + term(1) + … + term(n-1)``, folded to ``max_terms``; ``term(k)`` gives a term's text."""
    return " + ".join(ELLIPSIS if k is None else term(k) for k in kept(n_terms, max_terms))
