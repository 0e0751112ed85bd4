"""Sound as a grid (README "Data kinds"): short synthesized sounds turned into spectrograms.

A ConvNet works on anything that can be made to look like an image.  A sound becomes one
through its spectrogram: rows are frequency bands (the highest at the top, as in any
spectrogram picture), columns are moments in time, and each cell says how loud that band
is at that moment, on a decibel scale mapped to [-1, 1] (the loudest cell +1, 40 dB below
it or quieter -1).  The classes differ by a local time-frequency pattern - a rising tone is
a diagonal stroke up, a falling one a stroke down - and vary in start, pitch, length and
noise, so the network has to find the pattern wherever it sits, like a letter on a grid.

Everything is NumPy: the tones are summed sine waves with a continuous phase, the
spectrogram a Hann-windowed FFT per column binned into log-spaced bands.  ``sound_to_wav``
writes a 16-bit mono WAV with the standard library's ``wave`` so a learner can listen.
"""
from __future__ import annotations

import io
import wave
from typing import Sequence

import numpy as np

from .data import balanced_labels, check_classes, check_count, check_seed, check_size
from .errors import ConfigError
from .safe_files import PathLike, atomic_write

RATE = 8000                  # samples per second
DURATION = 0.5               # seconds per sound
SAMPLES = int(RATE * DURATION)
F_LOW, F_HIGH = 200.0, 3400.0   # the spectrogram's frequency range (Hz), log-spaced bands
FRAME = 512                  # FFT window (64 ms): 15.6 Hz between bins
DYNAMIC_RANGE_DB = 40.0      # the grid's -1..1 spans this many decibels below the loudest cell
SOUND_CLASSES = ("rising", "falling", "steady", "beeps", "arch", "valley")
DEFAULT_CLASSES = ("rising", "falling")
DEFAULT_SIZE = 16
VARIATION_AMOUNTS = {"none": 0.0, "low": 0.33, "medium": 0.66, "high": 1.0}
_CHUNK = 512                 # sounds synthesized and analysed per pass


def variation_amount(variation: str | float) -> float:
    """How much sounds vary, 0..1, from a level name or a number."""
    if isinstance(variation, str):
        try:
            return VARIATION_AMOUNTS[variation.strip().lower()]
        except KeyError:
            raise ConfigError(f"unknown variation level {variation!r}; choose one of "
                              f"{', '.join(VARIATION_AMOUNTS)}") from None
    if isinstance(variation, bool) or not isinstance(variation, (int, float)) \
            or not 0.0 <= variation <= 1.0:
        raise ConfigError(f"sound variation must be a level name or a number from 0 to 1 "
                          f"(got {variation!r})")
    return float(variation)


def band_frequencies(size: int) -> np.ndarray:
    """The centre frequency (Hz) of each row of a size x size spectrogram, row 0 the highest."""
    size = check_size(size)
    low_to_high = F_LOW * (F_HIGH / F_LOW) ** ((np.arange(size) + 0.5) / size)
    return low_to_high[::-1].copy()


def frequency_row(frequency: float, size: int) -> int:
    """The row whose band holds ``frequency`` (Hz)."""
    position = np.log(frequency / F_LOW) / np.log(F_HIGH / F_LOW) * size
    return int(size - 1 - np.clip(np.floor(position), 0, size - 1))


def column_times(size: int) -> np.ndarray:
    """The moment (seconds) at the centre of each column."""
    return (np.arange(check_size(size)) + 0.5) * (DURATION / size)


def _band_weights(size: int) -> np.ndarray:
    """(size, FRAME // 2 + 1): triangular filters in log frequency, row 0 the highest band;
    each band keeps at least its nearest FFT bin, so small bands are never empty."""
    bins = np.fft.rfftfreq(FRAME, 1.0 / RATE)
    centres = band_frequencies(size)
    step = np.log(F_HIGH / F_LOW) / size
    with np.errstate(divide="ignore"):
        distance = np.abs(np.log(bins[None, :] / centres[:, None])) / step
    weights = np.clip(1.0 - distance, 0.0, None)
    nearest = np.abs(bins[None, :] - centres[:, None]).argmin(axis=1)
    weights[np.arange(size), nearest] = np.maximum(weights[np.arange(size), nearest], 1.0)
    return weights


