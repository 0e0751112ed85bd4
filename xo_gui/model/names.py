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
