"""Reading a CSV file into raw feature columns and targets (NumPy only).

The loader reads the whole file once, sniffs the delimiter (comma, semicolon or
tab), strips a UTF-8 BOM, accepts ``\\n`` and ``\\r\\n``, detects a header, and
converts each column with one vectorized NumPy conversion, so the cost grows
linearly with the file (a 1,000,000-row file loads in a few seconds). Any
problem raises :class:`CSVError` naming the file, the line and the column; the
caller never sees a half-loaded table.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.data.errors import CSVError, quoted
from playground.safe_io import FileProblem, read_capped

MAX_ROWS = 1_000_000
#: Refuse to even read files this large: far beyond MAX_ROWS rows of a few numbers.
MAX_BYTES = 400 * 1024 * 1024
MAX_CLASSES = 10
#: Columns and cells (rows x columns) a file may have: each cell becomes a Python string
#: (~60 bytes) while loading, so the cells bound the memory (20 M cells: about 1.2 GB).
MAX_COLUMNS = 1000
MAX_CELLS = 20_000_000
#: Lines, blank ones included (those are skipped, but each costs a list entry).
MAX_LINES = 4 * MAX_ROWS
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True, eq=False)
class RawTable:
    """Every cell of a CSV file as text, with the file line of each row.

    Attributes
    ----------
    names : tuple of str
        Column names (from the header, or ``x1, x2, ...`` without one).
    columns : list of list of str
        ``columns[j][i]`` is the cell of row ``i`` in column ``j``, unstripped.
        Plain lists, because ``float()`` over a list beats NumPy's string arrays
        by a factor of ~5 on a million rows.
    lines : ndarray of int64, shape (n_rows,)
        1-based line number of each row in the file, for error messages.
    has_header : bool
    delimiter : str
    """

    names: tuple[str, ...]
    columns: list
    lines: np.ndarray
    has_header: bool
    delimiter: str


def _read_text(path: Path) -> str:
    """The file's text, or a CSVError saying why it cannot be read."""
    try:
        data = read_capped(path, MAX_BYTES, "a CSV file")
    except FileProblem as exc:
        raise CSVError(str(exc), path=path) from None
    if not data or data.isspace():  # isspace: no copy of a 400 MB buffer, unlike strip()
        raise CSVError("the file is empty", path=path)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise CSVError("binary content (a NUL byte), not a text CSV file", path=path, line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CSVError(f"cannot decode byte 0x{data[exc.start]:02x} as UTF-8; save the file as UTF-8",
                       path=path, line=line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter whose count is the same non-zero number on the first lines."""
    sample = lines[:20]
    best, best_count = None, 0
    for d in DELIMITERS:
        counts = {line.count(d) for line in sample}
        if len(counts) == 1 and (count := counts.pop()) > best_count:
            best, best_count = d, count
    if best is None:
        # Ragged sample: take the most frequent delimiter, and the ragged check names the line.
        totals = {d: sum(line.count(d) for line in sample) for d in DELIMITERS}
        best = max(totals, key=totals.get)
        # No delimiter anywhere: one column; read_table refuses it unless one column is enough.
    return best


def is_number(cell: str) -> bool:
    """Whether a cell reads as a float."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def looks_like_header(first: list[str], second: list[str] | None) -> bool:
    """The header rule: some column is a number in the second row but not in the first; a
    single row is a header when none of its cells is a number."""
    if second is None:
        return not any(is_number(c) for c in first)
    return any(not is_number(a) and is_number(b) for a, b in zip(first, second))


def read_table(path: str | Path, max_rows: int = MAX_ROWS, header: bool | None = None,
               min_rows: int = 2, min_columns: int = 2) -> RawTable:
    """Read a CSV file's cells.

    Parameters
    ----------
    path : str or Path
    max_rows : int
        Refuse files with more data rows than this, naming the limit.
    header : bool or None
        None detects a header: the first row is one when some column is a
        number in the second row but not in the first (or, for a single row,
        when no cell is a number).
    min_rows : int
        Fewest data rows accepted (2 to train and test; 1 for points to predict).
    min_columns : int
        Fewest columns (2: features and a target; 1 for 1-D points to predict).

    Raises
    ------
    CSVError
        Empty, binary, undecodable, ragged, header-only or one-row files, a
        directory, a missing file, too many rows, lines, columns or cells.
    """
    path = Path(path)
    text = _read_text(path)
    n_lines = text.count("\n") + 1
    if n_lines > MAX_LINES:
        raise CSVError(f"{n_lines:,} lines is more than the limit of {MAX_LINES:,} lines", path=path)
    all_lines = text.split("\n")
    # Blank lines (a trailing newline, spacing) are skipped but keep line numbering.
    keep = [i for i, line in enumerate(all_lines) if line.strip()]
    if not keep:
        # Only Unicode whitespace (e.g. U+001C, which bytes.strip keeps but str.strip drops).
        raise CSVError("the file is empty (only blank lines)", path=path)
    if len(keep) - 1 > max_rows:
        raise CSVError(f"{len(keep) - 1:,} rows is more than the limit of {max_rows:,} rows", path=path)
    lines = [all_lines[i] for i in keep]
    line_numbers = np.asarray(keep, dtype=np.int64) + 1
    delimiter = sniff_delimiter(lines)
    # An upper bound of the cells (a quoted delimiter counts too), known before anything is split.
    cells = text.count(delimiter) + len(lines)
    if cells > MAX_CELLS:
        raise CSVError(f"about {cells:,} cells is more than the limit of {MAX_CELLS:,} cells (rows x columns)",
                       path=path)
    if '"' in text:
        # Quoted cells may hold delimiters: let the csv module (C code, linear) split them.
        rows, starts = quoted_rows(lines, delimiter, line_numbers, path)
        # A quoted cell may span lines: number each record by the line it starts on.
        line_numbers = line_numbers[starts]
        counts = [len(r) for r in rows]
    else:
        rows = None
        counts = [line.count(delimiter) + 1 for line in lines]
    width = counts[0]
    if width > MAX_COLUMNS:
        raise CSVError(f"{width:,} columns is more than the limit of {MAX_COLUMNS:,} columns", path=path,
                       line=int(line_numbers[0]))
    if width < min_columns:
        raise CSVError("found only one column; expected comma, semicolon or tab separated values",
                       path=path, line=int(line_numbers[0]))
    counts_arr = np.asarray(counts)
    ragged = np.flatnonzero(counts_arr != width)
    if ragged.size:
        i = int(ragged[0])
        raise CSVError(f"has {counts[i]} cells but the first row has {width}", path=path,
                       line=int(line_numbers[i]))
    if rows is None:
        flat = delimiter.join(lines).split(delimiter)
        columns = [flat[j::width] for j in range(width)]
    else:
        columns = [list(col) for col in zip(*rows)]
    n = len(counts)
    if header is None:
        header = looks_like_header([col[0] for col in columns], [col[1] for col in columns] if n >= 2 else None)
    if header:
        names = tuple(col[0].strip() for col in columns)
        check_unique_names(names, path, int(line_numbers[0]))
        columns = [col[1:] for col in columns]
        line_numbers = line_numbers[1:]
        n -= 1
        if n == 0:
            raise CSVError("has a header but no data rows", path=path)
    else:
        names = tuple(f"x{j + 1}" for j in range(width))
    if n < min_rows:
        raise CSVError(f"has only {n} data row; need at least {min_rows} to train and test", path=path)
    if n > max_rows:
        raise CSVError(f"{n:,} rows is more than the limit of {max_rows:,} rows", path=path)
    return RawTable(names, columns, line_numbers, bool(header), delimiter)


def check_unique_names(names: tuple[str, ...], path: Path, line: int, hint: str = "") -> None:
    """Refuse a header that names two columns alike: a column chosen by name would be ambiguous.

    ``hint`` ends the message (the import dialog adds "(or untick the header)").
    """
    seen: dict[str, int] = {}
    for j, name in enumerate(names):
        if name in seen:
            raise CSVError(f"columns {seen[name] + 1} and {j + 1} are both named {quoted(name)}; "
                           f"column names must differ{hint}", path=path, line=line)
        seen[name] = j


def quoted_rows(lines: list[str], delimiter: str, line_numbers: np.ndarray, path: Path):
    """Records split by the csv module, and the index into ``lines`` where each starts."""
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    rows, starts, previous_end = [], [], 0
    try:
        for row in reader:
            rows.append(row)
            starts.append(previous_end)
            previous_end = reader.line_num
    except csv.Error as exc:
        line = int(line_numbers[min(previous_end, len(line_numbers) - 1)])
        raise CSVError(f"cannot split the row: {quoted(str(exc), 80)[1:-1]}", path=path, line=line) from None
    return rows, np.asarray(starts, dtype=np.int64)


def column_index(table: RawTable, column: str | int, path: str | Path, role: str) -> int:
    """The 0-based index of a column given by name or index (negative from the end)."""
    width = len(table.names)
    if isinstance(column, str):
        if column in table.names:
            return table.names.index(column)
        raise CSVError(f"no {role} column named {quoted(column)}; the columns are {name_list(table.names)}",
                       path=path)
    if not -width <= column < width:
        raise CSVError(f"{role} column index {quoted(column)} is out of range; the file has {width} columns", path=path)
    return column % width


def parse_numbers(table: RawTable, j: int, path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Column ``j`` as float64, and a mask of its invalid (empty, NaN, inf) cells.

    Raises
    ------
    CSVError
        At the first cell that is text rather than a number.
    """
    column = table.columns[j]
    values, text_at = cells_as_floats(column)
    if text_at is not None:
        raise CSVError(f"{quoted(column[text_at].strip())} is not a number", path=path,
                       line=int(table.lines[text_at]), column=column_label(table, j))
    return values, ~np.isfinite(values)


def cells_as_floats(column: list[str]) -> tuple[np.ndarray, int | None]:
    """The cells of one column as float64, empty cells as NaN.

    Returns
    -------
    values : ndarray, shape (n,)
        Valid up to the first text cell.
    text_at : int or None
        Index of the first cell that is text rather than a number (None: all numeric).
    """
    try:
        return np.fromiter(map(float, column), dtype=np.float64, count=len(column)), None
    except ValueError:
        pass
    # Rare path (empty cells or text): a Python loop that finds the culprit.
    values = np.empty(len(column))
    for i, cell in enumerate(column):
        try:
            values[i] = float(cell)
        except ValueError:
            if cell.strip():
                return values, i
            values[i] = np.nan
    return values, None


def column_label(table: RawTable, j: int) -> str:
    """How messages name column ``j``: its 1-based number, and its header name if any."""
    return f"{j + 1} ({quoted(table.names[j])})" if table.has_header else str(j + 1)


def name_list(names, limit: int = 8) -> str:
    """Column names for a message: the first ``limit``, each shortened."""
    shown = ", ".join(quoted(n, 24)[1:-1] for n in names[:limit])
    return shown + (f", … ({len(names)} columns)" if len(names) > limit else "")


def first_invalid(table: RawTable, invalid: np.ndarray, j: int, path: str | Path,
                  hint: str | None = "--drop-invalid-rows skips them") -> CSVError:
    """The error for the first invalid cell of column ``j`` (``invalid`` is its mask).

    ``hint`` follows the count of such rows (None: no hint, e.g. for ``predict``, which
    has no option to skip rows).
    """
    i = int(np.flatnonzero(invalid)[0])
    cell = table.columns[j][i].strip()
    what = "is empty" if cell == "" else f"holds {quoted(cell)}, not a finite number"
    n_bad = int(invalid.sum())
    more = f" ({n_bad} such rows{'; ' + hint if hint else ''})" if n_bad else ""
    return CSVError(f"the cell {what}{more}", path=path, line=int(table.lines[i]), column=column_label(table, j))


def file_stamp(path: Path) -> tuple:
    """What changes when the file does (path, inode, size, times), for caching."""
    st = os.stat(path)
    return (str(path.resolve()), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
