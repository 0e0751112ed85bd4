"""The command line's grammar: one function per subcommand."""
from __future__ import annotations

import argparse

from ..engine import auto, data, kinds
from ..engine.threads import MAX_THREADS
from .args import (Parser, bounded_int, int_list, language, positive_int, seed, size_wh,
                   whole, zoom)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="xo-gui",
        description="XO ConvNet Lab: watch a convolutional network tell X from O. Without a "
                    "command, opens the window (xo-gui [--lang LANG] [FILE.xolab]).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for add in (_inspect, _dataset, _train, _demo, _wav, _bench, _screenshot, _movie):
        add(sub)
    return parser


def _inspect(sub) -> None:
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


def _dataset(sub) -> None:
    p = sub.add_parser("dataset", help="generate a data set of letters, sounds or text",
                       description="Generate a balanced, seeded data set: letter images "
                                   "(X and O by default), sound spectrograms or text grids.")
    p.add_argument("--count", type=positive_int, required=True, help="number of images")
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
    p.add_argument("--seed", type=seed, default=0, help="random seed (default 0)")
    p.add_argument("--variation", default="medium", choices=sorted(data.VARIATION_LEVELS),
                   help="how much the grids vary (default medium)")
    p.add_argument("--out", required=True, metavar="FILE.npz", help="where to write it")


def _train(sub) -> None:
    p = sub.add_parser("train", help="train a network headless and save it",
                       description="Train a network on generated or saved data and save it. "
                                   "Progress goes to stderr, final metrics to stdout.")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--data", metavar="FILE.npz", help="a dataset file (default: generate)")
    src.add_argument("--count", type=positive_int, default=None,
                     help="generate this many images (default 4000)")
    p.add_argument("--size", type=int, default=None, help="grid size when generating (default 9)")
    p.add_argument("--variation", default=None, choices=sorted(data.VARIATION_LEVELS),
                   help="variation when generating (default medium)")
    p.add_argument("--validation", type=float, default=0.2,
                   help="share of the data kept for validation (default 0.2)")
    p.add_argument("--init", metavar="MODEL.npz",
                   help="start from this model (its architecture is used)")
    p.add_argument("--features", type=int_list, default=None, metavar="F[,F2...]",
                   help="features per block (default 8)")
    p.add_argument("--feature-size", type=int_list, default=None, metavar="K[,K2...]",
                   help="feature size per block (default 3)")
    p.add_argument("--blocks", type=whole, default=None,
                   help="number of conv-ReLU-pool blocks, 0 for a fully connected network "
                        "(default: one per --features value)")
    p.add_argument("--pool-size", type=int, default=2, help="pooling window (default 2)")
    p.add_argument("--pool-stride", type=int, default=None,
                   help="pooling stride (default: the window)")
    p.add_argument("--pool", choices=("max", "avg"), default="max", help="pooling (default max)")
    p.add_argument("--hidden", type=int_list, default=[], metavar="H[,H2...]",
                   help="hidden fully connected sizes (default none)")
    _train_run(p)


def _train_run(p) -> None:
    stop = p.add_mutually_exclusive_group()
    stop.add_argument("--epochs", type=bounded_int(1, 100_000), default=None,
                      help="train exactly this many epochs (default: until the validation "
                           f"accuracy stops improving for {auto.PATIENCE} epochs, keeping the "
                           f"best weights, at most {auto.TIME_LIMIT:g} s)")
    stop.add_argument("--steps", type=bounded_int(0, 10**9), default=None,
                      help="train exactly this many batches (0 saves the untrained network)")
    p.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                   help=f"without --epochs/--steps: stop after this long (default "
                        f"{auto.TIME_LIMIT:g})")
    p.add_argument("--batch-size", type=bounded_int(1, 1_000_000), default=32,
                   help="batch size (default 32)")
    p.add_argument("--lr", type=float, default=None,
                   help="learning rate (default 0.01 for adam, 0.1 for sgd/momentum)")
    p.add_argument("--optimizer", choices=("sgd", "momentum", "adam"), default="adam",
                   help="optimizer (default adam)")
    p.add_argument("--loss", choices=("cross_entropy", "tutorial"), default="cross_entropy",
                   help="loss (default cross_entropy)")
    p.add_argument("--seed", type=seed, default=0, help="random seed (default 0)")
    p.add_argument("--threads", type=bounded_int(1, MAX_THREADS), default=1, metavar="N",
                   help="cores a training step may use (default 1); with 2, a large batch "
                        "is shared with a helper process, to rounding the same training")
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


