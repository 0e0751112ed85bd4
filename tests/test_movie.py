"""The movie of the learning (``xo_gui.gui.movie``): one GIF frame per history snapshot,
from the window's own views; bad inputs are one clear XoError and nothing is written."""
from __future__ import annotations

import dataclasses
import os

import numpy as np
import pytest
from PIL import Image, ImageSequence

from xo_gui.cli import main
from xo_gui.engine.errors import ConfigError, FileFormatError, XoError
from xo_gui.engine.lab_file import load_lab, save_lab
from xo_gui.gui import movie
from xo_gui.gui.movie import MovieCancelled, parse_size, render_lab_movie, render_movie

SIZE = (480, 300)            # small frames keep the tests fast; the default is 960x600


@pytest.fixture(scope="module")
def run_lab(tmp_path_factory):
    """A short run written by ``xo-gui train --lab`` (9 snapshots: start, 5 inside the
    first epoch, 3 epoch ends)."""
    folder = tmp_path_factory.mktemp("movie")
    path = folder / "r.xolab"
    assert main(["train", "--count", "300", "--epochs", "3", "--out", str(folder / "m.npz"),
                 "--lab", str(path)]) == 0
    return path


def _frames(path) -> list[np.ndarray]:
    with Image.open(path) as gif:
        assert gif.format == "GIF"
        return [np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(gif)]


def test_one_frame_per_snapshot_and_the_frames_differ(run_lab, tmp_path, capsys):
    out = tmp_path / "run.gif"
    calls = []
    count = render_movie(str(run_lab), str(out), fps=5, size=SIZE,
                         progress=lambda done, total: calls.append((done, total)))
    snapshots = len(load_lab(run_lab).history.snapshots)
    assert snapshots >= 4
    assert count == snapshots
    assert calls == [(i, snapshots) for i in range(1, snapshots + 1)]
    frames = _frames(out)
    assert len(frames) == snapshots
    assert all(f.shape == (SIZE[1], SIZE[0], 3) for f in frames)
    for a, b in zip(frames, frames[1:]):          # every moment looks different
        assert not np.array_equal(a, b)
    # inside the first epoch, after it, and "now": the views change, not only the caption
    caption = movie.CAPTION_HEIGHT
    for i in (0, snapshots // 2, snapshots - 2):
        assert not np.array_equal(frames[i][caption:], frames[i + 1][caption:])
    with Image.open(out) as gif:
        assert gif.info["duration"] == 200 and gif.info["loop"] == 0
    assert os.path.getsize(out) < 5_000_000
    assert not [p for p in os.listdir(tmp_path) if p != "run.gif"]   # no temp file left


def test_a_lab_without_history_is_refused(run_lab, tmp_path):
    bare = tmp_path / "bare.xolab"
    save_lab(bare, dataclasses.replace(load_lab(run_lab), history=None))
    out = tmp_path / "run.gif"
    with pytest.raises(ConfigError, match="no training history"):
        render_movie(str(bare), str(out), size=SIZE)
    assert not out.exists()


def test_a_bad_lab_file_is_refused_and_the_old_movie_kept(tmp_path):
    bad, out = tmp_path / "bad.xolab", tmp_path / "run.gif"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    out.write_bytes(b"the old movie")
    with pytest.raises(FileFormatError) as caught:
        render_movie(str(bad), str(out), size=SIZE)
    assert "\n" not in str(caught.value) and "bad.xolab" in str(caught.value)
    assert out.read_bytes() == b"the old movie"


@pytest.mark.parametrize("where", ["missing folder", "a folder", "the lab itself"])
def test_an_unwritable_out_path_is_refused_before_rendering(run_lab, tmp_path, monkeypatch,
                                                            where):
    def never(*args, **kwargs):
        raise AssertionError("the lab was read before the out path was checked")

    monkeypatch.setattr(movie, "load_lab", never)
    monkeypatch.setattr(movie, "_film", never)
    out = {"missing folder": tmp_path / "nowhere" / "run.gif", "a folder": tmp_path,
           "the lab itself": run_lab}[where]
    before = run_lab.read_bytes()
    with pytest.raises(XoError, match="cannot save"):
        render_movie(str(run_lab), str(out), size=SIZE)
    assert run_lab.read_bytes() == before


def test_a_movie_too_large_for_memory_is_refused_before_rendering(run_lab, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setattr(movie, "MAX_MOVIE_PIXELS", 8 * SIZE[0] * SIZE[1])
    monkeypatch.setattr(movie, "_film", lambda *args: pytest.fail("rendered"))
    with pytest.raises(ConfigError, match="smaller size"):
        render_movie(str(run_lab), str(tmp_path / "run.gif"), size=SIZE)


def test_cancelling_writes_nothing(run_lab, tmp_path):
    out = tmp_path / "run.gif"
    with pytest.raises(MovieCancelled):
        render_lab_movie(load_lab(run_lab), str(out), size=SIZE,
                         progress=lambda done, total: done < 3)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fps, size", [(0, SIZE), (4.5, SIZE), (True, SIZE), (4, (10, 600)),
                                       (4, (960,)), (4, "960x600")])
def test_bad_settings_are_one_sentence(run_lab, tmp_path, fps, size):
    with pytest.raises(ConfigError, match="the movie's"):
        render_movie(str(run_lab), str(tmp_path / "run.gif"), fps=fps, size=size)
    assert os.listdir(tmp_path) == []


def test_parse_size():
    assert parse_size("960x600") == (960, 600)
    assert parse_size("640×400") == (640, 400)
    for text in ("960", "axb", "1x1", "960x600x2", ""):
        with pytest.raises(ConfigError, match="WIDTHxHEIGHT"):
            parse_size(text)


def test_file_export_movie_from_the_window(main_window, qtbot, tmp_path):
    """File → Export → Movie renders the open lab's run without changing it."""
    from PIL import Image
    training = main_window.model.training
    training.data.wait()
    training.settings.update_knobs(epochs=2, pace="full speed")
    with qtbot.waitSignal(training.session.ended, timeout=20_000):
        assert training.start()
    moments = len(training.session.run_history)
    out = tmp_path / "window.gif"
    assert main_window.labs.export_movie(str(out))
    with Image.open(out) as gif:
        assert gif.n_frames == moments
    assert training.state == "done" and len(training.session.run_history) == moments
