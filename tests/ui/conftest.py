"""Fixtures for the app tests: a Session / window that is always shut down."""

from __future__ import annotations

import pytest


@pytest.fixture
def session(qtbot):
    """A Session on the default example, engine in-process (fast, deterministic)."""
    from playground.ui.session import Session

    s = Session(mode="inprocess")
    yield s
    assert s.shutdown()


def wait_snapshot(qtbot, session, predicate, timeout=10_000):
    """Wait until the session's newest snapshot satisfies ``predicate``; return it."""
    qtbot.waitUntil(lambda: session.latest_snapshot is not None and predicate(session.latest_snapshot),
                    timeout=timeout)
    return session.latest_snapshot
