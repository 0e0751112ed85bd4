"""Lab files: save -> load gives the whole lab back exactly; bad or hostile files are
refused with one sentence and leave everything as it was."""
from __future__ import annotations

import io
import json
import os
import zipfile

import numpy as np
import pytest

from xo_gui.engine import data, lab_file
from xo_gui.engine.classic import classic_network
from xo_gui.engine.errors import ConfigError, FileFormatError
from xo_gui.engine.lab_file import DrawingSource, Lab, TrainingData, load_lab, save_lab
from xo_gui.engine.network import build_network
from xo_gui.engine.run_history import HistoryRecorder, RunHistory
from xo_gui.engine.train import TrainConfig, Trainer


@pytest.fixture(scope="module")
def full_lab() -> Lab:
    images, labels = data.generate(48, 9, "low", 3)
    (tx, ty), validation = data.split(images, labels, 0.25, 3)
    net = build_network(9, [3], [3], hidden=[4], seed=3)
    net.freeze([0])
    trainer = Trainer(net, (tx, ty), validation, TrainConfig(epochs=3, batch_size=4))
    history = RunHistory()
    recorder = HistoryRecorder(history, net.state_dict, trainer.batches_per_epoch)
    recorder.start()
    for progress in trainer.run():
        recorder.observe(progress, trainer.history.epochs)
    explore = classic_network()
    own = np.stack([data.preset("x-shifted"), data.preset("o-noisy")])
    return Lab(
        drawing=data.preset("x-rotated"), explore=explore,
        drawing_source=DrawingSource("preset", "x-rotated", "X"), explore_source="classic",
        settings={"training": {"lr": 0.01, "optimizer": "adam", "epochs": 3},
                  "architecture": {"features": [3], "hidden": [4]}, "note": "中文 ok"},
        data=TrainingData(("X", "O"), own, np.array([0, 1]), images, labels,
                          {"count": 48, "size": 9, "variation": "low", "seed": 3}),
        trained=net, history=history)


def _assert_same_network(a, b) -> None:
    assert a.config() == b.config()
    sa, sb = a.state_dict(), b.state_dict()
    assert sa.keys() == sb.keys()
    for key in sa:
        assert sa[key].dtype == sb[key].dtype and np.array_equal(sa[key], sb[key]), key


def _assert_same_lab(a: Lab, b: Lab) -> None:
    assert np.array_equal(a.drawing, b.drawing) and b.drawing.dtype == np.float32
    assert a.drawing_source == b.drawing_source and a.explore_source == b.explore_source
    assert a.settings == b.settings
    _assert_same_network(a.explore, b.explore)
    assert (a.trained is None) == (b.trained is None)
    if a.trained is not None:
        _assert_same_network(a.trained, b.trained)
    assert (a.data is None) == (b.data is None)
    if a.data is not None:
        assert a.data.classes == b.data.classes and a.data.generator == b.data.generator
        for field in ("own_images", "own_labels", "images", "labels"):
            x, y = getattr(a.data, field), getattr(b.data, field)
            assert (x is None and y is None) or np.array_equal(x, y), field
    assert (a.history is None) == (b.history is None)
    if a.history is not None:
        ha, hb = a.history, b.history
        assert ha.thinned == hb.thinned and ha.strides == hb.strides
        assert ha.budget_bytes == hb.budget_bytes and ha.epochs == hb.epochs
        for x, y in zip(ha.batches(), hb.batches()):
            assert x.dtype == y.dtype and np.array_equal(x, y)
        assert len(ha) == len(hb)
        for sa, sb in zip(ha.snapshots, hb.snapshots):
            assert (sa.step, sa.epoch, sa.label, sa.ordinal, sa.pinned) == \
                (sb.step, sb.epoch, sb.label, sb.ordinal, sb.pinned)
            for key in sa.state:
                assert np.array_equal(sa.state[key], sb.state[key])


