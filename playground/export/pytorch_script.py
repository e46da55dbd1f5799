"""A standalone PyTorch script for an experiment: :func:`pytorch_script`.

The script defines ``build_model()``, ``features(points)``, ``load_data()`` and
a seeded training loop under ``if __name__ == "__main__":``; importing it
trains nothing. This module only writes text: torch is never imported here.
"""

from __future__ import annotations

from string import Template

from playground.engine.activations import LEAKY_SLOPE
from playground.export.common import architecture, constants, doc_safe, settings_line
from playground.export.model import ExportModel
from playground.export.recipes import feature_table

#: activation name -> (module expression, class source or ""). Each is the engine's function
#: exactly: nn.LeakyReLU takes the engine's slope, ELU has alpha 1, SiLU is a * sigmoid(a).
TORCH_ACTIVATIONS = {
    "identity": ("nn.Identity()", ""),
    "sigmoid": ("nn.Sigmoid()", ""),
    "tanh": ("nn.Tanh()", ""),
    "relu": ("nn.ReLU()", ""),
    "leaky_relu": (f"nn.LeakyReLU({LEAKY_SLOPE!r})", ""),
    "elu": ("nn.ELU(alpha=1.0)", ""),
    "softplus": ("Softplus()", '''
class Softplus(nn.Module):
    """log(1 + e^a), exactly for every a (nn.Softplus switches to the identity above a = 20)."""

    def forward(self, a):
        return torch.logaddexp(a, torch.zeros_like(a))
'''),
    "swish": ("nn.SiLU()", ""),
    "gaussian": ("Gaussian()", '''
class Gaussian(nn.Module):
    """exp(-a^2)."""

    def forward(self, a):
        return torch.exp(-a * a)
'''),
    "sin": ("Sin()", '''
class Sin(nn.Module):
    """sin(a)."""

    def forward(self, a):
        return torch.sin(a)
'''),
    "softmax": ("nn.Softmax(dim=1)", ""),
}

#: loss name -> body of ``loss_fn``: the mean loss J = (1/n) sum_i J_i, as the engine defines it.
TORCH_LOSSES = {
    "mse": '''    # J = (1/2n) sum_i sum_k (y_ik - t_ik)^2
    y = model(X)
    return 0.5 * ((y - T) ** 2).sum(dim=1).mean()''',
    "binary_cross_entropy": '''    # J = (1/n) sum_i -[t log y + (1 - t) log(1 - y)], from the logits (no log(0))
    a = model.logits(X)
    return F.binary_cross_entropy_with_logits(a, T, reduction="none").sum(dim=1).mean()''',
    "cross_entropy": '''    # J = (1/n) sum_i -sum_k t_ik log y_ik, with y = softmax(a), from the logits
    a = model.logits(X)
    return -(T * F.log_softmax(a, dim=1)).sum(dim=1).mean()''',
}

#: regularization name -> body of ``penalty``: on weights only, never biases.
TORCH_PENALTIES = {
    "none": "    return 0.0",
    "l1": "    # REGULARIZATION_RATE * sum |w| over every weight (not the biases)\n"
          "    return REGULARIZATION_RATE * sum(linear.weight.abs().sum() for linear in model.linears)",
    "l2": "    # REGULARIZATION_RATE / 2 * sum w^2 over every weight (not the biases)\n"
          "    return 0.5 * REGULARIZATION_RATE * sum((linear.weight ** 2).sum() for linear in model.linears)",
}


def _optimizer_line(model: ExportModel) -> str:
    """The torch optimizer equivalent to the engine's (both follow PyTorch's update rules)."""
    t = model.training
    if t.optimizer == "adam":
        return ("torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(BETA1, BETA2), eps=EPSILON)")
    if t.optimizer in ("momentum", "nesterov") and t.momentum > 0:
        nesterov = ", nesterov=True" if t.optimizer == "nesterov" else ""
        return f"torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM{nesterov})"
    # sgd, or momentum / nesterov with MOMENTUM = 0, which is plain gradient descent.
    return "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)"


