"""Source text of the input features and of the shared data reader, for generated scripts.

A script cannot import the playground, so each feature of
``playground.data.features.FEATURES`` is written out here as an expression
of ``x1`` and ``x2``; ``{m}`` stands for the array module (``np`` or
``torch``). ``tests/export/test_recipes.py`` checks that every feature is
here and computes the same values as the playground's.
"""

from __future__ import annotations

#: feature name -> expression of the columns ``x1``, ``x2``; ``{m}`` is the array module.
FEATURE_EXPRESSIONS = {
    "x1": "x1",
    "x2": "x2",
    "x1^2": "x1 * x1",
    "x2^2": "x2 * x2",
    "x1*x2": "x1 * x2",
    "sin(x1)": "{m}.sin(x1)",
    "sin(x2)": "{m}.sin(x2)",
    "cos(x1)": "{m}.cos(x1)",
    "cos(x2)": "{m}.cos(x2)",
}


def feature_table(features, module: str) -> str:
    """``FEATURE_FUNCTIONS = {...}``: the used features as lambdas of ``(x1, x2)``."""
    if features is None:
        return "FEATURE_FUNCTIONS = {}  # the raw columns are the network's inputs"
    lines = [f"    {name!r}: lambda x1, x2: {FEATURE_EXPRESSIONS[name].format(m=module)}," for name in features]
    return "FEATURE_FUNCTIONS = {\n" + "\n".join(lines) + "\n}"


#: A function reading the data file written next to a script when the data is too large to embed.
#: Its format is the one of ``playground export --to data-csv`` (see :mod:`playground.export.tables`).
READ_DATA_CSV = '''
def read_data_csv(path):
    """Raw points and labels of each part from a data CSV (raw columns, label or target, split)."""
    import csv

    parts = {"train": ([], []), "test": ([], [])}
    with open(path, newline="", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        columns = [header.index(name) for name in RAW_NAMES]
        target, split = len(header) - 2, len(header) - 1
        for row in rows:
            points, labels = parts[row[split]]
            points.append([float(row[j]) for j in columns])
            labels.append(CLASS_NAMES.index(row[target]) if CLASS_NAMES else float(row[target]))
    return parts["train"] + parts["test"]
'''