def test_save_then_load_gives_the_whole_lab_back_exactly(tmp_path, full_lab):
    path = tmp_path / "lesson.xolab"
    save_lab(path, full_lab)
    again = load_lab(path)
    _assert_same_lab(full_lab, again)
    assert again.trained.frozen == [0]
    assert len(again.history) == len(full_lab.history) > 5
    # the same lab gives the same bytes (fixed timestamps, ordered entries)
    save_lab(tmp_path / "twice.xolab", again)
    assert (tmp_path / "twice.xolab").read_bytes() == path.read_bytes()


def test_a_minimal_lab_round_trips(tmp_path):
    lab = Lab(data.canonical("O"), classic_network())
    save_lab(tmp_path / "m.xolab", lab)
    again = load_lab(tmp_path / "m.xolab")
    _assert_same_lab(lab, again)
    assert again.drawing_source == DrawingSource("hand", "", None)


def test_a_history_restored_from_a_file_goes_on_thinning_evenly(tmp_path, full_lab):
    save_lab(tmp_path / "h.xolab", full_lab)
    history = load_lab(tmp_path / "h.xolab").history
    last = history.snapshots[-1]
    history.add_snapshot(last.step + 1, last.epoch + 0.1, dict(last.state), "more")
    assert history.snapshots[-1].ordinal == last.ordinal + 1


def test_a_script_reads_it_with_zipfile_and_numpy(tmp_path, full_lab):
    """The README's description is enough: plain zipfile + numpy, no pickles."""
    path = tmp_path / "s.xolab"
    save_lab(path, full_lab)
    with zipfile.ZipFile(path) as z:
        meta = json.loads(z.read("lab.json"))
        history = json.loads(z.read("history/history.json"))
        load = lambda name: np.load(io.BytesIO(z.read(name)), allow_pickle=False)
        features = load("history/layers.0.weight.npy")
        losses = load("history/batch_losses.npy")
        config = json.loads(z.read("trained/config.json"))
        drawing = load("drawing.npy")
    assert meta == {"format": "xo-lab", "version": 1, "parts": ["data", "trained", "history"],
                    "explore_source": "classic"}
    assert features.shape == (len(history["snapshots"]), 3, 1, 3, 3)
    assert np.array_equal(features[-1], full_lab.trained.state_dict()["layers.0.weight"])
    assert len(losses) == len(full_lab.history.batches()[2])
    assert config["format"] == "xo-convnet-model" and config["layers"][0]["type"] == "conv"
    assert drawing.shape == (9, 9)


