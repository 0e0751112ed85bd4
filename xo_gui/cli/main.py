"""``xo-gui``: the window, or one subcommand; every failure is one line on stderr."""
from __future__ import annotations

import os
import sys
from typing import Sequence

from ..engine.errors import XoError
from .args import EXIT_ERROR, language
from .datasets import cmd_dataset, cmd_wav
from .inspecting import cmd_inspect
from .parser import build_parser
from .training import cmd_demo, cmd_train
from .window import cmd_bench, cmd_movie, cmd_screenshot

COMMANDS = {"inspect": cmd_inspect, "dataset": cmd_dataset, "train": cmd_train,
            "bench": cmd_bench, "screenshot": cmd_screenshot, "demo": cmd_demo, "wav": cmd_wav,
            "movie": cmd_movie}


def _no_screen() -> bool:
    """On Linux without a display server Qt aborts with a core dump; say why instead."""
    return (sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in os.environ
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def _window_args(argv: list[str]) -> tuple[str | None, str | None] | None:
    """``[--lang LANG] [FILE.xolab]`` (the window's own arguments), or None for a command."""
    lang, lab, rest = None, None, list(argv)
    if rest[:1] == ["--lang"] and len(rest) >= 2:
        lang, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--lang="):
        lang, rest = rest[0].split("=", 1)[1], rest[1:]
    if len(rest) == 1 and rest[0].lower().endswith(".xolab"):
        lab, rest = rest[0], []
    return (lang, lab) if not rest and (lang or lab or not argv) else None


def _window(lang: str | None, lab: str | None) -> int:
    if lang is not None:
        try:
            language(lang)
        except Exception as exc:          # argparse's type error: one line
            return _fail("", str(exc))
    if lab is not None:
        from ..engine.lab_file import load_lab
        try:
            load_lab(lab)                 # a bad file is one line, before any window
        except XoError as exc:
            return _fail("", str(exc))
    if _no_screen():
        print("xo-gui: error: no screen to open the window on (DISPLAY and WAYLAND_DISPLAY "
              "are unset); run it on a desktop, under `xvfb-run -a xo-gui`, or render a "
              "picture with `xo-gui screenshot OUT.png`", file=sys.stderr)
        return EXIT_ERROR
    from ..gui.app import run_app
    return run_app(sys.argv[:1], lang, lab)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    window = _window_args(argv)
    if window is not None:
        return _window(*window)
    args = build_parser().parse_args(argv)
    if args.command is None:
        return _window(None, None)
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
    where = f"xo-gui {command}" if command else "xo-gui"
    print(f"{where}: error: {' '.join(message.split())[:500]}", file=sys.stderr)
    return EXIT_ERROR
