"""What the installed project must contain."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import playground
from playground.assets import resource_path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "playground").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    missing = on_disk - listed
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_resources_are_found_through_the_package():
    assert resource_path().is_dir()
    assert (resource_path() / "__init__.py").is_file()


def test_version_and_help_from_the_console_entry_point():
    out = subprocess.run([sys.executable, "-m", "playground", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert playground.__version__ in out.stdout
    out = subprocess.run([sys.executable, "-m", "playground", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "subcommands" in out.stdout
