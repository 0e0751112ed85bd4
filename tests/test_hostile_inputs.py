"""The checks issue 11 asked for, one by one: paths by stat before any open, one budget
for every reader and writer, parsers that cannot recurse or take quadratic time,
divergence that cannot ruin a model, saves that leave nothing behind."""
from __future__ import annotations

import io
import json
import os
import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xo_gui.cli import main
from xo_gui.engine import data, limits
from xo_gui.engine.drawing_files import load_dataset, parse_drawing, read_drawing, save_dataset
from xo_gui.engine.errors import ConfigError, FileFormatError, XoError
from xo_gui.engine.model_files import load_model, model_bytes, save_model
from xo_gui.engine.network import Network, build_network
from xo_gui.engine.safe_files import (atomic_write_bytes, check_readable_file, check_writable,
                                      open_regular_file)
from xo_gui.engine.safe_json import parse_json
from xo_gui.engine.train import MAX_WEIGHT, TrainConfig, Trainer


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("xo-gui") and "Traceback" not in err, err
    return lines[0]


# --- paths -------------------------------------------------------------------------------
def test_a_fifo_is_refused_by_stat_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.npz"
    os.mkfifo(fifo)
    result: list[BaseException] = []

    def read_all() -> None:
        for reader in (load_model, load_dataset, read_drawing):
            try:
                reader(fifo)
            except XoError as exc:
                result.append(exc)

    thread = threading.Thread(target=read_all, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "a reader blocked on a FIFO"
    assert len(result) == 3 and all("pipe" in str(e) for e in result)


@pytest.mark.parametrize("path, phrase", [("", "empty"), ("/dev/null", "device"),
                                          ("/", "folder"), ("/no/such/file", "No such file"),
                                          ("x" * 300, "too long")])
def test_readers_refuse_what_is_not_a_regular_file_in_one_line(path, phrase):
    with pytest.raises(FileFormatError, match=phrase) as info:
        check_readable_file(path, "model")
    assert "\n" not in str(info.value) and len(str(info.value)) < 200


def test_a_file_too_large_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"#" * 100)
    with pytest.raises(FileFormatError, match="too large.*at most 10 bytes"):
        open_regular_file(path, "drawing", max_bytes=10)
    with open_regular_file(path, "drawing", max_bytes=100) as stream:
        assert stream.read() == b"#" * 100


def test_a_picture_is_read_as_bytes_through_the_same_checks(tmp_path):
    from xo_gui.engine.safe_files import read_regular_file
    fifo = tmp_path / "p.png"
    os.mkfifo(fifo)
    with pytest.raises(FileFormatError, match="pipe"):
        read_regular_file(fifo, "picture", limits.MAX_PICTURE_BYTES)
    (tmp_path / "q.png").write_bytes(b"\x89PNG")
    assert read_regular_file(tmp_path / "q.png", "picture", limits.MAX_PICTURE_BYTES) == b"\x89PNG"


def test_out_is_refused_for_folders_pipes_devices_links_to_them_and_inputs(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "to-dir").symlink_to(tmp_path)
    (tmp_path / "to-fifo").symlink_to(fifo)
    data_file = tmp_path / "data.npz"
    data_file.write_bytes(b"x")
    for path, phrase in [(tmp_path, "folder"), (fifo, "pipe"), ("/dev/null", "device"),
                         (tmp_path / "to-dir", "folder"), (tmp_path / "to-fifo", "pipe"),
                         ("", "no file name"), (tmp_path / "no" / "x.npz", "does not exist"),
                         (tmp_path / ("n" * 300), "too long")]:
        with pytest.raises(FileFormatError, match=phrase):
            check_writable(path)
    with pytest.raises(FileFormatError, match="the --data file itself"):
        check_writable(data_file, [("--data", str(data_file))])
    check_writable(tmp_path / "fine.npz", [("--data", str(data_file))])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.npz", "fifo", "to-dir",
                                                          "to-fifo"]


