"""One side of ``xo-gui bench``: a process with a fixed thread count that runs steps on
request and says how long they took.

The parent (bench.py) starts one worker per thread count with the OpenMP and MKL thread
variables already set (NumPy's OpenBLAS at one thread: the engine's second thread is a
helper process of its own, split.py),
and the thread pools of one count never run during another's slice.  Requests and answers are
JSON lines on stdin and stdout: ``setup`` builds a step, ``run`` times it for a slice,
``info`` describes the BLAS, ``memory`` measures one epoch's peak memory, ``generate``
times the letter generator.
"""
from __future__ import annotations

import json
import os
import sys
import time
from typing import Any, Callable

import numpy as np

from .blas_kernels import openblas_core
from .losses import cross_entropy
from .memory import keep_freed_memory
from .network import Network, build_network
from .optim import SGD
from .split import batch_gradients, helpers_cpu_seconds
from .threads import set_threads
from .train import TrainConfig, Trainer

NETWORKS = {
    "default_9x9": dict(input_size=9),
    "28x28_two_blocks": dict(input_size=28, features=(8, 16), feature_sizes=(5,),
                             pool_size=2, pool_stride=2),
}


def _images(net: Network, count: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    size = net.image_size
    images = rng.choice(np.float32([-1, 1]), (count, *size))
    return images, rng.integers(0, len(net.classes), count)


def engine_step(net: Network, batch: int) -> Callable[[], None]:
    """A bare training step: forward, mean cross-entropy, backward (shared with a helper
    process on two threads, as the Trainer does: split.py), plain SGD."""
    images, y = _images(net, batch)
    x = net.to_batch(images)
    optimizer = SGD(0.01)

    def step() -> None:
        batch_gradients(net, cross_entropy, x, y)
        optimizer.step(net)
    return step


def trainer_step(net: Network, batch: int) -> Callable[[], None]:
    """The same step through the Trainer (shuffling, bookkeeping, divergence checks)."""
    data = _images(net, batch * 16)
    trainer = Trainer(net, data, None, TrainConfig(epochs=10 ** 9, batch_size=batch,
                                                   optimizer="sgd", lr=0.01))
    return lambda: trainer.step()


def engine_forward(net: Network) -> Callable[[], None]:
    image = _images(net, 1)[0]
    return lambda: net.scores(image)


def torch_model(net: Network):
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


def _torch_input(net: Network, batch: int, channels_last: bool):
    import torch

    images, y = _images(net, batch)
    x = torch.from_numpy(images[:, None].copy())
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    return x, torch.from_numpy(y)


def torch_step(net: Network, batch: int, channels_last: bool) -> Callable[[], None]:
    import torch

    model = torch_model(net)
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
    x, y = _torch_input(net, batch, channels_last)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step() -> None:
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    return step


def torch_forward(net: Network) -> Callable[[], None]:
    import torch

    model = torch_model(net)
    x, _ = _torch_input(net, 1, False)

    def forward() -> None:
        with torch.no_grad():
            model(x)
    return forward


def make_step(kind: str, network: str, batch: int | None, threads: int = 1
              ) -> Callable[[], None]:
    """kind: engine | trainer | torch | torch_channels_last; batch None = one-image forward."""
    net = build_network(**NETWORKS[network], seed=0)
    if kind == "engine":
        return engine_step(net, batch) if batch else engine_forward(net)
    if kind == "trainer":
        return trainer_step(net, batch)
    if kind in ("torch", "torch_channels_last"):
        import torch
        torch.set_num_threads(threads)      # imported only here: it is slow to load
        if not batch:
            return torch_forward(net)
        return torch_step(net, batch, kind == "torch_channels_last")
    raise ValueError(f"unknown kind {kind!r}")


def blas_info() -> dict[str, Any]:
    """Which BLAS runs, with which kernel and threads: threadpoolctl when it is installed
    (it asks the loaded library), else numpy's build configuration and the kernel set
    OpenBLAS names (blas_kernels.py)."""
    info: dict[str, Any] = {name: os.environ.get(name)
                            for name in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS")}
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        config = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
        info.update(source="numpy.show_config", name=config.get("name"),
                    version=config.get("version"), kernel=openblas_core() or None,
                    configuration=config.get("openblas configuration"))
        return info
    for pool in threadpool_info():
        if pool.get("user_api") == "blas":
            info.update(source="threadpoolctl", name=pool.get("internal_api"),
                        version=pool.get("version"), kernel=pool.get("architecture"),
                        threads=pool.get("num_threads"))
            break
    return info


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def training_memory(network: str, batch: int) -> dict[str, Any]:
    """Peak memory of one epoch of Trainer steps (one batch of ``batch`` images) above
    the memory in use just before it, per image; beside the network's own estimate."""
    keep_freed_memory()        # as training runs it; tuned inside the window it would skew it
    net = build_network(**NETWORKS[network], seed=0)
    data = _images(net, batch)
    before = _status_kb("VmRSS")
    try:                              # reset the high-water mark to what is in use now
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return {"measured_bytes_per_image": None, "note": "needs Linux's /proc/self/clear_refs"}
    # The Trainer is made inside the measurement: the buffers it prepares for its batches
    # are training memory too.
    trainer = Trainer(net, data, None, TrainConfig(epochs=1, batch_size=batch,
                                                   optimizer="sgd", lr=0.01))
    trainer.step()
    peak = _status_kb("VmHWM")
    if before is None or peak is None:
        return {"measured_bytes_per_image": None, "note": "needs Linux's /proc/self/status"}
    measured = (peak - before) * 1024 / batch
    estimate = trainer.bytes_per_image        # the network's estimate, for the chunks it runs
    return {"network": network, "batch": batch,
            "measured_bytes_per_image": round(measured),
            "estimate_bytes_per_image": estimate,
            "estimate_vs_measured": round(estimate / measured, 2) if measured > 0 else None}


def generator_time(count: int, size: int) -> dict[str, Any]:
    """Seconds (wall and CPU) to generate ``count`` letters at ``size`` x ``size`` with
    medium variation: the data generator the window and ``xo-gui dataset`` use."""
    from .data import generate

    start, cpu = time.perf_counter(), time.process_time()
    generate(count, size, "medium", seed=0)
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def serve(threads: int) -> None:
    """Answer requests until stdin closes."""
    keep_freed_memory()
    set_threads(threads)
    steps: dict[str, Callable[[], None]] = {}
    out = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        if op == "setup":
            step = steps[request["id"]] = make_step(request["kind"], request["network"],
                                                    request.get("batch"), threads)
            for _ in range(3):
                step()
            answer: dict[str, Any] = {"ok": True}
        elif op == "run":
            step, seconds = steps[request["id"]], request["seconds"]
            calls, start = 0, time.perf_counter()
            cpu = time.process_time() + helpers_cpu_seconds()
            while True:
                step()
                calls += 1
                elapsed = time.perf_counter() - start
                if elapsed >= seconds:
                    break
            answer = {"calls": calls, "seconds": elapsed,
                      "cpu": time.process_time() + helpers_cpu_seconds() - cpu}
        elif op == "drop":
            steps.pop(request["id"], None)
            answer = {"ok": True}
        elif op == "info":
            answer = {"blas": blas_info(), "threads": threads}
        elif op == "memory":
            answer = training_memory(request["network"], request["batch"])
        elif op == "generate":
            answer = generator_time(request["count"], request["size"])
        else:
            answer = {"error": f"unknown request {op!r}"}
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
