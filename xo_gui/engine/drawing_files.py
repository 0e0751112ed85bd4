"""Drawing files (text) and dataset files (.npz), as the README's "Files" section describes them.

Reading trusts nothing: sizes are capped before anything is read, array headers are
checked before any array is allocated, pickles are never loaded, and every problem becomes
one FileFormatError sentence naming the file.  Writing is atomic, so a failed save never
damages the file already on disk.
"""
from __future__ import annotations

import json
import math
import os
from typing import Sequence

import numpy as np

from .errors import ConfigError, FileFormatError
from .limits import (MAX_DATASET_BYTES, MAX_DATASET_IMAGES, MAX_DATASET_PIXELS,
                     MAX_DRAWING_BYTES, MAX_GRID, check_classes, check_dataset_size)
from .safe_files import (PathLike, atomic_write, atomic_write_bytes, open_regular_file, read_npz,
                         short_name)
from .safe_json import parse_json

MAX_DRAWING_SIZE = MAX_GRID
MAX_UNCOMPRESSED_BYTES = MAX_DATASET_BYTES    # guards against zip bombs


class _Problem(Exception):
    """What is wrong with a drawing's text; callers add where the text came from."""


# ---------------------------------------------------------------------------- drawings

def _parse(text: str) -> np.ndarray:
    lines = text.lstrip("\ufeff").splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise _Problem("it is empty")
    if len(lines) > MAX_DRAWING_SIZE:
        raise _Problem(f"it has {len(lines)} rows, at most {MAX_DRAWING_SIZE} are allowed")
    lowered = text.lower()
    numeric = any(ch.isdigit() for ch in text) or "nan" in lowered or "inf" in lowered
    rows: list[list[float]] = []
    for number, line in enumerate(lines, start=1):
        cells = line.split() if numeric else list("".join(line.split()))
        if not cells:
            raise _Problem(f"row {number} is empty")
        if len(cells) > MAX_DRAWING_SIZE:
            raise _Problem(f"row {number} has {len(cells)} cells, at most {MAX_DRAWING_SIZE} are allowed")
        if rows and len(cells) != len(rows[0]):
            raise _Problem(f"row {number} has {len(cells)} cells, row 1 has {len(rows[0])}")
        rows.append([_cell(cell, number, numeric) for cell in cells])
    return np.array(rows, dtype=np.float32)


def _cell(cell: str, row: int, numeric: bool) -> float:
    if not numeric:
        if cell not in "#.":
            raise _Problem(f"row {row} has the character {cell!r}; use '#' for ink and '.' for background")
        return 1.0 if cell == "#" else -1.0
    try:
        value = float(cell)
    except ValueError:
        raise _Problem(f"row {row} has {cell[:20]!r}, which is not a number") from None
    if not math.isfinite(value):
        raise _Problem(f"row {row} has {cell!r}; every value must be a finite number")
    if not -1.0 <= value <= 1.0:
        raise _Problem(f"row {row} has {cell}, outside the allowed range -1 to 1")
    return value


def parse_drawing(text: str) -> np.ndarray:
    """The (H, W) float32 image described by a drawing file's text."""
    try:
        return _parse(text)
    except _Problem as exc:
        raise FileFormatError(f"not a valid drawing: {exc}") from None


