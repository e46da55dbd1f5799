"""The gradient-check panel: a passing verdict on the default network, a failing one per bug, sorting."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.explain import BUGS, gradient_check
from playground.ui.explain_views.gradient_model import BACKPROP, PARAMETER, RELATIVE, SORT_ROLE
from playground.ui.explain_views.gradient_panel import DEFAULT_POINTS, GradientCheckPanel


@pytest.fixture
def panel(qtbot, adapter):
    p = GradientCheckPanel(adapter)
    qtbot.addWidget(p)
    p.show()
    yield p
    p.shutdown()


def run(qtbot, panel):
    with qtbot.waitSignal(panel.check_finished, timeout=30_000) as blocker:
        panel.run()
    return blocker.args[0]


def column(panel, c, role=SORT_ROLE):
    return [panel.proxy.data(panel.proxy.index(r, c), role) for r in range(panel.proxy.rowCount())]


def test_the_default_network_passes(qtbot, panel, adapter):
    v = run(qtbot, panel)
    assert v.passed and v.worst <= 1e-6
    assert panel.verdict_label.text().startswith("Passed") and panel.verdict_label.property("status_kind") == "pass"
    n_params = sum(w.size + b.size for w, b in zip(*adapter.parameters()))
    assert panel.model.rowCount() == n_params
    # The table holds gradient_check's rows for the same copy and subset.
    X, T = adapter.training_data(DEFAULT_POINTS)
    rows = gradient_check(adapter.network(), X, T, loss=adapter.loss())
    assert [(r.layer, r.i, r.j) for r in panel.rows] == [(r.layer, r.i, r.j) for r in rows]
    assert np.allclose([r.backprop for r in panel.rows], [r.backprop for r in rows], rtol=0, atol=1e-15)


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_each_bug_fails_and_names_the_worst_parameter(qtbot, panel, bug):
    panel.bug_box.setCurrentIndex(panel.bug_box.findData(bug))
    assert BUGS[bug][0] in panel.bug_text.text()
    v = run(qtbot, panel)
    assert not v.passed and v.worst >= 1e-2
    text = panel.verdict_label.text()
    assert text.startswith("Failed") and v.row.name in text
    assert panel.verdict_label.property("status_kind") == "fail"


def test_switching_the_bug_after_a_check_reruns_it(qtbot, panel):
    assert run(qtbot, panel).passed
    with qtbot.waitSignal(panel.check_finished, timeout=30_000) as blocker:
        panel.bug_box.setCurrentIndex(panel.bug_box.findData("wrong_sign"))
    assert not blocker.args[0].passed
    with qtbot.waitSignal(panel.check_finished, timeout=30_000) as blocker:
        panel.bug_box.setCurrentIndex(0)
    assert blocker.args[0].passed


def test_sorting_by_any_column(qtbot, panel):
    panel.bug_box.setCurrentIndex(panel.bug_box.findData("forget_bias"))
    run(qtbot, panel)
    errors = column(panel, RELATIVE)
    assert errors == sorted(errors, reverse=True)   # worst first, as shown after a check
    panel.table.sortByColumn(RELATIVE, Qt.SortOrder.AscendingOrder)
    assert column(panel, RELATIVE) == sorted(errors)
    panel.table.sortByColumn(BACKPROP, Qt.SortOrder.AscendingOrder)
    values = column(panel, BACKPROP)
    assert values == sorted(values) and values[0] < 0 < values[-1]   # numbers, not text
    panel.table.sortByColumn(PARAMETER, Qt.SortOrder.AscendingOrder)
    names = column(panel, PARAMETER, Qt.ItemDataRole.DisplayRole)
    assert names[0] == "w_11 (layer 1)" and names[-1].startswith("b_1 (layer 3)")


def test_a_check_becomes_stale_when_training_moves_on(qtbot, panel, session):
    run(qtbot, panel)
    step = session.latest_snapshot.step
    session.step_batch()
    qtbot.waitUntil(lambda: session.latest_snapshot.step > step, timeout=10_000)
    assert "changed since" in panel.verdict_label.text()


def test_tooltips_explain_the_relative_error(panel):
    tip = panel.model.headerData(RELATIVE, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "|backprop − numeric|" in tip and "rounding" in tip
