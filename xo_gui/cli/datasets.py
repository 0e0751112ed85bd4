"""``xo-gui dataset`` (letters, sound or text grids) and ``xo-gui wav``."""
from __future__ import annotations

import argparse

import numpy as np

from ..engine import kinds
from ..engine.drawing_files import load_dataset, read_drawing, save_dataset
from ..engine.errors import ConfigError
from ..engine.safe_files import check_writable


def _shuffle_seed(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.strip().isdigit():
        raise ConfigError(f"--shuffle takes a seed, a whole number of at least 0 (got {text!r})")
    return int(text)


def cmd_dataset(args: argparse.Namespace) -> int:
    kind = kinds.check_kind(args.kind)
    classes = kinds.parse_classes(args.classes) if args.classes is not None else None
    shuffle = _shuffle_seed(args.shuffle)
    check_writable(args.out)
    made = kinds.make_dataset(kind, args.count, args.size, args.variation, args.seed,
                              classes, shuffle)
    save_dataset(args.out, made.images, made.labels, made.classes)
    counts = ", ".join(f"{np.sum(made.labels == i)} {c}" for i, c in enumerate(made.classes))
    size = made.images.shape[1]
    shuffled = f", pixels shuffled with seed {shuffle}" if shuffle is not None else ""
    print(f"wrote {len(made.images)} images of {size}x{size} ({kind}: {counts}{shuffled}) "
          f"to {args.out}")
    return 0


def cmd_wav(args: argparse.Namespace) -> int:
    from ..engine.sound import grid_to_sound, sound_to_wav

    check_writable(args.out)
    if args.data:
        images, _, _ = load_dataset(args.data)
        if args.index >= len(images):
            raise ConfigError(f"--index {args.index} is past the last sample of {args.data} "
                              f"(it holds {len(images)})")
        image = images[args.index]
    else:
        image = read_drawing(args.image)
    sound_to_wav(args.out, grid_to_sound(image))
    print(f"wrote {args.out}")
    return 0
