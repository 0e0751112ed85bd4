"""The cell being explained: pointed at, pinned by a click or Enter, walked with the
arrow keys.  Its arithmetic (the engine's ``explain``) is recomputed with every trace."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..engine.explain import Cell

if TYPE_CHECKING:
    from .lab import LabModel

# The tutorial's first number, shown before the user points at anything: the top-left
# cell of the down-diagonal feature map (7/9 = 0.78 on the canonical X).
EXAMPLE = (0, (0, 0, 0))


class Explained(QObject):
    """(layer, cell) of the trace being explained, whether it is pinned, and its Cell."""

    changed = Signal()

    def __init__(self, lab: "LabModel") -> None:
        super().__init__(lab)
        self._lab = lab
        self.at: tuple[int, tuple] | None = None
        self.pinned = False
        self.cell: Cell | None = None

    def reset(self, tutorial: bool, recompute: bool = True) -> None:
        """A new network: the tutorial's first number, or nothing."""
        self.at = EXAMPLE if tutorial else None
        self.pinned = False
        if recompute:
            self.refresh()

    def refresh(self) -> None:
        """The trace changed: the same cell's new arithmetic."""
        if self.at is not None and not self._valid(*self.at):
            self.at, self.pinned = None, False
        self.cell = None if self.at is None else self._lab.explain_cell(*self.at)
        self.changed.emit()

    def show(self, at: tuple[int, tuple] | None, pinned: bool) -> None:
        """Explain ``at`` (None: nothing), pinned or not (the animation's current cell)."""
        self.at = None if at is None else (at[0], tuple(at[1]))
        self.pinned = pinned and at is not None
        self.refresh()

    def point_at(self, layer: int, cell: tuple) -> None:
        """Hover: explain this cell unless another one is pinned."""
        if not self.pinned and self.at != (layer, tuple(cell)):
            self.at = (layer, tuple(cell))
            self.refresh()

    def click(self, layer: int, cell: tuple) -> None:
        """Pin this cell, or release it if it is the pinned one."""
        at = (layer, tuple(cell))
        self.pinned = not (self.pinned and self.at == at)
        self.at = at
        self.refresh()

    def pin(self, layer: int, cell: tuple) -> None:
        """Pin this cell (a lesson step shows it); a cell the trace lacks is ignored."""
        if self._valid(layer, tuple(cell)):
            self.at, self.pinned = (layer, tuple(cell)), True
            self.refresh()

    def toggle_pin(self) -> None:
        """Enter: pin the cell being explained (or release it)."""
        if self.at is not None:
            self.pinned = not self.pinned
            self.refresh()

    def walk(self, rows: int, cols: int) -> None:
        """Move to the neighbouring cell of the same map (the arrow keys on a map)."""
        if self.at is None:
            self.at = EXAMPLE if self._valid(*EXAMPLE) else None
            self.refresh()
            return
        layer, cell = self.at
        shape = self._lab.trace[layer].output.shape
        if len(cell) == 3:
            f, r, c = cell
            new = (f, min(max(r + rows, 0), shape[1] - 1), min(max(c + cols, 0), shape[2] - 1))
        else:
            new = (min(max(cell[0] + rows + cols, 0), shape[0] - 1),)
        self.at = (layer, new)
        self.refresh()

    def _valid(self, layer: int, cell: tuple) -> bool:
        trace = self._lab.trace
        if not 0 <= layer < len(trace):
            return False
        shape = trace[layer].output.shape
        return len(cell) == len(shape) and all(0 <= i < n for i, n in zip(cell, shape))