def format_drawing(image: np.ndarray) -> str:
    """Drawing-file text: '#'/'.' for a pure ±1 image, otherwise numbers (3 decimals at most)."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2 or not 1 <= min(image.shape) <= max(image.shape) <= MAX_DRAWING_SIZE:
        raise ConfigError(f"a drawing must be a grid of at most {MAX_DRAWING_SIZE}x{MAX_DRAWING_SIZE} "
                          f"pixels (got shape {image.shape})")
    if not np.all(np.isfinite(image)) or image.min() < -1 or image.max() > 1:
        raise ConfigError("a drawing's pixels must all be numbers from -1 to 1")
    if np.all(np.abs(image) == 1):
        return "".join("".join("#" if v > 0 else "." for v in row) + "\n" for row in image)

    def number(v: float) -> str:
        text = f"{v:.3f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    cells = [[number(v) for v in row] for row in image]
    width = max(len(c) for row in cells for c in row)
    return "".join(" ".join(c.rjust(width) for c in row) + "\n" for row in cells)


def read_drawing(path: PathLike) -> np.ndarray:
    """Read a drawing file (UTF-8 text); FileFormatError naming the file for anything wrong."""
    name = short_name(os.fspath(path))
    with open_regular_file(path, "drawing", MAX_DRAWING_BYTES) as stream:
        try:
            data = stream.read(MAX_DRAWING_BYTES + 1)
        except OSError as exc:
            raise FileFormatError(f"cannot read drawing {name}: {exc.strerror or exc}") from None
    if b"\0" in data:
        raise FileFormatError(f"{name} is a binary file, not a drawing (text with '#' and '.')")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileFormatError(f"{name} is not UTF-8 text, so it cannot be a drawing") from None
    try:
        return _parse(text)
    except _Problem as exc:
        raise FileFormatError(f"{name} is not a valid drawing: {exc}") from None


def write_drawing(path: PathLike, image: np.ndarray) -> None:
    """Save a drawing atomically (the old file survives any failure)."""
    atomic_write_bytes(path, format_drawing(image).encode("utf-8"))


# ---------------------------------------------------------------------------- datasets

def _check_dataset(images: np.ndarray, labels: np.ndarray, classes: Sequence[str]) -> str | None:
    """What is wrong with a dataset (a phrase), or None if it is fine."""
    if images.ndim != 3:
        return f"images must be a stack (N, H, W), not shape {images.shape}"
    n, h, w = images.shape
    if n < 1:
        return "it holds no images"
    if n > MAX_DATASET_IMAGES:
        return f"it holds {n:,} images, at most {MAX_DATASET_IMAGES:,} are allowed"
    if not (1 <= h <= MAX_DRAWING_SIZE and 1 <= w <= MAX_DRAWING_SIZE):
        return f"its images are {h}x{w}, at most {MAX_DRAWING_SIZE}x{MAX_DRAWING_SIZE} are allowed"
    if labels.ndim != 1 or len(labels) != n:
        return f"it has {n} images but labels of shape {labels.shape}"
    if n * h * w > MAX_DATASET_PIXELS:
        return (f"its {n:,} images of {h}x{w} are {n * h * w:,} pixels, at most "
                f"{MAX_DATASET_PIXELS:,} are allowed")
    if check_classes(classes):
        return check_classes(classes)
    if images.dtype.kind not in "fiu" or labels.dtype.kind not in "iu":
        return f"images must be numbers and labels whole numbers (got {images.dtype}, {labels.dtype})"
    if not np.all(np.isfinite(images)) or images.min() < -1 or images.max() > 1:
        return "its image pixels must all be finite numbers from -1 to 1"
    if labels.min() < 0 or labels.max() >= len(classes):
        return f"its labels must be from 0 to {len(classes) - 1} (one per class)"
    return None


def save_dataset(path: PathLike, images: np.ndarray, labels: np.ndarray,
                 classes: Sequence[str] = ("X", "O")) -> None:
    """Save images, labels and class names as an .npz, atomically."""
    images, labels, classes = np.asarray(images), np.asarray(labels), list(classes)
    if images.ndim == 3:
        check_dataset_size(*images.shape)
    problem = _check_dataset(images, labels, classes)
    if problem:
        raise ConfigError(f"cannot save this dataset: {problem}")
    arrays = {"images": images.astype(np.float32), "labels": labels.astype(np.int64),
              "classes": np.array(json.dumps(classes))}
    atomic_write(path, lambda stream: np.savez(stream, **arrays))


_ENTRIES = {"images": 3, "labels": 1, "classes": 0}    # entry -> number of dimensions


def _check_header(name: str):
    def check(key: str, shape: tuple[int, ...], dtype: np.dtype) -> None:
        if key not in _ENTRIES:
            raise FileFormatError(f"{name} has an entry {key!r} that no dataset file has")
        if len(shape) != _ENTRIES[key]:
            raise FileFormatError(f"{name} has {key} of shape {shape}, which is not a dataset's")
        if shape and shape[0] > MAX_DATASET_IMAGES:
            raise FileFormatError(
                f"{name} holds {shape[0]:,} {key}, at most {MAX_DATASET_IMAGES:,} are allowed")
        if key == "images" and max(shape[1:]) > MAX_DRAWING_SIZE:
            raise FileFormatError(f"{name} has {shape[1]}x{shape[2]} images, "
                                  f"at most {MAX_DRAWING_SIZE}x{MAX_DRAWING_SIZE} are allowed")
        if key == "images" and math.prod(shape) * dtype.itemsize > 4 * MAX_DATASET_PIXELS:
            raise FileFormatError(
                f"{name} holds {math.prod(shape):,} pixels of {dtype}, more than a data set may "
                f"hold ({MAX_DATASET_PIXELS:,} of float32)")
        if key == "labels" and dtype.itemsize > 8:
            raise FileFormatError(f"{name} has labels of {dtype}, not whole numbers")
        if key == "classes" and (dtype.kind not in "US" or dtype.itemsize > 4 * 10_000):
            raise FileFormatError(f"{name} has no valid class list (a JSON list of names)")
    return check


def load_dataset(path: PathLike) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Read a dataset .npz: images (N, H, W) float32, labels (N,) int64, class names."""
    name = short_name(os.fspath(path))
    arrays = read_npz(path, "dataset", MAX_DATASET_BYTES, MAX_UNCOMPRESSED_BYTES,
                      _check_header(name))
    for key in _ENTRIES:
        if key not in arrays:
            raise FileFormatError(f"{name} has no {key!r} entry, so it is not a dataset file")
    images, labels, classes_entry = (arrays[key] for key in _ENTRIES)
    text = classes_entry[()]
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    classes = parse_json(str(text), f"the class list of {name}")
    if not isinstance(classes, list):
        raise FileFormatError(f"{name} has no valid class list (a JSON list of names)")
    problem = _check_dataset(images, labels, classes)
    if problem:
        raise FileFormatError(f"{name} is not a valid dataset: {problem}")
    return (images.astype(np.float32, copy=False), labels.astype(np.int64, copy=False),
            tuple(classes))
