"""The folder last used for each kind of file (drawings, pictures, models, datasets, labs,
exports), remembered between runs so every dialog opens where the user was."""
from __future__ import annotations

import os

from PySide6.QtCore import QSettings

MAX_RECENT = 8


def folder(kind: str, name: str = "") -> str:
    """Where a dialog for ``kind`` opens (with ``name`` as the suggested file)."""
    where = QSettings().value(f"folders/{kind}", "", str)
    return os.path.join(where, name) if where and name else (where or name)


def remember(kind: str, path: str) -> None:
    """Keep the folder of ``path`` for ``kind``; labs also join the recent list."""
    settings = QSettings()
    settings.setValue(f"folders/{kind}", os.path.dirname(os.path.abspath(path)))
    if kind == "lab":
        recent = [p for p in settings.value("recent_labs", [], list) if p != path]
        settings.setValue("recent_labs", [path, *recent][:MAX_RECENT])


def ask_open(parent, kind: str, title: str, filters: str) -> str:
    """A file to open, the dialog starting where this kind was last opened ('' if none)."""
    from PySide6.QtWidgets import QFileDialog
    path, _ = QFileDialog.getOpenFileName(parent, title, folder(kind), filters)
    if path:
        remember(kind, path)
    return path


def ask_save(parent, kind: str, title: str, name: str, filters: str) -> str:
    """Where to save, suggesting ``name`` in the folder last used for this kind."""
    from PySide6.QtWidgets import QFileDialog
    path, _ = QFileDialog.getSaveFileName(parent, title, folder(kind, name), filters)
    if path:
        remember(kind, path)
    return path
