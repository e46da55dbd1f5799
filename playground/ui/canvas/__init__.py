"""The network canvas: design the network by drag and drop; show it live while it trains."""

from playground.ui.canvas.editor import NetworkEditor

__all__ = ["NetworkEditor"]
