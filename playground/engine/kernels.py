"""Direct handles on a few NumPy functions, for the engine's hot loops.

``np.dot``, ``np.vdot``, ``np.copyto`` and ``np.take`` first call a small Python function
that collects arguments for the ``__array_function__`` protocol; on a 10 x 8
product that costs about 0.4 us of ~1.1 us. The engine's buffers are plain
ndarrays, which that protocol leaves alone, so the tapes call the
implementation beneath the dispatcher directly when NumPy exposes it
(``_implementation``, NumPy >= 1.25; C for dot, vdot and copyto) and the
public function otherwise. Same results either way.
"""

from __future__ import annotations

import numpy as np

dot = getattr(np.dot, "_implementation", np.dot)
vdot = getattr(np.vdot, "_implementation", np.vdot)
copyto = getattr(np.copyto, "_implementation", np.copyto)
take = getattr(np.take, "_implementation", np.take)
