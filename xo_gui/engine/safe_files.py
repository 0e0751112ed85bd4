"""Files that may be broken or hostile, read without trusting them and written atomically.

Every model and dataset file goes through ``read_npz``: the size is capped, the archive's
unpacked size is capped (zip bombs), each array's header is checked before memory is
allocated for it, pickles are never loaded, and every problem is one FileFormatError
sentence naming the file.  Every save goes through ``atomic_write``, so a failed save never
damages the file already on disk.
"""
from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

import numpy as np

from .errors import FileFormatError, Phrase, XoError

PathLike = str | os.PathLike
HeaderCheck = Callable[[str, tuple[int, ...], np.dtype], None]
_TEMP_SUFFIX = ".xo-save.tmp"
_MAX_NAME_IN_TEMP = 100          # longer target names are shortened in the temp name


def _reason(exc: OSError) -> str:
    """An OS error as a few words (never its multi-line or path-repeating form)."""
    return " ".join(str(exc.strerror or exc).split())[:120]


def _kind(mode: int) -> Phrase:
    if stat.S_ISDIR(mode):
        return Phrase("a folder")
    if stat.S_ISFIFO(mode):
        return Phrase("a pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Phrase("a device")
    if stat.S_ISSOCK(mode):
        return Phrase("a socket")
    return Phrase("not a regular file")


def check_readable_file(path: PathLike, what: str, max_bytes: int | None = None) -> int:
    """The size of ``path`` if it is a regular file that may be read: refused by ``stat``
    alone (nothing is opened) when empty, missing, a folder, a pipe, a device or too large,
    so no reader can hang on a FIFO.  Every reader calls this (or ``open_regular_file``)
    first; the window calls it before handing a path to Qt."""
    name = os.fspath(path) if not isinstance(path, bytes) else os.fsdecode(path)
    if not name:
        raise FileFormatError("no {what} file given (the name is empty)", what=Phrase(what))
    try:
        info = os.stat(name)
    except (OSError, ValueError) as exc:     # ValueError: a NUL in the name
        reason = _reason(exc) if isinstance(exc, OSError) else Phrase("the name is not valid")
        raise FileFormatError("cannot open {what} file {name}: {reason}", what=Phrase(what),
                              name=short_name(name), reason=reason) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileFormatError("{name} is {kind}, not a {what} file", name=short_name(name),
                              kind=_kind(info.st_mode), what=Phrase(what))
    if max_bytes is not None and info.st_size > max_bytes:
        raise FileFormatError("{name} is {size}, too large for a {what} file (at most {most})",
                              name=short_name(name), size=_size(info.st_size), what=Phrase(what),
                              most=_size(max_bytes))
    return info.st_size


def open_regular_file(path: PathLike, what: str, max_bytes: int | None = None) -> BinaryIO:
    """``check_readable_file``, then open without blocking (a file swapped for a FIFO
    in between cannot hang the open) and check again what was opened."""
    check_readable_file(path, what, max_bytes)
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise FileFormatError("cannot open {what} file {name}: {reason}", what=Phrase(what),
                              name=short_name(name), reason=_reason(exc)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or (max_bytes is not None and info.st_size > max_bytes):
        os.close(fd)
        raise FileFormatError("{name} changed while being opened; it is not read",
                              name=short_name(name))
    return os.fdopen(fd, "rb")


def read_regular_file(path: PathLike, what: str, max_bytes: int) -> bytes:
    """The whole content of a regular file of at most ``max_bytes`` (``open_regular_file``):
    what the window hands to ``QImage.fromData`` instead of letting Qt open the path."""
    with open_regular_file(path, what, max_bytes) as stream:
        try:
            return stream.read(max_bytes + 1)
        except OSError as exc:
            raise FileFormatError("cannot read {what} file {name}: {reason}", what=Phrase(what),
                                  name=short_name(os.fspath(path)), reason=_reason(exc)) from None


def short_name(name: str, limit: int = 80) -> str:
    """A file name for a message: long names are cut in the middle (a message stays one
    readable line whatever the name)."""
    return name if len(name) <= limit else name[:40] + "..." + name[-30:]


def _size(count: int) -> str:
    return f"{count / 1e6:,.0f} MB" if count >= 1e6 else f"{count:,} bytes"


def _temp_prefix(target: Path) -> str:
    """Temp files of one target share this prefix, so a later save finds stale ones."""
    name = target.name
    if len(name) > _MAX_NAME_IN_TEMP:
        digest = hashlib.sha1(name.encode("utf-8", "surrogateescape")).hexdigest()
        name = name[:40] + "-" + digest[:16]
    return f".{name}."


def _remove_stale_temps(target: Path) -> None:
    """Delete temp files a save of ``target`` left when its process was killed: their
    name holds the saving process's id, and that process is gone (best effort)."""
    prefix = _temp_prefix(target)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(_TEMP_SUFFIX)):
            continue
        pid_text = entry.name[len(prefix):-len(_TEMP_SUFFIX)].split("-")[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _save_target(path: PathLike) -> Path:
    """Where a save to ``path`` really goes: through a symlink to its file (the link
    stays); refused when that is a folder, pipe or device."""
    name = os.fspath(path)
    if not name:
        raise FileFormatError("cannot save: no file name given")
    target = Path(os.path.realpath(name))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except (OSError, ValueError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else Phrase("the name is not valid")
        raise FileFormatError("cannot save {name}: {reason}", name=short_name(name),
                              reason=reason) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileFormatError("cannot save {name}: it is {kind}", name=short_name(name),
                              kind=_kind(info.st_mode))
    return target


def atomic_write(path: PathLike, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write`` on a synced temp file in the target's folder, then rename it over
    the target: either the complete new file is there or the old one is untouched.  Temp
    files left by a killed save of the same target are removed first."""
    name = os.fspath(path)
    target = _save_target(path)
    _remove_stale_temps(target)
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
        fd, temp = tempfile.mkstemp(dir=target.parent, suffix=_TEMP_SUFFIX,
                                    prefix=f"{_temp_prefix(target)}{os.getpid()}-")
    except (OSError, ValueError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else Phrase("the name is not valid")
        raise FileFormatError("cannot save {name}: {reason}", name=short_name(name),
                              reason=reason) from None
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
            raise FileFormatError("cannot save {name}: {reason}", name=short_name(name),
                                  reason=_reason(exc)) from None
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


def check_writable(path: PathLike, inputs: Iterable[tuple[str, PathLike | None]] = ()) -> None:
    """Fail now, not after a long computation, if ``path`` cannot be saved to: a folder,
    pipe or device (or a link to one), one of the ``inputs`` ((flag, path) pairs) itself,
    or a folder where no file can be created (tried for real, so it holds as root too)."""
    name = os.fspath(path)
    target = _save_target(path)
    for flag, source in inputs:
        if source and _same_file(target, source):
            raise FileFormatError("cannot save {name}: it is the {flag} file itself, which "
                                  "would be lost; save to another name", name=short_name(name),
                                  flag=flag)
    folder = target.parent
    if not folder.is_dir():
        raise FileFormatError("cannot save {name}: the folder {folder} does not exist",
                              name=short_name(name), folder=short_name(os.fspath(folder)))
    if len(target.name.encode("utf-8", "surrogateescape")) > 255:
        raise FileFormatError("cannot save {name}: the file name is too long",
                              name=short_name(name))
    _remove_stale_temps(target)
    try:
        fd, temp = tempfile.mkstemp(dir=folder, suffix=_TEMP_SUFFIX,
                                    prefix=f"{_temp_prefix(target)}{os.getpid()}-")
        os.close(fd)
        os.unlink(temp)
    except (OSError, ValueError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else Phrase("the name is not valid")
        raise FileFormatError("cannot save {name}: {reason}", name=short_name(name),
                              reason=reason) from None


def _same_file(target: Path, source: PathLike) -> bool:
    try:
        return os.path.samefile(target, source)
    except (OSError, ValueError):
        return False


def read_npz(path: PathLike, what: str, max_bytes: int, max_unpacked: int,
             check_header: HeaderCheck) -> dict[str, np.ndarray]:
    """Every array of an ``.npz``, each header passed to ``check_header(key, shape, dtype)``
    (which raises FileFormatError) before the array is read."""
    name = short_name(os.fspath(path))
    with open_regular_file(path, what, max_bytes) as handle:
        try:
            magic = handle.read(6)
            handle.seek(0)
        except OSError as exc:
            raise FileFormatError("cannot read {what} file {name}: {reason}", what=Phrase(what),
                                  name=name, reason=_reason(exc)) from None
        if magic == b"\x93NUMPY":
            raise FileFormatError("{name} is a single array, not a {what} file (.npz)",
                                  name=name, what=Phrase(what))
        if not magic.startswith(b"PK"):
            raise FileFormatError("{name} is not a {what} file (.npz), or it is damaged",
                                  name=name, what=Phrase(what))
        return _read_members(handle, name, what, max_unpacked, check_header)


def _read_members(handle: BinaryIO, name: str, what: str, max_unpacked: int,
                  check_header: HeaderCheck) -> dict[str, np.ndarray]:
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            if sum(info.file_size for info in members) > max_unpacked:
                raise FileFormatError("{name} unpacks to more than {most}, too large for a "
                                      "{what} file", name=name, most=_size(max_unpacked),
                                      what=Phrase(what))
            arrays = {}
            for info in members:
                if not info.filename.endswith(".npy"):
                    raise FileFormatError("{name} has an entry {entry!r} that no {what} file "
                                          "has", name=name, entry=info.filename[:40],
                                          what=Phrase(what))
                key = info.filename[:-4]
                if key in arrays:
                    raise FileFormatError("{name} has the entry {entry!r} twice", name=name,
                                          entry=key[:40])
                with archive.open(info) as stream:
                    version = np.lib.format.read_magic(stream)
                    read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                                   else np.lib.format.read_array_header_2_0)
                    try:
                        shape, _, dtype = read_header(stream)
                    except ValueError:           # e.g. a 64 KB header numpy will not parse
                        raise FileFormatError(f"{name}: the entry {key[:40]!r} has a damaged "
                                              f"or oversized array header") from None
                if dtype.hasobject:
                    raise FileFormatError(
                        "{name} contains pickled Python objects, which are never loaded",
                        name=name)
                check_header(key, tuple(shape), dtype)
                with archive.open(info) as stream:
                    arrays[key] = np.lib.format.read_array(stream, allow_pickle=False)
            return arrays
    except XoError:
        raise
    except zipfile.BadZipFile:
        raise FileFormatError("{name} is not a {what} file (.npz), or it is damaged or "
                              "truncated", name=name, what=Phrase(what)) from None
    except OSError as exc:
        raise FileFormatError("cannot read {what} file {name}: {reason}", what=Phrase(what),
                              name=name, reason=_reason(exc)) from None
    except MemoryError:
        raise FileFormatError("{name} needs more memory than there is to read it",
                              name=name) from None
    except Exception as exc:                     # hostile contents: never a traceback
        detail = " ".join(str(exc).split())[:100]
        raise FileFormatError("{name} is a damaged {what} file ({error}: {detail})",
                              name=name, what=Phrase(what), error=type(exc).__name__,
                              detail=detail) from None
