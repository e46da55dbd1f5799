"""The lesson panel in a real main window: opening, steps, controls, checkpoints, actions, progress, files."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QMessageBox

from playground.lessons import CONTROLS, lesson_to_dict, load_lesson, shipped_lessons
from playground.ui.lessons.adapter import CONTROL_WIDGETS
from playground.ui.lessons.panel import MET_MARK, OPEN_MARK


def shipped(stem: str):
    return load_lesson(next(p for p in shipped_lessons() if p.stem == stem))


@pytest.fixture
def errors(monkeypatch):
    """Message boxes the panel would show, captured instead of blocking the test."""
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
    return shown


def write_lesson(tmp_path, doc, name="my-lesson.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_opening_a_lesson_loads_its_experiment_and_shows_step_1(window):
    lesson = shipped("06-xor")
    panel = window.lessons.panel
    assert window.session.experiment.data.generator == "spiral"
    assert panel.open_lesson(lesson)
    assert window.session.experiment.data == lesson.experiment.data
    assert window.session.experiment.network == lesson.experiment.network
    assert panel.step == 0
    assert panel.step_label.text() == f"Step 1 of {len(lesson.steps)}: {lesson.steps[0].title}"
    assert panel.checkpoint_list.count() == len(lesson.steps[0].checkpoints)
    assert window.lessons.dock.isVisible()
    assert window.windowTitle() == "Backprop Playground"  # a new untitled document, not the lesson file
    assert not panel.back_button.isEnabled() and panel.next_button.isEnabled()


def test_next_and_back_walk_the_steps(window):
    lesson = shipped("07-backprop-by-hand")
    panel = window.lessons.panel
    panel.open_lesson(lesson)
    panel.next_button.click()
    assert panel.step == 1 and panel.step_label.text().startswith("Step 2 of 3")
    panel.next_button.click()
    assert panel.step == 2 and not panel.next_button.isEnabled()
    assert panel.text.toPlainText().strip()
    panel.back_button.click()
    panel.back_button.click()
    assert panel.step == 0 and not panel.back_button.isEnabled()


def test_controls_are_hidden_per_step_and_restored_when_the_lesson_closes(window, tmp_path):
    doc = lesson_to_dict(shipped("01-linear-regression"))
    doc["steps"][0]["hide"] = ["palette", "noise", "optimizer", "speed", "reset"]
    doc["steps"][1]["hide"] = ["dataset"]
    panel, data, hyper = window.lessons.panel, window.data_panel, window.hyper_panel
    noise_row = data.noise.parentWidget()
    assert panel.open_file(write_lesson(tmp_path, doc))
    assert window.editor.palette.isHidden() and noise_row.isHidden() and hyper.optimizer.isHidden()
    assert not window.bar.reset_action.isVisible()
    speed = window.lessons.adapter.targets("speed")
    assert len(speed) == 2 and all(target.is_hidden() for target in speed)  # the label and the box
    assert not data.datasets.isHidden()
    window.session.set_training(optimizer="adam")  # the panel shows Adam's rows; hidden ones stay hidden
    assert hyper.beta1.isHidden()
    window.session.set_training(optimizer="sgd")

    panel.next()  # step 2 hides only the dataset picker
    assert data.datasets.isHidden()
    assert not window.editor.palette.isHidden() and not noise_row.isHidden() and not hyper.optimizer.isHidden()
    assert window.bar.reset_action.isVisible() and not any(target.is_hidden() for target in speed)
    assert hyper.momentum.isHidden()  # restored by the panel's own rule: no momentum row for sgd

    panel.close_button.click()
    assert not data.datasets.isHidden() and not window.editor.palette.isHidden()
    assert not window.lessons.dock.isVisible()
    assert panel.lesson is None


def test_every_control_name_has_a_row_in_the_widget_table(window):
    assert list(CONTROL_WIDGETS) == list(CONTROLS)
    missing = set(window.lessons.adapter.missing_controls())
    # Ways of using the canvas and views that other panels add; everything else has a widget.
    assert missing <= {"network_editing", "weight_editing", "step_through", "gradient_check", "loss_landscape"}


def test_a_checkpoint_turns_green_when_training_meets_it(qtbot, window):
    lesson = shipped("01-linear-regression")
    panel = window.lessons.panel
    panel.open_lesson(lesson)
    panel.next()  # train_loss < 0.001 and test_loss < 0.001
    assert panel.checkpoint_states() == [False, False]
    assert panel.checkpoint_list.item(0).text().startswith(OPEN_MARK)
    window.session.play()
    qtbot.waitUntil(lambda: panel.checkpoint_states() == [True, True], timeout=20_000)
    window.session.pause()
    item = panel.checkpoint_list.item(0)
    assert item.text().startswith(MET_MARK)
    assert item.foreground().color().green() > item.foreground().color().red()
    assert "now:" in item.toolTip()


def test_record_action_marks_an_action_checkpoint(window):
    panel = window.lessons.panel
    panel.record_action("applied_step")  # no lesson open: nothing happens
    panel.open_lesson(shipped("07-backprop-by-hand"))
    assert panel.checkpoint_states() == [False]  # followed_sample
    panel.record_action("followed_sample")
    assert panel.checkpoint_states() == [True]
    assert panel.done_label.text().startswith("Step done")
    with pytest.raises(ValueError, match="unknown ui action"):
        panel.record_action("compared_batch_sizes")  # derived from training, never recorded


def test_the_reset_button_records_the_reset_action(window):
    panel = window.lessons.panel
    panel.open_lesson(shipped("07-backprop-by-hand"))
    window.bar.reset_action.trigger()
    assert "reset" in panel.tracker.actions()


def test_training_actions_follow_from_snapshots(window):
    panel = window.lessons.panel
    panel.open_lesson(shipped("05-batch-sizes"))
    tracker, session = panel.tracker, window.session
    version = session.network_version

    def snap(epoch):
        return SimpleNamespace(network_version=version, epoch=epoch, message=None, mean_deltas=())

    tracker.on_snapshot(snap(0))
    for k, batch in enumerate((0, 1, 10)):
        session.set_training(batch_size=batch)
        tracker.on_snapshot(snap(20 * k + 10))
        assert "compared_batch_sizes" not in tracker.actions()
        tracker.on_snapshot(snap(20 * k + 20))
    assert "compared_batch_sizes" in tracker.actions()


def test_a_diverging_run_records_diverged(qtbot, window):
    panel = window.lessons.panel
    panel.open_lesson(shipped("02-learning-rate"))
    panel.next()  # 'diverged'
    window.session.set_training(learning_rate=10.0)
    window.session.play()
    qtbot.waitUntil(lambda: panel.checkpoint_states() == [True], timeout=20_000)
    assert "diverged" in panel.tracker.actions()


def test_progress_persists_across_windows_and_reset_clears_it(make_window):
    first = make_window(settings_name="shared.ini")
    first.lessons.panel.open_lesson(shipped("07-backprop-by-hand"))
    first.lessons.panel.record_action("followed_sample")
    first.lessons.panel.next()
    first.close()

    second = make_window(settings_name="shared.ini")
    browser = second.lessons.open_browser()
    row = [lesson.name for lesson in browser.lessons].index("07-backprop-by-hand")
    assert "1 of 4 checkpoints" in browser.list.item(row).text()
    browser.list.setCurrentRow(row)
    assert browser.open_selected()
    panel = second.lessons.panel
    assert panel.step == 1 and panel.tracker.progress.is_met(0, 0)

    panel.reset_button.click()
    assert panel.step == 0 and panel.checkpoint_states() == [False]
    second.close()
    third = make_window(settings_name="shared.ini")
    third.lessons.panel.open_lesson(shipped("07-backprop-by-hand"))
    assert third.lessons.panel.step == 0 and not third.lessons.panel.tracker.progress.is_met(0, 0)


def test_the_browser_resets_a_lessons_progress(window):
    panel = window.lessons.panel
    panel.open_lesson(shipped("07-backprop-by-hand"))
    panel.record_action("followed_sample")
    panel.close_lesson()
    browser = window.lessons.open_browser()
    assert len(browser.lessons) == len(shipped_lessons())
    row = [lesson.name for lesson in browser.lessons].index("07-backprop-by-hand")
    browser.list.setCurrentRow(row)
    browser.reset_button.click()
    assert "not started" in browser.list.item(row).text()


def test_the_welcome_shows_once(window):
    assert window.lessons.offer_welcome()
    assert window.lessons.browser.isVisible()
    window.lessons.browser.close()
    assert not window.lessons.offer_welcome()


def test_file_open_of_a_lesson_file_opens_the_lesson(window, tmp_path):
    lesson = shipped("03-logistic-regression")
    path = write_lesson(tmp_path, lesson_to_dict(lesson), "logistic.json")
    assert window.files.open(path)
    assert window.lessons.panel.lesson.name == "logistic"
    assert window.session.experiment.data == lesson.experiment.data
    assert window.session.experiment.network == lesson.experiment.network
    assert window.files.path is None


def test_an_experiment_file_still_opens_as_an_experiment(window, tmp_path):
    from playground.experiment import save_experiment

    experiment = shipped("03-logistic-regression").experiment
    save_experiment(experiment, tmp_path / "plain.json")
    assert window.files.open(tmp_path / "plain.json")
    assert window.lessons.panel.lesson is None and window.files.path == tmp_path / "plain.json"


@pytest.mark.parametrize("breakage", ["bad check", "not json", "newer version"])
def test_a_broken_lesson_file_shows_a_message_and_changes_nothing(window, tmp_path, errors, breakage):
    panel = window.lessons.panel
    panel.open_lesson(shipped("06-xor"))
    panel.next()
    before = window.session.experiment
    doc = lesson_to_dict(shipped("01-linear-regression"))
    if breakage == "bad check":
        doc["steps"][0]["checkpoints"][0]["check"] = "tst_loss < 0.1"
        path = write_lesson(tmp_path, doc)
    elif breakage == "newer version":
        doc["version"] = 99
        path = write_lesson(tmp_path, doc)
    else:
        path = tmp_path / "broken.json"
        path.write_text('{"format": "backprop-playground/lesson", "title": ')
    assert not window.files.open(path)
    assert window.session.experiment is before
    assert panel.lesson.name == "06-xor" and panel.step == 1
    assert len(errors) == 1 and str(path) in errors[0]


def test_lesson_images_load_from_resources(window):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    lesson = shipped("06-xor")
    k, image = next((k, step.images[0]) for k, step in enumerate(lesson.steps) if step.images)
    panel = window.lessons.panel
    panel.open_lesson(lesson)
    panel.go_to(k)
    resource = panel.text.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(image))
    assert resource is not None and not resource.isNull()


def test_the_lesson_dock_stays_hidden_at_the_next_start_without_a_lesson(make_window):
    first = make_window(settings_name="docks.ini")
    first.lessons.panel.open_lesson(shipped("06-xor"))
    assert first.lessons.dock.isVisible()
    first.close()
    second = make_window(settings_name="docks.ini")
    assert not second.lessons.dock.isVisible()
    second.lessons.panel.open_lesson(shipped("06-xor"))
    assert second.lessons.dock.isVisible()


def test_the_hint_shows_on_demand_for_the_chosen_checkpoint(window):
    lesson = shipped("06-xor")
    panel = window.lessons.panel
    panel.open_lesson(lesson)
    assert panel.hint.isHidden()
    panel.hint_button.click()  # nothing selected: the first checkpoint not met
    first_open = panel.checkpoint_states().index(False)
    assert panel.hint.text() == f"Hint: {lesson.steps[0].checkpoints[first_open].hint}"
    assert not panel.hint.isHidden()
    panel.checkpoint_list.setCurrentRow(2)
    assert panel.hint.isHidden()
    panel.hint_button.click()
    assert panel.hint.text() == f"Hint: {lesson.steps[0].checkpoints[2].hint}"


def test_the_step_through_panel_meets_lesson_7s_action_checkpoints(window, qtbot):
    # The step-through panel reports what the student did to the open lesson: walking a
    # sample back to its deltas meets "followed_sample".
    lessons = window.lessons.panel
    lessons.open_lesson(shipped("07-backprop-by-hand"))
    assert lessons.checkpoint_states() == [False]
    window.step_dock.show()
    step = window.step_dock.widget()
    step.set_point(0)
    step.set_pace("layer")
    while step.next():
        if lessons.checkpoint_states() == [True]:
            break
    assert lessons.checkpoint_states() == [True]
    recorded = []
    step.action_done.connect(recorded.append)
    assert step.apply_step()
    assert recorded[-1] == "applied_step"
