"""A standalone NumPy script that trains an experiment's network by plain backprop: :func:`numpy_script`.

The script is for reading: forward pass, output delta, hidden deltas and the
weight update are each a few commented lines following the chapter's
equations. It draws the batch order exactly as the engine does
(``np.random.default_rng(SEED).permutation`` once per epoch), so from the same
weights it follows the playground's run up to floating-point rounding.
"""

from __future__ import annotations

from string import Template

from playground.engine.activations import LEAKY_SLOPE
from playground.export.common import architecture, constants, doc_safe, settings_line
from playground.export.model import ExportModel
from playground.export.recipes import feature_table

#: activation name -> source of ``f(a)`` and ``f'(a, y)`` (``y = f(a)``), in the engine's
#: numerically safe forms. Softmax has no elementwise derivative (see ``output_delta``).
NUMPY_ACTIVATIONS = {
    "identity": '''
def identity(a):
    return a


def identity_prime(a, y):
    return np.ones_like(a)
''',
    "sigmoid": '''
def sigmoid(a):
    # 1 / (1 + e^-a), written as exp(a - log(1 + e^a)) so no exp overflows
    return np.exp(a - np.logaddexp(0, a))


def sigmoid_prime(a, y):
    return y * (1 - y)
''',
    "tanh": '''
def tanh(a):
    return np.tanh(a)


def tanh_prime(a, y):
    return 1 - y * y
''',
    "relu": '''
def relu(a):
    return np.maximum(a, 0)


def relu_prime(a, y):
    return (a > 0).astype(a.dtype)  # 0 at a = 0
''',
    "leaky_relu": f'''
def leaky_relu(a):
    return np.maximum(a, {LEAKY_SLOPE!r} * a)


def leaky_relu_prime(a, y):
    return np.where(a > 0, 1.0, {LEAKY_SLOPE!r})
''',
    "elu": '''
def elu(a):
    # a for a > 0, e^a - 1 otherwise (exp never sees a positive a)
    return np.maximum(a, 0) + np.expm1(np.minimum(a, 0))


def elu_prime(a, y):
    return np.minimum(y, 0) + 1  # 1 for a > 0, e^a = y + 1 otherwise
''',
    "softplus": '''
def softplus(a):
    return np.logaddexp(0, a)  # log(1 + e^a)


def softplus_prime(a, y):
    return -np.expm1(-y)  # sigmoid(a) = 1 - e^-y
''',
    "swish": '''
def swish(a):
    return a * np.exp(a - np.logaddexp(0, a))  # a * sigmoid(a)


def swish_prime(a, y):
    s = np.exp(a - np.logaddexp(0, a))
    return s + y * (1 - s)
''',
    "gaussian": '''
def gaussian(a):
    return np.exp(-a * a)


def gaussian_prime(a, y):
    return -2 * a * y
''',
    "sin": '''
def sin(a):
    return np.sin(a)


def sin_prime(a, y):
    return np.cos(a)
''',
    "softmax": '''
def softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))  # shifted by the row maximum: no overflow
    return e / e.sum(axis=1, keepdims=True)


softmax_prime = None  # its Jacobian mixes the outputs: output_delta handles it
''',
}

#: loss name -> body of ``loss_value(a, y, T)``: the mean loss J of a batch.
NUMPY_LOSSES = {
    "mse": '''    # J = (1/2n) sum_i sum_k (y_ik - t_ik)^2
    return 0.5 * np.sum((y - T) ** 2) / len(T)''',
    "binary_cross_entropy": '''    # J = (1/n) sum_i -[t log y + (1 - t) log(1 - y)], y = sigmoid(a); computed from a as
    # log(1 + e^a) - t a, which is the same number without log(0)
    return np.sum(np.logaddexp(0, a) - T * a) / len(T)''',
    "cross_entropy": '''    # J = (1/n) sum_i -sum_k t_ik log y_ik, y = softmax(a); computed from a as
    # logsumexp(a_i) - sum_k t_ik a_ik, which is the same number without log(0)
    m = a.max(axis=1, keepdims=True)
    logsumexp = m[:, 0] + np.log(np.exp(a - m).sum(axis=1))
    return np.sum(logsumexp - np.sum(T * a, axis=1)) / len(T)''',
}

