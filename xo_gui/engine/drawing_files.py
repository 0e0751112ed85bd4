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

from .errors import ConfigError, FileFormatError, Phrase, XoError
from .limits import (MAX_DATASET_BYTES, MAX_DATASET_IMAGES, MAX_DATASET_PIXELS,
                     MAX_DRAWING_BYTES, MAX_GRID, check_classes, check_dataset_size)
from .safe_files import (PathLike, atomic_write, atomic_write_bytes, open_regular_file, read_npz,
                         short_name)
from .safe_json import parse_json

MAX_DRAWING_SIZE = MAX_GRID
MAX_UNCOMPRESSED_BYTES = MAX_DATASET_BYTES    # guards against zip bombs


class _Problem(XoError):
    """What is wrong with a drawing's text; callers add where the text came from."""


# ---------------------------------------------------------------------------- drawings

def _parse(text: str) -> np.ndarray:
    lines = text.lstrip("\ufeff").splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise _Problem("it is empty")
    if len(lines) > MAX_DRAWING_SIZE:
        raise _Problem("it has {rows} rows, at most {most} are allowed", rows=len(lines),
                       most=MAX_DRAWING_SIZE)
    lowered = text.lower()
    numeric = any(ch.isdigit() for ch in text) or "nan" in lowered or "inf" in lowered
    rows: list[list[float]] = []
    for number, line in enumerate(lines, start=1):
        cells = line.split() if numeric else list("".join(line.split()))
        if not cells:
            raise _Problem("row {row} is empty", row=number)
        if len(cells) > MAX_DRAWING_SIZE:
            raise _Problem("row {row} has {cells} cells, at most {most} are allowed", row=number,
                           cells=len(cells), most=MAX_DRAWING_SIZE)
        if rows and len(cells) != len(rows[0]):
            raise _Problem("row {row} has {cells} cells, row 1 has {first}", row=number,
                           cells=len(cells), first=len(rows[0]))
        rows.append([_cell(cell, number, numeric) for cell in cells])
    return np.array(rows, dtype=np.float32)


def _cell(cell: str, row: int, numeric: bool) -> float:
    if not numeric:
        if cell not in "#.":
            raise _Problem("row {row} has the character {cell!r}; use '#' for ink and '.' for "
                           "background", row=row, cell=cell)
        return 1.0 if cell == "#" else -1.0
    try:
        value = float(cell)
    except ValueError:
        raise _Problem("row {row} has {cell!r}, which is not a number", row=row,
                       cell=cell[:20]) from None
    if not math.isfinite(value):
        raise _Problem("row {row} has {cell!r}; every value must be a finite number", row=row,
                       cell=cell)
    if not -1.0 <= value <= 1.0:
        raise _Problem("row {row} has {cell}, outside the allowed range -1 to 1", row=row,
                       cell=cell)
    return value


def parse_drawing(text: str) -> np.ndarray:
    """The (H, W) float32 image described by a drawing file's text."""
    try:
        return _parse(text)
    except _Problem as exc:
        raise FileFormatError("not a valid drawing: {problem}", problem=exc) from None


