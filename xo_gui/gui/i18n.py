"""The window's languages (README, "Languages"): our messages and Qt's own dialogs through
Qt's translators, chosen by ``--lang``, the remembered choice, or the system locale."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from ..engine.languages import LANGUAGES
QM_DIR = Path(__file__).resolve().parent.parent / "i18n"     # shipped in the package


def system_language() -> str:
    """The system locale's language if we have it (``LANG=zh_CN.UTF-8``), else English."""
    name = QLocale.system().name()
    return next((lang for lang in LANGUAGES if lang != "en" and name.startswith(lang[:2])),
                "en")


def chosen_language(asked: str | None = None) -> str:
    """``asked`` (--lang), else the language chosen last time, else the system's."""
    if asked:
        return asked
    saved = QSettings().value("language", "", str)
    return saved if saved in LANGUAGES else system_language()


def check_language(lang: str) -> str:
    """ValueError with one sentence for a language we do not have."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


def without_mnemonic(text: str) -> str:
    """A menu item's text as a button says it: no "&O" mnemonic, no Chinese-style "(&O)"
    after the words, no trailing "…"."""
    text = re.sub(r"\(&[^&]\)", "", text).replace("&&", "\0").replace("&", "")
    return text.replace("\0", "&").removesuffix("…").strip()


class Translations:
    """The translators installed in the application, one language at a time."""

    def __init__(self) -> None:
        self.language = "en"
        self._installed: list[QTranslator] = []

    def install(self, lang: str) -> None:
        app = QCoreApplication.instance()
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        self.language = check_language(lang)
        if lang == "en":
            return
        ours = QTranslator(app)
        if not ours.load(f"xo_gui_{lang}", str(QM_DIR)):
            raise ValueError(f"the {lang} translation is missing from {QM_DIR}")
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for translator, ok in ((ours, True), (qt, qt.load(f"qt_{lang}", qt_dir))):
            if ok:
                app.installTranslator(translator)
                self._installed.append(translator)


_TRANSLATIONS: Translations | None = None


def translations() -> Translations:
    """The one set of translators of this process."""
    global _TRANSLATIONS
    if _TRANSLATIONS is None:
        _TRANSLATIONS = Translations()
    return _TRANSLATIONS
