"""Hostile inputs through the real command line: every loader and flag of ``xo-gui``.

Each case runs ``python -m xo_gui.cli`` in its own process with a timeout and an
address-space cap, and must end with at most one clear error line: no traceback, no
hang, no crash, no bad input accepted, no file of the corpus altered, no temp file left.
By default a seeded sample of the corpus runs (under a minute); ``XO_FUZZ_CASES=N`` runs
every fixed case plus random flag values up to N cases (``XO_FUZZ_SEED`` picks the seed).
"""
from __future__ import annotations

import hashlib
import os
import random
import resource
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fuzz_corpus import Case, hostile_cases

DEFAULT_SAMPLE = 90
TIMEOUT_S = 30
ADDRESS_SPACE = 3 << 30          # 3 GiB: an attempt to allocate many GB fails instead of swapping
ALWAYS = ("config-nested-50000", "relu-20000", "flatten-200000", "two-channels",
          "forward-30gib", "weights-1e300", "header-64kb", "zip-bomb", "fifo", "dataset-1000000",
          "dataset-40000", "train-out-is-data", "train-lr-huge", "long-name", "train-size-0",
          "inspect-image-empty", "superscript", "seed-minus-1", "huge-batch-work", "proc")


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _fingerprint(path: str) -> tuple | None:
    """What a path is (type, size, content hash of a regular file): None if absent."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return ("link", os.readlink(path), _fingerprint(os.path.realpath(path))
                if os.path.realpath(path) != os.path.abspath(path) else None)
    if stat.S_ISREG(info.st_mode):
        return ("file", info.st_size, hashlib.sha1(Path(path).read_bytes()).hexdigest())
    return (stat.S_IFMT(info.st_mode), info.st_rdev)


def _corpus_state(folder: Path) -> dict[str, tuple | None]:
    return {str(p): _fingerprint(str(p)) for p in folder.rglob("*")
            if "out" not in p.relative_to(folder).parts[:1]}


def _temp_files(folder: Path) -> list[str]:
    return [str(p) for p in folder.rglob("*.tmp")]


def _run(case: Case, folder: Path) -> str | None:
    """None if the case behaved, else what went wrong."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    out_before = _fingerprint(case.out) if case.out else None
    try:
        done = subprocess.run([sys.executable, "-m", "xo_gui.cli", *case.argv], env=env,
                              cwd=folder / "out", capture_output=True, text=True,
                              errors="replace", timeout=TIMEOUT_S, preexec_fn=_cap_memory,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return f"hang (more than {TIMEOUT_S} s)"
    err = done.stderr
    if done.returncode < 0 or done.returncode not in (0, 1, 2, 130):
        return f"crash (exit {done.returncode}): {err[-300:]}"
    if "Traceback" in err or "MemoryError" in err:
        return f"traceback: {err[-500:]}"
    errors = [line for line in err.splitlines() if "error" in line.lower()]
    if done.returncode != 0:
        if len(errors) != 1 or not errors[0].startswith("xo-gui"):
            return f"not one clear error line: {err[-500:]!r}"
    elif case.must_fail:
        return f"accepted a bad input (exit 0): {done.stdout[-200:]!r}"
    if case.must_fail and case.out and _fingerprint(case.out) != out_before:
        return f"--out {case.out} was changed by a refused run"
    return None


def _cases(tmp: Path) -> list[Case]:
    wanted = int(os.environ.get("XO_FUZZ_CASES", "0"))
    seed = int(os.environ.get("XO_FUZZ_SEED", "0"))
    cases = hostile_cases(tmp, wanted, seed)
    if not wanted:                      # the default: a seeded sample, the cases first
        first = [c for c in cases if any(key in c.name for key in ALWAYS)]
        rest = [c for c in cases if c not in first]
        cases = first + random.Random(seed).sample(rest, max(0, DEFAULT_SAMPLE - len(first)))
    for number, case in enumerate(cases):          # a fresh --out per case
        default = str(tmp / "out" / "result.npz")
        if case.out == default:
            case.out = str(tmp / "out" / f"result-{number}.npz")
            case.argv = [case.out if a == default else a for a in case.argv]
    return cases


def test_hostile_cli_inputs_are_refused_cleanly(tmp_path):
    cases = _cases(tmp_path)
    before = _corpus_state(tmp_path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda c: _run(c, tmp_path), cases))
    failures = [f"{case.name}: {problem}" for case, problem in zip(cases, results) if problem]
    after = _corpus_state(tmp_path)
    changed = sorted(p for p in before if before[p] != after.get(p))
    temps = _temp_files(tmp_path)
    refused = sum(1 for c in cases if c.must_fail)
    print(f"\nfuzz: {len(cases)} CLI cases ({refused} hostile, must be refused), "
          f"{len(failures)} failures, {len(changed)} files changed, {len(temps)} temp files")
    assert not failures, "\n".join(failures[:40])
    assert not changed, changed
    assert not temps, temps