def format_drawing(image: np.ndarray) -> str:
    """Drawing-file text: '#'/'.' for a pure ±1 image, otherwise numbers (3 decimals at most)."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2 or not 1 <= min(image.shape) <= max(image.shape) <= MAX_DRAWING_SIZE:
        raise ConfigError("a drawing must be a grid of at most {most}x{most} pixels (got shape "
                          "{shape})", most=MAX_DRAWING_SIZE, shape=image.shape)
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
            raise FileFormatError("cannot read drawing {name}: {reason}", name=name,
                                  reason=exc.strerror or exc) from None
    if b"\0" in data:
        raise FileFormatError("{name} is a binary file, not a drawing (text with '#' and '.')",
                              name=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileFormatError("{name} is not UTF-8 text, so it cannot be a drawing",
                              name=name) from None
    try:
        return _parse(text)
    except _Problem as exc:
        raise FileFormatError("{name} is not a valid drawing: {problem}", name=name,
                              problem=exc) from None


def write_drawing(path: PathLike, image: np.ndarray) -> None:
    """Save a drawing atomically (the old file survives any failure)."""
    atomic_write_bytes(path, format_drawing(image).encode("utf-8"))


# ---------------------------------------------------------------------------- datasets

def _check_dataset(images: np.ndarray, labels: np.ndarray,
                   classes: Sequence[str]) -> Phrase | None:
    """What is wrong with a dataset (a phrase), or None if it is fine."""
    if images.ndim != 3:
        return Phrase("images must be a stack (N, H, W), not shape {shape}", shape=images.shape)
    n, h, w = images.shape
    if n < 1:
        return Phrase("it holds no images")
    if n > MAX_DATASET_IMAGES:
        return Phrase("it holds {n:,} images, at most {most:,} are allowed", n=n,
                      most=MAX_DATASET_IMAGES)
    if not (1 <= h <= MAX_DRAWING_SIZE and 1 <= w <= MAX_DRAWING_SIZE):
        return Phrase("its images are {h}x{w}, at most {most}x{most} are allowed", h=h, w=w,
                      most=MAX_DRAWING_SIZE)
    if labels.ndim != 1 or len(labels) != n:
        return Phrase("it has {n} images but labels of shape {shape}", n=n, shape=labels.shape)
    if n * h * w > MAX_DATASET_PIXELS:
        return Phrase("its {n:,} images of {h}x{w} are {pixels:,} pixels, at most {most:,} "
                      "are allowed", n=n, h=h, w=w, pixels=n * h * w, most=MAX_DATASET_PIXELS)
    if check_classes(classes):
        return check_classes(classes)
    if images.dtype.kind not in "fiu" or labels.dtype.kind not in "iu":
        return Phrase("images must be numbers and labels whole numbers (got {images}, "
                      "{labels})", images=images.dtype, labels=labels.dtype)
    if not np.all(np.isfinite(images)) or images.min() < -1 or images.max() > 1:
        return Phrase("its image pixels must all be finite numbers from -1 to 1")
    if labels.min() < 0 or labels.max() >= len(classes):
        return Phrase("its labels must be from 0 to {last} (one per class)",
                      last=len(classes) - 1)
    return None


def save_dataset(path: PathLike, images: np.ndarray, labels: np.ndarray,
                 classes: Sequence[str] = ("X", "O")) -> None:
    """Save images, labels and class names as an .npz, atomically."""
    images, labels, classes = np.asarray(images), np.asarray(labels), list(classes)
    if images.ndim == 3:
        check_dataset_size(*images.shape)
    problem = _check_dataset(images, labels, classes)
    if problem:
        raise ConfigError("cannot save this dataset: {problem}", problem=problem)
    arrays = {"images": images.astype(np.float32), "labels": labels.astype(np.int64),
              "classes": np.array(json.dumps(classes))}
    atomic_write(path, lambda stream: np.savez(stream, **arrays))


_ENTRIES = {"images": 3, "labels": 1, "classes": 0}    # entry -> number of dimensions


def _check_header(name: str):
    def check(key: str, shape: tuple[int, ...], dtype: np.dtype) -> None:
        if key not in _ENTRIES:
            raise FileFormatError("{name} has an entry {entry!r} that no dataset file has",
                                  name=name, entry=key)
        if len(shape) != _ENTRIES[key]:
            raise FileFormatError("{name} has {entry} of shape {shape}, which is not a "
                                  "dataset's", name=name, entry=key, shape=shape)
        if shape and shape[0] > MAX_DATASET_IMAGES:
            raise FileFormatError("{name} holds {count:,} {entry}, at most {most:,} are "
                                  "allowed", name=name, count=shape[0], entry=key,
                                  most=MAX_DATASET_IMAGES)
        if key == "images" and max(shape[1:]) > MAX_DRAWING_SIZE:
            raise FileFormatError("{name} has {rows}x{cols} images, at most {most}x{most} are "
                                  "allowed", name=name, rows=shape[1], cols=shape[2],
                                  most=MAX_DRAWING_SIZE)
        if key == "images" and math.prod(shape) * dtype.itemsize > 4 * MAX_DATASET_PIXELS:
            raise FileFormatError(
                "{name} holds {pixels:,} pixels of {dtype}, more than a data set may hold "
                "({most:,} of float32)", name=name, pixels=math.prod(shape), dtype=dtype,
                most=MAX_DATASET_PIXELS)
        if key == "labels" and dtype.itemsize > 8:
            raise FileFormatError("{name} has labels of {dtype}, not whole numbers", name=name,
                                  dtype=dtype)
        if key == "classes" and (dtype.kind not in "US" or dtype.itemsize > 4 * 10_000):
            raise FileFormatError("{name} has no valid class list (a JSON list of names)",
                                  name=name)
    return check


def load_dataset(path: PathLike) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Read a dataset .npz: images (N, H, W) float32, labels (N,) int64, class names."""
    name = short_name(os.fspath(path))
    arrays = read_npz(path, "dataset", MAX_DATASET_BYTES, MAX_UNCOMPRESSED_BYTES,
                      _check_header(name))
    for key in _ENTRIES:
        if key not in arrays:
            raise FileFormatError("{name} has no {entry!r} entry, so it is not a dataset file",
                                  name=name, entry=key)
    images, labels, classes_entry = (arrays[key] for key in _ENTRIES)
    text = classes_entry[()]
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    classes = parse_json(str(text), Phrase("the class list of {name}", name=name))
    if not isinstance(classes, list):
        raise FileFormatError("{name} has no valid class list (a JSON list of names)",
                              name=name)
    problem = _check_dataset(images, labels, classes)
    if problem:
        raise FileFormatError("{name} is not a valid dataset: {problem}", name=name,
                              problem=problem)
    return (images.astype(np.float32, copy=False), labels.astype(np.int64, copy=False),
            tuple(classes))
