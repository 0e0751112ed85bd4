"""The subcommands that drive the window headless: ``bench`` (its --gui part),
``screenshot`` and ``movie``.  Qt is imported only inside them."""
from __future__ import annotations

import argparse
import json

from ..engine.bench import format_report, run_benchmarks


def cmd_bench(args: argparse.Namespace) -> int:
    if args.stop:
        from ..gui.headless import headless_app
        from ..tools.bench_stop import stop_latency_benchmark
        with headless_app():
            report = stop_latency_benchmark(rounds=args.rounds or 3)
        print(json.dumps(report, indent=2 if args.json else None))
        return 0
    report = run_benchmarks(quick=args.quick, rounds=args.rounds, use_torch=not args.no_torch)
    if args.gui:
        from ..tools.bench_gui import gui_edit_benchmark
        from ..tools.bench_train import gui_training_benchmark
        from ..gui.headless import headless_app
        with headless_app():
            report["gui"] = {**gui_edit_benchmark(), **gui_training_benchmark()}
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    from ..tools.screenshot import render_screenshot

    render_screenshot(args.out, tab=args.tab, preset=args.preset, model_path=args.model,
                      size=args.size, zoom=args.zoom, lang=args.lang, lab_path=args.lab,
                      at=args.at, lesson_step=args.lesson, lesson_path=args.lesson_file)
    print(f"wrote {args.out}")
    return 0


def cmd_movie(args: argparse.Namespace) -> int:
    from ..gui.movie import render_movie

    frames = render_movie(args.lab, args.out, fps=args.fps, size=args.size)
    print(f"wrote {args.out}: {frames} frames")
    return 0
