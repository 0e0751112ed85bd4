"""Model files (README, "Files"): exact round trips, PyTorch layouts, and hostile files."""
from __future__ import annotations

import io
import json
import os
import tracemalloc
import zipfile

import numpy as np
import pytest

from xo_gui.engine import model_files
from xo_gui.engine.classic import classic_network
from xo_gui.engine.errors import ConfigError, FileFormatError
from xo_gui.engine.model_files import FORMAT, VERSION, load_model, model_bytes, save_model
from xo_gui.engine.network import Network, build_network

ARCHITECTURES = {
    "default": lambda: build_network(9),
    "classic": classic_network,
    "deep": lambda: build_network(16, features=(4, 6), feature_sizes=(3, 2), hidden=(8, 5), seed=3),
    "avg-overlap": lambda: build_network(12, features=(3,), feature_sizes=(5,), pool="avg",
                                         pool_size=3, pool_stride=2, seed=4),
    "rect-gapped": lambda: build_network((10, 13), features=(2,), pool_size=2, pool_stride=3, seed=5),
    "three-classes": lambda: build_network(9, features=(2,), classes=("X", "O", "+"), seed=6),
}


def frozen_deep():
    net = ARCHITECTURES["deep"]()
    net.freeze([0, 3])
    return net


ARCHITECTURES["frozen"] = frozen_deep


