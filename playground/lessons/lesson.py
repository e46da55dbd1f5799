"""Lesson files: load and validate, field by field (like experiment files).

A lesson is one JSON file in ``resources/lessons/``; the format is documented
in ``docs/lessons.md``. Messages name the field (``steps[2].checkpoints[0].check:
unknown name 'tst_loss'``) and, from :func:`load_lesson`, the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from playground.lessons.checkpoints import Checkpoint, checkpoint_from_dict, checkpoint_to_dict
from playground.lessons.controls import CONTROLS
from playground.lessons.errors import LessonError
from playground.lessons.richtext import check_rich_text
from playground.lessons.solution import SolutionOp, dry_run, op_from_dict
from playground.experiment.errors import ExperimentError
from playground.experiment.experiment import Experiment
from playground.experiment.files import upgrade
from playground.experiment.serialize import FORMAT as EXPERIMENT_FORMAT
from playground.experiment.serialize import CURRENT_VERSION as EXPERIMENT_VERSION
from playground.experiment.serialize import experiment_from_dict, experiment_to_dict

LESSON_FORMAT = "backprop-playground/lesson"
LESSON_VERSION = 1
TOP_FIELDS = ("format", "version", "title", "summary", "experiment", "steps")
STEP_FIELDS = ("title", "text", "show", "hide", "checkpoints", "solution")


@dataclass(frozen=True)
class Step:
    """One page of a lesson.

    Attributes
    ----------
    title : str
    text : str
        Rich text, the safe HTML subset of :mod:`playground.lessons.richtext`.
    show, hide : tuple of str
        Control names (keys of ``controls.CONTROLS``) to bring forward / hide during this step.
    checkpoints : tuple of Checkpoint
        What this step asks for (may be empty for a reading step).
    solution : tuple of SolutionOp
        Operations that meet this step's checkpoints, after the earlier steps' solutions.
    images : tuple of str
        Image paths the text uses, relative to ``resources/``.
    """

    title: str
    text: str
    show: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    checkpoints: tuple[Checkpoint, ...] = ()
    solution: tuple[SolutionOp, ...] = ()
    images: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    """A validated lesson.

    Attributes
    ----------
    name : str
        The file's stem (``06-xor``): a stable key, e.g. for remembering progress.
    title, summary : str
    experiment : Experiment
        What the app loads when the lesson starts.
    steps : tuple of Step
    base_dir : Path or None
        Folder of the lesson file (a relative CSV path in the experiment is relative to it).
    """

    name: str
    title: str
    summary: str
    experiment: Experiment
    steps: tuple[Step, ...]
    base_dir: Path | None = None

    @property
    def checkpoints(self) -> tuple[Checkpoint, ...]:
        """Every step's checkpoints, in order."""
        return tuple(c for step in self.steps for c in step.checkpoints)


def _text(doc, name: str, field: str) -> str:
    value = doc.get(name)
    if not isinstance(value, str) or not value.strip():
        raise LessonError(f"{field} must be non-empty text")
    return value


