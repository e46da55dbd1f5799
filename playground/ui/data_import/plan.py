"""What an import will do with a scanned CSV file: problem kind, dropped rows, errors (no Qt).

:func:`make_plan` turns the user's choices in the import dialog (target,
feature columns, column types, problem) into an :class:`ImportPlan`: the
classes or the regression, how many rows are dropped and why, the first
problem (a :class:`~playground.data.CSVError` with line and column, worded as
the loader words it), and the :class:`~playground.experiment.DataConfig` that OK
applies. Experiment files store no separator, header or dropped rows, so when
the choices differ from what the loader would do on its own, OK first writes a
cleaned copy of the file (:func:`write_clean_copy`) and the experiment uses that.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from playground.data.csv_table import MAX_CLASSES
from playground.data.errors import CSVError
from playground.ui.data_import.table_scan import SEPARATOR_NAMES, TableScan

#: Suffix of the cleaned copy written next to the original file.
COPY_SUFFIX = "-imported"


@dataclass(frozen=True)
class ImportChoices:
    """What the user picked in the dialog.

    Attributes
    ----------
    target : int
        Index of the target column.
    features : tuple of int
        Indices of the feature columns, in file order.
    types : tuple of {"number", "text"}
        Type of every column.
    problem : {"auto", "classification", "regression"}
    normalize : bool
    train_fraction : float
    """

    target: int
    features: tuple[int, ...]
    types: tuple[str, ...]
    problem: str = "auto"
    normalize: bool = True
    train_fraction: float = 0.7


@dataclass
class ImportPlan:
    """The outcome of an import, before anything changes.

    Attributes
    ----------
    kind : {"classification", "regression"} or None
        None when there is an error.
    class_names : tuple of str
    dropped : int
        Rows left out.
    drop_reasons : list of str
        Why, one line per column with invalid cells.
    error : CSVError or None
        The first problem; OK is refused while there is one.
    copy_reasons : list of str
        Why the experiment needs a cleaned copy of the file (empty: it reads the file itself).
    """

    kind: str | None = None
    class_names: tuple[str, ...] = ()
    dropped: int = 0
    drop_reasons: list = field(default_factory=list)
    error: CSVError | None = None
    copy_reasons: list = field(default_factory=list)

    @property
    def n_classes(self) -> int:
        return len(self.class_names) if self.kind == "classification" else 0


def _few_integers(values: np.ndarray) -> bool:
    """The loader's rule for numeric targets that are classes."""
    return bool(np.all(values == np.round(values))) and len(np.unique(values)) <= MAX_CLASSES


def make_plan(scan: TableScan, choices: ImportChoices, detected: tuple[str, bool]) -> ImportPlan:
    """Check the choices against the whole file.

    Parameters
    ----------
    scan : TableScan
    choices : ImportChoices
    detected : (separator, header)
        What the loader would detect on its own (from :func:`~.table_scan.sniff`).
    """
    plan = ImportPlan()
    path = scan.path
    t = choices.target
    try:
        if not choices.features:
            raise CSVError("choose at least one feature column", path=path)
        invalid = np.zeros(scan.n_rows, dtype=bool)
        for j in choices.features:
            col = scan.columns[j]
            if choices.types[j] != "number":
                raise CSVError(f"column {scan.column_label(j)} is text; a feature must be numbers "
                               "(untick it or set its type to number)", path=path)
            if col.text_at is not None:
                raise CSVError(f"{col.cells[col.text_at][:40]!r} is not a number", path=path,
                               line=int(scan.lines[col.text_at]), column=scan.column_label(j))
            bad = ~np.isfinite(col.values)
            _note_invalid(plan, scan, j, bad)
            invalid |= bad
        target = scan.columns[t]
        text_target = choices.types[t] == "text" or target.text_at is not None
        if choices.problem == "regression" and target.text_at is not None:
            raise CSVError(f"target {target.cells[target.text_at]!r} is text; regression needs numbers", path=path,
                           line=int(scan.lines[target.text_at]), column=scan.column_label(t))
        if text_target and choices.problem != "regression":
            bad = _empty(target.cells)
            _note_invalid(plan, scan, t, bad)
            invalid |= bad
            labels, index = target.uniques()
            present = np.unique(index[~invalid])
            names = tuple(str(labels[i]) for i in present)
            if target.text_at is None and not np.all(target.values[~invalid] == np.round(target.values[~invalid])):
                i = int(np.flatnonzero(~invalid & (target.values != np.round(target.values)))[0])
                raise CSVError(f"class label {target.cells[i]!r} is not an integer; choose regression, "
                               "or use text labels", path=path, line=int(scan.lines[i]), column=scan.column_label(t))
            plan.kind = "classification"
        else:
            bad = ~np.isfinite(target.values)
            _note_invalid(plan, scan, t, bad)
            invalid |= bad
            valid = target.values[~invalid]
            if choices.problem == "classification" or (choices.problem == "auto" and _few_integers(valid)):
                if not np.all(valid == np.round(valid)):
                    i = int(np.flatnonzero(~invalid & (target.values != np.round(target.values)))[0])
                    raise CSVError(f"class label {target.cells[i]!r} is not an integer; choose regression, "
                                   "or use text labels", path=path, line=int(scan.lines[i]),
                                   column=scan.column_label(t))
                names = tuple(str(int(u)) for u in np.unique(valid))
                plan.kind = "classification"
            else:
                names = ()
                plan.kind = "regression"
        plan.dropped = int(invalid.sum())
        if scan.n_rows - plan.dropped < 2:
            raise CSVError(f"only {scan.n_rows - plan.dropped} valid rows are left after dropping {plan.dropped}",
                           path=path)
        if plan.kind == "classification":
            if len(names) > MAX_CLASSES:
                raise CSVError(f"the target column {scan.names[t]!r} has {len(names)} classes; "
                               f"at most {MAX_CLASSES} are supported", path=path)
            if len(names) < 2:
                raise CSVError(f"the target column {scan.names[t]!r} holds a single class; "
                               "classification needs at least 2", path=path)
            plan.class_names = names
    except CSVError as exc:
        plan.kind, plan.class_names, plan.error = None, (), exc
        return plan
    separator, header = detected
    if scan.separator != separator:
        plan.copy_reasons.append(f"the {SEPARATOR_NAMES[scan.separator]} separator (the loader would take "
                                 f"{SEPARATOR_NAMES[separator]})")
    if scan.header != header:
        plan.copy_reasons.append("the first row " + ("as a header" if scan.header else "as data"))
    if plan.dropped:
        plan.copy_reasons.append(f"{plan.dropped:,} rows dropped")
    return plan


