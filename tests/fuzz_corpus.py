"""A seeded corpus of hostile inputs for every loader (drawing, model, dataset) and every
CLI flag, used by ``test_fuzz_cli.py``.

``hostile_cases(folder, count, seed)`` writes the files it needs into ``folder`` and
returns ``Case`` records: the argv of one ``xo-gui`` run and whether the run must be
refused.  The same seed always gives the same corpus, so a failure can be replayed.
"""
from __future__ import annotations

import io
import json
import os
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from xo_gui.engine.drawing_files import save_dataset
from xo_gui.engine.model_files import model_bytes
from xo_gui.engine.network import build_network


@dataclass
class Case:
    name: str
    argv: list[str]
    must_fail: bool            # a hostile input: the run must end non-zero, --out untouched
    out: str | None = None     # the --out of the run, if any


# --- files ------------------------------------------------------------------------------
def _npz(entries: dict[str, np.ndarray], compress: bool = False) -> bytes:
    buffer = io.BytesIO()
    (np.savez_compressed if compress else np.savez)(buffer, **entries)
    return buffer.getvalue()


def _raw_npz(members: dict[str, bytes], compress: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for key, data in members.items():
            archive.writestr(key, data)
    return buffer.getvalue()


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def _header_only(shape: tuple[int, ...], dtype: str = "<f4", pad: int = 0) -> bytes:
    """An .npy header that claims ``shape`` but holds no data (or a huge padded header)."""
    header = repr({"descr": dtype, "fortran_order": False, "shape": shape}) + " " * pad
    header += " " * (-(len(header) + 11) % 64) + "\n"
    length = len(header)
    if length < 65536:
        return b"\x93NUMPY\x01\x00" + length.to_bytes(2, "little") + header.encode()
    return b"\x93NUMPY\x02\x00" + length.to_bytes(4, "little") + header.encode()


def _model_arrays(seed: int = 0) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(model_bytes(build_network(9, seed=seed))), allow_pickle=False) as f:
        return {k: f[k] for k in f.files}


def _config(arrays: dict[str, np.ndarray]) -> dict:
    return json.loads(str(arrays["config"]))


def _with_config(config_text: str, arrays: dict[str, np.ndarray] | None = None) -> bytes:
    arrays = dict(arrays or _model_arrays())
    arrays["config"] = np.array(config_text)
    return _npz(arrays)


def _nested(depth: int, open_: str = "[", close: str = "]") -> str:
    return open_ * depth + close * depth


