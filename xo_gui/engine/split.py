"""A heavy training step's batch cut in parts, every part after the first run by a helper
process, so a step can use more than one core (threads.py says why not threads).

With the engine's thread count above one, a batch whose forward pass costs at least
SPLIT_OPERATIONS (the 28x28 two-block network from about 25 images; never a batch of the
9x9 default network, whose whole step takes less than handing half of it over) is cut into
as many contiguous parts, each with at least half of that work.  Each helper
(split_worker.py, started at the first such batch and kept until the thread count drops
or Python exits) gets the weights and its part's images and labels (through a pipe and a
shared file: split_wire.py), runs forward, loss and backward and sends back the loss, the
scores and the gradients, while this process runs the first part.  The parts' mean
losses and gradients are weighted by their share of the batch and added in part order, so
the same parts computed here, one after another, give the same bits (``parts_here``);
against the batch computed whole they differ by rounding.  A helper that cannot start or
stops answering is given up and its part computed here: the result is the same.
"""
from __future__ import annotations

import atexit
import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from typing import Callable, Sequence

import numpy as np

from .losses import LOSSES
from .network import Network
from .split_wire import SharedFile, bigger_pipe, read_message, ready, write_message
from .threads import get_threads, split

Loss = Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]
Part = tuple[float, np.ndarray, np.ndarray]   # mean loss, scores, gradients end to end

# Forward operations (limits.Cost.operations per image, times the batch) from which a
# batch is split: the hand-off (weights, images and gradients between the processes, and
# the waits for each other) costs about 0.1-0.2 ms.
SPLIT_OPERATIONS = 16_000_000
# A helper's part takes about as long as this process's: one that has not answered after
# LATE times as long (ANSWER_SECONDS at least; START_SECONDS for its first answer, which
# waits for Python and NumPy to start) is given up.
LATE, ANSWER_SECONDS, START_SECONDS = 20, 5.0, 60.0
problem = ""                 # why the last helper was given up, for the command line
_helpers: list["Helper"] = []
_failed = False              # a helper failed: no more until the thread count is set again
_in_use = threading.Lock()   # one thread at a time talks to the helpers


class Backoff:
    """When the helpers answer late batch after batch (another program has their cores),
    a batch's parts are computed here for a while: the same bits, without waiting on a
    starved process.  Measured on the 2-core machine with two other busy processes: the
    28x28 step at batch 64 took 5.8-9.0 ms shared against 4.4-6.3 ms on one core.  On a
    quiet machine 2-3 % of the answers come late now and then (a helper woken cold), so
    only LATE_IN_A_ROW late answers in a row bring a rest."""

    FIRST, MOST = 8, 512              # batches left to this process after late answers
    LATE_IN_A_ROW = 3
    # Waiting processes poll (``ready``) until POLL_LATE_IN_A_ROW answers in a row take
    # longer than POLL_LATE of this process's own part, then sleep for POLL_REST batches:
    # polling on a busy machine takes a core from the process it waits for.  Measured with
    # the host lending about one core for two, batch 32: always polling, 3.0-3.4 ms a step
    # (the helper's answers 3.6 ms late, not 0.1); sleeping, 2.5-2.7 ms; by this rule
    # (polling then off nearly all the time), 2.4-2.6 ms.
    POLL_LATE, POLL_LATE_IN_A_ROW, POLL_REST = 0.5, 3, 64

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.skip = self.wait = self.late = 0
        self.slow = self.poll_rest = 0
        self.polling = True

    def use_helpers(self) -> bool:
        if self.skip:
            self.skip -= 1
            return False
        return True

    def judge(self, own: float, waited: float) -> None:
        """A batch's own part took ``own`` s, then the helpers ``waited`` s more: sharing
        loses once the wait is longer than this process's own part, and polling once it
        is longer than POLL_LATE of it."""
        if self.poll_rest:            # answers while sleeping do not count: sleeping
            self.poll_rest -= 1       # itself makes them later
        else:
            self.slow = self.slow + 1 if waited > self.POLL_LATE * own else 0
            if self.slow >= self.POLL_LATE_IN_A_ROW:
                self.slow, self.poll_rest = 0, self.POLL_REST
        self.polling = not self.poll_rest
        if waited <= own:
            self.late = self.wait = 0
            return
        self.late += 1
        if self.late >= self.LATE_IN_A_ROW:
            self.late = 0
            self.wait = min(self.MOST, max(self.FIRST, 2 * self.wait))
            self.skip = self.wait


_backoff = Backoff()


def trained(net: Network) -> list[tuple[int, str]]:
    """(layer, key) of every parameter a backward pass gives a gradient, in order."""
    return [(i, key) for i, key, _ in net.parameters() if not net.layers[i].frozen]


