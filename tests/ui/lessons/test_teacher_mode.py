"""Teacher mode: write a lesson, see problems live, save a file students open."""

from __future__ import annotations

from PySide6.QtCore import Qt

from playground.lessons import CONTROLS, load_lesson, shipped_lessons


def check_control(teacher, name, column):
    teacher.controls.item(list(CONTROLS).index(name), column).setCheckState(Qt.CheckState.Checked)


def test_a_new_lesson_from_the_current_experiment_saves_and_opens(window, tmp_path):
    from playground.ui.lessons.teacher import HIDE_COLUMN

    teacher = window.lessons.open_teacher()
    assert teacher.save_button.isEnabled()
    teacher.title_edit.setText("Spiral warm-up")
    teacher.title_edit.textEdited.emit("Spiral warm-up")
    teacher.text_edit.setPlainText("<p>Train the <b>spiral</b>: <i>w</i><sub>ij</sub> moves.</p>")
    assert "spiral" in teacher.preview.toPlainText()
    check_control(teacher, "palette", HIDE_COLUMN)
    teacher.add_checkpoint("epoch >= 5", "Five epochs", "Press Play.")
    teacher.add_step()
    teacher.step_title.setText("Second")
    teacher.step_title.textEdited.emit("Second")
    assert teacher.steps.count() == 2 and teacher.steps.item(1).text() == "2. Second"

    path = tmp_path / "warm-up.json"
    assert teacher.save_to(path)
    lesson = load_lesson(path)
    assert lesson.title == "Spiral warm-up" and len(lesson.steps) == 2
    assert lesson.steps[0].hide == ("palette",)
    assert [c.check for c in lesson.steps[0].checkpoints] == ["epoch >= 5"]
    assert lesson.experiment.network == window.session.experiment.network

    assert window.files.open(path)
    panel = window.lessons.panel
    assert panel.lesson.title == "Spiral warm-up"
    assert window.editor.palette.isHidden()


def test_the_grammar_is_checked_live_and_an_invalid_draft_cannot_be_saved(window, tmp_path):
    teacher = window.lessons.open_teacher()
    teacher.add_checkpoint()
    teacher.set_checkpoint(0, "check", "tst_loss < 0.1")
    assert "unknown name 'tst_loss'" in teacher.error
    assert "steps[0].checkpoints[0].check" in teacher.error
    assert "tst_loss" in teacher.checkpoints.item(0, 0).toolTip()
    assert not teacher.save_button.isEnabled()
    assert not teacher.save_to(tmp_path / "bad.json")
    assert not (tmp_path / "bad.json").exists()
    teacher.set_checkpoint(0, "check", "test_loss < 0.1")
    assert teacher.error is None and teacher.save_button.isEnabled()


def test_unsafe_text_and_a_control_both_hidden_and_shown_are_refused(window):
    from playground.ui.lessons.teacher import HIDE_COLUMN, SHOW_COLUMN

    teacher = window.lessons.open_teacher()
    teacher.text_edit.setPlainText("<p onclick='x'>hi</p>")
    assert teacher.error and "steps[0].text" in teacher.error
    teacher.text_edit.setPlainText("<p>hi</p>")
    assert teacher.error is None
    check_control(teacher, "loss_plot", HIDE_COLUMN)
    check_control(teacher, "loss_plot", SHOW_COLUMN)
    assert "both shown and hidden" in teacher.error


def test_editing_the_open_lesson_keeps_its_steps_and_solutions(window, tmp_path):
    source = next(p for p in shipped_lessons() if p.stem == "06-xor")
    window.lessons.panel.open_file(source)
    teacher = window.lessons.open_teacher()
    assert teacher.steps.count() == 2
    teacher.remove_step()
    assert teacher.steps.count() == 1
    teacher.remove_step()  # a lesson keeps one step
    assert teacher.steps.count() == 1
    assert teacher.save_to(tmp_path / "xor-short")
    lesson = load_lesson(tmp_path / "xor-short.json")
    assert len(lesson.steps) == 1 and lesson.steps[0].solution == load_lesson(source).steps[1].solution