_MATCHED = {("mse", "identity"), ("binary_cross_entropy", "sigmoid"), ("cross_entropy", "softmax")}


def _output_delta_body(loss: str, output: str) -> str:
    """Body of ``output_delta(a, y, T)`` for this loss and output activation."""
    if (loss, output) in _MATCHED:
        return (f"    # {loss} after {output}: a matched pair, so the chain rule collapses to\n"
                "    # delta_j = dJ_i/da_j = y_j - t_j\n"
                "    return y - T")
    if output == "softmax":
        return ("    # mse after softmax: dJ_i/dy = y - t, times the softmax Jacobian\n"
                "    # dy_k/da_j = y_k (1[j = k] - y_j), which gives y_j (g_j - sum_k g_k y_k)\n"
                "    g = y - T\n"
                "    return y * (g - np.sum(g * y, axis=1, keepdims=True))")
    return (f"    # mse after {output}: delta_j = f'(a_j) dJ_i/dy_j = f'(a_j) (y_j - t_j)\n"
            f"    return {output}_prime(a, y) * (y - T)")


#: regularization name -> (body of ``penalty(W)``, lines adding its gradient to ``dW[l]``).
NUMPY_PENALTIES = {
    "none": ("    return 0.0", ""),
    "l1": ("    # REGULARIZATION_RATE * sum |w| over every weight (not the biases)\n"
           "    return REGULARIZATION_RATE * sum(np.abs(w).sum() for w in W)",
           "        dW[l] += REGULARIZATION_RATE * np.sign(W[l])  # d/dw of rate * |w| (0 at w = 0)\n"),
    "l2": ("    # REGULARIZATION_RATE / 2 * sum w^2 over every weight (not the biases)\n"
           "    return 0.5 * REGULARIZATION_RATE * sum(np.sum(w * w) for w in W)",
           "        dW[l] += REGULARIZATION_RATE * W[l]  # d/dw of rate/2 * w^2\n"),
}

#: optimizer name -> (docstring, what ``__init__`` keeps, the update of each array ``p`` by its gradient ``g``).
NUMPY_UPDATES = {
    "sgd": ("Plain gradient descent: w <- w - eta dJ/dw", '''
        pass  # nothing to remember between steps''', '''
        for p, g in zip(params, grads):
            p -= LEARNING_RATE * g'''),
    "momentum": ("Momentum: v <- MOMENTUM v + dJ/dw, then w <- w - eta v", '''
        self.velocity = [np.zeros_like(p) for p in params]''', '''
        for p, g, v in zip(params, grads, self.velocity):
            v *= MOMENTUM
            v += g
            p -= LEARNING_RATE * v'''),
    "nesterov": ("Nesterov momentum: v <- MOMENTUM v + dJ/dw, then w <- w - eta (dJ/dw + MOMENTUM v)", '''
        self.velocity = [np.zeros_like(p) for p in params]''', '''
        for p, g, v in zip(params, grads, self.velocity):
            v *= MOMENTUM
            v += g
            p -= LEARNING_RATE * (g + MOMENTUM * v)'''),
    "adam": ("Adam: running means m of dJ/dw and s of its square, corrected for their start at 0", '''
        self.m = [np.zeros_like(p) for p in params]
        self.s = [np.zeros_like(p) for p in params]
        self.t = 0  # steps taken''', '''
        self.t += 1
        c1, c2 = 1 - BETA1 ** self.t, 1 - BETA2 ** self.t
        for p, g, m, s in zip(params, grads, self.m, self.s):
            m *= BETA1
            m += (1 - BETA1) * g
            s *= BETA2
            s += (1 - BETA2) * g * g
            p -= LEARNING_RATE / c1 * m / (np.sqrt(s / c2) + EPSILON)'''),
}

