"""The Train tab's ``_on_model_*`` half: how the session's state and snapshots reach the
buttons, the progress bar and the views (a mixin of :class:`TrainTab`)."""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from ...model.worker import Snapshot

PAGES_INTERVAL = 0.2      # seconds between refreshes of the votes/confusion/gradient pages


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 60:
        return QCoreApplication.translate("TrainTab", "{min} min {s} s").format(
            min=seconds // 60, s=f"{seconds % 60:02d}")
    return QCoreApplication.translate("TrainTab", "{s} s").format(s=seconds)


class ShowsTraining:
    """Needs the tab's widgets (``start_button`` …, ``curves``, ``votes`` …) and
    ``training`` / ``session`` / ``model``."""

    def _on_model_reset(self) -> None:
        """A new start, or a restored session (a lab file): its curves come back too."""
        s = self.session
        self.features.set_start(s.start_net if s.start_net is not None else s.current)
        self.features.show_state(s.current.state_dict())
        self.gradients.set_network(s.current)
        self.curves.clear()
        if s.history:
            self.curves.set_span(len(s.history))
            self.curves.show_curves(np.asarray(s.batch_x), np.asarray(s.batch_loss), s.history)
        self.confusion.clear()
        self._votes_stale = True
        self._refresh_votes()
        self._show_progress(None)
        if s.history:
            self.progress.setFormat(self.tr("{n} epochs trained").format(n=len(s.history)))
        self._show_history_bar()

    def _on_model_state(self) -> None:
        state, t = self.session.state, self.training
        runs = state in ("running", "paused")
        why = t.why_not() if state in ("ready", "done") else ""
        self.start_button.setText(self.tr("Train more") if state == "done" else self.tr("Start"))
        self.start_button.setEnabled(state in ("ready", "done") and not why)
        self.pause_button.setText(self.tr("Resume") if state == "paused" else self.tr("Pause"))
        self.pause_button.setEnabled(runs)
        self.step_button.setEnabled(state != "running" and not why)
        self.stop_button.setEnabled(runs)
        self.reset_button.setEnabled(state != "ready")
        trained = state == "done" or bool(self.session.history)
        for button in (self.explore_button, self.save_button):
            button.setEnabled(not runs and self.session.current is not None)
        self.csv_button.setEnabled(trained and not runs)
        self.png_button.setEnabled(trained and not runs)
        self.open_button.setEnabled(not runs)
        self.data.setEnabled(not runs)
        self.settings.set_locks(network=state != "ready", knobs=runs)
        self._show_history_bar()
        if state == "paused":
            self.status.setText(self.tr("Paused. Step trains one batch; Resume goes on."))
        elif why:
            self.status.setText(why)
        elif state == "done" and self.session.worker is None and self.session.history:
            self.status.setText(self.tr("{n} epochs trained. Train more, look back with the "
                                        "History slider, use it in Explore or save it.")
                                .format(n=len(self.session.history)))
        elif state == "ready":
            self.status.setText(self.tr("Press Start to train, or Step to train one batch and "
                                        "see what changed."))

    def _on_model_moment(self) -> None:
        """The history slider moved: every view shows that moment (or now again)."""
        t = self.training
        self._show_history_bar()
        if t.moment is None:
            snap = self.session.last
            self.curves.show_cursor(None)
            self.features.show_state(self.session.current.state_dict())
            self._refresh_votes()
            if snap is not None:
                self.confusion.show_results(snap.confusion, snap.mistakes)
            return
        moment = self.session.run_history.at(t.moment)
        self.curves.show_cursor(moment.epoch)
        self.features.show_state(dict(moment.state))
        self._votes_for = None
        self._refresh_votes()
        self.confusion.show_results(*t.moment_judged())

    def _show_history_bar(self) -> None:
        self.history_bar.show_history(self.session.run_history, self.training.moment,
                                      self.session.state == "running")

    def _on_model_snapshot(self, snap: Snapshot) -> None:
        s = self.session
        self.curves.show_curves(np.asarray(s.batch_x), np.asarray(s.batch_loss), snap.history)
        self._show_history_bar()
        self.features.show_state(snap.state)
        now = time.perf_counter()
        if now - self._pages_shown >= PAGES_INTERVAL or snap.final or snap.paused:
            self._pages_shown = now            # numbers are read, not watched: 5 Hz is plenty
            self._show_pages(snap)
        self._show_progress(snap)

    def _show_pages(self, snap: Snapshot | None) -> None:
        """Only the visible page is redrawn; the others catch up when shown."""
        page = self.pages.currentWidget()
        if page is self.votes:
            if (self.session.state == "running" and snap is not None
                    and snap.probe_scores is not None and self.isVisible()):
                self.votes.show_scores(snap.probe_scores, self.training.votes_as_probabilities,
                                       self._judge())
            else:
                self._refresh_votes()
        elif snap is None:
            return
        elif page is self.confusion:
            self.confusion.show_results(snap.confusion, snap.mistakes)
        elif page is self.gradients and snap.step_detail is not None:
            self.gradients.show_step(snap.step_detail)

    def _show_progress(self, snap: Snapshot | None) -> None:
        if snap is None:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat(self.tr("not started"))
            self.speed.setText("")
            return
        p = snap.progress
        self.progress.setRange(0, max(p.total_steps, 1))
        self.progress.setValue(p.step)
        epochs = max(p.total_steps // max(p.batches_per_epoch, 1), 1)
        left = self.session.seconds_left
        text = self.tr("epoch {epoch}/{epochs} · batch {batch}/{batches}").format(
            epoch=p.epoch, epochs=epochs, batch=p.batch, batches=p.batches_per_epoch)
        if left is not None and self.session.state == "running":
            text += " · " + self.tr("{time} left").format(time=_duration(left))
        self.progress.setFormat(text)
        self.speed.setText(self.tr("showing {shown} batches/s · engine {n} samples/s").format(
            shown=f"{self.session.batches_per_second:.1f}", n=f"{p.samples_per_second:,.0f}"))

    def _on_model_ended(self, status: str, sentence: str) -> None:
        self.status.setText(sentence + ("" if status == "diverged" else " " + self.tr(
            "Use in Explore, save it, or train more.")))
        if status == "diverged":
            QMessageBox.warning(self, self.tr("Training diverged"), sentence)

    def _on_model_failed(self, message: str) -> None:
        self.status.setText(self.tr("Training failed: {why}").format(why=message))
        QMessageBox.critical(self, self.tr("Training failed"), self.tr(
            "Training stopped because of an error:\n{why}\n\nThe weights of the last update "
            "shown are kept.").format(why=message))

    def _on_model_drawing(self) -> None:
        """A pixel edit: the votes page follows only if it is seen (an edit in Explore
        costs nothing here)."""
        if self.session.state == "running":
            return                        # the worker's next snapshot carries the votes
        if self._votes_for is not None and np.array_equal(self._votes_for, self.model.image):
            return                        # the same drawing again (a stroke committed)
        self._votes_stale = True
        self._refresh_votes()

    def _on_model_truth(self) -> None:
        self.votes.set_truth(self.model.truth)

    def _judge(self) -> str:
        """Names the network whose verdict the votes page shows."""
        epochs = len(self.session.history)
        if epochs:
            return self.tr("The network being trained (epoch {n})").format(n=epochs)
        return self.tr("The untrained network")

    def _refresh_votes(self) -> None:
        """The votes for the editor's drawing by the current network, now if the votes page
        is on screen, else when it is next shown."""
        if not (self.isVisible() and self.pages.currentWidget() is self.votes):
            self._votes_stale = True
            self._votes_for = None
            return
        self._votes_stale = False
        self._votes_for = self.model.image
        self.votes.set_truth(self.model.truth)
        t = self.training
        if t.moment is not None:                 # the history slider shows another moment
            epoch = self.session.run_history.at(t.moment).epoch
            judge = self.tr("The network at epoch {epoch}").format(epoch=f"{epoch:.2f}")
            self.votes.show_scores(t.moment_scores(), t.votes_as_probabilities, judge)
            return
        self.votes.show_scores(t.probe_scores(), t.votes_as_probabilities, self._judge())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._votes_stale:
            self._show_pages(self.session.last)
