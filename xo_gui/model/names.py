"""Names a person reads for the model's things (presets, the tutorial's features)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..engine.classic import FEATURE_NAMES

# The engine's names of the tutorial's features, marked for the translators.
_FEATURES = (QT_TRANSLATE_NOOP("Features", "down-diagonal"),
             QT_TRANSLATE_NOOP("Features", "centre cross"),
             QT_TRANSLATE_NOOP("Features", "up-diagonal"))


def preset_title(name: str) -> str:
    """'x-shifted' -> 'X shifted', for menus a person reads."""
    letter, _, kind = name.partition("-")
    kinds = {
        "": QCoreApplication.translate("Presets", "{letter} (canonical)"),
        "shifted": QCoreApplication.translate("Presets", "{letter} shifted"),
        "small": QCoreApplication.translate("Presets", "{letter} small"),
        "large": QCoreApplication.translate("Presets", "{letter} large"),
        "rotated": QCoreApplication.translate("Presets", "{letter} rotated"),
        "thick": QCoreApplication.translate("Presets", "{letter} thick"),
        "noisy": QCoreApplication.translate("Presets", "{letter} noisy"),
    }
    pattern = kinds.get(kind, "{letter} " + kind)
    return pattern.format(letter=letter.upper())


def feature_name(tutorial: bool, index: int) -> str:
    """The tutorial's name for its own features ('down-diagonal', …), else a number."""
    if tutorial and index < len(FEATURE_NAMES):
        return QCoreApplication.translate("Features", FEATURE_NAMES[index])
    return QCoreApplication.translate("Features", "feature {n}").format(n=index + 1)


def kind_preset_title(kind: str, name: str) -> str:
    """'sound', 'rising' -> 'Sound: a rising tone'; 'text', 'bad' -> 'Text: a word with
    “bad”' (the engine's class names of those kinds)."""
    if kind == "sound":
        sounds = {
            "rising": QCoreApplication.translate("Presets", "Sound: a rising tone"),
            "falling": QCoreApplication.translate("Presets", "Sound: a falling tone"),
            "steady": QCoreApplication.translate("Presets", "Sound: a steady tone"),
            "beeps": QCoreApplication.translate("Presets", "Sound: beeps"),
            "arch": QCoreApplication.translate("Presets", "Sound: up, then down"),
            "valley": QCoreApplication.translate("Presets", "Sound: down, then up"),
        }
        return sounds.get(name, QCoreApplication.translate("Presets", "Sound: {name}")
                          .format(name=name))
    return QCoreApplication.translate("Presets", "Text: a word with “{motif}”").format(
        motif=name)
