"""Keep BLAS single-threaded in the app's processes.

The app's matrices are tiny (a few hundred rows, at most 32 columns), and the
GUI and the engine process already use the two cores they get. A BLAS thread
pool per process only spins: measured on the dev machine, a ``10000 x 8 @ 8 x 8``
product took ~4 ms with OpenBLAS's default pool and ~0.05 ms on one thread.
The variables are read when NumPy is first imported, so this must run before;
a spawned child process inherits them.
"""

from __future__ import annotations

import os

BLAS_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit_blas_threads(n: int = 1) -> None:
    """Set the BLAS thread variables to ``n`` unless the user already chose."""
    for name in BLAS_ENV:
        os.environ.setdefault(name, str(n))
