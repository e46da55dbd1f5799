"""Datasets: generators, input features, CSV import (NumPy only, no Qt)."""
