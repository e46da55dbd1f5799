"""Experiment files: versioned JSON, migrations from old versions, atomic saves."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Callable

from playground.data.errors import quoted, short_path
from playground.safe_io import FileProblem, atomic_write_text, os_reason, read_capped
from playground.experiment.errors import ExperimentError
from playground.experiment.experiment import Experiment
from playground.experiment.serialize import CURRENT_VERSION, FORMAT, experiment_from_dict, experiment_to_dict



def _v1_to_v2(doc: dict) -> dict:
    """Version 2 stores Adam's betas and epsilon and defaults momentum to the engine's 0.9.

    In version 1 a missing ``training.momentum`` meant 0.0, so it is written
    out: an old file trains exactly as before. The new fields take their
    defaults, which are the values the engine used for version-1 files.
    """
    training = doc.get("training", {})
    if isinstance(training, dict) and "momentum" not in training:
        doc["training"] = {**training, "momentum": 0.0}
    return doc


#: version -> function upgrading a document of that version to ``version + 1``.
#: Every old version must keep loading: tests/experiment/fixtures/experiment_v<N>.json
#: holds one file per version.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}

#: Deepest nesting of arrays and objects accepted (a file needs 5: state.weights[l][row]).
MAX_NESTING = 32
#: A JSON string (skipped whole, escapes included) or a bracket.
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')

#: Every byte but brackets and quotes, and an innermost pair of brackets (for _shallow).
_NOT_STRUCTURAL = bytes(b for b in range(256) if b not in b'[]{}"')
_EMPTY_PAIR = re.compile(rb"\[\]|\{\}")

#: Experiment files larger than this are refused before parsing (a trained network of
#: 4096 x 4096 weights is about 350 MB of JSON; parsing needs several times the file's size).
MAX_FILE_BYTES = 400 * 2**20


def upgrade(doc) -> dict:
    """Check the format and version of a document and bring it to the current version.

    Raises
    ------
    ExperimentError
        Not an experiment, no version, or a version newer than this program reads.
    """
    if not isinstance(doc, dict):
        raise ExperimentError("not an experiment file: the top level must be an object {...}")
    if doc.get("format") != FORMAT:
        raise ExperimentError(f"not an experiment file: format must be {FORMAT!r}, got {quoted(doc.get('format'))}")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ExperimentError(f"version must be a positive integer, got {quoted(version)}")
    if version > CURRENT_VERSION:
        raise ExperimentError(f"this file has version {quoted(version)}, newer than this program reads "
                              f"(up to version {CURRENT_VERSION}); update Backprop Playground to open it")
    while version < CURRENT_VERSION:
        doc = MIGRATIONS[version](dict(doc))
        version += 1
        doc["version"] = version
    return doc


def experiment_from_json(text: str, base_dir=None) -> Experiment:
    """Parse the text of an experiment file (any supported version).

    Raises
    ------
    ExperimentError
        Not JSON, nested more than MAX_NESTING deep, a number with too many digits (each with its
        line and column), a key repeated in an object, or an invalid field.
    """
    deep = _too_deep(text)
    if deep is not None:
        raise ExperimentError(deep)
    try:
        doc = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise ExperimentError(f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from None
    except ExperimentError:  # from _unique_keys
        raise
    except ValueError:
        # Python refuses integers of more than 4,300 digits (sys.get_int_max_str_digits).
        raise ExperimentError(_too_long_number(text)) from None
    if re.search(r"\\u[dD][89a-fA-F]", text):  # a surrogate escape: rare, so checked only then
        _check_surrogates(text, doc)
    return experiment_from_dict(upgrade(doc), base_dir=base_dir)


def _unique_keys(pairs: list) -> dict:
    """An object's dict, refusing a key given twice (json would keep the last one silently)."""
    doc = dict(pairs)
    if len(doc) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise ExperimentError(f"the field {quoted(key)} appears twice in one object")
            seen.add(key)
    return doc


def _check_surrogates(text: str, doc) -> None:
    """Refuse strings with a lone UTF-16 surrogate (``"\\ud800"``): valid JSON escapes, but not
    text that can be printed or saved as UTF-8 (a class name would break ``predict``'s output)."""
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # A well-formed pair matches first and is skipped; group 1 is a lone half.
        escapes = re.finditer(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
                              r"|(\\u[dD][89a-fA-F][0-9a-fA-F]{2})", text)
        lone = next((m for m in escapes if m.group(1) is not None), None)
        where = f"{_position(text, lone.start(1))}: " if lone is not None else ""
        raise ExperimentError(f"{where}a lone UTF-16 surrogate escape ({lone.group(1) if lone else 'in a string'}) "
                              "is not valid text") from None