_TEMPLATE = Template('''#!/usr/bin/env python3
"""${title}

Exported from Backprop Playground by `playground export --to numpy`: the
network trained by plain backpropagation in NumPy, written to be read.

Network: ${architecture}.
Data: ${source}; ${n_train} training and ${n_test} test samples.
Training: ${settings}, ${epochs} epochs, seed ${seed}.

Run it: `python ${script} [--epochs N]`. It continues from the weights below,
as `playground train` would, and draws the batch order the way the playground's
engine does, so it follows the playground's run up to rounding.

Notation (the chapter's): layer l computes a_j = sum_i w_ij y_i + b_j for each of
its neurons j and outputs y_j = f(a_j); delta_j = dJ/da_j is its error signal.
"""

import argparse
from pathlib import Path

import numpy as np

${constants}

# --- Activation functions f(a) and their derivatives f'(a) (given y = f(a) too) -------------
${activations}
ACTIVATION_FUNCTIONS = {${activation_entries}}


# --- Data ----------------------------------------------------------------------------------
${feature_table}


def features(points):
    """Network inputs (n, len(FEATURE_NAMES)) for raw points (n, len(RAW_NAMES)), as in training."""
    p = np.asarray(points, dtype=np.float64).reshape(-1, len(RAW_NAMES))
    if FEATURES is None:
        X = p.copy()
    else:
        x1, x2 = p[:, 0], p[:, 1]
        X = np.column_stack([FEATURE_FUNCTIONS[name](x1, x2) for name in FEATURES])
    if NORM_MEAN is not None:
        X = (X - np.array(NORM_MEAN)) / np.array(NORM_STD)
    return X


def targets(labels):
    """Targets t: (n, 1) values or 0/1 for regression and two classes, one-hot (n, K) for K >= 3."""
    if len(CLASS_NAMES) < 3:
        return np.asarray(labels, dtype=np.float64).reshape(-1, 1)
    return np.eye(len(CLASS_NAMES))[np.asarray(labels, dtype=int)]


def load_data():
    """(X_train, T_train, X_test, T_test): network inputs and targets of both parts."""
    if DATA_FILE is None:
        parts = TRAIN_POINTS, TRAIN_LABELS, TEST_POINTS, TEST_LABELS
    else:
        parts = read_data_csv(Path(__file__).with_name(DATA_FILE))
    train_points, train_labels, test_points, test_labels = parts
    return features(train_points), targets(train_labels), features(test_points), targets(test_labels)


# --- Forward pass, loss, backward pass -----------------------------------------------------------

def forward(W, b, X):
    """Run the network on a batch X (n, SIZES[0]).

    Returns a and y: a[l] (n, SIZES[l + 1]) is weight layer l's pre-activation;
    y[0] = X and y[l + 1] = f(a[l]), so y[-1] is the network's output.
    """
    a, y = [], [X]
    for l in range(len(W)):
        f = ACTIVATION_FUNCTIONS[ACTIVATIONS[l]][0]
        a.append(y[l] @ W[l] + b[l])  # a_j = sum_i w_ij y_i + b_j, for every sample at once
        y.append(f(a[l]))  # y_j = f(a_j)
    return a, y


def loss_value(a, y, T):
    """The mean loss J of a batch from the output layer's a and y (n, SIZES[-1]) and targets T."""
${loss_body}


def penalty(W):
    """The regularization penalty added to J."""
${penalty_body}


def output_delta(a, y, T):
    """delta of the output layer, (n, SIZES[-1]): sample i's dJ_i/da_j."""
${delta_body}


def backward(W, a, y, T):
    """Gradients dJ/dW[l] and dJ/db[l] of the batch's mean loss J, by backpropagation."""
    n = len(T)
    dW, db = [None] * len(W), [None] * len(W)
    delta = output_delta(a[-1], y[-1], T)
    for l in reversed(range(len(W))):
        dW[l] = y[l].T @ delta / n  # dJ/dw_ij = y_i delta_j, averaged over the batch
        db[l] = delta.sum(axis=0) / n  # dJ/db_j = delta_j (a bias is a weight on a constant input 1)
${penalty_gradient}        if l > 0:
            # Hidden layer: delta_j = f'(a_j) sum_k w_jk delta_k, sent back through the weights
            f_prime = ACTIVATION_FUNCTIONS[ACTIVATIONS[l - 1]][1]
            delta = f_prime(a[l - 1], y[l]) * (delta @ W[l].T)
    return dW, db


class Optimizer:
    """${update_doc}."""

    def __init__(self, params):${update_init}

    def step(self, params, grads):
        """Update every parameter array in place: w <- w - eta * (its step)."""${update_body}


# --- Training -------------------------------------------------------------------------------------

def initial_parameters():
    """Fresh copies of WEIGHTS and BIASES as arrays."""
    return [np.array(w, dtype=np.float64) for w in WEIGHTS], [np.array(v, dtype=np.float64) for v in BIASES]


def train(W, b, data, epochs, report_every=None):
    """Train W and b in place; print the losses as it goes; return the last epoch's mean batch loss."""
    X, T, X_test, T_test = data
    rng = np.random.default_rng(SEED)  # the batch order, drawn as the playground's engine draws it
    n = len(X)
    batch = BATCH_SIZE if 0 < BATCH_SIZE < n else n
    params = W + b  # one list of every array; updating them in place updates W and b
    optimizer = Optimizer(params)
    report_every = report_every or max(1, epochs // 10)
    epoch_loss = float("nan")
    report(0, W, b, data)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n) if batch < n else np.arange(n)  # reshuffled every epoch
        total = 0.0
        for start in range(0, n, batch):
            rows = order[start:start + batch]
            a, y = forward(W, b, X[rows])
            loss = loss_value(a[-1], y[-1], T[rows]) + penalty(W)
            if not np.isfinite(loss):
                raise SystemExit(f"epoch {epoch}: the loss is {loss}; lower LEARNING_RATE")
            dW, db = backward(W, a, y, T[rows])
            optimizer.step(params, dW + db)  # w <- w - eta dJ/dw (or the optimizer's variant)
            total += loss * len(rows)
        epoch_loss = total / n
        if epoch % report_every == 0 or epoch == epochs:
            report(epoch, W, b, data)
    return epoch_loss


def report(epoch, W, b, data):
    """Print the training and test loss (without the penalty) and, for classes, the accuracy."""
    X, T, X_test, T_test = data
    line = f"epoch {epoch:6d}"
    for name, inputs, t in (("train", X, T), ("test", X_test, T_test)):
        a, y = forward(W, b, inputs)
        line += f"  {name} loss {loss_value(a[-1], y[-1], t):.6f}"
        if CLASS_NAMES:
            guess = y[-1].argmax(axis=1) if y[-1].shape[1] > 1 else (y[-1][:, 0] > 0.5)
            truth = t.argmax(axis=1) if t.shape[1] > 1 else (t[:, 0] > 0.5)
            line += f" ({name} accuracy {np.mean(guess == truth):.3f})"
    print(line, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epochs to train (default {EPOCHS})")
    args = parser.parse_args(argv)
    W, b = initial_parameters()
    train(W, b, load_data(), args.epochs)


if __name__ == "__main__":
    main()
''')


