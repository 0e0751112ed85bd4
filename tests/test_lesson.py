"""The guided lesson: its file format (pure engine, no Qt), the lesson model driving the
live window step by step in both languages, the goal a step watches for, and the
screenshot command's --lesson."""
import os
from pathlib import Path

import numpy as np
import pytest

from xo_gui.engine.data import preset
from xo_gui.engine.errors import FileFormatError
from xo_gui.engine.lesson_file import BUILTIN_LESSON, parse_lesson, read_lesson
from helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
GOOD_STEP = """---
tab: explore
preset: x
goal: shift
## en
# A title
Some text.
Try: Shift it.
Done: It moved.
"""


# --- the file format (engine) ----------------------------------------------------------
def test_the_shipped_lesson_is_the_one_in_resources():
    assert BUILTIN_LESSON.read_bytes() == (ROOT / "resources" / "lessons" / "tutorial.md").read_bytes()


def test_the_builtin_lesson_has_english_and_chinese_for_every_step():
    lesson = read_lesson(BUILTIN_LESSON)
    assert len(lesson.steps) >= 16
    for step in lesson.steps:
        assert set(step.texts) == {"en", "zh_CN"}, step.line
        assert step.goal and all(t.task and t.done for t in step.texts.values())
    assert "7 / 9 = 0.78" in lesson.steps[3].text("en").title


def test_a_missing_language_falls_back_to_english():
    step = parse_lesson(GOOD_STEP).steps[0]
    assert step.text("zh_CN").title == "A title" and step.goal == ("shift",)


@pytest.mark.parametrize("change, line, words", [
    (("preset: x", "pressett: x"), 3, "unknown key 'pressett'"),
    (("preset: x", "preset: q"), 3, "unknown preset 'q'"),
    (("tab: explore", "tab: lesson"), 2, "unknown tab 'lesson'"),
    (("goal: shift", "goal: dance"), 4, "unknown goal 'dance'"),
    (("goal: shift", "goal: preset"), 4, "takes 1 more word"),
    (("goal: shift", "pin: 0 a"), 4, "pin takes a layer and a cell"),
    (("## en", "## fr"), 5, "unknown language 'fr'"),
    (("Try: Shift it.\n", ""), 5, "no 'Try:' line"),
    (("Done: It moved.\n", ""), 5, "no 'Done:' line"),
    (("# A title", "A title"), 6, "starts with a '# Title' line"),
    (("Some text.\n", ""), 5, "no text under its title"),
    (("## en", "## zh_CN"), 1, "no '## en' section"),
    (("preset: x", "preset: x\npreset: o"), 4, "given twice"),
])
def test_a_broken_step_is_refused_naming_its_line(change, line, words):
    text = GOOD_STEP.replace(*change)
    with pytest.raises(FileFormatError) as caught:
        parse_lesson(text, "lesson.md")
    assert str(caught.value).startswith(f"lesson.md line {line}: ") and words in str(caught.value)


def test_empty_fifo_huge_and_binary_files_are_refused(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("just notes, no steps\n")
    with pytest.raises(FileFormatError, match="empty.md has no steps"):
        read_lesson(empty)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)                                  # reading it would block forever
    with pytest.raises(FileFormatError, match=r"a pipe \(FIFO\), not a lesson file"):
        read_lesson(fifo)
    nothing = tmp_path / "nothing.md"
    nothing.write_bytes(b"")
    with pytest.raises(FileFormatError, match="nothing.md"):
        read_lesson(nothing)
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"-" * (2 << 20))
    with pytest.raises(FileFormatError, match="too large"):
        read_lesson(huge)
    binary = tmp_path / "binary.md"
    binary.write_bytes(GOOD_STEP.encode() + b"\xff\xfe")
    with pytest.raises(FileFormatError, match="binary.md line 10: not UTF-8"):
        read_lesson(binary)


