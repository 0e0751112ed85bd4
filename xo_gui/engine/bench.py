"""``xo-gui bench``: the engine's training step and single-image latency, side by side
with the same network in PyTorch CPU when torch happens to be installed.

Fairness: every configuration - the engine at 1 and 2 threads, PyTorch at 1 and 2 threads
with contiguous and channels_last tensors - runs the same step (forward, mean
cross-entropy, backward, plain SGD) on the same batch, in short slices taken in turn
(A B C ... A B C ...), so a burst of load elsewhere hits all of them alike; each gets the
median and range of its slices, and the engine is compared with the *fastest* torch
configuration of the run.  Each thread count runs in its own worker process
(bench_worker.py) started with the thread variables set, the one way that holds for torch's
OpenMP and MKL alike; NumPy's OpenBLAS runs at one thread in each, as in the window (the
engine's second thread is a helper process of the worker's: split.py).  Other processes' share of the CPUs during the run
(``/proc/stat`` against our own processes' ``/proc/PID/stat``) is reported, with a
warning when the machine was busy.  torch is never a dependency: without it its side is
skipped.  The JSON layout is described in the README ("Benchmark").
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
from typing import Any

import numpy as np

from .bench_worker import NETWORKS
from .network import build_network

BATCHES = (32, 128)
THREADS = (1, 2)
TORCH_FORMATS = {"torch": "contiguous", "torch_channels_last": "channels_last"}
GENERATOR = (65_536, 32)  # letters generated (count, size): the 32x32 images
GENERATOR_GOAL = 200_000  # ... reported as the seconds this many would take
BUSY_SHARE = 0.10        # other processes using more than this share of the CPUs: a warning
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
# NumPy's own BLAS runs at one thread in every worker, as xo-gui starts it
# (xo_gui/__init__.py): the engine's second core is a helper process (split.py), and
# OpenBLAS's threads beside it oversubscribe the cores (when the engine shared blocks on
# threads, a 28x28 step at batch 128 took 84 ms with OPENBLAS_NUM_THREADS=2, 8 with 1).
# PyTorch does not use it; its count is set by torch.set_num_threads in the worker.
ONE_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


class Worker:
    """A bench_worker process with ``threads`` threads for everything it runs."""

    def __init__(self, threads: int) -> None:
        env = dict(os.environ, **{name: str(threads) for name in THREAD_VARIABLES},
                   **{name: "1" for name in ONE_THREAD_VARIABLES})
        self.threads = threads
        self.process = subprocess.Popen(
            [sys.executable, "-m", "xo_gui.engine.bench_worker", str(threads)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def ask(self, **request: Any) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.threads}-thread benchmark worker stopped")
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


class CpuMeter:
    """Other processes' share of all CPUs between ``start`` and ``stop``, from /proc."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.start_total = self.start_ours = None

    @staticmethod
    def _machine() -> tuple[int, int, int] | None:
        try:
            with open("/proc/stat") as stat:
                fields = [int(v) for v in stat.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
        busy = user + nice + system + irq + softirq
        return busy, busy + idle + iowait + steal, steal

    @staticmethod
    def _children(pid: int) -> list[int]:
        """A worker's helper processes (split.py), from Linux's /proc."""
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as children:
                return [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            return []

    def _ours(self) -> int | None:
        """Our workers' CPU ticks, their helpers' included (a helper that ended since the
        start is not counted)."""
        total = 0
        for pid in self.pids:
            for one in [pid, *self._children(pid)]:
                try:
                    with open(f"/proc/{one}/stat") as stat:
                        fields = stat.read().rsplit(")", 1)[1].split()
                except (OSError, IndexError):
                    if one == pid:
                        return None
                    continue
                total += int(fields[11]) + int(fields[12])    # utime + stime
        return total

    def start(self) -> None:
        self.start_total, self.start_ours = self._machine(), self._ours()

    def stop(self) -> dict[str, Any] | None:
        end, ours = self._machine(), self._ours()
        if None in (end, ours, self.start_total, self.start_ours):
            return None
        busy = end[0] - self.start_total[0]
        total = end[1] - self.start_total[1]
        steal = end[2] - self.start_total[2]
        if total <= 0:
            return None
        others = max(0, busy - (ours - self.start_ours)) / total
        return {"others_cpu_share": round(others, 3), "ours_cpu_share":
                round((ours - self.start_ours) / total, 3), "steal_share": round(steal / total, 3)}


def _torch_version() -> str | None:
    try:
        import torch
    except ImportError:
        return None
    return torch.__version__


def _configs(torch_version: str | None, batch: int | None) -> list[tuple[str, str, int]]:
    """(name, kind, threads) of every configuration measured for one case."""
    kinds = ["engine"] + (list(TORCH_FORMATS) if torch_version and batch else
                          ["torch"] if torch_version else [])
    configs = [(f"{kind}_{threads}t", kind, threads) for threads in THREADS for kind in kinds]
    if batch:        # right after the bare step it is compared with: the same load
        configs.insert(1, ("trainer_1t", "trainer", 1))
    return configs


def _measure(workers: dict[int, Worker], network: str, batch: int | None,
             configs: list[tuple[str, str, int]], rounds: int, seconds: float,
             paired: tuple[str, str] | None = None) -> dict[str, dict[str, float]]:
    """Median and range, in milliseconds per call, of interleaved slices; with ``paired``
    (a, b), also ``paired_ratio``: the median over rounds of a's time over b's in the same
    round (wall and CPU), which a burst of load in one round moves less."""
    for name, kind, threads in configs:
        workers[threads].ask(op="setup", id=name, kind=kind, network=network, batch=batch)
    times: dict[str, list[float]] = {name: [] for name, _, _ in configs}
    cpu: dict[str, list[float]] = {name: [] for name, _, _ in configs}
    for _ in range(rounds):
        for name, _, threads in configs:
            answer = workers[threads].ask(op="run", id=name, seconds=seconds)
            times[name].append(1e3 * answer["seconds"] / answer["calls"])
            cpu[name].append(1e3 * answer["cpu"] / answer["calls"])
    for name, _, threads in configs:
        workers[threads].ask(op="drop", id=name)
    result = {name: {"ms_median": round(statistics.median(v), 4), "ms_min": round(min(v), 4),
                     "ms_max": round(max(v), 4),
                     "cpu_ms_median": round(statistics.median(cpu[name]), 4)}
              for name, v in times.items()}
    if paired:
        a, b = paired
        result[a]["paired_ratio"] = round(statistics.median(
            x / y for x, y in zip(times[a], times[b])), 3)
        result[a]["paired_cpu_ratio"] = round(statistics.median(
            x / y for x, y in zip(cpu[a], cpu[b])), 3)
    return result


def _compare(row: dict[str, Any], configs: dict[str, dict[str, float]]) -> None:
    """The engine against the fastest torch configuration of the same case."""
    torch_names = [n for n in configs if n.startswith("torch")]
    engine_names = [n for n in configs if n.startswith("engine")]
    best_engine = min(engine_names, key=lambda n: configs[n]["ms_median"])
    row["best_engine"] = best_engine
    if torch_names:
        fastest = min(torch_names, key=lambda n: configs[n]["ms_median"])
        row["fastest_torch"] = fastest
        row["engine_vs_fastest_torch"] = {
            n: round(configs[fastest]["ms_median"] / configs[n]["ms_median"], 2)
            for n in engine_names}


def run_benchmarks(quick: bool = False, rounds: int | None = None,
                   use_torch: bool = True) -> dict[str, Any]:
    """Measure every network of NETWORKS; a dict ready for JSON (see the README)."""
    rounds = rounds or (3 if quick else 9)
    seconds = 0.05 if quick else 0.25
    torch_version = _torch_version() if use_torch else None
    report = _report_header(torch_version, rounds, seconds)
    workers = {threads: Worker(threads) for threads in THREADS}
    try:
        report["machine"]["blas"] = {f"{t}t": workers[t].ask(op="info")["blas"]
                                     for t in THREADS}
        meter = CpuMeter([os.getpid()] + [w.process.pid for w in workers.values()])
        meter.start()
        for name in NETWORKS:
            report["networks"][name] = _network_entry(workers, name, torch_version, rounds,
                                                      seconds)
        report["generator"] = _generator(workers[1], 1 if quick else 3,
                                         GENERATOR[0] // (4 if quick else 1))
        report["load"] = _load(meter.stop())
    finally:
        for worker in workers.values():
            worker.close()
    report["memory"] = _training_memory()
    return report


def cpu_model(cpuinfo: str = "/proc/cpuinfo") -> str | None:
    """The processor's model name (Linux), which decides the BLAS kernels and so the
    engine's blocks; else what the platform says, or None."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as info:
            for line in info:
                key, _, value = line.partition(":")
                if key.strip() == "model name" and value.strip():
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or None


def _report_header(torch_version: str | None, rounds: int, seconds: float) -> dict[str, Any]:
    """The report before any measurement: when, on what, with which settings."""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "numpy": np.__version__,
                    "processor": platform.machine(), "cpu": cpu_model(),
                    "cores": os.cpu_count()},
        "torch": torch_version,
        "note": None if torch_version else
        "PyTorch is not installed: the comparison is skipped (pip install torch to add it)",
        "settings": {"rounds": rounds, "slice_seconds": seconds, "threads": list(THREADS)},
        "networks": {},
    }


def _network_entry(workers: dict[int, Worker], name: str, torch_version: str | None,
                   rounds: int, seconds: float) -> dict[str, Any]:
    """One network's layers, training step at every batch size and one-image latency."""
    net = build_network(**NETWORKS[name], seed=0)
    entry: dict[str, Any] = {"layers": [layer.config() for layer in net.layers],
                             "training": {}}
    for batch in BATCHES:
        entry["training"][f"batch_{batch}"] = _training_row(workers, name, batch,
                                                            torch_version, rounds, seconds)
    entry["forward_latency_us"] = _latency(workers, name, torch_version, rounds, seconds / 2)
    return entry


def _training_row(workers: dict[int, Worker], name: str, batch: int,
                  torch_version: str | None, rounds: int, seconds: float) -> dict[str, Any]:
    """Every configuration's training step at ``batch``, compared, with the trainer's
    overhead over a bare engine step."""
    configs = _measure(workers, name, batch, _configs(torch_version, batch), rounds, seconds,
                       paired=("trainer_1t", "engine_1t"))
    for config in configs.values():
        config["samples_per_second"] = round(batch * 1e3 / config["ms_median"], 1)
    row: dict[str, Any] = {"configs": configs}
    _compare(row, configs)
    row["engine_samples_per_second"] = configs[row["best_engine"]]["samples_per_second"]
    trainer = configs["trainer_1t"]
    row["trainer_overhead"] = round(trainer.pop("paired_ratio") - 1, 3)
    row["trainer_overhead_cpu"] = round(trainer.pop("paired_cpu_ratio") - 1, 3)
    return row


def _latency(workers: dict[int, Worker], name: str, torch_version: str | None,
             rounds: int, seconds: float) -> dict[str, Any]:
    """Every configuration's forward pass of one image, in microseconds, compared."""
    configs = _measure(workers, name, None, _configs(torch_version, None), rounds, seconds)
    latency: dict[str, Any] = {"configs": {
        n: {"us_median": round(v["ms_median"] * 1e3, 1),
            "us_min": round(v["ms_min"] * 1e3, 1),
            "us_max": round(v["ms_max"] * 1e3, 1),
            "cpu_us_median": round(v["cpu_ms_median"] * 1e3, 1)}
        for n, v in configs.items()}}
    _compare(latency, configs)
    latency["engine"] = latency["configs"][latency["best_engine"]]["us_median"]
    if "fastest_torch" in latency:
        latency["torch"] = latency["configs"][latency["fastest_torch"]]["us_median"]
    return latency


def _generator(worker: Worker, rounds: int, count: int) -> dict[str, Any]:
    """The letter generator's speed (medium variation, one thread): median of ``rounds``."""
    size = GENERATOR[1]
    runs = [worker.ask(op="generate", count=count, size=size) for _ in range(rounds)]
    seconds = statistics.median(run["seconds"] for run in runs)
    return {"images": count, "size": size, "rounds": rounds,
            "seconds_median": round(seconds, 3),
            "cpu_seconds_median": round(statistics.median(run["cpu"] for run in runs), 3),
            "images_per_second": round(count / seconds),
            f"seconds_for_{GENERATOR_GOAL}": round(GENERATOR_GOAL * seconds / count, 2)}


def _training_memory() -> dict[str, Any]:
    """Training memory per image, measured in a fresh one-thread worker."""
    memory_worker = Worker(1)
    try:
        return memory_worker.ask(op="memory", network="28x28_two_blocks", batch=1024)
    finally:
        memory_worker.close()


def _load(share: dict[str, Any] | None) -> dict[str, Any]:
    if share is None:
        return {"others_cpu_share": None, "busy": None,
                "warning": "the machine's load could not be read (no /proc)"}
    busy = share["others_cpu_share"] > BUSY_SHARE or share["steal_share"] > BUSY_SHARE
    share["busy"] = busy
    share["warning"] = (
        f"the machine was busy: other processes used {share['others_cpu_share']:.0%} of the "
        f"CPUs (and the host took {share['steal_share']:.0%}) during the run, so times are "
        f"noisy; the ratios, measured side by side, hold better") if busy else None
    return share


def format_report(report: dict[str, Any]) -> str:
    """A short human-readable table of a ``run_benchmarks`` report."""
    machine = report["machine"]
    blas = machine.get("blas", {}).get("1t", {})
    lines = [f"{report['date']}  {machine.get('cpu') or 'CPU'}, {machine['cores']} cores, "
             f"python {machine['python']}, "
             f"numpy {machine['numpy']}, torch {report['torch'] or 'not installed'}",
             f"BLAS: {blas.get('name')} {blas.get('version')}"
             + (f", kernel {blas['kernel']}" if blas.get("kernel") else "")
             + f", OPENBLAS_CORETYPE={blas.get('OPENBLAS_CORETYPE') or 'unset'}"
             + f" (from {blas.get('source')})"]
    if report["note"]:
        lines.append(report["note"])
    for name, entry in report["networks"].items():
        lines.append(f"\n{name}")
        for batch, row in entry["training"].items():
            lines.append(f"  train {batch} (ms per step: median [min-max], samples/s, "
                         f"CPU ms per step)")
            for config, t in row["configs"].items():
                lines.append(f"    {config:<26} {t['ms_median']:8.3f} [{t['ms_min']:.3f}-"
                             f"{t['ms_max']:.3f}]  {t['samples_per_second']:>10,.0f}"
                             f"  {t.get('cpu_ms_median', float('nan')):8.3f}")
            if "fastest_torch" in row:
                ratios = ", ".join(f"{n} {r:.2f}x" for n, r in
                                   row["engine_vs_fastest_torch"].items())
                lines.append(f"    vs fastest torch ({row['fastest_torch']}): {ratios}")
            lines.append(f"    trainer overhead over a bare step: {row['trainer_overhead']:+.0%}"
                         + (f" (CPU time {row['trainer_overhead_cpu']:+.0%})"
                            if "trainer_overhead_cpu" in row else ""))
        lat = entry["forward_latency_us"]
        parts = ", ".join(f"{n} {v['us_median']:.1f}" for n, v in lat["configs"].items())
        lines.append(f"  forward, one image (us): {parts}")
    memory = report.get("memory") or {}
    if memory.get("measured_bytes_per_image"):
        lines.append(f"\ntraining memory, {memory['network']} at batch {memory['batch']}: "
                     f"{memory['measured_bytes_per_image'] / 1024:.1f} KB per image measured, "
                     f"{memory['estimate_bytes_per_image'] / 1024:.1f} KB estimated")
    generator = report.get("generator")
    if generator:
        lines.append(f"letter generator, {generator['images']:,} images of "
                     f"{generator['size']}x{generator['size']}: {generator['seconds_median']:.3f} s"
                     f" ({generator['images_per_second']:,} images/s, CPU "
                     f"{generator['cpu_seconds_median']:.3f} s; {GENERATOR_GOAL:,} images: "
                     f"{generator[f'seconds_for_{GENERATOR_GOAL}']:.2f} s)")
    load = report.get("load") or {}
    if load.get("others_cpu_share") is not None:
        lines.append(f"other processes' CPU share during the run: {load['others_cpu_share']:.0%}"
                     f" (host steal {load['steal_share']:.0%})")
    if load.get("warning"):
        lines.append("warning: " + load["warning"])
    gui = report.get("gui")
    if gui:
        lines.append("\nwindow")
        for key, value in gui.items():
            lines.append(f"  {key}: {value}")
    return "\n".join(lines)
