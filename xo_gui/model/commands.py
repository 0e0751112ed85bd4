"""Undo commands: every user edit of the lab is one of these on the model's one stack.

Each command keeps the state it replaces and the state it brings, as copies, and applies
them through the model's private setters.  Every edit is on the stack, so undoing one
always finds the lab exactly as that edit left it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtGui import QUndoCommand

from ..engine.network import Network
from .drawing import Origin

if TYPE_CHECKING:
    from .lab import LabModel


class DrawingCommand(QUndoCommand):
    """Replace the drawing (same grid size).  Pushing a finished stroke applies it again,
    which costs one forward pass and sets the stroke's new origin."""

    def __init__(self, model: "LabModel", before: tuple[np.ndarray, Origin],
                 after: tuple[np.ndarray, Origin], text: str) -> None:
        super().__init__(text)
        self.model = model
        self.before = (before[0].copy(), before[1])
        self.after = (after[0].copy(), after[1])

    def redo(self) -> None:
        self.model._apply_drawing(*self.after)

    def undo(self) -> None:
        self.model._apply_drawing(*self.before)


class WeightsCommand(QUndoCommand):
    """New weights for Explore's network (a flipped feature pixel, Reset features)."""

    def __init__(self, model: "LabModel", before: dict[str, np.ndarray],
                 after: dict[str, np.ndarray], text: str) -> None:
        super().__init__(text)
        self.model = model
        self.before = {k: v.copy() for k, v in before.items()}
        self.after = {k: v.copy() for k, v in after.items()}

    def redo(self) -> None:
        self.model._apply_weights(self.after)

    def undo(self) -> None:
        self.model._apply_weights(self.before)


NetworkState = tuple[Network, object, str, np.ndarray, Origin]   # net, source, name, image, origin


class NetworkCommand(QUndoCommand):
    """Show another network, with a drawing of its size (grid size, Use in Explore)."""

    def __init__(self, model: "LabModel", before: NetworkState, after: NetworkState,
                 text: str) -> None:
        super().__init__(text)
        self.model = model
        self.before = _copy(before)
        self.after = _copy(after)

    def redo(self) -> None:
        self.model._apply_network(*_copy(self.after))

    def undo(self) -> None:
        self.model._apply_network(*_copy(self.before))


def _copy(state: NetworkState) -> NetworkState:
    net, source, name, image, origin = state
    return net.copy(), source, name, image.copy(), origin
