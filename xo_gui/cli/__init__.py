"""The ``xo-gui`` command (README, "The command line"): no arguments opens the window; the
subcommands run headless.  The engine's subcommands (inspect, dataset, train, demo, wav,
bench) never import Qt.  Bad input ends with one clear line on stderr and a non-zero exit,
never a traceback."""
from .main import main

__all__ = ["main"]
