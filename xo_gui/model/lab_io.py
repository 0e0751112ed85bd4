"""The lab model as a lab file (README, "Lab files"): what is saved, and how a loaded lab
replaces the open one (only once everything in it has been checked, so a bad file
changes nothing)."""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ..engine.data import Variation
from ..engine.errors import FileFormatError
from ..engine.lab import DrawingSource, Lab, TrainingData as LabData, generator_settings
from ..engine.lab_file import load_lab, save_lab
from .drawing import MAX_GRID, MIN_GRID, Origin, OriginKind
from .training_data import DataSettings
from .training_settings import Architecture, Knobs, Start

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
    for value, kind in ((architecture.blocks, int), (knobs.lr, float), (knobs.batch_size, int),
                        (knobs.epochs, int), (data.count, int), (data.validation, float)):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise FileFormatError(f"its settings hold {value!r} where a number belongs")
    return architecture, knobs, data, name


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
