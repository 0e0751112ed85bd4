"""Hostile files through every way the window opens one: Explore's Open drawing, Import
picture and drop; File → Open Lab; Train's Open model and Open dataset.

Each input (one file through one handler, as the user does it: a file dialog answered, a
drop) must give exactly one message and nothing else: no exception (``sys.excepthook``
records any a slot lets escape), no hang (the read is done within ``CASE_TIMEOUT_MS``; a
pipe is refused before it is opened), the lab unchanged (drawing, networks, settings,
data, training, undo history) and the file untouched.  One window takes every case.
By default every fixed file runs through every handler (the count is printed);
``XO_FUZZ_CASES=N`` adds seeded random cuts and byte flips of good files up to N inputs
(``XO_FUZZ_SEED`` picks the seed).
"""
from __future__ import annotations

import os
import random
import re
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from fuzz_corpus import hostile_files, special_paths
from fuzz_window_corpus import lab_files, picture_files
from test_fuzz_cli import _fingerprint
from helpers import handlers, lab_state, same_lab

CASE_TIMEOUT_MS = 20_000
UNEXPECTED = re.compile(r"\b[A-Z]\w*(Error|Exception)\b:|Traceback")   # a leaked exception


def _good_lab(tmp: Path) -> bytes:
    from xo_gui.model.lab import LabModel
    from xo_gui.model.lab_io import save
    lab = LabModel()
    lab.training.data.wait()
    save(lab, str(tmp / "good.xolab"))
    lab.training.shutdown()
    return (tmp / "good.xolab").read_bytes()


def corpus(tmp: Path, wanted: int, seed: int) -> list[str]:
    """Every hostile file of every kind and every special path (pipes, devices, folders,
    links); with ``wanted`` > 0, random cuts and flips of good files are added."""
    rng = random.Random(seed)
    paths = [p for kind in hostile_files(tmp, seed).values() for p in kind]
    for folder, files in (("pictures", picture_files(rng)),
                          ("labs", lab_files(rng, _good_lab(tmp)))):
        (tmp / folder).mkdir()
        for name, data in files.items():
            (tmp / folder / name).write_bytes(data)
            paths.append(str(tmp / folder / name))
    paths += [p for kind, p in special_paths(tmp).items() if kind != "empty"]  # no such drop
    good = (tmp / "good.xolab").read_bytes()
    number = 0
    while len(paths) * 6 < wanted:      # a lab cut short anywhere: its zip directory is gone
        number += 1
        path = tmp / "labs" / f"cut-random-{number}.xolab"
        path.write_bytes(good[:rng.randrange(0, len(good) - 1)])
        paths.append(str(path))
    return paths


def _unblock(path: str) -> None:
    """A reader stuck on a pipe gets its end of file (so a failing case cannot hang CI)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


def test_hostile_files_through_every_window_handler_change_nothing(
        main_window, monkeypatch, tmp_path, qtbot):
    wanted = int(os.environ.get("XO_FUZZ_CASES", "0"))
    paths = corpus(tmp_path, wanted, int(os.environ.get("XO_FUZZ_SEED", "0")))
    said, leaked = [], []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text, *a: said.append(f"{title}: {text}")))
    for name in ("question", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(
            lambda *a, n=name: said.append(f"unexpected {n}") or
            QMessageBox.StandardButton.Cancel))
    monkeypatch.setattr(sys, "excepthook", lambda *info: leaked.append(info[1]))
    opens = handlers(main_window, monkeypatch)
    reader = main_window.model.files
    files_before = {p: _fingerprint(p) for p in paths}
    before = lab_state(main_window)
    failures, count = [], 0
    for path in paths:
        for handler, open_ in opens.items():
            count += 1
            said.clear()
            leaked.clear()
            with qtbot.waitSignal(reader.finished, timeout=CASE_TIMEOUT_MS, raising=False):
                open_(path)                 # the answer comes through the event loop only
            QApplication.processEvents()
            problem = _problem(said, leaked, reader.busy)
            if reader.busy:
                _unblock(path)
                reader.cancel()
            if not problem and not same_lab(before, lab_state(main_window)):
                problem = "the lab changed"
            if problem:
                failures.append(f"{handler} {Path(path).name}: {problem}")
                before = lab_state(main_window)
    changed = [p for p in paths if _fingerprint(p) != files_before[p]]
    temps = [str(p) for p in tmp_path.rglob("*.tmp")]
    print(f"\nwindow fuzz: {count} inputs ({len(paths)} files × {len(opens)} handlers), "
          f"{len(failures)} failures, {len(changed)} files changed, {len(temps)} temp files")
    assert count >= 400
    assert not failures, "\n".join(failures[:60])
    assert not changed and not temps


def _problem(said: list[str], leaked: list, busy: bool) -> str:
    if busy:
        return f"hang (no answer within {CASE_TIMEOUT_MS / 1000:.0f} s)"
    if leaked:
        return f"exception: {leaked[0]!r}"
    if len(said) != 1:
        return f"{len(said)} messages: {said[:3]}"
    if UNEXPECTED.search(said[0]):
        return f"not a clear message: {said[0][:300]!r}"
    return ""