def _demo(sub) -> None:
    p = sub.add_parser("demo", help="demonstrations with real numbers",
                       description="Demonstrations that train networks and report real "
                                   "numbers, each with the commands that reproduce it.")
    p.add_argument("name", choices=("limitation",),
                   help="limitation: a ConvNet and a fully connected network on text, "
                        "ordered and pixel-shuffled")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out-dir", default=None, metavar="DIR",
                   help="where the data sets and models go (default: a new temporary folder)")


def _wav(sub) -> None:
    p = sub.add_parser("wav", help="write a sound grid as a WAV file",
                       description="Turn a spectrogram grid (a sample of a sound data set, "
                                   "or a drawing) into a sound and save it as a 16-bit WAV.")
    grid = p.add_mutually_exclusive_group(required=True)
    grid.add_argument("--data", metavar="FILE.npz", help="a data set file (use with --index)")
    grid.add_argument("--image", metavar="FILE", help="a drawing file")
    p.add_argument("--index", type=whole, default=0, help="which sample of --data (default 0)")
    p.add_argument("--out", required=True, metavar="FILE.wav", help="where to write it")


def _bench(sub) -> None:
    p = sub.add_parser("bench", help="measure training throughput and forward latency",
                       description="One training step and a one-image forward pass of the "
                                   "engine at 1 and 2 threads, beside PyTorch CPU (1 and 2 "
                                   "threads, contiguous and channels_last) when torch is "
                                   "installed, timed in interleaved slices; the training "
                                   "memory per image; the machine's load during the run.")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--gui", action="store_true",
                   help="also measure the window: edit-to-paint latency and training stalls")
    p.add_argument("--stop", action="store_true",
                   help="only measure how soon Pause, Stop and closing the window stop the "
                        "training, at the heaviest accepted settings with two CPU hogs running")
    p.add_argument("--quick", action="store_true", help="fewer, shorter slices (less precise)")
    p.add_argument("--rounds", type=positive_int, default=None, metavar="N",
                   help="slices per configuration (default 9, 3 with --quick)")
    p.add_argument("--no-torch", action="store_true",
                   help="measure the engine only, even when torch is installed")


def _screenshot(sub) -> None:
    p = sub.add_parser("screenshot", help="render the window headless into a PNG",
                       description="Render the window offscreen into a PNG: a tab, in a "
                                   "language, at a size and zoom, on a preset, a model or a "
                                   "moment of a lab file's run.")
    p.add_argument("out", metavar="OUT.png")
    p.add_argument("--tab", choices=("explore", "train"), default=None,
                   help="the tab to show (default explore, or the lesson step's)")
    p.add_argument("--preset", choices=data.PRESETS, metavar="NAME", default=None)
    p.add_argument("--model", metavar="FILE", default=None)
    p.add_argument("--size", type=size_wh, default=(1280, 800), metavar="WxH")
    p.add_argument("--zoom", type=zoom, default=100, metavar="PERCENT",
                   help="the window's zoom, 50 to 300 (default 100)")
    p.add_argument("--lang", type=language, default="en", help="en or zh_CN (default en)")
    p.add_argument("--lab", metavar="FILE.xolab", default=None, help="open this lab file")
    p.add_argument("--at", type=float, default=None, metavar="EPOCH",
                   help="with --lab: the run as it was at this epoch (0 = before training)")
    p.add_argument("--lesson", type=positive_int, default=None, metavar="STEP",
                   help="show the lesson panel at this step (1 = the first)")
    p.add_argument("--lesson-file", metavar="FILE.md", default=None,
                   help="with --lesson: this lesson file instead of the built-in one")


def _movie(sub) -> None:
    p = sub.add_parser("movie", help="the run of a lab file as an animated GIF",
                       description="One frame per moment the run kept: the curves with a "
                                   "cursor, the features, the votes for the drawing and the "
                                   "epoch, drawn by the window's own views.")
    p.add_argument("lab", metavar="FILE.xolab")
    p.add_argument("--out", required=True, metavar="OUT.gif")
    p.add_argument("--fps", type=bounded_int(1, 30), default=4, help="frames a second (default 4)")
    p.add_argument("--size", type=size_wh, default=(960, 600), metavar="WxH")
