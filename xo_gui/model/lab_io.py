"""The lab model as a lab file (README, "Lab files"): what is saved, and how a loaded lab
replaces the open one (only once everything in it has been checked, so a bad file
changes nothing)."""
from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Any

from ..engine.data import Variation
from ..engine.errors import FileFormatError, XoError
from ..engine.kinds import KINDS
from ..engine.limits import check_dataset_size
from ..engine.losses import LOSSES
from ..engine.optim import OPTIMIZERS
from ..engine.lab import DrawingSource, Lab, TrainingData as LabData, generator_settings
from ..engine.lab_file import load_lab, save_lab
from .drawing import MAX_GRID, MIN_GRID, Origin, OriginKind
from .training_data import DataSettings
from .training_settings import PACES, Architecture, Knobs, Start

if TYPE_CHECKING:
    from .lab import LabModel


def to_lab(model: "LabModel") -> Lab:
    """Everything the window holds, as an engine ``Lab``."""
    training = model.training
    data, settings, session = training.data, training.settings, training.session
    origin = model.origin
    label = None if origin.label is None else model.classes[origin.label]
    arch = dataclasses.asdict(settings.architecture)
    arch["start"], arch["frozen"] = settings.architecture.start.value, list(arch["frozen"])
    window = {"architecture": arch, "knobs": dataclasses.asdict(settings.knobs),
              "data": {"count": data.settings.count, "seed": data.settings.seed,
                       "validation": data.settings.validation,
                       "variation": dataclasses.asdict(data.settings.variation),
                       "kind": data.settings.kind, "classes": data.settings.classes,
                       "shuffle": data.settings.shuffle},
              "explore_name": model.network_name}
    size = (data.size, data.size)
    if data.file is not None or not data.settings.plain_letters:
        images, labels = data.images
        lab_data = LabData.from_pairs(data.classes, data.own, size, images=images,
                                      labels=labels)
    else:
        s = data.settings
        lab_data = LabData.from_pairs(data.classes, data.own, size, generator=generator_settings(
            s.count, data.size, s.variation, s.seed, validation=s.validation))
    history = session.run_history if len(session.run_history) else None
    return Lab(model.image.copy(), model.network.copy(),
               DrawingSource(origin.kind.value, origin.name, label),
               model.network_source.value, window, lab_data,
               session.current.copy() if session.current is not None else None, history)


def save(model: "LabModel", path: str) -> None:
    save_lab(path, to_lab(model))


def _settings(window: dict[str, Any]) -> tuple[Architecture, Knobs, DataSettings, str]:
    """The window's settings from a lab, checked (FileFormatError says what is wrong)."""
    try:
        arch = dict(window.get("architecture", {}))
        arch["start"] = Start(arch.get("start", Start.RANDOM.value))
        arch["frozen"] = tuple(int(i) for i in arch.get("frozen", ()))
        architecture = Architecture(**arch)
        knobs = Knobs(**window.get("knobs", {}))
        d = dict(window.get("data", {}))
        d["variation"] = Variation(**d.get("variation", {}))
        data = DataSettings(**d)
        name = str(window.get("explore_name", ""))
    except (TypeError, ValueError, AttributeError) as exc:
        raise FileFormatError(f"its settings are not ones this program knows ({exc})") from None
    for part in (architecture, knobs, data):
        for f in dataclasses.fields(part):
            _check_field(f.name, f.type, getattr(part, f.name))
    choices = ((architecture.pool, ("max", "avg")), (knobs.optimizer, tuple(OPTIMIZERS)),
               (knobs.loss, tuple(LOSSES)), (knobs.stop_rule, ("epochs", "accuracy", "loss")),
               (knobs.pace, tuple(PACES)), (data.kind, KINDS))
    for value, known in choices:
        if value not in known:
            raise FileFormatError(f"its settings hold {value!r} where one of "
                                  f"{', '.join(known)} belongs")
    if not knobs.lr > 0 or not data.validation < 1:
        raise FileFormatError("its learning rate or validation share is out of range")
    return architecture, knobs, data, name


_AT_LEAST_ONE = {"blocks", "feature_size", "pool_size", "pool_stride", "batch_size", "epochs"}
_QT_INT = 2**31 - 1                  # what the window's number boxes can hold


def _check_field(name: str, kind: str, value: Any) -> None:
    """Strict types for every setting, numbers within what the window can hold."""
    if kind == "int":
        ok = type(value) is int and (1 if name in _AT_LEAST_ONE else 0) <= value <= _QT_INT
    elif kind == "float":
        ok = type(value) in (int, float) and math.isfinite(value) and 0 <= value <= 1e6
    elif kind in ("str", "bool"):
        ok = type(value).__name__ == kind and (kind == "bool" or len(value) <= 1000)
    else:
        return                             # enums, tuples, Variation: checked when made
    if not ok:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
        raise FileFormatError(f"its setting {name} = {shown} is not one the window can use")


def open_lab(model: "LabModel", path: str) -> None:
    """Replace the open lab with the file's (XoError, and nothing changes, if it is bad)."""
    model.restore(*read_lab(path))


def read_lab(path: str) -> tuple:
    """A lab file read and checked, as ``LabModel.restore``'s arguments (any thread; the
    window reads it in the file reader's worker)."""
    from .lab import NetworkSource
    lab = load_lab(path)
    architecture, knobs, data_settings, name = _settings(lab.settings)
    size = lab.drawing.shape[0]
    if lab.drawing.shape[0] != lab.drawing.shape[1] or not MIN_GRID <= size <= MAX_GRID:
        raise FileFormatError(f"its drawing is {lab.drawing.shape[0]}×{lab.drawing.shape[1]}; "
                              f"the window draws square grids of {MIN_GRID} to {MAX_GRID}")
    try:
        check_dataset_size(data_settings.count, size, size)   # what it would generate
    except XoError as exc:
        raise FileFormatError(f"its data settings ask for too much: {exc}") from None
    try:
        source = NetworkSource(lab.explore_source)
        kind = OriginKind(lab.drawing_source.kind)
    except ValueError:
        raise FileFormatError("it names a network or drawing source this program does not "
                              "know") from None
    classes = lab.explore.classes
    label = lab.drawing_source.label
    origin = Origin(kind, lab.drawing_source.name,
                    classes.index(label) if label in classes else None)
    return lab, source, name, origin, architecture, knobs, data_settings
