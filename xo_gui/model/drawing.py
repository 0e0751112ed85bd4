"""The drawing's transforms and where a drawing came from (its origin and known label).

Pure NumPy: every function returns a new image, so the model can keep what it hands out.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, replace

import numpy as np

from ..engine.data import PRESETS, preset, preset_label
from ..engine.errors import XoError
from ..engine.kinds import CLASS_CHOICES, kind_presets

MIN_GRID, MAX_GRID = 5, 32
GRID_KINDS = ("sound", "text")      # kinds whose presets are named "<kind>:<class>"


class OriginKind(enum.Enum):
    """Where the drawing in the editor came from."""

    PRESET = "preset"       # one of the engine's named test drawings
    FILE = "file"           # a drawing file or an imported picture
    EXAMPLE = "example"     # an image of the training data (a misclassified one, ...)
    HAND = "hand"           # painted or transformed by the user


@dataclass(frozen=True)
class Origin:
    """The drawing's provenance: a preset's name, a file's name, an example's label."""

    kind: OriginKind = OriginKind.PRESET
    name: str = "x"
    label: int | None = 0   # the class the drawing is known to be (None: not known)

    def edited(self) -> "Origin":
        """A hand edit keeps the known label: a repainted X is still meant as an X."""
        return replace(self, kind=OriginKind.HAND) if self.kind != OriginKind.HAND else self

    def with_label(self, label: int | None) -> "Origin":
        return replace(self, label=label)


def preset_origin(name: str) -> Origin:
    return Origin(OriginKind.PRESET, name, preset_label(name))


def kind_preset(kind: str, name: str, size: int) -> np.ndarray | None:
    """The engine's example grid of class ``name`` of a kind at ``size`` × ``size``, or
    None where it cannot be drawn (a text grid is 7 to 26 letters)."""
    try:
        return kind_presets(kind, size).get(name)
    except (XoError, StopIteration):        # StopIteration: no filler letter at 5 or 6
        return None


def kind_preset_names(kind: str, size: int) -> list[str]:
    """The classes of a kind that have an example grid at this size, in the engine's order."""
    try:
        drawable = kind_presets(kind, size)
    except (XoError, StopIteration):
        return []
    return [name for name in CLASS_CHOICES[kind] if name in drawable]


def grid_kind(origin: Origin) -> str | None:
    """What the drawing's grid means when its origin says so: 'sound' or 'text' for those
    presets (also once edited), 'letters' for a letter preset as drawn; None when it does
    not know (a hand drawing, a file, an example: the training data's kind applies)."""
    kind, sep, _ = origin.name.partition(":")
    if origin.kind in (OriginKind.PRESET, OriginKind.HAND) and sep and kind in GRID_KINDS:
        return kind
    if origin.kind == OriginKind.PRESET and origin.name in PRESETS:
        return "letters"
    return None


def shifted(image: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Move the drawing; background fills the vacated edge."""
    out = np.full_like(image, -1.0)
    n, m = image.shape
    src = image[max(0, -rows):n - max(0, rows), max(0, -cols):m - max(0, cols)]
    out[max(0, rows):max(0, rows) + src.shape[0], max(0, cols):max(0, cols) + src.shape[1]] = src
    return out


def resampled(image: np.ndarray, size: int) -> np.ndarray:
    """Nearest-neighbour resampling to ``size`` × ``size``."""
    rows = (np.arange(size) * image.shape[0] / size).astype(int)
    cols = (np.arange(size) * image.shape[1] / size).astype(int)
    return np.ascontiguousarray(image[np.ix_(rows, cols)], np.float32)


def at_size(image: np.ndarray, origin: Origin, size: int) -> np.ndarray:
    """The drawing at another grid size: a preset that was not edited is redrawn, anything
    else is resampled."""
    if origin.kind == OriginKind.PRESET:
        kind, sep, name = origin.name.partition(":")
        if not sep:
            return preset(origin.name, size)
        drawn = kind_preset(kind, name, size)
        if drawn is not None:
            return drawn
    return resampled(image, size)


TRANSFORMS = {
    "clear": lambda image: np.full_like(image, -1.0),
    "invert": lambda image: -image,
    "rotate": lambda image: np.ascontiguousarray(np.rot90(image, -1)),
    "mirror": lambda image: np.ascontiguousarray(image[:, ::-1]),
}
