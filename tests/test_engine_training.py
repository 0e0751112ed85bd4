"""Impossible settings, the optimizers, and the trainer a GUI worker thread drives."""
from __future__ import annotations

import math
import threading
import time

import numpy as np
import pytest

from xo_gui.engine import data
from xo_gui.engine.errors import ConfigError
from xo_gui.engine.losses import cross_entropy, get_loss, right_answers
from xo_gui.engine.network import build_network
from xo_gui.engine.optim import SGD, Adam, Momentum, make_optimizer
from xo_gui.engine.train import CHECKPOINT_EVERY, DIVERGED_LOSS, TrainConfig, Trainer


@pytest.fixture(scope="module")
def small_data():
    images, labels = data.generate(200, 9, "low", seed=1)
    return data.split(images, labels, 0.25, seed=1)


def weights(net) -> dict[str, np.ndarray]:
    return net.state_dict()


def assert_same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)


def finite(net) -> bool:
    return all(np.isfinite(v).all() for v in weights(net).values())


# --- impossible settings: a ConfigError that says what is wrong -------------------------
@pytest.mark.parametrize("kwargs,message", [
    (dict(feature_sizes=(10,)), r"10x10 feature is larger than its 9x9 input"),
    (dict(input_size=12, features=(2, 2), feature_sizes=(5, 5)), r"block 2: .*larger"),
    (dict(features=(0,)), r"at least one feature"),
    (dict(features=()), r"at least one block"),
    (dict(feature_sizes=(0,)), r"feature size must be at least 1"),
    (dict(pool_size=0), r"pooling window must be at least 1"),
    (dict(pool_stride=0), r"pooling stride must be at least 1"),
    (dict(pool_size=8), r"8x8 pooling window is larger than its 7x7 input"),
    (dict(hidden=(0,)), r"at least one neuron"),
    (dict(hidden=(4, -1)), r"at least one neuron"),
    (dict(pool="median"), r"pooling must be 'max' or 'avg'"),
    (dict(features=(2, 2), feature_sizes=(3, 3, 3)), r"one feature count and one feature size per block"),
])
def test_impossible_network(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        build_network(**{"input_size": 9, **kwargs})


@pytest.mark.parametrize("kwargs,message", [
    (dict(lr=-0.1), r"learning rate must be a positive number \(got -0.1\)"),
    (dict(lr=0.0), r"learning rate must be a positive number"),
    (dict(lr=float("nan")), r"learning rate must be a positive number \(got nan\)"),
    (dict(lr=float("inf")), r"learning rate must be a positive number"),
    (dict(batch_size=0), r"batch size must be at least 1 \(got 0\)"),
    (dict(batch_size=-5), r"batch size must be at least 1"),
    (dict(optimizer="rmsprop"), r"unknown optimizer 'rmsprop'; choose one of sgd, momentum, adam"),
    (dict(loss="hinge"), r"unknown loss 'hinge'; choose one of"),
    (dict(epochs=0), r"epochs must be at least 1"),
    (dict(steps=-1), r"steps must be 0 or more"),
    (dict(target_accuracy=1.5), r"target accuracy must be in \(0, 1\]"),
    (dict(target_loss=-1.0), r"target loss must be 0 or more"),
])
def test_impossible_training_settings(kwargs, message, small_data):
    with pytest.raises(ConfigError, match=message):
        TrainConfig(**kwargs).check()
    # The trainer refuses them before it touches the network.
    net = build_network(9)
    before = weights(net)
    with pytest.raises(ConfigError, match=message):
        Trainer(net, small_data[0], small_data[1], TrainConfig(**kwargs))
    assert_same(weights(net), before)


@pytest.mark.parametrize("lr", [0, -1, float("nan")])
@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_optimizers_refuse_bad_learning_rates(name, lr):
    with pytest.raises(ConfigError, match="learning rate"):
        make_optimizer(name, lr)


def test_bad_training_data(small_data):
    (images, labels), _ = small_data
    net = build_network(9)
    with pytest.raises(ConfigError, match="nothing to train on"):
        Trainer(net, (images[:0], labels[:0]))
    with pytest.raises(ConfigError, match="differ in number"):
        Trainer(net, (images, labels[:-1]))
    with pytest.raises(ConfigError, match="takes 9x9 images, the data is 12x12"):
        Trainer(net, (np.zeros((4, 12, 12), np.float32), labels[:4]))
    with pytest.raises(ConfigError, match="outside the network's classes"):
        Trainer(net, (images[:2], np.array([0, 2])))


def test_unknown_loss_name():
    with pytest.raises(ConfigError, match="unknown loss"):
        get_loss("mse")


# --- optimizers ---------------------------------------------------------------------------
def gradients(net, images, labels):
    _, grad = cross_entropy(net.forward(net.to_batch(images)), labels)
    net.backward(grad)
    return {f"layers.{i}.{k}": layer.grads[k].copy()
            for i, layer in enumerate(net.layers) for k in layer.grads}


def test_sgd_is_exactly_w_minus_lr_grad(small_data):
    (images, labels), _ = small_data
    net = build_network(9, features=(3,), hidden=(4,), seed=2)
    before = weights(net)
    grads = gradients(net, images[:16], labels[:16])
    SGD(0.25).step(net)
    after = weights(net)
    assert grads.keys() == before.keys()
    for key in before:
        expected = before[key] - np.float32(0.25) * grads[key]
        np.testing.assert_array_equal(after[key], expected, err_msg=key)


def test_trainer_with_sgd_does_one_plain_step(small_data):
    """One full batch through the trainer = one manual w - lr * d(mean cross-entropy)/dw."""
    (images, labels), _ = small_data
    images, labels = images[:40], labels[:40]
    net = build_network(9, features=(3,), seed=2).astype(np.float64)
    manual = net.copy()
    grads = gradients(manual, images, labels)
    expected = {k: v - 0.5 * grads[k] for k, v in weights(manual).items()}
    trainer = Trainer(net, (images, labels),
                      config=TrainConfig(steps=1, batch_size=40, lr=0.5, optimizer="sgd"))
    records = list(trainer.run())
    assert trainer.step_count == 1 and records[-1].status == "finished"
    after = weights(net)
    for key in expected:    # the batch is shuffled: the same sum in another order
        np.testing.assert_allclose(after[key], expected[key], rtol=1e-12, atol=1e-14, err_msg=key)


def test_frozen_layers_are_not_updated_by_the_optimizer(small_data):
    (images, labels), _ = small_data
    net = build_network(9, seed=2)
    net.freeze([0])
    before = weights(net)
    gradients(net, images[:8], labels[:8])
    Adam(0.1).step(net)
    after = weights(net)
    assert_same({k: after[k] for k in after if k.startswith("layers.0.")},
                {k: before[k] for k in before if k.startswith("layers.0.")})
    assert not np.array_equal(after["layers.4.weight"], before["layers.4.weight"])


def test_momentum_matches_its_definition(small_data):
    (images, labels), _ = small_data
    net = build_network(9, features=(2,), seed=3).astype(np.float64)
    opt = Momentum(0.1, momentum=0.9)
    velocity = None
    for step in range(3):
        before = weights(net)
        grads = gradients(net, images[step * 8:(step + 1) * 8], labels[step * 8:(step + 1) * 8])
        velocity = grads if velocity is None else {k: 0.9 * velocity[k] + grads[k] for k in grads}
        opt.step(net)
        for key, value in weights(net).items():
            np.testing.assert_allclose(value, before[key] - 0.1 * velocity[key], rtol=1e-12, atol=1e-15)


def test_adam_matches_its_definition(small_data):
    (images, labels), _ = small_data
    net = build_network(9, features=(2,), seed=3).astype(np.float64)
    opt = Adam(0.01)
    m = v = None
    for t in range(1, 4):
        before = weights(net)
        g = gradients(net, images[t * 8:(t + 1) * 8], labels[t * 8:(t + 1) * 8])
        m = {k: 0.1 * g[k] + (0.9 * m[k] if m else 0) for k in g}
        v = {k: 0.001 * g[k] ** 2 + (0.999 * v[k] if v else 0) for k in g}
        opt.step(net)
        for key, value in weights(net).items():
            m_hat, v_hat = m[key] / (1 - 0.9 ** t), v[key] / (1 - 0.999 ** t)
            np.testing.assert_allclose(value, before[key] - 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8),
                                       rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("name,lr", [("sgd", 0.1), ("momentum", 0.05), ("adam", 0.01)])
def test_each_optimizer_decreases_the_loss(small_data, name, lr):
    (images, labels), _ = small_data
    net = build_network(9, features=(3,), seed=4)
    x = net.to_batch(images[:32])
    y = labels[:32]
    start = cross_entropy(net.forward(x, keep=False), y)[0]
    opt = make_optimizer(name, lr)
    for _ in range(40):     # with the new generator's images, 30 steps left sgd at 0.70x
        _, grad = cross_entropy(net.forward(x), y)
        net.backward(grad)
        opt.step(net)
    end = cross_entropy(net.forward(x, keep=False), y)[0]
    assert end < 0.7 * start, (start, end)


# --- the trainer ------------------------------------------------------------------------
def train(small_data, **config):
    net = build_network(9, seed=config.pop("net_seed", 0))
    trainer = Trainer(net, small_data[0], small_data[1], TrainConfig(**config))
    records = list(trainer.run())
    return net, trainer, records


def test_deterministic_for_a_seed(small_data):
    a, _, ra = train(small_data, epochs=2, seed=5)
    b, _, rb = train(small_data, epochs=2, seed=5)
    assert_same(weights(a), weights(b))
    assert [r.loss for r in ra[:-1]] == [r.loss for r in rb[:-1]]
    c, _, _ = train(small_data, epochs=2, seed=6)        # another shuffle: other weights
    assert not np.array_equal(weights(a)["layers.4.weight"], weights(c)["layers.4.weight"])


@pytest.mark.parametrize("batch,gather_bytes", [(16, 1 << 20), (13, 13 * 81 * 4 * 2), (32, 1)])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_the_trainer_takes_exactly_the_steps_of_a_plain_loop(small_data, monkeypatch, batch,
                                                            gather_bytes, optimizer):
    """Same seed, same weights bit for bit: the Trainer's batches (gathered a few at a time,
    the last of an epoch short) are those of one permutation per epoch, each batch made by
    to_batch and stepped by forward, cross-entropy, backward and the optimizer."""
    from xo_gui.engine import epoch_batches
    monkeypatch.setattr(epoch_batches, "GATHER_BYTES", gather_bytes)   # blocks of 1-2 batches
    (images, labels), _ = small_data
    net = build_network(9, seed=3)
    plain, opt, rng = net.copy(), make_optimizer(optimizer, 0.01), np.random.default_rng(7)
    trainer = Trainer(net, (images, labels), config=TrainConfig(
        epochs=3, batch_size=batch, optimizer=optimizer, lr=0.01, seed=7))
    losses, accuracy = [], []           # and the epoch's running accuracy after each batch
    for _ in range(3):
        order = rng.permutation(len(images))
        right = 0
        for begin in range(0, len(order), batch):
            chosen = order[begin:begin + batch]
            scores = plain.forward(plain.to_batch(images[chosen]))
            loss, grad = cross_entropy(scores, labels[chosen])
            losses.append(loss)
            right += int((scores.argmax(axis=0) == labels[chosen]).sum())
            accuracy.append(right / min(begin + batch, len(order)))
            plain.backward(grad)
            opt.step(plain)
    records = list(trainer.run())[:-1]
    assert [r.loss for r in records] == losses
    assert [r.train_accuracy for r in records] == accuracy
    assert_same(weights(net), weights(plain))


@pytest.mark.parametrize("classes", [2, 3])
def test_right_answers_are_argmax_s_including_ties_and_infinities(classes):
    rng = np.random.default_rng(0)
    scores = rng.integers(-2, 3, (classes, 400)).astype(np.float32)   # many ties
    scores[rng.integers(0, classes, 40), rng.integers(0, 400, 40)] = np.inf
    scores[rng.integers(0, classes, 40), rng.integers(0, 400, 40)] = -np.inf
    labels = rng.integers(0, classes, 400)
    expected = int((scores.argmax(axis=0) == labels).sum())
    assert right_answers(scores, labels) == expected
    assert 0 < expected < 400


def test_progress_records(small_data):
    net, trainer, records = train(small_data, epochs=3, batch_size=32)
    per_epoch = math.ceil(len(small_data[0][0]) / 32)
    assert trainer.batches_per_epoch == per_epoch
    assert [r.step for r in records[:-1]] == list(range(1, 3 * per_epoch + 1))
    assert all(r.total_steps == 3 * per_epoch for r in records)
    assert [r.batch for r in records[:per_epoch]] == list(range(1, per_epoch + 1))
    assert all(r.batches_per_epoch == per_epoch for r in records)
    assert [r.epoch for r in records[:-1:per_epoch]] == [1, 2, 3]
    assert all(0 < r.train_loss < 10 and 0 <= r.train_accuracy <= 1 for r in records[:-1])
    assert all(r.status == "running" and r.val_loss is None for r in records[:per_epoch - 1])
    assert 0 < records[0].elapsed < records[-1].elapsed == trainer.elapsed
    assert records[-1].status == "finished" and trainer.status == "finished"
    ends = [r for r in records[:-1] if r.epoch_end]
    assert [r.epoch for r in ends] == [1, 2, 3]
    assert all(r.val_accuracy is not None and 0 <= r.val_accuracy <= 1 for r in ends)
    assert [e.epoch for e in trainer.history.epochs] == [1, 2, 3]
    assert trainer.history.to_csv().count("\n") == 4
    assert records[-2].samples_per_second > 0


def test_steps_mode_does_exactly_n_steps(small_data):
    for steps in (1, 7, 13):
        net, trainer, records = train(small_data, steps=steps, batch_size=16)
        assert trainer.step_count == steps
        assert [r.step for r in records if r.status != "finished"] == list(range(1, steps + 1))
        assert records[-1].status == "finished"


def test_zero_steps_leaves_the_network_untouched(small_data):
    net = build_network(9)
    before = weights(net)
    trainer = Trainer(net, small_data[0], config=TrainConfig(steps=0))
    records = list(trainer.run())
    assert trainer.step_count == 0 and records[-1].status == "finished"
    assert_same(weights(net), before)


def test_target_accuracy_stops_early(small_data):
    net, trainer, records = train(small_data, epochs=50, target_accuracy=0.9)
    assert records[-1].status == "target"
    assert records[-1].val_accuracy >= 0.9
    assert len(trainer.history.epochs) < 50


def test_freezing_the_features_trains_only_the_votes(small_data):
    net = build_network(9, seed=0)
    net.freeze([0])
    before = weights(net)
    trainer = Trainer(net, *small_data, config=TrainConfig(epochs=2))
    list(trainer.run())
    after = weights(net)
    np.testing.assert_array_equal(after["layers.0.weight"], before["layers.0.weight"])
    np.testing.assert_array_equal(after["layers.0.bias"], before["layers.0.bias"])
    assert not np.array_equal(after["layers.4.weight"], before["layers.4.weight"])
    assert not np.array_equal(after["layers.4.bias"], before["layers.4.bias"])


def test_huge_learning_rate_diverges_and_keeps_the_last_good_weights(small_data):
    net = build_network(9, seed=0)
    trainer = Trainer(net, small_data[0], config=TrainConfig(lr=1e30, optimizer="sgd", epochs=5))
    snapshots = [weights(net)]                # snapshots[j]: the weights after j steps
    records = []
    for progress in trainer.run():
        records.append(progress)
        snapshots.append(weights(net))
    assert records[-1].status == "diverged" == trainer.status
    assert trainer.step_count < trainer.total_steps
    assert finite(net)
    # Step j+1 measured the loss of snapshots[j]; the kept weights are the last checkpoint
    # (every CHECKPOINT_EVERY steps) whose loss was finite and sane.
    good = [j for j, r in enumerate(records) if math.isfinite(r.loss) and r.loss < DIVERGED_LOSS
            and j % CHECKPOINT_EVERY == 0]
    assert good, "the first step's loss is that of the initial weights: finite"
    assert_same(weights(net), snapshots[good[-1]])


@pytest.mark.parametrize("bad_step", [3, 8, 13])     # between checkpoints, at one, last
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_gradient_that_is_not_finite_is_divergence_with_the_good_weights_kept(
        small_data, monkeypatch, bad_step, optimizer):
    """The trainer does not scan every gradient: a NaN one spoils the weights it touches,
    and the next loss, weight check or the run's last check restores the backup."""
    net = build_network(9, seed=0)
    steps = 13
    trainer = Trainer(net, small_data[0], config=TrainConfig(steps=steps, batch_size=16,
                                                             optimizer=optimizer))
    backward, calls = net.backward, []

    def spoiled(grad):
        backward(grad)
        calls.append(1)
        if len(calls) == bad_step:            # one gradient value, of the features only
            net.layers[0].grads["weight"].flat[4] = np.nan
    monkeypatch.setattr(net, "backward", spoiled)
    snapshots, records = [weights(net)], []
    for progress in trainer.run():
        records.append(progress)
        snapshots.append(weights(net))
    assert records[-1].status == "diverged" == trainer.status
    assert trainer.diverged_reason
    assert finite(net)
    # The backup is the last checkpoint (every CHECKPOINT_EVERY steps) before the bad one.
    assert_same(weights(net), snapshots[(bad_step - 1) // CHECKPOINT_EVERY * CHECKPOINT_EVERY])


def test_huge_learning_rate_with_momentum_stays_finite(small_data):
    net, trainer, records = train(small_data, lr=1e30, optimizer="momentum", epochs=3)
    assert records[-1].status in ("diverged", "finished")
    assert finite(net)


def run_in_thread(trainer):
    seen: list = []

    def work():
        for progress in trainer.run():
            seen.append(progress)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, seen


def wait_for(condition, timeout=10.0):
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.002)


def test_pause_resume_and_stop_from_another_thread(small_data):
    net = build_network(9)
    trainer = Trainer(net, *small_data, config=TrainConfig(steps=10**6, batch_size=8))
    thread, seen = run_in_thread(trainer)
    wait_for(lambda: trainer.step_count >= 5)
    trainer.pause()
    assert trainer.paused
    assert trainer.wait_until_parked(5), "the batch under way never finished"
    paused_at = len(seen)
    assert trainer.step_count == paused_at and trainer.wait_until_parked(0)
    assert thread.is_alive()
    trainer.resume()
    assert not trainer.paused
    wait_for(lambda: trainer.step_count >= paused_at + 5)
    trainer.stop()
    thread.join(5)
    assert not thread.is_alive()
    assert seen[-1].status == "stopped" == trainer.status
    assert trainer.step_count < 10**6
    assert finite(net)
    assert [p.step for p in seen[:-1]] == list(range(1, trainer.step_count + 1))


def test_stop_while_paused(small_data):
    net = build_network(9)
    trainer = Trainer(net, *small_data, config=TrainConfig(steps=10**6, batch_size=8))
    thread, seen = run_in_thread(trainer)
    wait_for(lambda: trainer.step_count >= 2)
    trainer.pause()
    assert trainer.wait_until_parked(5)
    count = trainer.step_count
    trainer.stop()                            # must wake the paused worker, not run a batch
    thread.join(5)
    assert not thread.is_alive()
    assert trainer.step_count == count
    assert seen[-1].status == "stopped"
    assert finite(net)


def test_stop_before_start(small_data):
    net = build_network(9)
    before = weights(net)
    trainer = Trainer(net, *small_data)
    trainer.stop()
    records = list(trainer.run())
    assert trainer.step_count == 0 and records[-1].status == "stopped"
    assert_same(weights(net), before)


def test_default_training_reaches_95_percent():
    """The README's promise: the defaults train, in seconds, a network that recognises unseen X/O."""
    images, labels = data.generate(2000, 9, "medium", seed=0)
    train_set, validation = data.split(images, labels, 0.2, seed=0)
    assert len(train_set[0]) == 1600 and len(validation[0]) == 400
    net = build_network(9)
    trainer = Trainer(net, train_set, validation, TrainConfig())
    records = list(trainer.run())
    assert records[-1].status == "finished"
    _, accuracy = trainer.evaluate(*validation)
    assert accuracy >= 0.95, accuracy
    assert trainer.history.epochs[-1].val_accuracy == accuracy


def test_a_batch_too_large_for_memory_is_refused_before_allocating():
    from xo_gui.engine.limits import MAX_BATCH_BYTES

    images, labels = data.generate(64, 64, "none", 0)
    with pytest.raises(ConfigError, match=r"MB per image.*smaller batch \(at most \d+\)"):
        Trainer(build_network(64, (1000,), (1,)), (images, labels),
                config=TrainConfig(batch_size=64))
    # A batch that fits is accepted, and evaluation then goes in chunks that fit too.
    wide = build_network(64, (1000,), (1,))
    trainer = Trainer(wide, (images, labels), config=TrainConfig(batch_size=4))
    assert trainer.eval_chunk == 3 * trainer.train_chunk < 4096
    assert wide.training_bytes_per_image() * 4 < MAX_BATCH_BYTES


@pytest.mark.parametrize("chunk", [1, 5, 13])
def test_a_batch_in_chunks_takes_exactly_the_step_of_the_whole_batch(small_data, chunk):
    (images, labels), _ = small_data
    whole, parts = build_network(9, seed=2), build_network(9, seed=2)
    config = dict(batch_size=32, steps=3, optimizer="sgd", lr=0.5)
    list(Trainer(whole, (images, labels), config=TrainConfig(**config)).run())
    chunked = Trainer(parts, (images, labels), config=TrainConfig(**config))
    chunked.train_chunk = chunk
    records = list(chunked.run())
    assert records[-1].status == "finished" and chunked.step_count == 3
    for a, b in zip(whole.state_dict().values(), parts.state_dict().values()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_a_pause_takes_effect_between_the_chunks_of_a_batch(small_data):
    (images, labels), _ = small_data
    trainer = Trainer(build_network(9, seed=2), (images, labels),
                      config=TrainConfig(batch_size=32, steps=1))
    trainer.train_chunk = 4
    loss_fn, chunks = trainer.loss_fn, []

    def pause_after_the_first_chunk(scores, y):
        chunks.append(len(y))
        if len(chunks) == 1:
            trainer.pause()                   # as the window's Pause does
        return loss_fn(scores, y)

    trainer.loss_fn = pause_after_the_first_chunk
    records: list = []
    thread = threading.Thread(target=lambda: records.extend(trainer.run()))
    thread.start()
    assert trainer.wait_until_parked(30)
    assert chunks == [4] and trainer.step_count == 0          # parked inside the batch
    trainer.resume()
    thread.join(30)
    assert chunks == [4] * 8 and records[-1].status == "finished" and trainer.step_count == 1


def test_a_stop_inside_a_chunked_batch_ends_it_without_changing_the_weights(small_data):
    (images, labels), _ = small_data
    net = build_network(9, seed=2)
    before = net.state_dict()
    trainer = Trainer(net, (images, labels), config=TrainConfig(batch_size=32, epochs=1))
    trainer.train_chunk = 4
    loss_fn, chunks = trainer.loss_fn, []

    def stop_after_two_chunks(scores, y):
        chunks.append(len(y))
        if len(chunks) == 2:
            trainer.stop()                # as the window's Stop does, from another thread
        return loss_fn(scores, y)

    trainer.loss_fn = stop_after_two_chunks
    records = list(trainer.run())
    assert chunks == [4, 4] and records[-1].status == "stopped" and trainer.step_count == 0
    for key, value in net.state_dict().items():
        np.testing.assert_array_equal(value, before[key])


def test_a_batch_that_would_take_too_long_is_refused_naming_the_limit():
    images, labels = data.generate(160, 32, "none", 0)
    net = build_network(32, (1000,), (15,))        # 0.44 billion operations per image
    with pytest.raises(ConfigError, match=r"150 would take about 66\.\d billion operations "
                                          r"\(at most 10 billion.*at most 22 "):
        Trainer(net, (images, labels), config=TrainConfig(batch_size=150))
    Trainer(net, (images, labels), config=TrainConfig(batch_size=22))


def test_freezing_every_layer_is_refused():
    net = build_network(9)
    net.freeze([i for i, layer in enumerate(net.layers) if layer.params])
    images, labels = data.generate(20, 9, "none", 0)
    with pytest.raises(ConfigError, match="nothing would learn"):
        Trainer(net, (images, labels))


def test_a_stop_during_the_epoch_end_evaluation_ends_it_without_recording(small_data):
    """A stop takes effect between evaluation chunks, and no half-evaluated numbers are kept."""
    (images, labels), _ = small_data
    trainer = Trainer(build_network(9), (images, labels), (images, labels),
                      TrainConfig(epochs=3, batch_size=len(images)))
    trainer.eval_chunk = 1
    calls = []
    real_forward = trainer.net.forward

    def forward(x, keep=True):
        if not keep:                       # an evaluation chunk
            calls.append(1)
            if len(calls) == 3:
                trainer.stop()
        return real_forward(x, keep)

    trainer.net.forward = forward
    records = list(trainer.run())
    assert records[-1].status == "stopped"
    assert len(calls) == 3                 # the evaluation stopped after the third chunk
    assert trainer.history.epochs[-1].val_accuracy is None
