"""Drawing and dataset files: exact round trips, a clear error for every bad file, atomic saves."""
import io
import json
import os
import zipfile

import numpy as np
import pytest

from xo_gui.engine.data import canonical, generate
from xo_gui.engine.drawing_files import (atomic_write_bytes, format_drawing, load_dataset,
                                         parse_drawing, read_drawing, save_dataset,
                                         write_drawing)
from xo_gui.engine.errors import ConfigError, FileFormatError

# ---------------------------------------------------------------------------- drawings


def test_hash_dot_round_trip(tmp_path):
    x = canonical("X")
    text = format_drawing(x)
    assert text.splitlines()[1] == ".#.....#." and text.endswith("\n")
    np.testing.assert_array_equal(parse_drawing(text), x)
    path = tmp_path / "x.txt"
    write_drawing(path, x)
    np.testing.assert_array_equal(read_drawing(path), x)
    assert path.read_text(encoding="utf-8") == text


def test_numeric_round_trip(tmp_path):
    image = np.array([[1, -1, 0.5], [-0.25, 0, 0.333], [1, 1, -1]], dtype=np.float32)
    text = format_drawing(image)
    assert "#" not in text and text.endswith("\n")
    np.testing.assert_allclose(parse_drawing(text), image, atol=1e-6)
    path = tmp_path / "grey.txt"
    write_drawing(path, image)
    np.testing.assert_allclose(read_drawing(path), image, atol=1e-6)


def test_numbers_are_rounded_to_three_decimals():
    text = format_drawing(np.array([[0.123456, -0.00001]]))
    assert text.split() == ["0.123", "0"]


def test_parse_accepts_trailing_blank_lines_crlf_bom_and_non_square():
    image = parse_drawing("\ufeff#..\r\n.#.\r\n\r\n   \n")
    assert image.shape == (2, 3) and image.dtype == np.float32
    np.testing.assert_array_equal(image, [[1, -1, -1], [-1, 1, -1]])
    np.testing.assert_array_equal(parse_drawing("1 -1\n0.5\t-0.5\n"), [[1, -1], [0.5, -0.5]])


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("\n\n  \n", "empty"),
    ("#########\n########\n", "row 2 has 8 cells, row 1 has 9"),
    ("#.#\n#.#\n#.#.\n", "row 3 has 4 cells, row 1 has 3"),
    ("#.#\n\n#.#\n", "row 2 is empty"),
    ("#x#\n", "'x'"),
    ("1 0.5 abc\n", "not a number"),
    ("1 2\n", "outside"),
    ("1 -1.5\n", "outside"),
    ("nan 1\n", "finite"),
    ("1 inf\n", "finite"),
    ("#" * 65 + "\n", "at most 64"),
    ("#\n" * 65, "at most 64"),
])
def test_bad_drawing_text(text, message, tmp_path):
    with pytest.raises(FileFormatError, match=message):
        parse_drawing(text)
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileFormatError, match="bad.txt"):
        read_drawing(path)


def test_bad_drawing_files(tmp_path):
    with pytest.raises(FileFormatError, match="missing.txt"):
        read_drawing(tmp_path / "missing.txt")
    with pytest.raises(FileFormatError, match="folder"):
        read_drawing(tmp_path)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"#..\0\x01\x02")
    with pytest.raises(FileFormatError, match="binary.txt.*binary"):
        read_drawing(binary)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("#é.\n".encode("latin-1"))
    with pytest.raises(FileFormatError, match="latin.txt.*UTF-8"):
        read_drawing(latin)
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"#" * (1024 * 1024 + 1))
    with pytest.raises(FileFormatError, match="huge.txt.*1 MB"):
        read_drawing(huge)


def test_format_rejects_impossible_images():
    for bad in (np.zeros((2, 2, 2)), np.zeros((65, 3)), np.full((2, 2), 2.0),
                np.array([[np.nan, 1.0]]), np.zeros((0, 3))):
        with pytest.raises(ConfigError):
            format_drawing(bad)


