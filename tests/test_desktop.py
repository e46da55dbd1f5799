"""`packaging/desktop.py` installs the desktop entry per user (XDG) and removes it cleanly.

Runs the installer as the Makefile does, in a subprocess with
``XDG_DATA_HOME`` pointing at a temporary folder. Validates the files with
desktop-file-validate and appstreamcli where they are installed; the checks
written here run everywhere.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
from desktop import APP_ID  # noqa: E402
from icons import PNG_SIZES  # noqa: E402


def _desktop(command: str, data_home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, str(ROOT / "packaging" / "desktop.py"), command, *args],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_install_then_uninstall_leaves_only_what_was_there(tmp_path):
    data_home = tmp_path / "share"
    # Another app's launcher in the same folder must survive the uninstall.
    other = data_home / "applications" / "other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    program = tmp_path / "bin dir" / "playground"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)

    _desktop("install", data_home, "--exec", str(program))

    entry_path = data_home / "applications" / f"{APP_ID}.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(entry_path, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Exec"] == f'"{program}" %f'  # quoted: the path has a space
    assert section["Icon"] == APP_ID and section["Type"] == "Application"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry_path)], capture_output=True, text=True)
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout

    metainfo = data_home / "metainfo" / f"{APP_ID}.metainfo.xml"
    component = ET.parse(metainfo).getroot()
    assert component.findtext("id") == APP_ID
    assert component.find("launchable").text == f"{APP_ID}.desktop"
    if shutil.which("appstreamcli"):
        check = subprocess.run(["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr

    icons = data_home / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == \
        (ROOT / "resources" / "icons" / "app.svg").read_bytes()
    for size in PNG_SIZES:
        assert _png_size(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)

    _desktop("uninstall", data_home)
    assert _files(data_home) == {"applications/other.desktop"}
    # Folders it created are gone too (icon caches, if a tool wrote one, aside).
    assert not (data_home / "metainfo").exists()
    assert not [p for p in (data_home / "icons").rglob("*") if p.is_dir() and p.name == "apps"]


def test_install_refuses_a_missing_program(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, str(ROOT / "packaging" / "desktop.py"), "install",
                          "--exec", str(tmp_path / "nowhere")], capture_output=True, text=True, env=env)
    assert out.returncode == 2
    assert "no such program" in out.stderr
    assert not _files(tmp_path)


@pytest.mark.parametrize(("path", "written"), [
    ("/opt/playground/playground", "/opt/playground/playground"),
    ("/home/a b/playground", '"/home/a b/playground"'),
    ('/x"y$z/playground', '"/x\\\\"y\\\\$z/playground"'),  # spec: \" inside quotes, then \ doubles
    ("/50%/playground", "/50%%/playground"),
])
def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_says(path, written):
    from desktop import exec_argument

    assert exec_argument(path) == written
