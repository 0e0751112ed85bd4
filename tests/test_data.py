"""Generated X/O data: the tutorial's exact letters, and seeded, varied training sets."""
import dataclasses
import hashlib

import numpy as np
import pytest

from xo_gui.engine.data import (CLASSES, PRESETS, VARIATION_LEVELS, Variation, canonical,
                                generate, preset, preset_label, split, variation_level)
from xo_gui.engine.errors import ConfigError

CANONICAL_O = """\
.........
...###...
..#...#..
.#.....#.
.#.....#.
.#.....#.
..#...#..
...###...
.........
"""


def picture(text: str) -> np.ndarray:
    return np.array([[1.0 if c == "#" else -1.0 for c in line] for line in text.split()],
                    dtype=np.float32)


def test_canonical_x_is_the_tutorials():
    expected = -np.ones((9, 9), dtype=np.float32)
    for r in range(1, 8):
        expected[r, r] = expected[r, 8 - r] = 1.0
    x = canonical("X")
    assert x.dtype == np.float32 and x.shape == (9, 9)
    np.testing.assert_array_equal(x, expected)
    np.testing.assert_array_equal(canonical("x"), expected)


def test_canonical_o_is_the_tutorials():
    np.testing.assert_array_equal(canonical("O"), picture(CANONICAL_O))
    np.testing.assert_array_equal(canonical("o", 9), picture(CANONICAL_O))


def test_canonical_other_sizes_and_bad_input():
    for size in (5, 16, 28, 64):
        for letter in CLASSES:
            image = canonical(letter, size)
            assert image.shape == (size, size)
            assert set(np.unique(image)) == {-1.0, 1.0}
    with pytest.raises(ConfigError, match="letter"):
        canonical("Q")              # (Z is one of the shapes now)
    for size in (4, 65, 0, -9):
        with pytest.raises(ConfigError, match="5 to 64"):
            canonical("X", size)


def test_no_variation_reproduces_the_canonical_letters():
    images, labels = generate(10, variation="none", seed=3)
    for image, label in zip(images, labels):
        np.testing.assert_array_equal(image, canonical(CLASSES[label]))


def test_generate_shapes_dtypes_balance():
    for count in (1, 2, 7, 100):
        images, labels = generate(count, seed=1)
        assert images.shape == (count, 9, 9) and images.dtype == np.float32
        assert labels.shape == (count,) and labels.dtype == np.int64
        assert (labels == 1).sum() == count // 2
        assert (labels == 0).sum() == count - count // 2
        assert images.min() >= -1 and images.max() <= 1


def test_generate_is_shuffled():
    _, labels = generate(100, seed=0)
    assert 0 < labels[:50].sum() < 50


def test_generate_is_deterministic_per_seed():
    a = generate(50, seed=7)
    b = generate(50, seed=7)
    c = generate(50, seed=8)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


# A seed's images, pinned: saved data sets and experiments rely on them, so a speed-up that
# changes a single pixel (or a label) fails here.  Several chunks (2500 and 5000 at 32x32:
# more chunks than are drawn at once), every shape, open and squarish O's, noise.
_ALL_SHAPES = ("X", "O", "+", "T", "L", "square", "V", "Z", "H", "triangle")


@pytest.mark.parametrize("count, size, level, seed, classes, digest", [
    (200, 9, "none", 0, CLASSES, "6414d475ac5cc5a1"),
    (300, 9, "medium", 1, CLASSES, "8a5d60982a8d3c03"),
    (2500, 32, "medium", 0, CLASSES, "f0b35ca5c4349e60"),
    (5000, 32, "medium", 4, CLASSES, "57c2b19e286fee54"),
    (300, 28, "high", 7, _ALL_SHAPES, "066bafb1cf01b2ac"),
    (60, 64, "low", 3, ("O", "X"), "dc29cfe0a7afbc23"),
])
def test_generated_pixels_are_pinned_per_seed(count, size, level, seed, classes, digest):
    images, labels = generate(count, size, level, seed=seed, classes=classes)
    assert hashlib.sha256(images.tobytes() + labels.tobytes()).hexdigest()[:16] == digest


@pytest.mark.parametrize("size", [5, 9, 12, 28, 64])
def test_generate_every_size(size):
    images, labels = generate(20, size=size, variation="high", seed=2)
    assert images.shape == (20, size, size)
    assert images.min() >= -1 and images.max() <= 1
    assert (images > 0).any(axis=(1, 2)).all()          # every image has some ink


def test_variation_levels_differ_and_grow():
    assert {"none", "low", "medium", "high"} <= set(VARIATION_LEVELS)
    ref = {label: canonical(CLASSES[label]) for label in (0, 1)}

    def mean_difference(level: str) -> float:
        images, labels = generate(200, variation=level, seed=5)
        return float(np.mean([np.mean(i != ref[l]) for i, l in zip(images, labels)]))

    diffs = [mean_difference(level) for level in ("none", "low", "medium", "high")]
    assert diffs[0] == 0
    assert diffs[1] < diffs[2] < diffs[3]