def _position(text: str, index: int) -> str:
    """``line L, column C`` (1-based) of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    line_start = text.rfind("\n", 0, index) + 1
    return f"line {line}, column {index - line_start + 1}"


def _too_deep(text: str, depth: int = MAX_NESTING) -> str | None:
    """Where the brackets of ``text`` first nest deeper than ``depth`` (strings skipped), or None.

    Checked before parsing: json would raise RecursionError near 1,000 levels, and
    field checks would quote a value nested hundreds deep. A fast pass of byte
    operations clears ordinary files (about 0.3 s for 80 MB of weights, a sixth of
    json's own parse); only a suspicious file gets the exact scan for the position.
    """
    if _shallow(text, depth):
        return None
    level = 0
    for m in _BRACKETS.finditer(text):
        token = m.group()
        if token in "[{":
            level += 1
            if level > depth:
                return f"{_position(text, m.start())}: arrays or objects nested more than {depth} deep"
        elif token in "]}":
            level -= 1
    return None  # unbalanced brackets, not deep ones: json.loads reports the syntax error


def _shallow(text: str, depth: int) -> bool:
    """True when ``text`` surely nests at most ``depth`` deep (False: look closer)."""
    data = text.encode("utf-8", "surrogatepass")
    # Escaped backslashes and quotes first, so every remaining quote delimits a string.
    data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    data = data.translate(None, _NOT_STRUCTURAL)
    data = re.sub(rb'"[^"]*"', b"", data)
    for _ in range(depth):  # each pass removes the innermost level
        data, removed = _EMPTY_PAIR.subn(b"", data)
        if not data or not removed:
            break
    return not data


def _too_long_number(text: str) -> str:
    """Where the first number of over 4,300 digits is, as a message."""
    m = re.search(r"\d{4301,}", text)
    where = f"{_position(text, m.start())}: " if m else ""
    return f"{where}a number with more than 4,300 digits"


def load_experiment(path: str | Path) -> Experiment:
    """Read an experiment file.

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read (devices, FIFOs and
    folders are refused before they are opened for reading).

    Raises
    ------
    ExperimentError
        With the path in the message: missing file, not JSON, invalid or unknown fields,
        a newer version.
    """
    path = Path(path)
    try:
        try:
            raw = read_capped(path, MAX_FILE_BYTES, "an experiment file")
        except FileProblem as exc:
            raise ExperimentError(str(exc)) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExperimentError("not a text file (cannot decode it as UTF-8)") from None
        del raw
        return experiment_from_json(text, base_dir=path.parent)
    except ExperimentError as exc:
        raise ExperimentError(f"{short_path(path)}: {exc}") from None


def experiment_to_json(experiment: Experiment) -> str:
    """The file text: indented, but every array of numbers on one line.

    Always RFC 8259 JSON: non-finite loss-curve points are written as ``null``, and a
    state with non-finite parameters is refused (see ``serialize.state_to_dict``).
    """
    doc = experiment_to_dict(experiment)
    import uuid  # here: only saving needs it, and the app's start-up does not save

    token = uuid.uuid4().hex
    arrays: list[str] = []

    def flat(value) -> bool:
        """Scalars, and lists or objects made of flat values (arrays, a layer's fields)."""
        if isinstance(value, list):
            return all(flat(v) for v in value)
        if isinstance(value, dict):
            return all(not isinstance(v, (list, dict)) for v in value.values())
        return True

    def compact(value, top=False):
        """``value`` with every flat list replaced by a placeholder string."""
        # Flat lists (arrays, the list of hidden layers) become placeholders filled in after dumping.
        if not top and (isinstance(value, list) and flat(value)):
            arrays.append(json.dumps(value, ensure_ascii=False, allow_nan=False))
            return f"{token}{len(arrays) - 1}"
        if isinstance(value, dict):
            return {k: compact(v) for k, v in value.items()}
        if isinstance(value, list):
            return [compact(v) for v in value]
        return value

    text = json.dumps(compact(doc, top=True), indent=2, ensure_ascii=False, allow_nan=False)
    for i in range(len(arrays) - 1, -1, -1):
        text = text.replace(f'"{token}{i}"', arrays[i])
    return text + "\n"


def rebase_csv_path(experiment: Experiment, from_dir, to_dir) -> Experiment:
    """Keep a relative CSV path pointing at the same file when the experiment moves folders."""
    from dataclasses import replace

    data = experiment.data
    if data.source != "csv" or Path(data.path).is_absolute() or from_dir is None:
        return experiment
    target = (Path(from_dir) / data.path).resolve()
    try:
        new = os.path.relpath(target, Path(to_dir).resolve())
    except ValueError:  # different drives on Windows
        new = str(target)
    return replace(experiment, data=replace(data, path=Path(new).as_posix()))


def save_experiment(experiment: Experiment, path: str | Path, source_dir=None) -> None:
    """Write an experiment file atomically.

    The text goes to a temporary file ``.NAME.XXXXXXXX.tmp`` in the same folder,
    is fsynced, then renamed over ``path``: a crash mid-save leaves the previous file
    intact. A symbolic link is written through (the file it points at is replaced);
    a device, FIFO or folder is refused; an existing file keeps its permissions. See
    :mod:`playground.safe_io`.

    Parameters
    ----------
    experiment : Experiment
    path : str or Path
    source_dir : str or Path, optional
        Folder the experiment's relative CSV path is relative to now (where it
        was loaded from); the path is rewritten relative to the new file.

    Raises
    ------
    ExperimentError
        If the file cannot be written (the message names it and the reason), or the
        state holds NaN or inf parameters.
    """
    path = Path(path)
    try:
        try:
            experiment = rebase_csv_path(experiment, source_dir, path.parent if str(path.parent) else ".")
        except (OSError, ValueError) as exc:  # a NUL or an over-long name in the paths
            raise ExperimentError(os_reason(exc)) from None
        try:
            text = experiment_to_json(experiment)
        except ValueError as exc:
            if isinstance(exc, ExperimentError):
                raise
            # json's allow_nan=False: the last guard; state_to_dict refuses such states first.
            raise ExperimentError("a value is NaN or inf, which JSON cannot hold") from None
        try:
            atomic_write_text(path, text)
        except FileProblem as exc:
            raise ExperimentError(str(exc).removeprefix("cannot save: ")) from None
    except ExperimentError as exc:
        raise ExperimentError(f"{short_path(path)}: cannot save: {exc}") from None


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically, as :func:`save_experiment` does (lesson files use it).

    Raises
    ------
    ExperimentError
        If the file cannot be written (the message names it and the reason).
    """
    try:
        atomic_write_text(Path(path), text)
    except FileProblem as exc:
        raise ExperimentError(f"{short_path(path)}: cannot save: {str(exc).removeprefix('cannot save: ')}") from None