# --- the lesson in the window ----------------------------------------------------------
def _expect_state(window, step, lang):
    from xo_gui.model.drawing import preset_origin
    from xo_gui.model.lab import NetworkSource
    model, panel = window.model, window.lesson_panel
    if step.tab:
        assert window.tabs.currentWidget() is getattr(window, step.tab), step.line
    if step.preset:
        assert model.origin == preset_origin(step.preset), step.line
        assert np.array_equal(model.image, preset(step.preset, model.grid_size))
    if step.network:
        assert model.network_source == NetworkSource.TUTORIAL and model.grid_size == 9
    if step.pin:
        assert model.explained.pinned and model.explained.at == step.pin, step.line
    if step.highlight:
        assert panel.outlined() is not None and panel.outlined().isVisible(), step.line
    assert step.text(lang).title in panel.body.text()
    assert not window.lesson.done


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_next_and_back_put_the_window_in_each_steps_state(main_window, qtbot, lang):
    from PySide6.QtCore import Qt
    from xo_gui.gui.i18n import translations
    if lang != "en":
        main_window.set_language(lang)
    try:
        panel, lesson = main_window.lesson_panel, main_window.lesson
        main_window.lesson_panel.open_action.trigger()          # View → Lesson (F1)
        assert panel.isVisible() and lesson.index == 0
        count = len(lesson.steps)
        for index in [*range(count), *reversed(range(count - 1))]:
            if index != lesson.index:
                button = panel.next_button if index > lesson.index else panel.back_button
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            assert lesson.index == index
            _expect_state(main_window, lesson.step, lang)
            want = (f"Step {index + 1} of {count}" if lang == "en"
                    else f"第 {index + 1} 步，共 {count} 步")
            assert panel.progress.text() == want
        assert not panel.back_button.isEnabled()
    finally:
        if translations().language != "en":
            main_window.set_language("en")


def _go_to_goal(main_window, goal):
    main_window.lesson_panel.show()
    lesson = main_window.lesson
    lesson.go(next(i for i, s in enumerate(lesson.steps) if s.goal == goal))
    return lesson


def test_the_shift_step_is_done_only_after_an_arrow_key_shift(main_window, qtbot):
    from PySide6.QtCore import Qt
    lesson = _go_to_goal(main_window, ("shift",))
    panel, model = main_window.lesson_panel, main_window.model
    assert not lesson.done and "Done!" not in panel.status.text()
    model.transform("invert")                    # an edit, but not a shift
    model.transform("invert")
    assert not lesson.done
    with qtbot.waitSignal(lesson.doneChanged):
        qtbot.keyClick(main_window.explore.editor.grid, Qt.Key.Key_Right)
    assert lesson.done and lesson.moved == (0, 1)
    assert "Done!</b> You moved the drawing 1 px to the right." in panel.status.text()
    assert lesson.step.text("en").done in panel.status.text()
    assert not np.array_equal(model.image, preset("x", 9))


def test_a_step_replaces_the_drawing_as_one_undo_step(main_window):
    model = main_window.model
    model.load_preset("o-noisy")
    mine = model.image.copy()
    model.shift(1, 0)
    mine = model.image.copy()
    main_window.lesson_panel.show()                 # step 1: the canonical X, tutorial's net
    assert np.array_equal(model.image, preset("x", 9))
    model.undo_stack.undo()
    assert np.array_equal(model.image, mine)


def test_page_keys_walk_the_lesson_only_while_the_panel_shows(main_window, qtbot):
    from PySide6.QtCore import Qt
    lesson, panel = main_window.lesson, main_window.lesson_panel
    qtbot.keyClick(main_window.explore.editor.grid, Qt.Key.Key_PageDown)
    assert not lesson.started
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    assert panel.isVisible() and lesson.index == 0
    qtbot.keyClick(main_window.explore.editor.grid, Qt.Key.Key_PageDown)
    qtbot.keyClick(main_window.explore.editor.grid, Qt.Key.Key_Right,
                   Qt.KeyboardModifier.AltModifier)
    assert lesson.index == 2
    qtbot.keyClick(main_window.explore.editor.grid, Qt.Key.Key_PageUp)
    assert lesson.index == 1
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    assert not panel.isVisible()
    qtbot.keyClick(main_window.explore.editor.grid, Qt.Key.Key_PageUp)
    assert lesson.index == 1
    qtbot.keyClick(main_window, Qt.Key.Key_F1)           # back where it was, not step 1
    assert panel.isVisible() and lesson.index == 1
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible() and panel.outlined() is None