def test_letters_stay_mostly_inside_the_grid():
    """Little ink on the outermost pixels (a shifted letter may touch the edge) and the
    ink centred near the middle."""
    no_noise = dataclasses.replace(VARIATION_LEVELS["high"], noise=0.0)
    for size, limit in ((9, 0.2), (28, 0.05)):
        images, _ = generate(300, size=size, variation=no_noise, seed=4)
        ink = images > 0
        border = ink[:, 0, :].sum() + ink[:, -1, :].sum() + ink[:, :, 0].sum() + ink[:, :, -1].sum()
        assert border / ink.sum() < limit
        rows, cols = np.nonzero(ink)[1:]
        assert abs(rows.mean() - (size - 1) / 2) < size * 0.05
        assert abs(cols.mean() - (size - 1) / 2) < size * 0.05


def test_generated_classes_are_distinguishable_on_average():
    images, labels = generate(400, variation="medium", seed=6)
    centre = images[:, 3:6, 3:6].mean(axis=(1, 2))       # X has ink in the centre, O does not
    assert centre[labels == 0].mean() > centre[labels == 1].mean() + 0.3


def test_generate_bad_arguments():
    for count in (0, -1, 1_000_001, 2.5):
        with pytest.raises(ConfigError):
            generate(count)
    with pytest.raises(ConfigError, match="5 to 64"):
        generate(10, size=3)
    with pytest.raises(ConfigError, match="medium"):
        generate(10, variation="extreme")
    with pytest.raises(ConfigError):
        generate(10, seed=-1)


def test_variation_values():
    assert variation_level("MEDIUM") == VARIATION_LEVELS["medium"]
    with pytest.raises(ConfigError, match="none, low, medium, high"):
        variation_level("nope")
    images, _ = generate(20, variation=Variation(rotation=45.0), seed=1)
    assert images.shape == (20, 9, 9)
    for bad in (dict(noise=-0.1), dict(scale=2.0), dict(shift=float("nan")), dict(rotation="x")):
        with pytest.raises(ConfigError):
            Variation(**bad)


def test_noise_flips_pixels():
    images, labels = generate(200, variation=Variation(noise=0.1), seed=1)
    clean = np.stack([canonical(CLASSES[l]) for l in labels])
    assert 0.07 < np.mean(images != clean) < 0.13


def test_split_is_stratified_and_seeded():
    images, labels = generate(101, seed=0)
    (tx, ty), (vx, vy) = split(images, labels, validation=0.2, seed=1)
    assert len(tx) + len(vx) == 101 and len(ty) == len(tx) and len(vy) == len(vx)
    assert 18 <= len(vx) <= 22
    assert abs((vy == 0).sum() - (vy == 1).sum()) <= 1
    again = split(images, labels, validation=0.2, seed=1)
    np.testing.assert_array_equal(again[1][0], vx)
    # every image ends up exactly once
    both = np.concatenate([tx, vx]).reshape(101, -1)
    assert len(np.unique(both, axis=0)) == len(np.unique(images.reshape(101, -1), axis=0))
    (tx, _), (vx, _) = split(images, labels, validation=0.0)
    assert len(tx) == 101 and len(vx) == 0
    for bad in (-0.1, 0.95, 1.0):
        with pytest.raises(ConfigError):
            split(images, labels, validation=bad)
    with pytest.raises(ConfigError):
        split(images, labels[:-1])


REQUIRED_PRESETS = ("x", "o", "x-shifted", "o-shifted", "x-small", "o-small", "x-large",
                    "o-large", "x-rotated", "o-rotated", "x-thick", "o-thick", "x-noisy", "o-noisy")


@pytest.mark.parametrize("size", [9, 28])
def test_presets_exist_and_differ_where_they_should(size):
    assert set(REQUIRED_PRESETS) <= set(PRESETS)
    for name in PRESETS:
        image = preset(name, size)
        assert image.shape == (size, size) and image.dtype == np.float32
        np.testing.assert_array_equal(image, preset(name, size))      # deterministic
        label = preset_label(name)
        assert label == (0 if name.startswith("x") else 1)
        base = canonical(CLASSES[label], size)
        if name in ("x", "o"):
            np.testing.assert_array_equal(image, base)
        elif name != "o-rotated":                                      # a ring turns into itself
            assert not np.array_equal(image, base), name


def test_shifted_preset_is_one_pixel_right_at_9():
    for letter in "xo":
        np.testing.assert_array_equal(preset(f"{letter}-shifted"), np.roll(canonical(letter), 1, axis=1))


def test_noisy_preset_flips_a_few_pixels():
    flipped = np.sum(preset("x-noisy") != canonical("X"))
    assert 2 <= flipped <= 10


def test_unknown_preset():
    with pytest.raises(ConfigError, match="x-shifted"):
        preset("x-wobbly")
    with pytest.raises(ConfigError):
        preset_label("q")
    np.testing.assert_array_equal(preset("X-Thick"), preset("x-thick"))


@pytest.mark.parametrize("p", [1e-15, 1e-6, 0.02, 0.05, 0.2, 0.3, 1 / 3, 0.5])
def test_noise_draws_are_numpys_geometric_ones(p):
    """The noise draws its gaps from exponentials (faster); they must stay NumPy's
    geometric numbers, and leave the generator where rng.geometric would."""
    from xo_gui.engine.letters import _geometric
    ours, numpys = np.random.default_rng(5), np.random.default_rng(5)
    np.testing.assert_array_equal(_geometric(ours, p, 50_000), numpys.geometric(p, 50_000))
    assert ours.random() == numpys.random()
