"""Data kinds: letters with 2-10 shapes, sound spectrograms, text grids, pixel shuffling."""
import wave

import numpy as np
import pytest

from xo_gui.engine import data, kinds, sound, text
from xo_gui.engine.data import SHAPES, Variation, canonical, generate
from xo_gui.engine.errors import ConfigError
from xo_gui.engine.network import build_network
from xo_gui.engine.train import Trainer, TrainConfig


# --- letters ---------------------------------------------------------------------------
def test_every_shape_is_a_distinct_drawing_at_every_size():
    for size in (9, 16, 28):
        pictures = [canonical(name, size) for name in SHAPES]
        for name, image in zip(SHAPES, pictures):
            assert image.shape == (size, size) and set(np.unique(image)) == {-1.0, 1.0}, name
        flat = np.stack(pictures).reshape(len(SHAPES), -1)
        assert len(np.unique(flat, axis=0)) == len(SHAPES)


def test_plus_and_square_are_the_obvious_pictures_at_9():
    plus = canonical("+")
    assert (plus[4, 1:8] == 1).all() and (plus[1:8, 4] == 1).all() and (plus == 1).sum() == 13
    square = canonical("square")
    ring = np.zeros((9, 9), bool)
    ring[1, 1:8] = ring[7, 1:8] = ring[1:8, 1] = ring[1:8, 7] = True
    np.testing.assert_array_equal(square == 1, ring)


@pytest.mark.parametrize("classes", [("X", "O", "+"), SHAPES])
def test_generate_any_number_of_classes_balanced(classes):
    images, labels = generate(103, 16, "high", seed=2, classes=classes)
    counts = np.bincount(labels, minlength=len(classes))
    assert counts.max() - counts.min() <= 1 and counts.sum() == 103
    assert images.shape == (103, 16, 16) and images.min() >= -1 and images.max() <= 1
    no_variation, labels = generate(20, 9, "none", seed=1, classes=classes)
    for image, label in zip(no_variation, labels):
        np.testing.assert_array_equal(image, canonical(classes[label]))


def test_class_names_are_checked():
    assert data.check_classes(["x", "o", "Square"]) == ("X", "O", "square")
    for bad, match in ((["X"], "2 to 10"), (list(SHAPES) + ["X"], "2 to 10"),
                       (["X", "Q"], "unknown letter 'Q'"), (["X", "x"], "own name")):
        with pytest.raises(ConfigError, match=match):
            generate(10, classes=bad)


def test_small_letters_go_anywhere_even_into_corners():
    images, _ = generate(400, 28, Variation(shift=0.4), seed=3)   # small: 1.0
    ink = images > 0
    rows, cols = ink.any(axis=2), ink.any(axis=1)
    height = rows.sum(axis=1)
    assert height.max() <= 0.75 * 28                      # all small
    top = rows.argmax(axis=1)
    left = cols.argmax(axis=1)
    assert ((top <= 2) & (left <= 2)).any()               # some in the top-left corner
    bottom = 27 - rows[:, ::-1].argmax(axis=1)
    right = 27 - cols[:, ::-1].argmax(axis=1)
    assert ((bottom >= 25) & (right >= 25)).any()         # and some in the opposite one
    assert not ink[:, 0, :].all(axis=1).any()             # never cut off by the edge


def test_stroke_variation_changes_strokes_but_keeps_letters_apart():
    plain, labels = generate(300, 28, "none", seed=4)
    varied, labels_v = generate(300, 28, Variation(deform=1.0, scale=0.6), seed=4)
    np.testing.assert_array_equal(labels, labels_v)
    changed = np.mean(np.any(plain != varied, axis=(1, 2)))
    assert changed > 0.9
    centre = varied[:, 12:16, 12:16].mean(axis=(1, 2))    # X has ink in the middle, O not
    assert centre[labels == 0].mean() > centre[labels == 1].mean() + 0.5


# --- sound -----------------------------------------------------------------------------
@pytest.mark.parametrize("frequency", [300.0, 1000.0, 2500.0])
def test_a_tone_peaks_in_its_band(frequency):
    grid = sound.spectrogram(sound.tone(frequency)[None], 16)[0]
    assert grid.shape == (16, 16) and grid.min() >= -1 and grid.max() == pytest.approx(1.0)
    loudest_rows = grid.argmax(axis=0)
    assert (loudest_rows == sound.frequency_row(frequency, 16)).all()
    bands = sound.band_frequencies(16)
    assert bands[0] > bands[-1]                           # the highest band on top
    assert abs(np.log(bands[sound.frequency_row(frequency, 16)] / frequency)) < np.log(
        sound.F_HIGH / sound.F_LOW) / 16


