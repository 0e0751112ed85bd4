"""Model files (PRODUCT.md §3): an ``.npz`` with a JSON ``config`` string and one array per
parameter, ``layers.<index>.weight`` / ``layers.<index>.bias``, in PyTorch layouts.

Loading trusts nothing: no pickles, a size cap, every entry checked before any network is
touched, so a bad file never replaces the model a user has.
"""
from __future__ import annotations

import io
import json
import os
import zipfile
from typing import Any

import numpy as np

from .drawing_files import atomic_write_bytes
from .errors import ConfigError, FileFormatError
from .network import Network

FORMAT = "xo-convnet-model"
VERSION = 1
MAX_MODEL_BYTES = 200 * 1024 * 1024


def model_bytes(net: Network, metadata: dict[str, Any] | None = None) -> bytes:
    config = {"format": FORMAT, "version": VERSION, **net.config()}
    if metadata:
        config["metadata"] = metadata
    arrays = {"config": np.array(json.dumps(config))}
    arrays.update({k: v.astype(np.float32) for k, v in net.state_dict().items()})
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def save_model(path: str | os.PathLike, net: Network,
               metadata: dict[str, Any] | None = None) -> None:
    """Write atomically: the old file stays intact until the new one is complete."""
    atomic_write_bytes(path, model_bytes(net, metadata))


def load_model(path: str | os.PathLike) -> Network:
    """Read a model file; FileFormatError (one clear sentence) for anything wrong with it."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
    except OSError as exc:
        raise FileFormatError(f"cannot open model file {name}: {exc.strerror or exc}") from None
    if size > MAX_MODEL_BYTES:
        raise FileFormatError(f"{name} is {size / 1e6:.0f} MB, too large for a model file")
    try:
        with open(name, "rb") as handle:
            magic = handle.read(6)
    except OSError as exc:
        raise FileFormatError(f"cannot open model file {name}: {exc.strerror or exc}") from None
    if magic == b"\x93NUMPY":
        raise FileFormatError(f"{name} is a single array, not a model file (.npz)")
    if not magic.startswith(b"PK"):     # np.load would try to unpickle anything else
        raise FileFormatError(f"{name} is not a model file (.npz), or it is damaged")
    try:
        with np.load(name, allow_pickle=False) as data:
            # A compressed entry may unpack to far more than the file's size: check first.
            unpacked = sum(info.file_size for info in data.zip.infolist())
            if unpacked > MAX_MODEL_BYTES:
                raise FileFormatError(
                    f"{name} unpacks to {unpacked / 1e6:.0f} MB, too large for a model file")
            arrays = {key: data[key] for key in data.files}
    except FileFormatError:
        raise
    except ValueError as exc:
        if "pickle" in str(exc).lower():
            raise FileFormatError(
                f"{name} contains pickled Python objects, which are never loaded") from None
        raise FileFormatError(f"{name} is not a readable model file ({exc})") from None
    except (OSError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise FileFormatError(
            f"{name} is not a model file or is damaged ({type(exc).__name__})") from None
    return network_from_arrays(arrays, name)


def network_from_arrays(arrays: dict[str, np.ndarray], name: str = "model") -> Network:
    config = _config(arrays, name)
    try:
        net = Network.from_config(config)
    except ConfigError as exc:
        raise FileFormatError(f"{name} describes an impossible network: {exc}") from None
    expected = {f"layers.{i}.{k}": v for i, k, v in net.parameters()}
    for key in arrays:
        if key != "config" and key not in expected:
            raise FileFormatError(f"{name} has an entry {key!r} that the network does not use")
    for key, value in expected.items():
        if key not in arrays:
            raise FileFormatError(f"{name} is missing the weights {key}")
        array = arrays[key]
        if array.dtype.kind not in "fiu":
            raise FileFormatError(f"{name}: {key} holds {array.dtype}, not numbers")
        if array.shape != value.shape:
            raise FileFormatError(
                f"{name}: {key} is shaped {array.shape}, the network needs {value.shape}")
        if not np.isfinite(array).all():
            raise FileFormatError(f"{name}: {key} contains NaN or infinite values")
        value[...] = array
    return net


def _config(arrays: dict[str, np.ndarray], name: str) -> dict[str, Any]:
    if "config" not in arrays:
        raise FileFormatError(f"{name} has no 'config' entry: not an XO ConvNet model")
    raw = arrays["config"]
    if raw.dtype.kind != "U" or raw.shape != ():
        raise FileFormatError(f"{name}: 'config' is not a text entry")
    try:
        config = json.loads(str(raw))
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"{name}: 'config' is not valid JSON ({exc.msg})") from None
    if not isinstance(config, dict) or config.get("format") != FORMAT:
        raise FileFormatError(f"{name} is not an XO ConvNet model (format {FORMAT!r} expected)")
    version = config.get("version")
    if version != VERSION:
        raise FileFormatError(
            f"{name} is model format version {version!r}; this program reads version {VERSION}")
    return config

