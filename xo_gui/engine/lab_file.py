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
import os
from typing import Any

import numpy as np

from .checked_zip import CheckedZip, write_entries
from .errors import ConfigError, FileFormatError, Phrase, XoError
from .model_files import FORMAT as MODEL_FORMAT, VERSION as MODEL_VERSION, network_from_arrays
from .network import Network
from .lab import (DRAWING_KINDS, FORMAT, MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_HISTORY_JSON_BYTES,
                  MAX_IMAGES, MAX_LAB_BYTES, MAX_SETTINGS_BYTES, MAX_UNPACKED_BYTES, PARTS,
                  SUFFIX, VERSION, DrawingSource, Lab, TrainingData, _data_problem,
                  _lab_problem, _number, _whole,
                  generator_settings, network_at_epoch, regenerate)
from .run_history import HistorySnapshot, RunHistory
from .safe_files import atomic_write
from .train import EpochRecord

__all__ = ["DRAWING_KINDS", "FORMAT", "SUFFIX", "VERSION", "DrawingSource", "Lab", "TrainingData",
           "generator_settings", "lab_entries", "load_lab", "network_at_epoch", "regenerate",
           "save_lab"]

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

    def fail(self, message: str, **params: object) -> FileFormatError:
        problem = message if isinstance(message, Phrase) else Phrase(message, **params)
        return FileFormatError("{name}: {problem}", name=self.name, problem=problem)

    def json(self, entry: str, max_bytes: int = 1 << 20) -> Any:
        self.used.add(entry)
        return self.archive.json(entry, max_bytes)

    def array(self, entry: str, shape: tuple[int | None, ...], kinds: str) -> np.ndarray:
        self.used.add(entry)
        return self.archive.array(entry, shape, kinds)

    def object(self, entry: str, max_bytes: int = 1 << 20) -> dict[str, Any]:
        value = self.json(entry, max_bytes)
        if not isinstance(value, dict):
            raise self.fail("the entry {entry!r} is not a JSON object", entry=entry)
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


def _check(condition: bool, reader: _Reader, message: str | Phrase) -> None:
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


def _read_lab(reader: _Reader) -> Lab:
    meta = reader.object("lab.json")
    if meta.get("format") != FORMAT:
        raise reader.fail("this is not an XO ConvNet lab file (format {format!r} expected)",
                          format=FORMAT)
    version = meta.get("version")
    if not _whole(version) or version < 1:
        raise reader.fail("the lab file version {version!r} is not a version number",
                          version=version)
    if version > VERSION:
        raise reader.fail("this lab file is format version {version}, written by a newer XO "
                          "ConvNet Lab; this program reads version {known} and older",
                          version=version, known=VERSION)
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
    _check(problem is None, reader, Phrase("not a valid lab: {problem}", problem=problem))
    extra = sorted(reader.archive.names - reader.used)
    if extra:
        raise reader.fail("the entry {entry!r} is not part of a lab file", entry=extra[0])
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
        raise FileFormatError("{name}: {problem}", name=name, problem=exc) from None
    except Exception as exc:                     # hostile contents: never a traceback
        raise FileFormatError("{name} is a damaged lab file ({error}: {detail})", name=name,
                              error=type(exc).__name__, detail=exc) from None
