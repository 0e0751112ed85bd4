"""The run history: copies of the weights at chosen moments, inside a memory budget."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xo_gui.engine import data
from xo_gui.engine.errors import ConfigError
from xo_gui.engine.network import build_network
from xo_gui.engine.run_history import HistoryRecorder, RunHistory, first_epoch_points
from xo_gui.engine.train import EpochRecord, TrainConfig, Trainer


def _state(value: float, size: int = 250) -> dict[str, np.ndarray]:
    return {"layers.0.weight": np.full(size, value, np.float32),
            "layers.0.bias": np.full(2, -value, np.float32)}


def test_first_epoch_points_are_log_spaced_inside_the_epoch():
    assert first_epoch_points(100) == [2, 4, 7, 14, 27, 52]
    assert first_epoch_points(2) == [1]
    assert first_epoch_points(1) == []
    points = first_epoch_points(10_000)
    ratios = np.diff(np.log(points))
    assert len(points) == 6 and points[-1] < 10_000
    assert np.allclose(ratios, ratios.mean(), atol=0.07)


def test_snapshots_are_read_only_copies_equal_to_what_was_given():
    history = RunHistory()
    state = _state(0.5)
    history.add_snapshot(0, 0.0, state, "start")
    state["layers.0.weight"][:] = 9.0                 # the caller's array moves on
    snap = history.at(0)
    assert np.array_equal(snap.state["layers.0.weight"], np.full(250, 0.5, np.float32))
    assert snap.state["layers.0.weight"].dtype == np.float32
    with pytest.raises(ValueError):
        snap.state["layers.0.weight"][0] = 1.0
    assert snap.label == "start" and snap.pinned


def test_a_long_run_keeps_its_budget_and_thins_evenly():
    one = sum(v.nbytes for v in _state(0).values())
    history = RunHistory(budget_bytes=40 * one)
    for epoch in range(1, 1001):
        for batch in range(3):
            history.add_batch(epoch * 3 + batch, epoch + batch / 3, 1.0 / epoch)
        history.add_snapshot(epoch * 3, float(epoch), _state(epoch), f"epoch {epoch}")
        assert history.nbytes <= history.budget_bytes
    steps = [s.step for s in history.snapshots]
    assert history.thinned
    assert steps[0] == 3 and steps[-1] == 3000             # first and last always kept
    gaps = np.diff(steps[:-1])
    assert len(set(gaps.tolist())) == 1, gaps              # evenly spaced
    assert len(steps) >= 10                                # thinned, not emptied
    batch_steps = history.batches()[0]
    assert batch_steps[-1] == 3002 and len(set(np.diff(batch_steps[:-1]).tolist())) == 1
    assert history._metrics_nbytes() <= history.budget_bytes // 4
    for snap in history.snapshots:                         # each kept one is still itself
        assert snap.state["layers.0.weight"][0] == snap.step / 3


def test_every_batch_stays_while_the_budget_allows():
    history = RunHistory()
    for step in range(1, 3001):
        history.add_batch(step, step / 30, 1.0 / step)
    steps, positions, losses = history.batches()
    assert steps.tolist() == list(range(1, 3001)) and not history.thinned
    assert losses[9] == 0.1 and positions[29] == 1.0


def test_a_short_run_is_not_thinned():
    history = RunHistory()
    for step in range(10):
        history.add_snapshot(step, step / 10, _state(step))
    assert not history.thinned and len(history) == 10


def test_another_architecture_needs_another_history():
    history = RunHistory()
    history.add_snapshot(0, 0.0, _state(0))
    with pytest.raises(ConfigError, match="do not fit"):
        history.add_snapshot(1, 1.0, _state(0, size=3))
    with pytest.raises(ConfigError, match="there is no snapshot 5"):
        history.at(5)


def _tiny_trainer(epochs: int = 3, seed: int = 0) -> Trainer:
    images, labels = data.generate(64, 9, "low", seed)
    (tx, ty), validation = data.split(images, labels, 0.25, seed)
    net = build_network(9, [2], [3], seed=seed)
    return Trainer(net, (tx, ty), validation, TrainConfig(epochs=epochs, batch_size=4))


def test_the_recorder_keeps_start_first_epoch_points_and_epoch_ends():
    trainer = _tiny_trainer(epochs=3)
    history = RunHistory()
    recorder = HistoryRecorder(history, trainer.net.state_dict, trainer.batches_per_epoch)
    recorder.start()
    at_epoch_end = {}
    for progress in trainer.run():
        recorder.observe(progress, trainer.history.epochs)
        if progress.epoch_end:
            at_epoch_end[progress.step] = trainer.net.state_dict()
    bpe = trainer.batches_per_epoch
    steps = [s.step for s in history.snapshots]
    assert steps == [0, *first_epoch_points(bpe), bpe, 2 * bpe, 3 * bpe]
    assert [s.label for s in history.snapshots][-1] == "epoch 3"
    for snap in history.snapshots[-3:]:
        for key, value in at_epoch_end[snap.step].items():
            assert np.array_equal(snap.state[key], value)
    assert [r.epoch for r in history.epochs] == [1, 2, 3]
    batch_steps, positions, losses = history.batches()
    assert batch_steps.tolist() == list(range(1, 3 * bpe + 1))
    assert positions[-1] == 3.0 and np.isfinite(losses).all()


def test_train_from_here_forks_and_the_next_run_counts_on():
    trainer = _tiny_trainer(epochs=3)
    history = RunHistory()
    recorder = HistoryRecorder(history, trainer.net.state_dict, trainer.batches_per_epoch)
    recorder.start()
    for progress in trainer.run():
        recorder.observe(progress, trainer.history.epochs)
    bpe = trainer.batches_per_epoch
    index = [s.step for s in history.snapshots].index(bpe)        # the end of epoch 1
    fork = history.truncate_after(index)
    assert fork.pinned and history.snapshots[-1] is fork
    assert history.batches()[0].max() == bpe
    assert [r.epoch for r in history.epochs] == [1]
    # a new run from the fork's weights, numbered after it
    again = _tiny_trainer(epochs=1)
    again.net.load_state_dict(fork.state)
    recorder = HistoryRecorder.continuing(history, again.net.state_dict,
                                          again.batches_per_epoch)
    recorder.start()
    for progress in again.run():
        recorder.observe(progress, again.history.epochs)
    assert [s.step for s in history.snapshots] == [s.step for s in history.snapshots[:index + 1]] \
        + [2 * bpe]
    assert history.snapshots[-1].label == "epoch 2"
    assert [r.epoch for r in history.epochs] == [1, 2]
    assert history.batches()[0].tolist() == list(range(1, 2 * bpe + 1))


def test_a_fork_point_survives_thinning():
    one = sum(v.nbytes for v in _state(0).values())
    history = RunHistory(budget_bytes=8 * one)
    for step in range(1, 6):
        history.add_snapshot(step, step, _state(step))
    history.truncate_after(2)                                   # pins step 3
    for step in range(4, 100):
        history.add_snapshot(step, step, _state(step))
    assert 3 in [s.step for s in history.snapshots] and history.thinned
    assert history.nbytes <= history.budget_bytes


def test_a_stopped_run_ends_with_its_final_weights():
    trainer = _tiny_trainer(epochs=3)
    history = RunHistory()
    recorder = HistoryRecorder(history, trainer.net.state_dict, trainer.batches_per_epoch)
    recorder.start()
    for progress in trainer.run():
        recorder.observe(progress, trainer.history.epochs)
        if progress.step == trainer.batches_per_epoch + 1:
            trainer.stop()
    last = history.snapshots[-1]
    assert last.label == "stopped" and last.step == trainer.batches_per_epoch + 1
    for key, value in trainer.net.state_dict().items():
        assert np.array_equal(last.state[key], value)


def test_index_at_epoch_and_past_the_end():
    history = RunHistory()
    for epoch in range(4):
        history.add_snapshot(epoch * 10, float(epoch), _state(epoch))
    assert history.index_at_epoch(0) == 0
    assert history.index_at_epoch(2.5) == 2
    with pytest.raises(ConfigError, match="has 3 epochs, so there is no epoch 5"):
        history.index_at_epoch(5)


def test_epoch_records_are_kept_as_copies():
    history = RunHistory()
    record = EpochRecord(1, 10, 0.5, 0.9, None, None, 1.0)
    history.add_epoch(record)
    record.train_loss = 7.0
    assert history.epochs[0].train_loss == 0.5


def test_a_diverged_run_ends_with_the_last_good_weights():
    images, labels = data.generate(64, 9, "low", 0)
    net = build_network(9, [2], [3])
    trainer = Trainer(net, (images, labels), None,
                      TrainConfig(epochs=5, batch_size=4, lr=1e6, optimizer="sgd"))
    history = RunHistory()
    recorder = HistoryRecorder(history, net.state_dict, trainer.batches_per_epoch)
    recorder.start()
    for progress in trainer.run():
        recorder.observe(progress, trainer.history.epochs)
    assert trainer.status == "diverged"
    last = history.snapshots[-1]
    for key, value in net.state_dict().items():
        assert np.isfinite(value).all() and np.array_equal(last.state[key], value)
    assert np.isfinite(history.batches()[2]).all()


def test_a_fork_inside_the_first_epoch_counts_on_from_there():
    trainer = _tiny_trainer(epochs=1)
    history = RunHistory()
    recorder = HistoryRecorder(history, trainer.net.state_dict, trainer.batches_per_epoch)
    recorder.start()
    for progress in trainer.run():
        recorder.observe(progress, trainer.history.epochs)
    bpe = trainer.batches_per_epoch
    fork = history.truncate_after(2)                      # the second first-epoch point
    assert 0 < fork.epoch < 1
    again = _tiny_trainer(epochs=1)
    again.net.load_state_dict(fork.state)
    recorder = HistoryRecorder.continuing(history, again.net.state_dict, bpe)
    recorder.start()
    for progress in again.run():
        recorder.observe(progress, again.history.epochs)
    snaps = history.snapshots
    assert [s.step for s in snaps[3:]] == [fork.step + p for p in first_epoch_points(bpe)] \
        + [fork.step + bpe]
    assert snaps[-1].label == "epoch 1" and snaps[-1].epoch == pytest.approx(fork.epoch + 1)
    steps, positions, _ = history.batches()
    assert steps.tolist() == list(range(1, fork.step + bpe + 1))
    assert np.all(np.diff(positions) > 0)                 # the curve's x keeps going right


_ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("snapshot"), st.integers(0, 3)),     # steps forward
    st.tuples(st.just("batches"), st.integers(1, 20)),
    st.tuples(st.just("fork"), st.integers(0, 1000))), min_size=1, max_size=120)


@settings(max_examples=80, deadline=None)
@given(actions=_ACTIONS, budget_snapshots=st.integers(2, 12))
def test_thinning_keeps_its_promises_whatever_happens(actions, budget_snapshots):
    """Any mix of snapshots, batches and forks: within budget unless only the kept-for-
    sure remain; the first, the newest and the pinned stay; the rest sit on the stride."""
    one = sum(v.nbytes for v in _state(0).values())
    history = RunHistory(budget_bytes=budget_snapshots * one)
    step, pinned = 0, set()
    history.add_snapshot(0, 0.0, _state(0))
    for kind, amount in actions:
        if kind == "snapshot":
            step += amount
            history.add_snapshot(step, step / 10, _state(step))
        elif kind == "batches":
            for _ in range(amount):
                step += 1
                history.add_batch(step, step / 10, 1.0)
        else:
            fork = history.truncate_after(amount % len(history))
            step = fork.step
            pinned = {p for p in pinned if p <= step} | {step}
        snaps = history.snapshots
        kept = {s.step for s in snaps}
        assert snaps[0].step == 0 and pinned <= kept
        assert [s.step for s in snaps] == sorted(kept)                   # in order, no twins
        stride = history.strides[0]
        for s in snaps[1:-1]:
            assert s.pinned or s.ordinal % stride == 0
        must_stay = sum(s.nbytes for s in snaps if s.pinned or s is snaps[-1])
        assert history.nbytes <= history.budget_bytes or \
            sum(s.nbytes for s in snaps) == must_stay
        batches = history.batches()[0]
        assert len(batches) <= 2 or batches.nbytes * 3 <= history.budget_bytes // 4
        assert np.all(np.diff(batches) > 0) and (len(batches) == 0 or batches[-1] <= step)
        for s in snaps:
            assert s.state["layers.0.weight"][0] == s.step
