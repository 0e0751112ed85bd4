"""Files that may be broken or hostile, read without trusting them and written atomically.

Every model and dataset file goes through ``read_npz``: the size is capped, the archive's
unpacked size is capped (zip bombs), each array's header is checked before memory is
allocated for it, pickles are never loaded, and every problem is one FileFormatError
sentence naming the file.  Every save goes through ``atomic_write``, so a failed save never
damages the file already on disk.
"""
from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import BinaryIO, Callable

import numpy as np

from .errors import FileFormatError, XoError

PathLike = str | os.PathLike
HeaderCheck = Callable[[str, tuple[int, ...], np.dtype], None]


def atomic_write(path: PathLike, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write`` on a synced temp file in the target's folder, then rename it over
    the target: either the complete new file is there or the old one is untouched."""
    target = Path(path)
    name = os.fspath(path)
    if target.is_dir():
        raise FileFormatError(f"cannot save {name}: it is a folder")
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise FileFormatError(f"cannot save {name}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)                     # mkstemp makes 0600; keep the usual mode
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise FileFormatError(f"cannot save {name}: {exc.strerror or exc}") from None
        raise
    try:                                         # make the rename itself durable (best effort)
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def atomic_write_bytes(path: PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see ``atomic_write``)."""
    atomic_write(path, lambda stream: stream.write(data))


def check_writable(path: PathLike) -> None:
    """Fail now, not after a long computation, if ``path`` cannot be saved to."""
    target = Path(path)
    name = os.fspath(path)
    if target.is_dir():
        raise FileFormatError(f"cannot save {name}: it is a folder")
    folder = target.parent
    if not folder.is_dir():
        raise FileFormatError(f"cannot save {name}: the folder {os.fspath(folder)} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FileFormatError(f"cannot save {name}: the folder is not writable")


def read_npz(path: PathLike, what: str, max_bytes: int, max_unpacked: int,
             check_header: HeaderCheck) -> dict[str, np.ndarray]:
    """Every array of an ``.npz``, each header passed to ``check_header(key, shape, dtype)``
    (which raises FileFormatError) before the array is read."""
    name = os.fspath(path)
    try:
        if os.path.isdir(name):
            raise FileFormatError(f"{name} is a folder, not a {what} file")
        size = os.path.getsize(name)
        with open(name, "rb") as handle:
            magic = handle.read(6)
    except OSError as exc:
        raise FileFormatError(f"cannot open {what} file {name}: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise FileFormatError(f"{name} is {size / 1e6:.0f} MB, too large for a {what} file")
    if magic == b"\x93NUMPY":
        raise FileFormatError(f"{name} is a single array, not a {what} file (.npz)")
    if not magic.startswith(b"PK"):
        raise FileFormatError(f"{name} is not a {what} file (.npz), or it is damaged")
    try:
        with zipfile.ZipFile(name) as archive:
            members = archive.infolist()
            if sum(info.file_size for info in members) > max_unpacked:
                raise FileFormatError(f"{name} unpacks to more than {max_unpacked / 1e6:.0f} MB, "
                                      f"too large for a {what} file")
            arrays = {}
            for info in members:
                if not info.filename.endswith(".npy"):
                    raise FileFormatError(f"{name} has an entry {info.filename!r} that no "
                                          f"{what} file has")
                key = info.filename[:-4]
                if key in arrays:
                    raise FileFormatError(f"{name} has the entry {key!r} twice")
                with archive.open(info) as stream:
                    version = np.lib.format.read_magic(stream)
                    read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                                   else np.lib.format.read_array_header_2_0)
                    shape, _, dtype = read_header(stream)
                if dtype.hasobject:
                    raise FileFormatError(
                        f"{name} contains pickled Python objects, which are never loaded")
                check_header(key, tuple(shape), dtype)
                with archive.open(info) as stream:
                    arrays[key] = np.lib.format.read_array(stream, allow_pickle=False)
            return arrays
    except XoError:
        raise
    except zipfile.BadZipFile:
        raise FileFormatError(f"{name} is not a {what} file (.npz), or it is damaged or "
                              f"truncated") from None
    except OSError as exc:
        raise FileFormatError(f"cannot read {what} file {name}: {exc.strerror or exc}") from None
    except Exception as exc:                     # hostile contents: never a traceback
        raise FileFormatError(f"{name} is a damaged {what} file "
                              f"({type(exc).__name__}: {exc})") from None
