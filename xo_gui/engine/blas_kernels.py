"""Which of OpenBLAS's kernels numpy multiplies with: the convolution cuts its products
for them (blocks.py).

OpenBLAS picks a kernel set for the processor when it loads (or the one
``OPENBLAS_CORETYPE`` names).  Only some sets have float32 small-matrix kernels, which
multiply a product of up to about a million rows * inner * columns without packing its
operands: SkylakeX's and the sets built on it (AVX-512 Intel and AMD processors get
one of them).  Elsewhere (Haswell's, which AVX2 processors such as Zen 1-3 get) every
product packs both operands, and fewer, larger products are faster.  threadpoolctl asks
the library the same way, but the engine stays within the standard library, so the
question is asked here with ctypes, of numpy's own extension module: looking a name up
in it also searches the libraries it links, its BLAS among them (Linux and macOS; on
Windows the name is not found).
"""
from __future__ import annotations

import ctypes
import functools

try:
    from numpy._core import _multiarray_umath as _numpy_extension
except ImportError:                                   # numpy 1.x
    from numpy.core import _multiarray_umath as _numpy_extension

# OpenBLAS's kernel sets with float32 small-matrix kernels (its KERNEL.SKYLAKEX, which
# COOPERLAKE and SAPPHIRERAPIDS include), as its get_corename names them, lower-cased.
SMALL_KERNEL_CORES = frozenset({"skylakex", "cooperlake", "sapphirerapids"})
# The names numpy's OpenBLAS builds give the function (scipy-openblas prefixes its own).
_CORENAME_FUNCTIONS = ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename",
                       "openblas_get_corename64_", "openblas_get_corename")


@functools.cache
def openblas_core() -> str:
    """The name of the kernel set numpy's OpenBLAS chose ('Haswell', 'SkylakeX', ...),
    or '' when it cannot be asked (another BLAS, or a platform where the name is not
    found)."""
    try:
        library = ctypes.CDLL(_numpy_extension.__file__)
    except (OSError, AttributeError, TypeError):
        return ""
    for name in _CORENAME_FUNCTIONS:
        function = getattr(library, name, None)
        if function is not None:
            function.restype = ctypes.c_char_p
            return (function() or b"").decode("ascii", "replace").strip()
    return ""


@functools.cache      # asked at every convolution: product_limit() 0.2 us, not 0.6
def small_kernels() -> bool:
    """Whether products of up to about a million rows * inner * columns get OpenBLAS's
    small-matrix kernels.  When the kernels cannot be told, True: the cut the engine made
    before it asked, where being wrong costs less (on the AMD machine of the README's
    Benchmark it made the 28x28 step about 1.3x as long; OpenBLAS's general path on
    SkylakeX kernels makes the products 1.5-3x as long)."""
    core = openblas_core().lower()
    return core in SMALL_KERNEL_CORES or not core
