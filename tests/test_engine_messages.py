"""Engine refusals read in the window's language: the engine raises template + parameters
(its English ``str()`` is what the CLI prints), the window translates the template
(model/engine_messages.py).  Every template is listed for lupdate, every translation keeps
its placeholders, and a Chinese window says in Chinese why a file or a network is refused."""
import ast
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from xo_gui.engine.errors import FileFormatError, Phrase
from xo_gui.model.engine_messages import TEMPLATES, WORDS, engine_text

ROOT = Path(__file__).resolve().parent.parent
RAISERS = {"XoError", "ConfigError", "FileFormatError", "_Problem", "Phrase", "fail"}


def _raised_templates() -> set[str]:
    """The literal first argument of every error or phrase the engine builds."""
    found = set()
    for path in [*(ROOT / "xo_gui" / "engine").glob("*.py"), ROOT / "xo_gui/model/picture.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", "")
            first = node.args[0]
            if name in RAISERS and isinstance(first, ast.Constant) and isinstance(first.value,
                                                                                 str):
                found.add(first.value)
    return found


def test_every_engine_template_is_listed_for_translation():
    raised = _raised_templates()
    assert len(raised) > 100
    assert sorted(raised - set(TEMPLATES)) == []
    assert sorted(set(TEMPLATES) - raised) == []          # none left over either


def _fields(text: str) -> list:
    return sorted((name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text)
                  if name is not None)


def test_every_translation_keeps_the_templates_placeholders():
    tree = ET.parse(ROOT / "resources/i18n/xo_gui_zh_CN.ts")
    checked = 0
    for context in tree.getroot():
        if context.findtext("name") != "EngineMessages":
            continue
        for message in context.iter("message"):
            source, translation = message.findtext("source"), message.findtext("translation")
            assert _fields(translation) == _fields(source), source
            checked += 1
    assert checked == len(set(TEMPLATES)) + len(WORDS)


def test_the_english_sentence_is_the_clis_and_phrases_nest():
    problem = Phrase("row {row} is empty", row=3)
    exc = FileFormatError("{name} is not a valid drawing: {problem}", name="a.txt",
                          problem=problem)
    assert str(exc) == "a.txt is not a valid drawing: row 3 is empty"
    assert engine_text(exc) == str(exc)                    # English window: the same text
    assert engine_text(OSError("disk full")) == "disk full"


@pytest.fixture
def chinese_window(main_window, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a: said.append(text)))
    main_window.set_language("zh_CN")
    yield main_window, said
    main_window.set_language("en")


def test_a_chinese_window_says_why_a_file_is_refused_in_chinese(chinese_window, tmp_path):
    window, said = chinese_window
    model = window.model
    bad = tmp_path / "bad.txt"
    bad.write_text("#.a\n...\n", encoding="utf-8")
    image = model.image.copy()
    assert not model.open_drawing(str(bad))
    assert "bad.txt 不是有效的绘图：第 1 行有字符 'a'" in said[-1]
    assert (model.image == image).all()                   # nothing changed
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"hello, not a file of any kind")
    assert not model.import_picture(str(garbage))
    assert "不是 Qt 能读取的图片" in said[-1]
    assert not model.training.open_model(str(garbage))
    assert "不是模型文件" in said[-1]
    assert not model.training.data.open_dataset(str(garbage))
    assert "不是数据集文件" in said[-1]
    window.labs.open(str(garbage), ask=False)               # read in a worker
    model.files.wait()
    assert "不是实验文件（不是 zip 压缩包）" in said[-1]
    assert not model.open_drawing(str(tmp_path))          # a folder
    assert "是文件夹，不是绘图文件" in said[-1]
    assert all("file" not in text for text in said), said


def test_a_chinese_window_says_a_settings_or_budget_refusal_in_chinese(chinese_window):
    window, _ = chinese_window
    settings = window.model.training.settings
    settings.update_architecture(feature_size=11)
    settings.flush()
    assert settings.message == "第 1 块：11x11 的特征比它 9x9 的输入还大"
    settings.update_architecture(feature_size=3, hidden="5000,5000")
    settings.flush()
    assert "个权重，太大了（最多 5,000,000 个）" in settings.message
    assert "weights" not in window.train.settings.message.text()