def entries(path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def write_npz(path, arrays) -> None:
    with open(path, "wb") as stream:
        np.savez(stream, **arrays)


@pytest.fixture
def valid(tmp_path):
    """A valid model file and its entries."""
    path = tmp_path / "model.npz"
    save_model(path, ARCHITECTURES["deep"]())
    return path, entries(path)


# --- round trip and layout --------------------------------------------------------------
@pytest.mark.parametrize("name", ARCHITECTURES)
def test_round_trip_is_exact(tmp_path, name):
    net = ARCHITECTURES[name]()
    rng = np.random.default_rng(1)
    for _, _, value in net.parameters():              # not just the initial weights
        value[...] = rng.standard_normal(value.shape)
    path = tmp_path / f"{name}.npz"
    save_model(path, net)
    back = load_model(path)
    assert back.config() == net.config()
    assert back.classes == net.classes
    assert back.input_shape == net.input_shape
    assert back.frozen == net.frozen
    assert back.shapes == net.shapes
    before, after = net.state_dict(), back.state_dict()
    assert before.keys() == after.keys()
    for key in before:
        assert after[key].dtype == before[key].dtype
        np.testing.assert_array_equal(after[key], before[key])
    images = rng.uniform(-1, 1, (4, *net.image_size)).astype(np.float32)
    np.testing.assert_array_equal(back.scores(images), net.scores(images))
    # Saving what was loaded gives the same bytes' worth of content.
    save_model(tmp_path / "again.npz", back)
    again = entries(tmp_path / "again.npz")
    first = entries(path)
    assert again.keys() == first.keys()
    for key in first:
        np.testing.assert_array_equal(again[key], first[key])


def test_file_layout_is_pytorchs(valid):
    path, arrays = valid
    config = json.loads(str(arrays["config"]))
    assert arrays["config"].dtype.kind == "U" and arrays["config"].shape == ()
    assert config["format"] == FORMAT and config["version"] == VERSION == 1
    assert config["input_size"] == [16, 16] and config["classes"] == ["X", "O"]
    types = [layer["type"] for layer in config["layers"]]
    assert types == ["conv", "relu", "maxpool", "conv", "relu", "maxpool", "flatten",
                     "linear", "relu", "linear", "relu", "linear"]
    assert arrays["layers.0.weight"].shape == (4, 1, 3, 3)         # (features, channels, k, k)
    assert arrays["layers.0.bias"].shape == (4,)
    assert arrays["layers.3.weight"].shape == (6, 4, 2, 2)
    assert arrays["layers.7.weight"].shape == (8, 6 * 3 * 3)     # 16 -> 14 -> 7 -> 6 -> 3       # (outputs, inputs)
    assert arrays["layers.9.weight"].shape == (5, 8)
    assert arrays["layers.11.weight"].shape == (2, 5)
    weights = {k for k in arrays if k != "config"}
    assert weights == {f"layers.{i}.{p}" for i in (0, 3, 7, 9, 11) for p in ("weight", "bias")}
    for key in weights:
        assert arrays[key].dtype == np.float32
    # Exactly what the network hands out.
    net = load_model(path)
    for key, value in net.state_dict().items():
        np.testing.assert_array_equal(arrays[key], value)


def test_metadata_is_kept_in_the_config(tmp_path):
    path = tmp_path / "m.npz"
    save_model(path, build_network(9), metadata={"epochs": 3, "note": "ünïcode"})
    config = json.loads(str(entries(path)["config"]))
    assert config["metadata"] == {"epochs": 3, "note": "ünïcode"}
    load_model(path)


def test_model_bytes_is_the_file(tmp_path):
    net = build_network(9)
    data = model_bytes(net)
    path = tmp_path / "m.npz"
    path.write_bytes(data)
    np.testing.assert_array_equal(load_model(path).state_dict()["layers.0.weight"],
                                  net.state_dict()["layers.0.weight"])


# --- bad files: each a FileFormatError with a sentence that says what is wrong ------------
def rewrite(valid, tmp_path, change) -> str:
    _, arrays = valid
    arrays = dict(arrays)
    change(arrays)
    path = tmp_path / "bad.npz"
    write_npz(path, arrays)
    return path


def set_config(**fields):
    def change(arrays):
        config = json.loads(str(arrays["config"]))
        config.update(fields)
        arrays["config"] = np.array(json.dumps(config))
    return change


def set_layer(index, **fields):
    def change(arrays):
        config = json.loads(str(arrays["config"]))
        config["layers"][index].update(fields)
        arrays["config"] = np.array(json.dumps(config))
    return change


def test_missing_file(tmp_path):
    with pytest.raises(FileFormatError, match="cannot open") as info:
        load_model(tmp_path / "nope.npz")
    assert "nope.npz" in str(info.value)


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(FileFormatError):
        load_model(tmp_path)


def test_truncated_file(valid, tmp_path):
    path, _ = valid
    data = path.read_bytes()
    bad = tmp_path / "truncated.npz"
    bad.write_bytes(data[:len(data) // 2])
    with pytest.raises(FileFormatError, match="truncated.npz.*(damaged|not)"):
        load_model(bad)


def test_empty_file(tmp_path):
    bad = tmp_path / "empty.npz"
    bad.write_bytes(b"")
    with pytest.raises(FileFormatError):
        load_model(bad)


def test_garbage_bytes(tmp_path):
    bad = tmp_path / "garbage.npz"
    bad.write_bytes(np.random.default_rng(0).bytes(5000))
    with pytest.raises(FileFormatError, match="garbage.npz"):
        load_model(bad)


def test_text_file(tmp_path):
    bad = tmp_path / "drawing.npz"
    bad.write_text("#..#\n.##.\n", encoding="utf-8")
    with pytest.raises(FileFormatError):
        load_model(bad)


def test_npy_instead_of_npz(tmp_path):
    bad = tmp_path / "weights.npy"
    np.save(bad, np.zeros((3, 3), np.float32))
    with pytest.raises(FileFormatError, match="single array"):
        load_model(bad)


def test_pickled_object_array(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.update(
        {"layers.0.weight": np.array([{"evil": 1}, None], dtype=object)}))
    with pytest.raises(FileFormatError, match="pickle"):
        load_model(path)


def test_pickled_config(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.update(
        config=np.array(json.loads(str(a["config"])), dtype=object)))
    with pytest.raises(FileFormatError, match="pickle"):
        load_model(path)


def test_missing_config(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.pop("config"))
    with pytest.raises(FileFormatError, match="no 'config'"):
        load_model(path)


def test_config_not_json(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.update(config=np.array("{not json")))
    with pytest.raises(FileFormatError, match="not valid JSON"):
        load_model(path)


def test_config_not_text(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.update(config=np.zeros(3)))
    with pytest.raises(FileFormatError, match="not a text entry"):
        load_model(path)


def test_config_json_but_not_an_object(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.update(config=np.array("[1, 2]")))
    with pytest.raises(FileFormatError, match="not an XO ConvNet model"):
        load_model(path)


def test_wrong_format_name(valid, tmp_path):
    path = rewrite(valid, tmp_path, set_config(format="pytorch-state-dict"))
    with pytest.raises(FileFormatError, match="not an XO ConvNet model"):
        load_model(path)


def test_wrong_version(valid, tmp_path):
    path = rewrite(valid, tmp_path, set_config(version=2))
    with pytest.raises(FileFormatError, match="version 2.*version 1"):
        load_model(path)


def test_wrong_shaped_weight(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.update({"layers.0.weight": np.zeros((4, 1, 3, 4), np.float32)}))
    with pytest.raises(FileFormatError, match=r"layers\.0\.weight is shaped \(4, 1, 3, 4\)"):
        load_model(path)


def test_transposed_linear_weight(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.update({"layers.11.weight": a["layers.11.weight"].T}))
    with pytest.raises(FileFormatError, match=r"layers\.11\.weight is shaped \(5, 2\)"):
        load_model(path)


def test_missing_weight(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.pop("layers.7.bias"))
    with pytest.raises(FileFormatError, match=r"missing the weights layers\.7\.bias"):
        load_model(path)


def test_extra_entry(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.update({"layers.1.weight": np.zeros(3, np.float32)}))
    with pytest.raises(FileFormatError, match=r"layers\.1\.weight"):
        load_model(path)


def test_nan_weights(valid, tmp_path):
    def change(arrays):
        w = arrays["layers.0.weight"].copy()
        w[0, 0, 1, 1] = np.nan
        arrays["layers.0.weight"] = w
    with pytest.raises(FileFormatError, match="NaN or infinite"):
        load_model(rewrite(valid, tmp_path, change))


def test_infinite_weights(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.update(
        {"layers.11.bias": np.array([np.inf, 0], np.float32)}))
    with pytest.raises(FileFormatError, match="NaN or infinite"):
        load_model(path)


def test_string_weights(valid, tmp_path):
    path = rewrite(valid, tmp_path, lambda a: a.update({"layers.11.bias": np.array(["a", "b"])}))
    with pytest.raises(FileFormatError, match="not numbers"):
        load_model(path)


def test_impossible_network_in_config(valid, tmp_path):
    path = rewrite(valid, tmp_path, set_layer(0, size=40))            # feature > 16x16 image
    with pytest.raises(FileFormatError, match="impossible network.*larger"):
        load_model(path)


def test_unknown_layer_type(valid, tmp_path):
    path = rewrite(valid, tmp_path, set_layer(1, type="sigmoid"))
    with pytest.raises(FileFormatError, match="impossible network.*unknown layer"):
        load_model(path)


def test_layer_settings_of_the_wrong_type(valid, tmp_path):
    path = rewrite(valid, tmp_path, set_layer(0, features="many"))
    with pytest.raises(FileFormatError, match="impossible network"):
        load_model(path)


def test_missing_layer_list(valid, tmp_path):
    def change(arrays):
        config = json.loads(str(arrays["config"]))
        del config["layers"]
        arrays["config"] = np.array(json.dumps(config))
    with pytest.raises(FileFormatError, match="impossible network"):
        load_model(rewrite(valid, tmp_path, change))


def refused_with_peak_memory(path, message: str) -> int:
    """Load a bad model file, expect FileFormatError(message), return the peak bytes used."""
    tracemalloc.start()
    try:
        with pytest.raises(FileFormatError, match=message):
            load_model(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("change", [
    set_layer(0, features=10**9),
    set_layer(0, size=10**5),
    set_layer(7, inputs=10**9),
    set_layer(11, outputs=10**12),
    set_config(input_size=[10**9, 10**9]),
], ids=["features", "feature-size", "linear-inputs", "linear-outputs", "input-size"])
def test_absurdly_large_layer_is_refused_without_allocating(valid, tmp_path, change):
    path = rewrite(valid, tmp_path, change)
    peak = refused_with_peak_memory(path, "impossible network|shaped")
    assert peak < 50e6, f"loading a hostile config allocated {peak / 1e6:.0f} MB"


def test_oversized_file(valid, monkeypatch):
    path, _ = valid
    monkeypatch.setattr(model_files, "MAX_MODEL_BYTES", 100)
    with pytest.raises(FileFormatError, match="too large"):
        load_model(path)


def test_compressed_entry_that_unpacks_too_large(valid, tmp_path, monkeypatch):
    """A zip bomb: a few kB on disk, many MB once unpacked; refused before unpacking."""
    _, arrays = valid
    bomb = tmp_path / "bomb.npz"
    with open(bomb, "wb") as stream:
        np.savez_compressed(stream, **arrays, padding=np.zeros(4_000_000, np.float32))
    assert bomb.stat().st_size < 200_000
    monkeypatch.setattr(model_files, "MAX_MODEL_BYTES", 1_000_000)
    peak = refused_with_peak_memory(bomb, "bomb.npz unpacks to more than 1 MB, too large")
    assert peak < 4e6, f"the bomb was unpacked ({peak / 1e6:.0f} MB)"


def test_compressed_model_file_loads(valid, tmp_path):
    _, arrays = valid
    path = tmp_path / "small.npz"
    with open(path, "wb") as stream:
        np.savez_compressed(stream, **arrays)
    net = load_model(path)
    np.testing.assert_array_equal(net.state_dict()["layers.0.weight"], arrays["layers.0.weight"])


def test_zip_with_other_members(tmp_path):
    bad = tmp_path / "other.npz"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(FileFormatError):
        load_model(bad)


# --- saving never loses what is on disk -------------------------------------------------
def test_failed_save_leaves_the_old_file_intact(valid, monkeypatch):
    path, _ = valid
    before = path.read_bytes()

    def broken_savez(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises((OSError, FileFormatError)):
        save_model(path, build_network(9))
    assert path.read_bytes() == before
    monkeypatch.undo()
    load_model(path)


def test_failed_write_leaves_the_old_file_intact(valid, monkeypatch):
    """The bytes are ready but writing them fails half way."""
    path, _ = valid
    before = path.read_bytes()
    real_fsync = os.fsync

    def failing_fsync(fd):
        raise OSError("I/O error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises((OSError, FileFormatError)):
        save_model(path, build_network(9))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["model.npz"]   # no temp file left


def test_save_into_a_missing_directory(tmp_path):
    with pytest.raises(FileFormatError, match=r"cannot save .*no-such-dir/m.npz: No such file"):
        save_model(tmp_path / "no-such-dir" / "m.npz", build_network(9))
    assert not (tmp_path / "no-such-dir").exists()


def test_save_replaces_an_existing_model(valid):
    path, _ = valid
    net = classic_network()
    save_model(path, net)
    assert load_model(path).config() == net.config()


def test_load_from_bytes_is_not_needed_but_buffer_is_a_valid_npz():
    data = model_bytes(classic_network())
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        assert "config" in z.files


def test_a_text_file_is_not_called_pickled(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("root:x:0:0:root:/root:/bin/bash\n")
    with pytest.raises(FileFormatError, match="not a model file") as info:
        load_model(path)
    assert "pickle" not in str(info.value)


def test_a_header_claiming_a_huge_array_is_refused_before_allocating(valid, tmp_path):
    """A hostile .npy header (10**12 values, no data) must not reach numpy's allocator."""
    path, arrays = valid
    hostile = tmp_path / "hostile.npz"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("config.npy", _npy_bytes(arrays["config"]))
        with archive.open("layers.0.weight.npy", "w") as stream:
            np.lib.format.write_array_header_1_0(
                stream, {"descr": "<f4", "fortran_order": False, "shape": (10**12,)})
    with pytest.raises(FileFormatError, match="claims 1,000,000,000,000 weights"):
        load_model(hostile)


def _npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


@pytest.mark.parametrize("change, message", [
    (lambda c: c["layers"][0].update(features=3.7), "whole number"),
    (lambda c: c["layers"][0].update(channels=True), "whole number"),
    (lambda c: c["layers"][0].update(bias="yes"), "true or false"),
    (lambda c: c.update(classes="XO"), "classes"),
    (lambda c: c.update(input_size=[9.5, 9]), "input_size"),
    (lambda c: c.update(frozen=["conv1"]), "frozen"),
])
def test_loose_settings_in_a_config_are_refused(change, message):
    config = classic_network().config()
    change(config)
    with pytest.raises(ConfigError, match=message):
        Network.from_config(config)


@pytest.mark.filterwarnings("ignore:Duplicate name")      # the point of the test
def test_an_entry_given_twice_is_refused(valid, tmp_path):
    path, arrays = valid
    twice = tmp_path / "twice.npz"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(twice, "w") as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
        archive.writestr("layers.0.weight.npy", _npy_bytes(np.zeros((1,), np.float32)))
    with pytest.raises(FileFormatError, match="'layers.0.weight' twice"):
        load_model(twice)


def test_an_input_larger_than_any_grid_is_refused():
    config = classic_network().config()
    config["input_size"] = [100_000, 100_000]
    with pytest.raises(ConfigError, match="from 1 to 64"):
        Network.from_config(config)
