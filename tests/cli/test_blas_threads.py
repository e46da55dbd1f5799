"""The ``playground`` command limits BLAS threads before anything loads NumPy.

NumPy's BLAS reads ``OPENBLAS_NUM_THREADS`` (and its kin) once, when NumPy is
first imported; set later, the variables change nothing and the app's NumPy
keeps a thread per CPU (``playground.training.blas``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from playground.training.blas import BLAS_ENV

# Records the BLAS variables at the moment NumPy starts loading, then runs the CLI's entry point.
PROBE = """
import json, os, sys

class Probe:
    seen = None
    def find_spec(self, name, path=None, target=None):
        if name == "numpy" and Probe.seen is None:
            Probe.seen = {k: os.environ.get(k) for k in BLAS}
        return None

BLAS = BLAS_NAMES
sys.meta_path.insert(0, Probe())
from playground import cli
status = cli.main(ARGV)
print(json.dumps({"status": status, "numpy_loaded": "numpy" in sys.modules, "seen": Probe.seen}))
"""


def _run(argv: list[str], env_extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in BLAS_ENV}
    env.update(env_extra or {})
    code = f"BLAS_NAMES = {BLAS_ENV!r}\nARGV = {argv!r}\n" + PROBE
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_numpy_loads_with_one_blas_thread(tmp_path):
    # A missing file: the command loads NumPy (and the app's layers) on its way to the error.
    result = _run(["train", str(tmp_path / "missing.json")])
    assert result["status"] == 2
    assert result["numpy_loaded"], "the command is expected to load NumPy; else this test tests nothing"
    assert result["seen"] == {name: "1" for name in BLAS_ENV}


def test_the_app_path_loads_numpy_after_the_limit():
    # What the GUI loads before its window: the parser, then ui/app.py (which imports the Qt-free layers).
    code = f"BLAS_NAMES = {BLAS_ENV!r}\nARGV = ['--version']\n" + PROBE + "import playground.ui.app\nprint(Probe.seen)\n"
    env = {k: v for k, v in os.environ.items() if k not in BLAS_ENV}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == repr({name: "1" for name in BLAS_ENV})


def test_a_users_own_choice_is_kept(tmp_path):
    result = _run(["train", str(tmp_path / "missing.json")], {"OPENBLAS_NUM_THREADS": "3"})
    assert result["seen"]["OPENBLAS_NUM_THREADS"] == "3"
    assert result["seen"]["OMP_NUM_THREADS"] == "1"
