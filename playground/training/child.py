"""The engine process: an :class:`EngineHost` served over a pipe.

Started by :class:`~playground.training.backends.ChildProcessBackend` with the
``spawn`` start method, so it imports only NumPy and the engine (never Qt) and
trains with its own GIL. Each message in is ``(commands, work)`` and gets exactly
one reply (the host's Snapshot, or a ``Fatal`` with the traceback); ``None`` or a closed pipe ends the process.
"""

from __future__ import annotations

import os
import traceback

import numpy as np


#: How much lower the engine's scheduling priority is than the GUI's.
NICENESS = 5


def child_main(conn) -> None:
    """Serve exchanges on ``conn`` until told to quit or the parent goes away."""
    import signal

    from playground.training.host import EngineHost
    from playground.training.messages import Fatal

    # Ctrl+C in a terminal reaches the whole process group; the GUI process
    # decides when the engine stops (it sends None or closes the pipe).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # On a busy machine the window's responsiveness comes first: the engine
    # takes the CPU time the GUI leaves (it still gets a whole core when free).
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):
        pass
    # NaN/inf is detected from the loss values; warnings would only spam stderr.
    np.seterr(all="ignore")
    host = EngineHost()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        commands, work = message
        try:
            reply = host.exchange(commands, work)
        except Exception:  # noqa: BLE001 - anything unexpected goes to the GUI as text
            reply = Fatal(traceback.format_exc(limit=8))
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
