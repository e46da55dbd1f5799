"""One way to find the files in ``resources/``.

Works from a checkout (editable install), an installed wheel and a frozen
PyInstaller bundle, because all three expose the folder as the package
``playground.resources``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Return the path of a shipped resource file or folder.

    Parameters
    ----------
    *parts : str
        Path components below ``resources/``, e.g. ``("datasets", "iris.csv")``.

    Raises
    ------
    FileNotFoundError
        If no such resource is shipped.
    """
    root = Path(str(resources.files("playground.resources")))
    path = root.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource not found: {'/'.join(parts)}")
    return path


def list_resources(folder: str, suffix: str = "") -> list[Path]:
    """Sorted files directly inside ``resources/<folder>`` ending with ``suffix``."""
    return sorted(p for p in resource_path(folder).iterdir() if p.is_file() and p.name.endswith(suffix))
