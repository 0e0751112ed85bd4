"""A network is the ordered layer list of a model file (README, "Files"), checked shape by
shape.

It knows nothing about training: it runs forward (for a batch or, with a per-layer trace,
for the one image the GUI draws), runs backward, and hands out copies of its weights.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

import numpy as np

from .errors import ConfigError, Phrase
from .layers import (LAYER_TYPES, AvgPool, Conv2D, Flatten, Layer, Linear, MaxPool, ReLU,
                     layer_from_config)
from .limits import (MAX_CLASSES, MAX_FEATURES, MAX_GRID, MAX_LAYERS, MAX_NETWORK_PARAMETERS, Cost,
                     check_classes, check_network_cost, network_cost)
from .single import outputs, scores as one_image_scores

DEFAULT_CLASSES = ("X", "O")
MAX_INPUT_SIZE = MAX_GRID             # the largest grid any drawing, preset or dataset has


@dataclass(frozen=True)
class LayerTrace:
    """One layer's output for one image: (channels, rows, cols) or (n,)."""

    index: int
    name: str
    type: str
    output: np.ndarray


def _layer_names(layers: Sequence[Layer]) -> list[str]:
    """conv1, relu1, pool1, conv2, ..., flatten, fc1, relu, fc2: what the tutorial says."""
    names, counts = [], {"conv": 0, "fc": 0}
    for layer in layers:
        if isinstance(layer, Conv2D):
            counts["conv"] += 1
            names.append(f"conv{counts['conv']}")
        elif isinstance(layer, Linear):
            counts["fc"] += 1
            names.append(f"fc{counts['fc']}")
        elif isinstance(layer, (MaxPool, AvgPool)):
            names.append(f"pool{counts['conv']}")
        elif isinstance(layer, ReLU):
            names.append(f"relu{counts['conv']}" if counts["fc"] == 0 else f"fc_relu{counts['fc']}")
        else:
            names.append(layer.type)
    return names


