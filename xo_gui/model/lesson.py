"""The guided lesson (README, "Lessons"): which step is shown, putting the lab into the
state the step talks about, and noticing when the learner did what it asked.

No widgets: the window shows the step and carries out ``showRequested`` (the tab and the
part of the window to outline).  A step's drawing and network go on the undo stack as one
step, so Edit → Undo brings the learner's own drawing back.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..engine.classic import CLASSIC_FEATURES
from ..engine.data import preset
from ..engine.errors import XoError
from ..engine.lesson_file import BUILTIN_LESSON, Lesson as LessonFile, Step, read_lesson
from .drawing import preset_origin, shifted

if TYPE_CHECKING:
    from .lab import LabModel

TUTORIAL_GRID = 9          # the tutorial's numbers (7/9 = 0.78) are those of the 9×9 grid
MAX_SHIFT = 4              # how far a shift is recognised, in pixels


class Lesson(QObject):
    """The lesson's steps, the one shown (``index``) and whether its goal is met."""

    stepChanged = Signal()            # another step, or another lesson
    doneChanged = Signal()            # the learner did what the step asked
    showRequested = Signal(str, str)  # the step's tab and highlight ('' when it has none)

    def __init__(self, lab: "LabModel") -> None:
        super().__init__(lab)
        self._lab = lab
        self.lesson: LessonFile = read_lesson(BUILTIN_LESSON)
        self.index = 0
        self.started = False
        self.done = False
        self.moved: tuple[int, int] | None = None      # (rows, columns) of a "shift" goal
        self._applying = False
        self._start: tuple = (None, None, None)     # image, origin, explained cell
        training = lab.training
        for signal, event in (
                (lab.imageChanged, "image"), (lab.originChanged, "origin"),
                (lab.weightsChanged, "flip"), (lab.explained.changed, "pin"),
                (lab.animation.changed, "animate"),
                (training.session.updated, "train"), (training.compare.stateChanged, "compare"),
                (training.settings.architectureChanged, "architecture"),
                (training.settings.knobsChanged, "knobs"),
                (training.data.settingsChanged, "data")):
            signal.connect(lambda *_args, e=event: self._on_model_event(e))

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.lesson.steps

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    def go(self, index: int) -> None:
        """Show step ``index`` (0-based): the lab is put into the state it declares."""
        if not 0 <= index < len(self.steps):
            raise IndexError(f"step {index + 1} is past the end: the lesson has "
                             f"{len(self.steps)} steps")
        self.index, self.started, self.done, self.moved = index, True, False, None
        self._apply(self.step)
        self.stepChanged.emit()
        self.show()

    def next(self) -> None:
        if self.index + 1 < len(self.steps):
            self.go(self.index + 1)

    def back(self) -> None:
        if self.index > 0:
            self.go(self.index - 1)

    def show(self) -> None:
        """Ask the window again for the step's tab and outline (e.g. after a rebuild)."""
        self.showRequested.emit(self.step.tab or "", self.step.highlight or "")

    def open(self, path: str) -> bool:
        """Another lesson file, from its first step; a broken one is refused (``refused``
        on the lab, naming the line) and the lesson shown stays."""
        try:
            lesson = read_lesson(path)
        except XoError as exc:
            self._lab.refused.emit(self.tr("Cannot open lesson"), str(exc))
            return False
        self.load(lesson)
        return True

    def load(self, lesson: LessonFile, index: int = 0) -> None:
        """Another (checked) lesson, at step ``index``."""
        if not 0 <= index < len(lesson.steps):
            raise IndexError(f"step {index + 1} is past the end: the lesson has "
                             f"{len(lesson.steps)} steps")
        self.lesson = lesson
        self.go(index)

    # --- applying a step -------------------------------------------------------------
    def _apply(self, step: Step) -> None:
        lab = self._lab
        self._applying = True
        try:
            network = step.network == "tutorial" and not self._is_tutorial()
            drawing = step.preset is not None and not self._shows(step.preset)
            if network or drawing:
                lab.undo_stack.beginMacro(self.tr("Lesson step {n}").format(n=self.index + 1))
                if network:
                    self._tutorial_network()
                if step.preset is not None:
                    lab.load_preset(step.preset)
                lab.undo_stack.endMacro()
            if step.pin is not None:
                lab.explained.pin(*step.pin)
        finally:
            self._applying = False
        self._start = (lab.image, lab.origin, lab.explained.at if lab.explained.pinned else None)

    def _is_tutorial(self) -> bool:
        from .lab import NetworkSource
        lab = self._lab
        weight = lab.network.state_dict().get("layers.0.weight")
        return (lab.network_source == NetworkSource.TUTORIAL and lab.grid_size == TUTORIAL_GRID
                and weight is not None and np.array_equal(weight, CLASSIC_FEATURES))

    def _tutorial_network(self) -> None:
        from .lab import NetworkSource
        lab = self._lab
        if lab.network_source != NetworkSource.TUTORIAL:
            lab.use_tutorial_network()
        lab.reset_features()
        lab.set_grid_size(TUTORIAL_GRID)

    def _shows(self, name: str) -> bool:
        lab = self._lab
        return (lab.origin == preset_origin(name)
                and np.array_equal(lab.image, preset(name, lab.grid_size)))

    # --- the goal --------------------------------------------------------------------
    def _on_model_event(self, event: str) -> None:
        if self._applying or self.done or not self.started or not self.step.goal:
            return
        if self._met(self.step.goal, event):
            self.done = True
            self.doneChanged.emit()

    def _met(self, goal: tuple[str, ...], event: str) -> bool:
        lab, (image, origin, pinned) = self._lab, self._start
        kind = goal[0]
        if kind == "shift":      # a shift of what is drawn now (the learner may paint first)
            if event != "image" or image is None:
                return False
            self._start = (lab.image, origin, pinned)
            self.moved = _shift_of(image, lab.image)
            return self.moved is not None
        if kind == "paint":
            return event == "image" and not np.array_equal(image, lab.image)
        if kind == "preset":
            return event == "origin" and lab.origin == preset_origin(goal[1])
        if kind == "truth":
            return event == "origin" and origin is not None and lab.truth != origin.label
        if kind == "pin":
            explained = lab.explained
            return event == "pin" and explained.pinned and explained.at != pinned
        if kind == "animate":
            return event == kind and lab.animation.active
        if kind == "compare":
            return event == kind and lab.training.compare.state == "running"
        return event == kind      # flip, train, architecture, knobs, data


def _shift_of(before: np.ndarray, after: np.ndarray) -> tuple[int, int] | None:
    """How far ``after`` is ``before`` moved (rows down, columns right), if it is."""
    if before.shape != after.shape or np.array_equal(before, after):
        return None
    moves = sorted(((r, c) for r in range(-MAX_SHIFT, MAX_SHIFT + 1)
                    for c in range(-MAX_SHIFT, MAX_SHIFT + 1) if (r, c) != (0, 0)),
                   key=lambda m: abs(m[0]) + abs(m[1]))
    return next((m for m in moves if np.array_equal(shifted(before, *m), after)), None)