class Helper:
    """One helper process (split_worker.py) and the network it was last told about."""

    def __init__(self) -> None:
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
        path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
        env = dict(os.environ, PYTHONPATH=path, OPENBLAS_NUM_THREADS="1",
                   OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", VECLIB_MAXIMUM_THREADS="1")
        self.shared = SharedFile.create()     # the requests' arrays, where it can be had
        fds = () if self.shared is None else (self.shared.fd,)
        try:
            self.process = subprocess.Popen(  # run from the package's folder: ``-m`` puts
                [sys.executable, "-m", "xo_gui.engine.split_worker", *map(str, fds)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, env=env,
                cwd=package_root, pass_fds=fds,              # (the folder first)
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except BaseException:
            self.release()
            raise
        bigger_pipe(self.process.stdin)
        bigger_pipe(self.process.stdout)
        self.told: tuple = ()                # what the helper's network was made from
        self.fresh = True                    # its first answer waits for it to start

    def send(self, net: Network, loss: str, x: np.ndarray, y: np.ndarray) -> None:
        """Ask for one part's loss, scores and gradients (answered by ``receive``), and
        whether to poll for the next request after answering (``Backoff.polling``)."""
        stream = self.process.stdin
        told = (net.layers, net.frozen, net.dtype, loss)
        if not (self.told and all(a is b or a == b for a, b in zip(told, self.told))):
            described = {"network": net.config(), "dtype": net.dtype.name, "loss": loss}
            write_message(stream, b"N", json.dumps(described).encode())
            self.told = told
        arrays = [np.concatenate([v for _, _, v in net.parameters()], axis=None),
                  np.asarray(x, net.dtype), np.asarray(y, np.int64)]    # weights end to end
        if self.shared is not None:                   # the arrays in the shared file
            self.shared.put(arrays)
            write_message(stream, b"M", struct.pack("<q?q", x.shape[-1], _backoff.polling,
                                                     self.shared.size))
        else:
            write_message(stream, b"S", struct.pack("<q?", x.shape[-1], _backoff.polling),
                          *map(np.ascontiguousarray, arrays))

    def receive(self, net: Network, count: int, timeout: float | None = None,
                poll: bool = False) -> Part:
        """The answer to ``send``; EOFError if it is not one, TimeoutError after
        ``timeout`` seconds (where the system can wait on a pipe: not on Windows).  With
        ``poll``, the pipe is polled a moment first (``ready``)."""
        if not (poll and ready(self.process.stdout)) and timeout is not None \
                and os.name == "posix":
            if not select.select([self.process.stdout], [], [], timeout)[0]:
                raise TimeoutError(f"the helper process did not answer in {timeout:.0f} s")
        self.fresh = False
        kind, body = read_message(self.process.stdout)
        if kind != b"K":
            raise EOFError(body.decode(errors="replace"))
        loss, = struct.unpack("<d", body[:8])
        dtype, scores = net.dtype, len(net.classes) * count
        weights = sum(net.layers[i].params[key].size for i, key in trained(net))
        if len(body) != 8 + (scores + weights) * dtype.itemsize:
            raise EOFError("the helper's answer has the wrong length")
        return (loss, np.frombuffer(body, dtype, scores, 8).reshape(-1, count),
                np.frombuffer(body, dtype, weights, 8 + scores * dtype.itemsize))

    def cpu_seconds(self) -> float | None:
        """The helper's CPU time so far (Linux's /proc), for the benchmark."""
        try:
            with open(f"/proc/{self.process.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        try:
            self.process.stdin.close()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.release()

    def release(self) -> None:
        """Let go of the shared file (the process has ended or never started)."""
        if self.shared is not None:
            self.shared.close()
            self.shared = None


def helpers_cpu_seconds() -> float:
    """The CPU time the running helpers have used (0 where /proc cannot tell)."""
    return sum(helper.cpu_seconds() or 0.0 for helper in _helpers)


def close_helpers(keep: int = 0) -> None:
    """Stop every helper process after the first ``keep``; failed ones may start again."""
    global _failed, problem
    with _in_use:
        _failed, problem = False, ""
        _backoff.reset()
        while len(_helpers) > keep:
            _helpers.pop().close()


atexit.register(close_helpers)


def _helper(index: int) -> Helper | None:
    """The index-th helper, started if need be; None if it cannot start or one failed
    (or this is a frozen application, whose executable is not a Python to start)."""
    if _failed or getattr(sys, "frozen", False):
        return None
    while len(_helpers) <= index:
        try:
            _helpers.append(Helper())
        except (OSError, ValueError, TypeError):      # no Python to start (embedded, say)
            return None
    return _helpers[index]


def one_part(net: Network, loss_fn: Loss, x: np.ndarray, y: np.ndarray) -> Part:
    """Forward, loss and backward of one part: its mean loss, scores and gradients."""
    scores = net.forward(x)
    loss, grad = loss_fn(scores, y)
    net.backward(grad)
    grads = [net.layers[i].grads[key].reshape(-1) for i, key in trained(net)]
    return loss, scores, (np.concatenate(grads, dtype=net.dtype) if grads
                          else np.empty(0, net.dtype))     # every layer frozen


def _combine(net: Network, parts: Sequence[Part], counts: Sequence[int]) -> tuple[np.ndarray, float]:
    """The batch's scores and mean loss; its gradients into the layers (part order)."""
    total = sum(counts)
    shares = [count / total for count in counts]
    loss = 0.0
    for share, (part_loss, _, _) in zip(shares, parts):
        loss += share * part_loss
    grads = parts[0][2] * net.dtype.type(shares[0])     # every gradient at once
    for share, part in zip(shares[1:], parts[1:]):
        grads += part[2] * net.dtype.type(share)
    start = 0
    for index, key in trained(net):
        layer = net.layers[index]
        size = layer.params[key].size
        layer.grads[key] = grads[start:start + size].reshape(layer.params[key].shape)
        start += size
    return np.concatenate([part[1] for part in parts], axis=1), loss


def _cut(x: np.ndarray, y: np.ndarray, parts: int) -> list[tuple[np.ndarray, np.ndarray]]:
    runs = split(range(x.shape[-1]), parts)
    return [(x[..., run.start:run.stop], y[run.start:run.stop]) for run in runs]


def parts_here(net: Network, loss_fn: Loss, x: np.ndarray, y: np.ndarray,
               parts: int) -> tuple[np.ndarray, float]:
    """``batch_gradients`` of ``parts`` parts, all computed in this process."""
    cut = _cut(x, y, parts)
    done = [one_part(net, loss_fn, np.ascontiguousarray(xp), yp) for xp, yp in cut]
    return _combine(net, done, [len(yp) for _, yp in cut])


def _parts(net: Network, count: int) -> int:
    """How many parts a batch of ``count`` images is cut into: one per engine thread,
    each with at least half of SPLIT_OPERATIONS of work."""
    return min(get_threads(), count, count * net.cost.operations // (SPLIT_OPERATIONS // 2))


def batch_gradients(net: Network, loss_fn: Loss, x: np.ndarray,
                    y: np.ndarray) -> tuple[np.ndarray, float]:
    """Forward, loss and backward of the batch-last batch ``x`` with labels ``y``: its
    scores (classes, N) and mean loss; the gradients are left in the layers' ``grads``.
    A heavy batch on more than one engine thread is shared with helper processes."""
    loss_name = next((name for name, fn in LOSSES.items() if fn is loss_fn), None)
    parts = _parts(net, x.shape[-1])
    if loss_name is not None and parts > 1:
        if not _in_use.acquire(blocking=False):       # another thread has the helpers
            return parts_here(net, loss_fn, x, y, parts)
        try:
            parts = _parts(net, x.shape[-1])          # set_threads may have run meanwhile
            if parts > 1 and not _backoff.use_helpers():
                return parts_here(net, loss_fn, x, y, parts)
            if parts > 1:
                return _shared(net, loss_fn, loss_name, _cut(x, y, parts))
        finally:
            _in_use.release()
    loss, grad = loss_fn(scores := net.forward(x), y)
    net.backward(grad)
    return scores, loss


def _shared(net: Network, loss_fn: Loss, loss_name: str,
            cut: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, float]:
    """The parts after the first asked of the helpers, the first run here meanwhile.  On
    any exception, a helper with a request in flight is given up (its answer would be
    read as the next batch's)."""
    asked: list[Helper | None] = []
    pending: list[Helper] = []
    try:
        for index, (xp, yp) in enumerate(cut[1:]):
            helper = _helper(index)
            if helper is not None:
                pending.append(helper)
                try:
                    helper.send(net, loss_name, xp, yp)
                except (OSError, ValueError) as exc:      # it has stopped: work here
                    pending.remove(helper)
                    _give_up(helper, exc)
                    helper = None
            asked.append(helper)
        fresh = any(h.fresh for h in pending)
        start = time.perf_counter()
        done = [one_part(net, loss_fn, np.ascontiguousarray(cut[0][0]), cut[0][1])]
        own = time.perf_counter() - start
        poll = _backoff.polling
        for helper, (xp, yp) in zip(asked, cut[1:]):
            if helper is not None:
                wait = START_SECONDS if helper.fresh else max(ANSWER_SECONDS, LATE * own)
                try:
                    done.append(helper.receive(net, len(yp), wait, poll))
                    pending.remove(helper)
                    continue
                except (OSError, ValueError, EOFError, struct.error) as exc:
                    pending.remove(helper)
                    _give_up(helper, exc)
            done.append(one_part(net, loss_fn, np.ascontiguousarray(xp), yp))
    except BaseException as exc:
        for helper in pending:
            _give_up(helper, exc)
        raise
    finally:
        if _failed:                                   # none is used again: all go
            _drop_failed()
    if not fresh:                                     # a new helper's first answer is late
        _backoff.judge(own, time.perf_counter() - start - own)
    return _combine(net, done, [len(yp) for _, yp in cut])


def _drop_failed() -> None:
    """After a failure, the other helpers too (until ``set_threads`` none is asked)."""
    while _helpers:
        _helpers.pop().close()


def _give_up(helper: Helper, why: BaseException) -> None:
    """A helper that failed: stopped, and no helper started again until ``set_threads``
    (its part and later batches are computed here); ``problem`` says why."""
    global _failed, problem
    _failed = True
    problem = f"a helper process was stopped ({type(why).__name__}: {why})"
    if helper in _helpers:
        _helpers.remove(helper)
    helper.process.kill()
    helper.process.wait()
    helper.release()