# --- versions ------------------------------------------------------------------------
def _write_zip(path, entries: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, raw in entries.items():
            z.writestr(name, raw)


def _npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _handmade_version_1() -> dict[str, bytes]:
    """A lab file as a script would write it from the README alone (no save_lab)."""
    net = classic_network()
    config = {"format": "xo-convnet-model", "version": 1, **net.config()}
    entries = {
        "lab.json": json.dumps({"format": "xo-lab", "version": 1, "parts": [],
                                "explore_source": "classic"}).encode(),
        "drawing.npy": _npy(data.canonical("X")),
        "drawing.json": json.dumps({"kind": "hand", "name": "", "label": None}).encode(),
        "settings.json": b"{}",
        "explore/config.json": json.dumps(config).encode(),
    }
    for key, value in net.state_dict().items():
        entries[f"explore/{key}.npy"] = _npy(value)
    return entries


def test_a_version_1_file_written_by_hand_opens(tmp_path):
    path = tmp_path / "v1.xolab"
    _write_zip(path, _handmade_version_1())
    lab = load_lab(path)
    assert np.array_equal(lab.drawing, data.canonical("X"))
    _assert_same_network(lab.explore, classic_network())


@pytest.mark.parametrize("version, message", [
    (2, "format version 2, written by a newer XO ConvNet Lab; this program reads version 1"),
    (0, "version 0 is not a version number"),
    ("1", "version '1' is not a version number"),
])
def test_other_versions_are_refused_clearly(tmp_path, version, message):
    entries = _handmade_version_1()
    entries["lab.json"] = json.dumps({"format": "xo-lab", "version": version, "parts": [],
                                      "explore_source": "classic"}).encode()
    path = tmp_path / "v.xolab"
    _write_zip(path, entries)
    with pytest.raises(FileFormatError, match=message):
        load_lab(path)


# --- hostile files ---------------------------------------------------------------------
@pytest.fixture()
def saved(tmp_path, full_lab):
    path = tmp_path / "good.xolab"
    save_lab(path, full_lab)
    return path


def _entries(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _refused(path, match: str) -> str:
    with pytest.raises(FileFormatError, match=match) as info:
        load_lab(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


def test_not_a_zip_is_refused(tmp_path):
    for name, raw in [("text.xolab", b"hello\n"), ("empty.xolab", b""),
                      ("array.xolab", _npy(np.zeros(3)))]:
        (tmp_path / name).write_bytes(raw)
        _refused(tmp_path / name, "is not a lab file")


def test_a_model_file_is_not_a_lab_file(tmp_path):
    from xo_gui.engine.model_files import save_model
    save_model(tmp_path / "model.xolab", classic_network())
    _refused(tmp_path / "model.xolab", "has no entry 'lab.json'")


@pytest.mark.parametrize("keep", [0.5, 0.9, -22, -1])
def test_a_truncated_file_is_refused(tmp_path, saved, keep):
    raw = saved.read_bytes()
    cut = tmp_path / "cut.xolab"
    cut.write_bytes(raw[:int(len(raw) * keep)] if keep > 0 else raw[:keep])
    _refused(cut, "damaged or truncated|is damaged")


def test_a_zip_bomb_is_refused_from_the_directory(tmp_path, saved):
    """The directory claims 4 GB for one entry: refused before anything is unpacked."""
    raw = bytearray(saved.read_bytes())
    central = raw.index(b"PK\x01\x02")
    raw[central + 24:central + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    bomb = tmp_path / "bomb.xolab"
    bomb.write_bytes(bytes(raw))
    _refused(bomb, "unpacks to 4295 MB, more than any entry of a lab file may")


def test_a_real_bomb_is_refused_by_the_caps(tmp_path, monkeypatch):
    entries = _handmade_version_1()
    entries["settings.json"] = b"{" + b" " * 3_000_000 + b"}"      # 3 MB of blanks: ~3 kB packed
    path = tmp_path / "bomb.xolab"
    _write_zip(path, entries)
    assert os.path.getsize(path) < 100_000
    _refused(path, "'settings.json' is 3.0 MB, more than it may be")
    monkeypatch.setattr(lab_file, "MAX_UNPACKED_BYTES", 1_000_000)
    _refused(path, "unpacks to 3 MB, more than a lab file may")
    monkeypatch.setattr(lab_file, "MAX_ENTRIES", 5)
    _refused(path, "has 9 entries, more than a lab file has")


@pytest.mark.parametrize("entry", ["lab.json", "drawing.npy", "drawing.json", "settings.json",
                                   "explore/config.json", "explore/layers.0.weight.npy",
                                   "data/own_labels.npy", "data/images.npy", "trained/config.json",
                                   "trained/layers.4.bias.npy", "history/history.json",
                                   "history/layers.6.weight.npy", "history/batch_losses.npy"])
def test_a_missing_entry_is_refused(tmp_path, saved, entry):
    entries = _entries(saved)
    assert entry in entries
    del entries[entry]
    path = tmp_path / "missing.xolab"
    _write_zip(path, entries)
    _refused(path, f"no entry '{entry}'|missing the weights")


@pytest.mark.parametrize("entry, array, match", [
    ("drawing.npy", np.zeros((8, 8), np.float32), r"shaped \(8, 8\), it should be \(9, 9\)"),
    ("explore/layers.0.weight.npy", np.zeros((3, 3, 3), np.float32), "shaped"),
    ("trained/layers.0.weight.npy", np.zeros((4, 1, 3, 3), np.float32), "shaped"),
    ("history/layers.0.weight.npy", np.zeros((2, 3, 1, 3, 3), np.float32), "shaped"),
    ("data/own_labels.npy", np.zeros(5, np.int64), "shaped"),
    ("history/batch_epochs.npy", np.zeros(3), "shaped"),
    ("data/images.npy", np.zeros((4, 9, 9), np.float32), "shaped"),     # labels no longer fit
    ("drawing.npy", np.full((9, 9), 2, np.float32), "pixels from -1 to 1"),
    ("drawing.npy", np.zeros((9, 9), np.int64), "holds int64, not the numbers it should"),
    ("data/own_labels.npy", np.array([0, 7]), "labels must be class numbers"),
])
def test_a_wrong_entry_is_refused(tmp_path, saved, entry, array, match):
    entries = _entries(saved)
    entries[entry] = _npy(array)
    path = tmp_path / "wrong.xolab"
    _write_zip(path, entries)
    _refused(path, match)


@pytest.mark.parametrize("entry", ["explore/layers.0.weight.npy", "trained/layers.4.bias.npy",
                                   "history/layers.6.weight.npy", "drawing.npy",
                                   "history/batch_losses.npy", "data/own_images.npy"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_or_infinite_numbers_are_refused(tmp_path, saved, entry, bad):
    entries = _entries(saved)
    array = np.load(io.BytesIO(entries[entry]))
    array.reshape(-1)[0] = bad
    entries[entry] = _npy(array)
    path = tmp_path / "nan.xolab"
    _write_zip(path, entries)
    _refused(path, "NaN or infinite|finite numbers")


def test_a_pickled_array_is_never_loaded(tmp_path, saved):
    entries = _entries(saved)
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    entries["drawing.npy"] = buffer.getvalue()
    path = tmp_path / "pickle.xolab"
    _write_zip(path, entries)
    _refused(path, "pickled Python objects, which are never loaded")


def test_an_array_header_that_lies_is_refused_before_allocating(tmp_path, saved):
    entries = _entries(saved)
    raw = _npy(np.zeros((9, 9), np.float32))
    entries["drawing.npy"] = raw[:-100]                   # the header promises 81 values
    path = tmp_path / "lie.xolab"
    _write_zip(path, entries)
    _refused(path, "does not hold the .* values its header claims")


@pytest.mark.parametrize("entry, raw, match", [
    ("settings.json", b"{not json", "not valid JSON"),
    ("settings.json", b'{"lr": NaN}', "not valid JSON"),
    ("settings.json", b"[1, 2]", "not a JSON object"),
    ("settings.json", b'{"a": ' * 100 + b"1" + b"}" * 100, "nests deeper than"),
    ("settings.json", b"[" * 100_000 + b"]" * 100_000, "not valid JSON|nests deeper"),
    ("drawing.json", b'{"kind": "magic", "name": "", "label": null}', "drawing's kind"),
    ("drawing.json", b'{"kind": "hand"}', "exactly 'kind', 'name' and 'label'"),
    ("lab.json", b'{"format": "xo-lab", "version": 1, "parts": ["everything"], '
                 b'"explore_source": "classic"}', "needs 'parts'"),
    ("lab.json", b'{"format": "zip", "version": 1}', "not an XO ConvNet lab file"),
    ("history/history.json", b'{"snapshots": []}', "needs 'snapshots'"),
    ("explore/config.json", b'{"format": "xo-convnet-model", "version": 1, "input_size": [9, 9],'
                            b' "layers": [{"type": "conv", "features": 0}]}', "impossible network"),
])
def test_bad_json_entries_are_refused(tmp_path, saved, entry, raw, match):
    entries = _entries(saved)
    entries[entry] = raw
    path = tmp_path / "json.xolab"
    _write_zip(path, entries)
    _refused(path, match)


def test_unknown_twice_given_and_oddly_compressed_entries_are_refused(tmp_path, saved):
    entries = _entries(saved)
    path = tmp_path / "odd.xolab"
    _write_zip(path, {**entries, "extra/script.py": b"print('hi')"})
    _refused(path, "'extra/script.py' is not part of a lab file")
    with zipfile.ZipFile(path, "w") as z, pytest.warns(UserWarning):
        for name, raw in entries.items():
            z.writestr(name, raw)
        z.writestr("settings.json", b"{}")
    _refused(path, "has the entry 'settings.json' twice")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as z:
        for name, raw in entries.items():
            z.writestr(name, raw)
    _refused(path, "compressed in a way lab files never are")


def test_things_that_are_not_regular_files_are_refused_without_blocking(tmp_path):
    _refused(tmp_path, "is a folder, not a lab file")
    fifo = tmp_path / "pipe.xolab"
    os.mkfifo(fifo)                          # opening it for reading would block forever
    _refused(fifo, "not a regular file")
    if os.path.exists("/dev/zero"):
        with pytest.raises(FileFormatError, match="not a regular file"):
            load_lab("/dev/zero")
    with pytest.raises(FileFormatError, match="cannot open lab file"):
        load_lab(tmp_path / "nothing-here.xolab")


# --- saving ------------------------------------------------------------------------------
def test_a_lab_that_cannot_be_saved_says_why_and_keeps_the_old_file(tmp_path, saved, full_lab):
    before = saved.read_bytes()
    bad = [
        (Lab(np.zeros((8, 8), np.float32), classic_network()), "Explore's network takes"),
        (Lab(data.canonical("X"), classic_network(), settings={"x": np.float32(1)}),
         "settings are not plain JSON"),
        (Lab(data.canonical("X"), classic_network(), settings={"x": float("nan")}),
         "settings are not plain JSON"),
        (Lab(data.canonical("X"), classic_network(), DrawingSource("magic")), "kind"),
        (Lab(data.canonical("X"), classic_network(), history=full_lab.history),
         "needs the trained network"),
        (Lab(data.canonical("X"), classic_network(), trained=classic_network(),
             history=full_lab.history), "does not fit the trained network"),
    ]
    for lab, match in bad:
        with pytest.raises(ConfigError, match=match):
            save_lab(saved, lab)
        assert saved.read_bytes() == before


def test_a_save_that_fails_halfway_leaves_the_old_file(tmp_path, saved, full_lab, monkeypatch):
    before = saved.read_bytes()

    def broken(stream, entries, compress):
        stream.write(b"PK\x03\x04 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lab_file, "write_entries", broken)
    with pytest.raises(FileFormatError, match="No space left on device"):
        save_lab(saved, full_lab)
    assert saved.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.xolab"]


# --- training data helpers ----------------------------------------------------------------
def test_generator_settings_regenerate_the_same_images():
    variation = data.Variation(shift=0.1, rotation=12.5, noise=0.03)
    settings = lab_file.generator_settings(30, 11, variation, 7, validation=0.25)
    assert settings["variation"]["rotation"] == 12.5 and settings["validation"] == 0.25
    images, labels = lab_file.regenerate(json.loads(json.dumps(settings)))
    expected = data.generate(30, 11, variation, 7)
    assert np.array_equal(images, expected[0]) and np.array_equal(labels, expected[1])


@pytest.mark.parametrize("change, match", [
    ({"kind": "sound"}, "kind 'sound' is not one this program knows"),
    ({"count": 0}, "count must be a whole number from 1"),
    ({"size": 9.0}, "size must be a whole number"),
    ({"variation": "wild"}, "variation"),
    ({"variation": {"spin": 1}}, "variation must be a level name"),
    ({"variation": {"noise": 0.9}}, "noise must be a number from 0 to 0.5"),
])
def test_impossible_generator_settings_are_refused_on_save_and_on_load(tmp_path, saved, change,
                                                                       match):
    generator = {**lab_file.generator_settings(48, 9, "low", 3), **change}
    lab = Lab(data.canonical("X"), classic_network(),
              data=TrainingData(("X", "O"), np.zeros((0, 9, 9), np.float32),
                                np.zeros(0, np.int64), generator=generator))
    with pytest.raises(ConfigError, match=match):
        save_lab(tmp_path / "g.xolab", lab)
    entries = _entries(saved)
    meta = json.loads(entries["data/data.json"])
    meta["generator"] = generator
    entries["data/data.json"] = json.dumps(meta).encode()
    _write_zip(tmp_path / "g.xolab", entries)
    _refused(tmp_path / "g.xolab", match)


def test_own_drawings_go_to_arrays_and_back():
    drawings = [(data.preset("x-thick"), 0), (data.preset("o-small"), 1)]
    own = TrainingData.from_pairs(("X", "O"), drawings, (9, 9))
    assert own.own_images.shape == (2, 9, 9) and own.own_labels.tolist() == [0, 1]
    back = own.pairs()
    assert all(np.array_equal(a[0], b[0]) and a[1] == b[1] for a, b in zip(drawings, back))
    empty = TrainingData.from_pairs(("X", "O"), [], (9, 9))
    assert empty.own_images.shape == (0, 9, 9) and empty.own_labels.dtype == np.int64


def test_the_network_at_an_epoch_has_that_snapshots_weights(full_lab):
    history = full_lab.history
    net, snap = lab_file.network_at_epoch(full_lab, 0)
    assert snap is history.at(0) and net is not full_lab.trained
    for key, value in net.state_dict().items():
        assert np.array_equal(value, history.at(0).state[key])
    net, snap = lab_file.network_at_epoch(full_lab, 2)
    assert snap.label == "epoch 2" and net.frozen == full_lab.trained.frozen
    for key, value in net.state_dict().items():
        assert np.array_equal(value, snap.state[key])
    net, snap = lab_file.network_at_epoch(full_lab, 3)
    _assert_same_network(net, full_lab.trained)
    with pytest.raises(ConfigError, match="the run has 3 epochs, so there is no epoch 4"):
        lab_file.network_at_epoch(full_lab, 4)
    with pytest.raises(ConfigError, match="no training history"):
        lab_file.network_at_epoch(Lab(data.canonical("X"), classic_network()), 0)


def test_damaged_bytes_anywhere_give_one_sentence_or_the_same_lab(tmp_path, saved):
    """Flip bytes all over a good file: every result is a FileFormatError or a lab file
    that loads (a flip in a zip's slack), never another exception."""
    raw = saved.read_bytes()
    rng = np.random.default_rng(0)
    path = tmp_path / "flipped.xolab"
    outcomes = set()
    for trial in range(150):
        damaged = bytearray(raw)
        for spot in rng.integers(0, len(raw), size=1 + trial % 3):
            damaged[spot] ^= 1 << int(rng.integers(0, 8))
        path.write_bytes(bytes(damaged))
        try:
            load_lab(path)
            outcomes.add("loaded")
        except FileFormatError as exc:
            assert "\n" not in str(exc)
            outcomes.add("refused")
    assert "refused" in outcomes


def test_history_snapshots_out_of_order_are_refused(tmp_path, saved):
    entries = _entries(saved)
    meta = json.loads(entries["history/history.json"])
    meta["snapshots"][2]["step"] = meta["snapshots"][1]["step"]
    entries["history/history.json"] = json.dumps(meta).encode()
    _write_zip(tmp_path / "order.xolab", entries)
    _refused(tmp_path / "order.xolab", r"history snapshot 2 needs a step \(after the one before")
