"""Reading a CSV file for the import dialog: in chunks, with progress, cancellable (no Qt).

The loader (``playground.data.csv_table.read_table``) reads a whole file in one
call and decides the separator and the header itself. The dialog needs more:
a progress figure while a million rows load, a way to stop, and the separator
and header as the user overrides them. This module reads the file in chunks
and splits it with the *chosen* separator and header; the sniffing rules are
the loader's (tests/ui/data_import/test_table_scan.py checks they agree), and
problems are the loader's :class:`~playground.data.CSVError` with file, line
and column. Cell conversion reuses the loader's ``cells_as_floats``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from playground.data.csv_table import (
    MAX_BYTES, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, cells_as_floats, check_unique_names, is_number,
    looks_like_header, quoted_rows, sniff_delimiter,
)
from playground.data.errors import CSVError

#: Rows shown in the dialog's preview (and used to guess column types).
PREVIEW_ROWS = 50
CHUNK_BYTES = 1 << 22
#: Bytes decoded and split into lines per call (see _read).
SLICE_BYTES = 1 << 20
#: Rows split or converted per call: small enough to let the GUI thread run in between.
BLOCK = 1 << 16
#: Share of the progress bar for reading bytes; the rest is splitting and converting.
READ_SHARE = 0.4

SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


class Cancelled(Exception):
    """The user stopped the scan."""


@dataclass(frozen=True, eq=False)
class ColumnScan:
    """One column of the file.

    Attributes
    ----------
    name : str
    cells : list of str
        Every cell, stripped, one per data row.
    values : ndarray, shape (n,), float64
        The cells as numbers, empty cells NaN; valid only when ``text_at`` is None.
    text_at : int or None
        Row index of the first cell that is text (None: every cell is a number or empty).
    guessed : {"number", "text"}
        "number" when at least half the non-empty cells of the first PREVIEW_ROWS rows are numbers.
    """

    name: str
    cells: list
    values: np.ndarray
    text_at: int | None
    guessed: str
    _cache: dict = field(default_factory=dict, repr=False)

    def uniques(self) -> tuple[np.ndarray, np.ndarray]:
        """``(labels, index)`` of the cells as text classes (computed once)."""
        if "uniques" not in self._cache:
            self._cache["uniques"] = np.unique(np.asarray(self.cells, dtype=str), return_inverse=True)
        return self._cache["uniques"]


@dataclass(frozen=True, eq=False)
class TableScan:
    """A CSV file split with one separator and header choice.

    Attributes
    ----------
    path : Path
    separator : str
    header : bool
    names : tuple of str
    columns : list of ColumnScan
    lines : ndarray of int64, shape (n,)
        1-based file line of each data row.
    """

    path: Path
    separator: str
    header: bool
    names: tuple[str, ...]
    columns: list
    lines: np.ndarray

    @property
    def n_rows(self) -> int:
        return len(self.lines)

    def preview(self, rows: int = PREVIEW_ROWS) -> list[list[str]]:
        """The first ``rows`` data rows as lists of cells."""
        return [list(r) for r in zip(*(c.cells[:rows] for c in self.columns))]

    def column_label(self, j: int) -> str:
        """How messages name column ``j`` (as the loader does)."""
        return f"{j + 1} ({self.names[j]!r})" if self.header else str(j + 1)


def _head(path: Path, sample_bytes: int) -> list[tuple[int, str]]:
    """``(line number, text)`` of the non-blank lines at the start of the file."""
    try:
        with open(path, "rb") as f:
            data = f.read(sample_bytes)
    except OSError as exc:
        raise CSVError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    lines = [(i + 1, line) for i, line in enumerate(_decode(data, path, partial=True).split("\n")) if line.strip()]
    if len(data) == sample_bytes and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut sample may be incomplete
    if not lines:
        raise CSVError("the file is empty", path=path)
    return lines


def sniff(path: str | Path, sample_bytes: int = 1 << 16) -> tuple[str, bool]:
    """The separator and header the loader would detect, from the start of the file.

    Raises
    ------
    CSVError
        The file cannot be read or is not text.
    """
    lines = [line for _, line in _head(Path(path), sample_bytes)]
    sep = sniff_delimiter(lines)
    rows = list(csv.reader(io.StringIO("\n".join(lines[:2])), delimiter=sep))
    return sep, looks_like_header(rows[0], rows[1] if len(rows) > 1 else None)


def head_preview(path: str | Path, separator: str, header: bool, rows: int = PREVIEW_ROWS,
                 sample_bytes: int = 1 << 16) -> tuple[tuple[str, ...], list[list[str]], list[int]]:
    """The first rows at once, while the whole file is still being read.

    Returns
    -------
    names : tuple of str
    rows : list of list of str
        Cells, stripped; rows may be ragged (the scan reports that).
    lines : list of int
        File line of each row.

    Raises
    ------
    CSVError
    """
    head = _head(Path(path), sample_bytes)[: rows + 1]
    cells = [[c.strip() for c in r] for r in csv.reader(io.StringIO("\n".join(t for _, t in head)), delimiter=separator)]
    numbers = [n for n, _ in head]
    if header:
        return tuple(cells[0]), cells[1:], numbers[1:len(cells)]
    return tuple(f"x{j + 1}" for j in range(len(cells[0]))), cells[:rows], numbers[:min(rows, len(cells))]


def _decode(data: bytes, path: Path, partial: bool = False) -> str:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CSVError("binary content (a NUL byte), not a text CSV file", path=path,
                       line=data.count(b"\n", 0, nul) + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not (partial and exc.start >= len(data) - 3):  # a sample may cut a character in two
            raise CSVError(f"cannot decode byte 0x{data[exc.start]:02x} as UTF-8; save the file as UTF-8",
                           path=path, line=data.count(b"\n", 0, exc.start) + 1) from None
        text = data[:exc.start].decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read(path: Path, report, cancelled) -> list[str]:
    """The file's lines (``\n``, ``\r\n`` or ``\r`` ended, BOM stripped), read and decoded in slices."""
    if path.is_dir():
        raise CSVError("is a directory, not a CSV file", path=path)
    if not path.exists():
        raise CSVError("file not found", path=path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CSVError(f"file is {size / 2**20:.0f} MB; files over {MAX_BYTES // 2**20} MB "
                           f"(far more than the limit of {MAX_ROWS:,} rows) are refused", path=path)
        chunks, done = [], 0
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK_BYTES):
                if cancelled():
                    raise Cancelled
                chunks.append(chunk)
                done += len(chunk)
                report(READ_SHARE * done / max(size, 1), f"Reading {done / 2**20:.0f} of {size / 2**20:.0f} MB")
    except OSError as exc:
        raise CSVError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    data = b"".join(chunks)
    del chunks
    if not data.strip():
        raise CSVError("the file is empty", path=path)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CSVError("binary content (a NUL byte), not a text CSV file", path=path,
                       line=data.count(b"\n", 0, nul) + 1)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines: list[str] = []
    pos = 0
    while pos < len(data):
        # Slices end after a newline, so no character and no \r\n is cut; each decode and
        # split is a short C call (one call on the whole file would hold the GIL ~0.5 s).
        end = data.find(b"\n", pos + SLICE_BYTES)
        end = len(data) if end < 0 else end + 1
        piece = data[pos:end]
        try:
            text = piece.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CSVError(f"cannot decode byte 0x{piece[exc.start]:02x} as UTF-8; save the file as UTF-8",
                           path=path, line=len(lines) + piece.count(b"\n", 0, exc.start) + 1) from None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines.extend((text[:-1] if end < len(data) else text).split("\n"))
        pos = end
        if cancelled():
            raise Cancelled
    return lines


