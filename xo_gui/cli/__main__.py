"""``python -m xo_gui.cli``."""
import sys

from .main import main

sys.exit(main())
