"""Which OpenBLAS kernels numpy multiplies with (blas_kernels.py): asked of the library
itself, so a kernel set forced by OPENBLAS_CORETYPE is the one named."""
from __future__ import annotations

import os
import platform
import subprocess
import sys

import numpy as np
import pytest

from xo_gui.engine import blas_kernels

BLAS = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})

ASK = "from xo_gui.engine.blas_kernels import openblas_core, small_kernels; " \
      "print(openblas_core(), small_kernels())"


def core_with(coretype: str) -> list[str]:
    env = dict(os.environ, OPENBLAS_CORETYPE=coretype)
    return subprocess.run([sys.executable, "-c", ASK], env=env, capture_output=True,
                          text=True, timeout=60, check=True).stdout.split()


@pytest.mark.skipif("openblas" not in str(BLAS.get("name")).lower()
                    or platform.machine() != "x86_64" or sys.platform == "win32",
                    reason="numpy's BLAS is not an OpenBLAS, on x86-64 Linux or macOS")
@pytest.mark.parametrize("coretype", ["Haswell", "Sandybridge"])
def test_the_kernel_set_openblas_was_told_to_use_is_named(coretype):
    """Kernel sets any x86-64 processor of the last decade runs; neither has the
    small-matrix kernels."""
    assert core_with(coretype) == [coretype, "False"]


@pytest.mark.parametrize("core,small", [("SkylakeX", True), ("CooperLake", True),
                                        ("SAPPHIRERAPIDS", True), ("Haswell", False),
                                        ("Zen", False), ("", True)])
def test_small_kernels_only_for_the_sets_that_have_them(monkeypatch, core, small):
    """... and when the kernels cannot be told, the cut made for them (as before)."""
    monkeypatch.setattr(blas_kernels, "openblas_core", lambda: core)
    assert blas_kernels.small_kernels.__wrapped__() is small     # past its cache