def test_a_teachers_lesson_opens_from_the_file_menu(main_window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog
    path = tmp_path / "mine.md"
    path.write_text("notes\n" + GOOD_STEP + GOOD_STEP.replace("A title", "Second"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    main_window.lesson_panel.open_file_action.trigger()
    lesson = main_window.lesson
    assert main_window.lesson_panel.isVisible() and len(lesson.steps) == 2
    assert main_window.lesson_panel.body.text().count("A title")


def test_a_broken_lesson_is_one_message_naming_the_line(main_window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    path = tmp_path / "lesson.md"
    path.write_text(GOOD_STEP.replace("preset: x", "pressett: x"))
    before = main_window.lesson.lesson
    assert not main_window.lesson_panel.open_lesson(str(path))
    assert shown == ["lesson.md line 3: unknown key 'pressett'; the keys are tab, preset, "
                     "network, pin, highlight, goal"]
    assert main_window.lesson.lesson is before and not main_window.lesson_panel.isVisible()


def test_the_panel_follows_a_language_switch(main_window):
    panel, lesson = main_window.lesson_panel, main_window.lesson
    panel.show()
    lesson.go(3)
    main_window.set_language("zh_CN")
    try:
        assert lesson.index == 3 and panel.progress.text().startswith("第 4 步")
        assert lesson.step.text("zh_CN").title in panel.body.text()
        assert panel.next_button.text() == "下一步 ▶" and panel.outlined().isVisible()
    finally:
        main_window.set_language("en")
    assert panel.next_button.text() == "Next ▶"


def test_how_it_works_moved_to_shift_f1(main_window):
    from PySide6.QtGui import QKeySequence
    help_menu = [m for m in main_window.menuBar().actions() if "Help" in m.text()][0].menu()
    how = [a for a in help_menu.actions() if a.iconText() == "How it works"][0]
    assert how.shortcut() == QKeySequence("Shift+F1")
    assert main_window.lesson_panel.open_action.shortcut() == QKeySequence("F1")


# --- the screenshot command ------------------------------------------------------------
def test_screenshot_lesson_past_the_end_is_one_line(capsys, tmp_path):
    code, _, err = run_cli(capsys, "screenshot", tmp_path / "shot.png", "--lesson", 99)
    assert code != 0 and len(err.strip().splitlines()) == 1
    assert "lesson step 99 is past the end" in err and not (tmp_path / "shot.png").exists()


def test_screenshot_shows_the_lesson_step(capsys, tmp_path):
    shots = []
    for step in (3, 4):
        out = tmp_path / f"step{step}.png"
        code, _, err = run_cli(capsys, "screenshot", out, "--lesson", step)
        assert code == 0, err
        shots.append(out.read_bytes())
    assert shots[0] != shots[1]


def test_the_lesson_model_runs_without_widgets(qapp):
    from xo_gui.model.lab import LabModel
    from xo_gui.model.lesson import Lesson
    lab = LabModel()
    lesson = Lesson(lab)
    shown = []
    lesson.showRequested.connect(lambda tab, part: shown.append((tab, part)))
    lesson.go(3)                                       # one convolution step: 7 / 9
    assert shown == [("explore", "explanation")]
    assert lab.explained.pinned and lab.explained.cell.result == pytest.approx(7 / 9)
    lesson.go(1)                                       # the shift step
    lab.shift(-1, 0)
    assert lesson.done and lesson.moved == (-1, 0)
    with pytest.raises(IndexError, match="past the end"):
        lesson.go(len(lesson.steps))
    lab.training.shutdown()


def test_lesson_file_needs_a_step(capsys, tmp_path):
    code, _, err = run_cli(capsys, "screenshot", tmp_path / "shot.png", "--lesson-file",
                           BUILTIN_LESSON)
    assert code != 0 and "--lesson-file needs --lesson" in err


@pytest.mark.parametrize("goal, act", [
    ("architecture", lambda train: train.settings.blocks.setValue(2)),
    ("knobs", lambda train: train.settings.lr.setValue(0.1)),
    ("data", lambda train: train.data.shuffle.setChecked(True)),
])
def test_train_tab_steps_notice_the_setting_they_ask_for(main_window, goal, act):
    lesson = _go_to_goal(main_window, (goal,))
    assert main_window.tabs.currentWidget() is main_window.train and not lesson.done
    act(main_window.train)
    assert lesson.done


def test_the_gradient_step_is_done_after_one_batch(main_window, qtbot):
    from PySide6.QtCore import Qt
    lesson = _go_to_goal(main_window, ("train",))
    main_window.model.training.data.wait()
    with qtbot.waitSignal(lesson.doneChanged, timeout=30000):
        qtbot.mouseClick(main_window.train.step_button, Qt.MouseButton.LeftButton)
    assert "Done!" in main_window.lesson_panel.status.text()


def test_the_feature_map_step_notices_the_animation(main_window):
    lesson = _go_to_goal(main_window, ("animate",))
    assert main_window.lesson_panel.outlined().parentWidget() is main_window.explore.animation_bar
    assert not lesson.done
    main_window.explore.animation_bar.play_action.trigger()
    assert lesson.done and main_window.model.animation.active
    main_window.model.animation.stop()


def test_the_last_step_notices_the_comparison(main_window, qtbot):
    from PySide6.QtCore import Qt
    lesson = _go_to_goal(main_window, ("compare",))
    compare = main_window.model.training.compare
    compare.count = 40                               # four tiny trainings
    assert main_window.train.pages.currentWidget().isAncestorOf(main_window.train.compare)
    qtbot.mouseClick(main_window.train.compare.run_button, Qt.MouseButton.LeftButton)
    assert lesson.done
    compare.cancel()
