"""The loss-landscape view: its image is loss_landscape's J, picks (canvas and lists), the path, bad picks."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from playground.explain import Parameter, loss_landscape
from playground.ui.explain_views.adapter import SessionAdapter
from playground.ui.explain_views.landscape_view import DEFAULT_RESOLUTION, DEFAULT_SPAN, MAX_POINTS, LandscapeView
from tests.ui.canvas.helpers import click, view_point


def edge_point(editor, lij):
    """A viewport point on edge ``lij`` that hits no other edge (midpoints of a dense layer cross)."""
    x0, y0, x1, y1 = editor.scene.edges.segment(lij)
    for t in np.linspace(0.1, 0.9, 33):
        x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
        if editor.scene.edges.edge_at(x, y, 4.0) == lij:
            return view_point(editor, x, y)
    raise AssertionError(f"no point of edge {lij} is clear of the others")


def make_view(qtbot, adapter):
    view = LandscapeView(adapter)
    qtbot.addWidget(view)
    view.resize(500, 500)
    return view


@pytest.fixture
def view(qtbot, adapter):
    v = make_view(qtbot, adapter)
    yield v
    v.shutdown()


def drawn(qtbot, view, action, timeout=20_000):
    with qtbot.waitSignal(view.surface_drawn, timeout=timeout) as blocker:
        action()
    return blocker.args[0]


def test_the_image_is_loss_landscape_of_the_picked_pair(qtbot, view, adapter):
    view.show()
    assert view.pair is None and "Pick two parameters" in view.message.text()   # 2-8-8-1: nothing preselected
    actions = []
    view.action_done.connect(actions.append)
    surface = drawn(qtbot, view, lambda: view.set_pair((0, 1, 3), (1, 4, -1)))
    assert view.pair == (Parameter(0, 1, 3), Parameter(1, 4, -1))
    X, T = adapter.training_data(MAX_POINTS)
    w1, w2, J = loss_landscape(adapter.network(), X, T, loss=adapter.loss(), first=(0, 1, 3), second=(1, 4, -1),
                               span=DEFAULT_SPAN, steps=DEFAULT_RESOLUTION)
    np.testing.assert_allclose(view.image.image, J, rtol=1e-12, atol=0)
    np.testing.assert_allclose(surface.w1, w1, rtol=0, atol=0)
    # Pixels centred on the grid values; the colour scale spans J.
    rect = view.image.mapRectToParent(view.image.boundingRect())
    assert rect.left() == pytest.approx(w1[0] - (w1[1] - w1[0]) / 2)
    assert rect.top() == pytest.approx(w2[0] - (w2[1] - w2[0]) / 2)
    assert view.colorbar.levels() == pytest.approx((J.min(), J.max()))
    assert len(view.contours.getData()[0]) > 0
    assert actions == ["picked_two_weights", "viewed_landscape"]
    # The current point sits in the middle of the grid.
    assert view.current.getData()[0][0] == pytest.approx(w1[DEFAULT_RESOLUTION // 2])


def test_a_hidden_view_computes_when_shown(qtbot, view):
    view.set_pair((0, 0, 0), (0, 1, 0))
    qtbot.wait(50)
    assert view.surface is None
    surface = drawn(qtbot, view, view.show)
    assert surface.pair == view.pair


def test_the_same_parameter_twice_is_refused_and_the_view_kept(qtbot, view):
    view.show()
    drawn(qtbot, view, lambda: view.set_pair((0, 0, 0), (1, 2, 3)))
    image = view.image.image.copy()
    assert not view.set_pair((1, 2, 3), (1, 2, 3))
    assert "two different parameters" in view.message.text()
    assert view.message.property("status_kind") == "fail"
    assert view.pair == (Parameter(0, 0, 0), Parameter(1, 2, 3))
    # The lists: choosing the y parameter as x is refused too, and the lists show the pair kept.
    view.first_box.activated.emit(view.params.row_of(Parameter(1, 2, 3)))
    assert view.pair == (Parameter(0, 0, 0), Parameter(1, 2, 3))
    assert view.first_box.currentIndex() == view.params.row_of(Parameter(0, 0, 0))
    assert not view.set_pair((0, 0, 0), (5, 0, 0))   # no such layer
    qtbot.wait(100)
    np.testing.assert_array_equal(view.image.image, image)


def test_the_lists_pick_a_pair(qtbot, view):
    view.show()
    view.first_box.activated.emit(view.params.row_of(Parameter(1, 0, 0)))
    assert view.pair is None and "now choose the y" in view.message.text()
    surface = drawn(qtbot, view, lambda: view.second_box.activated.emit(view.params.row_of(Parameter(2, 0, 0))))
    assert surface.pair == (Parameter(1, 0, 0), Parameter(2, 0, 0))


def test_the_training_path_grows_with_snapshots(qtbot, view, session):
    view.show()
    drawn(qtbot, view, lambda: view.set_pair((2, 0, 0), (2, 1, 0)))
    assert len(view.path) == 1
    for k in range(3):
        step = session.latest_snapshot.step
        session.step_batch()
        qtbot.waitUntil(lambda: session.latest_snapshot.step > step, timeout=10_000)
        qtbot.waitUntil(lambda: len(view.path) == k + 2, timeout=5_000)
    x, y = view.path_item.getData()
    weights, _ = session.parameters()
    assert len(x) == 4 and (x[-1], y[-1]) == (weights[2][0, 0], weights[2][1, 0])
    assert view.current.getData()[0][0] == x[-1]


def test_a_one_neuron_model_starts_with_its_two_weights(qtbot):
    from playground.experiment import default_experiment
    from playground.ui.session import Session

    experiment = default_experiment()
    experiment = replace(experiment, network=replace(experiment.network, hidden=()))
    session = Session(experiment, mode="inprocess")
    try:
        view = make_view(qtbot, SessionAdapter(session))
        actions = []
        view.action_done.connect(actions.append)
        assert view.pair == (Parameter(0, 0, 0), Parameter(0, 1, 0))
        drawn(qtbot, view, view.show)
        assert actions == ["picked_two_weights", "viewed_landscape"]
        view.shutdown()
    finally:
        assert session.shutdown()


def test_clicking_two_edges_on_the_canvas_picks_them(qtbot, window):
    view = window.explain.landscape
    window.explain.landscape_dock.show()
    editor = window.editor
    view.pick_button.click()
    assert editor.parameter_pick is not None
    click(editor, edge_point(editor, (0, 1, 2)))
    assert not editor.value_editor.isVisible()            # the click picked, it did not open the editor
    assert editor.scene.edges.highlight == (0, 1, 2)
    click(editor, edge_point(editor, (0, 1, 2)))        # the same one again: refused, still waiting
    assert "again" in view.message.text() and view.pair is None
    with qtbot.waitSignal(view.surface_drawn, timeout=20_000):
        click(editor, edge_point(editor, (1, 3, 4)))
    assert view.pair == (Parameter(0, 1, 2), Parameter(1, 3, 4))
    assert not view.pick_button.isChecked() and editor.parameter_pick is None
    click(editor, edge_point(editor, (1, 3, 4)))        # out of pick mode: the weight editor again
    assert editor.value_editor.isVisible()


def test_a_bias_square_is_picked_too(qtbot, window):
    view = window.explain.landscape
    window.explain.landscape_dock.show()
    editor = window.editor
    view.pick_button.click()
    click(editor, edge_point(editor, (2, 3, 0)))
    bias = editor.scene.neuron(2, 5).bias            # layout column 2 = weight layer 1's outputs
    with qtbot.waitSignal(view.surface_drawn, timeout=20_000):
        click(editor, view_point(editor, bias.scenePos().x() + 4, bias.scenePos().y() + 4))
    assert view.pair == (Parameter(2, 3, 0), Parameter(1, 5, -1))
    assert not editor.value_editor.isVisible()


def test_training_far_from_the_surface_recomputes_it_throttled(qtbot, view, session):
    view.show()
    view.span_box.setValue(0.1)   # FAR x span = 0.005: a few steps move that far
    first = drawn(qtbot, view, lambda: view.set_pair((2, 0, 0), (2, 1, 0)))
    assert first.span == pytest.approx(0.1)
    session.play()
    try:
        second = drawn(qtbot, view, lambda: None)
    finally:
        session.pause()
    # Centred on where training took the pair (no click needed), the path drawn over it.
    assert second.centre() != first.centre()
    assert len(view.path_item.getData()[0]) >= 2


def test_a_hidden_view_only_records_the_path(qtbot, view, session):
    view.show()
    drawn(qtbot, view, lambda: view.set_pair((2, 0, 0), (2, 1, 0)))
    view.hide()
    requests = view.job.last_request
    step = session.latest_snapshot.step
    session.step_epoch()
    qtbot.waitUntil(lambda: session.latest_snapshot.step > step, timeout=10_000)
    qtbot.waitUntil(lambda: len(view.path) >= 2, timeout=5_000)
    assert view.job.last_request == requests
    drawn(qtbot, view, view.show)   # shown again: computed around the new weights


def test_span_and_grid_controls_recompute(qtbot, view):
    view.show()
    drawn(qtbot, view, lambda: view.set_pair((0, 0, 0), (0, 1, 0)))
    surface = drawn(qtbot, view, lambda: view.resolution_box.setCurrentIndex(view.resolution_box.findData(21)))
    assert surface.J.shape == (21, 21) and view.image.image.shape == (21, 21)
    surface = drawn(qtbot, view, lambda: view.span_box.setValue(0.5))   # after a pause in typing
    assert surface.w1[-1] - surface.w1[0] == pytest.approx(1.0)


def test_the_view_menu_opens_both_docks(window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    texts = {a.text() for a in view_menu.actions()}
    assert {"Gradient check", "Loss landscape"} <= texts
    assert window.explain.gradient_dock.isHidden() and window.explain.landscape_dock.isHidden()
