"""The network canvas: design the network by drag and drop; show it live while it trains."""

from playground.ui.canvas.editor import NetworkEditor, standalone_editor

__all__ = ["NetworkEditor", "standalone_editor"]
