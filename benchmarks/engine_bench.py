"""Speed of the NumPy engine, and of PyTorch / scikit-learn on the same work when installed.

Usage (from the checkout)::

    .venv/bin/python benchmarks/engine_bench.py            # 7 rounds, ~1-2 min with peers
    .venv/bin/python benchmarks/engine_bench.py --quick    # 5 short rounds, ~20 s
    .venv/bin/python benchmarks/engine_bench.py --rounds 9 --blas-threads 2

Peers (optional, never needed by the app or the tests)::

    .venv/bin/pip install torch==2.13.0 scikit-learn

Configurations (issue 2):

- P1: 2 -> 8,8,8,8 -> 1, tanh, sigmoid + binary cross-entropy, 500 samples,
  batch 10, SGD. Epochs/s through ``Trainer.run_epoch``, and steps/s through
  the public ``net.loss_and_gradients`` plus an in-place update of
  ``net.weights`` / ``net.biases`` (what the issue compares with PyTorch).
- P2: the same, full batch.
- P3: 784 -> 128 -> 64 -> 10, relu, softmax + cross-entropy, 10,000 random
  samples, batch 64, float32, SGD.

Every engine runs each configuration once per round, engines alternating
within a round, so a slow patch of a shared machine hits all of them; the
script prints the median, min and max over rounds and, per round, the ratio
NumPy / peer (median [min, max]). BLAS and PyTorch run on one thread each
(``--blas-threads`` changes both) so the comparison is like for like.
Figures on a shared 2-core machine are noisy: read the spread, not just the
median. Tests never assert a time; this script only prints.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def _parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 short rounds")
    parser.add_argument("--rounds", type=int, default=None, help="rounds (default 7, or 5 with --quick)")
    parser.add_argument("--blas-threads", type=int, default=1, help="threads for OpenBLAS and PyTorch (default 1)")
    parser.add_argument("--no-peers", action="store_true", help="skip PyTorch and scikit-learn")
    return parser.parse_args()


ARGS = _parse() if __name__ == "__main__" else None
if ARGS is not None:
    # Must precede the first import of numpy: OpenBLAS reads it when it loads.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(ARGS.blas_threads)

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from playground.engine import Network, Trainer  # noqa: E402

P1_SIZES, P1_ACTS = [2, 8, 8, 8, 8, 1], ["tanh"] * 4 + ["sigmoid"]
P3_SIZES, P3_ACTS = [784, 128, 64, 10], ["relu", "relu", "softmax"]
LR = 0.03


# --- data --------------------------------------------------------------------------


def p1_data():
    rng = np.random.default_rng(0)
    X = rng.uniform(-6, 6, size=(500, 2))
    T = (X[:, :1] * X[:, 1:] > 0).astype(np.float64)  # XOR quadrants, as TF Playground
    return X, T


def p3_data(n=10_000):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(n, 784)).astype(np.float32)
    T = np.eye(10, dtype=np.float32)[rng.integers(0, 10, size=n)]
    return X, T


def batches(X, T, size, seed=2):
    order = np.random.default_rng(seed).permutation(len(X))
    return [(X[order[i : i + size]], T[order[i : i + size]]) for i in range(0, len(X), size)]


class Clock:
    """Wall time and this process's CPU time (which excludes time stolen by other work)."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def rates(self, count):
        return count / self.wall, count / max(self.cpu, 1e-9)


# --- NumPy engine ---------------------------------------------------------------------


def numpy_trainer(sizes, acts, X, T, batch_size, loss, dtype=np.float64):
    net = Network(sizes, acts, seed=0, dtype=dtype)
    return Trainer(net, X, T, loss=loss, optimizer="sgd", learning_rate=LR, batch_size=batch_size, seed=0)


def time_epochs(trainer, epochs):
    with Clock() as clock:
        for _ in range(epochs):
            trainer.run_epoch()
    return clock.rates(epochs)


def time_trainer_steps(trainer, steps):
    with Clock() as clock:
        for _ in range(steps):
            trainer.step()
    return clock.rates(steps)


def time_public_steps(net, batch_list, steps, loss):
    """Steps/s of loss_and_gradients + an in-place SGD update of net.weights and net.biases."""
    weights, biases = net.weights, net.biases
    with Clock() as clock:
        for k in range(steps):
            Xb, Tb = batch_list[k % len(batch_list)]
            _, grads = net.loss_and_gradients(Xb, Tb, loss=loss)
            for w, g in zip(weights, grads.weights):
                w -= LR * g
            for b, g in zip(biases, grads.biases):
                b -= LR * g
    return clock.rates(steps)


# --- PyTorch --------------------------------------------------------------------------


