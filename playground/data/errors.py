"""The one exception type of the data layer.

Every problem with a dataset (a generator's parameters, a CSV file, inline
points) raises :class:`DataError` or its subclass :class:`CSVError`, with a
message that names the file, the line and the column when they are known. Callers
(the app, the CLI) show ``str(error)`` as is: it is written for the user.
"""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A dataset cannot be built or read.

    Parameters
    ----------
    message : str
        What is wrong, for the user (``"non-numeric value 'abc'"``).
    path : str or Path, optional
        The file concerned.
    line : int, optional
        1-based line number in the file.
    column : int or str, optional
        1-based column number, or a column name.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | str | None = None,
    ) -> None:
        self.reason = message
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column
        where = []
        if self.path is not None:
            where.append(self.path)
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class CSVError(DataError):
    """A CSV file cannot be loaded; the message names the file, line and column."""
