"""Plain dataclasses describing an experiment, and their JSON files. No Qt, no NumPy training."""

from playground.spec.network import LayerSpec, NetworkSpec

__all__ = ["LayerSpec", "NetworkSpec"]
