"""Model files (README, "Files"): an ``.npz`` with a JSON ``config`` string and one array per
parameter, ``layers.<index>.weight`` / ``layers.<index>.bias``, in PyTorch layouts.

Loading trusts nothing: no pickles, a size cap, every entry checked before any network is
touched, so a bad file never replaces the model a user has.
"""
from __future__ import annotations

import io
import json
import math
import os
from typing import Any

import numpy as np

from .errors import ConfigError, FileFormatError, Phrase
from .limits import MAX_JSON_CHARS, MAX_LAYER_PARAMETERS, MAX_MODEL_BYTES
from .network import Network
from .safe_files import atomic_write_bytes, read_npz, short_name
from .safe_json import parse_json

FORMAT = "xo-convnet-model"
VERSION = 1


def model_bytes(net: Network, metadata: dict[str, Any] | None = None) -> bytes:
    config = {"format": FORMAT, "version": VERSION, **net.config()}
    if metadata:
        config["metadata"] = metadata
    text = json.dumps(config, allow_nan=False)
    try:
        parse_json(text, "the model's description")    # what is written can be read back
    except FileFormatError as exc:
        raise ConfigError(f"cannot save this model: {exc}") from None
    arrays = {"config": np.array(text)}
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
    name = short_name(os.fspath(path))

    def check_header(key: str, shape: tuple[int, ...], dtype: np.dtype) -> None:
        if key == "config":
            if dtype.kind != "U" or shape != () or dtype.itemsize > 4 * MAX_JSON_CHARS:
                raise FileFormatError("{name}: 'config' is not a text entry of at most {most:,} "
                                      "characters", name=name, most=MAX_JSON_CHARS)
        elif dtype.kind not in "fiu" or dtype.itemsize > 8:
            raise FileFormatError("{name}: {key} holds {dtype}, not numbers", name=name,
                                  key=key[:40], dtype=dtype)
        elif math.prod(shape) > MAX_LAYER_PARAMETERS:
            raise FileFormatError("{name}: {key} claims {n:,} weights, more than any layer "
                                  "here may have ({most:,})", name=name, key=key[:40],
                                  n=math.prod(shape), most=MAX_LAYER_PARAMETERS)

    arrays = read_npz(path, "model", MAX_MODEL_BYTES, MAX_MODEL_BYTES, check_header)
    return network_from_arrays(arrays, name)


def network_from_arrays(arrays: dict[str, np.ndarray], name: str = "model") -> Network:
    """The network ``arrays`` (a model file's entries) describe, every weight checked
    after its conversion to float32 (so 1e300 is refused, not turned into infinity)."""
    config = _config(arrays, name)
    try:
        net = Network.from_config(config)
    except ConfigError as exc:
        raise FileFormatError("{name} describes an impossible network: {problem}", name=name,
                              problem=exc) from None
    if net.input_shape[0] != 1:
        raise FileFormatError("{name} takes images of {n} channels; drawings and data sets "
                              "here have one", name=name, n=net.input_shape[0])
    expected = {f"layers.{i}.{k}": v for i, k, v in net.parameters()}
    for key in arrays:
        if key != "config" and key not in expected:
            raise FileFormatError("{name} has an entry {key!r} that the network does not use",
                                  name=name, key=key)
    for key, value in expected.items():
        if key not in arrays:
            raise FileFormatError("{name} is missing the weights {key}", name=name, key=key)
        array = arrays[key]
        if array.dtype.kind not in "fiu":
            raise FileFormatError("{name}: {key} holds {dtype}, not numbers", name=name, key=key,
                                  dtype=array.dtype)
        if array.shape != value.shape:
            raise FileFormatError("{name}: {key} is shaped {shape}, the network needs {needed}",
                                  name=name, key=key, shape=array.shape, needed=value.shape)
        with np.errstate(over="ignore", invalid="ignore"):
            value[...] = array                 # the cast to float32 happens here
        if not np.isfinite(value).all():
            raise FileFormatError("{name}: {key} contains NaN or infinite values (or numbers "
                                  "too large for float32)", name=name, key=key)
    return net


def _config(arrays: dict[str, np.ndarray], name: str) -> dict[str, Any]:
    if "config" not in arrays:
        raise FileFormatError("{name} has no 'config' entry: not an XO ConvNet model",
                              name=name)
    raw = arrays["config"]
    if raw.dtype.kind != "U" or raw.shape != ():
        raise FileFormatError("{name}: 'config' is not a text entry", name=name)
    config = parse_json(str(raw), Phrase("the 'config' of {name}", name=name))
    if not isinstance(config, dict) or config.get("format") != FORMAT:
        raise FileFormatError("{name} is not an XO ConvNet model (format {format!r} expected)",
                              name=name, format=FORMAT)
    version = config.get("version")
    if type(version) is not int or version != VERSION:
        raise FileFormatError("{name} is model format version {version}; this program reads "
                              "version {known}", name=name, version=repr(version)[:20],
                              known=VERSION)
    return config

