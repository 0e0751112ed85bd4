"""A heavy batch shared with helper processes (engine/split.py): the same bits as its parts
computed here, close to the batch computed whole, and nothing lost when a helper fails."""
from __future__ import annotations

import sys

import numpy as np
import pytest

from xo_gui.engine import split, split_wire, threads
from xo_gui.engine.losses import cross_entropy, tutorial_error
from xo_gui.engine.network import build_network
from xo_gui.engine.optim import SGD
from xo_gui.engine.train import TrainConfig, Trainer

REAL_JUDGE = split.Backoff.judge


@pytest.fixture(autouse=True)
def one_thread_afterwards(monkeypatch):
    """Helpers that answer late are not given a rest here (a loaded test machine would
    make which path a batch takes a matter of timing); Backoff has its own test."""
    monkeypatch.setattr(split.Backoff, "judge", lambda self, own, waited: None)
    yield
    threads.set_threads(1)
    assert not split._helpers


def batch(net, count, seed=0):
    rng = np.random.default_rng(seed)
    x = net.to_batch(rng.choice(np.float32([-1, 1]), (count, *net.image_size)))
    return x, rng.integers(0, len(net.classes), count)


def grads(net):
    return {(i, k): g.copy() for i, layer in enumerate(net.layers) for k, g in layer.grads.items()}


def assert_same(a, b):
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=str(key))


def heavy_net(seed=3):
    """The bench's 28x28 network: split from about 25 images."""
    net = build_network(28, (8, 16), (5,), 2, 2, seed=seed)
    assert 32 * net.cost.operations >= split.SPLIT_OPERATIONS > 16 * net.cost.operations
    return net


@pytest.mark.parametrize("count,parts", [(2, 32), (2, 33), (3, 40)])
def test_helpers_give_the_bits_of_the_parts_computed_here(count, parts):
    net = heavy_net()
    x, y = batch(net, parts)
    threads.set_threads(count)
    scores, loss = split.batch_gradients(net, cross_entropy, x, y)
    assert len(split._helpers) == count - 1
    assert all(h.process.poll() is None for h in split._helpers)
    shared = grads(net)
    here_scores, here_loss = split.parts_here(net, cross_entropy, x, y, count)
    assert loss == here_loss
    np.testing.assert_array_equal(scores, here_scores)
    assert_same(shared, grads(net))


def test_the_shared_batch_is_the_whole_batch_to_rounding():
    net = heavy_net()
    x, y = batch(net, 48)
    threads.set_threads(2)
    scores, loss = split.batch_gradients(net, cross_entropy, x, y)
    shared = grads(net)
    threads.set_threads(1)
    whole_scores, whole_loss = split.batch_gradients(net, cross_entropy, x, y)
    np.testing.assert_allclose(scores, whole_scores, rtol=1e-6, atol=1e-6)
    assert loss == pytest.approx(whole_loss, rel=1e-6)
    whole = grads(net)
    for key in whole:
        np.testing.assert_allclose(shared[key], whole[key], rtol=1e-4,
                                   atol=1e-6 * np.abs(whole[key]).max(), err_msg=str(key))


def test_helpers_follow_the_weights_the_frozen_layers_the_loss_and_the_network():
    """Every batch sends the current weights; a new freeze, loss, dtype or network is
    told again (a helper still on the old one would give other bits)."""
    net = heavy_net()
    x, y = batch(net, 32)
    threads.set_threads(2)
    optimizer = SGD(0.5)
    for loss_fn in (cross_entropy, cross_entropy, tutorial_error):
        split.batch_gradients(net, loss_fn, x, y)
        shared = grads(net)
        split.parts_here(net, loss_fn, x, y, 2)
        assert_same(shared, grads(net))
        optimizer.step(net)                       # new weights for the next batch
    net.freeze([0])
    split.batch_gradients(net, cross_entropy, x, y)
    shared = grads(net)
    assert (0, "weight") not in shared
    split.parts_here(net, cross_entropy, x, y, 2)
    assert_same(shared, grads(net))
    other = build_network(28, (6, 12), (5,), 2, 2, seed=1).astype(np.float64)
    x2, y2 = batch(other, 64)
    assert 64 * other.cost.operations >= split.SPLIT_OPERATIONS
    split.batch_gradients(other, cross_entropy, x2, y2)
    shared = grads(other)
    split.parts_here(other, cross_entropy, x2, y2, 2)
    assert_same(shared, grads(other))
    assert next(iter(shared.values())).dtype == np.float64
    assert len(split._helpers) == 1               # one process told three networks


