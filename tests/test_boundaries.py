"""The core layers (engine, data, experiment, explain, notation) and the headless CLI never import Qt.

Each check imports the module in a fresh interpreter, so modules already loaded
by other tests cannot hide an import.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")


def _modules_after_import(statement: str) -> set[str]:
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "statement",
    [
        "import playground.engine",
        "import playground.data",
        "import playground.experiment",
        "import playground.cli",
        "import playground.explain",
        "import playground.notation",
        "import playground.training.headless",  # what `playground train` runs
    ],
)
def test_core_layers_do_not_import_qt(statement):
    loaded = _modules_after_import(statement)
    offending = sorted(m for m in loaded if m.split(".")[0] in QT_MODULES)
    assert not offending, f"{statement!r} pulled in {offending[:5]}"


def test_the_check_itself_sees_qt_when_it_is_imported():
    """Guard against a check that cannot fail."""
    loaded = _modules_after_import("import PySide6.QtCore")
    assert "PySide6" in loaded
