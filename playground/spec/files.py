"""Experiment files: versioned JSON, migrations from old versions, atomic saves."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path
from typing import Callable

from playground.spec.errors import ExperimentError
from playground.spec.experiment import Experiment
from playground.spec.serialize import CURRENT_VERSION, FORMAT, experiment_from_dict, experiment_to_dict



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
#: Every old version must keep loading: tests/spec/fixtures/experiment_v<N>.json
#: holds one file per version.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


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
        raise ExperimentError(f"not an experiment file: format must be {FORMAT!r}, got {doc.get('format')!r}")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ExperimentError(f"version must be a positive integer, got {version!r}")
    if version > CURRENT_VERSION:
        raise ExperimentError(f"this file has version {version}, newer than this program reads "
                              f"(up to version {CURRENT_VERSION}); update Backprop Playground to open it")
    while version < CURRENT_VERSION:
        doc = MIGRATIONS[version](dict(doc))
        version += 1
        doc["version"] = version
    return doc


def experiment_from_json(text: str, base_dir=None) -> Experiment:
    """Parse the text of an experiment file (any supported version)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExperimentError(f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from None
    return experiment_from_dict(upgrade(doc), base_dir=base_dir)


def load_experiment(path: str | Path) -> Experiment:
    """Read an experiment file.

    Raises
    ------
    ExperimentError
        With the path in the message: missing file, not JSON, invalid or unknown fields,
        a newer version.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise ExperimentError("is a directory, not an experiment file")
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ExperimentError("file not found") from None
        except OSError as exc:
            raise ExperimentError(f"cannot read the file: {exc.strerror or exc}") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExperimentError("not a text file (cannot decode it as UTF-8)") from None
        return experiment_from_json(text, base_dir=path.parent)
    except ExperimentError as exc:
        raise ExperimentError(f"{path}: {exc}") from None


def experiment_to_json(experiment: Experiment) -> str:
    """The file text: indented, but every array of numbers on one line."""
    doc = experiment_to_dict(experiment)
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
            arrays.append(json.dumps(value, ensure_ascii=False))
            return f"{token}{len(arrays) - 1}"
        if isinstance(value, dict):
            return {k: compact(v) for k, v in value.items()}
        if isinstance(value, list):
            return [compact(v) for v in value]
        return value

    text = json.dumps(compact(doc, top=True), indent=2, ensure_ascii=False)
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

    The text goes to a temporary file in the same folder, is flushed and
    fsynced, then renamed over ``path``: a crash mid-save leaves the previous
    file intact.

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
        If the file cannot be written (the message names it and the reason).
    """
    path = Path(path)
    experiment = rebase_csv_path(experiment, source_dir, path.parent if str(path.parent) else ".")
    text = experiment_to_json(experiment)
    folder = path.parent if str(path.parent) else Path(".")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as exc:
        raise ExperimentError(f"{path}: cannot save: {exc.strerror or exc}") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
