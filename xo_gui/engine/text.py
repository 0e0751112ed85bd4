"""Text as a grid (README "Data kinds"): short strings as a character x position picture.

Row ``r`` stands for the ``r``-th letter of a small alphabet, column ``c`` for the ``c``-th
position in the string; a cell is +1 where that letter sits at that position and -1
elsewhere (one-hot, ±1).  A string of a size x size grid uses the first ``size`` letters
of the alphabet and has ``size`` characters.  A class is a short *motif* - e.g. ``bad`` or
``dab`` - that sits somewhere in an otherwise random string, so what tells the classes
apart is a local pattern that can be anywhere: a small diagonal of ink, exactly what a
convolution feature finds.  ``bad`` and ``dab`` hold the same letters, so only their order
(the spatial pattern) separates them.
"""
from __future__ import annotations

import string
from typing import Sequence

import numpy as np

from .data import balanced_labels, check_classes, check_count, check_seed, check_size
from .errors import ConfigError

LETTERS = string.ascii_lowercase
MAX_TEXT_SIZE = len(LETTERS)
DEFAULT_CLASSES = ("bad", "dab")
DEFAULT_SIZE = 12
EXAMPLE_CLASSES = ("bad", "dab", "cab", "abc", "cba", "fed", "deaf", "bead", "face", "ace")
VARIATION_AMOUNTS = {"none": 0.0, "low": 0.33, "medium": 0.66, "high": 1.0}
MOTIF_LENGTHS = (2, 5)


def alphabet(size: int) -> str:
    """The letters a size x size text grid can hold, one per row."""
    size = check_size(size)
    if size > MAX_TEXT_SIZE:
        raise ConfigError(f"a text grid is at most {MAX_TEXT_SIZE}x{MAX_TEXT_SIZE} "
                          f"(one row per letter a-z), not {size}x{size}")
    return LETTERS[:size]


def check_motifs(classes: Sequence[str], size: int) -> tuple[str, ...]:
    """Class names for text: 2-5 letters of the grid's alphabet each, none inside another."""
    letters = alphabet(size)
    names = check_classes([str(c).strip().lower() for c in classes], known=None)
    for name in names:
        low, high = MOTIF_LENGTHS
        if not (low <= len(name) <= high and set(name) <= set(letters)):
            raise ConfigError(
                f"unknown text class {name!r}: a text class is a motif of {low} to {high} "
                f"letters from {letters[0]}-{letters[-1]} (the {size}x{size} grid's alphabet)")
    for a in names:
        for b in names:
            if a != b and a in b:
                raise ConfigError(f"text class {a!r} is part of {b!r}, so a string holding "
                                  f"{b!r} would hold both")
    return names


def text_to_grid(text: str, size: int | None = None) -> np.ndarray:
    """A string -> its (size, size) ±1 grid; ``size`` defaults to the string's length."""
    size = len(text) if size is None else size
    letters = alphabet(size)
    if len(text) != size or not set(text) <= set(letters):
        raise ConfigError(f"a {size}x{size} text grid holds {size} letters from "
                          f"{letters[0]}-{letters[-1]}, not {text!r}")
    grid = -np.ones((size, size), dtype=np.float32)
    grid[[letters.index(ch) for ch in text], np.arange(size)] = 1.0
    return grid


def grid_to_text(grid: np.ndarray) -> str:
    """The string a text grid shows: in each column, the letter of its most inked row."""
    grid = np.asarray(grid)
    letters = alphabet(grid.shape[0])
    return "".join(letters[r] for r in grid.argmax(axis=0))


def _contains(codes: np.ndarray, motif: np.ndarray) -> np.ndarray:
    """(N,) whether each row of letter codes (N, L) holds the motif somewhere."""
    windows = np.lib.stride_tricks.sliding_window_view(codes, len(motif), axis=1)
    return (windows == motif).all(axis=2).any(axis=1)


def generate_text(count: int, size: int = DEFAULT_SIZE, variation: str | float = "medium",
                  seed: int = 0, classes: Sequence[str] = DEFAULT_CLASSES
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Balanced, shuffled text grids (count, size, size) float32 and labels.

    Each string is random letters with its class's motif at a random position and no
    other class's motif anywhere.  With variation the string also holds decoys: a
    different class's motif with one letter changed (so "ba?" in "bad" vs "dab" strings).
    With no variation the background is one repeated letter.
    """
    count, seed, size = check_count(count), check_seed(seed), check_size(size)
    names = check_motifs(classes, size)
    amount = (VARIATION_AMOUNTS.get(variation.strip().lower()) if isinstance(variation, str)
              else variation)
    if amount is None or isinstance(amount, bool) or not isinstance(amount, (int, float)) \
            or not 0.0 <= amount <= 1.0:
        raise ConfigError(f"unknown variation {variation!r}; choose one of "
                          f"{', '.join(VARIATION_AMOUNTS)}")
    letters = alphabet(size)
    motifs = [np.array([letters.index(ch) for ch in name]) for name in names]
    label_seed, text_seed = np.random.SeedSequence(seed).spawn(2)
    labels = balanced_labels(count, len(names), np.random.default_rng(label_seed))
    rng = np.random.default_rng(text_seed)
    if amount == 0:
        filler = next(i for i in range(size) if all(i not in m for m in motifs))
        codes = np.full((count, size), filler)
    else:
        codes = rng.integers(0, size, (count, size))
    rows = np.arange(count)
    if amount > 0:                                   # decoys: near-misses of other motifs
        decoy = rng.random(count) < amount
        for k, motif in enumerate(motifs):
            mine = np.flatnonzero(decoy & (labels == (k + 1) % len(motifs)))
            at = rng.integers(0, size - len(motif) + 1, len(mine))
            cols = at[:, None] + np.arange(len(motif))
            codes[mine[:, None], cols] = motif
            broken = rng.integers(0, len(motif), len(mine))
            codes[mine, at + broken] = (motif[broken] + rng.integers(1, size, len(mine))) % size
    place = np.empty(count, dtype=np.int64)
    for k, motif in enumerate(motifs):
        mine = labels == k
        place[mine] = rng.integers(0, size - len(motif) + 1, int(mine.sum()))
    for _ in range(100):                             # redraw strings holding a wrong motif
        for k, motif in enumerate(motifs):
            mine = np.flatnonzero(labels == k)
            codes[mine[:, None], place[mine, None] + np.arange(len(motif))] = motif
        bad = np.zeros(count, dtype=bool)
        for k, motif in enumerate(motifs):
            bad |= (labels != k) & _contains(codes, motif)
        if not bad.any():
            break
        redo = np.flatnonzero(bad)
        codes[redo] = rng.integers(0, size, (len(redo), size))
    else:
        raise ConfigError("could not make strings that hold only their own motif; choose "
                          "longer or more different text classes")
    images = -np.ones((count, size, size), dtype=np.float32)
    images[rows[:, None], codes, np.arange(size)[None, :]] = 1.0
    return images, labels
