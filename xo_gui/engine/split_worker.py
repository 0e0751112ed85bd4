"""A helper process of split.py: trains on the parts of batches it is sent, until stdin
closes.  Requests on stdin, answers on stdout, both binary (split.py's ``Helper``):
each message a kind (a byte), its body's length and the body (split_wire.write_message).
``N`` + JSON (the network, its dtype and loss) makes the network; ``S`` + image count
(8 bytes) + whether to poll for the next request (a byte: split_wire.ready) +
every weight + the images + the labels runs forward, loss and backward and answers ``K`` +
loss + scores + gradients, or ``E`` + what went wrong.  ``M`` is ``S`` with the size of the
shared file (8 bytes) in place of the arrays, which are in that file (split_wire.py),
each at an aligned start; its descriptor is the process's first argument.
"""
from __future__ import annotations

import json
import math
import os
import signal
import struct
import sys

import numpy as np

from .losses import LOSSES
from .memory import keep_freed_memory
from .network import Network
from .split import one_part
from .split_wire import SharedFile, layout, read_message, ready, write_message


def _network(described: dict) -> tuple[Network, object]:
    net = Network.from_config(described["network"]).astype(described["dtype"])
    return net, LOSSES[described["loss"]]


def _arrays(net: Network, count: int, source, first: int, gaps: bool) -> list[np.ndarray]:
    """A request's weights (end to end), images and labels: views of ``source``, one after
    another from ``first``, each at a multiple of split_wire.ALIGN with ``gaps`` (the
    shared file's layout)."""
    kinds = [net.dtype, net.dtype, np.dtype(np.int64)]
    sizes = [sum(v.size for _, _, v in net.parameters()),
             math.prod(net.input_shape) * count, count]
    nbytes = [kind.itemsize * size for kind, size in zip(kinds, sizes)]
    starts = layout(nbytes)[0] if gaps else [first + sum(nbytes[:i]) for i in range(3)]
    return [np.frombuffer(source, kind, size, start)
            for kind, size, start in zip(kinds, sizes, starts)]


def _step(net: Network, loss_fn, count: int, arrays: list[np.ndarray]) -> list[np.ndarray | bytes]:
    """Load the request's weights, images and labels (``_arrays``); train on them; the
    answer's parts."""
    weights, images, labels = arrays
    start = 0
    for _, _, value in net.parameters():
        value[...] = weights[start:start + value.size].reshape(value.shape)
        start += value.size
    # Copied out of the request: an array that starts where the request puts it may be
    # aligned otherwise than a new one, and NumPy's sums then add in another order.
    x = images.reshape(*net.input_shape, count).copy()
    y = labels.copy()
    del weights, images, labels, arrays[:]        # no view of the shared file is kept
    loss, scores, grads = one_part(net, loss_fn, x, y)
    return [struct.pack("<d", loss), np.ascontiguousarray(scores, net.dtype), grads]


def serve(requests, answers, shared: SharedFile | None = None) -> None:
    keep_freed_memory()
    net = loss_fn = None
    poll = False
    while True:
        try:
            if poll:                        # as the last request said (split.py's ready)
                ready(requests)
            kind, body = read_message(requests)
            if kind == b"N":
                net, loss_fn = _network(json.loads(body))
                continue
            poll = bool(body[8])
            count, = struct.unpack("<q", body[:8])
            if kind == b"M":                           # the arrays in the shared file
                shared.fit(struct.unpack("<q", body[9:17])[0])
                arrays = _arrays(net, count, shared.map, 0, True)
            else:                                      # the arrays in the request
                arrays = _arrays(net, count, body, 9, False)
            with np.errstate(all="ignore"):          # the trainer judges the loss
                write_message(answers, b"K", *_step(net, loss_fn, count, arrays))
        except EOFError:
            return
        except Exception as exc:                    # told to the parent, which goes on alone
            write_message(answers, b"E", f"{type(exc).__name__}: {exc}".encode())
            return


if __name__ == "__main__":
    # Ctrl+C in a terminal reaches the whole process group: the parent stops training and
    # closes the pipe, which ends this process without a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)                 # anything printed goes to stderr, not into the answers
    # Unbuffered: a request read ahead into a buffer would be invisible to ``ready``.
    shared = SharedFile(int(sys.argv[1])) if len(sys.argv) > 1 else None
    serve(sys.stdin.buffer.raw, answers, shared)
