"""pyqtgraph plots: loss curves, decision boundary, deltas."""
