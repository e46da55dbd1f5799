"""Draw mode on the boundary plot: strokes that add or erase points, one undo step each (adapter links it to the window)."""
