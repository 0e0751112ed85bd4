"""``xo-gui bench``: training throughput and single-image latency of the engine, side by
side with the same network in PyTorch CPU when torch happens to be installed.

Both sides run the same loop on the same fixed batch (forward, mean cross-entropy,
backward, plain SGD step), alternately in one process, so their ratio is fair on the
machine at hand.  torch is never a dependency: without it the comparison is skipped.
"""
from __future__ import annotations

import platform
import statistics
import time
from typing import Any, Callable

import numpy as np

from .losses import cross_entropy
from .memory import keep_freed_memory
from .network import Network, build_network
from .optim import SGD

NETWORKS = {
    "default_9x9": dict(input_size=9),
    "28x28_two_blocks": dict(input_size=28, features=(8, 16), feature_sizes=(5,)),
}
BATCHES = (32, 128)


def _rate(step: Callable[[], None], seconds: float, repeats: int = 5) -> float:
    """Median calls per second over ``repeats`` timed runs of about ``seconds`` each."""
    step()
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < seconds / 5:     # warm up, and size the runs
        step()
        calls += 1
    per_run = max(1, int(calls * 5 / repeats))
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(per_run):
            step()
        rates.append(per_run / (time.perf_counter() - start))
    return statistics.median(rates)


def _engine_step(net: Network, batch: int, rng: np.random.Generator) -> Callable[[], None]:
    size = net.image_size[0]
    x = net.to_batch(rng.choice(np.float32([-1, 1]), (batch, size, size)))
    y = rng.integers(0, len(net.classes), batch)
    optimizer = SGD(0.01)

    def step() -> None:
        _, grad = cross_entropy(net.forward(x), y)
        net.backward(grad)
        optimizer.step(net)
    return step


def _engine_forward(net: Network, rng: np.random.Generator) -> Callable[[], None]:
    size = net.image_size[0]
    image = rng.choice(np.float32([-1, 1]), (1, size, size))
    return lambda: net.scores(image)


def _torch_model(net: Network):
    """The same architecture in PyTorch (normalized convolution = weight / fan-in)."""
    import torch

    modules = []
    for layer in net.layers:
        cfg = layer.config()
        kind = cfg["type"]
        if kind == "conv":
            conv = torch.nn.Conv2d(cfg["channels"], cfg["features"], cfg["size"])
            with torch.no_grad():
                conv.weight.copy_(torch.from_numpy(layer.params["weight"] * layer.scale))
            modules.append(conv)
        elif kind == "relu":
            modules.append(torch.nn.ReLU())
        elif kind in ("maxpool", "avgpool"):
            cls = torch.nn.MaxPool2d if kind == "maxpool" else torch.nn.AvgPool2d
            modules.append(cls(cfg["window"], cfg["stride"], ceil_mode=True))
        elif kind == "flatten":
            modules.append(torch.nn.Flatten())
        elif kind == "linear":
            modules.append(torch.nn.Linear(cfg["inputs"], cfg["outputs"]))
    return torch.nn.Sequential(*modules)


def _torch_step(net: Network, batch: int, seed: int) -> Callable[[], None]:
    import torch

    torch.manual_seed(seed)
    model = _torch_model(net)
    size = net.image_size[0]
    x = torch.randint(0, 2, (batch, 1, size, size)).float() * 2 - 1
    y = torch.randint(0, len(net.classes), (batch,))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step() -> None:
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    return step


def _torch_forward(net: Network) -> Callable[[], None]:
    import torch

    model = _torch_model(net)
    size = net.image_size[0]
    x = torch.ones((1, 1, size, size))

    def forward() -> None:
        with torch.no_grad():
            model(x)
    return forward


def _torch_version() -> str | None:
    try:
        import torch
    except ImportError:
        return None
    return torch.__version__


def run_benchmarks(quick: bool = False) -> dict[str, Any]:
    """Measure every network of NETWORKS; a dict ready for JSON."""
    seconds = 0.4 if quick else 1.5
    keep_freed_memory()
    torch_version = _torch_version()
    if torch_version:
        import torch
        torch_threads = torch.get_num_threads()
    report: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "numpy": np.__version__,
                    "processor": platform.machine()},
        "torch": torch_version,
        "note": None if torch_version else
        "PyTorch is not installed: the comparison is skipped (pip install torch to add it)",
        "networks": {},
    }
    if torch_version:
        report["machine"]["torch_threads"] = torch_threads
    rng = np.random.default_rng(0)
    for name, settings in NETWORKS.items():
        net = build_network(**settings, seed=0)
        entry: dict[str, Any] = {"layers": [layer.config() for layer in net.layers],
                                 "training": {}}
        for batch in BATCHES:
            ours = _rate(_engine_step(net.copy(), batch, rng), seconds) * batch
            row: dict[str, Any] = {"engine_samples_per_second": round(ours, 1)}
            if torch_version:
                theirs = _rate(_torch_step(net, batch, 0), seconds) * batch
                row["torch_samples_per_second"] = round(theirs, 1)
                row["engine_vs_torch"] = round(ours / theirs, 2)
            entry["training"][f"batch_{batch}"] = row
        ours_us = 1e6 / _rate(_engine_forward(net, rng), seconds / 2)
        entry["forward_latency_us"] = {"engine": round(ours_us, 1)}
        if torch_version:
            theirs_us = 1e6 / _rate(_torch_forward(net), seconds / 2)
            entry["forward_latency_us"]["torch"] = round(theirs_us, 1)
            entry["forward_latency_us"]["torch_vs_engine"] = round(theirs_us / ours_us, 2)
        report["networks"][name] = entry
    return report


def format_report(report: dict[str, Any]) -> str:
    """A short human-readable table of a ``run_benchmarks`` report."""
    lines = [f"numpy {report['machine']['numpy']}, torch {report['torch'] or 'not installed'}"]
    if report["note"]:
        lines.append(report["note"])
    for name, entry in report["networks"].items():
        lines.append(f"\n{name}")
        for batch, row in entry["training"].items():
            text = f"  train {batch}: {row['engine_samples_per_second']:>12,.0f} samples/s"
            if "torch_samples_per_second" in row:
                text += (f"   torch {row['torch_samples_per_second']:>12,.0f}"
                         f"   ratio {row['engine_vs_torch']:.2f}x")
            lines.append(text)
        lat = entry["forward_latency_us"]
        text = f"  forward, one image: {lat['engine']:.1f} us"
        if "torch" in lat:
            text += f"   torch {lat['torch']:.1f} us"
        lines.append(text)
    gui = report.get("gui")
    if gui:
        lines.append("\nwindow")
        for key, value in gui.items():
            lines.append(f"  {key}: {value}")
    return "\n".join(lines)