def test_sound_sets_are_seeded_balanced_and_in_range():
    a, la = sound.generate_sound(61, 16, "high", 5, sound.SOUND_CLASSES)
    b, lb = sound.generate_sound(61, 16, "high", 5, sound.SOUND_CLASSES)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    assert a.shape == (61, 16, 16) and a.dtype == np.float32 and a.min() >= -1 and a.max() <= 1
    counts = np.bincount(la, minlength=6)
    assert counts.max() - counts.min() <= 1
    c, _ = sound.generate_sound(61, 16, "high", 6, sound.SOUND_CLASSES)
    assert not np.array_equal(a, c)


def test_rising_goes_up_and_falling_goes_down():
    images, labels = sound.generate_sound(40, 16, "none", 0)
    for image, label in zip(images, labels):
        loud = image.max(axis=0) > 0.5                    # the columns the tone sounds in
        rows = image.argmax(axis=0)[loud]
        slope = np.polyfit(np.arange(len(rows)), rows, 1)[0]
        assert slope < -0.3 if label == 0 else slope > 0.3   # row 0 is the highest pitch


def test_a_grid_played_back_sounds_where_it_is_drawn(tmp_path):
    grid = -np.ones((16, 16), np.float32)
    grid[5, 3:13] = 1.0                                   # one band, a third of a second
    samples = sound.grid_to_sound(grid)
    assert samples.shape == (sound.SAMPLES,) and np.abs(samples).max() <= 1
    heard = sound.spectrogram(samples[None], 16)[0]
    assert (heard.argmax(axis=0)[4:12] == 5).all()
    path = tmp_path / "s.wav"
    sound.sound_to_wav(path, samples)
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, sound.RATE)
        frames = np.frombuffer(wav.readframes(wav.getnframes()), "<i2")
    np.testing.assert_allclose(frames / 32767, samples, atol=1e-4)
    with pytest.raises(ConfigError):
        sound.wav_bytes(np.array([0.0, np.nan]))


# --- text ------------------------------------------------------------------------------
def test_text_grid_round_trips():
    grid = text.text_to_grid("abcdefabbadl")
    assert grid.shape == (12, 12) and set(np.unique(grid)) == {-1.0, 1.0}
    assert (grid == 1).sum(axis=0).tolist() == [1] * 12   # one letter per position
    assert grid[0, 0] == 1 and grid[11, 11] == 1          # 'a' is row 0, 'l' row 11
    assert text.grid_to_text(grid) == "abcdefabbadl"
    with pytest.raises(ConfigError):
        text.text_to_grid("abz", 12)


def test_text_sets_hold_their_motif_and_no_other():
    images, labels = text.generate_text(300, 12, "high", 1, ("bad", "dab", "cab"))
    strings = [text.grid_to_text(g) for g in images]
    motifs = ("bad", "dab", "cab")
    for s, label in zip(strings, labels):
        assert motifs[label] in s
        assert all(m not in s for k, m in enumerate(motifs) if k != label)
    starts = {s.index(motifs[label]) for s, label in zip(strings, labels)}
    assert len(starts) >= 8                               # anywhere in the string
    assert np.bincount(labels).tolist() == [100, 100, 100]
    again, _ = text.generate_text(300, 12, "high", 1, ("bad", "dab", "cab"))
    np.testing.assert_array_equal(images, again)


def test_text_classes_are_checked():
    for bad, match in ((("bad", "xyz"), "unknown text class 'xyz'"), (("ba", "bad"), "part of"),
                       (("bad",), "2 to 10"), (("a", "b"), "2 to 5")):
        with pytest.raises(ConfigError, match=match):
            text.generate_text(10, 12, "medium", 0, bad)


# --- shuffling and the kinds -----------------------------------------------------------
def test_shuffle_moves_every_grid_the_same_way():
    made = kinds.make_dataset("letters", 30, 9, "medium", 0)
    shuffled = kinds.make_dataset("letters", 30, 9, "medium", 0, shuffle=4)
    np.testing.assert_array_equal(made.labels, shuffled.labels)
    order = kinds.pixel_permutation(9, 4)
    assert sorted(order) == list(range(81)) and not (order == np.arange(81)).all()
    np.testing.assert_array_equal(shuffled.images.reshape(30, -1),
                                  made.images.reshape(30, -1)[:, order])
    for bad in (-1, 1.5, "3", True):
        with pytest.raises(ConfigError, match="shuffle seed"):
            kinds.make_dataset("letters", 10, shuffle=bad)


def test_kinds_and_their_meaning():
    with pytest.raises(ConfigError, match="letters, sound, text"):
        kinds.make_dataset("music", 10)
    axes = kinds.axis_labels("sound", 16)
    assert axes.rows.startswith("frequency") and len(axes.row_ticks) == 16
    assert float(axes.row_ticks[0]) > float(axes.row_ticks[-1])
    assert kinds.axis_labels("text", 12).row_ticks == tuple("abcdefghijkl")
    for kind in kinds.KINDS:
        presets = kinds.kind_presets(kind)
        assert len(presets) >= 2
        for image in presets.values():
            assert image.shape == (kinds.DEFAULT_SIZES[kind],) * 2
    assert text.grid_to_text(kinds.kind_presets("text")["bad"]).count("bad") == 1


