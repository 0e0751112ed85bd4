"""The lesson panel (View → Lesson, F1): a low strip below the window showing the lesson's
step — its words in the window's language, the one thing to try, whether it was done —
with Back and Next.  The lesson itself lives in the model (``model/lesson.py``); this
panel shows it and carries out its requests (the tab, the outlined part of the window)."""
from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QFrame, QHBoxLayout, QLabel, QMainWindow,
                               QPushButton, QScrollArea, QToolButton, QVBoxLayout, QWidget)

from ..model.lesson import Lesson
from .i18n import translations
from .widgets.folders import ask_open
from .widgets.outline import Outline


# Four lines of text: low enough that Explore's maps keep their numbers at 1280×800 in
# both languages (they are printed from about 550 px of height on), so the panel has no
# title bar and the step's title runs into its text.
PANEL_HEIGHT = 69


def _label(word_wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setWordWrap(word_wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class LessonPanel(QDockWidget):
    """One step of the lesson at a time, beside the live window it talks about."""

    def __init__(self, lesson: Lesson, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("lesson-dock")
        self.lesson = lesson
        self._window = window
        self._outline: Outline | None = None
        self._sized = False
        self._build()
        self.open_action = self.toggleViewAction()
        self.open_action.setShortcut(QKeySequence("F1"))
        self.open_file_action = QAction(self)
        self.open_file_action.triggered.connect(self.ask_lesson)
        lesson.stepChanged.connect(self._on_model_step)
        lesson.doneChanged.connect(self._on_model_done)
        lesson.showRequested.connect(self._on_model_show)
        self.visibilityChanged.connect(self._on_view_visible)
        self.retranslate()

    def _build(self) -> None:
        self.progress = _label(word_wrap=False)
        self.body = _label()
        self.body.setTextFormat(Qt.TextFormat.MarkdownText)
        self.task = _label()
        self.status = _label()
        self.note = _label()
        self.note.setStyleSheet("color: palette(mid);")
        self.back_button, self.next_button = QPushButton(), QPushButton()
        self.back_button.clicked.connect(self.lesson.back)
        self.next_button.clicked.connect(self.lesson.next)
        words = _scrolled([self.body])
        task = _scrolled([self.task, self.status, self.note])
        task.setFrameShape(QFrame.Shape.StyledPanel)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.close)
        head = QHBoxLayout()
        head.addWidget(self.progress, 1)
        head.addWidget(self.close_button)
        steps = QHBoxLayout()
        steps.addWidget(self.back_button)
        steps.addWidget(self.next_button)
        buttons = QVBoxLayout()
        buttons.addLayout(head)
        buttons.addLayout(steps)
        buttons.addStretch(1)
        inner = QWidget()
        layout = QHBoxLayout(inner)              # the words, the task, the buttons
        layout.setContentsMargins(4, 1, 4, 1)
        layout.addWidget(words, 4)
        layout.addWidget(task, 3)
        layout.addLayout(buttons)
        self.setWidget(inner)
        self.setTitleBarWidget(QWidget())      # no title bar: the ✕ and F1 close it
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self._add_keys()

    def _add_keys(self) -> None:
        """PgUp / PgDn and Alt+Left / Alt+Right walk the lesson while the panel shows."""
        for keys, slot in ((("PgUp", "Alt+Left"), self.lesson.back),
                           (("PgDown", "Alt+Right"), self.lesson.next)):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(slot)
            self.addAction(action)

    def retranslate(self) -> None:
        """The chrome in the current language; the step again (the window rebuilds its
        views on a language switch, so the outline is placed again too)."""
        self.setWindowTitle(self.tr("Lesson"))
        self.open_action.setText(self.tr("L&esson"))     # View → Lesson (after the title)
        self.open_file_action.setText(self.tr("Open &Lesson…"))
        self.open_file_action.setToolTip(self.tr("Open a lesson file (.md) written by a teacher"))
        self.back_button.setText(self.tr("◀ Back"))
        self.back_button.setToolTip(self.tr("The previous step (PgUp, Alt+Left)"))
        self.next_button.setText(self.tr("Next ▶"))
        self.next_button.setToolTip(self.tr("The next step (PgDn, Alt+Right)"))
        self.close_button.setToolTip(self.tr("Close the lesson (F1 opens it again)"))
        self.note.setText(self.tr("Each step sets up its own drawing; Edit → Undo (Ctrl+Z) "
                                  "brings yours back."))
        self._on_model_step()
        if self.lesson.started and self.isVisible():
            self.lesson.show()

    def ask_lesson(self) -> bool:
        """File → Open lesson…: a teacher's lesson file, from its first step."""
        path = ask_open(self, "lesson", self.tr("Open lesson"), self.tr("Lessons (*.md)"))
        return bool(path) and self.open_lesson(path)

    def open_lesson(self, path: str) -> bool:
        if not self.lesson.open(path):
            return False
        self.show()
        return True

    def outlined(self) -> QWidget | None:
        """The part of the window the step outlines (None when it outlines nothing)."""
        if self._outline is None or not shiboken6.isValid(self._outline):
            return None
        return self._outline

    # --- model -> view ---------------------------------------------------------------
    def _on_model_step(self) -> None:
        lesson = self.lesson
        text = lesson.step.text(translations().language)
        n, count = lesson.index + 1, len(lesson.steps)
        self.progress.setText(self.tr("Step {n} of {count}").format(n=n, count=count))
        # The title runs into the text: the panel stays one line lower.
        self.body.setText(f"**{_markdown_escape(text.title)}** — {text.body}")
        self.task.setText(self.tr("<b>Try this:</b> {task}").format(task=_escape(text.task)))
        self.back_button.setEnabled(n > 1)
        self.next_button.setEnabled(n < count)
        self._on_model_done()

    def _on_model_done(self) -> None:
        lesson = self.lesson
        if lesson.done:
            done = lesson.step.text(translations().language).done
            moved = self._moved_text(lesson.moved) + " " if lesson.moved else ""
            self.status.setText("<b style='color:#1a7f37'>" + self.tr("Done!") + "</b> "
                                + _escape(moved + done))
        elif lesson.step.goal:
            self.status.setText("<i>" + self.tr("Waiting for you to try it…") + "</i>")
        else:
            self.status.setText("")
        self.next_button.setDefault(lesson.done)
        self.next_button.setStyleSheet("font-weight: bold;" if lesson.done else "")

    def _moved_text(self, moved: tuple[int, int]) -> str:
        """What the learner's shift did, in a sentence."""
        rows, cols = moved
        n = abs(rows) + abs(cols)
        if rows and cols:
            return self.tr("You moved the drawing diagonally.")
        return {(0, 1): self.tr("You moved the drawing {n} px to the right."),
                (0, -1): self.tr("You moved the drawing {n} px to the left."),
                (1, 0): self.tr("You moved the drawing {n} px down."),
                (-1, 0): self.tr("You moved the drawing {n} px up.")}[
            (int(np.sign(rows)), int(np.sign(cols)))].format(n=n)

    def _on_model_show(self, tab: str, highlight: str) -> None:
        window = self._window
        if tab:
            window.tabs.setCurrentWidget(window.explore if tab == "explore" else window.train)
        self._drop_outline()
        if highlight:
            target, parts = self._target(highlight)
            self._outline = Outline(target, parts)

    def _target(self, name: str) -> tuple[QWidget, list[QWidget] | None]:
        """The widget a highlight name points at (switching the page that shows it)."""
        explore, train = self._window.explore, self._window.train
        if name in ("errors", "gradients", "compare"):
            page = {"errors": train.votes, "gradients": train.gradients,
                    "compare": train.compare}[name]
            train.pages.setCurrentIndex(next(i for i in range(train.pages.count())
                                             if train.pages.widget(i).isAncestorOf(page)
                                             or train.pages.widget(i) is page))
            return train.pages, None
        if name in ("architecture", "knobs", "data"):
            train.left.setCurrentIndex(0 if name == "data" else 1)
            part = {"architecture": train.settings.blocks, "knobs": train.settings.lr,
                    "data": train.data.kind}[name]
            return part.parentWidget(), None            # its group box
        if name == "naive":
            votes = explore.votes
            return votes, [votes.naive_heading, *votes.naive_bars.values(),
                           votes.naive_verdict]
        return {"editor": explore.editor, "votes": explore.votes,
                "pipeline": explore.pipeline_area, "animation": explore.animation_bar,
                "explanation": explore.explanation,
                "curves": train.curves, "features": train.features}[name], None

    # --- view -> model ---------------------------------------------------------------
    def _on_view_visible(self, visible: bool) -> None:
        if visible and not self._sized:
            # Low, so the maps above keep their numbers (the edge can be dragged).
            self._sized = True
            self._window.resizeDocks([self], [PANEL_HEIGHT], Qt.Orientation.Vertical)
        if visible and not self.lesson.started:
            self.lesson.go(0)          # the first time it opens: the lesson's first step
        elif visible:
            self.lesson.show()
        else:
            self._drop_outline()

    def _drop_outline(self) -> None:
        if self._outline is not None and shiboken6.isValid(self._outline):
            self._outline.hide()              # at once: deletion waits for the event loop
            self._outline.deleteLater()
        self._outline = None


def _scrolled(labels: list[QLabel]) -> QScrollArea:
    """Labels one above the other that scroll down (never sideways) when they are long."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(4, 0, 4, 0)
    layout.setSpacing(2)
    for label in labels:
        layout.addWidget(label)
    layout.addStretch(1)
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setMinimumHeight(40)           # the panel stays low; long words scroll
    return area


def _markdown_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\*_`[]<>#" else c for c in text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