def test_each_part_gets_enough_work_whatever_the_thread_count():
    """Each part has at least half of SPLIT_OPERATIONS: 25 images of the 28x28 network
    make two parts on eight threads, not eight parts of three images."""
    net = heavy_net()
    threads.set_threads(8)
    assert [split._parts(net, n) for n in (16, 25, 40, 200)] == [1, 2, 3, 8]
    threads.set_threads(2)
    assert [split._parts(net, n) for n in (16, 25, 200)] == [1, 2, 2]


def test_a_light_batch_starts_no_helper():
    net = build_network(9, seed=1)
    x, y = batch(net, 128)
    assert 128 * net.cost.operations < split.SPLIT_OPERATIONS
    threads.set_threads(2)
    split.batch_gradients(net, cross_entropy, x, y)
    assert not split._helpers


def test_a_helper_that_dies_is_given_up_and_its_part_computed_here():
    net = heavy_net()
    x, y = batch(net, 32)
    threads.set_threads(2)
    split.batch_gradients(net, cross_entropy, x, y)
    helper = split._helpers[0]
    helper.process.kill()
    helper.process.wait()
    scores, loss = split.batch_gradients(net, cross_entropy, x, y)
    shared = grads(net)
    assert not split._helpers and split._failed
    here_scores, here_loss = split.parts_here(net, cross_entropy, x, y, 2)
    assert loss == here_loss
    np.testing.assert_array_equal(scores, here_scores)
    assert_same(shared, grads(net))
    split.batch_gradients(net, cross_entropy, x, y)
    assert not split._helpers                      # not started again every batch...
    threads.set_threads(2)
    split.batch_gradients(net, cross_entropy, x, y)
    assert len(split._helpers) == 1                # ... until the count is set again


def test_a_helper_that_cannot_start_leaves_the_work_here(monkeypatch):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    net = heavy_net()
    x, y = batch(net, 32)
    threads.set_threads(2)
    scores, loss = split.batch_gradients(net, cross_entropy, x, y)
    assert not split._helpers
    here_scores, here_loss = split.parts_here(net, cross_entropy, x, y, 2)
    assert loss == here_loss
    np.testing.assert_array_equal(scores, here_scores)


def test_one_thread_stops_the_helpers():
    net = heavy_net()
    x, y = batch(net, 48)
    threads.set_threads(3)
    split.batch_gradients(net, cross_entropy, x, y)
    processes = [h.process for h in split._helpers]
    assert len(processes) == 2
    threads.set_threads(2)
    assert processes[1].poll() is not None and processes[0].poll() is None
    threads.set_threads(1)
    assert processes[0].poll() is not None


def test_the_trainer_on_two_threads_trains_as_on_one():
    results = []
    for count in (1, 2):
        threads.set_threads(count)
        net = heavy_net(seed=4)
        images, labels = batch(net, 96, seed=2)
        data = (images[0].transpose(2, 0, 1), labels)
        trainer = Trainer(net, data, None, TrainConfig(epochs=2, batch_size=32, lr=0.05))
        progress = [trainer.step() for _ in range(6)]
        assert len(split._helpers) == count - 1
        results.append((net.state_dict(), [p.loss for p in progress]))
    (one, one_losses), (two, two_losses) = results
    np.testing.assert_allclose(two_losses, one_losses, rtol=1e-4)
    for key in one:
        np.testing.assert_allclose(two[key], one[key], rtol=1e-3, atol=1e-5, err_msg=key)


def test_split_gives_contiguous_nearly_equal_runs():
    assert threads.split(list(range(7)), 2) == [[0, 1, 2, 3], [4, 5, 6]]
    assert threads.split([1], 4) == [[1]]
    assert threads.split([], 2) == [[]]


def test_thread_count_is_checked():
    for bad in (0, threads.MAX_THREADS + 1, 1.5, True):
        with pytest.raises(ValueError):
            threads.set_threads(bad)
    threads.set_threads(2)
    assert threads.get_threads() == 2