def torch_model(torch, sizes, acts, dtype):
    layers = []
    for l, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(torch.nn.Linear(fan_in, fan_out, dtype=dtype))
        if l < len(sizes) - 2:
            layers.append(torch.nn.Tanh() if acts[l] == "tanh" else torch.nn.ReLU())
    # The output activation is fused into the loss (BCEWithLogits / CrossEntropy), as ours is.
    return torch.nn.Sequential(*layers)


def torch_setup(torch, sizes, acts, X, T, batch_size, multiclass, dtype):
    torch.manual_seed(0)
    model = torch_model(torch, sizes, acts, dtype)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    if multiclass:
        loss_fn = torch.nn.CrossEntropyLoss()
        T = T.argmax(axis=1)
    else:
        loss_fn = torch.nn.BCEWithLogitsLoss()
    batch_list = [(torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(np.ascontiguousarray(t)))
                  for x, t in batches(X, T, batch_size)]

    def steps(count):
        with Clock() as clock:
            for k in range(count):
                xb, tb = batch_list[k % len(batch_list)]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(xb), tb)
                loss.backward()
                opt.step()
        return clock.rates(count)

    return steps, len(batch_list)


# --- scikit-learn ---------------------------------------------------------------------------


def sklearn_setup(sklearn_mlp, hidden, activation, X, T, batch_size):
    labels = T.argmax(axis=1) if T.shape[1] > 1 else T[:, 0].astype(int)
    model = sklearn_mlp(hidden_layer_sizes=hidden, activation=activation, solver="sgd", batch_size=batch_size,
                        learning_rate_init=LR, momentum=0.0, nesterovs_momentum=False, alpha=0.0, random_state=0)
    classes = np.unique(labels)
    model.partial_fit(X, labels, classes=classes)

    def epochs(count):
        with Clock() as clock:
            for _ in range(count):
                model.partial_fit(X, labels)  # one epoch of mini-batches
        return clock.rates(count)

    return epochs


# --- the run -----------------------------------------------------------------------------