def test_a_save_through_a_symlink_replaces_its_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_save_removes_temp_files_a_killed_save_of_the_same_target_left(tmp_path):
    target = tmp_path / "model.npz"
    dead = 2**22 + 12345                       # above the default pid_max: never a live pid
    stale = tmp_path / f".model.npz.{dead}-abc.xo-save.tmp"
    stale.write_bytes(b"partial")
    live = tmp_path / f".model.npz.{os.getppid()}-abc.xo-save.tmp"   # a live process's save
    live.write_bytes(b"in progress")
    other = tmp_path / f".other.npz.{dead}-abc.xo-save.tmp"            # another target's
    other.write_bytes(b"partial")
    save_model(target, build_network(9))
    assert not stale.exists() and live.exists() and other.exists()
    load_model(target)


def test_a_long_target_name_gets_a_short_temp_name(tmp_path):
    target = tmp_path / ("m" * 240 + ".npz")
    atomic_write_bytes(target, b"data")
    assert target.read_bytes() == b"data" and len(list(tmp_path.iterdir())) == 1


# --- one budget --------------------------------------------------------------------------
def test_what_the_program_writes_it_can_read():
    """The reader's caps hold the largest data set and model the writers accept."""
    largest_images = limits.MAX_DATASET_PIXELS * 4 + limits.MAX_DATASET_IMAGES * 8
    assert limits.MAX_DATASET_BYTES > largest_images + 3 * 1024
    assert limits.MAX_MODEL_BYTES > limits.MAX_NETWORK_PARAMETERS * 4 + 4 * limits.MAX_JSON_CHARS


@pytest.mark.parametrize("count, size", [(40_000, 64), (1_000_000, 64), (1_000_000, 9)])
def test_data_sets_too_large_to_read_back_are_refused_before_any_work(count, size):
    start = time.perf_counter()
    with pytest.raises(ConfigError, match=f"{count:,} images.*at most"):
        data.generate(count, size)
    assert time.perf_counter() - start < 1.0


def test_the_cli_refuses_a_data_set_it_could_not_read_and_writes_nothing(capsys, tmp_path):
    out = tmp_path / "d.npz"
    code, _, err = run(capsys, "dataset", "--count", "40000", "--size", "64", "--out", str(out))
    assert code == 2 and "67,108,864" in one_error_line(err) and not out.exists()


def test_a_64x64_data_set_round_trips(tmp_path):
    images = np.ones((2000, 64, 64), np.float32)
    labels = np.arange(len(images)) % 2
    save_dataset(tmp_path / "d.npz", images, labels)
    back, _, _ = load_dataset(tmp_path / "d.npz")
    assert back.shape == images.shape


def test_network_budget_names_the_number_and_the_limit():
    with pytest.raises(ConfigError, match=r"maps to draw \(at most 4,096\)"):
        build_network(9, features=(5000,), feature_sizes=(1,))
    from xo_gui.engine.layers import Conv2D, Flatten, Linear, MaxPool, ReLU
    deep = [Conv2D(1000, 1, 1), ReLU()] + [Conv2D(1000, 1000, 1), ReLU()] * 3
    with pytest.raises(ConfigError, match=r"MB on its way through this network \(at most 256"):
        Network(deep + [MaxPool(64), Flatten(), Linear(1000, 2)], (1, 64, 64))
    with pytest.raises(ConfigError, match=r"more than 200 layers"):
        build_network(9, blocks=10**9)


def test_a_config_of_20000_relu_layers_is_refused_at_once():
    net = build_network(9)
    config = net.config()
    config["layers"] = config["layers"][:1] + [{"type": "relu"}] * 20_000 + config["layers"][1:]
    start = time.perf_counter()
    with pytest.raises(ConfigError, match="20,00[0-9] layers"):
        Network.from_config(config)
    assert time.perf_counter() - start < 0.5


