"""Install or remove the Linux desktop entry for the current user (XDG paths).

``make install-desktop`` / ``make uninstall-desktop`` run this. It installs,
below ``$XDG_DATA_HOME`` (default ``~/.local/share``)::

    applications/<APP_ID>.desktop          the launcher (Exec = the playground executable)
    metainfo/<APP_ID>.metainfo.xml         AppStream metadata (software centres)
    icons/hicolor/scalable/apps/<APP_ID>.svg
    icons/hicolor/<N>x<N>/apps/<APP_ID>.png    N = 16 .. 512, rendered from the SVG by Qt

and removes exactly those files again (and the folders it leaves empty).
Usage::

    python packaging/desktop.py install [--exec PATH]   # default: `playground` next to this Python
    python packaging/desktop.py uninstall
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

#: Reverse-DNS application id: the .desktop and metainfo file names, the icon
#: name, and the macOS bundle identifier (playground.spec).
APP_ID = "org.backpropplayground.BackpropPlayground"

HERE = Path(__file__).resolve().parent
LINUX = HERE / "linux"


def data_home() -> Path:
    """``$XDG_DATA_HOME`` or ``~/.local/share`` (the XDG base-directory default)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def installed_files(root: Path) -> list[Path]:
    """Every file :func:`install` writes below ``root`` (the one list uninstall also uses)."""
    from icons import PNG_SIZES

    files = [
        root / "applications" / f"{APP_ID}.desktop",
        root / "metainfo" / f"{APP_ID}.metainfo.xml",
        root / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    ]
    files += [root / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in PNG_SIZES]
    return files


def default_exec() -> Path:
    """The ``playground`` script of the environment this Python belongs to."""
    bin_dir = Path(sys.executable).parent
    found = bin_dir / ("playground.exe" if os.name == "nt" else "playground")
    return found if found.exists() else Path(shutil.which("playground") or "playground")


#: Characters that force an Exec argument into double quotes (Desktop Entry spec, "The Exec key").
_RESERVED = set(' \t\n"\'\\><~|&;$*?#()`')


def exec_argument(text: str) -> str:
    """``text`` as one argument of an Exec key: quoted and escaped as the Desktop Entry spec says."""
    if _RESERVED & set(text):
        text = '"' + "".join("\\" + c if c in '"`$\\' else c for c in text) + '"'
    # Then the rules of every string value: a backslash doubles; a literal % doubles too.
    return text.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(executable: Path) -> str:
    """The .desktop file's text with ``Exec`` starting ``executable`` (``%f``: a file opened with it)."""
    template = (LINUX / "app.desktop.in").read_text(encoding="utf-8")
    return template.replace("@EXEC@", exec_argument(str(executable))).replace("@APP_ID@", APP_ID)


def install(root: Path, executable: Path) -> list[Path]:
    """Write the desktop entry, metainfo and icons below ``root``; return the files written."""
    import icons

    desktop, metainfo, svg, *pngs = installed_files(root)
    for path in (desktop, metainfo, svg):
        path.parent.mkdir(parents=True, exist_ok=True)
    desktop.write_text(desktop_entry(executable), encoding="utf-8")
    metainfo.write_text((LINUX / "app.metainfo.xml").read_text(encoding="utf-8").replace("@APP_ID@", APP_ID),
                        encoding="utf-8")
    shutil.copyfile(icons.SVG, svg)
    for size, path in zip(icons.PNG_SIZES, pngs):
        icons.write_image(icons.render(size), path, "png")
    _refresh_caches(root)
    return [desktop, metainfo, svg, *pngs]


def uninstall(root: Path) -> list[Path]:
    """Remove what :func:`install` wrote below ``root`` and the folders left empty; return the removed files."""
    removed = []
    for path in installed_files(root):
        if path.exists():
            path.unlink()
            removed.append(path)
        parent = path.parent
        # Only the folders below root that we may have created, and only when empty.
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    _refresh_caches(root)
    return removed


def _refresh_caches(root: Path) -> None:
    """Update the desktop's caches of these folders, only where the user already has them.

    Menus and icon lookups rescan the folders without a cache; creating one
    here would leave a file behind after uninstall (and would go stale for
    other apps).
    """
    caches = [(root / "applications" / "mimeinfo.cache", ["update-desktop-database", "-q", root / "applications"]),
              (root / "icons" / "hicolor" / "icon-theme.cache",
               ["gtk-update-icon-cache", "-q", "-t", "-f", root / "icons" / "hicolor"])]
    for cache, cmd in caches:
        if cache.exists() and shutil.which(cmd[0]):
            subprocess.run([str(c) for c in cmd], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Install or remove the per-user desktop entry (Linux).")
    sub = parser.add_subparsers(dest="command", required=True)
    inst = sub.add_parser("install", help="install the launcher, metainfo and icons")
    inst.add_argument("--exec", dest="executable", type=Path, default=None,
                      help="the program the launcher starts (default: playground next to this Python); "
                      "e.g. dist/playground/playground for the bundle")
    sub.add_parser("uninstall", help="remove them again")
    args = parser.parse_args(argv)
    root = data_home()
    if args.command == "install":
        executable = (args.executable or default_exec()).resolve()
        if not executable.is_file():
            parser.error(f"{executable}: no such program (pass --exec PATH)")
        for path in install(root, executable):
            print(f"installed {path}")
        print(f"launcher runs {executable}")
    else:
        removed = uninstall(root)
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print(f"nothing to remove below {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
