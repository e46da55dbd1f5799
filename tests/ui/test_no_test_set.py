"""The app opens and trains the chapter's XOR: all four points for training, no test set."""

from __future__ import annotations

import math

from tests.ui.conftest import wait_snapshot


def test_window_trains_xor_with_every_point_in_training(qtbot, window):
    from playground.lessons import load_lesson, shipped_lessons

    xor = next(load_lesson(p) for p in shipped_lessons() if p.stem == "06-xor")
    assert xor.experiment.data.train_fraction == 1.0
    assert window.files.load(xor.experiment, xor.base_dir) is None
    assert len(window.session.prepared.X_test) == 0
    assert window.data_panel.train_pct.value() == 100  # the slider reaches 100 % and shows it
    window.session.play()
    snap = wait_snapshot(qtbot, window.session, lambda s: s.epoch >= 20)
    window.session.pause()
    assert snap.test_loss is None and snap.test_accuracy is None
    assert math.isfinite(snap.train_loss) and 0 <= snap.train_accuracy <= 1
    qtbot.waitUntil(lambda: window.live._drawn is not None)
    saved = window.files.experiment_to_save()
    assert saved.state is not None and len(saved.state.train_loss) > 0
