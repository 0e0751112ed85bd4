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
                         "seed": 5}
    assert lab.data.images is None and len(lab.data.own_images) == 0
    images, labels = regenerate(generator)
    expected = data.generate(200, 9, "medium", 5)
    assert np.array_equal(images, expected[0]) and np.array_equal(labels, expected[1])
    assert lab.settings["training"]["batch_size"] == 16
    assert lab.settings["architecture"]["features"] == [2]
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
