"""Python literals for generated scripts: exact floats, one matrix row per line.

``repr`` of a Python float is the shortest text that reads back as the same
double, so weights, statistics and data survive the trip into a script bit for bit.
"""

from __future__ import annotations

import numpy as np

LINE = 100  # characters per line of a wrapped list


def number(value) -> str:
    """A float or int as exact Python source (``float('inf')`` never occurs: data is finite)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    return repr(float(value))


def flat(values, indent: int) -> str:
    """``[v0, v1, ...]``, wrapped at :data:`LINE` characters with ``indent`` spaces."""
    items = [number(v) for v in values]
    lines, current = [], ""
    for item in items:
        piece = item if not current else f"{current}, {item}"
        if current and indent + len(piece) + 2 > LINE:
            lines.append(current + ",")
            current = item
        else:
            current = piece
    lines.append(current)
    if len(lines) == 1:
        return f"[{lines[0]}]"
    pad = " " * (indent + 1)
    return "[" + ("\n" + pad).join(lines) + "]"


def matrix(rows, indent: int) -> str:
    """A 2-D array as a list of lists, one row per line (wrapped when long)."""
    rows = np.asarray(rows)
    if rows.shape[0] == 0:
        return "[]"
    pad = " " * (indent + 1)
    inner = [flat(row, indent + 1) for row in rows]
    return "[" + (",\n" + pad).join(inner) + "]"


def matrices(arrays, indent: int) -> str:
    """A list of 1-D or 2-D arrays (per-layer weights or biases)."""
    pad = " " * (indent + 4)
    parts = [matrix(a, indent + 4) if np.ndim(a) == 2 else flat(a, indent + 4) for a in arrays]
    return "[\n" + pad + (",\n" + pad).join(parts) + ",\n" + " " * indent + "]"


def strings(values) -> str:
    """A list of strings (``repr`` quotes and escapes them)."""
    return "[" + ", ".join(repr(str(v)) for v in values) + "]"


def optional(array, indent: int) -> str:
    """A 1-D array as a list, or ``None``."""
    return "None" if array is None else flat(array, indent)