@pytest.mark.parametrize("kind, count", [("sound", 600), ("text", 2000)])
def test_a_convnet_learns_each_kind(kind, count):
    made = kinds.make_dataset(kind, count, seed=3)
    train, validation = data.split(made.images, made.labels, 0.2, seed=0)
    net = build_network(made.images.shape[1], [8], [3], classes=made.classes)
    trainer = Trainer(net, train, validation, TrainConfig(epochs=40, patience=5))
    for _ in trainer.run():
        pass
    assert trainer.best.val_accuracy >= 0.95
    # the kept weights are the best epoch's
    assert trainer.evaluate(*validation)[1] == pytest.approx(trainer.best.val_accuracy)


# --- files and networks hold 2 to 10 classes -------------------------------------------
def test_dataset_and_model_files_hold_two_to_ten_classes(tmp_path):
    from xo_gui.engine.drawing_files import load_dataset, save_dataset
    from xo_gui.engine.errors import FileFormatError
    from xo_gui.engine.model_files import load_model, save_model

    images, labels = generate(40, 9, "low", 0, SHAPES)
    save_dataset(tmp_path / "ten.npz", images, labels, SHAPES)
    assert load_dataset(tmp_path / "ten.npz")[2] == SHAPES
    net = build_network(9, classes=SHAPES)
    save_model(tmp_path / "ten-model.npz", net)
    assert load_model(tmp_path / "ten-model.npz").classes == SHAPES
    eleven = list(SHAPES) + ["Y"]
    with pytest.raises(ConfigError, match="11 classes"):
        save_dataset(tmp_path / "eleven.npz", images, labels, eleven)
    np.savez(tmp_path / "eleven.npz", images=images, labels=labels,
             classes=np.array(__import__("json").dumps(eleven)))
    with pytest.raises(FileFormatError, match="2 to 10"):
        load_dataset(tmp_path / "eleven.npz")
    with pytest.raises(ConfigError, match="2 to 10 classes"):
        build_network(9, classes=eleven)


# --- stopping when validation accuracy stops improving ---------------------------------
def _tiny_trainer(**config):
    made = kinds.make_dataset("letters", 200, 9, "high", 1)
    train, validation = data.split(made.images, made.labels, 0.25, seed=0)
    net = build_network(9, [4], [3], seed=1)
    return Trainer(net, train, validation, TrainConfig(**config))


def test_patience_stops_and_keeps_the_best_weights():
    trainer = _tiny_trainer(epochs=50, lr=1e-9, patience=2)   # far too small to improve
    for _ in trainer.run():
        pass
    accuracies = [r.val_accuracy for r in trainer.history.epochs]
    assert len(accuracies) == 3 and trainer.best.epoch == 1   # 1 best, then 2 without
    assert trainer.status == "finished" and "stopped improving for 2" in trainer.stop_reason

    trainer = _tiny_trainer(epochs=12, lr=0.05, patience=50)
    records = list(trainer.run())
    best = trainer.best
    assert best.epoch < len(trainer.history.epochs)             # so the weights went back
    assert best.val_accuracy == max(r.val_accuracy for r in trainer.history.epochs)
    assert trainer.evaluate(*trainer.validation)[1] == pytest.approx(best.val_accuracy)
    assert trainer.stop_reason == "all epochs done"
    said = trainer.net.predict(trainer.validation[0])          # the confusion matrix's source
    np.testing.assert_array_equal(trainer.val_predictions, said)
    final = records[-1]
    assert final.val_accuracy == best.val_accuracy and final.val_loss == best.val_loss


def test_time_limit_ends_training_at_a_batch():
    trainer = _tiny_trainer(epochs=50, time_limit=1e-6)
    records = list(trainer.run())
    assert trainer.step_count == 1 and records[-1].status == "finished"
    assert len(trainer.history.epochs) == 1 and trainer.history.epochs[0].val_accuracy is not None
    assert "time limit" in trainer.stop_reason
    for bad in (dict(patience=0), dict(patience=1.5), dict(time_limit=0), dict(time_limit=float("nan"))):
        with pytest.raises(ConfigError):
            TrainConfig(**bad).check()


def test_the_windows_default_run_is_the_clis():
    from xo_gui.engine.auto import default_run, describe

    net, config = default_run(28, ("X", "O", "+"))
    said = describe(net, config)
    assert said.startswith("28x28 grids, 3 classes: 8 features 3x3 then 16 features 3x3")
    assert "stops improving for 5 epochs" in said and config.time_limit == 5
    net, config = default_run(9, SHAPES, validation=False)
    assert "16 features 3x3; adam lr 0.01, batch 32, 10 epochs" in describe(net, config)
