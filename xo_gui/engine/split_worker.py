"""A helper process of split.py: trains on the parts of batches it is sent, until stdin
closes.  Requests on stdin, answers on stdout, both binary (split.py's ``Helper``):
each message a kind (a byte), its body's length and the body (split.write_message).
``N`` + JSON (the network, its dtype and loss) makes the network; ``S`` + image count
(8 bytes) + whether to poll for the next request (a byte: split.py's ``ready``) +
every weight + the images + the labels runs forward, loss and backward and answers ``K`` +
loss + scores + gradients, or ``E`` + what went wrong.
"""
from __future__ import annotations

import json
import os
import signal
import struct
import sys

import numpy as np

from .losses import LOSSES
from .memory import keep_freed_memory
from .network import Network
from .split import one_part, read_message, ready, write_message


def _network(described: dict) -> tuple[Network, object]:
    net = Network.from_config(described["network"]).astype(described["dtype"])
    return net, LOSSES[described["loss"]]


def _step(net: Network, loss_fn, body: bytearray) -> list[np.ndarray | bytes]:
    count, _ = struct.unpack("<q?", body[:9])          # images, whether to poll after
    dtype, start = net.dtype, 9

    def take(size: int, kind=dtype) -> np.ndarray:
        nonlocal start
        array = np.frombuffer(body, kind, size, start)
        start += array.nbytes
        return array

    for _, _, value in net.parameters():
        value[...] = take(value.size).reshape(value.shape)
    # Copied out of the message: an array that starts where the message puts it may be
    # aligned otherwise than a new one, and NumPy's sums then add in another order.
    x = take(int(np.prod(net.input_shape)) * count).reshape(*net.input_shape, count).copy()
    y = take(count, np.int64).copy()
    loss, scores, grads = one_part(net, loss_fn, x, y)
    return [struct.pack("<d", loss), np.ascontiguousarray(scores, dtype),
            *(np.ascontiguousarray(g, dtype) for g in grads)]


def serve(requests, answers) -> None:
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
            with np.errstate(all="ignore"):          # the trainer judges the loss
                write_message(answers, b"K", *_step(net, loss_fn, body))
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
    serve(sys.stdin.buffer, answers)
