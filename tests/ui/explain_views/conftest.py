"""Fixtures of the teaching views' tests: an adapter on a live in-process session."""

from __future__ import annotations

import pytest


@pytest.fixture
def adapter(session):
    from playground.ui.explain_views.adapter import SessionAdapter

    return SessionAdapter(session)