def _controls(value, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LessonError(f"{field} must be a list of control names")
    for v in value:
        if v not in CONTROLS:
            raise LessonError(f"{field}: unknown control {v!r}; controls are {', '.join(CONTROLS)}")
    return tuple(value)


def _step(doc, field: str) -> Step:
    if not isinstance(doc, dict):
        raise LessonError(f"{field} must be an object with title and text")
    unknown = [k for k in doc if k not in STEP_FIELDS]
    if unknown:
        raise LessonError(f"unknown field {field}.{unknown[0]} (allowed: {', '.join(STEP_FIELDS)})")
    title = _text(doc, "title", f"{field}.title")
    images = check_rich_text(doc.get("text"), f"{field}.text")
    show, hide = _controls(doc.get("show"), f"{field}.show"), _controls(doc.get("hide"), f"{field}.hide")
    both = sorted(set(show) & set(hide))
    if both:
        raise LessonError(f"{field}: {both[0]!r} is both shown and hidden")
    for name in ("checkpoints", "solution"):
        if not isinstance(doc.get(name, []), list):
            raise LessonError(f"{field}.{name} must be a list")
    checkpoints = tuple(checkpoint_from_dict(c, f"{field}.checkpoints[{k}]")
                        for k, c in enumerate(doc.get("checkpoints", [])))
    solution = tuple(op_from_dict(op, f"{field}.solution[{k}]") for k, op in enumerate(doc.get("solution", [])))
    return Step(title, doc["text"], show, hide, checkpoints, solution, tuple(images))


def _experiment(doc, base_dir) -> Experiment:
    if not isinstance(doc, dict):
        raise LessonError("experiment must be an experiment object (the experiment file format)")
    doc = {"format": EXPERIMENT_FORMAT, "version": EXPERIMENT_VERSION, **doc}
    try:
        return experiment_from_dict(upgrade(doc), base_dir=base_dir)
    except ExperimentError as exc:
        raise LessonError(f"experiment: {exc}") from None


def lesson_from_dict(doc, name: str = "lesson", base_dir=None) -> Lesson:
    """Validate a lesson document (the parsed JSON).

    Parameters
    ----------
    doc : dict
    name : str
        The lesson's key (the file stem).
    base_dir : str or Path, optional
        The lesson file's folder.

    Raises
    ------
    LessonError
        Naming the first invalid field.
    """
    if not isinstance(doc, dict):
        raise LessonError("a lesson file must hold a JSON object {...}")
    if doc.get("format") != LESSON_FORMAT:
        raise LessonError(f"format must be {LESSON_FORMAT!r}, got {doc.get('format')!r}")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise LessonError(f"version must be a whole number >= 1, got {version!r}")
    if version > LESSON_VERSION:
        raise LessonError(f"this lesson has version {version}, newer than this program reads (up to version "
                          f"{LESSON_VERSION}); update Backprop Playground to open it")
    unknown = [k for k in doc if k not in TOP_FIELDS]
    if unknown:
        raise LessonError(f"unknown field {unknown[0]} (allowed: {', '.join(TOP_FIELDS)})")
    title = _text(doc, "title", "title")
    summary = _text(doc, "summary", "summary")
    base_dir = Path(base_dir) if base_dir is not None else None
    experiment = _experiment(doc.get("experiment"), base_dir)
    steps_doc = doc.get("steps")
    if not isinstance(steps_doc, list) or not steps_doc:
        raise LessonError("steps must be a non-empty list of steps")
    steps = tuple(_step(s, f"steps[{k}]") for k, s in enumerate(steps_doc))
    current = experiment
    for k, step in enumerate(steps):
        current = dry_run(step.solution, current, f"steps[{k}].solution", base_dir)
    return Lesson(name, title, summary, experiment, steps, base_dir)


def lesson_to_dict(lesson: Lesson) -> dict:
    """The JSON-ready document of a lesson (what teacher mode saves)."""
    experiment = experiment_to_dict(lesson.experiment)
    for key in ("format", "version"):
        experiment.pop(key, None)
    steps = []
    for step in lesson.steps:
        out: dict = {"title": step.title, "text": step.text}
        if step.show:
            out["show"] = list(step.show)
        if step.hide:
            out["hide"] = list(step.hide)
        if step.checkpoints:
            out["checkpoints"] = [checkpoint_to_dict(c) for c in step.checkpoints]
        if step.solution:
            out["solution"] = [op.to_dict() for op in step.solution]
        steps.append(out)
    return {"format": LESSON_FORMAT, "version": LESSON_VERSION, "title": lesson.title, "summary": lesson.summary,
            "experiment": experiment, "steps": steps}


def lesson_to_json(lesson: Lesson) -> str:
    """The file text of a lesson (indented, UTF-8, RFC 8259 JSON)."""
    return json.dumps(lesson_to_dict(lesson), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def save_lesson(lesson: Lesson, path) -> None:
    """Write a lesson file atomically (teacher mode's Save).

    A relative CSV path in the experiment is rewritten so it still points at
    the same file from the new folder.

    Raises
    ------
    ExperimentError
        If the file cannot be written (naming it and the reason).
    """
    from dataclasses import replace

    from playground.experiment.files import rebase_csv_path, write_text_atomic

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    experiment = rebase_csv_path(lesson.experiment, lesson.base_dir, folder)
    write_text_atomic(path, lesson_to_json(replace(lesson, experiment=experiment)))


def load_lesson(path) -> Lesson:
    """Read and validate a lesson file.

    Raises
    ------
    LessonError
        With the path in the message: missing file, not JSON, an invalid field.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise LessonError("is a directory, not a lesson file")
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise LessonError("file not found") from None
        except UnicodeDecodeError:
            raise LessonError("not a text file (cannot decode it as UTF-8)") from None
        except OSError as exc:
            raise LessonError(f"cannot read the file: {exc.strerror or exc}") from None
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LessonError(f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from None
        return lesson_from_dict(doc, name=path.stem, base_dir=path.parent)
    except LessonError as exc:
        raise LessonError(f"{path}: {exc}") from None


def shipped_lessons() -> list[Path]:
    """The lesson files shipped in ``resources/lessons/``, in chapter order (by file name)."""
    from playground.assets import list_resources

    return list_resources("lessons", ".json")
