"""How split.py's requests and answers travel between it and a helper process: messages
on pipes (a kind byte, the body's length, the body), each side polling its pipe a moment
before it sleeps on it, and a memory file both map for a request's arrays.

Written into a pipe, a request's weights and images are copied into the kernel's pipe
pages and out again; through a shared mapping they are copied once, and the pipe carries
only the request's few bytes.  Measured on the 2-core machine (28x28 network, 2 parts,
processes with and without the file alternated): batch 128 took 3.69-3.76 ms a step with
it against 3.90-4.11 ms without; batch 32, 1.36-1.43 against 1.42-1.45.  Linux only
(``os.memfd_create``); elsewhere requests go through the pipe whole.  Each array in the
file starts at a multiple of ALIGN bytes.
"""
from __future__ import annotations

import mmap
import os
import select
import struct
import time
from typing import Sequence

import numpy as np

ALIGN = 64
# Both sides poll their pipe this long before they sleep on it (while split.py's
# Backoff.polling).  A process asleep on a pipe has to be woken by the writer, and the
# system often wakes it on the writer's core, where the two then take turns.  Measured on
# the 2-core machine (28x28 network, the helper kept, 1 and 2 parts interleaved in one
# process, processes polling and sleeping alternated): at batch 32, 2 parts took
# 1.31-1.41 ms a step polling against 1.56-2.35 ms sleeping (1 part: 1.68-1.84 ms); at
# 128, 3.53-3.70 against 3.84-4.10 ms.  Between an answer and the next request a batch
# leaves ~0.1-0.2 ms, so in training the helper hardly sleeps; when training stops it
# polls SPIN_SECONDS, then sleeps.
SPIN_SECONDS = 0.002
GROW = 1 << 20                  # the file grows in steps of this many bytes


def aligned(offset: int) -> int:
    return -(-offset // ALIGN) * ALIGN


def layout(nbytes: Sequence[int]) -> tuple[list[int], int]:
    """Where arrays of these sizes start, one after another, and the bytes they need."""
    starts, end = [], 0
    for size in nbytes:
        starts.append(end)
        end = aligned(end + size)
    return starts, end


class SharedFile:
    """The mapped memory file: created by the parent (``create``), opened by the helper
    from the file descriptor it inherits (``SharedFile(fd)``)."""

    def __init__(self, fd: int) -> None:
        self.fd, self.size = fd, 0
        self.map: mmap.mmap | None = None

    @classmethod
    def create(cls) -> "SharedFile | None":
        """A new, empty shared file; None where the system has none to offer."""
        try:
            return cls(os.memfd_create("xo-gui-split"))   # closed on exec: only the
                                                            # helper gets it (pass_fds)
        except (AttributeError, OSError):
            return None

    def fit(self, size: int) -> None:
        """Mapped at ``size`` bytes at least (the helper follows the size it is told)."""
        if size <= self.size:
            return
        if os.fstat(self.fd).st_size < size:
            os.ftruncate(self.fd, size)
        if self.map is not None:
            self.map.close()
        self.map, self.size = mmap.mmap(self.fd, size), size

    def put(self, arrays: Sequence[np.ndarray]) -> None:
        """Copy ``arrays`` in, one after another (``layout``), the file grown if they need
        more."""
        starts, end = layout([a.nbytes for a in arrays])
        if end > self.size:
            self.fit(max(-(-end // GROW) * GROW, 2 * self.size))
        for start, array in zip(starts, arrays):
            place = np.frombuffer(self.map, array.dtype, array.size, start)
            np.copyto(place.reshape(array.shape), array)
            del place                         # no view may outlive a remapping

    def close(self) -> None:
        if self.map is not None:
            self.map.close()
            self.map = None
        os.close(self.fd)


def read_exact(stream, size: int) -> bytearray:
    data = bytearray(size)
    view, got = memoryview(data), 0
    while got < size:
        count = stream.readinto(view[got:])
        if not count:
            raise EOFError("the helper process stopped")
        got += count
    return data


def ready(stream, seconds: float = SPIN_SECONDS) -> bool:
    """Whether ``stream`` (a pipe) has data, polled for up to ``seconds`` (POSIX only:
    elsewhere False at once, and the reader sleeps on the pipe)."""
    if os.name != "posix":
        return False
    end = time.perf_counter() + seconds
    while not select.select([stream], [], [], 0)[0]:
        if time.perf_counter() >= end:
            return False
    return True


def read_message(stream) -> tuple[bytes, bytearray]:
    """One message: its kind (a byte) and body (after its length, 8 bytes)."""
    head = read_exact(stream, 9)
    size, = struct.unpack("<q", head[1:])
    return bytes(head[:1]), read_exact(stream, size)


def write_message(stream, kind: bytes, *parts: np.ndarray | bytes) -> None:
    """``kind``, the parts' total length and the parts, in as few system calls as the
    pipe allows (one wakes the reader once)."""
    views = [memoryview(p).cast("B") for p in parts]
    views.insert(0, memoryview(kind + struct.pack("<q", sum(v.nbytes for v in views))))
    fd = stream.fileno()
    while views:
        written = os.writev(fd, views) if hasattr(os, "writev") else os.write(fd, views[0])
        while views and written >= views[0].nbytes:
            written -= views.pop(0).nbytes
        if views:
            views[0] = views[0][written:]


def bigger_pipe(stream) -> None:
    """A pipe that holds a whole part's images (Linux: 64 KB by default, 1 MB allowed)."""
    try:
        import fcntl
        fcntl.fcntl(stream.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass
