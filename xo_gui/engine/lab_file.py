"""Lab files (``.xolab``): the whole lab in one zip of JSON and ``.npy`` entries.

The drawing, Explore's network, the training data, the settings, the trained network and
the run's history, laid out as the README's "Lab files" section describes, so a script can
read one with ``zipfile`` and ``numpy``.  Networks use the model files' conventions (a
config JSON and ``layers.<i>.weight`` / ``.bias`` arrays).  Loading trusts nothing (see
``checked_zip``) and builds a complete new ``Lab`` or raises one FileFormatError sentence,
so a bad file never touches the lab that is open.  Saving is atomic.
"""
from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import data as letters
from .checked_zip import CheckedZip, json_depth, write_entries
from .errors import ConfigError, FileFormatError, XoError
from .model_files import FORMAT as MODEL_FORMAT, VERSION as MODEL_VERSION, network_from_arrays
from .network import MAX_INPUT_SIZE, Network
from .run_history import HistorySnapshot, RunHistory
from .safe_files import atomic_write
from .train import EpochRecord

FORMAT = "xo-lab"
VERSION = 1
SUFFIX = ".xolab"
MAX_LAB_BYTES = 1 << 30              # on disk
MAX_UNPACKED_BYTES = 2 << 30         # all entries together, unpacked (zip bombs)
MAX_ENTRY_BYTES = 1 << 30
MAX_ENTRIES = 2000
MAX_SETTINGS_BYTES = 256 * 1024      # settings.json, data.json's generator: small by nature
MAX_HISTORY_JSON_BYTES = 32 << 20
MAX_IMAGES = 1_000_000
DRAWING_KINDS = ("preset", "file", "example", "hand")
PARTS = ("data", "trained", "history")      # optional; drawing, explore, settings always


@dataclass
class DrawingSource:
    """Where the drawing came from, so the window can name it."""

    kind: str = "hand"              # preset | file | example | hand
    name: str = ""                  # the preset's or example's name, the file's path
    label: str | None = None        # the class the drawing is meant to be, if known


@dataclass
class TrainingData:
    """The user's own drawings, plus the generated set or how to generate it again."""

    classes: tuple[str, ...]
    own_images: np.ndarray                        # (N, H, W) float32, N may be 0
    own_labels: np.ndarray                        # (N,) int64
    images: np.ndarray | None = None              # (M, H, W) float32: the set itself, or
    labels: np.ndarray | None = None              # (M,) int64
    generator: dict[str, Any] | None = None       # the generator's settings and seed

    @classmethod
    def from_pairs(cls, classes: tuple[str, ...], drawings: list[tuple[np.ndarray, int]],
                   size: tuple[int, int], **rest: Any) -> "TrainingData":
        """From the window's list of (drawing, class number); ``rest``: images, labels,
        generator."""
        images = np.stack([np.asarray(d, np.float32) for d, _ in drawings]) if drawings \
            else np.zeros((0, *size), np.float32)
        return cls(tuple(classes), images, np.array([c for _, c in drawings], np.int64), **rest)

    def pairs(self) -> list[tuple[np.ndarray, int]]:
        """The own drawings as the window lists them: (drawing, class number)."""
        return [(image.copy(), int(label)) for image, label in zip(self.own_images,
                                                                    self.own_labels)]


def generator_settings(count: int, size: int, variation: str | letters.Variation, seed: int,
                       **extra: Any) -> dict[str, Any]:
    """The generator's settings as a lab file keeps them (``extra``: e.g. the validation
    share, kept as given)."""
    level = variation if isinstance(variation, str) else dataclasses.asdict(variation)
    settings = {"kind": "letters", "count": int(count), "size": int(size), "variation": level,
                "seed": int(seed), **extra}
    _generator_args(settings)
    return settings


def _generator_args(settings: dict[str, Any]) -> tuple[int, int, letters.Variation, int]:
    """(count, size, variation, seed), or a ConfigError saying what is wrong."""
    if settings.get("kind", "letters") != "letters":
        raise ConfigError(f"the generator's kind {settings.get('kind')!r} is not one this "
                          f"program knows ('letters')")
    count, size, seed = settings.get("count"), settings.get("size"), settings.get("seed")
    variation = settings.get("variation")
    for key, value, low, high in (("count", count, 1, letters.MAX_COUNT),
                                  ("size", size, letters.MIN_SIZE, letters.MAX_SIZE),
                                  ("seed", seed, 0, 2 ** 63 - 1)):
        if not (_whole(value) and low <= value <= high):
            raise ConfigError(f"the generator's {key} must be a whole number from {low:,} to "
                              f"{high:,} (got {value!r})")
    if isinstance(variation, str):
        level = letters.variation_level(variation)
    elif isinstance(variation, dict) and set(variation) <= {
            f.name for f in dataclasses.fields(letters.Variation)}:
        level = letters.Variation(**variation)
    else:
        raise ConfigError(f"the generator's variation must be a level name or the variation's "
                          f"numbers, not {variation!r}")
    return count, size, level, seed


def regenerate(settings: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """The images and labels a lab's generator settings give (the same every time)."""
    count, size, variation, seed = _generator_args(settings)
    return letters.generate(count, size, variation, seed)


@dataclass
class Lab:
    """Everything a lab file holds; ``load_lab(save_lab(lab))`` gives it back exactly."""

    drawing: np.ndarray                           # (H, W) float32 in [-1, 1]
    explore: Network                              # Explore's network (takes the drawing)
    drawing_source: DrawingSource = field(default_factory=DrawingSource)
    explore_source: str = "classic"               # AppModel.network_source
    settings: dict[str, Any] = field(default_factory=dict)   # the app's, passed through
    data: TrainingData | None = None
    trained: Network | None = None
    history: RunHistory | None = None             # needs ``trained`` (its architecture)


def network_at_epoch(lab: Lab, epoch: float) -> tuple[Network, HistorySnapshot]:
    """The trained network as it was at ``epoch`` (0 = before training: the last snapshot
    at or before it) and that snapshot; a ConfigError past the run's end or without a
    history (``screenshot --lab FILE --at EPOCH``, the movie)."""
    if lab.history is None or lab.trained is None or not len(lab.history):
        raise ConfigError("this lab has no training history to go back in")
    if not (isinstance(epoch, (int, float)) and math.isfinite(epoch) and epoch >= 0):
        raise ConfigError(f"the epoch must be a number of at least 0 (got {epoch!r})")
    index = lab.history.index_at_epoch(epoch)
    return lab.history.network(index, lab.trained), lab.history.at(index)


# --- checks shared by saving (ConfigError) and loading (FileFormatError) -------------------
def _json_problem(value: Any, what: str, max_bytes: int) -> str | None:
    if not isinstance(value, dict):
        return f"{what} must be a JSON object"
    if json_depth(value) > 16:
        return f"{what} nest deeper than 16 levels"
    try:
        size = len(json.dumps(value, allow_nan=False).encode("utf-8"))
    except (TypeError, ValueError) as exc:
        return f"{what} are not plain JSON ({exc})"
    if size > max_bytes:
        return f"{what} take {size:,} bytes, at most {max_bytes:,} are allowed"
    return None


def _images_problem(images: np.ndarray, what: str) -> str | None:
    if images.dtype.kind != "f" or not np.all(np.isfinite(images)):
        return f"{what} must be finite numbers"
    if images.size and (images.min() < -1 or images.max() > 1):
        return f"{what} must be pixels from -1 to 1"
    return None


def _source_problem(source: DrawingSource) -> str | None:
    if source.kind not in DRAWING_KINDS:
        return (f"the drawing's kind must be one of {', '.join(DRAWING_KINDS)}, "
                f"not {source.kind!r}")
    if not isinstance(source.name, str) or len(source.name) > 4096:
        return "the drawing's name must be a text of at most 4096 characters"
    if source.label is not None and not (isinstance(source.label, str)
                                         and len(source.label) <= 100):
        return "the drawing's label must be a short text or nothing"
    return None


def _data_problem(data: TrainingData) -> str | None:
    classes = data.classes
    if not (isinstance(classes, (tuple, list)) and len(classes) >= 2
            and all(isinstance(c, str) and c for c in classes)
            and len(set(classes)) == len(classes)):
        return "the training data's classes must be two or more distinct names"
    pairs = [("own drawings", np.asarray(data.own_images), np.asarray(data.own_labels))]
    if (data.images is None) != (data.labels is None):
        return "the training data's images and labels come together"
    if data.images is not None:
        pairs.append(("training images", np.asarray(data.images), np.asarray(data.labels)))
    sizes = set()
    for what, images, labels in pairs:
        if images.ndim != 3 or labels.shape != images.shape[:1]:
            return f"the {what} must be (N, H, W) images with one label each"
        if not (1 <= min(images.shape[1:]) and max(images.shape[1:]) <= MAX_INPUT_SIZE):
            return f"the {what} are {images.shape[1]}x{images.shape[2]}, at most " \
                   f"{MAX_INPUT_SIZE}x{MAX_INPUT_SIZE} is allowed"
        if len(images):
            sizes.add(images.shape[1:])
        problem = _images_problem(images, f"the {what}")
        if problem:
            return problem
        if labels.dtype.kind not in "iu" or (len(labels) and (labels.min() < 0 or
                                                              labels.max() >= len(classes))):
            return f"the {what}' labels must be class numbers from 0 to {len(classes) - 1}"
    if len(sizes) > 1:
        return "the own drawings and the training images must be the same size"
    if data.generator is not None:
        problem = _json_problem(data.generator, "the generator's settings", MAX_SETTINGS_BYTES)
        if problem:
            return problem
        try:
            _generator_args(data.generator)
        except ConfigError as exc:
            return str(exc)
    return None


def _history_problem(history: RunHistory, trained: Network | None) -> str | None:
    if trained is None:
        return "a history needs the trained network (it gives the weights' architecture)"
    if not len(history):
        return "a history needs at least one snapshot"
    expected = {f"layers.{i}.{k}": v.shape for i, k, v in trained.parameters()}
    for snap in history.snapshots:
        if {k: v.shape for k, v in snap.state.items()} != expected:
            return f"the history's snapshot at step {snap.step} does not fit the trained network"
    return None


def _lab_problem(lab: Lab) -> str | None:
    drawing = np.asarray(lab.drawing)
    if drawing.shape != lab.explore.image_size:
        return (f"the drawing is {drawing.shape}, Explore's network takes "
                f"{lab.explore.image_size}")
    checks = [_images_problem(drawing, "the drawing"), _source_problem(lab.drawing_source),
              _json_problem(lab.settings, "the settings", MAX_SETTINGS_BYTES)]
    if not (isinstance(lab.explore_source, str) and len(lab.explore_source) <= 4096):
        checks.append("Explore's network's source must be a short text")
    if lab.data is not None:
        checks.append(_data_problem(lab.data))
    if lab.history is not None:
        checks.append(_history_problem(lab.history, lab.trained))
    return next((c for c in checks if c), None)


# --- saving ----------------------------------------------------------------------------
def _network_entries(prefix: str, net: Network) -> dict[str, Any]:
    entries: dict[str, Any] = {
        f"{prefix}/config.json": {"format": MODEL_FORMAT, "version": MODEL_VERSION, **net.config()}}
    for key, value in net.state_dict().items():
        entries[f"{prefix}/{key}.npy"] = value.astype(np.float32)
    return entries


def _history_entries(history: RunHistory) -> dict[str, Any]:
    snapshots = history.snapshots
    steps, positions, losses = history.batches()
    entries: dict[str, Any] = {"history/history.json": {
        "snapshots": [{"step": s.step, "epoch": s.epoch, "label": s.label,
                       "ordinal": s.ordinal, "pinned": s.pinned} for s in snapshots],
        "epochs": [dataclasses.asdict(r) for r in history.epochs],
        "thinned": history.thinned,
        "strides": list(history.strides),
        "budget_bytes": history.budget_bytes,
    }}
    for key in snapshots[0].state:
        entries[f"history/{key}.npy"] = np.stack([s.state[key] for s in snapshots])
    entries.update({"history/batch_steps.npy": steps, "history/batch_epochs.npy": positions,
                    "history/batch_losses.npy": losses})
    return entries


def lab_entries(lab: Lab) -> dict[str, Any]:
    """Every entry of the lab file, name -> JSON value or array (README, "Lab files")."""
    problem = _lab_problem(lab)
    if problem:
        raise ConfigError(f"cannot save this lab: {problem}")
    parts = [p for p, v in zip(PARTS, (lab.data, lab.trained, lab.history)) if v is not None]
    entries: dict[str, Any] = {
        "lab.json": {"format": FORMAT, "version": VERSION, "parts": parts,
                     "explore_source": lab.explore_source},
        "drawing.npy": np.asarray(lab.drawing, np.float32),
        "drawing.json": dataclasses.asdict(lab.drawing_source),
        "settings.json": lab.settings,
    }
    entries.update(_network_entries("explore", lab.explore))
    if lab.data is not None:
        data = lab.data
        entries["data/data.json"] = {"classes": list(data.classes),
                                     "images": data.images is not None,
                                     "generator": data.generator}
        entries["data/own_images.npy"] = np.asarray(data.own_images, np.float32)
        entries["data/own_labels.npy"] = np.asarray(data.own_labels, np.int64)
        if data.images is not None:
            entries["data/images.npy"] = np.asarray(data.images, np.float32)
            entries["data/labels.npy"] = np.asarray(data.labels, np.int64)
    if lab.trained is not None:
        entries.update(_network_entries("trained", lab.trained))
    if lab.history is not None:
        entries.update(_history_entries(lab.history))
    return entries


def save_lab(path: str | os.PathLike, lab: Lab) -> None:
    """Write ``lab`` atomically: the old file stays intact until the new one is complete.
    A ConfigError (before anything is written) if the lab cannot be saved as it is."""
    entries = lab_entries(lab)
    # weights barely compress and are most of a history: store them, compress the rest
    atomic_write(path, lambda stream: write_entries(
        stream, entries, lambda name, value: not name.startswith("history/layers.")))


# --- loading ---------------------------------------------------------------------------
class _Reader:
    """One lab file being read: every entry checked, each only once."""

    def __init__(self, archive: CheckedZip) -> None:
        self.archive = archive
        self.name = archive.name
        self.used: set[str] = set()

    def fail(self, message: str) -> FileFormatError:
        return FileFormatError(f"{self.name}: {message}")

    def json(self, entry: str, max_bytes: int = 1 << 20) -> Any:
        self.used.add(entry)
        return self.archive.json(entry, max_bytes)

    def array(self, entry: str, shape: tuple[int | None, ...], kinds: str) -> np.ndarray:
        self.used.add(entry)
        return self.archive.array(entry, shape, kinds)

    def object(self, entry: str, max_bytes: int = 1 << 20) -> dict[str, Any]:
        value = self.json(entry, max_bytes)
        if not isinstance(value, dict):
            raise self.fail(f"the entry {entry!r} is not a JSON object")
        return value

    def network(self, prefix: str) -> Network:
        config = self.object(f"{prefix}/config.json")
        if config.get("format") != MODEL_FORMAT or config.get("version") != MODEL_VERSION:
            raise self.fail(f"{prefix}/config.json is not a version {MODEL_VERSION} "
                            f"{MODEL_FORMAT!r} network description")
        try:
            shapes = {f"layers.{i}.{k}": v.shape
                      for i, k, v in Network.from_config(config).parameters()}
        except ConfigError as exc:
            raise self.fail(f"{prefix}/config.json describes an impossible network: {exc}") \
                from None
        arrays = {"config": np.array(json.dumps(config))}
        for key, shape in shapes.items():
            arrays[key] = self.array(f"{prefix}/{key}.npy", shape, "f")
        return network_from_arrays(arrays, f"{self.name}: {prefix}")


def _check(condition: bool, reader: _Reader, message: str) -> None:
    if not condition:
        raise reader.fail(message)


def _read_data(reader: _Reader) -> TrainingData:
    meta = reader.object("data/data.json", MAX_SETTINGS_BYTES + 65536)
    classes, stored, generator = meta.get("classes"), meta.get("images"), meta.get("generator")
    _check(isinstance(classes, list) and isinstance(stored, bool)
           and (generator is None or isinstance(generator, dict)), reader,
           "data/data.json needs 'classes' (a list), 'images' (true or false) and "
           "'generator' (an object or null)")
    own = reader.array("data/own_images.npy", (None, None, None), "f")
    own_labels = reader.array("data/own_labels.npy", (own.shape[0],), "iu")
    images = labels = None
    if stored:
        images = reader.array("data/images.npy", (None, None, None), "f")
        labels = reader.array("data/labels.npy", (images.shape[0],), "iu")
    _check(own.shape[0] + (0 if images is None else images.shape[0]) <= MAX_IMAGES, reader,
           f"the training data holds more than {MAX_IMAGES:,} images")
    data = TrainingData(tuple(classes), own.astype(np.float32), own_labels.astype(np.int64),
                        None if images is None else images.astype(np.float32),
                        None if labels is None else labels.astype(np.int64), generator)
    problem = _data_problem(data)
    _check(problem is None, reader, f"invalid training data: {problem}")
    return data


def _read_history(reader: _Reader, trained: Network) -> RunHistory:
    meta = reader.object("history/history.json", MAX_HISTORY_JSON_BYTES)
    items, epochs = meta.get("snapshots"), meta.get("epochs")
    strides, budget = meta.get("strides"), meta.get("budget_bytes")
    _check(isinstance(items, list) and items and isinstance(epochs, list)
           and isinstance(meta.get("thinned"), bool)
           and isinstance(strides, list) and len(strides) == 2
           and all(_whole(v) and v >= 1 for v in strides) and _whole(budget) and budget >= 1,
           reader, "history/history.json needs 'snapshots' (a non-empty list), 'epochs', "
                   "'thinned', 'strides' and 'budget_bytes'")
    count = len(items)
    stacks = {key: reader.array(f"history/{key}.npy", (count, *value.shape), "f")
              for key, value in trained.state_dict().items()}
    for key, stack in stacks.items():
        _check(bool(np.isfinite(stack).all()), reader,
               f"history/{key}.npy contains NaN or infinite values")
    snapshots, last_step = [], -1
    for i, item in enumerate(items):
        ok = (isinstance(item, dict) and _whole(item.get("step")) and item["step"] > last_step
              and _number(item.get("epoch")) and isinstance(item.get("label"), str)
              and _whole(item.get("ordinal")) and isinstance(item.get("pinned"), bool))
        _check(ok, reader, f"history snapshot {i} needs a step (after the one before "
                           f"it), an epoch, a label, an ordinal and pinned")
        last_step = item["step"]
        snapshots.append(HistorySnapshot(item["step"], float(item["epoch"]), item["label"],
                                         {k: v[i] for k, v in stacks.items()},
                                         item["ordinal"], item["pinned"]))
    steps = reader.array("history/batch_steps.npy", (None,), "iu")
    batches = (steps.astype(np.int64),
               reader.array("history/batch_epochs.npy", steps.shape, "f").astype(np.float64),
               reader.array("history/batch_losses.npy", steps.shape, "f").astype(np.float64))
    _check(all(bool(np.isfinite(b).all()) for b in batches[1:]), reader,
           "the history's batch metrics contain NaN or infinite values")
    records = []
    names = [f.name for f in dataclasses.fields(EpochRecord)]
    for i, item in enumerate(epochs):
        ok = (isinstance(item, dict) and sorted(item) == sorted(names)
              and _whole(item["epoch"]) and _whole(item["step"])
              and all(_number(item[k]) for k in ("train_loss", "train_accuracy", "elapsed"))
              and all(item[k] is None or _number(item[k]) for k in ("val_loss", "val_accuracy")))
        _check(ok, reader, f"history epoch record {i} needs {', '.join(names)} (numbers)")
        records.append(EpochRecord(**item))
    return RunHistory.restore(snapshots, batches, records, meta["thinned"], tuple(strides),
                              budget)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _read_lab(reader: _Reader) -> Lab:
    meta = reader.object("lab.json")
    if meta.get("format") != FORMAT:
        raise reader.fail(f"this is not an XO ConvNet lab file (format {FORMAT!r} expected)")
    version = meta.get("version")
    if not _whole(version) or version < 1:
        raise reader.fail(f"the lab file version {version!r} is not a version number")
    if version > VERSION:
        raise reader.fail(f"this lab file is format version {version}, written by a newer "
                          f"XO ConvNet Lab; this program reads version {VERSION} and older")
    parts, source = meta.get("parts"), meta.get("explore_source")
    _check(isinstance(parts, list) and all(p in PARTS for p in parts)
           and len(set(parts)) == len(parts) and isinstance(source, str), reader,
           f"lab.json needs 'parts' (some of {', '.join(PARTS)}) and 'explore_source'")
    explore = reader.network("explore")
    drawing = reader.array("drawing.npy", explore.image_size, "f").astype(np.float32)
    drawn = reader.object("drawing.json")
    _check(sorted(drawn) == ["kind", "label", "name"], reader,
           "drawing.json needs exactly 'kind', 'name' and 'label'")
    settings = reader.object("settings.json", MAX_SETTINGS_BYTES)
    data = _read_data(reader) if "data" in parts else None
    trained = reader.network("trained") if "trained" in parts else None
    history = None
    if "history" in parts:
        _check(trained is not None, reader, "a history needs the trained network, which is "
                                            "missing")
        history = _read_history(reader, trained)
    lab = Lab(drawing, explore, DrawingSource(**drawn), source, settings, data, trained, history)
    problem = _lab_problem(lab)
    _check(problem is None, reader, f"not a valid lab: {problem}")
    extra = sorted(reader.archive.names - reader.used)
    if extra:
        raise reader.fail(f"the entry {extra[0]!r} is not part of a lab file")
    return lab


def load_lab(path: str | os.PathLike) -> Lab:
    """Read a lab file: a complete new Lab, or one FileFormatError sentence."""
    name = os.fspath(path)
    try:
        with CheckedZip(path, "lab", MAX_LAB_BYTES, MAX_ENTRY_BYTES, MAX_UNPACKED_BYTES,
                        MAX_ENTRIES) as archive:
            return _read_lab(_Reader(archive))
    except FileFormatError:
        raise
    except XoError as exc:
        raise FileFormatError(f"{name}: {exc}") from None
    except Exception as exc:                     # hostile contents: never a traceback
        raise FileFormatError(f"{name} is a damaged lab file "
                              f"({type(exc).__name__}: {exc})") from None
