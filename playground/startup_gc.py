"""Python's cyclic garbage collector, paused while the app starts.

Opening the window creates ~76,000 objects that live as long as the app: our
modules and classes, PySide6's wrapped classes and their ~650 enum types,
pyqtgraph's modules, the widgets' wrappers. While they are made, the collector
runs ~170 times (a young-generation pass per 700 net new objects, two full ones),
each walking objects that are all still alive: measured on the dev machine,
80-85 ms of a ~0.8 s start, and a ``gc.collect()`` right after the first frame
finds nothing to free. Reference counting frees everything else as usual; only
cycles wait.

So ``playground`` pauses the collector when it starts (:func:`pause`, first
thing in ``cli.main``) and the app resumes it once its first frame is on screen
(:func:`resume_after_start`): ``gc.freeze()`` moves what start-up built into
the permanent generation, so later full collections do not walk it again
(measured in the running app: 33-47 ms each without the freeze, under 1 ms
with it; at 30 frames a second, one such pause was a dropped frame or two),
then the collector runs as before. The headless subcommands resume it as soon
as their arguments are parsed (:func:`resume`), without freezing.

The price: cyclic garbage made from start-up's objects is never freed, as the
frozen generation is never collected. Measured after three resets of the
network: ~150 objects. A window that starts minimized keeps the collector
paused until it is first painted; until then nothing runs that would make
garbage (the training engine waits for the same frame).
"""

from __future__ import annotations

import gc

_paused_here = False


def pause() -> None:
    """Stop automatic collection, unless it is already off (then :func:`resume` leaves it off too)."""
    global _paused_here
    if gc.isenabled():
        gc.disable()
        _paused_here = True


def resume() -> None:
    """Turn automatic collection back on if :func:`pause` turned it off."""
    global _paused_here
    if _paused_here:
        _paused_here = False
        gc.enable()


def resume_after_start() -> None:
    """The app's first frame is up: keep what start-up built out of future collections, then resume."""
    if _paused_here:
        gc.freeze()
    resume()


def is_paused() -> bool:
    """True between :func:`pause` and :func:`resume` (for tests)."""
    return _paused_here
