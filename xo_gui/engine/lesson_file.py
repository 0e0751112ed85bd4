"""Lesson files (README, "Lessons"): a guided walk through the tutorial as a text file a
teacher can write.  Pure standard library, so a lesson is checked before any window
exists; every problem is one sentence naming the file and the line.

A step starts with a line ``---``, then ``key: value`` lines (what the window shows),
then one section per language (``## en``, ``## zh_CN``): a ``# Title`` line, the text
(Markdown), one ``Try:`` line and one ``Done:`` line.  What comes before the first
``---`` is the file's own notes and is not read.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .data import PRESETS
from .errors import FileFormatError
from .languages import LANGUAGES
from .limits import MAX_LESSON_BYTES, MAX_LESSON_STEPS
from .safe_files import PathLike, read_regular_file, short_name

BUILTIN_LESSON = Path(__file__).resolve().parent.parent / "lessons" / "tutorial.md"
TABS = ("explore", "train")
NETWORKS = ("tutorial",)
# Parts of the window a step may point at (the lesson panel outlines them).
HIGHLIGHTS = ("editor", "naive", "votes", "pipeline", "animation", "explanation", "curves",
              "features", "errors", "gradients", "compare", "architecture", "knobs", "data")
# What the learner is asked to do, and how many words follow the goal's name.
GOALS = {"shift": 0, "paint": 0, "preset": 1, "pin": 0, "flip": 0, "animate": 0, "truth": 0,
         "train": 0, "compare": 0, "architecture": 0, "knobs": 0, "data": 0}
KEYS = ("tab", "preset", "network", "pin", "highlight", "goal")


@dataclass(frozen=True)
class StepText:
    """One language's words for a step."""

    title: str
    body: str            # Markdown
    task: str            # the one thing to try
    done: str            # said when the learner did it


@dataclass(frozen=True)
class Step:
    """What the window shows at this step, what to try, and the words for it."""

    line: int
    tab: str | None = None
    preset: str | None = None
    network: str | None = None
    pin: tuple[int, tuple[int, ...]] | None = None    # (layer, cell) of the trace
    highlight: str | None = None
    goal: tuple[str, ...] = ()                          # ("shift",), ("preset", "o"), ...
    texts: dict[str, StepText] = field(default_factory=dict)

    def text(self, lang: str) -> StepText:
        """The words in ``lang``, or in English when the step has none in it."""
        return self.texts.get(lang) or self.texts["en"]


@dataclass(frozen=True)
class Lesson:
    name: str
    steps: tuple[Step, ...]


def read_lesson(path: PathLike) -> Lesson:
    """A lesson file, checked (FileFormatError with one sentence naming the line)."""
    name = short_name(os.path.basename(os.fspath(path)) or os.fspath(path))
    data = read_regular_file(path, "lesson", MAX_LESSON_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise FileFormatError(f"{name} line {line}: not UTF-8 text") from None
    return parse_lesson(text, name)


def parse_lesson(text: str, name: str = "lesson") -> Lesson:
    """The steps of a lesson's text (FileFormatError naming ``name`` and the line)."""
    chunks: list[tuple[int, list[tuple[int, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() == "---":
            if len(chunks) == MAX_LESSON_STEPS:
                raise FileFormatError(f"{name} line {number}: more than {MAX_LESSON_STEPS} "
                                      "steps")
            chunks.append((number, []))
        elif chunks:
            chunks[-1][1].append((number, line.rstrip()))
    if not chunks:
        raise FileFormatError(f"{name} has no steps: each step starts with a line '---'")
    return Lesson(name, tuple(_step(name, start, lines) for start, lines in chunks))


def _step(name: str, start: int, lines: list[tuple[int, str]]) -> Step:
    keys: dict[str, object] = {}
    sections: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    lang = None
    for number, line in lines:
        if line.startswith("## "):
            lang = line[3:].strip()
            if lang not in LANGUAGES:
                _fail(name, number, f"unknown language {lang!r}; the languages are "
                      f"{', '.join(LANGUAGES)}")
            if lang in sections:
                _fail(name, number, f"a second '## {lang}' section in this step")
            sections[lang] = (number, [])
        elif lang is not None:
            sections[lang][1].append((number, line))
        elif line.strip() and not line.lstrip().startswith("<!--"):
            key, value = _key(name, number, line)
            if key in keys:
                _fail(name, number, f"key '{key}' given twice in this step")
            keys[key] = value
    if "en" not in sections:
        _fail(name, start, "this step has no '## en' section")
    texts = {lang: _text(name, lang, at, body, "goal" in keys)
             for lang, (at, body) in sections.items()}
    return Step(start, texts=texts, **keys)


def _key(name: str, number: int, line: str) -> tuple[str, object]:
    """One ``key: value`` line, its value checked."""
    key, colon, value = line.partition(":")
    key, value = key.strip(), value.strip()
    if not colon:
        _fail(name, number, f"expected 'key: value' or '## en', found {line.strip()[:40]!r}")
    if key not in KEYS:
        _fail(name, number, f"unknown key {key!r}; the keys are {', '.join(KEYS)}")
    choices = {"tab": TABS, "preset": PRESETS, "network": NETWORKS, "highlight": HIGHLIGHTS}
    if key in choices:
        if value not in choices[key]:
            _fail(name, number, f"unknown {key} {value!r}; choose one of "
                  f"{', '.join(choices[key])}")
        return key, value
    words = value.split()
    if key == "goal":
        if not words or words[0] not in GOALS:
            _fail(name, number, f"unknown goal {value!r}; choose one of {', '.join(GOALS)}")
        if len(words) != 1 + GOALS[words[0]]:
            _fail(name, number, f"goal '{words[0]}' takes {GOALS[words[0]]} more word(s)")
        if words[0] == "preset" and words[1] not in PRESETS:
            _fail(name, number, f"unknown preset {words[1]!r}; choose one of "
                  f"{', '.join(PRESETS)}")
        return key, tuple(words)
    if len(words) not in (2, 4) or not all(w.isdigit() and len(w) < 4 for w in words):
        _fail(name, number, "pin takes a layer and a cell: 'LAYER MAP ROW COLUMN' or "
              "'LAYER INDEX', counted from 0")
    numbers = tuple(int(w) for w in words)
    return key, (numbers[0], numbers[1:])


def _text(name: str, lang: str, start: int, lines: list[tuple[int, str]],
          has_goal: bool) -> StepText:
    """A language section: '# Title', the text, 'Try:' and 'Done:'."""
    title, task, done, body = "", "", "", []
    for number, line in lines:
        if not title:
            if not line.strip():
                continue
            if not line.startswith("# "):
                _fail(name, number, "a language section starts with a '# Title' line")
            title = line[2:].strip()
        elif line.startswith(("Try:", "Done:")):
            word, _, rest = line.partition(":")
            if (task if word == "Try" else done):
                _fail(name, number, f"a second '{word}:' line in this section")
            task, done = (rest.strip(), done) if word == "Try" else (task, rest.strip())
        else:
            body.append(line)
    if not title:
        _fail(name, start, f"the '## {lang}' section has no '# Title' line")
    if not "\n".join(body).strip():
        _fail(name, start, f"the '## {lang}' section has no text under its title")
    if not task:
        _fail(name, start, f"the '## {lang}' section has no 'Try:' line (one thing to try)")
    if has_goal and not done:
        _fail(name, start, f"the '## {lang}' section has no 'Done:' line (said when the "
              "goal is met)")
    return StepText(title, "\n".join(body).strip(), task, done)


def _fail(name: str, number: int, message: str) -> None:
    raise FileFormatError(f"{name} line {number}: {message}")
