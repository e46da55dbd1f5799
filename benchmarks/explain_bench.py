"""Speed of the explanation layer (``playground.explain``): what the teaching views compute.

Usage (from the checkout)::

    .venv/bin/python benchmarks/explain_bench.py              # 15 repeats, ~10-20 s
    .venv/bin/python benchmarks/explain_bench.py --repeats 3  # a quick look

Work timed, each ``--repeats`` times, printed as median [min, max] in ms of
wall time and of this process's CPU time (which excludes time stolen by other
work on a shared machine):

- ``walkthrough`` of one training point on the default network (the app's
  start-up experiment: spiral, 2 -> 8, 8 tanh -> 1 sigmoid) and on a 6x16
  network (2 -> 16 x 6 tanh -> 1 sigmoid), computation only;
- ``steps()`` rendering every equation (plain and rich text, 2 decimals) of
  a fresh walkthrough of each, the same folded to 4 terms per sum, and one
  hidden layer's backward section of the 6x16 network (what stepping a
  layer writes: 16 deltas, 272 gradients);
- ``gradient_check`` of the default network over its 250 training points;
- ``loss_landscape`` 41x41 of the default network over its training set, for
  two first-layer weights (the worst case: every later layer is computed for
  all 1,681 grid points) and for a first-layer and an output weight.

Targets (issues 10 and 11): a 41x41 surface <= 100 ms; stepping the
walkthrough panel <= 50 ms (the panel's own cost adds to the figures here).
BLAS runs on one thread, as in the app's training process. The last line is
JSON with every median (ms, wall). Tests never assert a time; this script only
prints.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time


def _parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed runs of each item (default 15)")
    return parser.parse_args()


ARGS = _parse() if __name__ == "__main__" else None
if ARGS is not None:
    # Must precede the first import of numpy: OpenBLAS reads it when it loads.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from playground.data import prepare  # noqa: E402
from playground.engine import Network  # noqa: E402
from playground.explain import gradient_check, loss_landscape, walkthrough  # noqa: E402
from playground.experiment import default_experiment  # noqa: E402
from playground.experiment.build import build_network  # noqa: E402


def default_case():
    experiment = default_experiment()
    prepared = prepare(experiment.data)
    return (build_network(experiment, prepared), prepared.X_train, prepared.T_train, experiment.training.loss,
            experiment.training.learning_rate)


def deep_case(X, T):
    return Network([X.shape[1]] + [16] * 6 + [1], ["tanh"] * 6 + ["sigmoid"], seed=0), X, T


def timed(fn, repeats):
    """(wall ms list, cpu ms list) of ``repeats`` calls, after one untimed warm-up call."""
    fn()
    wall, cpu = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(1e3 * (time.perf_counter() - w0))
        cpu.append(1e3 * (time.process_time() - c0))
    return wall, cpu


def spread(values):
    return f"{statistics.median(values):8.2f} [{min(values):.2f}, {max(values):.2f}]"


def main():
    repeats = max(1, ARGS.repeats)
    net, X, T, loss, lr = default_case()
    deep, _, _ = deep_case(X, T)
    x, t = X[0], T[0]
    items = {
        "walkthrough default": lambda: walkthrough(net, x, t, loss=loss, learning_rate=lr),
        "walkthrough 6x16": lambda: walkthrough(deep, x, t, loss=loss, learning_rate=lr),
        "steps() default": lambda: walkthrough(net, x, t, loss=loss, learning_rate=lr).steps(),
        "steps() 6x16": lambda: walkthrough(deep, x, t, loss=loss, learning_rate=lr).steps(),
        "steps(max_terms=4) 6x16": lambda: walkthrough(deep, x, t, loss=loss, learning_rate=lr).steps(max_terms=4),
        "one layer's backward steps, 6x16": lambda: walkthrough(deep, x, t, loss=loss, learning_rate=lr).steps(
            kind="backward", layer=3),
        "gradient_check default": lambda: gradient_check(net, X, T, loss=loss),
        "landscape 41x41, two layer-0 weights": lambda: loss_landscape(
            net, X, T, loss=loss, first=(0, 0, 0), second=(0, 1, 0)),
        "landscape 41x41, layer-0 and output weight": lambda: loss_landscape(
            net, X, T, loss=loss, first=(0, 0, 0), second=(net.n_layers - 1, 0, 0)),
    }
    lines = len(walkthrough(deep, x, t, loss=loss, learning_rate=lr).steps())
    print(f"explain_bench: {repeats} repeats; default network {net.sizes}, 6x16 network {deep.sizes} "
          f"({lines} equations), {len(X)} training points")
    print(f"{'work':45s} {'wall ms: median [min, max]':>30s}   {'cpu ms: median [min, max]':>30s}")
    medians = {}
    for name, fn in items.items():
        wall, cpu = timed(fn, repeats)
        medians[name] = round(statistics.median(wall), 3)
        print(f"{name:45s} {spread(wall):>30s}   {spread(cpu):>30s}")
    print(json.dumps(medians))


if __name__ == "__main__":
    main()
