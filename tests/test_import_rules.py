"""The rules of the code's shape, checked: import-linter's contracts (pyproject.toml), no
widget in the application model, and small modules and functions."""
import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "xo_gui"
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 420, 60


def test_import_linter_contracts_hold():
    from importlinter.cli import lint_imports
    root = PACKAGE.parent
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert lint_imports(config_filename=str(root / "pyproject.toml")) == 0
    finally:
        os.chdir(cwd)


def test_the_model_loads_no_widgets():
    modules = sorted(p.stem for p in (PACKAGE / "model").glob("*.py") if p.stem != "__init__")
    code = ("import sys\n" + "".join(f"import xo_gui.model.{m}\n" for m in modules)
            + "bad = [m for m in sys.modules if m.startswith(('PySide6.QtWidgets', "
              "'pyqtgraph', 'xo_gui.gui', 'xo_gui.tools'))]\nprint(bad)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _sizes():
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        yield path, len(text.splitlines()), [
            (node.name, node.end_lineno - node.lineno + 1)
            for node in ast.walk(ast.parse(text))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_modules_and_functions_stay_small():
    long_modules = [f"{p.relative_to(PACKAGE)}: {n} lines" for p, n, _ in _sizes()
                    if n > MAX_MODULE_LINES]
    long_functions = [f"{p.relative_to(PACKAGE)}:{name}: {n} lines" for p, _, funcs in _sizes()
                      for name, n in funcs if n > MAX_FUNCTION_LINES]
    assert not long_modules and not long_functions, long_modules + long_functions
