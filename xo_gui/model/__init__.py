"""The application model: the whole state of the lab, free of widgets.

QtCore signals (and Qt's undo stack) only: no QtWidgets, no pyqtgraph (an import-linter
contract in ``pyproject.toml`` keeps it so).  The lesson, the lab file, the tests and the
views drive it through its methods; the views show it and send intents.
"""