def scan(path: str | Path, separator: str | None = None, header: bool | None = None,
         progress: Callable[[float, str], None] | None = None,
         cancelled: Callable[[], bool] | None = None, max_rows: int = MAX_ROWS) -> TableScan:
    """Read and split a CSV file with a chosen (or detected) separator and header.

    Parameters
    ----------
    path : str or Path
    separator : {",", ";", "\\t"} or None
        None detects it as the loader does.
    header : bool or None
        None detects it as the loader does.
    progress : callable ``(fraction 0..1, text)``, optional
        Called from the scanning thread after every chunk and column.
    cancelled : callable ``() -> bool``, optional
        Polled between chunks and columns; True stops the scan with :class:`Cancelled`.

    Raises
    ------
    CSVError
        Unreadable, binary or empty file, ragged rows, too many rows: file, line and column named.
    Cancelled
    """
    path = Path(path)
    report = progress or (lambda fraction, text: None)
    cancelled = cancelled or (lambda: False)
    all_lines = _read(path, report, cancelled)
    keep = [i for i, line in enumerate(all_lines) if line.strip()]
    if not keep:
        raise CSVError("the file is empty (only blank lines)", path=path)
    if len(keep) - 1 > max_rows:
        raise CSVError(f"{len(keep) - 1:,} rows is more than the limit of {max_rows:,} rows", path=path)
    lines = [all_lines[i] for i in keep]
    del all_lines
    line_numbers = np.asarray(keep, dtype=np.int64) + 1
    sep = sniff_delimiter(lines) if separator is None else separator
    if cancelled():
        raise Cancelled
    report(READ_SHARE + 0.1, "Splitting rows")
    if any('"' in line for line in lines):
        rows, starts = quoted_rows(lines, sep, line_numbers, path)
        line_numbers = line_numbers[starts]
        counts = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    else:
        rows = None
        counts = np.fromiter((line.count(sep) + 1 for line in lines), dtype=np.int64, count=len(lines))
    width = int(counts[0])
    # The loader's limits, checked before the cells become strings (they bound the memory).
    if width > MAX_COLUMNS:
        raise CSVError(f"{width:,} columns is more than the limit of {MAX_COLUMNS:,} columns", path=path,
                       line=int(line_numbers[0]))
    if (cells := int(counts.sum())) > MAX_CELLS:
        raise CSVError(f"about {cells:,} cells is more than the limit of {MAX_CELLS:,} cells (rows x columns)",
                       path=path)
    if width < 2:
        raise CSVError(f"found only one column with the {SEPARATOR_NAMES.get(sep, repr(sep))} separator; "
                       "choose another separator", path=path, line=int(line_numbers[0]))
    ragged = np.flatnonzero(counts != width)
    if ragged.size:
        i = int(ragged[0])
        raise CSVError(f"has {counts[i]} cells but the first row has {width}", path=path, line=int(line_numbers[i]))
    if rows is None:
        raw_columns = [[] for _ in range(width)]
        for start in range(0, len(lines), BLOCK):
            # In blocks: one C call on a million rows would hold the GIL (and the window) for a second.
            flat = sep.join(lines[start:start + BLOCK]).split(sep)
            for j in range(width):
                raw_columns[j].extend(flat[j::width])
            if cancelled():
                raise Cancelled
        del flat
    else:
        raw_columns = [list(col) for col in zip(*rows)]
    del lines, rows
    if header is None:
        header = looks_like_header([c[0] for c in raw_columns], [c[1] for c in raw_columns] if len(counts) > 1 else None)
    if header:
        names = tuple(c[0].strip() for c in raw_columns)
        check_unique_names(names, path, int(line_numbers[0]), hint=" (or untick the header)")
        raw_columns = [c[1:] for c in raw_columns]
        line_numbers = line_numbers[1:]
        if not len(line_numbers):
            raise CSVError("has a header but no data rows", path=path)
    else:
        names = tuple(f"x{j + 1}" for j in range(width))
    if len(line_numbers) < 2:
        raise CSVError(f"has only {len(line_numbers)} data row; need at least 2 to train and test", path=path)
    columns = []
    for j, raw in enumerate(raw_columns):
        if cancelled():
            raise Cancelled
        report(READ_SHARE + 0.1 + (1 - READ_SHARE - 0.1) * j / width, f"Converting column {j + 1} of {width}")
        columns.append(_column(names[j], raw))
        raw_columns[j] = None  # free the unstripped copy as we go
    report(1.0, f"{len(line_numbers):,} rows")
    return TableScan(path, sep, bool(header), names, columns, line_numbers)


def _column(name: str, raw: list) -> ColumnScan:
    cells = [c.strip() for c in raw]
    head = [c for c in cells[:PREVIEW_ROWS] if c]
    # Mostly numbers is a number column: its few text cells are errors to show, not labels.
    guessed = "number" if head and 2 * sum(map(is_number, head)) >= len(head) else "text"
    # A column with a text cell can only be a class target: its numbers are never needed.
    values, text_at = np.empty(len(cells)), None
    for start in range(0, len(cells), BLOCK):  # in blocks, for the GIL (see scan)
        part, at = cells_as_floats(cells[start:start + BLOCK])
        values[start:start + len(part)] = part
        if at is not None:
            text_at = start + at
            break
    return ColumnScan(name, cells, values, text_at, guessed)


