"""XO ConvNet Lab.

OpenBLAS starts with one thread unless the environment says otherwise (set before NumPy
loads, so this comes first).  The engine's products are small; OpenBLAS's own threads add
little to them and spin while they wait, so with another program holding a core a
training step ran many times slower.  The engine uses a second core through a helper
process (``xo_gui.engine.threads.set_threads``, split.py); see the README, "How the engine
is built".
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
