"""The convolution (or pooling) animated: the feature slides over its input one cell at a
time and the map fills as it goes, like the tutorial's slides one after another.

The state lives here, not in a widget, so a lesson, a test or a screenshot can drive it:
which map (layer, feature), how many of its cells are filled (``step``), playing or not,
the pace.  Each step pins the explained cell on the map's newest cell, so the outline of
the input patch and the arithmetic follow without any code of their own."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from .lab import LabModel

ANIMATED = ("conv", "maxpool", "avgpool")       # the layers whose maps slide a window
INTERVAL_MS = 300                               # the default pace: about three cells a second


class Animation(QObject):
    """The map being filled (``layer``, ``feature``; ``layer`` None when not animating),
    ``step`` cells of it filled in reading order, and the map Play would start (``target``)."""

    changed = Signal()       # layer, step, playing or target
    finished = Signal()      # playing reached the map's last cell

    def __init__(self, lab: "LabModel") -> None:
        super().__init__(lab)
        self._lab = lab
        self.layer: int | None = None
        self.feature = 0
        self.step = 0
        self.target: tuple[int, int] | None = None
        self._network = lab.network
        self._before: tuple | None = None      # the explained cell before the animation
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer)
        lab.traceChanged.connect(self._on_lab_trace)
        lab.explained.changed.connect(self._on_lab_explained)
        self.target = self._first_target()

    # --- what is shown -----------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.layer is not None

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def interval(self) -> int:
        """Milliseconds between two cells."""
        return self._timer.interval()

    @property
    def total(self) -> int:
        """Cells in the animated map (0 when not animating)."""
        if self.layer is None:
            return 0
        _, rows, cols = self._lab.trace[self.layer].output.shape
        return rows * cols

    @property
    def cell(self) -> tuple[int, int, int] | None:
        """(feature, row, col) of the newest filled cell, None before the first."""
        if self.layer is None or self.step == 0:
            return None
        cols = self._lab.trace[self.layer].output.shape[2]
        return (self.feature, *divmod(self.step - 1, cols))

    def shown(self, layer: int, maps: np.ndarray, first: int = 0) -> np.ndarray:
        """``maps`` (features first..first+n of ``layer``) as they are shown: the animated
        map holds NaN (drawn transparent) in the cells not filled yet."""
        index = self.feature - first
        if self.layer != layer or not 0 <= index < len(maps):
            return maps
        out = np.array(maps, np.float32)
        tile = out[index].reshape(-1)
        tile[self.step:] = np.nan
        out[index] = tile.reshape(out[index].shape)
        return out

    def can_animate(self, layer: int, feature: int = 0) -> bool:
        net = self._lab.network
        return (0 <= layer < len(net.layers) and net.layers[layer].type in ANIMATED
                and 0 <= feature < net.shapes[layer][0])

    # --- intents -----------------------------------------------------------------------
    def choose(self, layer: int, feature: int) -> None:
        """The map Play starts; while another map is animated, this one starts over in its
        place (playing if it was).  Ignored for a map no window slides over."""
        if not self.can_animate(layer, feature) or self.target == (layer, feature):
            return
        self.target = (layer, feature)
        if self.active:
            playing, before = self.playing, self._before
            self._timer.stop()
            self._start(layer, feature)
            self._before = before
            if playing:
                self._timer.start()
        self.changed.emit()

    def play(self) -> None:
        """Start the chosen map, resume, or replay it from the start once it is full."""
        if not self.active:
            if self.target is None:
                return
            self._start(*self.target)
        elif self.step >= self.total:
            self._go(0)
        self._timer.start()
        self.changed.emit()

    def pause(self) -> None:
        if self.playing:
            self._timer.stop()
            self.changed.emit()

    def toggle(self) -> None:
        """Space: play or pause."""
        self.pause() if self.playing else self.play()

    def step_forward(self) -> None:
        """One more cell (starting the chosen map, paused, when none is animated)."""
        if not self.active:
            if self.target is None:
                return
            self._start(*self.target)
        self.seek(self.step + 1)

    def step_back(self) -> None:
        if self.active:
            self.seek(self.step - 1)

    def seek(self, step: int) -> None:
        """Show the animated map with its first ``step`` cells filled (clamped)."""
        if self.active:
            self._go(min(max(step, 0), self.total))
            self.changed.emit()

    def stop(self) -> None:
        """Back to the normal view: the full map, the explained cell as it was before."""
        if not self.active:
            return
        before = self._before
        self._end()
        if before is not None:
            self._lab.explained.show(*before)

    def set_interval(self, ms: int) -> None:
        """The pace, in milliseconds between two cells (0: as fast as the window draws)."""
        ms = max(int(ms), 0)
        if ms != self._timer.interval():
            self._timer.setInterval(ms)
            self.changed.emit()

    # --- inside ------------------------------------------------------------------------
    def _start(self, layer: int, feature: int) -> None:
        explained = self._lab.explained
        self._before = (explained.at, explained.pinned)
        self.layer, self.feature = layer, feature
        self._go(0)

    def _go(self, step: int) -> None:
        self.step = step
        cell = self.cell
        if cell is None:
            self._lab.explained.show(None, False)
        else:
            self._lab.explained.show((self.layer, cell), True)

    def _end(self) -> None:
        self._timer.stop()
        self.layer, self.step, self._before = None, 0, None
        self.changed.emit()

    def _on_timer(self) -> None:
        if self.step < self.total:
            self.seek(self.step + 1)
        if self.step >= self.total:
            self._timer.stop()
            self.changed.emit()
            self.finished.emit()

    def _first_target(self) -> tuple[int, int] | None:
        net = self._lab.network
        return next(((i, 0) for i, layer in enumerate(net.layers) if layer.type in ANIMATED),
                    None)

    def _on_lab_trace(self) -> None:
        """Another network ends the animation (its maps are gone); new weights or a new
        drawing keep it going on the new trace."""
        if self._lab.network is self._network:
            return
        self._network = self._lab.network
        self.target = self._first_target()
        if self.active:
            self._end()
        else:
            self.changed.emit()

    def _on_lab_explained(self) -> None:
        """A pinned cell of a map that slides a window makes that map the one Play starts."""
        explained = self._lab.explained
        if not self.active and explained.pinned and explained.at is not None \
                and len(explained.at[1]) == 3:
            layer, (feature, _, _) = explained.at
            self.choose(layer, feature)
