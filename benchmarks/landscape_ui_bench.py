"""Speed of the loss-landscape view and the gradient-check panel beyond ``playground.explain``.

Usage (from the checkout)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/landscape_ui_bench.py [--repeats N]

On the default network (spiral, 2 -> 8, 8 tanh -> 1 sigmoid) over its training
set, each ``--repeats`` times (median [min, max] ms of wall and CPU time, as
``explain_bench.py`` prints them):

- ``contours``: levels and marching-squares segments of a 41x41 surface (NumPy);
- ``compute_surface``: what the view's background job does for a 41x41
  surface (``loss_landscape`` + contours), for two first-layer weights (the
  worst case) and for a first-layer and an output weight;
- ``draw``: the GUI thread's share, surface -> image, colour scale, contour
  item, axes, and one synchronous repaint of the plot (offscreen, 500 x 500);
- ``gradient_check, 64 points``: the panel's default check.

``loss_landscape`` alone is timed by ``explain_bench.py``. The last line is
JSON with every median (ms, wall). Tests never assert a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys


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
from benchmarks.explain_bench import default_case, spread, timed  # noqa: E402
from playground.explain import Parameter, gradient_check  # noqa: E402
from playground.ui.explain_views.adapter import evenly_spaced  # noqa: E402
from playground.ui.explain_views.contours import contour_levels, contour_segments  # noqa: E402
from playground.ui.explain_views.gradient_panel import DEFAULT_POINTS  # noqa: E402
from playground.ui.explain_views.surface import compute_surface  # noqa: E402


def main():
    from PySide6.QtWidgets import QApplication

    from playground.ui.explain_views.adapter import SessionAdapter
    from playground.ui.explain_views.landscape_view import LandscapeView
    from playground.ui.session import Session

    app = QApplication.instance() or QApplication(sys.argv)
    repeats = max(1, ARGS.repeats)
    net, X, T, loss, _ = default_case()
    problem = (loss, "none", 0.0)
    first_layer = (Parameter(0, 0, 0), Parameter(0, 1, 0))
    mixed = (Parameter(0, 0, 0), Parameter(net.n_layers - 1, 0, 0))
    surface = compute_surface(net, X, T, problem, *first_layer, 2.0, 41)
    rows = evenly_spaced(len(X), DEFAULT_POINTS)

    session = Session(mode="inprocess")
    view = LandscapeView(SessionAdapter(session))
    view.resize(500, 500)
    view.show()
    app.processEvents()

    def draw():
        view.draw_surface(surface)
        view.plot.viewport().repaint()

    items = {
        "contours 41x41": lambda: contour_segments(surface.w1, surface.w2, surface.J, contour_levels(surface.J)),
        "compute_surface 41x41, two layer-0 weights": lambda: compute_surface(net, X, T, problem, *first_layer,
                                                                              2.0, 41),
        "compute_surface 41x41, layer-0 and output weight": lambda: compute_surface(net, X, T, problem, *mixed,
                                                                                    2.0, 41),
        "draw 41x41 (image, colour bar, contours, repaint)": draw,
        f"gradient_check, {len(rows)} points": lambda: gradient_check(net, X[rows], T[rows], loss=loss),
    }
    print(f"landscape_ui_bench: {repeats} repeats; default network {net.sizes}, {len(X)} training points, "
          f"{len(surface.segments) // 2} contour segments")
    print(f"{'work':52s} {'wall ms: median [min, max]':>30s}   {'cpu ms: median [min, max]':>30s}")
    medians = {}
    try:
        for name, fn in items.items():
            wall, cpu = timed(fn, repeats)
            medians[name] = round(statistics.median(wall), 3)
            print(f"{name:52s} {spread(wall):>30s}   {spread(cpu):>30s}")
    finally:
        view.shutdown()
        session.shutdown()
    print(json.dumps(medians))


if __name__ == "__main__":
    main()