def spectrogram(waves: np.ndarray, size: int) -> np.ndarray:
    """Sounds (N, SAMPLES) -> spectrogram grids (N, size, size) float32 in [-1, 1]."""
    size = check_size(size)
    waves = np.atleast_2d(np.asarray(waves, dtype=np.float64))
    if waves.shape[1] != SAMPLES:
        raise ConfigError(f"a sound here has {SAMPLES} samples ({DURATION} s at {RATE} Hz), "
                          f"not {waves.shape[1]}")
    padded = np.pad(waves, ((0, 0), (FRAME // 2, FRAME // 2)))
    centres = np.round(column_times(size) * RATE).astype(int)
    frames = padded[:, centres[:, None] + np.arange(FRAME)[None, :]]     # (N, size, FRAME)
    power = np.abs(np.fft.rfft(frames * np.hanning(FRAME), axis=-1)) ** 2
    energy = np.einsum("ntf,bf->nbt", power, _band_weights(size))        # (N, bands, time)
    decibels = 10.0 * np.log10(energy + 1e-12)
    top = decibels.max(axis=(1, 2), keepdims=True)
    grid = 1.0 + 2.0 * (decibels - top) / DYNAMIC_RANGE_DB
    return np.clip(grid, -1.0, 1.0).astype(np.float32)


def tone(frequency: float | np.ndarray, amplitude: float | np.ndarray = 0.8) -> np.ndarray:
    """A sine wave of SAMPLES samples; ``frequency`` may be one per sample (a glide)."""
    frequency = np.broadcast_to(np.asarray(frequency, dtype=np.float64), (SAMPLES,))
    phase = 2 * np.pi * np.cumsum(frequency) / RATE
    return (amplitude * np.sin(phase)).astype(np.float32)


def _contours(names: Sequence[str], labels: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Each sound's pitch path (class ``names[label]``) in octaves above its base, 0..1
    times its span, for x in 0..1 across the sound (N, SAMPLES); and its loudness gate
    (1 on, 0 off)."""
    shape = np.empty_like(x)
    gate = np.ones_like(x)
    for label in np.unique(labels):
        name, rows = names[label], labels == label
        t = x[rows]
        shape[rows] = {
            "rising": lambda: t,
            "falling": lambda: 1.0 - t,
            "steady": lambda: np.full_like(t, 0.5),
            "beeps": lambda: np.full_like(t, 0.5),
            "arch": lambda: 1.0 - (2 * t - 1) ** 2,
            "valley": lambda: (2 * t - 1) ** 2,
        }[name]()
        if name == "beeps":                               # three beeps, two silences
            gate[rows] = ((np.floor(t * 5) % 2) == 0).astype(x.dtype)
    return np.stack([shape, gate])


def synthesize(count: int, variation: str | float = "medium", seed: int = 0,
               classes: Sequence[str] = DEFAULT_CLASSES) -> tuple[np.ndarray, np.ndarray]:
    """Balanced, shuffled sounds (count, SAMPLES) float32 in [-1, 1] and labels (count,)."""
    count, seed = check_count(count), check_seed(seed)
    names = check_classes(classes, SOUND_CLASSES)
    amount = variation_amount(variation)
    label_seed, wave_seed = np.random.SeedSequence(seed).spawn(2)
    labels = balanced_labels(count, len(names), np.random.default_rng(label_seed))
    rng = np.random.default_rng(wave_seed)
    sym = lambda: rng.uniform(-1.0, 1.0, count)
    start = 0.1 + 0.08 * amount * sym()                   # seconds
    length = np.minimum(0.3 * (1 + 0.3 * amount * sym()), 0.48 - start)
    base = 450.0 * 2 ** (0.8 * amount * sym())            # Hz
    span = 1.5 * (1 + 0.3 * amount * sym())               # octaves
    noise = 0.12 * amount * rng.uniform(0.0, 1.0, count)
    noise_rng = np.random.default_rng(rng.integers(2 ** 63))
    waves = np.empty((count, SAMPLES), dtype=np.float32)
    t = np.arange(SAMPLES) / RATE
    for lo in range(0, count, _CHUNK):
        part = slice(lo, lo + _CHUNK)
        x = (t[None, :] - start[part, None]) / length[part, None]
        shape, gate = _contours(names, labels[part], np.clip(x, 0.0, 1.0))
        frequency = base[part, None] * 2 ** (span[part, None] * shape)
        phase = 2 * np.pi * np.cumsum(frequency, axis=1) / RATE
        fade = np.clip(np.minimum(x, 1 - x) * length[part, None] / 0.01, 0.0, 1.0)  # 10 ms ramps
        wave_part = 0.8 * fade * gate * np.sin(phase)
        wave_part += noise[part, None] * noise_rng.standard_normal(wave_part.shape)
        waves[part] = np.clip(wave_part, -1.0, 1.0)
    return waves, labels


def generate_sound(count: int, size: int = DEFAULT_SIZE, variation: str | float = "medium",
                   seed: int = 0, classes: Sequence[str] = DEFAULT_CLASSES
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Spectrogram grids (count, size, size) float32 and labels: ``synthesize`` then
    ``spectrogram``, chunk by chunk."""
    size = check_size(size)
    waves, labels = synthesize(count, variation, seed, classes)
    images = np.empty((len(waves), size, size), dtype=np.float32)
    for lo in range(0, len(waves), _CHUNK):
        images[lo:lo + _CHUNK] = spectrogram(waves[lo:lo + _CHUNK], size)
    return images, labels


def grid_to_sound(image: np.ndarray) -> np.ndarray:
    """A sound that a spectrogram grid (any drawing on it) describes: one sine per row at
    its band's frequency, as loud as the row's cells say, gliding smoothly between columns.
    What "Export as WAV" plays, so a learner hears their own drawing."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2 or image.shape[0] != image.shape[1]:
        raise ConfigError(f"a spectrogram grid must be square, not shaped {image.shape}")
    size = check_size(image.shape[0])
    decibels = (np.clip(image, -1, 1) - 1.0) / 2.0 * DYNAMIC_RANGE_DB     # 0 dB at +1
    loudness = np.where(image > -1, 10 ** (decibels / 20), 0.0)           # (bands, time)
    t = np.arange(SAMPLES) / RATE
    envelope = np.stack([np.interp(t, column_times(size), row) for row in loudness])
    phases = 2 * np.pi * band_frequencies(size)[:, None] * t[None, :]
    wave_out = (envelope * np.sin(phases)).sum(axis=0)
    peak = np.abs(wave_out).max()
    return (0.8 * wave_out / peak if peak > 0 else wave_out).astype(np.float32)


def wav_bytes(samples: np.ndarray, rate: int = RATE) -> bytes:
    """A 16-bit mono WAV file's bytes for samples in [-1, 1]."""
    samples = np.asarray(samples, dtype=np.float64).reshape(-1)
    if not np.all(np.isfinite(samples)):
        raise ConfigError("a sound's samples must all be finite numbers")
    if isinstance(rate, bool) or not isinstance(rate, int) or not 1000 <= rate <= 192000:
        raise ConfigError(f"sample rate must be a whole number of Hz from 1000 to 192000 (got {rate!r})")
    pcm = np.round(np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def sound_to_wav(path: PathLike, samples: np.ndarray, rate: int = RATE) -> None:
    """Save samples in [-1, 1] as a 16-bit mono WAV that any player opens (atomic)."""
    data = wav_bytes(samples, rate)
    atomic_write(path, lambda stream: stream.write(data))
