"""`xo-gui dataset --kind/--classes/--shuffle`, training defaults that fit the data, any
number of classes, `demo limitation` and `wav`, end to end."""
from __future__ import annotations

import json
import os
import wave
from pathlib import Path

import numpy as np
import pytest

from helpers import run_cli, run_cli_json
from xo_gui.engine.drawing_files import load_dataset, read_drawing
from xo_gui.engine.model_files import load_model

DRAWINGS = Path(__file__).resolve().parent.parent / "resources" / "drawings"


run, run_json = run_cli, run_cli_json


@pytest.mark.parametrize("kind, classes, size", [
    ("letters", "X,O,+", 9), ("sound", "rising,falling,beeps", 16), ("text", "bad,dab,cab", 12)])
def test_dataset_kinds_and_classes(capsys, tmp_path, kind, classes, size):
    out = tmp_path / "d.npz"
    code, said, _ = run(capsys, "dataset", "--kind", kind, "--classes", classes, "--count", 90,
                        "--out", out)
    assert code == 0 and f"wrote 90 images of {size}x{size}" in said
    images, labels, names = load_dataset(out)
    assert names == tuple(classes.split(",")) and images.shape == (90, size, size)
    assert np.bincount(labels).tolist() == [30, 30, 30]
    shuffled = tmp_path / "s.npz"
    run(capsys, "dataset", "--kind", kind, "--classes", classes, "--count", 90, "--shuffle", 3,
        "--out", shuffled)
    moved, same_labels, _ = load_dataset(shuffled)
    np.testing.assert_array_equal(same_labels, labels)
    np.testing.assert_array_equal(np.sort(moved.reshape(90, -1), 1), np.sort(images.reshape(90, -1), 1))
    assert not np.array_equal(moved, images)


@pytest.mark.parametrize("argv, message", [
    (["--kind", "music"], "unknown data kind 'music'"),
    (["--classes", "X,Q"], "unknown letter 'Q'"),
    (["--kind", "sound", "--classes", "rising,howl"], "unknown class 'howl'"),
    (["--kind", "text", "--classes", "bad,xyz"], "unknown text class 'xyz'"),
    (["--classes", "X"], "2 to 10 classes (got 1)"),
    (["--classes", "X,O,+,T,L,square,V,Z,H,triangle,X"], "2 to 10 classes (got 11)"),
    (["--classes", "X,,O"], "single commas"),
    (["--shuffle", "-1"], "--shuffle takes a seed"),
    (["--shuffle", "two"], "--shuffle takes a seed"),
    (["--kind", "text", "--size", "30"], "at most 26x26"),
])
def test_bad_dataset_input_is_one_clear_line(capsys, tmp_path, argv, message):
    code, out, err = run(capsys, "dataset", "--count", 10, *argv, "--out", tmp_path / "d.npz")
    assert code != 0 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_model_classes_must_match_the_data(capsys, tmp_path):
    three, two = tmp_path / "three.npz", tmp_path / "two.npz"
    run(capsys, "dataset", "--classes", "X,O,+", "--count", 60, "--out", three)
    run(capsys, "dataset", "--count", 60, "--out", two)
    run(capsys, "train", "--data", three, "--steps", 0, "--out", tmp_path / "m3.npz")
    code, _, err = run(capsys, "train", "--data", two, "--init", tmp_path / "m3.npz",
                       "--out", tmp_path / "m.npz")
    assert code != 0 and "classes ['X', 'O'] differ from the model's ['X', 'O', '+']" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("kind", ["sound", "text"])
def test_training_defaults_fit_2000_sound_or_text_samples(capsys, tmp_path, kind):
    data = tmp_path / "d.npz"
    run(capsys, "dataset", "--kind", kind, "--count", 2000, "--out", data)
    code, out, err = run(capsys, "train", "--data", data, "--time-limit", 60, "--json",
                         "--out", tmp_path / "m.npz")
    metrics = json.loads(out)
    assert metrics["val_accuracy"] >= 0.95
    assert "stops improving" in metrics["settings"] and metrics["settings"] in err
    assert metrics["stopped_because"].startswith("validation accuracy stopped improving")
    assert metrics["kept_epoch"] <= metrics["epochs"]
    net = load_model(tmp_path / "m.npz")                  # the kept weights are the best's
    images, labels, _ = load_dataset(data)
    from xo_gui.engine.data import split
    _, (vx, vy) = split(images, labels, 0.2, 0)
    assert np.mean(net.predict(vx) == vy) == pytest.approx(metrics["val_accuracy"])


def test_default_training_says_it_stops_on_the_time_limit(capsys, tmp_path):
    data = tmp_path / "d.npz"
    run(capsys, "dataset", "--kind", "text", "--count", 400, "--out", data)
    metrics = run_json(capsys, "train", "--data", data, "--time-limit", "0.001", "--json",
                       "--out", tmp_path / "m.npz")
    assert metrics["stopped_because"] == "reached the time limit of 0.001 s"
    assert metrics["epochs"] == 1
    code, _, err = run(capsys, "train", "--data", data, "--epochs", 2, "--time-limit", 3,
                       "--out", tmp_path / "m.npz")
    assert code != 0 and "--time-limit applies only" in err


