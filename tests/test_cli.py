"""The ``xo-gui`` subcommands end to end, their errors, and that they never import Qt."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import run_cli, run_cli_json
from xo_gui.cli import main
from xo_gui.engine.drawing_files import load_dataset, read_drawing
from xo_gui.engine.model_files import load_model
from xo_gui.engine.network import build_network

DRAWINGS = Path(__file__).resolve().parent.parent / "resources" / "drawings"


run, run_json = run_cli, run_cli_json


# --- inspect ----------------------------------------------------------------------------
def test_inspect_json_has_the_tutorials_maps(capsys):
    result = run_json(capsys, "inspect", "--preset", "x", "--json")
    names = [layer["name"] for layer in result["layers"]]
    assert names == ["conv1", "relu1", "pool1", "flatten", "fc1"]
    conv, relu, pool = (np.array(result["layers"][i]["output"]) for i in range(3))
    assert conv.shape == (3, 7, 7) and pool.shape == (3, 4, 4)
    assert conv[0, 0, 0] == pytest.approx(7 / 9)
    assert pool[0, 3, 3] == pytest.approx(7 / 9)
    assert relu.min() == 0 and (relu == np.maximum(conv, 0)).all()
    assert result["prediction"] == "X"
    assert set(result["scores"]) == {"X", "O"}
    assert sum(result["probabilities"].values()) == pytest.approx(1)


@pytest.mark.parametrize("preset, letter", [("o", "O"), ("x-shifted", "X"), ("o-shifted", "O")])
def test_inspect_predicts_presets(capsys, preset, letter):
    assert run_json(capsys, "inspect", "--preset", preset, "--json")["prediction"] == letter


def test_inspect_text_prints_tables_and_votes(capsys):
    code, out, _ = run(capsys, "inspect", "--preset", "x")
    assert code == 0
    assert " 0.78  -0.11   0.11   0.33   0.56  -0.11   0.33" in out
    assert "prediction: X" in out


def test_inspect_image_file_and_model(capsys, tmp_path):
    model = tmp_path / "m.npz"
    run_json(capsys, "train", "--count", "200", "--epochs", "1", "--out", str(model), "--json")
    result = run_json(capsys, "inspect", "--image", str(DRAWINGS / "hand-o-1.txt"),
                      "--model", str(model), "--json")
    assert [layer["type"] for layer in result["layers"]][0] == "conv"
    assert np.array(result["layers"][0]["output"]).shape == (8, 7, 7)


# --- dataset ----------------------------------------------------------------------------
def test_dataset_writes_a_balanced_file(capsys, tmp_path):
    out = tmp_path / "d.npz"
    code, text, _ = run(capsys, "dataset", "--count", "50", "--size", "12", "--seed", "3",
                        "--variation", "high", "--out", str(out))
    assert code == 0 and "wrote 50 images" in text
    images, labels, classes = load_dataset(out)
    assert images.shape == (50, 12, 12) and images.dtype == np.float32
    assert classes == ("X", "O") and abs(int((labels == 0).sum()) - 25) <= 1


# --- train ------------------------------------------------------------------------------
def test_default_training_recognises_hand_drawn_letters(capsys, tmp_path):
    out = tmp_path / "m.npz"
    metrics = run_json(capsys, "train", "--out", str(out), "--json")
    assert metrics["status"] == "finished"
    assert metrics["val_accuracy"] >= 0.95
    net = load_model(out)
    files = sorted(DRAWINGS.glob("hand-*.txt"))
    assert len(files) >= 8
    images = np.stack([read_drawing(f) for f in files])
    expected = [0 if "-x-" in f.name else 1 for f in files]
    assert net.predict(images).tolist() == expected


def test_train_steps_zero_saves_the_initialized_network(capsys, tmp_path):
    out = tmp_path / "init.npz"
    metrics = run_json(capsys, "train", "--steps", "0", "--count", "40", "--seed", "5",
                       "--out", str(out), "--json")
    assert metrics["steps"] == 0
    saved = load_model(out).state_dict()
    fresh = build_network(9, (8,), (3,), seed=5).state_dict()
    assert saved.keys() == fresh.keys()
    for key in saved:
        np.testing.assert_array_equal(saved[key], fresh[key])


def test_train_comma_lists_hidden_and_freeze(capsys, tmp_path):
    out = tmp_path / "deep.npz"
    run_json(capsys, "train", "--count", "200", "--size", "16", "--features", "4,6",
             "--feature-size", "3,2", "--hidden", "10", "--steps", "5", "--freeze", "conv1",
             "--seed", "2", "--out", str(out), "--json")
    net = load_model(out)
    assert [layer.type for layer in net.layers] == [
        "conv", "relu", "maxpool", "conv", "relu", "maxpool", "flatten", "linear", "relu",
        "linear"]
    assert net.layers[0].params["weight"].shape == (4, 1, 3, 3)
    assert net.layers[3].params["weight"].shape == (6, 4, 2, 2)
    assert net.frozen == [0]
    initial = build_network(16, (4, 6), (3, 2), hidden=(10,), seed=2)
    np.testing.assert_array_equal(net.layers[0].params["weight"],
                                  initial.layers[0].params["weight"])
    assert not np.array_equal(net.layers[3].params["weight"], initial.layers[3].params["weight"])


def test_train_on_two_threads_trains_the_same_network_to_rounding(capsys, tmp_path,
                                                                  monkeypatch):
    """--threads 2 shares each batch of 64 28x28 images with a helper process (stopped
    when training ends); the model is the one-thread model to rounding."""
    from xo_gui.engine import split

    started = []

    class Counted(split.Helper):
        def __init__(self):
            super().__init__()
            started.append(self)

    monkeypatch.setattr(split, "Helper", Counted)
    models = []
    for threads in ("1", "2"):
        out = tmp_path / f"t{threads}.npz"
        metrics = run_json(capsys, "train", "--size", "28", "--count", "256", "--features",
                           "8,16", "--feature-size", "5", "--epochs", "2", "--batch-size",
                           "64", "--optimizer", "sgd", "--threads", threads,
                           "--out", str(out), "--json")
        assert metrics["saved"] and not split._helpers
        assert len(started) == int(threads) - 1
        models.append(load_model(out).state_dict())
    one, two = models
    for key in one:
        np.testing.assert_allclose(two[key], one[key], rtol=1e-3, atol=1e-5, err_msg=key)


def test_train_from_init_and_dataset_file(capsys, tmp_path):
    data, first, second = tmp_path / "d.npz", tmp_path / "a.npz", tmp_path / "b.npz"
    run(capsys, "dataset", "--count", "300", "--out", str(data))
    run_json(capsys, "train", "--data", str(data), "--epochs", "1", "--out", str(first),
             "--json")
    metrics = run_json(capsys, "train", "--data", str(data), "--init", str(first),
                       "--optimizer", "sgd", "--epochs", "1", "--out", str(second), "--json")
    assert metrics["train_size"] == 240 and metrics["validation_size"] == 60
    assert load_model(second).config()["layers"] == load_model(first).config()["layers"]


def test_train_diverging_learning_rate_leaves_out_alone_unless_asked(capsys, tmp_path):
    out = tmp_path / "m.npz"
    out.write_bytes(b"the user's file")
    argv = ["train", "--count", "200", "--optimizer", "sgd", "--lr", "1e30", "--epochs", "2",
            "--out", str(out)]
    code, text, err = run(capsys, *argv)
    assert code == 1 and "diverged" in err and "not touched" in err
    errors = [line for line in err.strip().splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0] == err.strip().splitlines()[-1]   # one line, last
    assert out.read_bytes() == b"the user's file"
    code, text, err = run(capsys, *argv, "--save-diverged")
    assert code == 1 and "saved its last good weights" in err
    assert all(np.isfinite(v).all() for v in load_model(out).state_dict().values())


@pytest.mark.parametrize("optimizer, lr", [("momentum", "1e4"), ("sgd", "1e3")])
def test_a_huge_learning_rate_from_a_good_model_cannot_ruin_it(capsys, tmp_path, optimizer, lr):
    """The issue's case: a finite but absurd loss (thousands) and weights of 1e7 used to be
    saved as "finished"; now the run is called diverged and the good model stays."""
    good, out = tmp_path / "good.npz", tmp_path / "out.npz"
    run_json(capsys, "train", "--count", "400", "--epochs", "3", "--out", str(good), "--json")
    code, text, err = run(capsys, "train", "--count", "400", "--init", str(good),
                          "--optimizer", optimizer, "--lr", lr, "--epochs", "2",
                          "--out", str(out), "--json")
    assert code == 1 and "diverged" in err, err
    assert json.loads(text)["status"] == "diverged" and not out.exists()
    code, text, err = run(capsys, "train", "--count", "400", "--init", str(good),
                          "--optimizer", optimizer, "--lr", lr, "--epochs", "2",
                          "--out", str(out), "--json", "--save-diverged")
    kept = load_model(out).state_dict()
    assert max(np.abs(v).max() for v in kept.values()) < 1e3


# --- bench ------------------------------------------------------------------------------
def test_bench_reports_both_networks(capsys, monkeypatch):
    from xo_gui.engine import bench
    monkeypatch.setattr(bench, "_torch_version", lambda: None)
    report = run_json(capsys, "bench", "--quick", "--json")
    assert set(report["networks"]) == {"default_9x9", "28x28_two_blocks"}
    for entry in report["networks"].values():
        assert entry["training"]["batch_32"]["engine_samples_per_second"] > 0
        assert entry["training"]["batch_128"]["engine_samples_per_second"] > 0
        assert entry["forward_latency_us"]["engine"] > 0
        row = entry["training"]["batch_32"]
        assert set(row["configs"]) == {"engine_1t", "engine_2t", "trainer_1t"}
        assert row["configs"]["engine_1t"]["cpu_ms_median"] > 0
        assert "fastest_torch" not in row and row["trainer_overhead"] > -1
    assert report["memory"]["measured_bytes_per_image"] is None or \
        report["memory"]["measured_bytes_per_image"] > 0
    assert "others_cpu_share" in report["load"]
    assert report["generator"]["images"] == 16384 and report["generator"]["size"] == 32
    assert report["generator"]["images_per_second"] > 0
    assert "not installed" in report["note"]


# --- errors: one line on stderr, a non-zero exit ----------------------------------------
def bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "garbage": b"\x00\x01garbage" * 10,
        "empty": b"",
    }
    paths = {}
    for name, content in files.items():
        paths[name] = tmp_path / f"{name}.npz"
        paths[name].write_bytes(content)
    pickled = tmp_path / "pickled.npz"
    evil = np.array([{"evil": 1}], dtype=object)
    np.savez(pickled, config=evil, images=evil, labels=evil, classes=evil)
    paths["pickled"] = pickled
    return paths


@pytest.mark.parametrize("argv, message", [
    (["inspect", "--preset", "nope"], "invalid choice"),
    (["inspect", "--image", "/no/such/file.txt"], "file.txt"),
    (["inspect", "--preset", "x", "--model", "/no/such/model.npz"], "model"),
    (["train", "--count", "50", "--feature-size", "11", "--out", "OUT"], "larger than"),
    (["train", "--count", "50", "--features", "0", "--out", "OUT"], "at least one feature"),
    (["train", "--count", "50", "--pool-size", "0", "--out", "OUT"], "pool"),
    (["train", "--count", "50", "--lr", "-0.1", "--out", "OUT"], "learning rate"),
    (["train", "--count", "50", "--lr", "abc", "--out", "OUT"], "invalid float"),
    (["train", "--count", "50", "--batch-size", "0", "--out", "OUT"], "batch-size"),
    (["dataset", "--count", "10", "--size", "3", "--out", "OUT"], "size"),
    (["dataset", "--count", "0", "--out", "OUT"], "at least 1"),
])
def test_bad_settings_give_one_clear_line(capsys, tmp_path, argv, message):
    argv = [str(tmp_path / "out.npz") if a == "OUT" else a for a in argv]
    try:
        code = main(argv)
    except SystemExit as exc:     # argparse's own checks exit through SystemExit
        code = exc.code
    assert code != 0
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert not (tmp_path / "out.npz").exists()


@pytest.mark.parametrize("kind", ["garbage", "empty", "pickled"])
def test_bad_model_and_dataset_files(capsys, tmp_path, kind):
    path = bad_files(tmp_path)[kind]
    for argv in (["inspect", "--preset", "x", "--model", str(path)],
                 ["train", "--data", str(path), "--out", str(tmp_path / "m.npz")]):
        code, _, err = run(capsys, *argv)
        assert code != 0
        assert path.name in err and len(err.strip().splitlines()) == 1, err
        if kind == "pickled":
            assert "pickle" in err
    assert not (tmp_path / "m.npz").exists()


@pytest.mark.parametrize("text, message", [
    ("#..\n##\n...\n", "row"),
    ("0.5 2 0\n0 0 0\n0 0 0\n", "-1 to 1"),
    ("#" * 65 + "\n", "64"),
])
def test_bad_drawing_files(capsys, tmp_path, text, message):
    path = tmp_path / "drawing.txt"
    path.write_text(text)
    code, _, err = run(capsys, "inspect", "--image", str(path))
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1, err


# --- the real command, and no Qt -------------------------------------------------------
NO_QT = """
import sys
from xo_gui.cli import main
code = main(sys.argv[1:])
qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "pyqtgraph", "shiboken")))
assert not qt, qt
sys.exit(code)
"""


@pytest.mark.parametrize("argv", [
    ["inspect", "--preset", "o", "--json"],
    ["dataset", "--count", "20", "--out", "{tmp}/d.npz"],
    ["train", "--count", "100", "--epochs", "1", "--out", "{tmp}/m.npz"],
])
def test_headless_commands_never_import_qt(tmp_path, argv):
    argv = [a.format(tmp=tmp_path) for a in argv]
    result = subprocess.run([sys.executable, "-c", NO_QT, *argv], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_module_entry_point_help():
    result = subprocess.run([sys.executable, "-m", "xo_gui.cli", "train", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "--feature-size" in result.stdout


@pytest.mark.parametrize("argv, message", [
    (["train", "--data", "DATA", "--size", "28", "--out", "OUT"], "--data brings its own"),
    (["train", "--data", "DATA", "--variation", "high", "--out", "OUT"], "--data brings its own"),
    (["train", "--init", "MODEL", "--size", "12", "--out", "OUT"], "--init takes"),
    (["inspect", "--image", "DRAWING", "--size", "12"], "--size applies to --preset"),
    (["inspect", "--preset", "x", "--size", "0"], "grid size"),
    (["train", "--count", "50", "--features", "8,", "--out", "OUT"], "whole numbers"),
    (["train", "--count", "50", "--features", "", "--out", "OUT"], "at least one block"),
    (["train", "--count", "50", "--out", "/no/such/folder/m.npz"], "/no/such/folder"),
    (["dataset", "--count", "10", "--out", "/no/such/folder/d.npz"], "/no/such/folder"),
])
def test_flags_that_would_be_ignored_or_fail_late_are_refused(capsys, tmp_path, argv, message):
    files = {"DATA": tmp_path / "d.npz", "MODEL": tmp_path / "m.npz",
             "DRAWING": DRAWINGS / "hand-x-1.txt", "OUT": tmp_path / "out.npz"}
    run(capsys, "dataset", "--count", "20", "--out", str(files["DATA"]))
    run(capsys, "train", "--count", "20", "--steps", "0", "--out", str(files["MODEL"]))
    argv = [str(files.get(a, a)) for a in argv]
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1, err
    assert not files["OUT"].exists()


def test_screenshot_to_a_bad_path_is_one_line(capsys, tmp_path):
    for out in (tmp_path, tmp_path / "missing" / "shot.png"):
        code, _, err = run(capsys, "screenshot", str(out))
        assert code != 0 and "cannot save" in err and len(err.strip().splitlines()) == 1, err


def test_no_screen_is_one_clear_line(capsys, monkeypatch):
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    code, _, err = run(capsys)
    assert code != 0 and "no screen" in err and "xvfb-run" in err
    assert len(err.strip().splitlines()) == 1