def test_building_a_network_is_linear_in_its_layers():
    """The parameter count is kept running, not re-summed: 199 layers cost about 199
    layer constructions (measured as a ratio, not a time)."""
    config = build_network(9, features=(2,), feature_sizes=(1,), pool_size=1).config()
    layers = config["layers"]
    config["layers"] = layers[:1] + [{"type": "relu"}] * 190 + layers[1:]
    net = Network.from_config(config)
    assert len(net.layers) == len(config["layers"]) <= 200


@pytest.mark.parametrize("item", [{"type": ["relu"]}, {"type": {"a": 1}}, "relu", 5, None,
                                  {"type": "conv", "features": 2.5, "channels": 1, "size": 3}])
def test_a_layer_of_the_wrong_type_is_one_sentence(item):
    config = build_network(9).config()
    config["layers"][1] = item
    with pytest.raises(ConfigError):
        Network.from_config(config)


def test_weights_that_overflow_float32_are_refused(tmp_path):
    with np.load(io.BytesIO(model_bytes(build_network(9))), allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    arrays["layers.0.weight"] = np.full(arrays["layers.0.weight"].shape, 1e300)   # float64
    np.savez(tmp_path / "m.npz", **arrays)
    with pytest.raises(FileFormatError, match="too large for float32"):
        load_model(tmp_path / "m.npz")


def test_inspect_json_never_prints_nan(capsys, tmp_path):
    net = build_network(9)
    for layer in net.layers:
        for value in layer.params.values():
            value[...] = 3e38
    save_model(tmp_path / "m.npz", net)
    code, out, err = run(capsys, "inspect", "--preset", "x", "--model", str(tmp_path / "m.npz"),
                         "--json")
    assert code == 2 and "not finite" in one_error_line(err) and "NaN" not in out


# --- JSON --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, phrase", [
    ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
    ("[" * 21 + "]" * 21, "nested too deeply"),
    ("9" * 5000, "5,000 digits"),
    ("[NaN]", "NaN"), ("[1e999]", "too large"), ('{"a": 1, "a": 2}', "same key twice"),
    ("x" * (limits.MAX_JSON_CHARS + 1), "characters long"), ("{", "not valid JSON"),
])
def test_hostile_json_is_refused_in_one_sentence(text, phrase):
    with pytest.raises(FileFormatError, match=phrase):
        parse_json(text, "the config")


def test_json_within_the_limits_is_read():
    assert parse_json("[" * 20 + "1" + "]" * 20, "x") == eval("[" * 20 + "1" + "]" * 20)
    assert parse_json('{"a": [1, 2.5, "s", true, null]}', "x") == {"a": [1, 2.5, "s", True, None]}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parse_json_only_ever_raises_file_format_errors(text):
    try:
        parse_json(text, "x")
    except FileFormatError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="#.\n 0123456789-+eE.naif\t\r\ufeff\x00", max_size=400))
def test_parse_drawing_only_ever_raises_file_format_errors(text):
    try:
        image = parse_drawing(text)
    except FileFormatError:
        return
    assert image.ndim == 2 and np.isfinite(image).all() and np.abs(image).max() <= 1


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**16) | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8),
                                                                      children, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["input_size", "input_channels", "classes", "layers", "frozen"]),
       st.integers(0, 6), st.sampled_from(["type", "features", "channels", "size", "window",
                                           "stride", "inputs", "outputs", "bias"]),
       _json_values)
def test_from_config_refuses_any_field_changed_to_any_value_with_a_config_error(
        field, index, key, value):
    config = build_network(9, features=(2,)).config()
    if field == "layers" and index < len(config["layers"]):
        config["layers"][index][key] = value
    else:
        config[field] = value
    try:
        Network.from_config(json.loads(json.dumps(config)))
    except ConfigError:
        pass


# --- divergence --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained():
    images, labels = data.generate(600, 9, "medium", 0)
    net = build_network(9, seed=0)
    list(Trainer(net, (images, labels), config=TrainConfig(epochs=3)).run())
    return net, (images, labels)