def test_a_failure_here_leaves_no_stale_answer_for_the_next_batch(monkeypatch):
    """An error in this process's part (say, out of memory) is raised; the helper's
    unread answer is not taken for the next batch's."""
    net = heavy_net()
    x, y = batch(net, 32)
    threads.set_threads(2)
    split.batch_gradients(net, cross_entropy, x, y)
    real = split.one_part

    def fails(*args):
        raise MemoryError("no memory")

    monkeypatch.setattr(split, "one_part", fails)
    with pytest.raises(MemoryError):
        split.batch_gradients(net, tutorial_error, x, y)
    monkeypatch.setattr(split, "one_part", real)
    scores, loss = split.batch_gradients(net, cross_entropy, x, y)
    here_scores, here_loss = split.parts_here(net, cross_entropy, x, y, 2)
    assert loss == here_loss
    np.testing.assert_array_equal(scores, here_scores)


def test_a_second_thread_computes_its_parts_itself_with_the_same_bits():
    """The helpers talk to one thread at a time (the window's training and its Compare
    run could both train): another thread's batch meanwhile is computed in place."""
    import threading

    net, other = heavy_net(), heavy_net(seed=8)
    x, y = batch(net, 32)
    threads.set_threads(2)
    split.batch_gradients(net, cross_entropy, x, y)
    results = {}
    with split._in_use:                       # as if the first thread were mid-batch
        worker = threading.Thread(target=lambda: results.update(
            got=split.batch_gradients(other, cross_entropy, x, y)))
        worker.start()
        worker.join()
    here = split.parts_here(other, cross_entropy, x, y, 2)
    assert results["got"][1] == here[1]
    np.testing.assert_array_equal(results["got"][0], here[0])


def test_late_helpers_get_a_rest_that_doubles_and_ends_with_a_prompt_answer():
    backoff = split.Backoff()
    judge = REAL_JUDGE                             # the fixture quiets the class's
    in_a_row = split.Backoff.LATE_IN_A_ROW

    def late_batches(count):
        for _ in range(count):
            judge(backoff, 0.001, 0.002)           # twice our own time

    late_batches(in_a_row - 1)
    judge(backoff, 0.001, 0.0005)                  # in time: the count starts again
    late_batches(in_a_row - 1)
    assert backoff.use_helpers()                   # a late answer now and then: no rest
    rests = []
    for _ in range(3):
        late_batches(in_a_row)
        rests.append(sum(not backoff.use_helpers() for _ in range(10_000)))
    assert rests == [8, 16, 32]
    for _ in range(10):
        late_batches(in_a_row)
        assert backoff.skip <= split.Backoff.MOST
        while not backoff.use_helpers():           # the rest passes, the helpers are
            pass                                   # asked again...
    judge(backoff, 0.001, 0.0001)                  # ... and answer in time: no more rest
    assert backoff.use_helpers()
    late_batches(in_a_row)
    assert sum(not backoff.use_helpers() for _ in range(10_000)) == split.Backoff.FIRST


def test_batches_during_a_rest_are_computed_here_with_the_same_bits():
    net = heavy_net()
    x, y = batch(net, 32)
    threads.set_threads(2)
    split._backoff.skip = 1
    scores, loss = split.batch_gradients(net, cross_entropy, x, y)
    assert not split._helpers and split._backoff.skip == 0     # none started for it
    here = split.parts_here(net, cross_entropy, x, y, 2)
    assert loss == here[1]
    np.testing.assert_array_equal(scores, here[0])


def test_an_error_while_answers_are_read_leaves_no_stale_answer(monkeypatch):
    net = heavy_net()
    x, y = batch(net, 48)
    threads.set_threads(3)
    split.batch_gradients(net, cross_entropy, x, y)
    real = split.Helper.receive
    calls = []

    def fails_once(self, *args):
        calls.append(self)
        if len(calls) == 1:
            raise MemoryError("no memory")
        return real(self, *args)

    monkeypatch.setattr(split.Helper, "receive", fails_once)
    with pytest.raises(MemoryError):
        split.batch_gradients(net, tutorial_error, x, y)
    assert not split._helpers                     # both had a request in flight
    scores, loss = split.batch_gradients(net, cross_entropy, x, y)
    here = split.parts_here(net, cross_entropy, x, y, 3)
    assert loss == here[1]
    np.testing.assert_array_equal(scores, here[0])


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGSTOP, no select on pipes")
def test_a_helper_that_stops_answering_is_given_up_after_a_while(monkeypatch):
    import signal

    monkeypatch.setattr(split, "ANSWER_SECONDS", 0.3)
    net = heavy_net()
    x, y = batch(net, 32)
    threads.set_threads(2)
    split.batch_gradients(net, cross_entropy, x, y)
    helper = split._helpers[0]
    helper.process.send_signal(signal.SIGSTOP)     # hung: alive, never answering
    try:
        scores, loss = split.batch_gradients(net, cross_entropy, x, y)
    finally:
        if helper.process.poll() is None:
            helper.process.kill()
    assert helper.process.wait() != 0 and not split._helpers
    assert "did not answer" in split.problem
    here = split.parts_here(net, cross_entropy, x, y, 2)
    assert loss == here[1]
    np.testing.assert_array_equal(scores, here[0])


