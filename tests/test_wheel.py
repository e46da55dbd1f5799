"""The wheel, installed for real, runs the CLI and carries every resource.

Builds the wheel the way ``make bundle`` does (packaging/build_bundle.py: pip,
build isolation, from a clean copy of the checkout), installs it into a fresh
venv — not editable, no access to this checkout or this venv's packages — and
runs the installed ``playground`` from outside the checkout. The fresh venv is
made without pip; this venv's pip installs into it (``pip --python``) and
fetches the dependencies from the configured package index, which its cache
makes quick (~8 s here). Runs in ``make test``; about 15 s in all.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import playground

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
from build_bundle import build_wheel, venv_python  # noqa: E402

pytestmark = pytest.mark.slow

#: Phrases of the two build warnings the wheel once had (setuptools' wording).
BUILD_WARNINGS = ("is absent from the `packages` configuration", "`project.license` as a TOML table is deprecated")


def _script(env_dir: Path, name: str) -> Path:
    return env_dir / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv folder, environment) of a fresh venv holding only the wheel and its dependencies."""
    tmp = tmp_path_factory.mktemp("wheel")
    wheel, log = build_wheel(tmp / "dist", verbose=True)
    for warning in BUILD_WARNINGS:
        assert warning not in log, f"the build warns: {warning}"
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv_python(env_dir)), "install", "-q", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env_dir, env


def _run(installed, *args: str) -> subprocess.CompletedProcess:
    env_dir, env = installed
    # cwd outside the checkout, so `playground` cannot come from the source tree.
    return subprocess.run([str(_script(env_dir, "playground")), *args], capture_output=True, text=True,
                          env=env, cwd=env_dir, timeout=120)


def _installed_resources(installed) -> Path:
    env_dir, env = installed
    out = subprocess.run([str(venv_python(env_dir)), "-c",
                          "from playground.assets import resource_path; print(resource_path())"],
                         capture_output=True, text=True, env=env, cwd=env_dir, check=True)
    return Path(out.stdout.strip())


def test_version_from_the_installed_console_script(installed):
    out = _run(installed, "--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"playground {playground.__version__}"
    assert _script(installed[0], "playground-gui").is_file(), "the gui-scripts entry point is missing"


def test_resources_come_from_the_installed_package(installed):
    resources = _installed_resources(installed)
    assert resources.is_relative_to(installed[0]), f"resources found outside the venv: {resources}"
    folders = sorted(p.name for p in (ROOT / "resources").iterdir() if p.is_dir() and p.name != "__pycache__")
    assert {"datasets", "examples", "icons", "styles"} <= set(folders)
    for folder in folders:  # lessons, help... too, once they exist
        shipped = {p.relative_to(ROOT / "resources").as_posix() for p in (ROOT / "resources" / folder).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts}
        installed_files = {p.relative_to(resources).as_posix() for p in (resources / folder).rglob("*")
                           if p.is_file()}
        assert shipped <= installed_files, f"missing from the wheel: {sorted(shipped - installed_files)}"
    # Data folders, not import packages: the wheel adds no __init__.py to them.
    assert not list(resources.glob("*/__init__.py"))


def test_train_a_shipped_example(installed):
    example = _installed_resources(installed) / "examples" / "default.json"
    out = _run(installed, "train", str(example), "--epochs", "2")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["epochs"] == 2
    assert result["train_loss"] > 0


def test_lessons_check_when_the_subcommand_exists(installed):
    help_text = _run(installed, "--help").stdout
    # A subcommand is listed on its own indented line of the help.
    if not re.search(r"^\s+lessons\b", help_text, re.MULTILINE):
        pytest.skip("this version has no `playground lessons` subcommand yet")
    out = _run(installed, "lessons", "check")
    assert out.returncode == 0, f"{out.stdout}\n{out.stderr}"
