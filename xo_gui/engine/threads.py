"""How many cores a training step may use: this process and up to MAX_THREADS - 1 helpers.

Python threads cannot share a step's work here: NumPy gives up the GIL inside each
product and copy, but a step is hundreds of calls of 10-60 us, and two threads fighting
for the GIL between them ran slower than one (measured: a 8 x 26 by 26 x 3072 product
10.7 us on one thread, 32.6 us each on two at once; two threads each training their own
28x28 network at batch 64 took 6.6-7.3 ms a step, against 4.3 ms alone).  Two processes
do not share a GIL (4.4 ms each, side by side).  So with ``set_threads(2)`` a heavy batch
is cut in two and a helper process takes the second half (split.py); one count (the
default) starts no process at all.
"""
from __future__ import annotations

import os
from typing import Sequence, TypeVar

T = TypeVar("T")

MAX_THREADS = 8
_threads = 1


def set_threads(count: int) -> None:
    """Let a training step use ``count`` cores (1 to MAX_THREADS): ``count - 1`` helper
    processes (split.py; started at the first heavy batch, stopped by ``set_threads(1)``)."""
    global _threads
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_THREADS:
        raise ValueError(f"threads must be a whole number from 1 to {MAX_THREADS}, not {count!r}")
    _threads = count
    from .split import close_helpers      # split.py imports this module
    close_helpers(keep=count - 1)


def get_threads() -> int:
    return _threads


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the system says), at most
    MAX_THREADS."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    return max(1, min(count, MAX_THREADS))


def split(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """``items`` in ``parts`` contiguous runs of nearly equal length (none empty)."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    runs, start = [], 0
    for index in range(parts):
        end = start + size + (index < extra)
        runs.append(items[start:end])
        start = end
    return runs
