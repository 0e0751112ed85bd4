"""``xo-gui inspect``: one image through a network, every layer as the tutorial's tables."""
from __future__ import annotations

import argparse
import json

import numpy as np

from ..engine import data
from ..engine.classic import classic_network
from ..engine.drawing_files import read_drawing
from ..engine.errors import ConfigError
from ..engine.losses import softmax
from ..engine.model_files import load_model


def _format_table(values: np.ndarray) -> str:
    return "\n".join("  ".join(f"{v:5.2f}" for v in row) for row in values)


def cmd_inspect(args: argparse.Namespace) -> int:
    net = load_model(args.model) if args.model is not None else None
    if args.image is not None:
        if args.size is not None:
            raise ConfigError("--size applies to --preset; a drawing file has its own size")
        image = read_drawing(args.image)
    else:
        size = args.size if args.size is not None else (net.image_size[0] if net else 9)
        image = data.preset(args.preset, size)
    if net is None:
        if image.shape[0] != image.shape[1]:
            raise ConfigError(f"the classic network needs a square drawing, not "
                              f"{image.shape[0]}x{image.shape[1]}")
        net = classic_network(image.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        trace = net.trace(image)
        scores = trace[-1].output.astype(np.float64)
        probs = softmax(scores)
    if not (np.isfinite(probs).all() and all(np.isfinite(t.output).all() for t in trace)):
        raise ConfigError("the network's votes for this image are not finite numbers (its "
                          "weights are too large)")
    prediction = net.classes[int(scores.argmax())]
    if args.json:
        print(json.dumps({
            "input": image.tolist(),
            "layers": [{"name": t.name, "type": t.type, "output": t.output.tolist()}
                       for t in trace],
            "scores": {c: float(s) for c, s in zip(net.classes, scores)},
            "probabilities": {c: float(p) for c, p in zip(net.classes, probs)},
            "prediction": prediction,
        }, allow_nan=False))
        return 0
    out = [f"input ({image.shape[0]}x{image.shape[1]})", _format_table(image)]
    for t in trace:
        if t.output.ndim == 3:
            out.append(f"\n{t.name} ({t.type}): {t.output.shape[0]} maps of "
                       f"{t.output.shape[1]}x{t.output.shape[2]}")
            for channel, values in enumerate(t.output):
                out += [f"-- {t.name} map {channel + 1}", _format_table(values)]
        else:
            out += [f"\n{t.name} ({t.type}): {t.output.shape[0]} values",
                    _format_table(t.output[None])]
    out.append("\nvotes")
    for c, s, p in zip(net.classes, scores, probs):
        out.append(f"  {c}: {s:6.2f}  (probability {p:.2f})")
    out.append(f"prediction: {prediction}")
    print("\n".join(out))
    return 0
