"""Which OpenBLAS kernels numpy multiplies with (blas_kernels.py): asked of the library
itself, so a kernel set forced by OPENBLAS_CORETYPE is the one named."""
from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from xo_gui.engine import blas_kernels

ASK = "from xo_gui.engine.blas_kernels import openblas_core, small_kernels; " \
      "print(openblas_core(), small_kernels())"


def core_with(coretype: str) -> str:
    env = dict(os.environ, OPENBLAS_CORETYPE=coretype)
    return subprocess.run([sys.executable, "-c", ASK], env=env, capture_output=True,
                          text=True, timeout=60, check=True).stdout.split()


@pytest.mark.skipif(not blas_kernels.openblas_core() or platform.machine() != "x86_64",
                    reason="numpy's BLAS is not an OpenBLAS this process can ask, on x86-64")
@pytest.mark.parametrize("coretype", ["Haswell", "Sandybridge"])
def test_the_kernel_set_openblas_was_told_to_use_is_named(coretype):
    """Kernel sets any x86-64 processor of the last decade runs; neither has the
    small-matrix kernels."""
    assert core_with(coretype) == [coretype, "False"]


@pytest.mark.parametrize("core,small", [("SkylakeX", True), ("CooperLake", True),
                                        ("SAPPHIRERAPIDS", True), ("Haswell", False),
                                        ("Zen", False), ("", False)])
def test_small_kernels_only_for_the_sets_that_have_them(monkeypatch, core, small):
    monkeypatch.setattr(blas_kernels, "openblas_core", lambda: core)
    assert blas_kernels.small_kernels() is small