def test_failed_drawing_save_keeps_the_old_file(tmp_path):
    path = tmp_path / "keep.txt"
    write_drawing(path, canonical("O"))
    before = path.read_bytes()
    with pytest.raises(ConfigError):
        write_drawing(path, np.full((3, 3), 5.0))
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["keep.txt"]          # no temp file left behind

# ---------------------------------------------------------------------------- atomic writes


def test_atomic_write_replaces_and_cleans_up(tmp_path):
    path = tmp_path / "a.bin"
    atomic_write_bytes(path, b"old")
    atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["a.bin"]


def test_atomic_write_to_a_folder_fails_cleanly(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "inside.txt").write_text("keep")
    with pytest.raises(FileFormatError, match="folder"):
        atomic_write_bytes(folder, b"data")
    assert (folder / "inside.txt").read_text() == "keep"
    with pytest.raises(FileFormatError, match="cannot save"):
        atomic_write_bytes(tmp_path / "no" / "such" / "dir.bin", b"data")


def test_failed_write_removes_temp_and_keeps_old(tmp_path, monkeypatch):
    path = tmp_path / "model.npz"
    path.write_bytes(b"precious")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(FileFormatError, match="No space left"):
        atomic_write_bytes(path, b"new contents")
    assert path.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["model.npz"]

# ---------------------------------------------------------------------------- datasets


def test_dataset_round_trip_is_exact(tmp_path):
    images, labels = generate(40, size=12, seed=3)
    images[0, 0, 0] = 0.25                                # grey values survive too
    path = tmp_path / "data.npz"
    save_dataset(path, images, labels)
    got_images, got_labels, classes = load_dataset(path)
    assert got_images.dtype == np.float32 and got_labels.dtype == np.int64
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, labels)
    assert classes == ("X", "O")
    with np.load(path, allow_pickle=False) as raw:       # the documented layout
        assert json.loads(str(raw["classes"])) == ["X", "O"]
        assert raw["images"].shape == (40, 12, 12)


def test_dataset_with_other_classes(tmp_path):
    path = tmp_path / "abc.npz"
    save_dataset(path, np.ones((3, 5, 5)), [0, 1, 2], classes=["A", "B", "C"])
    assert load_dataset(path)[2] == ("A", "B", "C")


