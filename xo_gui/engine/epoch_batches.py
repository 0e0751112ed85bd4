"""One epoch of training batches: a shuffled order of the images, cut into batches, each
batch's images gathered batch-last (1, H, W, N) as the network takes them.

Gathering costs a take and a transposed copy per call, so the images of the next few
batches are gathered together, up to ``GATHER_BYTES`` (a 9x9 batch of 32 is 10 KB; a
batch larger than that is gathered alone): each batch is then a contiguous view of its
block.  Nothing the size of the data set is copied.

The two buffers of a gather are kept and reused by the next block and, handed on with
``spare``, by the next epoch's batches: a batch's images are valid until the next block
is gathered, which the trainer asks for only once it is done with the batch before.
"""
from __future__ import annotations

import numpy as np

GATHER_BYTES = 1 << 20     # at most this much of the next batches' images gathered at once


def batch_last(images: np.ndarray, chosen: np.ndarray | None = None) -> np.ndarray:
    """(N, H, W) -> (1, H, W, N) contiguous; only the images ``chosen`` when given
    (``take`` gathers them about twice as fast as fancy indexing, and the copy of a 3-d
    transpose is faster than of a 4-d one: 12 us, not 20, for 128 9x9 images)."""
    if chosen is not None:
        images = images.take(chosen, axis=0)
    return np.ascontiguousarray(images.transpose(1, 2, 0))[None]


class EpochBatches:
    """Batch ``b`` of an epoch: its image indices, labels and batch-last images.  Given
    the previous epoch's batches as ``spare``, their buffers are reused (so a batch of
    theirs must no longer be in use)."""

    def __init__(self, images: np.ndarray, labels: np.ndarray, size: int,
                 rng: np.random.Generator, spare: EpochBatches | None = None) -> None:
        self.images, self.size = images, size
        self.order = rng.permutation(len(images))
        self.labels = labels.take(self.order)            # in the epoch's order
        self.count = -(-len(images) // size)             # batches, the last maybe short
        self._full = len(images) // size                 # batches of ``size`` images
        self._per_block = max(1, GATHER_BYTES // max(size * images[0].nbytes, 1))
        self._block: np.ndarray | None = None            # (batches, 1, H, W, size)
        self._first = 0                                  # the block's first batch
        # The gather's two buffers, made at the first gather (a batch trained in chunks
        # never gathers here: its buffers would be 6.3 KB per image of the 28x28
        # network's, unused) or taken over from ``spare``.
        self._capacity = min(self._per_block, self.count) * size * images[0].size
        same = (spare is not None and spare._picked is not None
                and spare._picked.size == self._capacity and spare._picked.dtype == images.dtype)
        self._picked = spare._picked if same else None
        self._rows = spare._rows if same else None

    def indices(self, b: int) -> np.ndarray:
        return self.order[b * self.size:(b + 1) * self.size]

    def labels_of(self, b: int) -> np.ndarray:
        return self.labels[b * self.size:(b + 1) * self.size]

    def images_of(self, b: int) -> np.ndarray:
        """Batch ``b``'s images (1, H, W, n), gathered with the next batches if need be
        (into the kept buffers: the batches of the block before are overwritten)."""
        block = self._block
        if block is None or not self._first <= b < self._first + len(block):
            count = min(self._per_block, self._full - b) if b < self._full else 1
            chosen = self.order[b * self.size:(b + count) * self.size]
            n, (h, w) = len(chosen) // count, self.images.shape[1:]
            size = len(chosen) * h * w
            if self._picked is None:
                self._picked = np.empty(self._capacity, self.images.dtype)
                self._rows = np.empty(self._capacity, self.images.dtype)
            picked = self._picked[:size].reshape(len(chosen), h, w)
            # The order is a permutation, so every index is in range; with mode="raise"
            # take would gather into a temporary and copy it to ``out`` (94 us, not 28,
            # for 2048 9x9 images).
            self.images.take(chosen, axis=0, out=picked, mode="wrap")
            block = self._rows[:size].reshape(count, 1, h, w, n)
            np.copyto(block.reshape(count, h * w, n),
                      picked.reshape(count, n, h * w).transpose(0, 2, 1))
            self._block, self._first = block, b
        return block[b - self._first]
