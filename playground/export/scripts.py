"""Write a generated script to disk: :func:`write_script`."""

from __future__ import annotations

from pathlib import Path

from playground.export.model import ExportModel
from playground.export.numpy_script import numpy_script
from playground.export.pytorch_script import pytorch_script
from playground.export.tables import write_data_csv

#: Rows up to which a script embeds its data; larger data goes to a CSV file next to the script.
EMBED_LIMIT = 20_000

#: ``--to`` name -> function writing that script's text.
SCRIPT_KINDS = {"pytorch": pytorch_script, "numpy": numpy_script}


def write_script(path: str | Path, kind: str, model: ExportModel) -> list[Path]:
    """Write the ``kind`` script (``pytorch`` or ``numpy``) for ``model`` to ``path``.

    Data of up to :data:`EMBED_LIMIT` rows is embedded in the
    script; larger data is written next to it as ``<stem>_data.csv`` (the data CSV
    format), which the script reads.

    Returns
    -------
    list of Path
        The files written: the script, then the data file if there is one.

    Raises
    ------
    OSError
        When a file cannot be written.
    """
    path = Path(path)
    written = [path]
    data_file = None
    if model.n_rows > EMBED_LIMIT:
        data_file = path.with_name(f"{path.stem}_data.csv")
        write_data_csv(data_file, model)
        written.append(data_file)
    text = SCRIPT_KINDS[kind](model, data_file=None if data_file is None else data_file.name, script=path.name)
    path.write_text(text, encoding="utf-8")
    return written
