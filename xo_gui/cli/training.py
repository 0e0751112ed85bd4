"""``xo-gui train`` (and ``xo-gui demo``): training headless, saving the model and, with
``--lab``, the whole run as a lab file."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

from ..engine import auto, data, split
from ..engine.drawing_files import load_dataset
from ..engine.errors import ConfigError
from ..engine.lab_file import save_lab
from ..engine.model_files import load_model, save_model
from ..engine.network import Network, build_network
from ..engine.run_history import HistoryRecorder, RunHistory
from ..engine.safe_files import check_writable
from ..engine.threads import set_threads
from ..engine.train import TrainConfig, Trainer
from .labs import run_lab


def cmd_train(args: argparse.Namespace) -> int:
    _check(args)
    base = dict(steps=args.steps, batch_size=args.batch_size, seed=args.seed,
                lr=args.lr if args.lr is not None else (0.01 if args.optimizer == "adam" else 0.1),
                optimizer=args.optimizer, loss=args.loss)
    TrainConfig(epochs=args.epochs or 10, time_limit=args.time_limit, **base).check()
    net = load_model(args.init) if args.init is not None else None
    images, labels, classes = _data(args, net)
    chosen = auto.choose_defaults(images.shape[1], len(classes), args.validation > 0)
    if args.epochs is None and args.steps is None:          # the data decides
        config = TrainConfig(epochs=chosen.epochs, patience=chosen.patience,
                             time_limit=args.time_limit or chosen.time_limit, **base)
    else:
        config = TrainConfig(epochs=args.epochs if args.epochs is not None else 10, **base)
    net = _network(args, net, images, classes, chosen)
    (train_x, train_y), validation = data.split(images, labels, args.validation, args.seed)
    given = (images, labels) if args.lab and args.data else (None, labels)   # for the lab
    del images, labels                    # the split holds copies: keep memory to one set
    trainer = Trainer(net, (train_x, train_y), validation, config)
    said = auto.describe(net, config)
    print(f"xo-gui train: {said}", file=sys.stderr)          # what it chose, like progress
    set_threads(args.threads)
    try:
        history, last, seconds = _run(args, trainer, net)
        if split.problem:
            print(f"xo-gui train: note: {split.problem}; the rest ran in this process",
                  file=sys.stderr)
    finally:
        set_threads(1)                                       # helper processes stopped
    metrics = _metrics(trainer, last, seconds, len(train_x), len(validation[0]), args.out, said,
                       args.save_diverged)
    if metrics["saved"]:
        save_model(args.out, net, metadata={
            "training": {k: v for k, v in vars(args).items() if k not in ("json", "out", "lab")},
            "metrics": metrics})
        if args.lab:
            save_lab(args.lab, run_lab(args, config, net, history, given, classes, metrics))
            metrics["lab"] = args.lab
    print(json.dumps(metrics) if args.json else
          "\n".join(f"{key}: {value}" for key, value in metrics.items()))
    if metrics["status"] == "diverged":
        done = (f"saved its last good weights to {args.out}" if args.save_diverged else
                f"{args.out} was not touched (--save-diverged saves the last good weights)")
        print(f"xo-gui train: error: training diverged at step {trainer.step_count} "
              f"({trainer.diverged_reason}); {done}", file=sys.stderr)
        return 1
    return 0


def _check(args: argparse.Namespace) -> None:
    """Flags that cannot go together, and outputs that cannot be written: before any work."""
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
    if args.time_limit is not None and (args.epochs is not None or args.steps is not None):
        raise ConfigError("--time-limit applies only when neither --epochs nor --steps is given")


def _data(args: argparse.Namespace, net: Network | None):
    """(images, labels, classes): the --data file, or generated letters."""
    if args.data is not None:
        images, labels, classes = load_dataset(args.data)
        if net is not None and tuple(classes) != net.classes:
            raise ConfigError(f"the data's classes {list(classes)} differ from the model's "
                              f"{list(net.classes)}")
        return images, labels, classes
    size = net.image_size[0] if net is not None else (9 if args.size is None else args.size)
    images, labels = data.generate(args.count or 4000, size, args.variation or "medium",
                                   args.seed)
    return images, labels, data.CLASSES


def _network(args: argparse.Namespace, net: Network | None, images: np.ndarray, classes,
             chosen) -> Network:
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
    return net


def _run(args: argparse.Namespace, trainer: Trainer, net: Network):
    """Train to the end, progress on stderr; (history for --lab, last progress, seconds)."""
    history = RunHistory()
    recorder = HistoryRecorder(history, net.state_dict, trainer.batches_per_epoch)
    if args.lab:
        recorder.start()
    show = _progress_printer(sys.stderr)
    last = None
    start = time.perf_counter()
    for progress in trainer.run():
        show(progress)
        if args.lab:
            recorder.observe(progress, trainer.history.epochs)
        last = progress
    return history, last, time.perf_counter() - start


def _metrics(trainer: Trainer, last, seconds: float, train_size: int, validation_size: int,
             out: str, said: str, save_diverged: bool) -> dict:
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
        "train_size": train_size,
        "validation_size": validation_size,
        "out": out,
        "settings": said,
        "stopped_because": trainer.stop_reason,
        "kept_epoch": final.epoch if final else None,
    }
    metrics = {k: (None if isinstance(v, float) and not np.isfinite(v) else v)
               for k, v in metrics.items()}                 # JSON never holds NaN
    metrics["saved"] = metrics["status"] != "diverged" or save_diverged
    return metrics


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


def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile
    from ..engine.demo import WHY, run_limitation

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