class Network:
    """An ordered list of layers from an image of ``input_shape`` to one score per class."""

    def __init__(self, layers: Sequence[Layer], input_shape: tuple[int, int, int] = (1, 9, 9),
                 classes: Sequence[str] = DEFAULT_CLASSES) -> None:
        if not layers:
            raise ConfigError("a network needs at least one layer")
        if not 2 <= len(classes) <= MAX_CLASSES:
            raise ConfigError(f"a network tells 2 to {MAX_CLASSES} classes apart, "
                              f"not {len(classes)}")
        if len(layers) > MAX_LAYERS:
            raise ConfigError(f"the network has {len(layers):,} layers (at most {MAX_LAYERS})")
        self.layers = list(layers)
        self.input_shape = tuple(int(v) for v in input_shape)
        self.classes = tuple(str(c) for c in classes)
        self.names = _layer_names(self.layers)
        self.shapes = self._check_shapes()
        self.cost: Cost = network_cost(self.layers, self.shapes)
        check_network_cost(self.cost, len(self.layers))
        self._order = self._run_order()
        one = self.input_shape[1:] if self.input_shape[0] == 1 else None   # an (H, W) image
        self._one_shapes = (self.input_shape, one)

    def _check_shapes(self) -> list[tuple[int, ...]]:
        shape: tuple[int, ...] = self.input_shape
        if len(shape) != 3 or min(shape) < 1 or shape[0] > MAX_FEATURES \
                or max(shape[1:]) > MAX_GRID:
            raise ConfigError(f"bad input shape {shape}")
        shapes = []
        for layer in self.layers:
            if len(shape) == 3 and isinstance(layer, Linear):
                raise ConfigError("a fully connected layer needs a flatten layer before it")
            if len(shape) == 1 and isinstance(layer, (Conv2D, MaxPool, AvgPool)):
                raise ConfigError(f"a {layer.type} layer cannot follow a flat layer")
            shape = layer.output_shape(shape)
            if min(shape) < 1:
                raise ConfigError(f"layer {layer.type} leaves nothing ({shape})")
            shapes.append(shape)
        if shape != (len(self.classes),):
            raise ConfigError(
                f"the last layer must give one vote per class ({len(self.classes)}), "
                f"not {shape}")
        return shapes

    # --- running -------------------------------------------------------------------
    @property
    def image_size(self) -> tuple[int, int]:
        return self.input_shape[1], self.input_shape[2]

    @property
    def dtype(self) -> np.dtype:
        for layer in self.layers:            # not parameters(): one image's scores ask
            for value in layer.params.values():
                return value.dtype
        return np.dtype(np.float32)

    def to_batch(self, images: np.ndarray) -> np.ndarray:
        """(N, H, W) or (N, C, H, W) images -> the engine's batch-last (C, H, W, N)."""
        images = np.asarray(images, dtype=self.dtype)
        if images.ndim == 3:
            images = images[:, None]
        if images.shape[1:] != self.input_shape:
            raise ConfigError(
                f"the network takes {self.input_shape[1]}x{self.input_shape[2]} images, "
                f"not {images.shape[-2]}x{images.shape[-1]}")
        return np.ascontiguousarray(images.transpose(1, 2, 3, 0))

    def _run_order(self) -> list[int]:
        """The order layers run in for scores and training.  ReLU followed by max pooling
        equals max pooling followed by ReLU (the maximum of rectified values is the
        rectified maximum, padding zeros included), and the swapped order rectifies 4x
        fewer values; ``trace`` keeps the tutorial's order for the pictures."""
        order = list(range(len(self.layers)))
        for i in range(len(order) - 1):
            if isinstance(self.layers[i], ReLU) and isinstance(self.layers[i + 1], MaxPool):
                order[i], order[i + 1] = i + 1, i
        return order

    def forward(self, x: np.ndarray, keep: bool = True) -> np.ndarray:
        """Batch-last input -> scores (classes, N). ``keep`` stores what backward needs."""
        for index in self._order:
            x = self.layers[index].forward(x, keep)
        return x

    def backward(self, grad: np.ndarray) -> None:
        """Fill every trainable layer's ``grads`` from d(loss)/d(scores), shape (K, N)."""
        first = self.first_trainable()
        if first == len(self.layers):
            return
        order = self._order
        for index in reversed(order[order.index(first):]):
            grad = self.layers[index].backward(grad, need_input_grad=index != first)

    def training_bytes_per_image(self) -> int:
        """About how much memory one image of a training batch needs at the peak: the
        image, what each layer keeps from forward for backward, and the most that one
        layer has alive at once (its input and output, or backward their gradients, and
        its scratch).  `xo-gui bench` prints it beside the measured peak (README)."""
        item = self.dtype.itemsize
        shape: tuple[int, ...] = self.input_shape
        total = peak = int(np.prod(shape)) * item            # the batch itself
        first = self.first_trainable()
        for index in self._order:
            layer = self.layers[index]
            out = layer.output_shape(shape)
            n_in, n_out = int(np.prod(shape)), int(np.prod(out))
            alive = (n_in + n_out) * item
            if isinstance(layer, (Conv2D, Linear)) and index > 0:
                total += n_in * item                          # its input, for backward
            if isinstance(layer, ReLU):
                total += n_out + n_in * item                  # the mask; a buffer of zeros
            if isinstance(layer, (MaxPool, AvgPool)):         # a padded copy of its input
                c, h, w = shape
                s, p = layer.stride, layer.window
                padded = c * max((out[1] - 1) * s + p, h) * max((out[2] - 1) * s + p, w)
                alive += padded * item if padded != n_in else 0
            if isinstance(layer, MaxPool):
                total += n_out * (1 if layer.window ** 2 <= 256 else 2)   # the maxima's places
                alive += 2 * n_out                            # comparisons in forward
            if isinstance(layer, Conv2D) and index > first:   # the input gradient's scratch
                c, h, w = shape
                alive += (layer.features + c) * layer.size * w * item
            peak = max(peak, alive)
            shape = out
        return total + peak

    def first_trainable(self) -> int:
        """Backward can stop at the first layer that has unfrozen parameters."""
        for index, layer in enumerate(self.layers):
            if layer.params and not layer.frozen:
                return index
        return len(self.layers)

    def scores(self, images: np.ndarray) -> np.ndarray:
        """Raw votes for each image: (N, classes); one image by the lean path (single.py)."""
        images = np.asarray(images)
        if images.shape[:1] == (1,) and images.shape[1:] in self._one_shapes:
            x = np.ascontiguousarray(images, self.dtype).reshape(*self.input_shape, 1)
            return one_image_scores(self, x).T
        return self.forward(self.to_batch(images), keep=False).T

    def predict(self, images: np.ndarray) -> np.ndarray:
        """The index of the winning class for each image."""
        return self.scores(images).argmax(axis=1)

    def trace(self, image: np.ndarray) -> list[LayerTrace]:
        """Every layer's output for one (H, W) image - what the pipeline panel draws."""
        x = self.to_batch(np.asarray(image)[None])
        out = []
        for index, (name, layer, x) in enumerate(zip(self.names, self.layers, outputs(self, x))):
            out.append(LayerTrace(index, name, layer.type, x[..., 0].copy()))
        return out

    # --- weights ---------------------------------------------------------------------
    def parameters(self) -> Iterator[tuple[int, str, np.ndarray]]:
        for index, layer in enumerate(self.layers):
            for key, value in layer.params.items():
                yield index, key, value

    def state_dict(self) -> dict[str, np.ndarray]:
        """Copies of every weight, keyed ``layers.<index>.weight|bias`` (the file names)."""
        return {f"layers.{i}.{key}": value.copy() for i, key, value in self.parameters()}

    def load_state_dict(self, state: dict[str, np.ndarray]) -> None:
        """Copy weights in; shapes must match exactly (ConfigError otherwise)."""
        expected = {f"layers.{i}.{k}": v for i, k, v in self.parameters()}
        missing = sorted(set(expected) - set(state))
        extra = sorted(set(state) - set(expected))
        if missing or extra:
            raise ConfigError(f"weights do not match the network (missing {missing}, "
                              f"unexpected {extra})")
        for key, value in expected.items():
            new = np.asarray(state[key])
            if new.shape != value.shape:
                raise ConfigError(f"{key} is shaped {new.shape}, the network needs {value.shape}")
            value[...] = new

    def copy(self) -> "Network":
        """An independent network with the same architecture, weights and frozen layers."""
        twin = copy.copy(self)
        twin.layers = []
        for layer in self.layers:
            fresh = layer_from_config(layer.config())
            fresh.params = {k: v.copy() for k, v in layer.params.items()}
            fresh.frozen = layer.frozen
            twin.layers.append(fresh)
        return twin

    def astype(self, dtype: Any) -> "Network":
        for layer in self.layers:
            layer.astype(np.dtype(dtype))
        return self

    def freeze(self, indices: Sequence[int]) -> None:
        """Freeze exactly these layer indices (their weights stop learning)."""
        chosen = set(indices)
        for index in chosen:
            if not 0 <= index < len(self.layers) or not self.layers[index].params:
                raise ConfigError(f"layer {index} has no weights to freeze")
        for index, layer in enumerate(self.layers):
            layer.frozen = index in chosen
            if layer.frozen:
                layer.grads = {}

    @property
    def frozen(self) -> list[int]:
        return [i for i, layer in enumerate(self.layers) if layer.frozen]

    def config(self) -> dict[str, Any]:
        return {
            "input_size": list(self.input_shape[1:]),
            "input_channels": self.input_shape[0],
            "classes": list(self.classes),
            "layers": [layer.config() for layer in self.layers],
            "frozen": self.frozen,
        }

    @classmethod
    def from_config(cls, cfg: dict[str, Any]) -> "Network":
        """The network a config describes; ConfigError for anything loose or impossible.
        Every field's type is checked, the layer count before any layer is built, and the
        weights are counted as the layers come (linear in the number of layers)."""
        if not isinstance(cfg, dict):
            raise ConfigError("the network description is not a JSON object")
        size, layers_cfg = cfg.get("input_size"), cfg.get("layers")
        channels = cfg.get("input_channels", 1)
        classes = cfg.get("classes", list(DEFAULT_CLASSES))
        frozen = cfg.get("frozen", [])
        if not (isinstance(size, list) and len(size) == 2
                and all(_is_whole(v) and 1 <= v <= MAX_INPUT_SIZE for v in size)):
            raise ConfigError(f"input_size must be [rows, cols], whole numbers from 1 to "
                              f"{MAX_INPUT_SIZE}, not {size!r}")
        if not (_is_whole(channels) and 1 <= channels <= MAX_FEATURES):
            raise ConfigError(f"input_channels must be a whole number from 1 to {MAX_FEATURES}, "
                              f"not {_short(channels)}")
        if check_classes(classes) or not isinstance(classes, list):
            raise ConfigError(f"{check_classes(classes) or 'the classes must be a list'} "
                              f"(got {_short(classes)})")
        if not isinstance(layers_cfg, list):
            raise ConfigError("the network description has no list of layers")
        if not 1 <= len(layers_cfg) <= MAX_LAYERS:
            raise ConfigError(f"the network has {len(layers_cfg):,} layers "
                              f"(from 1 to {MAX_LAYERS} are allowed)")
        if not (isinstance(frozen, list) and len(frozen) <= MAX_LAYERS
                and all(_is_whole(i) for i in frozen)):
            raise ConfigError(f"frozen must be a list of layer indices, not {_short(frozen)}")
        layers, total = [], 0
        for index, item in enumerate(layers_cfg):
            kind = item.get("type") if isinstance(item, dict) else None
            if not isinstance(kind, str) or kind not in LAYER_TYPES:
                raise ConfigError(f"layer {index} is an unknown layer {_short(item)}; the "
                                  f"types are {', '.join(LAYER_TYPES)}")
            layers.append(layer_from_config(item))
            total += sum(v.size for v in layers[-1].params.values())
            if total > MAX_NETWORK_PARAMETERS:
                raise ConfigError(f"the network has more than {MAX_NETWORK_PARAMETERS:,} weights")
        net = cls(layers, (channels, size[0], size[1]), classes)
        if frozen:
            net.freeze(frozen)
        return net


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _short(value: Any, limit: int = 60) -> str:
    """A value for a message: its repr, cut short (a hostile file's fields can be huge)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def parse_sizes(text: str, name: str) -> list[int]:
    """'8,16' -> [8, 16], '' -> []; a ConfigError for anything that is not whole numbers."""
    if not text.strip():
        return []
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise ConfigError("{name} must be whole numbers separated by commas, got {text!r}",
                          name=Phrase(name), text=text) from None


def build_network(input_size: int | tuple[int, int] = 9, features: Sequence[int] = (8,),
                  feature_sizes: Sequence[int] = (3,), pool_size: int = 2,
                  pool_stride: int | None = None, hidden: Sequence[int] = (),
                  pool: str = "max", classes: Sequence[str] = DEFAULT_CLASSES,
                  seed: int = 0, blocks: int | None = None) -> Network:
    """Blocks of convolution -> ReLU -> pooling, then flatten and the votes (``blocks=0``:
    no convolution, the votes and hidden layers see the raw pixels).

    ``features`` and ``feature_sizes`` give one value per block, or a single value for
    every block; ``blocks`` says how many (default: as many as the longer list).  Weights
    are random but seeded: features start in [-1, 1] like the tutorial's, votes like
    PyTorch's default (uniform in ±1/sqrt(inputs)).
    """
    rows, cols = (input_size, input_size) if isinstance(input_size, int) else input_size
    features, feature_sizes, hidden = list(features), list(feature_sizes), list(hidden)
    given = f"features {_short(features)}, feature sizes {_short(feature_sizes)}"
    if blocks is None:
        blocks = max(len(features), len(feature_sizes))
    if blocks == 0:                     # no convolution at all: a fully connected network
        features, feature_sizes = [1], [1]
    elif blocks < 1 or not features or not feature_sizes:
        raise ConfigError("at least one block is needed ({given})", given=given)
    if 3 * blocks + 2 * len(hidden) + 2 > MAX_LAYERS:
        raise ConfigError(f"{blocks} blocks and {len(hidden)} hidden layers make more than "
                          f"{MAX_LAYERS} layers")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ConfigError(f"the seed must be a whole number of at least 0 (got {seed!r})")
    if len(features) == 1:
        features *= blocks
    if len(feature_sizes) == 1:
        feature_sizes *= blocks
    if blocks and (len(features) != blocks or len(feature_sizes) != blocks):
        raise ConfigError("{blocks} blocks need one feature count and one feature size per "
                          "block, or a single value for all ({given})", blocks=blocks,
                          given=given)
    _check_widths(features, hidden, pool)
    pool_cls = MaxPool if pool == "max" else AvgPool
    layers: list[Layer] = []
    channels = 1
    for count, size in zip(features[:blocks], feature_sizes[:blocks]):
        layers += [Conv2D(count, channels, size), ReLU(), pool_cls(pool_size, pool_stride)]
        channels = count
    # Shapes are checked layer by layer so the message names the first impossible one.
    shape: tuple[int, ...] = (1, rows, cols)
    for block, layer in enumerate(layers):
        try:
            shape = layer.output_shape(shape)
        except ConfigError as exc:
            raise ConfigError("block {n}: {problem}", n=block // 3 + 1, problem=exc) from None
    flat = int(np.prod(shape))
    layers.append(Flatten())
    for width in hidden:
        layers += [Linear(flat, width), ReLU()]
        flat = width
    layers.append(Linear(flat, len(classes)))
    net = Network(layers, (1, rows, cols), classes)
    initialize(net, seed)
    return net


def _check_widths(features: Sequence[int], hidden: Sequence[int], pool: str) -> None:
    for value in features:
        if value < 1:
            raise ConfigError("each block needs at least one feature (got {n})", n=value)
    for value in hidden:
        if value < 1:
            raise ConfigError("hidden layers need at least one neuron (got {n})", n=value)
    if pool not in ("max", "avg"):
        raise ConfigError(f"pooling must be 'max' or 'avg', not {pool!r}")


def initialize(net: Network, seed: int = 0) -> None:
    """Seeded random weights: features uniform in [-1, 1], votes in ±1/sqrt(inputs)."""
    rng = np.random.default_rng(seed)
    for layer in net.layers:
        if isinstance(layer, Conv2D):
            layer.params["weight"][...] = rng.uniform(-1, 1, layer.params["weight"].shape)
            if layer.has_bias:
                layer.params["bias"][...] = 0
        elif isinstance(layer, Linear):
            bound = 1 / np.sqrt(layer.inputs)
            for key, value in layer.params.items():
                value[...] = rng.uniform(-bound, bound, value.shape)
