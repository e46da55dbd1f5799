"""The README's engine example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_engine_example_runs(capsys):
    text = README.read_text(encoding="utf-8")
    section = text.split("<!-- section:engine -->")[1].split("<!-- /section:engine -->")[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert blocks, "the engine section has no python example"
    exec(compile(blocks[0], "README engine example", "exec"), {})
    out = capsys.readouterr().out
    assert "(2, 8) (200, 8)" in out
    accuracy = float(re.search(r"accuracy ([0-9.]+)", out).group(1))
    assert accuracy > 0.9