@pytest.mark.parametrize("size", [16, pytest.param(28, marks=pytest.mark.skipif(
    not os.environ.get("XO_SLOW_TESTS"), reason="30-90 s on a busy 2-core machine; "
                                                "set XO_SLOW_TESTS=1"))])
def test_defaults_recognise_bigger_drawings(capsys, tmp_path, size):
    """Drawn on 16x16 and 28x28 grids: thin strokes, a small X in a corner, a flattened,
    a squarish and an open O (resources/drawings/drawn-*)."""
    out = tmp_path / "m.npz"
    metrics = run_json(capsys, "train", "--size", size, "--time-limit", 120, "--json",
                       "--out", out)
    assert metrics["val_accuracy"] >= 0.95
    files = sorted(DRAWINGS.glob(f"drawn-*-{size}-*.txt"))
    assert len(files) >= 4
    net = load_model(out)
    said = [net.classes[i] for i in net.predict(np.stack([read_drawing(f) for f in files]))]
    assert said == ["X" if "-x-" in f.name else "O" for f in files]


def test_three_classes_train_and_inspect(capsys, tmp_path):
    data, model = tmp_path / "d.npz", tmp_path / "m.npz"
    run(capsys, "dataset", "--classes", "X,O,+", "--count", 600, "--out", data)
    metrics = run_json(capsys, "train", "--data", data, "--epochs", 3, "--json", "--out", model)
    assert metrics["val_accuracy"] > 0.8
    assert load_model(model).classes == ("X", "O", "+")
    result = run_json(capsys, "inspect", "--preset", "x", "--model", model, "--json")
    assert set(result["probabilities"]) == {"X", "O", "+"}
    assert result["layers"][-1]["output"].__len__() == 3


def test_fully_connected_network_with_no_blocks(capsys, tmp_path):
    data, model = tmp_path / "d.npz", tmp_path / "m.npz"
    run(capsys, "dataset", "--count", 200, "--out", data)
    metrics = run_json(capsys, "train", "--data", data, "--blocks", 0, "--hidden", 16,
                       "--epochs", 2, "--json", "--out", model)
    assert "no convolution" in metrics["settings"]
    assert [layer.type for layer in load_model(model).layers] == ["flatten", "linear", "relu",
                                                                   "linear"]


def test_limitation_demo_reproduces_from_its_own_commands(capsys, tmp_path):
    result = run_json(capsys, "demo", "limitation", "--json", "--out-dir", tmp_path)
    by = {(r["model"], r["data"]): r for r in result["results"]}
    assert set(by) == {(m, d) for m in ("convnet", "fully_connected")
                       for d in ("ordered", "shuffled")}
    conv_drop = by["convnet", "ordered"]["val_accuracy"] - by["convnet", "shuffled"]["val_accuracy"]
    fc_change = abs(by["fully_connected", "ordered"]["val_accuracy"]
                    - by["fully_connected", "shuffled"]["val_accuracy"])
    assert conv_drop >= 0.10 and fc_change <= 0.02
    for r in result["results"]:
        data_file = r["command"][r["command"].index("--data") + 1]
        assert Path(data_file).parent == tmp_path
        again = run_json(capsys, *r["command"], "--json")
        assert again["val_accuracy"] == r["val_accuracy"], r["command"]
    # the data sets are the ones `xo-gui dataset` makes
    from xo_gui.engine.demo import dataset_command
    command = dataset_command(str(tmp_path / "again"), shuffled=True)
    (tmp_path / "again").mkdir()
    run(capsys, *command)
    a, _, _ = load_dataset(tmp_path / "again" / "text-shuffled.npz")
    b, _, _ = load_dataset(tmp_path / "text-shuffled.npz")
    np.testing.assert_array_equal(a, b)
    code, out, _ = run(capsys, "demo", "limitation", "--out-dir", tmp_path)
    assert code == 0 and "convnet" in out and "neighbours" in out


def test_wav_from_a_sound_sample_and_bad_index(capsys, tmp_path):
    data, out = tmp_path / "s.npz", tmp_path / "s.wav"
    run(capsys, "dataset", "--kind", "sound", "--count", 4, "--out", data)
    code, said, _ = run(capsys, "wav", "--data", data, "--index", 2, "--out", out)
    assert code == 0 and "wrote" in said
    with wave.open(str(out), "rb") as wav:
        assert wav.getnframes() == 4000 and wav.getframerate() == 8000
    code, _, err = run(capsys, "wav", "--data", data, "--index", 9, "--out", out)
    assert code != 0 and "past the last sample" in err
