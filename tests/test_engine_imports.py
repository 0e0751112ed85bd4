"""The engine is pure NumPy: importing all of it never imports Qt (or pyqtgraph)."""
import pkgutil
import subprocess
import sys

import xo_gui.engine

MODULES = [m.name for m in pkgutil.iter_modules(xo_gui.engine.__path__)]


def test_engine_never_imports_qt():
    code = (
        "import sys\n"
        + "".join(f"import xo_gui.engine.{m}\n" for m in MODULES)
        + "from xo_gui.engine.classic import classic_network\n"
          "from xo_gui.engine.data import canonical\n"
          "classic_network().trace(canonical('X'))\n"
          "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
          "('PySide6', 'PyQt5', 'PyQt6', 'shiboken6', 'pyqtgraph', 'xo_gui.gui'))\n"
          "bad += [m for m in sys.modules if m.startswith('xo_gui.gui')]\n"
          "print(bad)\n"
          "sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