_TEMPLATE = Template('''#!/usr/bin/env python3
"""${title}

Exported from Backprop Playground by `playground export --to pytorch`.

Network: ${architecture}, float64.
Data: ${source}; ${n_train} training and ${n_test} test samples.
Training: ${settings}, ${epochs} epochs, seed ${seed}.

Use it from Python (importing trains nothing)::

    model = build_model()                 # the network, with the weights below
    X = features([[0.5, -1.0]])           # raw input columns -> network inputs
    model(X)                              # ${outputs}

Run it to train with the same settings: `python ${script} [--epochs N]`. It
continues from the weights below, as `playground train` would. The batch order
comes from torch's seeded generator, so the run follows the playground's recipe,
not its exact sequence of batches.
"""

import argparse
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

DTYPE = torch.float64

${constants}
${activation_classes}

def make_activation(name):
    """A fresh module computing the playground's activation called name."""
    return {
${activation_entries}
    }[name]()


class Network(nn.Module):
    """Fully connected layers: a = y_prev W + b, then y = f(a), layer after layer."""

    def __init__(self):
        super().__init__()
        self.linears = nn.ModuleList(nn.Linear(m, n, dtype=DTYPE) for m, n in zip(SIZES, SIZES[1:]))
        self.activations = nn.ModuleList(make_activation(name) for name in ACTIVATIONS)

    def logits(self, x):
        """The output layer's pre-activation a, shape (n, SIZES[-1])."""
        for linear, f in zip(self.linears[:-1], self.activations[:-1]):
            x = f(linear(x))
        return self.linears[-1](x)

    def forward(self, x):
        """${outputs_doc}, shape (n, SIZES[-1])."""
        return self.activations[-1](self.logits(x))


def build_model():
    """The network with WEIGHTS and BIASES (nn.Linear stores each W transposed)."""
    model = Network()
    with torch.no_grad():
        for linear, W, b in zip(model.linears, WEIGHTS, BIASES):
            linear.weight.copy_(torch.tensor(W, dtype=DTYPE).T)
            linear.bias.copy_(torch.tensor(b, dtype=DTYPE))
    return model


${feature_table}


def features(points):
    """Network inputs (n, len(FEATURE_NAMES)) for raw points (n, len(RAW_NAMES)), as in training."""
    p = torch.as_tensor(points, dtype=DTYPE).reshape(-1, len(RAW_NAMES))
    if FEATURES is None:
        X = p.clone()
    else:
        x1, x2 = p[:, 0], p[:, 1]
        X = torch.stack([FEATURE_FUNCTIONS[name](x1, x2) for name in FEATURES], dim=1)
    if NORM_MEAN is not None:
        X = (X - torch.tensor(NORM_MEAN, dtype=DTYPE)) / torch.tensor(NORM_STD, dtype=DTYPE)
    return X


def targets(labels):
    """Training targets: (n, 1) values or 0/1 for regression and two classes, one-hot (n, K) for K >= 3."""
    if len(CLASS_NAMES) < 3:
        return torch.tensor(labels, dtype=DTYPE).reshape(-1, 1)
    return F.one_hot(torch.tensor(labels, dtype=torch.long), len(CLASS_NAMES)).to(DTYPE)


def load_data():
    """(X_train, T_train, X_test, T_test): network inputs and targets of both parts."""
    if DATA_FILE is None:
        parts = TRAIN_POINTS, TRAIN_LABELS, TEST_POINTS, TEST_LABELS
    else:
        parts = read_data_csv(Path(__file__).with_name(DATA_FILE))
    train_points, train_labels, test_points, test_labels = parts
    return features(train_points), targets(train_labels), features(test_points), targets(test_labels)


def loss_fn(model, X, T):
    """The mean loss J of a batch, without the regularization penalty."""
${loss_body}


def penalty(model):
    """The regularization penalty added to J while training."""
${penalty_body}


def train(model, data, epochs, report_every=None):
    """Train in place with the experiment's settings; return the last epoch's mean batch loss."""
    X_train, T_train, X_test, T_test = data
    optimizer = ${optimizer}
    generator = torch.Generator().manual_seed(SEED)  # the batch order
    n = len(X_train)
    batch = BATCH_SIZE if 0 < BATCH_SIZE < n else n
    report_every = report_every or max(1, epochs // 10)
    epoch_loss = float("nan")
    report(0, model, data)
    for epoch in range(1, epochs + 1):
        order = torch.randperm(n, generator=generator) if batch < n else torch.arange(n)
        total = 0.0
        for start in range(0, n, batch):
            rows = order[start:start + batch]
            loss = loss_fn(model, X_train[rows], T_train[rows]) + penalty(model)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(rows)
        epoch_loss = total / n
        if epoch % report_every == 0 or epoch == epochs:
            report(epoch, model, data)
    return epoch_loss


def report(epoch, model, data):
    """Print the training and test loss (without the penalty) and, for classes, the accuracy."""
    X_train, T_train, X_test, T_test = data
    line = f"epoch {epoch:6d}"
    with torch.no_grad():
        for name, X, T in (("train", X_train, T_train), ("test", X_test, T_test)):
            line += f"  {name} loss {loss_fn(model, X, T).item():.6f}"
            if CLASS_NAMES:
                y = model(X)
                guess = y.argmax(dim=1) if y.shape[1] > 1 else y[:, 0] > 0.5
                truth = T.argmax(dim=1) if T.shape[1] > 1 else T[:, 0] > 0.5
                line += f" ({name} accuracy {(guess == truth).double().mean().item():.3f})"
    print(line, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epochs to train (default {EPOCHS})")
    args = parser.parse_args(argv)
    torch.manual_seed(SEED)
    model = build_model()
    train(model, load_data(), args.epochs)


if __name__ == "__main__":
    main()
''')


def pytorch_script(model: ExportModel, data_file: str | None = None, script: str = "FILE.py") -> str:
    """The PyTorch script's source text.

    Parameters
    ----------
    model : ExportModel
    data_file : str or None
        The data CSV next to the script (large data), or None to embed the data.
    script : str
        The script's file name, shown in its usage line.
    """
    used = list(dict.fromkeys(model.activations))
    classes = "".join(f"\n{TORCH_ACTIVATIONS[name][1]}" for name in used if TORCH_ACTIVATIONS[name][1])
    entries = "\n".join(f"        {name!r}: lambda: {TORCH_ACTIVATIONS[name][0]}," for name in used)
    if model.n_classes:
        outputs = "class probabilities (p of class 1 for two classes)"
    else:
        outputs = "predicted values"
    return _TEMPLATE.substitute(
        title=doc_safe(model.title or "A Backprop Playground experiment"),
        architecture=architecture(model), source=doc_safe(model.source), n_train=len(model.raw_train),
        n_test=len(model.raw_test), settings=settings_line(model), epochs=model.training.epochs,
        seed=model.training.seed, outputs=outputs, outputs_doc=outputs[0].upper() + outputs[1:],
        script=doc_safe(script), constants=constants(model, data_file), activation_classes=classes,
        activation_entries=entries, feature_table=feature_table(model.features, "torch"),
        loss_body=TORCH_LOSSES[model.loss], penalty_body=TORCH_PENALTIES[model.training.regularization],
        optimizer=_optimizer_line(model),
    )