def write_npz(path, **arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path.write_bytes(buffer.getvalue())


GOOD = dict(images=np.ones((4, 9, 9), np.float32), labels=np.array([0, 1, 0, 1]),
            classes=np.array(json.dumps(["X", "O"])))


@pytest.mark.parametrize("change, message", [
    (dict(images=np.ones((4, 81), np.float32)), "shape"),
    (dict(images=np.ones((4, 9, 9, 1), np.float32)), "shape"),
    (dict(labels=np.array([0, 1, 0])), "labels"),
    (dict(labels=np.array([[0, 1, 0, 1]])), "shape"),
    (dict(labels=np.array([0, 1, 2, 1])), "labels must be from 0 to 1"),
    (dict(labels=np.array([0, -1, 0, 1])), "labels must be from 0 to 1"),
    (dict(labels=np.array([0.0, 1.0, 0.0, 1.0])), "whole numbers"),
    (dict(images=np.full((4, 9, 9), 1.5, np.float32)), "-1 to 1"),
    (dict(images=np.full((4, 9, 9), np.nan, np.float32)), "finite"),
    (dict(images=np.ones((4, 65, 65), np.float32)), "at most 64x64"),
    (dict(images=np.ones((0, 9, 9), np.float32), labels=np.zeros(0, int)), "no images"),
    (dict(classes=np.array("not json")), "class list"),
    (dict(classes=np.array(json.dumps({"X": 0}))), "class list"),
    (dict(classes=np.array(json.dumps(["X", "X"]))), "distinct"),
    (dict(classes=np.array([1, 2])), "classes"),
])
def test_bad_dataset_contents(tmp_path, change, message):
    path = tmp_path / "bad.npz"
    write_npz(path, **{**GOOD, **change})
    with pytest.raises(FileFormatError, match=message):
        load_dataset(path)


def test_missing_entry(tmp_path):
    path = tmp_path / "partial.npz"
    write_npz(path, images=GOOD["images"], labels=GOOD["labels"])
    with pytest.raises(FileFormatError, match="partial.npz.*'classes'"):
        load_dataset(path)


def test_pickled_object_array_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    write_npz(path, **{**GOOD, "images": np.array([object()] * 4, dtype=object)})
    with pytest.raises(FileFormatError, match="pickle"):
        load_dataset(path)


def test_truncated_garbage_and_plain_npy_files(tmp_path):
    good = tmp_path / "good.npz"
    save_dataset(good, *generate(20, seed=1))
    data = good.read_bytes()
    cases = {"truncated.npz": data[: len(data) // 2], "garbage.npz": os.urandom(5000),
             "empty.npz": b""}
    plain = io.BytesIO()
    np.save(plain, GOOD["images"])
    cases["plain.npz"] = plain.getvalue()
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(FileFormatError, match=name.replace(".", r"\.")):
            load_dataset(tmp_path / name)
    with pytest.raises(FileFormatError, match="missing.npz"):
        load_dataset(tmp_path / "missing.npz")
    with pytest.raises(FileFormatError, match="folder"):
        load_dataset(tmp_path)


def test_corrupted_member_data(tmp_path):
    """A valid zip directory around damaged array bytes (CRC error) is still a clear error."""
    path = tmp_path / "crc.npz"
    save_dataset(path, *generate(20, seed=1))
    data = bytearray(path.read_bytes())
    start = data.index(b"\x93NUMPY") + 200                 # inside the first array's data
    data[start:start + 50] = b"\x55" * 50
    path.write_bytes(bytes(data))
    with pytest.raises(FileFormatError, match="crc.npz"):
        load_dataset(path)


def test_header_claiming_a_huge_array_is_refused_before_allocating(tmp_path):
    path = tmp_path / "liar.npz"
    write_npz(path, **GOOD)
    raw = path.read_bytes()
    # Rewrite the images header to claim 10**7 images (same header length, so it parses).
    old_header = b"(4, 9, 9)"
    assert old_header in raw
    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["images.npy"] = members["images.npy"].replace(b"'shape': (4, 9, 9), ",
                                                          b"'shape': (10000000, 9, 9),")
    with zipfile.ZipFile(path, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    with pytest.raises(FileFormatError, match="at most 1,000,000"):
        load_dataset(path)


def test_too_large_files_are_refused_without_reading(tmp_path):
    path = tmp_path / "big.npz"
    with open(path, "wb") as stream:                        # sparse: no real disk use
        stream.truncate(500 * 1024 * 1024 + 1)
    with pytest.raises(FileFormatError, match="big.npz.*too large"):
        load_dataset(path)


def test_save_dataset_rejects_bad_data_and_keeps_old_file(tmp_path):
    path = tmp_path / "keep.npz"
    save_dataset(path, *generate(10, seed=0))
    before = path.read_bytes()
    for images, labels in ((np.ones((3, 9, 9)), [0, 1]), (np.ones((2, 9, 9)) * 3, [0, 1]),
                           (np.ones((2, 9, 9)), [0, 5])):
        with pytest.raises(ConfigError):
            save_dataset(path, images, labels)
    assert path.read_bytes() == before
    folder = tmp_path / "a_folder.npz"
    folder.mkdir()
    with pytest.raises(FileFormatError):
        save_dataset(folder, *generate(4, seed=0))
    assert folder.is_dir() and path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["a_folder.npz", "keep.npz"]