@pytest.mark.parametrize("optimizer, lr", [("momentum", 1e4), ("sgd", 1e3)])
def test_a_climbing_loss_or_exploding_weights_is_divergence_with_the_good_weights_kept(
        trained, optimizer, lr):
    good, train_set = trained
    net = good.copy()
    trainer = Trainer(net, train_set, config=TrainConfig(epochs=3, optimizer=optimizer, lr=lr))
    records = list(trainer.run())
    assert records[-1].status == trainer.status == "diverged", records[-1]
    assert trainer.diverged_reason and trainer.step_count < trainer.total_steps
    assert max(np.abs(v).max() for v in net.state_dict().values()) < MAX_WEIGHT
    _, accuracy = trainer.evaluate(*train_set)
    assert accuracy > 0.9


def test_ordinary_training_is_not_called_divergence(trained):
    good, train_set = trained
    for optimizer, lr in [("adam", 0.01), ("sgd", 0.1), ("momentum", 0.1), ("adam", 0.1)]:
        trainer = Trainer(good.copy(), train_set,
                          config=TrainConfig(epochs=2, optimizer=optimizer, lr=lr))
        assert list(trainer.run())[-1].status == "finished", (optimizer, lr)


def test_a_two_channel_model_is_refused_for_training_in_one_sentence(capsys, tmp_path):
    config = build_network(9).config()
    config["input_channels"] = 2
    config["layers"][0]["channels"] = 2
    two = Network.from_config(config)
    with pytest.raises(ConfigError, match="2 channels"):
        Trainer(two, data.generate(20, 9), config=TrainConfig(epochs=1))
    save_model(tmp_path / "two.npz", two)
    code, _, err = run(capsys, "train", "--init", str(tmp_path / "two.npz"), "--count", "20",
                       "--epochs", "1", "--out", str(tmp_path / "o.npz"))
    assert code == 2 and "2 channels" in one_error_line(err)
    assert not (tmp_path / "o.npz").exists()


# --- small ones --------------------------------------------------------------------------
@pytest.mark.parametrize("argv, phrase", [
    (["train", "--size", "0", "--count", "20", "--epochs", "1"], "grid size"),
    (["train", "--data", "", "--epochs", "1"], "empty"),
    (["train", "--init", "", "--epochs", "1"], "empty"),
    (["inspect", "--image", ""], "empty"),
    (["inspect", "--preset", "x", "--model", ""], "empty"),
    (["train", "--count", "20", "--epochs", "1", "--freeze", "²"], "no layer"),
    (["train", "--count", "20", "--epochs", "1", "--seed", "-1"], "--seed"),
    (["dataset", "--count", "20", "--seed", "-1"], "--seed"),
    (["train", "--count", "20", "--epochs", "1", "--out", "x" * 300], "too long"),
])
def test_small_ones_are_one_clear_line(capsys, tmp_path, monkeypatch, argv, phrase):
    monkeypatch.chdir(tmp_path)
    if "--out" not in argv:
        argv = [*argv, "--out", "o.npz"] if argv[0] != "inspect" else argv
    code, _, err = run(capsys, *argv)
    assert code == 2 and phrase in one_error_line(err)
    assert list(tmp_path.iterdir()) == []


def test_a_64kb_npy_header_is_one_line(tmp_path):
    header = repr({"descr": "<f4", "fortran_order": False, "shape": (8,)}) + " " * 70_000
    header += " " * (-(len(header) + 13) % 64) + "\n"
    npy = b"\x93NUMPY\x02\x00" + len(header).to_bytes(4, "little") + header.encode()
    import zipfile
    with zipfile.ZipFile(tmp_path / "m.npz", "w") as archive:
        archive.writestr("config.npy", npy)
    with pytest.raises(FileFormatError) as info:
        load_model(tmp_path / "m.npz")
    assert "\n" not in str(info.value)
