"""EpochBatches: every batch's images right, also when the gather buffers are reused by
the next block and handed on to the next epoch's batches."""
from __future__ import annotations

import numpy as np
import pytest

from xo_gui.engine import epoch_batches
from xo_gui.engine.epoch_batches import EpochBatches, batch_last


def _images(count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    return rng.standard_normal((count, 5, 4)).astype(np.float32), rng.integers(0, 3, count)


def _expected(images: np.ndarray, batches: EpochBatches, b: int) -> np.ndarray:
    return batch_last(images, batches.order[b * batches.size:(b + 1) * batches.size])


@pytest.mark.parametrize("per_block", [1, 2, 100])      # blocks of 1 or 2 batches, or all
def test_batches_of_consecutive_epochs_are_right_with_reused_buffers(monkeypatch, per_block):
    images, labels = _images(23)                         # batches of 5: the last has 3
    monkeypatch.setattr(epoch_batches, "GATHER_BYTES", per_block * 5 * images[0].nbytes)
    rng, batches, seen = np.random.default_rng(2), None, []
    for _ in range(3):
        batches = EpochBatches(images, labels, 5, rng, spare=batches)
        for b in range(batches.count):
            x = batches.images_of(b)
            assert x.flags.c_contiguous and x.shape == (1, 5, 4, min(5, 23 - 5 * b))
            np.testing.assert_array_equal(x, _expected(images, batches, b))
            np.testing.assert_array_equal(batches.labels_of(b), labels[batches.indices(b)])
        seen.append(x)
    assert np.shares_memory(seen[0], seen[2])            # the first epoch's buffer, reused


def test_a_batch_is_unchanged_until_a_batch_of_another_block_is_asked_for(monkeypatch):
    images, labels = _images(40)
    monkeypatch.setattr(epoch_batches, "GATHER_BYTES", 3 * 4 * images[0].nbytes)
    batches = EpochBatches(images, labels, 4, np.random.default_rng(3))
    given = [batches.images_of(b) for b in range(3)]     # one block of three batches
    kept = [x.copy() for x in given]
    for b in (2, 0, 1):                                  # asked again, in any order
        batches.images_of(b)
    for x, copy in zip(given, kept):
        np.testing.assert_array_equal(x, copy)
    fourth = batches.images_of(3)                        # the next block: same buffer
    assert np.shares_memory(fourth, given[0])
    np.testing.assert_array_equal(fourth, _expected(images, batches, 3))


def test_buffers_of_another_size_are_not_reused():
    images, labels = _images(30)
    rng = np.random.default_rng(4)
    first = EpochBatches(images, labels, 6, rng)     # 5 batches of 6: 30 images' room
    old = first.images_of(0)
    other = EpochBatches(images, labels, 7, rng, spare=first)   # 5 of 7 need 35
    x = other.images_of(0)
    assert not np.shares_memory(x, old)
    np.testing.assert_array_equal(x, _expected(images, other, 0))


def test_the_gather_buffers_are_made_only_when_a_batch_is_gathered():
    import tracemalloc

    images = np.zeros((1024, 28, 28), np.float32)          # 3.2 MB: a batch trained in
    labels = np.zeros(1024, np.int64)                      # chunks never gathers here
    tracemalloc.start()
    try:
        batches = EpochBatches(images, labels, 1024, np.random.default_rng(0))
        made = tracemalloc.get_traced_memory()[0]
        batches.images_of(0)
        gathered = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert made < images.nbytes // 4                       # the order and labels only
    assert gathered - made >= 2 * images.nbytes            # then both buffers
    spare = EpochBatches(images, labels, 1024, np.random.default_rng(1), spare=batches)
    assert np.shares_memory(spare.images_of(0), batches.images_of(0))
