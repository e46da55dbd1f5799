"""playground.explain builds on the engine alone, and the shared notation (docs/architecture.md)."""

from __future__ import annotations

from ..test_boundaries import _modules_after_import


def test_explain_imports_only_the_engine_of_ours():
    loaded = _modules_after_import("import playground.explain")
    ours = {m.split(".")[1] for m in loaded if m.startswith("playground.") and m.count(".") >= 1}
    # playground.notation: how equations are written, standard library only, shared with the window.
    assert ours == {"engine", "explain", "notation"}, sorted(ours)