def test_a_late_answer_rests_the_helpers(monkeypatch):
    """The real Backoff: answers that come long after this process's own half, batch
    after batch, send the next batches' halves to be computed here, without asking."""
    import time

    net = heavy_net()
    x, y = batch(net, 32)
    threads.set_threads(2)
    split.batch_gradients(net, cross_entropy, x, y)      # the helper's first answer
    monkeypatch.setattr(split.Backoff, "judge", REAL_JUDGE)
    sent, real_send, real_receive = [], split.Helper.send, split.Helper.receive
    monkeypatch.setattr(split.Helper, "send", lambda self, *a: (sent.append(1), real_send(self, *a)))

    def late(self, *args):
        time.sleep(0.2)
        return real_receive(self, *args)

    monkeypatch.setattr(split.Helper, "receive", late)
    in_a_row = split.Backoff.LATE_IN_A_ROW
    for _ in range(in_a_row):
        split.batch_gradients(net, cross_entropy, x, y)
    assert len(sent) == in_a_row
    for _ in range(split.Backoff.FIRST):
        split.batch_gradients(net, cross_entropy, x, y)
    assert len(sent) == in_a_row                          # rested
    monkeypatch.setattr(split.Helper, "receive", real_receive)
    split.batch_gradients(net, cross_entropy, x, y)
    assert len(sent) == in_a_row + 1                      # asked again


def test_an_input_at_an_odd_address_gives_the_same_bits():
    """Each part is copied to a new array before it is computed, here and in a helper, so
    NumPy's sums add in the same order whatever the caller's buffer."""
    net = heavy_net()
    x, y = batch(net, 32)
    raw = np.empty(x.size + 1, np.float32)
    odd = raw[1:].reshape(x.shape)
    odd[...] = x
    assert odd.ctypes.data % 8 != 0
    threads.set_threads(2)
    scores, loss = split.batch_gradients(net, cross_entropy, odd, y)
    here = split.parts_here(net, cross_entropy, x, y, 2)
    assert loss == here[1]
    np.testing.assert_array_equal(scores, here[0])


def test_a_stray_xo_gui_folder_where_python_runs_is_not_what_the_helper_imports(
        monkeypatch, tmp_path):
    fake = tmp_path / "xo_gui"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('the wrong xo_gui')\n")
    monkeypatch.chdir(tmp_path)
    net = heavy_net()
    x, y = batch(net, 32)
    threads.set_threads(2)
    split.batch_gradients(net, cross_entropy, x, y)
    assert split._helpers and split._helpers[0].process.poll() is None
    assert split.problem == ""


@pytest.mark.skipif(sys.platform == "win32", reason="pipes are polled on POSIX only")
def test_a_pipe_is_polled_until_it_has_data_or_the_time_is_up():
    import os
    import time

    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb", buffering=0) as reader, \
            os.fdopen(write_end, "wb", buffering=0) as writer:
        start = time.perf_counter()
        assert not split_wire.ready(reader, 0.01)            # nothing written: polled, then no
        assert time.perf_counter() - start >= 0.01
        split_wire.write_message(writer, b"K", b"abc")
        assert split_wire.ready(reader, 0.0)                # written: yes at once
        assert split_wire.read_message(reader) == (b"K", bytearray(b"abc"))
        assert not split_wire.ready(reader, 0.0)            # read: nothing left


