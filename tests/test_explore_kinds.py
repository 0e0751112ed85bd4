"""Explore knows what a sound or text grid means: presets of each kind drawn by the
engine at the grid's size, tick labels on the drawing, and an explanation that speaks of
frequencies and moments or letters and positions (issue 13)."""
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from xo_gui.engine import text
from xo_gui.engine.kinds import kind_presets


def choose(editor, title):
    """Pick a preset from the combo as a user does (by its visible title)."""
    index = editor.presets.findText(title)
    assert index > 0, [editor.presets.itemText(i) for i in range(editor.presets.count())]
    editor.presets.activated.emit(index)


def test_a_sound_preset_puts_a_sound_grid_in_the_model_and_says_so(explore):
    model, editor = explore.model, explore.editor
    assert model.grid_kind == "letters" and not editor.axes.isVisibleTo(explore)
    choose(editor, "Sound: a rising tone")
    np.testing.assert_array_equal(model.image, kind_presets("sound", 9)["rising"])
    assert model.grid_kind == "sound" and model.truth is None     # the data is X and O
    assert editor.axes.isVisibleTo(explore) and "Hz" in editor.axes.text()
    axes = editor.grid.axes()
    assert len(axes.row_ticks) == 9 and float(axes.row_ticks[0]) > float(axes.row_ticks[-1])
    explore.model.undo_stack.undo()
    assert model.grid_kind == "letters" and not editor.axes.isVisibleTo(explore)


def test_a_text_preset_is_its_word_and_keeps_its_kind_when_drawn_on(explore):
    model, editor = explore.model, explore.editor
    choose(editor, "Text: a word with “dab”")
    assert "dab" in text.grid_to_text(model.image)
    assert model.grid_kind == "text" and "letters" in editor.axes.text()
    assert editor.grid.axes().row_ticks[:3] == ("a", "b", "c")
    grid = editor.grid
    QTest.mouseClick(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     grid.cell_centre(8, 0).toPoint())
    assert model.image[8, 0] == 1.0 and model.grid_kind == "text"   # drawn like a letter


def test_presets_follow_the_grid_size_and_learn_their_class(explore):
    model, editor = explore.model, explore.editor
    model.training.data.update(kind="sound")
    model.training.data.wait()
    assert model.set_grid_size(16)
    choose(editor, "Sound: a falling tone")
    assert model.image.shape == (16, 16)
    np.testing.assert_array_equal(model.image, kind_presets("sound", 16)["falling"])
    assert model.truth == model.training.data.classes.index("falling")
    assert model.set_grid_size(12)                 # redrawn, not resampled
    np.testing.assert_array_equal(model.image, kind_presets("sound", 12)["falling"])
    assert model.set_grid_size(6)                  # no word fits 6 letters: none offered
    assert editor.presets.findText("Text: a word with “bad”") < 0
    assert editor.presets.findText("Sound: a rising tone") > 0


def test_the_explanation_speaks_of_frequencies_or_positions(explore):
    model = explore.model
    model.load_kind_preset("sound", "rising")
    model.explained.point_at(0, (0, 0, 0))           # the first feature map's corner
    html = explore.explanation.text()
    assert "In the sound: frequencies from" in html and " Hz, from 0.03 s" in html
    model.load_kind_preset("text", "bad")
    model.explained.point_at(0, (0, 0, 0))
    assert "In the word: letters a to c at positions 1 to 3." in explore.explanation.text()
    model.load_preset("x")
    model.explained.point_at(0, (0, 0, 0))
    assert "In the" not in explore.explanation.text()


def test_a_feature_pixel_is_explained_in_the_grid_s_terms(explore):
    explore.model.load_kind_preset("sound", "rising")
    explore.pipeline.kernelHovered.emit(0, (0, 0, 0, 0))
    assert "a piece of a sound" in explore.explanation.text()
    explore.model.load_kind_preset("text", "bad")
    explore.pipeline.kernelHovered.emit(0, (0, 0, 1, 1))
    assert "a few letters side by side" in explore.explanation.text()
    explore.model.load_preset("o")
    explore.pipeline.kernelHovered.emit(0, (0, 0, 1, 1))
    assert "a piece of the letter" in explore.explanation.text()
