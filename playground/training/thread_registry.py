"""Every QThread the app starts is registered here, so nothing can outlive it unseen.

QThreads are invisible to :mod:`threading`, so ``tests/conftest.py`` asks this
registry after every test and fails the test if one is still running. Weak
references: the registry never keeps a finished thread alive.
"""

from __future__ import annotations

import weakref

_threads: "weakref.WeakSet" = weakref.WeakSet()


def register(thread) -> None:
    """Track ``thread`` (a ``QThread``) until it is garbage-collected."""
    _threads.add(thread)


def running_threads() -> list:
    """The registered QThreads that are still running."""
    alive = []
    for thread in list(_threads):
        try:
            if thread.isRunning():
                alive.append(thread)
        except RuntimeError:
            # The C++ object is already deleted: it cannot be running.
            continue
    return alive