def test_answers_late_in_a_row_stop_the_polling_for_a_while():
    backoff = split.Backoff()
    judge = REAL_JUDGE                             # the fixture quiets the class's
    in_a_row = split.Backoff.POLL_LATE_IN_A_ROW

    def slow(count):                               # later than POLL_LATE of our own part,
        for _ in range(count):                     # not late enough for a rest
            judge(backoff, 0.001, 0.0007)

    assert backoff.polling
    slow(in_a_row - 1)
    judge(backoff, 0.001, 0.0001)                  # prompt: the count starts again
    slow(in_a_row - 1)
    assert backoff.polling
    slow(1)
    assert not backoff.polling and backoff.use_helpers()    # sleeping, still sharing
    for _ in range(split.Backoff.POLL_REST - 1):
        slow(1)                                    # sleeping makes answers later: they
        assert not backoff.polling                 # do not count...
    slow(1)
    assert backoff.polling                         # ... and polling is tried again


def test_the_helper_is_told_whether_to_poll_and_answers_either_way():
    net = heavy_net()
    x, y = batch(net, 32)
    threads.set_threads(2)
    here = split.parts_here(net, cross_entropy, x, y, 2)
    for polling in (False, True, False):
        split._backoff.polling = polling
        scores, loss = split.batch_gradients(net, cross_entropy, x, y)
        assert loss == here[1]
        np.testing.assert_array_equal(scores, here[0])
    assert len(split._helpers) == 1


def test_arrays_in_the_shared_file_start_aligned_and_never_overlap():
    starts, end = split_wire.layout([3, 64, 1, 0, 130])
    assert starts == [0, 64, 128, 192, 192] and end == 384
    assert all(s % split_wire.ALIGN == 0 for s in starts)


def test_what_one_side_puts_in_the_shared_file_the_other_reads_and_it_grows():
    import os

    parent = split_wire.SharedFile.create()
    assert parent is not None                      # Linux: a memory file
    assert not os.get_inheritable(parent.fd)       # only the helper gets it (pass_fds)
    child = split_wire.SharedFile(os.dup(parent.fd))
    try:
        small = [np.arange(5, dtype=np.float32), np.arange(3, dtype=np.int64)]
        parent.put(small)
        child.fit(parent.size)
        starts, _ = split_wire.layout([a.nbytes for a in small])
        assert np.array_equal(np.frombuffer(child.map, np.float32, 5, starts[0]), small[0])
        assert np.array_equal(np.frombuffer(child.map, np.int64, 3, starts[1]), small[1])
        first = parent.size
        big = np.ones((2, split_wire.GROW // 2), np.float32)[:, ::2]   # strided, 2 MB
        parent.put([big])
        assert parent.size > first
        child.fit(parent.size)
        read = np.frombuffer(child.map, np.float32, big.size, 0).reshape(big.shape)
        assert np.array_equal(read, big)
        del read
    finally:
        child.close()
        parent.close()


def test_without_a_shared_file_requests_go_through_the_pipe_with_the_same_bits(monkeypatch):
    monkeypatch.setattr(split.SharedFile, "create", classmethod(lambda cls: None))
    net = heavy_net()
    x, y = batch(net, 40)
    threads.set_threads(2)
    scores, loss = split.batch_gradients(net, cross_entropy, x, y)
    shared = grads(net)
    assert split._helpers and split._helpers[0].shared is None
    here = split.parts_here(net, cross_entropy, x, y, 2)
    assert loss == here[1]
    np.testing.assert_array_equal(scores, here[0])
    assert_same(shared, grads(net))


def test_a_helper_follows_its_shared_file_as_it_grows():
    net = heavy_net()
    threads.set_threads(2)
    for count in (32, 800, 40):                    # 800: a part of 1.25 MB of images
        x, y = batch(net, count, seed=count)
        scores, loss = split.batch_gradients(net, cross_entropy, x, y)
        shared = grads(net)
        here = split.parts_here(net, cross_entropy, x, y, 2)
        assert loss == here[1]
        np.testing.assert_array_equal(scores, here[0])
        assert_same(shared, grads(net))
    assert len(split._helpers) == 1 and split._helpers[0].shared.size > split_wire.GROW


def test_a_network_with_every_layer_frozen_is_split_too():
    net = heavy_net()
    net.freeze([i for i, layer in enumerate(net.layers) if layer.params])
    x, y = batch(net, 32)
    threads.set_threads(2)
    scores, loss = split.batch_gradients(net, cross_entropy, x, y)
    assert split._helpers and not split.problem
    here = split.parts_here(net, cross_entropy, x, y, 2)
    assert loss == here[1]
    np.testing.assert_array_equal(scores, here[0])
