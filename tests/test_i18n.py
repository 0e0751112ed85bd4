"""Simplified Chinese, complete: every message of the sources is translated in the shipped
.ts (pyside6-lupdate finds none missing or unfinished), the shipped .qm is the compiled
.ts, and in zh_CN every label, button, menu, tab and tooltip of both tabs reads Chinese."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QGroupBox, QLabel, QMenu,
                               QTabWidget, QWidget)

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "xo_gui_zh_CN.ts"
QM = ROOT / "xo_gui" / "i18n" / "xo_gui_zh_CN.qm"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Text that stays as it is in every language: letters of the answers, names of things.
KEEP = re.compile(r"^[\s\d.,:;%×→−+\-–±°()/=<>#…|·\[\]]*$|^(X|O|ReLU|adam|sgd|momentum|"
                  r"XO ConvNet Lab|English|简体中文|softmax|PNG|CSV|conv\d.*)$")


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or pytest.skip(f"no {name}"))


def _sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "xo_gui").rglob("*.py"))


def test_every_message_in_the_sources_is_translated(tmp_path):
    check = tmp_path / "check.ts"
    shutil.copy(TS, check)
    result = subprocess.run([_tool("pyside6-lupdate"), *_sources(), "-ts", str(check)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = check.read_text(encoding="utf-8")
    unfinished = re.findall(r"<source>(.*?)</source>\s*<translation type=\"unfinished\"",
                            text, re.S)
    assert not unfinished, f"{len(unfinished)} messages lack Chinese: {unfinished[:10]}"
    assert text.count("<source>") > 300


def test_the_shipped_qm_is_the_compiled_ts(tmp_path):
    out = tmp_path / "fresh.qm"
    result = subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == QM.read_bytes(), "run pyside6-lrelease (README, Languages)"


def _visible_texts(root: QWidget) -> list[tuple[str, str]]:
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            texts.append(("label", re.sub(r"<[^>]+>", "", widget.text())))
        elif isinstance(widget, QAbstractButton):
            texts.append(("button", widget.text()))
        elif isinstance(widget, QGroupBox):
            texts.append(("group", widget.title()))
        elif isinstance(widget, QTabWidget):
            texts += [("tab", widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QMenu):
            texts += [("menu", a.text()) for a in widget.actions() if not a.isSeparator()]
        elif isinstance(widget, QComboBox) and widget.isEditable() is False:
            texts += [("item", widget.itemText(i)) for i in range(widget.count())]
        texts.append(("tooltip", re.sub(r"<[^>]+>", "", widget.toolTip())))
    return texts


def _untranslated(texts):
    bad = []
    for kind, text in texts:
        text = text.replace("&", "").strip()
        if text and not CJK.search(text) and not KEEP.match(text) and \
                re.search(r"[A-Za-z]{3,}", text):
            bad.append((kind, text))
    return bad


@pytest.fixture
def chinese(qapp):
    from xo_gui.gui.i18n import translations
    translations().install("zh_CN")
    yield
    translations().install("en")


def test_in_zh_cn_both_tabs_read_chinese(chinese, qtbot):
    from xo_gui.gui.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    texts = _visible_texts(window)
    for menu in window.menuBar().findChildren(QMenu):
        texts += _visible_texts(menu)
    bad = _untranslated(texts)
    assert not bad, bad[:20]
    assert window.tabs.tabText(0) == "探索" and window.windowTitle()
    window.model.training.shutdown()


def test_view_language_switches_live_and_keeps_the_lab(main_window):
    from xo_gui.gui.i18n import translations
    model = main_window.model
    model.load_preset("o")
    main_window.set_language("zh_CN")
    try:
        assert main_window.tabs.tabText(1) == "训练"
        assert main_window.model is model and model.prediction == "O"
        assert "网络" in main_window.prediction_label.text()
        assert not _untranslated(_visible_texts(main_window.explore))
        model.undo_stack.undo()                      # the lab's history survived
        assert model.prediction == "X"
    finally:
        main_window.set_language("en")
    assert main_window.tabs.tabText(1) == "Train" and translations().language == "en"
