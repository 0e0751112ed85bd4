"""The lab model driven from code, without any widget (ndv's controller tests): every edit
kind undoes and redoes, provenance survives a grid size change, the explained cell."""
import numpy as np
import pytest

from xo_gui.engine.classic import CLASSIC_FEATURES
from xo_gui.engine.data import canonical, preset
from xo_gui.engine.drawing_files import write_drawing
from xo_gui.engine.network import build_network
from xo_gui.model.drawing import OriginKind
from xo_gui.model.lab import LabModel, NetworkSource


@pytest.fixture
def lab(qapp):
    model = LabModel()
    yield model
    model.training.shutdown()


def _state(lab):
    return (lab.image.copy(), lab.origin, lab.network_source,
            {k: v.copy() for k, v in lab.network.state_dict().items()})


def _same(a, b):
    np.testing.assert_array_equal(a[0], b[0])
    assert a[1:3] == b[1:3]
    assert a[3].keys() == b[3].keys()
    for key in a[3]:
        np.testing.assert_array_equal(a[3][key], b[3][key])


EDITS = {
    "stroke": lambda lab: (lab.preview_stroke(np.where(np.eye(9) > 0, 1.0, lab.image)),
                           lab.commit_stroke(canonical("X", 9))),
    "preset": lambda lab: lab.load_preset("o-thick"),
    "transform": lambda lab: lab.transform("invert"),
    "shift": lambda lab: lab.shift(0, 1),
    "grid size": lambda lab: lab.set_grid_size(13),
    "feature pixel": lambda lab: lab.flip_feature_pixel(0, 1, 0, 0, 0),
    "use a network": lambda lab: lab.use_network(build_network(9, (3,), (3,)),
                                                 NetworkSource.TRAINED),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_every_edit_kind_undoes_and_redoes(lab, kind):
    before = _state(lab)
    EDITS[kind](lab)
    after = _state(lab)
    assert lab.undo_stack.count() == 1
    lab.undo_stack.undo()
    _same(_state(lab), before)
    lab.undo_stack.redo()
    _same(_state(lab), after)


def test_reset_features_and_open_drawing_are_undoable(lab, tmp_path):
    lab.flip_feature_pixel(0, 0, 0, 1, 1)
    edited = lab.trace[0].output[0].copy()
    assert lab.reset_features()
    np.testing.assert_array_equal(lab.network.layers[0].params["weight"], CLASSIC_FEATURES)
    assert lab.trace[0].output[0, 0, 0] == pytest.approx(7 / 9)
    lab.undo_stack.undo()
    np.testing.assert_array_equal(lab.trace[0].output[0], edited)
    path = tmp_path / "o.txt"
    write_drawing(path, preset("o", 11))
    assert lab.open_drawing(str(path))
    assert lab.grid_size == 11 and lab.origin.kind == OriginKind.FILE
    lab.undo_stack.undo()
    assert lab.grid_size == 9


def test_a_feature_flip_is_undone_before_an_earlier_stroke(lab):
    """Ctrl+Z after a flip undoes the flip, not the paint stroke before it."""
    lab.preview_stroke(np.full((9, 9), -1.0))
    lab.commit_stroke(canonical("X", 9))
    blank = lab.image.copy()
    lab.flip_feature_pixel(0, 0, 0, 0, 0)
    assert lab.network.layers[0].params["weight"][0, 0, 0, 0] == -1
    lab.undo_stack.undo()
    assert lab.network.layers[0].params["weight"][0, 0, 0, 0] == 1
    np.testing.assert_array_equal(lab.image, blank)


def test_grid_size_keeps_the_provenance(lab):
    lab.load_preset("o")
    sizes = []
    lab.gridSizeChanged.connect(sizes.append)
    assert lab.set_grid_size(15)
    assert sizes == [15]
    np.testing.assert_array_equal(lab.image, preset("o", 15))
    assert lab.origin.kind == OriginKind.PRESET and lab.origin.name == "o"
    assert lab.truth == 1 and lab.prediction == "O"
    lab.shift(1, 0)                               # a hand edit keeps the known label
    assert lab.origin.kind == OriginKind.HAND and lab.truth == 1
    assert lab.set_grid_size(9)                   # resampled now, not redrawn
    assert lab.truth == 1 and lab.grid_size == 9


def test_a_trained_network_keeps_its_size_and_says_why(lab):
    said = []
    lab.refused.connect(lambda title, text: said.append(text))
    lab.use_network(build_network(9, (2,), (3,)), NetworkSource.FILE, "trained.npz")
    assert not lab.resizable
    assert not lab.set_grid_size(12)
    assert lab.grid_size == 9 and said and "9×9" in said[0]
    assert lab.network_title == "trained.npz"


def test_another_size_network_needs_consent_and_keeps_the_drawing(lab):
    lab.set_grid_size(28)
    lab.load_preset("o")
    drawing = lab.image.copy()
    said = []
    lab.refused.connect(lambda title, text: said.append(text))
    net = build_network(9, (2,), (3,))
    assert not lab.use_network(net, NetworkSource.TRAINED)       # not without asking
    assert said and lab.grid_size == 28
    assert lab.use_network(net, NetworkSource.TRAINED, resample=True)
    np.testing.assert_array_equal(lab.image, preset("o", 9))     # a preset is redrawn
    lab.undo_stack.undo()
    np.testing.assert_array_equal(lab.image, drawing)


def test_the_explained_cell_points_pins_walks_and_follows_edits(lab):
    explained = lab.explained
    assert explained.at == (0, (0, 0, 0)) and explained.cell.result == pytest.approx(7 / 9)
    explained.point_at(2, (1, 2, 3))
    assert explained.at == (2, (1, 2, 3)) and not explained.pinned
    explained.click(0, (0, 3, 3))
    explained.point_at(2, (0, 0, 0))              # pinned: a hover does not replace it
    assert explained.at == (0, (0, 3, 3)) and explained.pinned
    explained.walk(0, 1)
    assert explained.at == (0, (0, 3, 4))
    explained.walk(-10, 0)                        # stays inside the map
    assert explained.at == (0, (0, 0, 4))
    value = explained.cell.result
    lab.transform("invert")                       # the same cell, new arithmetic
    assert explained.cell.result == pytest.approx(-value)
    explained.toggle_pin()
    assert not explained.pinned


def test_open_example_sets_the_truth(lab):
    image = preset("x-rotated", 9)
    assert lab.open_example(image, 0, "example")
    assert lab.truth == 0 and lab.origin.kind == OriginKind.EXAMPLE
    lab.set_truth(1)
    assert lab.truth == 1


def test_training_is_driven_from_code(lab, qtbot):
    """Set a drawing, pick a network, start training, read the state: no widget."""
    training = lab.training
    training.data.wait()
    training.settings.update_knobs(epochs=2, pace="full speed")
    lab.load_preset("o")
    with qtbot.waitSignal(training.session.ended, timeout=20_000) as ended:
        assert training.start()
    assert ended.args[0] == "finished"
    assert training.state == "done" and len(training.session.history) == 2
    assert training.probe_scores() is not None
    assert lab.use_network(training.session.current.copy(), NetworkSource.TRAINED)
    assert lab.network_title == "the trained network"
    lab.undo_stack.undo()
    assert lab.network_source == NetworkSource.TUTORIAL


def test_settings_are_checked_after_a_pause_and_block_start(lab):
    settings, said = lab.training.settings, []
    lab.training.refused.connect(lambda title, text: said.append(text))
    lab.training.data.wait()
    settings.update_architecture(features="0")
    assert settings.pending and settings.valid           # debounced: not built yet
    assert not lab.training.start()                       # start checks them first
    assert not settings.valid and "feature" in settings.message
    assert said
    settings.update_architecture(features="4")
    settings.flush()
    assert settings.valid and settings.preview.layers[0].features == 4


def test_a_lab_file_round_trips_the_whole_lab(lab, qtbot, tmp_path):
    """Drawing, networks, data, settings and history come back exactly."""
    from xo_gui.model.lab_io import open_lab, save
    training = lab.training
    training.data.update(count=300, seed=5)
    training.data.wait()
    training.settings.update_knobs(epochs=2, pace="full speed", lr=0.02)
    training.settings.update_architecture(features="4")
    training.settings.flush()
    training.data.add_drawing(preset("x-thick", 9), 0)
    lab.load_preset("o-shifted")
    with qtbot.waitSignal(training.session.ended, timeout=20_000):
        assert training.start()
    lab.flip_feature_pixel(0, 2, 0, 1, 1)
    path = tmp_path / "class.xolab"
    save(lab, str(path))
    other = LabModel()
    try:
        open_lab(other, str(path))
        other.training.data.wait()
        np.testing.assert_array_equal(other.image, lab.image)
        assert other.origin == lab.origin and other.truth == 1
        for a, b in ((other.network, lab.network),
                     (other.training.session.current, training.session.current)):
            for key, value in a.state_dict().items():
                np.testing.assert_array_equal(value, b.state_dict()[key])
        assert other.training.settings.knobs == training.settings.knobs
        assert other.training.settings.architecture == training.settings.architecture
        assert other.training.data.settings == training.data.settings
        for (a, b), (c, d) in zip(other.training.data.arrays(), training.data.arrays()):
            np.testing.assert_array_equal(a, c)
            np.testing.assert_array_equal(b, d)
        h1, h2 = other.training.session.run_history, training.session.run_history
        assert len(h1) == len(h2) and h1.epochs == h2.epochs
        assert other.training.state == "done" and not other.modified
    finally:
        other.training.shutdown()


def test_a_bad_lab_file_changes_nothing(lab, tmp_path):
    from xo_gui.engine.errors import XoError
    from xo_gui.model.lab_io import open_lab
    lab.load_preset("o")
    before = _state(lab)
    bad = tmp_path / "bad.xolab"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(XoError):
        open_lab(lab, str(bad))
    _same(_state(lab), before)
    assert lab.undo_stack.count() == 1


def test_special_files_are_refused_without_waiting(lab, tmp_path):
    """A FIFO given to the window's open, import or lab handlers is refused at once."""
    import os
    from xo_gui.engine.errors import XoError
    from xo_gui.model.lab_io import open_lab
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    said = []
    lab.refused.connect(lambda title, text: said.append(title))
    before = lab.image.copy()
    assert not lab.import_picture(str(fifo))
    assert not lab.open_drawing(str(fifo))
    with pytest.raises(XoError):
        open_lab(lab, str(fifo))
    assert said == ["Cannot import picture", "Cannot open drawing"]
    np.testing.assert_array_equal(lab.image, before)
