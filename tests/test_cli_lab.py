"""`xo-gui train --lab`: the run, its data, settings and history in one lab file."""
from __future__ import annotations

import json

import numpy as np

from xo_gui.cli import main
from xo_gui.engine import data
from xo_gui.engine.drawing_files import save_dataset
from xo_gui.engine.lab_file import load_lab, regenerate
from xo_gui.engine.model_files import load_model
from xo_gui.engine.network import build_network
from xo_gui.engine.run_history import first_epoch_points


def _train(capsys, *argv: str) -> dict:
    code = main(["train", "--json", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_train_writes_the_run_as_a_lab_file(capsys, tmp_path):
    lab_path, model_path = tmp_path / "run.xolab", tmp_path / "m.npz"
    metrics = _train(capsys, "--count", "200", "--epochs", "3", "--batch-size", "16",
                     "--features", "2", "--seed", "5", "--out", str(model_path),
                     "--lab", str(lab_path))
    assert metrics["lab"] == str(lab_path)
    lab = load_lab(lab_path)
    model = load_model(model_path)
    final = model.state_dict()
    history = lab.history
    # the start is the untrained network, the end is the saved model
    untrained = build_network(9, [2], [3], seed=5).state_dict()
    for key in final:
        assert np.array_equal(history.at(0).state[key], untrained[key])
        assert np.array_equal(history.at(-1).state[key], final[key])
        assert np.array_equal(lab.trained.state_dict()[key], final[key])
        assert np.array_equal(lab.explore.state_dict()[key], final[key])
    per_epoch = 10                                      # 160 training images / 16
    assert [s.step for s in history.snapshots] == [
        0, *first_epoch_points(per_epoch), per_epoch, 2 * per_epoch, 3 * per_epoch]
    assert [r.epoch for r in history.epochs] == [1, 2, 3]
    assert history.epochs[-1].val_accuracy == metrics["val_accuracy"]
    assert history.batches()[0].tolist() == list(range(1, 31))
    # generated data is kept as the generator's settings, and they give the same images
    generator = lab.data.generator
    assert generator == {"kind": "letters", "count": 200, "size": 9, "variation": "medium",
                         "seed": 5, "validation": 0.2}
    assert lab.data.images is None and len(lab.data.own_images) == 0
    images, labels = regenerate(generator)
    expected = data.generate(200, 9, "medium", 5)
    assert np.array_equal(images, expected[0]) and np.array_equal(labels, expected[1])
    assert lab.settings["knobs"]["batch_size"] == 16       # as the window keeps them
    assert lab.settings["architecture"]["features"] == "2"
    assert lab.drawing_source.kind == "preset" and lab.explore_source == "trained"


def test_a_dataset_files_images_go_into_the_lab(capsys, tmp_path):
    images, labels = data.generate(60, 9, "low", 1)
    save_dataset(tmp_path / "d.npz", images, labels)
    _train(capsys, "--data", str(tmp_path / "d.npz"), "--steps", "0",
           "--out", str(tmp_path / "m.npz"), "--lab", str(tmp_path / "r.xolab"))
    lab = load_lab(tmp_path / "r.xolab")
    assert np.array_equal(lab.data.images, images) and np.array_equal(lab.data.labels, labels)
    assert lab.data.generator is None
    assert [s.label for s in lab.history.snapshots] == ["start"]


def test_an_unwritable_lab_path_fails_before_training(capsys, tmp_path):
    code = main(["train", "--count", "100", "--out", str(tmp_path / "m.npz"),
                 "--lab", str(tmp_path / "missing" / "r.xolab")])
    out, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and "does not exist" in err
    assert not (tmp_path / "m.npz").exists()


def test_a_cli_lab_opens_in_the_window_and_renders_any_epoch(capsys, tmp_path, qapp):
    """train --lab writes what the window opens; screenshot --lab --at renders different
    windows at different epochs, and an epoch past the end is one clear line."""
    from xo_gui.gui.main_window import MainWindow
    from xo_gui.model.lab_io import open_lab
    lab = tmp_path / "run.xolab"
    assert main(["train", "--count", "200", "--epochs", "3", "--batch-size", "16",
                 "--out", str(tmp_path / "m.npz"), "--lab", str(lab)]) == 0
    window = MainWindow()
    try:
        open_lab(window.model, str(lab))
        assert window.model.training.state == "done"
        assert len(window.train.curves.train_loss.xData) == 3        # the curves came back
    finally:
        window.model.undo_stack.setClean()
        window.dispose()
    shots = []
    for epoch in (0, 1, 3):
        out = tmp_path / f"at{epoch}.png"
        assert main(["screenshot", "--lab", str(lab), "--at", str(epoch), "--tab", "train",
                     str(out)]) == 0
        shots.append(out.read_bytes())
    assert len(set(shots)) == 3
    capsys.readouterr()
    assert main(["screenshot", "--lab", str(lab), "--at", "12", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "12" in err and not (tmp_path / "x.png").exists()


def test_the_window_command_takes_a_lab_and_a_language(capsys, tmp_path, monkeypatch):
    from xo_gui.cli import main as cli_main
    import xo_gui.gui.app as app
    calls = []
    monkeypatch.setattr(app, "run_app", lambda argv, lang=None, lab=None:
                        calls.append((lang, lab)) or 0)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    lab = tmp_path / "run.xolab"
    assert cli_main(["train", "--count", "100", "--epochs", "1", "--out",
                     str(tmp_path / "m.npz"), "--lab", str(lab)]) == 0
    assert cli_main(["--lang", "zh_CN", str(lab)]) == 0
    assert calls == [("zh_CN", str(lab))]
    capsys.readouterr()
    bad = tmp_path / "bad.xolab"
    bad.write_text("no")
    assert cli_main([str(bad)]) == 2 and cli_main(["--lang", "fr"]) == 2
    assert calls == [("zh_CN", str(lab))]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("xo-gui: error:") for line in err)
