"""How many threads the engine's convolutions may use, and a map over them.

A convolution works block by block (see ``Conv2D`` in layers.py); NumPy releases the GIL
inside each block's copy and matrix product, so two Python threads can work on two blocks
at once.  Results come back in block order and are combined in that order, so the same
blocks give the same answer on any number of threads (every thread count uses the same
blocks: ``blocks.product_limit``).  One thread (the default) runs the blocks in a plain loop with
no pool at all.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_THREADS = 8
_threads = 1
_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def set_threads(count: int) -> None:
    """Use ``count`` threads (1 to MAX_THREADS) for the blocks of every convolution."""
    global _threads, _pool
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_THREADS:
        raise ValueError(f"threads must be a whole number from 1 to {MAX_THREADS}, not {count!r}")
    with _lock:
        if _pool is not None and count != _threads:
            _pool.shutdown(wait=True)
            _pool = None
        _threads = count


def get_threads() -> int:
    return _threads


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


def map_runs(work: Callable[[Sequence[T]], R], items: Sequence[T]) -> Iterator[R]:
    """``work`` over contiguous runs of ``items``, one run per thread, results in order.

    ``work`` gets a whole run so it can reuse its scratch buffers from item to item."""
    global _pool
    runs = split(items, _threads)
    if len(runs) <= 1:
        yield from (work(run) for run in runs)
        return
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(_threads, thread_name_prefix="xo-engine")
        pool = _pool
    futures = [pool.submit(work, run) for run in runs[1:]]
    yield work(runs[0])                          # this thread takes the first run
    for future in futures:
        yield future.result()
