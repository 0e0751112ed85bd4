"""The Compare page's state: the limitation demo (engine/demo.py) run in a worker thread
with progress and Cancel, and its four validation accuracies when it is done.

The thread follows training_data.py's generator: a ``cancelled`` event the engine checks
after every batch, a cancelled run emits nothing, and ``shutdown`` waits for it.  Each run
writes its data sets to a new temporary folder; only the folder of the results shown is
kept (the commands shown use it), the others are removed when their run ends.
"""
from __future__ import annotations

import shlex
import shutil
import tempfile
import threading

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from ..engine.demo import COUNT, DemoResult, dataset_command, run_limitation
from ..engine.errors import XoError
from ..engine.train_records import Progress
from .engine_messages import engine_text


class _DemoRunner(QThread):
    """Write the demo's data sets and train its four networks; progress in percent."""

    progress = Signal(int)
    done = Signal(object)                # itself, with ``results``

    def __init__(self, out_dir: str, count: int) -> None:
        super().__init__()
        self.out_dir, self.count = out_dir, count
        self.cancelled = threading.Event()
        self.results: list[DemoResult] | None = None
        self.error = ""
        self._percent = -1

    def run(self) -> None:
        try:
            results = run_limitation(self.out_dir, self._report, self.cancelled, self.count)
        except (XoError, OSError) as exc:
            if not self.cancelled.is_set():
                self.error = engine_text(exc)
            return
        if not self.cancelled.is_set():
            self.results = results
            self.done.emit(self)

    def _report(self, run: int, runs: int, p: Progress) -> None:
        percent = int(100 * (run + p.step / max(p.total_steps, 1)) / runs)
        if percent != self._percent:          # a hundred signals, not one per batch
            self._percent = percent
            self.progress.emit(percent)


class CompareRun(QObject):
    """Run the demo, show how far it is, keep its results: idle, running or done."""

    stateChanged = Signal(str)           # idle | running | done
    progress = Signal(int)               # percent of the four trainings
    finished = Signal()                  # new results are ready
    refused = Signal(str, str)

    def __init__(self, parent: QObject | None = None, count: int = COUNT) -> None:
        super().__init__(parent)
        self.count = count               # images per data set (tests use fewer)
        self.state = "idle"
        self.percent = 0
        self.results: list[DemoResult] = []
        self.out_dir = ""
        self.note = ""                   # what happened to the last run, if it did not end
        self._worker: _DemoRunner | None = None
        self._threads: set[_DemoRunner] = set()     # cancelled ones too, until they end
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # --- reading ---------------------------------------------------------------------
    def accuracy(self, model: str, data: str) -> float | None:
        """The validation accuracy of model 'convnet'|'fully_connected' on data
        'ordered'|'shuffled', or None before a run has ended."""
        return next((r.val_accuracy for r in self.results
                     if r.model == model and r.data == data), None)

    def commands(self) -> list[str]:
        """The shell lines that make the same data and train the same four networks."""
        if not self.results:
            return []
        lines = [dataset_command(self.out_dir, shuffled, self.count)
                 for shuffled in (False, True)]
        lines += [r.command for r in self.results]
        return [shlex.join(["xo-gui", *line]) for line in lines]

    # --- intents ---------------------------------------------------------------------
    def run(self) -> bool:
        """Start the demo in a new folder; refused (False) while one is running."""
        if self._worker is not None:
            self.refused.emit(self.tr("Cannot run the comparison"),
                              self.tr("The comparison is already running."))
            return False
        try:
            out_dir = tempfile.mkdtemp(prefix="xo-gui-limitation-")
        except OSError as exc:
            self.refused.emit(self.tr("Cannot run the comparison"), self.tr(
                "There is no room for its data sets: {why}").format(why=exc))
            return False
        worker = _DemoRunner(out_dir, self.count)
        worker.progress.connect(self._on_progress)
        worker.done.connect(self._on_done)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        self._threads.add(worker)
        self.note = ""
        self._on_progress(0)
        self._set_state("running")
        worker.start()
        return True

    def cancel(self) -> None:
        """Stop after the current batch; the results of the last finished run stay."""
        if self._worker is None:
            return
        self._worker.cancelled.set()
        self._worker = None
        self.percent = 0
        self.note = self.tr("Cancelled: nothing was changed.")
        self._set_state("done" if self.results else "idle")

    def shutdown(self) -> None:
        """Cancel and wait for every demo thread (the window is closing)."""
        for worker in list(self._threads):
            worker.cancelled.set()
            worker.wait()
            if worker.out_dir != self.out_dir:
                shutil.rmtree(worker.out_dir, ignore_errors=True)

    # --- internals -------------------------------------------------------------------
    def _on_progress(self, percent: int) -> None:
        if self.sender() in (None, self._worker):
            self.percent = percent
            self.progress.emit(percent)

    def _on_done(self, worker: _DemoRunner) -> None:
        if worker is self._worker and not worker.cancelled.is_set():
            if self.out_dir:                    # the results shown until now
                shutil.rmtree(self.out_dir, ignore_errors=True)
            self.results, self.out_dir = worker.results, worker.out_dir
            self._worker = None
            self.percent = 100
            self._set_state("done")
            self.finished.emit()

    def _on_finished(self) -> None:
        worker = self.sender()
        if worker is self._worker:          # ended without results: an error
            self._worker = None
            self.percent = 0
            self.note = self.tr("The comparison failed: {why}").format(why=worker.error)
            self._set_state("done" if self.results else "idle")
        if worker.out_dir != self.out_dir:      # cancelled or failed: nothing shows it
            shutil.rmtree(worker.out_dir, ignore_errors=True)
        self._threads.discard(worker)
        worker.deleteLater()

    def _set_state(self, state: str) -> None:
        self.state = state
        self.stateChanged.emit(state)
