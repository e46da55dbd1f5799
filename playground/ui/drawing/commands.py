"""One stroke of drawing as one undo step."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class StrokeCommand(QUndoCommand):
    """Go from one drawing state to another; undo goes back.

    Parameters
    ----------
    text : str
        What the Edit menu shows ("Draw 12 points", "Erase 3 points").
    before, after : DrawState
        Immutable, so the command can keep them as they are.
    show : callable ``(DrawState)``
        Makes a state the current one (the draw adapter: overlay and session).
    """

    def __init__(self, text: str, before, after, show) -> None:
        super().__init__(text)
        self.before, self.after = before, after
        self._show = show

    def redo(self) -> None:
        self._show(self.after)

    def undo(self) -> None:
        self._show(self.before)