def numpy_script(model: ExportModel, data_file: str | None = None, script: str = "FILE.py") -> str:
    """The NumPy script's source text.

    Parameters
    ----------
    model : ExportModel
    data_file : str or None
        The data CSV next to the script (large data), or None to embed the data.
    script : str
        The script's file name, shown in its usage line.
    """
    used = list(dict.fromkeys(model.activations))
    optimizer = model.training.optimizer
    update_doc, update_init, update_body = NUMPY_UPDATES[optimizer]
    penalty_body, penalty_gradient = NUMPY_PENALTIES[model.training.regularization]
    return _TEMPLATE.substitute(
        title=doc_safe(model.title or "A Backprop Playground experiment"),
        architecture=architecture(model), source=doc_safe(model.source), n_train=len(model.raw_train),
        n_test=len(model.raw_test), settings=settings_line(model), epochs=model.training.epochs,
        seed=model.training.seed, script=doc_safe(script), constants=constants(model, data_file),
        activations="\n".join(NUMPY_ACTIVATIONS[name] for name in used),
        activation_entries=", ".join(f"{name!r}: ({name}, {name}_prime)" for name in used),
        feature_table=feature_table(model.features, "np"),
        loss_body=NUMPY_LOSSES[model.loss], penalty_body=penalty_body, penalty_gradient=penalty_gradient,
        delta_body=_output_delta_body(model.loss, model.activations[-1]),
        update_doc=update_doc, update_init=update_init, update_body=update_body,
    )
