"""Where the step-through is: the stops of one sample's walk, and the cursor over them (no Qt).

A *stop* is what one press of Next shows at the neuron pace: one neuron's
forward lines, the loss, one neuron's delta with its gradients, the update
rule, or one neuron's updated weights. Stops are grouped in the sections of
:meth:`playground.explain.Walkthrough.sections`; at the layer pace the cursor
spans a whole section, so Next jumps a layer.
"""

from __future__ import annotations

from dataclasses import dataclass

PACES = ("neuron", "layer")


@dataclass(frozen=True)
class Stop:
    """One stop of the walk.

    Attributes
    ----------
    kind : str
        ``forward``, ``loss``, ``backward`` or ``update``.
    layer : int
        Weight layer ``l``; -1 for the loss and the update rule.
    unit : int
        Neuron ``j`` of layer ``l``'s outputs; -1 for a stop without one.
    """

    kind: str
    layer: int
    unit: int

    @property
    def section(self) -> tuple[str, int]:
        return (self.kind, self.layer)


def stops(sections, sizes) -> list[Stop]:
    """Every stop, in order.

    Parameters
    ----------
    sections : list of (str, int)
        ``Walkthrough.sections()``.
    sizes : list of int
        ``[n_in, h1, ..., n_out]``: layer ``l`` has ``sizes[l + 1]`` neurons.
    """
    out = []
    for kind, layer in sections:
        if layer < 0:
            out.append(Stop(kind, layer, -1))
        else:
            out += [Stop(kind, layer, j) for j in range(sizes[layer + 1])]
    return out


class Cursor:
    """The span of stops shown: one stop (neuron pace) or one section (layer pace).

    Parameters
    ----------
    all_stops : list of Stop
    pace : {"neuron", "layer"}
    """

    def __init__(self, all_stops: list[Stop], pace: str = "neuron"):
        if not all_stops:
            raise ValueError("a walk needs at least one stop")
        self.stops = list(all_stops)
        self._section_of = []
        self._bounds: list[tuple[int, int]] = []
        for k, stop in enumerate(self.stops):
            if not self._bounds or self.stops[self._bounds[-1][0]].section != stop.section:
                self._bounds.append((k, k))
            self._bounds[-1] = (self._bounds[-1][0], k)
            self._section_of.append(len(self._bounds) - 1)
        self.pace = "neuron"
        self.lo = self.hi = 0
        self.set_pace(pace)

    # ------------------------------------------------------------ reading
    @property
    def span(self) -> list[Stop]:
        """The stops shown now, in order."""
        return self.stops[self.lo:self.hi + 1]

    @property
    def at_start(self) -> bool:
        return self.lo == 0

    @property
    def at_end(self) -> bool:
        return self.hi == len(self.stops) - 1

    def section_bounds(self, k: int) -> tuple[int, int]:
        """First and last stop index of the section holding stop ``k``."""
        return self._bounds[self._section_of[k]]

    def is_section_start(self, k: int) -> bool:
        return self.section_bounds(k)[0] == k

    # ------------------------------------------------------------ moving
    def set_pace(self, pace: str) -> None:
        """``neuron``: the span shrinks to its first stop; ``layer``: it grows to its section."""
        if pace not in PACES:
            raise ValueError(f"pace must be one of {PACES}, not {pace!r}")
        self.pace = pace
        self.go(self.lo)

    def go(self, k: int) -> None:
        """Show stop ``k`` (clamped), or its whole section at the layer pace."""
        k = min(max(int(k), 0), len(self.stops) - 1)
        self.lo, self.hi = self.section_bounds(k) if self.pace == "layer" else (k, k)

    def next(self) -> bool:
        """One neuron or one section on; False at the end (nothing moves)."""
        if self.at_end:
            return False
        self.go(self.hi + 1)
        return True

    def previous(self) -> bool:
        """One neuron or one section back; False at the start."""
        if self.at_start:
            return False
        self.go(self.lo - 1)
        return True

    def first(self) -> None:
        self.go(0)

    def last(self) -> None:
        self.go(len(self.stops) - 1)

    def find(self, kind: str, layer: int | None = None) -> int | None:
        """Index of the first stop of ``kind`` (and ``layer``), or None."""
        for k, stop in enumerate(self.stops):
            if stop.kind == kind and layer in (None, stop.layer):
                return k
        return None
