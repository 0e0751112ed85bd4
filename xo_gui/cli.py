"""The ``xo-gui`` command: no arguments opens the window; subcommands run headless.

The headless subcommands (inspect, dataset, train, bench) import only the engine, never
Qt.  Bad input ends with one clear line on stderr and a non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from typing import Sequence

import numpy as np

from .engine import auto, data, kinds
from .engine.bench import format_report, run_benchmarks
from .engine.classic import classic_network
from .engine.drawing_files import load_dataset, read_drawing, save_dataset
from .engine.errors import ConfigError, XoError
from .engine.lab_file import DrawingSource, Lab, TrainingData, generator_settings, save_lab
from .engine.losses import softmax
from .engine.model_files import load_model, save_model
from .engine.safe_files import check_writable
from .engine.network import Network, build_network, parse_sizes
from .engine.run_history import HistoryRecorder, RunHistory
from .engine.train import Trainer, TrainConfig

EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line that says where to look for help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _bounded_int(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:,} to {high:,}, got {value:,}")
        return value
    return parse


_seed = _bounded_int(0, 2**32 - 1)


def _whole(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _int_list(text: str) -> list[int]:
    try:
        return parse_sizes(text, "the value")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _size_wh(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1280x800") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 8000")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="xo-gui",
        description="XO ConvNet Lab: watch a convolutional network tell X from O. "
                    "Without a command, opens the window.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("inspect", help="run one image through the network and print every layer",
                       description="Run one image through the network (default: the "
                                   "tutorial's classic network) and print every layer's maps "
                                   "as the tutorial's tables, then the votes.")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", choices=data.PRESETS, metavar="NAME",
                        help=f"a built-in drawing: {', '.join(data.PRESETS)}")
    source.add_argument("--image", metavar="FILE", help="a drawing file ('#'/'.' or numbers)")
    p.add_argument("--size", type=int, default=None,
                   help="grid size for --preset (default: the model's, or 9)")
    p.add_argument("--model", metavar="FILE", help="a model .npz (default: classic)")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("dataset", help="generate a data set of letters, sounds or text",
                       description="Generate a balanced, seeded data set: letter images "
                                   "(X and O by default), sound spectrograms or text grids.")
    p.add_argument("--count", type=_positive_int, required=True, help="number of images")
    p.add_argument("--kind", default="letters", metavar="KIND",
                   help=f"what the grids show: {', '.join(kinds.KINDS)} (default letters)")
    p.add_argument("--classes", default=None, metavar="NAMES",
                   help="2 to 10 comma-separated class names; letters: "
                        f"{', '.join(data.SHAPES)} (default X,O); sound: "
                        f"{', '.join(kinds.CLASS_CHOICES['sound'])} (default rising,falling); "
                        "text: motifs of 2-5 letters, e.g. bad,dab (the default)")
    p.add_argument("--shuffle", default=None, metavar="SEED",
                   help="move every grid's pixels by the same random permutation (this seed): "
                        "the same data without its spatial structure")
    p.add_argument("--size", type=int, default=None,
                   help="grid size, 5 to 64 (default 9 for letters, 16 sound, 12 text)")
    p.add_argument("--seed", type=_seed, default=0, help="random seed (default 0)")
    p.add_argument("--variation", default="medium", choices=sorted(data.VARIATION_LEVELS),
                   help="how much the grids vary (default medium)")
    p.add_argument("--out", required=True, metavar="FILE.npz", help="where to write it")

    p = sub.add_parser("train", help="train a network headless and save it",
                       description="Train a network on generated or saved data and save it. "
                                   "Progress goes to stderr, final metrics to stdout.")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--data", metavar="FILE.npz", help="a dataset file (default: generate)")
    src.add_argument("--count", type=_positive_int, default=None,
                     help="generate this many images (default 4000)")
    p.add_argument("--size", type=int, default=None, help="grid size when generating (default 9)")
    p.add_argument("--variation", default=None, choices=sorted(data.VARIATION_LEVELS),
                   help="variation when generating (default medium)")
    p.add_argument("--validation", type=float, default=0.2,
                   help="share of the data kept for validation (default 0.2)")
    p.add_argument("--init", metavar="MODEL.npz",
                   help="start from this model (its architecture is used)")
    p.add_argument("--features", type=_int_list, default=None, metavar="F[,F2...]",
                   help="features per block (default 8)")
    p.add_argument("--feature-size", type=_int_list, default=None, metavar="K[,K2...]",
                   help="feature size per block (default 3)")
    p.add_argument("--blocks", type=_whole, default=None,
                   help="number of conv-ReLU-pool blocks, 0 for a fully connected network "
                        "(default: one per --features value)")
    p.add_argument("--pool-size", type=int, default=2, help="pooling window (default 2)")
    p.add_argument("--pool-stride", type=int, default=None,
                   help="pooling stride (default: the window)")
    p.add_argument("--pool", choices=("max", "avg"), default="max", help="pooling (default max)")
    p.add_argument("--hidden", type=_int_list, default=[], metavar="H[,H2...]",
                   help="hidden fully connected sizes (default none)")
    stop = p.add_mutually_exclusive_group()
    stop.add_argument("--epochs", type=_bounded_int(1, 100_000), default=None,
                      help="train exactly this many epochs (default: until the validation "
                           f"accuracy stops improving for {auto.PATIENCE} epochs, keeping the "
                           f"best weights, at most {auto.TIME_LIMIT:g} s)")
    stop.add_argument("--steps", type=_bounded_int(0, 10**9), default=None,
                      help="train exactly this many batches (0 saves the untrained network)")
    p.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                   help=f"without --epochs/--steps: stop after this long (default {auto.TIME_LIMIT:g})")
    p.add_argument("--batch-size", type=_bounded_int(1, 1_000_000), default=32,
                   help="batch size (default 32)")
    p.add_argument("--lr", type=float, default=None,
                   help="learning rate (default 0.01 for adam, 0.1 for sgd/momentum)")
    p.add_argument("--optimizer", choices=("sgd", "momentum", "adam"), default="adam",
                   help="optimizer (default adam)")
    p.add_argument("--loss", choices=("cross_entropy", "tutorial"), default="cross_entropy",
                   help="loss (default cross_entropy)")
    p.add_argument("--seed", type=_seed, default=0, help="random seed (default 0)")
    p.add_argument("--freeze", default="", metavar="LAYERS",
                   help="comma-separated layer indices or names to keep fixed, e.g. conv1")
    p.add_argument("--out", required=True, metavar="MODEL.npz", help="where to save the model")
    p.add_argument("--lab", metavar="FILE.xolab", default=None,
                   help="also save the run as a lab file: the data, the settings, the trained "
                        "network and its history (weights at the start, inside the first "
                        "epoch and at every epoch end; every batch's loss)")
    p.add_argument("--json", action="store_true", help="final metrics as JSON")
    p.add_argument("--save-diverged", action="store_true",
                   help="if training diverges, still save its last good weights to --out "
                        "(by default --out is left untouched and the exit code is 1)")

    p = sub.add_parser("demo", help="demonstrations with real numbers",
                       description="Demonstrations that train networks and report real "
                                   "numbers, each with the commands that reproduce it.")
    p.add_argument("name", choices=("limitation",),
                   help="limitation: a ConvNet and a fully connected network on text, "
                        "ordered and pixel-shuffled")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out-dir", default=None, metavar="DIR",
                   help="where the data sets and models go (default: a new temporary folder)")

    p = sub.add_parser("wav", help="write a sound grid as a WAV file",
                       description="Turn a spectrogram grid (a sample of a sound data set, "
                                   "or a drawing) into a sound and save it as a 16-bit WAV.")
    grid = p.add_mutually_exclusive_group(required=True)
    grid.add_argument("--data", metavar="FILE.npz", help="a data set file (use with --index)")
    grid.add_argument("--image", metavar="FILE", help="a drawing file")
    p.add_argument("--index", type=_whole, default=0, help="which sample of --data (default 0)")
    p.add_argument("--out", required=True, metavar="FILE.wav", help="where to write it")

    p = sub.add_parser("bench", help="measure training throughput and forward latency",
                       description="Training throughput and single-image latency of the "
                                   "engine, beside PyTorch CPU when torch is installed.")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--gui", action="store_true",
                   help="also measure the window: edit-to-paint latency and training stalls")
    p.add_argument("--quick", action="store_true", help="fewer repetitions (less precise)")

    p = sub.add_parser("screenshot", help="render the window headless into a PNG",
                       description="Render the window offscreen into a PNG.")
    p.add_argument("out", metavar="OUT.png")
    p.add_argument("--tab", choices=("explore", "train"), default="explore")
    p.add_argument("--preset", choices=data.PRESETS, metavar="NAME", default=None)
    p.add_argument("--model", metavar="FILE", default=None)
    p.add_argument("--size", type=_size_wh, default=(1280, 800), metavar="WxH")
    return parser


def _no_screen() -> bool:
    """On Linux without a display server Qt aborts with a core dump; say why instead."""
    return (sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in os.environ
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        if _no_screen():
            print("xo-gui: error: no screen to open the window on (DISPLAY and WAYLAND_DISPLAY "
                  "are unset); run it on a desktop, under `xvfb-run -a xo-gui`, or render a "
                  "picture with `xo-gui screenshot OUT.png`", file=sys.stderr)
            return EXIT_ERROR
        from .gui.app import run_app
        return run_app(sys.argv[:1])
    try:
        return COMMANDS[args.command](args)
    except XoError as exc:
        return _fail(args.command, str(exc))
    except OSError as exc:          # a disk, pipe or permission problem not caught nearer
        return _fail(args.command, f"{exc.strerror or exc}"
                     + (f": {exc.filename}" if getattr(exc, "filename", None) else ""))
    except MemoryError:
        return _fail(args.command, "there is not enough memory for this")
    except KeyboardInterrupt:
        print(f"xo-gui {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:        # e.g. `xo-gui inspect --preset x | head`: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _fail(command: str, message: str) -> int:
    """One line on stderr, whatever the message held (a hostile file's text included)."""
    print(f"xo-gui {command}: error: {' '.join(message.split())[:500]}", file=sys.stderr)
    return EXIT_ERROR


# --- inspect -------------------------------------------------------------------------
def _format_table(values: np.ndarray) -> str:
    return "\n".join("  ".join(f"{v:5.2f}" for v in row) for row in values)


def cmd_inspect(args: argparse.Namespace) -> int:
    net = load_model(args.model) if args.model is not None else None
    if args.image is not None:
        if args.size is not None:
            raise ConfigError("--size applies to --preset; a drawing file has its own size")
        image = read_drawing(args.image)
    else:
        size = args.size if args.size is not None else (net.image_size[0] if net else 9)
        image = data.preset(args.preset, size)
    if net is None:
        if image.shape[0] != image.shape[1]:
            raise ConfigError(f"the classic network needs a square drawing, not "
                              f"{image.shape[0]}x{image.shape[1]}")
        net = classic_network(image.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        trace = net.trace(image)
        scores = trace[-1].output.astype(np.float64)
        probs = softmax(scores)
    if not (np.isfinite(probs).all() and all(np.isfinite(t.output).all() for t in trace)):
        raise ConfigError("the network's votes for this image are not finite numbers (its "
                          "weights are too large)")
    prediction = net.classes[int(scores.argmax())]
    if args.json:
        print(json.dumps({
            "input": image.tolist(),
            "layers": [{"name": t.name, "type": t.type, "output": t.output.tolist()}
                       for t in trace],
            "scores": {c: float(s) for c, s in zip(net.classes, scores)},
            "probabilities": {c: float(p) for c, p in zip(net.classes, probs)},
            "prediction": prediction,
        }, allow_nan=False))
        return 0
    out = [f"input ({image.shape[0]}x{image.shape[1]})", _format_table(image)]
    for t in trace:
        if t.output.ndim == 3:
            out.append(f"\n{t.name} ({t.type}): {t.output.shape[0]} maps of "
                       f"{t.output.shape[1]}x{t.output.shape[2]}")
            for channel, values in enumerate(t.output):
                out += [f"-- {t.name} map {channel + 1}", _format_table(values)]
        else:
            out += [f"\n{t.name} ({t.type}): {t.output.shape[0]} values",
                    _format_table(t.output[None])]
    out.append("\nvotes")
    for c, s, p in zip(net.classes, scores, probs):
        out.append(f"  {c}: {s:6.2f}  (probability {p:.2f})")
    out.append(f"prediction: {prediction}")
    print("\n".join(out))
    return 0


# --- dataset -------------------------------------------------------------------------
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


# --- train ---------------------------------------------------------------------------
def _freeze_indices(text: str, net: Network) -> list[int]:
    indices = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        if part.isascii() and part.isdigit() and len(part) < 6:
            indices.append(int(part))
        elif part in net.names:
            indices.append(net.names.index(part))
        else:
            raise ConfigError(f"--freeze: no layer {part[:30]!r}; layers are "
                              f"{', '.join(f'{i}={n}' for i, n in enumerate(net.names))}")
    return indices


def _progress_printer(stream):
    tty = stream.isatty()
    last = [0.0]

    def show(p) -> None:
        if tty:
            now = time.perf_counter()
            if now - last[0] < 0.1 and not p.epoch_end and p.status == "running":
                return
            last[0] = now
            width = 30
            done = int(width * p.step / max(p.total_steps, 1))
            val = f" val acc {p.val_accuracy:.3f}" if p.val_accuracy is not None else ""
            stream.write(f"\r[{'#' * done}{'.' * (width - done)}] epoch {p.epoch} "
                         f"step {p.step}/{p.total_steps} loss {p.train_loss:.4f}{val} "
                         f"{p.samples_per_second:,.0f}/s ")
            if p.status != "running":
                stream.write("\n")
            stream.flush()
        elif p.epoch_end:
            val = (f" val_loss {p.val_loss:.4f} val_acc {p.val_accuracy:.3f}"
                   if p.val_accuracy is not None else "")
            stream.write(f"epoch {p.epoch} step {p.step}/{p.total_steps} "
                         f"loss {p.train_loss:.4f} acc {p.train_accuracy:.3f}{val}\n")
            stream.flush()
    return show


def cmd_train(args: argparse.Namespace) -> int:

    if args.init and any(v is not None for v in (args.features, args.feature_size, args.blocks,
                                                  args.size)):
        raise ConfigError("--init takes the architecture and grid size from the model file; "
                          "leave out --features, --feature-size, --blocks and --size")
    if args.data and (args.size is not None or args.variation is not None):
        raise ConfigError("--data brings its own images; --size and --variation only apply "
                          "when generating them")
    if not 0 <= args.validation <= 0.9:
        raise ConfigError(f"--validation must be between 0 and 0.9 (got {args.validation})")
    check_writable(args.out, [("--data", args.data), ("--init", args.init)])
    if args.lab:
        check_writable(args.lab, [("--data", args.data), ("--init", args.init),
                                  ("--out", args.out)])
    lr = args.lr if args.lr is not None else (0.01 if args.optimizer == "adam" else 0.1)
    until_best = args.epochs is None and args.steps is None      # the data decides
    if args.time_limit is not None and not until_best:
        raise ConfigError("--time-limit applies only when neither --epochs nor --steps is given")
    settings = dict(steps=args.steps, batch_size=args.batch_size, lr=lr,
                    optimizer=args.optimizer, loss=args.loss, seed=args.seed)
    TrainConfig(epochs=args.epochs or 10, time_limit=args.time_limit, **settings).check()
    net = load_model(args.init) if args.init is not None else None
    if args.data is not None:
        images, labels, classes = load_dataset(args.data)
        if net is not None and tuple(classes) != net.classes:
            raise ConfigError(f"the data's classes {list(classes)} differ from the model's "
                              f"{list(net.classes)}")
    else:
        size = net.image_size[0] if net is not None else (9 if args.size is None else args.size)
        images, labels = data.generate(args.count or 4000, size, args.variation or "medium",
                                       args.seed)
        classes = data.CLASSES
    chosen = auto.choose_defaults(images.shape[1], len(classes), args.validation > 0)
    if until_best:
        config = TrainConfig(epochs=chosen.epochs, patience=chosen.patience,
                             time_limit=args.time_limit or chosen.time_limit, **settings)
    else:
        config = TrainConfig(epochs=args.epochs if args.epochs is not None else 10, **settings)
    if net is None:
        if images.shape[1] != images.shape[2]:
            raise ConfigError("only square images can be trained on")
        one_each = args.blocks is not None or args.feature_size is not None
        net = build_network(images.shape[1],
                            (list(chosen.features[:1] if one_each else chosen.features)
                             if args.features is None else args.features),
                            ([3] if args.feature_size is None else args.feature_size),
                            args.pool_size, args.pool_stride, args.hidden, args.pool, classes,
                            args.seed, blocks=args.blocks)
    elif images.shape[1:] != net.image_size:
        raise ConfigError(f"the model takes {net.image_size[0]}x{net.image_size[1]} images, "
                          f"the data is {images.shape[1]}x{images.shape[2]}")
    if args.freeze:
        net.freeze(_freeze_indices(args.freeze, net))
    (train_x, train_y), validation = data.split(images, labels, args.validation, args.seed)
    given = (images, labels) if args.lab and args.data else (None, labels)   # for the lab
    del images, labels                    # the split holds copies: keep memory to one set
    trainer = Trainer(net, (train_x, train_y), validation, config)
    history = RunHistory()
    recorder = HistoryRecorder(history, net.state_dict, trainer.batches_per_epoch)
    if args.lab:
        recorder.start()
    said = auto.describe(net, config)
    print(f"xo-gui train: {said}", file=sys.stderr)          # what it chose, like progress
    show = _progress_printer(sys.stderr)
    last = None
    start = time.perf_counter()
    for progress in trainer.run():
        show(progress)
        if args.lab:
            recorder.observe(progress, trainer.history.epochs)
        last = progress
    seconds = time.perf_counter() - start
    final = trainer.best or (trainer.history.epochs[-1] if trainer.history.epochs else None)
    metrics = {
        "status": last.status if last else "finished",
        "steps": trainer.step_count,
        "epochs": len(trainer.history.epochs),
        "train_loss": final.train_loss if final else None,
        "train_accuracy": final.train_accuracy if final else None,
        "val_loss": final.val_loss if final else None,
        "val_accuracy": final.val_accuracy if final else None,
        "samples_per_second": round(last.samples_per_second, 1) if last else 0.0,
        "seconds": round(seconds, 3),
        "train_size": len(train_x),
        "validation_size": len(validation[0]),
        "out": args.out,
        "settings": said,
        "stopped_because": trainer.stop_reason,
        "kept_epoch": final.epoch if final else None,
    }
    metrics = {k: (None if isinstance(v, float) and not np.isfinite(v) else v)
               for k, v in metrics.items()}                 # JSON never holds NaN
    diverged = metrics["status"] == "diverged"
    metrics["saved"] = not diverged or args.save_diverged
    if metrics["saved"]:
        save_model(args.out, net, metadata={
            "training": {k: v for k, v in vars(args).items() if k not in ("json", "out", "lab")},
            "metrics": metrics})
        if args.lab:
            save_lab(args.lab, _run_lab(args, config, net, history, given[0], given[1],
                                        classes, metrics))
            metrics["lab"] = args.lab
    if args.json:
        print(json.dumps(metrics))
    else:
        for key, value in metrics.items():
            print(f"{key}: {value}")
    if diverged:
        done = (f"saved its last good weights to {args.out}" if args.save_diverged else
                f"{args.out} was not touched (--save-diverged saves the last good weights)")
        print(f"xo-gui train: error: training diverged at step {trainer.step_count} "
              f"({trainer.diverged_reason}); {done}", file=sys.stderr)
        return 1
    return 0


def _run_lab(args: argparse.Namespace, config: TrainConfig, net: Network, history: RunHistory,
             images: np.ndarray | None, labels: np.ndarray, classes: Sequence[str],
             metrics: dict) -> Lab:
    """The run as a lab (README, "Lab files"): generated data is saved as the generator's
    settings and seed, a dataset file's images as they are; Explore shows the result."""
    rows, cols = net.image_size
    if rows == cols and data.MIN_SIZE <= rows <= data.MAX_SIZE:
        drawing = data.preset("x", rows)
        source = DrawingSource("preset", "x", "X" if "X" in classes else None)
    else:
        drawing, source = np.full((rows, cols), -1, np.float32), DrawingSource("hand")
    generator = None if images is not None else generator_settings(
        args.count or 4000, rows, args.variation or "medium", args.seed)
    training_data = TrainingData(
        tuple(classes), np.zeros((0, rows, cols), np.float32), np.zeros(0, np.int64),
        images, None if images is None else labels, generator)
    settings = {
        "training": dataclasses.asdict(config),
        "architecture": {k: getattr(args, k) for k in (
            "init", "features", "feature_size", "blocks", "pool_size", "pool_stride", "pool",
            "hidden", "freeze")},
        "data": {"file": args.data, "validation": args.validation},
        "metrics": metrics,
    }
    return Lab(drawing, net.copy(), source, "trained", settings, training_data, net, history)


# --- demo, wav -------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile
    from .engine.demo import WHY, run_limitation

    out_dir = args.out_dir or tempfile.mkdtemp(prefix="xo-gui-limitation-")
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot use {out_dir} as the --out-dir: {exc.strerror or exc}") from None
    results = run_limitation(out_dir)
    if args.json:
        print(json.dumps({"results": [r.to_json() for r in results], "why": WHY,
                          "out_dir": out_dir}))
        return 0
    print(f"validation accuracy (data sets and models in {out_dir}):")
    print(f"  {'':16}{'ordered':>10}{'shuffled':>10}")
    for model in ("convnet", "fully_connected"):
        row = {r.data: r.val_accuracy for r in results if r.model == model}
        print(f"  {model:16}{row['ordered']:10.3f}{row['shuffled']:10.3f}")
    print(WHY)
    print("reproduce any number with: xo-gui " + " ".join(results[0].command))
    return 0


def cmd_wav(args: argparse.Namespace) -> int:
    from .engine.sound import grid_to_sound, sound_to_wav

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


# --- bench, screenshot ---------------------------------------------------------------
def cmd_bench(args: argparse.Namespace) -> int:

    report = run_benchmarks(quick=args.quick)
    if args.gui:
        from .tools.bench_gui import gui_edit_benchmark
        from .tools.bench_train import gui_training_benchmark
        from .tools.headless import headless_app
        with headless_app():
            report["gui"] = {**gui_edit_benchmark(), **gui_training_benchmark()}
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    from .tools.screenshot import render_screenshot

    render_screenshot(args.out, tab=args.tab, preset=args.preset, model_path=args.model,
                      size=args.size)
    print(f"wrote {args.out}")
    return 0


COMMANDS = {"inspect": cmd_inspect, "dataset": cmd_dataset, "train": cmd_train,
            "bench": cmd_bench, "screenshot": cmd_screenshot, "demo": cmd_demo, "wav": cmd_wav}

if __name__ == "__main__":
    sys.exit(main())
