"""The NumPy backpropagation engine (no Qt). See README "Engine"."""
