"""The one exception type of the data layer.

Every problem with a dataset (a generator's parameters, a CSV file, inline
points) raises :class:`DataError` or its subclass :class:`CSVError`, with a
message that names the file, the line and the column when they are known. Callers
(the app, the CLI) show ``str(error)`` as is: it is written for the user.
"""

from __future__ import annotations

import reprlib
from pathlib import Path

#: Longest quoted value (a cell, a label, a field's value) in a message, in characters.
QUOTE_LIMIT = 40
#: Longest path in a message: the end (the file name) is kept.
PATH_LIMIT = 120


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict = 3, 6, 6, 4
_REPR.maxstring = _REPR.maxother = QUOTE_LIMIT


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters, with ``…`` marking the cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def quoted(value, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` for a message, at most about ``limit`` characters.

    Quoted values come from user files (a 50 MB cell, a 4,000-digit number): the
    message must stay one short line whatever they hold. Only the start of a long
    string or container is converted, so the cost is bounded too.
    """
    if isinstance(value, str):
        return repr(shorten(value, limit)) if len(value) > limit else repr(value)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * limit:
        return f"an integer of about {int(value.bit_length() * 0.30103):,} digits"
    try:
        text = _REPR.repr(value)  # reprlib: bounded depth and length, so bounded time
    except (ValueError, RecursionError):  # an int beyond Python's str conversion limit, deep nesting
        return f"a {type(value).__name__}"
    return shorten(text, limit)


def short_path(path) -> str:
    """A path for a message, at most :data:`PATH_LIMIT` characters (keeps its end)."""
    # Control characters (a NUL, a newline) are shown escaped: the message stays one printable line.
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path)[-4 * PATH_LIMIT:])
    return text if len(text) <= PATH_LIMIT else "…" + text[-(PATH_LIMIT - 1):]


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
            where.append(short_path(self.path))
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class CSVError(DataError):
    """A CSV file cannot be loaded; the message names the file, line and column."""
