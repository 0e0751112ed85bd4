"""Which of OpenBLAS's kernels numpy multiplies with: the convolution cuts its products
for them (blocks.py).

OpenBLAS picks a kernel set for the processor when it loads (or the one
``OPENBLAS_CORETYPE`` names).  Only some sets have float32 small-matrix kernels, which
multiply a product of up to about a million rows * inner * columns without packing its
operands: SkylakeX's and the sets built on it.  Elsewhere (Haswell's, which Zen
processors get too, and any other BLAS) every product packs both operands, and fewer,
larger products are faster.  threadpoolctl asks the library the same way, but the engine
stays within the standard library, so the question is asked here with ctypes.
"""
from __future__ import annotations

import ctypes
import functools
import os

import numpy as np  # noqa: F401  (loads the BLAS whose kernels are asked about)

# OpenBLAS's kernel sets with float32 small-matrix kernels (its KERNEL.SKYLAKEX, which
# COOPERLAKE and SAPPHIRERAPIDS include), as its get_corename names them, lower-cased.
SMALL_KERNEL_CORES = frozenset({"skylakex", "cooperlake", "sapphirerapids"})
# The names numpy's OpenBLAS builds give the function (scipy-openblas prefixes its own).
_CORENAME_FUNCTIONS = ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename",
                       "openblas_get_corename64_", "openblas_get_corename")


def _loaded_openblas() -> list[str]:
    """The paths of the OpenBLAS libraries this process has loaded (Linux: its memory
    map; elsewhere none are found)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {line.split(None, 5)[-1].strip() for line in maps if "openblas" in line}
    except OSError:
        return []
    return sorted(p for p in paths if "openblas" in os.path.basename(p).lower())


@functools.cache
def openblas_core() -> str:
    """The name of the kernel set OpenBLAS chose ('Haswell', 'SkylakeX', ...), or '' when
    numpy's BLAS is not an OpenBLAS this process can ask."""
    for path in _loaded_openblas():
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _CORENAME_FUNCTIONS:
            function = getattr(library, name, None)
            if function is not None:
                function.restype = ctypes.c_char_p
                return (function() or b"").decode("ascii", "replace").strip()
    return ""


def small_kernels() -> bool:
    """Whether products of up to about a million rows * inner * columns get OpenBLAS's
    small-matrix kernels."""
    return openblas_core().lower() in SMALL_KERNEL_CORES