def _model_files(rng: random.Random) -> dict[str, bytes]:
    """Hostile model files: every one must be refused."""
    good = _model_arrays()
    cfg = _config(good)
    files: dict[str, bytes] = {}

    def config_variant(name: str, change: Callable[[dict], None]) -> None:
        c = json.loads(json.dumps(cfg))
        change(c)
        files[name] = _with_config(json.dumps(c), good)

    def weights_variant(name: str, change: Callable[[dict], None]) -> None:
        arrays = dict(good)
        change(arrays)
        files[name] = _npz(arrays)

    files["config-nested-50000.npz"] = _with_config(
        '{"format": "xo-convnet-model", "version": 1, "x": ' + _nested(50_000) + "}")
    files["config-objects-nested.npz"] = _with_config('{"a":' * 30_000 + "1" + "}" * 30_000)
    files["config-int-5000-digits.npz"] = _with_config(json.dumps(cfg)[:-1] + ', "n": '
                                                        + "9" * 5000 + "}")
    files["config-nan.npz"] = _with_config(json.dumps(cfg)[:-1] + ', "n": NaN}')
    files["config-2m-chars.npz"] = _with_config(json.dumps(cfg)[:-1] + ', "pad": "'
                                                 + "x" * 2_000_000 + '"}')
    files["config-not-json.npz"] = _with_config("{not json")
    files["config-duplicate-key.npz"] = _with_config(json.dumps(cfg)[:-1] + ', "version": 1}')
    config_variant("layer-type-list.npz", lambda c: c["layers"][1].update(type=["relu"]))
    config_variant("layer-type-object.npz", lambda c: c["layers"][1].update(type={"a": 1}))
    config_variant("layer-not-object.npz", lambda c: c["layers"].__setitem__(1, "relu"))
    config_variant("relu-20000.npz", lambda c: c.update(
        layers=c["layers"][:1] + [{"type": "relu"}] * 20_000 + c["layers"][1:]))
    config_variant("flatten-200000.npz", lambda c: c.update(
        layers=[{"type": "flatten"}] * 200_000))
    config_variant("two-million-features.npz", lambda c: c["layers"][0].update(
        features=2_000_000, size=1))
    config_variant("two-channels.npz", lambda c: c.update(input_channels=2))
    config_variant("channels-huge.npz", lambda c: c.update(input_channels=10**12))
    config_variant("features-float.npz", lambda c: c["layers"][0].update(features=8.5))
    config_variant("features-bool.npz", lambda c: c["layers"][0].update(features=True))
    config_variant("size-negative.npz", lambda c: c["layers"][0].update(size=-3))
    config_variant("input-huge.npz", lambda c: c.update(input_size=[10**9, 10**9]))
    config_variant("input-string.npz", lambda c: c.update(input_size="9x9"))
    config_variant("classes-one.npz", lambda c: c.update(classes=["X"]))
    config_variant("classes-many.npz", lambda c: c.update(classes=[str(i) for i in range(5000)]))
    config_variant("classes-nested.npz", lambda c: c.update(classes=[[["X"]], "O"]))
    config_variant("frozen-bad.npz", lambda c: c.update(frozen=[99]))
    config_variant("frozen-string.npz", lambda c: c.update(frozen="conv1"))
    config_variant("version-2.npz", lambda c: c.update(version=2))
    config_variant("version-float.npz", lambda c: c.update(version=1.0))
    config_variant("format-wrong.npz", lambda c: c.update(format="pytorch"))
    config_variant("layers-missing.npz", lambda c: c.pop("layers"))
    config_variant("layers-empty.npz", lambda c: c.update(layers=[]))
    config_variant("pool-window-huge.npz", lambda c: c["layers"][2].update(window=10**14))
    # Four million weights, but a million 64x64 maps: 30 GiB for one forward pass.
    files["forward-30gib.npz"] = _with_config(json.dumps({
        "format": "xo-convnet-model", "version": 1, "input_size": [64, 64],
        "classes": ["X", "O"], "layers": [
            {"type": "conv", "features": 1_000_000, "channels": 1, "size": 1},
            {"type": "relu"}, {"type": "maxpool", "window": 64, "stride": 64},
            {"type": "flatten"}, {"type": "linear", "inputs": 1_000_000, "outputs": 2}]}),
        {"config": good["config"]})
    weights_variant("weights-nan.npz", lambda a: a.update(
        {"layers.0.weight": np.full(a["layers.0.weight"].shape, np.nan, np.float32)}))
    weights_variant("weights-1e300-float64.npz", lambda a: a.update(
        {"layers.0.weight": np.full(a["layers.0.weight"].shape, 1e300)}))
    weights_variant("weights-wrong-shape.npz", lambda a: a.update(
        {"layers.0.weight": np.zeros((3, 3), np.float32)}))
    weights_variant("weights-missing.npz", lambda a: a.pop("layers.0.weight"))
    weights_variant("weights-extra.npz", lambda a: a.update({"layers.99.weight": np.zeros(2)}))
    weights_variant("weights-strings.npz", lambda a: a.update(
        {"layers.0.bias": np.array(["a"] * 8)}))
    weights_variant("weights-complex.npz", lambda a: a.update(
        {"layers.0.bias": np.zeros(8, np.complex64)}))
    weights_variant("config-bytes.npz", lambda a: a.update({"config": np.array(b"{}")}))
    members = {f"{k}.npy": _npy(v) for k, v in good.items()}
    files["pickled-object.npz"] = _raw_npz({**members, "layers.0.bias.npy": _npy(
        np.array([{"evil": 1}], dtype=object))})
    files["header-64kb.npz"] = _raw_npz({**members, "layers.0.bias.npy": _header_only(
        (8,), pad=70_000)})
    files["header-claims-10g.npz"] = _raw_npz({**members, "layers.0.weight.npy": _header_only(
        (100_000, 1, 100, 100))})
    files["entry-not-npy.npz"] = _raw_npz({**members, "readme.txt": b"hello"})
    files["zip-bomb.npz"] = _raw_npz({**members, "pad.npy": _npy(np.zeros(300_000_000 // 8))},
                                     compress=True)
    files["single-array.npz"] = _npy(np.zeros(10))
    files["empty.npz"] = b""
    files["not-zip.npz"] = b"PK\x03\x04 this is not a zip at all"
    whole = _npz(good)
    for i in range(6):
        cut = rng.randrange(1, len(whole) - 1)
        files[f"truncated-{i}.npz"] = whole[:cut]
    for i in range(6):
        data = bytearray(whole)
        for _ in range(rng.randrange(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        files[f"flipped-{i}.npz"] = bytes(data)   # may still be valid: checked as "any"
    files["random-bytes.npz"] = bytes(rng.randrange(256) for _ in range(4000))
    return files


def _dataset_files(rng: random.Random, folder: Path) -> dict[str, bytes]:
    images = np.where(np.random.default_rng(0).random((40, 9, 9)) < 0.5, -1, 1).astype(np.float32)
    labels = np.arange(40) % 2
    good = {"images": images, "labels": labels.astype(np.int64),
            "classes": np.array(json.dumps(["X", "O"]))}
    files: dict[str, bytes] = {}

    def variant(name: str, **change) -> None:
        files[name] = _npz({**good, **change})

    variant("classes-nested.npz", classes=np.array("[" * 50_000 + "]" * 50_000))
    variant("classes-int-digits.npz", classes=np.array("[" + "9" * 5000 + "]"))
    variant("classes-not-list.npz", classes=np.array('{"X": 1}'))
    variant("classes-one.npz", classes=np.array('["X"]'))
    variant("classes-duplicate.npz", classes=np.array('["X", "X"]'))
    variant("classes-long-name.npz", classes=np.array(json.dumps(["X" * 5000, "O"])))
    variant("classes-number.npz", classes=np.array(5))
    variant("labels-out-of-range.npz", labels=np.full(40, 7, np.int64))
    variant("labels-negative.npz", labels=np.full(40, -1, np.int64))
    variant("labels-float.npz", labels=labels.astype(np.float32))
    variant("labels-short.npz", labels=labels[:10])
    variant("images-nan.npz", images=np.full((40, 9, 9), np.nan, np.float32))
    variant("images-large-values.npz", images=images * 1e30)
    variant("images-2d.npz", images=images[0])
    variant("images-strings.npz", images=np.array(["a"] * 40))
    variant("images-65.npz", images=np.zeros((2, 65, 65), np.float32), labels=labels[:2])
    variant("images-empty.npz", images=np.zeros((0, 9, 9), np.float32), labels=labels[:0])
    variant("extra-entry.npz", weights=np.zeros(3))
    files["missing-images.npz"] = _npz({"labels": good["labels"], "classes": good["classes"]})
    files["images-object.npz"] = _raw_npz({"images.npy": _npy(np.array([None] * 40)),
                                           "labels.npy": _npy(good["labels"]),
                                           "classes.npy": _npy(good["classes"])})
    files["images-claim-40000x64x64.npz"] = _raw_npz({
        "images.npy": _header_only((40_000, 64, 64)), "labels.npy": _npy(good["labels"]),
        "classes.npy": _npy(good["classes"])})
    files["images-claim-float64-bomb.npz"] = _raw_npz({
        "images.npy": _npy(np.zeros((1_000_000, 9, 9), np.float64)[:900_000]),
        "labels.npy": _npy(np.zeros(900_000, np.int64)),
        "classes.npy": _npy(good["classes"])}, compress=True)
    whole = _npz(good)
    for i in range(5):
        files[f"truncated-{i}.npz"] = whole[:rng.randrange(1, len(whole) - 1)]
    files["random-bytes.npz"] = bytes(rng.randrange(256) for _ in range(3000))
    return files


def _drawing_files(rng: random.Random) -> dict[str, bytes]:
    files = {
        "empty.txt": b"",
        "blank-lines.txt": b"\n\n \n",
        "binary.txt": b"#..#\x00\x01\x02",
        "latin1.txt": "#é.#\n".encode("latin-1"),
        "ragged.txt": b"###\n##\n",
        "letters.txt": b"abc\ndef\n",
        "numbers-out-of-range.txt": b"0 2\n1 1\n",
        "nan.txt": b"nan 1\n1 1\n",
        "inf.txt": b"inf 1\n1 1\n",
        "huge-number.txt": b"1e309 1\n1 1\n",
        "rows-65.txt": b"#\n" * 65,
        "cols-65.txt": b"#" * 65 + b"\n",
        "over-1mb.txt": b"#" * (1 << 20) + b"#",
        "long-number.txt": ("1" * 5000 + " 1\n1 1\n").encode(),
        "bom-only.txt": "\ufeff".encode(),
        "one-cell-2x.txt": b"#\n",
    }
    files["random-bytes.txt"] = bytes(rng.randrange(256) for _ in range(500))
    files["random-text.txt"] = "".join(rng.choice("#.\n 01-.e") for _ in range(300)).encode()
    return files


# --- cases ------------------------------------------------------------------------------
_HOSTILE_INTS = ["0", "-1", "-5", "3.5", "1e3", "", " ", "abc", "²", "٣", "0x10", "9" * 5000,
                 str(2**63), str(10**12), "nan", "inf", "-0", "1_000", "７"]
_HOSTILE_FLOATS = ["nan", "inf", "-inf", "-1", "0", "1e309", "", "abc", "1e-400", "9" * 5000]
_HOSTILE_TEXT = ["", " ", ",", ",,,", "1,", "a", "²", "-1", "0", "1," * 5000, "9" * 400,
                 "conv1,conv1", "💥", "\t", "1;2"]


def special_paths(folder: Path) -> dict[str, str]:
    """Paths that are not regular files (or not there): pipes, devices, folders, links."""
    special = folder / "special"
    special.mkdir(exist_ok=True)
    fifo = special / "fifo.npz"
    if not fifo.exists():
        os.mkfifo(fifo)
    links = {"link-to-fifo.npz": fifo, "link-to-dir.npz": special, "link-to-null.npz":
             Path("/dev/null"), "link-loop.npz": special / "link-loop.npz",
             "link-dangling.npz": special / "nowhere.npz"}
    for name, target in links.items():
        path = special / name
        if not path.is_symlink():
            path.symlink_to(target)
    return {
        "fifo": str(fifo), "dev-null": "/dev/null", "dev-zero": "/dev/zero",
        "dev-urandom": "/dev/urandom", "folder": str(special), "empty": "",
        "missing": str(special / "missing.npz"), "long-name": str(special / ("n" * 300)),
        "missing-folder": str(special / "no" / "such" / "x.npz"),
        **{name: str(special / name) for name in links},
        "proc": "/proc/x.npz",
    }


def hostile_cases(folder: Path, count: int, seed: int = 0) -> list[Case]:
    """``count`` cases (at least the fixed ones): every hostile file through the command that
    reads it, every special path as every input and as --out, then random flag values."""
    rng = random.Random(seed)
    folder = Path(folder)
    for sub in ("models", "datasets", "drawings", "out"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    good_model = folder / "good-model.npz"
    good_model.write_bytes(model_bytes(build_network(9, seed=1)))
    good_data = folder / "good-data.npz"
    images = np.where(np.random.default_rng(1).random((60, 9, 9)) < 0.5, -1, 1)
    save_dataset(good_data, images.astype(np.float32), np.arange(60) % 2)
    out = str(folder / "out" / "result.npz")
    cases: list[Case] = []
    small = ["--epochs", "1"]

    for name, data in _model_files(rng).items():
        path = folder / "models" / name
        path.write_bytes(data)
        hostile = not name.startswith("flipped")
        cases.append(Case(f"inspect-model-{name}", ["inspect", "--preset", "x", "--model",
                                                    str(path), "--json"], hostile))
        cases.append(Case(f"train-init-{name}", ["train", "--init", str(path), "--count", "60",
                                                 *small, "--out", out], hostile, out))
    for name, data in _dataset_files(rng, folder).items():
        path = folder / "datasets" / name
        path.write_bytes(data)
        cases.append(Case(f"train-data-{name}", ["train", "--data", str(path), *small,
                                                 "--out", out], True, out))
    for name, data in _drawing_files(rng).items():
        path = folder / "drawings" / name
        path.write_bytes(data)
        hostile = name not in ("random-text.txt", "one-cell-2x.txt")
        cases.append(Case(f"inspect-image-{name}", ["inspect", "--image", str(path)], hostile))
    for kind, path in special_paths(folder).items():
        cases += [
            Case(f"inspect-model-{kind}", ["inspect", "--preset", "x", "--model", path], True),
            Case(f"inspect-image-{kind}", ["inspect", "--image", path], True),
            Case(f"train-data-{kind}", ["train", "--data", path, *small, "--out", out], True, out),
            Case(f"train-init-{kind}", ["train", "--init", path, "--count", "60", *small,
                                        "--out", out], True, out),
        ]
        # Never a system device as --out: a broken build running as root would replace
        # /dev/null itself (the links in the corpus point at the corpus's own pipe/folder).
        if kind not in ("missing", "link-dangling.npz", "link-to-null.npz") \
                and not path.startswith("/dev/"):
            cases += [
                Case(f"train-out-{kind}", ["train", "--count", "60", *small, "--out", path],
                     True, path),
                Case(f"dataset-out-{kind}", ["dataset", "--count", "10", "--out", path],
                     True, path),
            ]
    cases += [
        Case("train-out-is-data", ["train", "--data", str(good_data), *small, "--out",
                                   str(good_data)], True, str(good_data)),
        Case("train-out-is-init", ["train", "--init", str(good_model), "--count", "60", *small,
                                   "--out", str(good_model)], True, str(good_model)),
        Case("dataset-40000x64", ["dataset", "--count", "40000", "--size", "64", "--out", out],
             True, out),
        Case("dataset-1000000x64", ["dataset", "--count", "1000000", "--size", "64", "--out",
                                    out], True, out),
        Case("train-count-1000000x64", ["train", "--count", "1000000", "--size", "64",
                                        *small, "--out", out], True, out),
        Case("train-2-channel-init", ["train", "--init", str(folder / "models" /
                                                              "two-channels.npz"),
                                      "--count", "60", *small, "--out", out], True, out),
        Case("train-size-0", ["train", "--size", "0", "--count", "60", *small, "--out", out],
             True, out),
        Case("inspect-image-empty", ["inspect", "--image", ""], True),
        Case("train-freeze-superscript", ["train", "--count", "60", *small, "--freeze", "²",
                                          "--out", out], True, out),
        Case("train-seed-minus-1", ["train", "--count", "60", *small, "--seed", "-1",
                                    "--out", out], True, out),
        Case("train-huge-batch-work", ["train", "--count", "60", "--size", "32", "--features",
                                       "1000", "--feature-size", "15", "--batch-size", "150",
                                       *small, "--out", out], True, out),
        Case("train-blocks-1e9", ["train", "--count", "60", "--blocks", "1000000000", *small,
                                  "--out", out], True, out),
        Case("train-hidden-many", ["train", "--count", "60", "--hidden", "1," * 5000 + "1",
                                   *small, "--out", out], True, out),
        Case("train-lr-huge-momentum", ["train", "--init", str(good_model), "--count", "200",
                                        "--optimizer", "momentum", "--lr", "1e4", *small,
                                        "--out", out], True, out),
    ]
    # Random flag values: each case sets one to three flags of one command to hostile values.
    flags = {
        "train": {"--count": _HOSTILE_INTS, "--size": _HOSTILE_INTS, "--epochs": _HOSTILE_INTS,
                  "--steps": _HOSTILE_INTS, "--batch-size": _HOSTILE_INTS,
                  "--seed": _HOSTILE_INTS, "--pool-size": _HOSTILE_INTS,
                  "--pool-stride": _HOSTILE_INTS, "--blocks": _HOSTILE_INTS,
                  "--lr": _HOSTILE_FLOATS, "--validation": _HOSTILE_FLOATS,
                  "--features": _HOSTILE_TEXT, "--feature-size": _HOSTILE_TEXT,
                  "--hidden": _HOSTILE_TEXT, "--freeze": _HOSTILE_TEXT,
                  "--optimizer": ["", "SGD", "lbfgs"], "--loss": ["", "mse"],
                  "--pool": ["", "min"], "--variation": ["", "extreme"]},
        "dataset": {"--count": _HOSTILE_INTS, "--size": _HOSTILE_INTS, "--seed": _HOSTILE_INTS,
                    "--variation": ["", "extreme", "HIGH"]},
        "inspect": {"--size": _HOSTILE_INTS, "--preset": ["", "X", "x-", "💥", "x" * 5000]},
    }
    base = {"train": ["train", "--count", "60", "--epochs", "1", "--out", out],
            "dataset": ["dataset", "--count", "10", "--out", out],
            "inspect": ["inspect", "--preset", "x"]}
    number = 0
    model_text = json.dumps(_config(_model_arrays()))
    whole_model = good_model.read_bytes()
    whole_data = good_data.read_bytes()
    while len(cases) < count:
        number += 1
        kind = rng.random()
        if kind < 0.3:                      # one field of the config set to a value it refuses
            path = folder / "models" / f"mutant-{number}.npz"
            path.write_bytes(_with_config(_mutated_config(rng, model_text)))
            cases.append(Case(f"mutant-config-{number}", ["inspect", "--preset", "x",
                                                          "--model", str(path)], True))
            continue
        if kind < 0.45:                     # a model or data set cut short anywhere
            is_model = rng.random() < 0.5
            whole = whole_model if is_model else whole_data
            path = folder / ("models" if is_model else "datasets") / f"cut-{number}.npz"
            path.write_bytes(whole[:rng.randrange(0, len(whole) - 1)])
            argv = (["inspect", "--preset", "x", "--model", str(path)] if is_model else
                    ["train", "--data", str(path), "--epochs", "1", "--out", out])
            cases.append(Case(f"cut-{number}", argv, True, None if is_model else out))
            continue
        command = rng.choice(sorted(flags))
        argv = list(base[command])
        chosen = rng.sample(sorted(flags[command]), rng.randint(1, min(3, len(flags[command]))))
        for flag in chosen:
            if flag in argv:
                at = argv.index(flag)
                del argv[at:at + 2]
            argv += [flag, rng.choice(flags[command][flag])]
        if "--epochs" in argv and "--steps" in argv and rng.random() < 0.8:
            at = argv.index("--steps")      # mostly keep one (both at once is argparse's)
            del argv[at:at + 2]
        cases.append(Case(f"flags-{number}", argv, False, out if command != "inspect" else None))
    return cases


_REFUSED_VALUES = [None, True, False, -1, 0, 3.5, "3", "", [], {}, [3], {"a": 1}, 10**14,
                   -10**14, "relu" * 50]


def _mutated_config(rng: random.Random, text: str) -> str:
    """The good model's config with one field set to a value no loader may accept."""
    config = json.loads(text)
    layer = rng.randrange(len(config["layers"]))
    fields = {"conv": ["features", "channels", "size", "type"], "maxpool": ["window", "type"],
              "linear": ["inputs", "outputs", "type"]}.get(config["layers"][layer]["type"])
    if fields and rng.random() < 0.7:
        value = rng.choice(_REFUSED_VALUES)
        key = rng.choice(fields)
        if key == "type":
            value = rng.choice([None, 5, [], {}, "sigmoid", "RELU", ""])
        config["layers"][layer][key] = value
    else:
        key = rng.choice(["input_size", "classes", "layers", "input_channels", "frozen"])
        config[key] = rng.choice({"input_size": [[0, 9], [9], "9", [9, 9.0], [65, 65], None],
                                  "classes": [[], ["X"], "XO", [1, 2], ["X", "X"], None],
                                  "layers": [[], {}, "conv", None, [None]],
                                  "input_channels": [0, -1, 2, "1", 1.5, 10**14],
                                  "frozen": [[99], "0", [0.5], [True], {}]}[key])
    return json.dumps(config)


def hostile_files(folder: Path, seed: int = 0) -> dict[str, list[str]]:
    """The corpus's hostile model, dataset and drawing files written into ``folder`` (the
    ones that may still be valid left out), by kind: for loaders that take a path."""
    rng = random.Random(seed)
    found: dict[str, list[str]] = {}
    makers = {"models": _model_files(rng), "datasets": _dataset_files(rng, folder),
              "drawings": _drawing_files(rng)}
    for kind, files in makers.items():
        (folder / kind).mkdir(parents=True, exist_ok=True)
        found[kind] = []
        for name, data in files.items():
            if name.startswith("flipped") or name == "random-text.txt":
                continue                      # a few flipped bytes may leave a valid file
            path = folder / kind / name
            path.write_bytes(data)
            found[kind].append(str(path))
    return found
