"""File → Open Lab, Save Lab, Save Lab As, recent labs: the whole lab as one file
(README, "Lab files").  A bad file is explained and the open lab stays as it was."""
from __future__ import annotations

import os

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from ..engine.errors import XoError
from ..model.engine_messages import engine_text
from ..model.lab import LabModel
from ..model.file_reader import FileTask
from ..model.lab_io import read_lab, save
from .widgets.folders import folder, remember

LAB_FILTER = "XO labs (*.xolab)"


class LabActions(QObject):
    """The lab file's actions for the File menu."""

    def __init__(self, model: LabModel, window: QWidget) -> None:
        super().__init__(window)
        self.model, self.window = model, window
        self.open_action = self._action(self.tr("&Open Lab…"), self.open_dialog,
                                        QKeySequence.StandardKey.Open)
        self.save_action = self._action(self.tr("&Save Lab"), self.save,
                                        QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(self.tr("Save Lab &As…"), self.save_as,
                                           QKeySequence.StandardKey.SaveAs)
        self.movie_action = QAction(self.tr("Export &Movie…"), self)
        self.movie_action.setToolTip(self.tr("The run's learning as an animated GIF: one frame "
                                             "per moment of the history"))
        self.movie_action.triggered.connect(lambda _=False: self.export_movie())
        self.wav_action = QAction(self.tr("Drawing as &Sound (WAV)…"), self)
        self.wav_action.setToolTip(self.tr("Hear the drawing as a spectrogram: rows are "
                                           "pitches (high on top), columns are moments"))
        self.wav_action.triggered.connect(lambda _=False: self.export_wav())
        self.recent_menu = QMenu(self.tr("Open &Recent"), window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    def _action(self, text: str, slot, keys) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _=False: slot())
        return action

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = QSettings().value("recent_labs", [], list)
        for number, path in enumerate(recent, 1):     # "&1 name": a mnemonic each
            action = self.recent_menu.addAction(
                f"&{number} " + os.path.basename(path).replace("&", "&&"))
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open(p))
        if not recent:
            self.recent_menu.addAction(self.tr("(none yet)")).setEnabled(False)

    def open_dialog(self) -> bool:
        if not self.confirm_discard():
            return False
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open lab"), folder("lab"),
                                              LAB_FILTER)
        return bool(path) and self.open(path, ask=False)

    def open(self, path: str, ask: bool = True) -> bool:
        """Start reading a lab file in the lab's file reader (False if the user said
        Cancel to "save first?"); a refusal is said and nothing changes."""
        if ask and not self.confirm_discard():
            return False

        def opened(parts: tuple) -> bool:
            self.model.restore(*parts)
            self.model.mark_saved(path)
            remember("lab", path)
            return True

        def fail(why: str) -> None:
            QMessageBox.warning(self.window, self.tr("Cannot open lab"),
                                self.tr("Cannot open {path}:\n{why}").format(path=path, why=why))
        self.model.files.read(FileTask(lambda: read_lab(path), opened, fail),
                              os.path.basename(path))
        return True

    def save(self) -> bool:
        return self.save_to(self.model.path) if self.model.path else self.save_as()

    def save_as(self) -> bool:
        start = self.model.path or folder("lab", "lab.xolab")
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save lab"), start,
                                              LAB_FILTER)
        if not path:
            return False
        if not path.endswith(".xolab"):
            path += ".xolab"
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        """Save atomically; a failure is said and the file on disk stays as it was."""
        try:
            save(self.model, path)
        except (XoError, OSError) as exc:
            QMessageBox.warning(self.window, self.tr("Cannot save lab"), engine_text(exc))
            return False
        self.model.mark_saved(path)
        remember("lab", path)
        return True

    def export_movie(self, path: str | None = None) -> bool:
        """File → Export → Movie, with a progress bar and Cancel; the lab is not changed."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QProgressDialog

        from ..model.lab_io import to_lab
        from .movie import MovieCancelled, render_lab_movie
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.window, self.tr("Export movie"),
                folder("movie", "learning.gif"), self.tr("Animated GIF (*.gif)"))
            if not path:
                return False
        dialog = QProgressDialog(self.tr("Rendering the movie…"), self.tr("Cancel"), 0, 0,
                                 self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def progress(done: int, total: int) -> bool:
            dialog.setMaximum(total)
            dialog.setValue(done)
            QApplication.processEvents()
            return not dialog.wasCanceled()

        try:
            render_lab_movie(to_lab(self.model), path, progress=progress)
        except MovieCancelled:
            return False
        except XoError as exc:
            QMessageBox.warning(self.window, self.tr("Cannot export movie"), engine_text(exc))
            return False
        finally:
            dialog.close()
        remember("movie", path)
        return True

    def export_wav(self, path: str | None = None) -> bool:
        """File → Export → Drawing as Sound: any grid read as a spectrogram, as a WAV."""
        from ..engine.sound import grid_to_sound, sound_to_wav
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export sound"),
                                                  folder("wav", "drawing.wav"),
                                                  self.tr("Sound (*.wav)"))
            if not path:
                return False
        try:
            sound_to_wav(path, grid_to_sound(self.model.image))
        except (XoError, OSError) as exc:
            QMessageBox.warning(self.window, self.tr("Cannot export sound"), engine_text(exc))
            return False
        remember("wav", path)
        return True

    def confirm_discard(self) -> bool:
        """Save / Discard / Cancel when the lab has unsaved work; True to go ahead."""
        if not self.model.modified:
            return True
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.question(
            self.window, self.tr("Unsaved lab"),
            self.tr("The lab has changes that are not saved (the drawing, the networks or "
                    "the training). Save the lab first?"), buttons,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard
