"""A "Reading …" dialog with Cancel, shown only when a file read takes longer than
``DELAY_MS`` (a small file never flashes a dialog)."""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from ...model.file_reader import FileReader

DELAY_MS = 200


class ReadProgress(QObject):
    """Watches the lab's file reader; Cancel forgets the read (the lab stays as it was)."""

    def __init__(self, reader: FileReader, window: QWidget) -> None:
        super().__init__(window)
        self.reader, self.window = reader, window
        self.dialog: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._show)
        reader.busyChanged.connect(self._on_busy)

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._timer.start()
            return
        self._timer.stop()
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.canceled.disconnect(self.reader.cancel)   # closing it would "cancel"
            dialog.hide()
            dialog.deleteLater()

    def _show(self) -> None:
        if not self.reader.busy or self.dialog is not None:
            return
        dialog = QProgressDialog(self.tr("Reading {name}…").format(name=self.reader.what),
                                 self.tr("Cancel"), 0, 0, self.window)
        dialog.setWindowTitle(self.tr("Reading a file"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.reader.cancel)
        self.dialog = dialog
        dialog.show()
