"""Files are read off the GUI thread: one reader for every open of the lab (a drawing, a
picture, a lab file, a model, a dataset), so the window never waits on a disk or a
decoder for longer than a frame.

An open is a :class:`FileTask` in two halves: ``load`` reads and checks the file in a
worker thread (pure engine code; an ``XoError`` says what is wrong), ``apply`` puts the
result into the lab on the GUI thread (and may still refuse).  A cancelled read is
forgotten: its result is never applied, so Cancel leaves the lab exactly as it was.  The
engine's file limits bound every read, so a cancelled one ends on its own soon after.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from ..engine.errors import XoError
from .engine_messages import engine_text

translate = QCoreApplication.translate


@dataclass
class FileTask:
    """One open: ``load`` (any thread) → ``apply`` (GUI thread) or ``fail(sentence)``."""

    load: Callable[[], Any]
    apply: Callable[[Any], bool]
    fail: Callable[[str], None]

    def now(self) -> bool:
        """Read on this thread (tests, headless tools): the same checks, the same result."""
        try:
            result = self.load()
        except XoError as exc:
            self.fail(engine_text(exc))
            return False
        return self.apply(result)


class _Read(QThread):
    """Runs one ``load``; reports through ``ended`` (the reader decides what to do)."""

    ended = Signal(object, object, str)       # itself, the result, the refusal ('' if none)

    def __init__(self, task: FileTask) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        result, why = None, ""
        try:
            result = self.task.load()
        except XoError as exc:
            why = engine_text(exc)       # translate is thread-safe
        except MemoryError:
            why = translate("FileReader", "there is not enough memory to read it")
        except Exception as exc:              # never a traceback: one sentence, nothing changed
            why = translate("FileReader", "it could not be read ({error})").format(
                error=f"{type(exc).__name__}: {exc}")
        self.ended.emit(self, result, why)


class FileReader(QObject):
    """At most one read at a time; a new one, or ``cancel()``, forgets the one before."""

    busyChanged = Signal(bool)
    finished = Signal(bool)                   # a read was applied (True) or refused (False)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.what = ""                        # what is being read, for a progress dialog
        self._current: _Read | None = None
        self._threads: set[_Read] = set()     # cancelled ones too, until they end
        app = QCoreApplication.instance()
        if app is not None:                   # never leave a running thread behind at exit
            app.aboutToQuit.connect(self.shutdown)

    @property
    def busy(self) -> bool:
        return self._current is not None

    def read(self, task: FileTask, what: str = "") -> None:
        """Start reading; the result is applied (or refused) when the worker is done."""
        was_busy = self.busy
        self._current = None
        thread = _Read(task)
        thread.ended.connect(self._on_ended)
        thread.finished.connect(self._on_finished)
        self.what = what
        self._current = thread
        self._threads.add(thread)
        thread.start()
        if not was_busy:
            self.busyChanged.emit(True)

    def cancel(self) -> None:
        """Forget the read under way: nothing it found will change the lab."""
        if self._current is not None:
            self._current = None
            self.busyChanged.emit(False)

    def wait(self) -> None:
        """Block until the read under way has been applied or refused (tests, tools)."""
        while self._current is not None:
            thread = self._current
            thread.wait()
            QCoreApplication.sendPostedEvents(self)
            QCoreApplication.processEvents()

    def shutdown(self) -> None:
        """Forget any read and wait for every reading thread (the window is closing)."""
        self.cancel()
        for thread in list(self._threads):
            thread.wait()

    def _on_finished(self) -> None:
        thread = self.sender()
        self._threads.discard(thread)
        thread.deleteLater()

    def _on_ended(self, thread: _Read, result: Any, why: str) -> None:
        if thread is not self._current:
            return                            # cancelled, or replaced by a newer read
        self._current = None
        self.busyChanged.emit(False)
        if why:
            thread.task.fail(why)
            self.finished.emit(False)
        else:
            self.finished.emit(bool(thread.task.apply(result)))