def main(args):
    rounds = args.rounds or (5 if args.quick else 7)
    scale = 0.25 if args.quick else 1.0
    torch = sklearn_mlp = None
    if not args.no_peers:
        try:
            import torch as torch_module

            torch_module.set_num_threads(args.blas_threads)
            torch = torch_module
        except ImportError:
            pass
        try:
            from sklearn.neural_network import MLPClassifier

            sklearn_mlp = MLPClassifier
        except ImportError:
            pass

    X1, T1 = p1_data()
    X3, T3 = p3_data()
    p1_batches = batches(X1, T1, 10)
    jobs = {}  # (config, engine, metric) -> callable returning a rate

    p1 = numpy_trainer(P1_SIZES, P1_ACTS, X1, T1, 10, "binary_cross_entropy")
    p1_net = Network(P1_SIZES, P1_ACTS, seed=0)
    p2 = numpy_trainer(P1_SIZES, P1_ACTS, X1, T1, None, "binary_cross_entropy")
    p3 = numpy_trainer(P3_SIZES, P3_ACTS, X3, T3, 64, "cross_entropy", dtype=np.float32)
    p1_epochs, p2_epochs, p3_steps = max(1, int(40 * scale)), max(1, int(400 * scale)), max(10, int(157 * scale))
    jobs[("P1", "numpy", "epochs/s")] = lambda: time_epochs(p1, p1_epochs)
    jobs[("P1", "numpy", "steps/s (loss_and_gradients + update)")] = lambda: time_public_steps(
        p1_net, p1_batches, 50 * p1_epochs, "binary_cross_entropy")
    jobs[("P2", "numpy", "epochs/s")] = lambda: time_epochs(p2, p2_epochs)
    jobs[("P3", "numpy", "steps/s")] = lambda: time_trainer_steps(p3, p3_steps)

    if torch is not None:
        t1, _ = torch_setup(torch, P1_SIZES, P1_ACTS, X1, T1, 10, False, torch.float64)
        t2, _ = torch_setup(torch, P1_SIZES, P1_ACTS, X1, T1, 500, False, torch.float64)
        t3, _ = torch_setup(torch, P3_SIZES, P3_ACTS, X3, T3, 64, True, torch.float32)
        t1_steps = max(50, int(300 * scale))
        jobs[("P1", "torch", "steps/s")] = lambda: t1(t1_steps)
        jobs[("P2", "torch", "epochs/s")] = lambda: t2(max(20, int(100 * scale)))
        jobs[("P3", "torch", "steps/s")] = lambda: t3(p3_steps)
    if sklearn_mlp is not None:
        s1 = sklearn_setup(sklearn_mlp, (8, 8, 8, 8), "tanh", X1, T1, 10)
        s2 = sklearn_setup(sklearn_mlp, (8, 8, 8, 8), "tanh", X1, T1, 500)
        jobs[("P1", "sklearn", "epochs/s")] = lambda: s1(max(2, int(8 * scale)))
        jobs[("P2", "sklearn", "epochs/s")] = lambda: s2(max(20, int(100 * scale)))
        if not args.quick:
            s3 = sklearn_setup(sklearn_mlp, (128, 64), "relu", X3[:2000], T3[:2000], 64)
            jobs[("P3", "sklearn", "epochs/s (2,000 samples)")] = lambda: s3(1)

    print(f"numpy {np.__version__}, BLAS/torch threads {args.blas_threads}, "
          f"torch {getattr(torch, '__version__', 'absent')}, "
          f"scikit-learn {'present' if sklearn_mlp else 'absent'}, cpus {os.cpu_count()}, "
          f"load {os.getloadavg()[0]:.2f}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '-')}")
    for job in jobs.values():  # warm-up: buffers, caches, lazy imports
        job()
    results = {key: [] for key in jobs}
    for r in range(rounds):
        for key, job in jobs.items():
            results[key].append(job())
        print(f"  round {r + 1}/{rounds} done (load {os.getloadavg()[0]:.2f})", flush=True)

    print("\nwall: rate over wall-clock time, median min max over rounds; "
          "cpu: the median over this process's CPU time (excludes time taken by other work)")
    print(f"{'config':6} {'engine':8} {'metric':40} {'median':>10} {'min':>10} {'max':>10} {'cpu':>10}")
    for (config, engine, metric), values in results.items():
        wall, cpu = np.array(values).T
        rows = [(metric, 1.0)]
        if (config, engine, metric) == ("P1", "numpy", "epochs/s"):
            rows.append(("steps/s (Trainer, = epochs/s x 50)", 50.0))
        elif config == "P1" and metric == "steps/s":
            rows.append(("epochs/s (= steps/s / 50)", 1 / 50))
        elif config == "P3" and metric == "steps/s":
            rows.append(("epochs/s (= steps/s / 157)", 1 / 157))
        for name, k in rows:
            print(f"{config:6} {engine:8} {name:40} {np.median(wall) * k:10.1f} {wall.min() * k:10.1f} "
                  f"{wall.max() * k:10.1f} {np.median(cpu) * k:10.1f}")

    def ratio(label, ours, theirs, ours_factor=1.0, theirs_factor=1.0):
        if ours in results and theirs in results:
            a, b = np.array(results[ours]) * ours_factor, np.array(results[theirs]) * theirs_factor
            wall, cpu = a[:, 0] / b[:, 0], a[:, 1] / b[:, 1]
            print(f"{label:55} {np.median(wall):7.2f}x [{wall.min():.2f}, {wall.max():.2f}]   "
                  f"cpu {np.median(cpu):6.2f}x")

    print("\nratios NumPy / peer, per round: wall median [min, max], cpu median")
    ratio("P1 steps/s, loss_and_gradients + update vs torch", ("P1", "numpy", "steps/s (loss_and_gradients + update)"),
          ("P1", "torch", "steps/s"))
    ratio("P1 steps/s, Trainer vs torch", ("P1", "numpy", "epochs/s"), ("P1", "torch", "steps/s"), ours_factor=50)
    ratio("P1 epochs/s, Trainer vs scikit-learn partial_fit", ("P1", "numpy", "epochs/s"), ("P1", "sklearn", "epochs/s"))
    ratio("P2 epochs/s vs torch", ("P2", "numpy", "epochs/s"), ("P2", "torch", "epochs/s"))
    ratio("P2 epochs/s vs scikit-learn partial_fit", ("P2", "numpy", "epochs/s"), ("P2", "sklearn", "epochs/s"))
    ratio("P3 steps/s vs torch", ("P3", "numpy", "steps/s"), ("P3", "torch", "steps/s"))
    if ("P3", "sklearn", "epochs/s (2,000 samples)") in results:
        # 2,000 samples at batch 64 = 32 steps per partial_fit epoch.
        ratio("P3 steps/s vs scikit-learn partial_fit", ("P3", "numpy", "steps/s"),
              ("P3", "sklearn", "epochs/s (2,000 samples)"), theirs_factor=32)
    print("\nTargets (issue 2): P1 >= 350 epochs/s; P1 loss_and_gradients + update >= 8x torch; P3 >= 1.5x torch.")


if __name__ == "__main__":
    main(ARGS)
