"""One way to find the files in ``resources/``.

Works from a checkout (editable install), an installed wheel and a frozen
PyInstaller bundle, because all three expose the folder as the package
``playground.resources``: its ``__init__`` sits in the folder (the bundle
collects the folder as data next to it), so the folder is the parent of the
package's ``__file__``. That is what ``importlib.resources.files`` returns for a
package on disk, without its readers: their first call cost ~4 ms of start-up.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import playground.resources


@lru_cache(maxsize=1)
def _root() -> Path:
    return Path(playground.resources.__file__).resolve().parent


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
    path = _root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource not found: {'/'.join(parts)}")
    return path


def list_resources(folder: str, suffix: str = "") -> list[Path]:
    """Sorted files directly inside ``resources/<folder>`` ending with ``suffix``."""
    return sorted(p for p in resource_path(folder).iterdir() if p.is_file() and p.name.endswith(suffix))
