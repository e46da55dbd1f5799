"""Lesson files: every field validated with a message naming it; round trip; safe rich text."""

from __future__ import annotations

import copy
import json

import pytest

from playground.lessons import (
    CONTROLS, LessonError, lesson_from_dict, lesson_to_dict, lesson_to_json, load_lesson, shipped_lessons,
)

BASE = {
    "format": "backprop-playground/lesson", "version": 1, "title": "T", "summary": "S",
    "experiment": {"data": {"generator": "gaussians", "samples": 40}, "network": {"hidden": []},
                   "training": {"learning_rate": 0.1}},
    "steps": [{"title": "One", "text": "<p>Hello <b>δ</b><sub>j</sub></p><img src='icons/app.svg'/>",
               "hide": ["dataset"], "show": ["loss_plot"],
               "checkpoints": [{"check": "epoch >= 2", "text": "Two epochs", "hint": "Press Play"}],
               "solution": [{"set": "training.batch_size", "to": 1}, {"train": 2}, {"do": "applied_step"}]}],
}


def _with(path, value):
    doc = copy.deepcopy(BASE)
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


def test_a_valid_lesson_loads_and_round_trips():
    lesson = lesson_from_dict(BASE, name="x")
    assert lesson.steps[0].images == ("icons/app.svg",) and lesson.steps[0].hide == ("dataset",)
    assert [c.check for c in lesson.checkpoints] == ["epoch >= 2"]
    again = lesson_from_dict(json.loads(lesson_to_json(lesson)), name="x")
    assert lesson_to_dict(again) == lesson_to_dict(lesson)
    assert again.experiment == lesson.experiment


@pytest.mark.parametrize("path, value, message", [
    (("format",), "backprop-playground/experiment", "format must be 'backprop-playground/lesson'"),
    (("version",), 2, "version 2, newer than this program reads"),
    (("version",), "1", "version must be a whole number"),
    (("colour",), "red", "unknown field colour"),
    (("title",), "", "title must be non-empty text"),
    (("summary",), KeyError, "summary must be non-empty text"),
    (("experiment", "training", "learning_rate"), -1, "experiment: training.learning_rate must be > 0"),
    (("experiment", "data", "pth"), "x", "experiment: unknown field data.pth"),
    (("steps",), [], "steps must be a non-empty list"),
    (("steps", 0, "title"), 3, "steps[0].title must be non-empty text"),
    (("steps", 0, "notes"), "", "unknown field steps[0].notes"),
    (("steps", 0, "text"), "<script>alert(1)</script>", "steps[0].text: <script> is not allowed"),
    (("steps", 0, "text"), "<p onclick='x'>a</p>", "<p> may not have the attribute 'onclick'"),
    (("steps", 0, "text"), "<p>a", "<p> is never closed"),
    (("steps", 0, "text"), "<p><b>a</p></b>", "</p> does not match"),
    (("steps", 0, "text"), "<img src='http://x.org/a.png'>", "must be a relative path inside resources/"),
    (("steps", 0, "text"), "<img src='../../etc/passwd.png'>", "must be a relative path inside resources/"),
    (("steps", 0, "text"), "<img src='lessons/missing.png'>", "is not in resources/"),
    (("steps", 0, "hide"), ["dataset", "sliders"], "steps[0].hide: unknown control 'sliders'"),
    (("steps", 0, "show"), ["dataset"], "'dataset' is both shown and hidden"),
    (("steps", 0, "checkpoints", 0, "check"), "epoch >> 2", "steps[0].checkpoints[0].check"),
    (("steps", 0, "checkpoints", 0, "hint"), "", "steps[0].checkpoints[0].hint must be non-empty text"),
    (("steps", 0, "checkpoints", 0, "why"), "x", "unknown field steps[0].checkpoints[0].why"),
    (("steps", 0, "solution", 0), {"set": "training.speed", "to": 1}, "steps[0].solution[0].set: 'training.speed'"),
    (("steps", 0, "solution", 0), {"set": "training.learning_rate", "to": 0},
     "steps[0].solution[0]: training.learning_rate must be > 0"),
    (("steps", 0, "solution", 1), {"train": 0}, "steps[0].solution[1].train must be a whole number"),
    (("steps", 0, "solution", 2), {"do": "danced"}, "steps[0].solution[2].do: unknown action 'danced'"),
    (("steps", 0, "solution", 2), {"do": "diverged"}, "is recorded from training"),
    (("steps", 0, "solution", 2), {"run": 1}, "steps[0].solution[2] must be"),
])
def test_invalid_fields_are_named(path, value, message):
    with pytest.raises(LessonError) as info:
        lesson_from_dict(_with(path, value))
    assert message in str(info.value)


def test_load_names_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(LessonError, match=r"bad.json: line 1, column 2: not valid JSON"):
        load_lesson(bad)
    with pytest.raises(LessonError, match="missing.json: file not found"):
        load_lesson(tmp_path / "missing.json")
    good = tmp_path / "03-mine.json"
    good.write_text(json.dumps(BASE))
    assert load_lesson(good).name == "03-mine"


def test_shipped_lessons_follow_the_chapter_and_use_known_controls():
    lessons = [load_lesson(p) for p in shipped_lessons()]
    assert len(lessons) >= 10
    assert [lesson.title.split(".")[0] for lesson in lessons] == [str(k) for k in range(1, len(lessons) + 1)]
    for lesson in lessons:
        assert lesson.checkpoints, lesson.name
        assert all(step.solution or not step.checkpoints or k == 0 for k, step in enumerate(lesson.steps))
        assert all(name in CONTROLS for step in lesson.steps for name in step.show + step.hide)


def test_docs_list_every_name_control_and_action():
    from pathlib import Path

    from playground.lessons import ACTIONS, VARIABLES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "lessons.md").read_text()
    for name in [*VARIABLES, *CONTROLS, *ACTIONS]:
        assert f"`{name}`" in docs, f"docs/lessons.md does not mention `{name}`"


def test_save_lesson_round_trips_and_keeps_a_csv_path_pointing_at_the_same_file(tmp_path):
    from playground.assets import resource_path
    from playground.lessons import save_lesson

    doc = copy.deepcopy(BASE)
    doc["experiment"]["data"] = {"source": "csv", "path": "../datasets/iris.csv", "target": "species"}
    lesson = lesson_from_dict(doc, name="iris", base_dir=resource_path("lessons"))
    out = tmp_path / "sub" / "iris.json"
    out.parent.mkdir()
    save_lesson(lesson, out)
    again = load_lesson(out)
    assert (out.parent / again.experiment.data.path).resolve() == resource_path("datasets", "iris.csv").resolve()
    assert [c.check for c in again.checkpoints] == [c.check for c in lesson.checkpoints]
    assert lesson_to_dict(again)["steps"] == lesson_to_dict(lesson)["steps"]
