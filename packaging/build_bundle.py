"""Build the one-folder desktop bundle: ``dist/playground/`` and a tar.gz of it.

Steps (``make bundle`` runs this, then packaging/smoke_test.py):

1. build the project's wheel (pip, with build isolation);
2. create a fresh build venv under ``build/bundle-venv`` and install the wheel
   with its ``bundle`` extra (PyInstaller) into it, as a regular install;
3. render the platform icon (``.ico`` / ``.icns``) with Qt;
4. run PyInstaller on packaging/playground.spec in that venv;
5. pack ``dist/playground`` into ``dist/backprop-playground-<version>-<platform>.tar.gz``.

Prints the build time and the bundle's size; the last line is one JSON object
with both. Uses only the standard library, so any Python 3.10+ runs it; the
same command works on Linux, macOS and Windows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
BUILD = ROOT / "build"
DIST = ROOT / "dist"
BUNDLE_NAME = "playground"  # the folder and the executable


def venv_python(env_dir: Path) -> Path:
    """The interpreter of the venv at ``env_dir`` on this platform."""
    return env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def folder_size(path: Path) -> int:
    """Bytes in all files below ``path`` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def run(cmd: list, **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


#: Not part of the source: skipped when copying the checkout to build the wheel.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "__pycache__", "*.egg-info",
                                    ".pytest_cache", ".hypothesis", ".config-tmp", ".recovery-tmp")


def build_wheel(out_dir: Path, verbose: bool = False) -> tuple[Path, str]:
    """Build the project's wheel into ``out_dir``; return its path and pip's output.

    Builds from a fresh copy of the checkout, because setuptools reuses
    ``build/lib`` between builds and would ship files since deleted. Pip's
    build isolation installs the build requirement (setuptools) from the
    configured index.
    """
    shutil.rmtree(out_dir, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="playground-src-") as tmp:
        source = Path(tmp) / "src"
        shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out_dir), str(source)]
        cmd.append("-v" if verbose else "-q")
        print("+", " ".join(cmd), flush=True)
        done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pip wheel failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    (wheel,) = Path(out_dir).glob("backprop_playground-*.whl")
    return wheel, done.stdout + done.stderr


def make_build_venv(env_dir: Path, wheel: Path) -> Path:
    """A fresh venv with the wheel (not editable) and PyInstaller; returns its python."""
    shutil.rmtree(env_dir, ignore_errors=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = venv_python(env_dir)
    run([python, "-m", "pip", "install", "-q", f"{wheel}[bundle]"])
    return python


def platform_tag() -> str:
    """``linux-x86_64``, ``macos-arm64``, ``windows-amd64``..."""
    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-unused-qt", action="store_true",
                        help="do not exclude the Qt modules the app does not use (to measure their size)")
    parser.add_argument("--reuse-venv", action="store_true",
                        help="keep build/bundle-venv if it exists (faster rebuilds; reinstalls the wheel)")
    args = parser.parse_args(argv)

    started = time.monotonic()
    wheel, _ = build_wheel(BUILD / "wheel")
    env_dir = BUILD / "bundle-venv"
    if args.reuse_venv and venv_python(env_dir).exists():
        python = venv_python(env_dir)
        run([python, "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", wheel])
        run([python, "-m", "pip", "install", "-q", f"{wheel}[bundle]"])
    else:
        python = make_build_venv(env_dir, wheel)

    icons = BUILD / "icons"
    # Qt renders the icon; the build venv has PySide6 (a dependency of the wheel).
    run([python, HERE / "icons.py", icons], stdout=subprocess.DEVNULL)

    target = DIST / BUNDLE_NAME
    shutil.rmtree(target, ignore_errors=True)
    spec_args = ["--icons", icons] + (["--keep-unused-qt"] if args.keep_unused_qt else [])
    # Run from build/ so the checkout's own playground/ cannot shadow the installed one.
    run([python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", DIST, "--workpath", BUILD / "pyinstaller", HERE / "playground.spec", "--", *spec_args],
        cwd=BUILD)

    version = subprocess.run([python, "-c", "import playground; print(playground.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    archive = DIST / f"backprop-playground-{version}-{platform_tag()}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(target, arcname=BUNDLE_NAME)
    seconds = time.monotonic() - started

    size = folder_size(target)
    executable = target / (BUNDLE_NAME + (".exe" if os.name == "nt" else ""))
    print(f"bundle: {target} ({size / 1e6:.0f} MB), executable {executable}")
    print(f"archive: {archive} ({archive.stat().st_size / 1e6:.0f} MB)")
    print(f"build time: {seconds:.0f} s")
    print(json.dumps({"bundle_mb": round(size / 1e6, 1), "archive_mb": round(archive.stat().st_size / 1e6, 1),
                      "build_s": round(seconds, 1), "excludes": not args.keep_unused_qt}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