def _empty(cells: list) -> np.ndarray:
    """Mask ``(n,)`` of the empty cells."""
    return np.fromiter((c == "" for c in cells), dtype=bool, count=len(cells))


def _note_invalid(plan: ImportPlan, scan: TableScan, j: int, bad: np.ndarray) -> None:
    """Add a line to the drop reasons for column ``j``'s invalid cells."""
    n = int(bad.sum())
    if not n:
        return
    i = int(np.flatnonzero(bad)[0])
    what = "empty" if scan.columns[j].cells[i] == "" else "NaN or infinite"
    plan.drop_reasons.append(f"{n:,} row{'s' if n > 1 else ''} with an invalid cell in {scan.names[j]!r} "
                             f"(first: line {int(scan.lines[i])}, {what})")


def copy_path(path: Path) -> Path:
    """Where the cleaned copy of ``path`` is written."""
    return path.with_name(f"{path.stem}{COPY_SUFFIX}.csv")


def data_config(scan: TableScan, choices: ImportChoices, plan: ImportPlan, base=None):
    """The DataConfig OK applies (source "csv").

    Parameters
    ----------
    base : DataConfig, optional
        Keeps its seed.

    Returns
    -------
    DataConfig
        On the original file, or on :func:`copy_path` when ``plan.copy_reasons``.
    """
    from playground.experiment import DataConfig

    problem = choices.problem
    if problem == "auto" and plan.kind == "classification" and choices.types[choices.target] == "text" \
            and scan.columns[choices.target].text_at is None:
        problem = "classification"  # numbers the user typed as labels
    if plan.copy_reasons:
        # The copy holds the features, then the target, under their names.
        path, target, columns = copy_path(scan.path), scan.names[choices.target], None
    else:
        path = scan.path
        ref = (lambda j: scan.names[j]) if scan.header else (lambda j: j)
        target = ref(choices.target)
        everything_else = tuple(j for j in range(len(scan.names)) if j != choices.target)
        columns = None if tuple(choices.features) == everything_else else tuple(ref(j) for j in choices.features)
    return DataConfig(source="csv", path=str(Path(path).resolve()), target=target, columns=columns,
                      problem=problem, normalize=choices.normalize, train_fraction=choices.train_fraction,
                      seed=base.seed if base is not None else 1)


def write_clean_copy(scan: TableScan, choices: ImportChoices, dest: Path) -> int:
    """Write the chosen columns (features, then the target) of the valid rows as a plain CSV.

    Comma separated, with a header; the cells are the file's own text. Written to a
    temporary name and renamed, so a failure leaves no half file.

    Returns
    -------
    int
        Rows written.
    """
    used = [*choices.features, choices.target]
    invalid = np.zeros(scan.n_rows, dtype=bool)
    for j in choices.features:
        invalid |= ~np.isfinite(scan.columns[j].values)
    target = scan.columns[choices.target]
    if choices.types[choices.target] == "text" or target.text_at is not None:
        invalid |= _empty(target.cells)
    else:
        invalid |= ~np.isfinite(target.values)
    keep = np.flatnonzero(~invalid)
    tmp = dest.with_name(dest.name + ".part")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([scan.names[j] for j in used])
        cells = [scan.columns[j].cells for j in used]
        writer.writerows([col[i] for col in cells] for i in keep.tolist())
    tmp.replace(dest)
    return len(keep)
