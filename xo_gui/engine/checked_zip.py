"""A zip archive of JSON and ``.npy`` entries, opened without trusting it (lab files).

Everything that can be checked before reading is: the path is a regular file (a pipe or a
device would block or never end), its size, the zip directory's entry count, names and
unpacked sizes (zip bombs), and every array's header (shape, dtype, no pickles) before its
data.  Each problem is one FileFormatError sentence naming the file.
"""
from __future__ import annotations

import errno
import io
import json
import math
import os
import stat
import struct
import zipfile
import zlib
from typing import Any, BinaryIO, Callable, Sequence

import numpy as np

from .errors import FileFormatError, Phrase, XoError

PathLike = str | os.PathLike
Shape = Sequence[int | None]          # None: any length along that axis

MAX_JSON_DEPTH = 32


def _reject_constant(value: str) -> Any:
    raise ValueError(f"{value} is not a number JSON allows")


def json_depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (iteratively: hostile depth is safe)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                return depth
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict)
                                                  else item))
    return deepest


class CheckedZip:
    """Read-only access to the entries of a zip the caller does not trust."""

    def __init__(self, path: PathLike, what: str, max_file_bytes: int, max_entry_bytes: int,
                 max_total_bytes: int, max_entries: int) -> None:
        self.name = name = os.fspath(path)
        self.what = what
        self._handle = self._open_regular(max_file_bytes)
        try:
            self._zip = zipfile.ZipFile(self._handle)
            members = self._zip.infolist()
            self._check_directory(members, max_entry_bytes, max_total_bytes, max_entries)
        except XoError:
            self.close()
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError,
                NotImplementedError, struct.error):
            self.close()
            raise FileFormatError("{name} is not a {what} file, or it is damaged or truncated",
                                  name=name, what=Phrase(what)) from None
        except OSError as exc:
            self.close()
            raise FileFormatError("cannot read {what} file {name}: {reason}", what=Phrase(what),
                                  name=name, reason=exc.strerror or exc) from None
        self.names = {info.filename for info in members}

    def _open_regular(self, max_file_bytes: int) -> BinaryIO:
        name, what = self.name, self.what
        try:
            mode = os.stat(name).st_mode                 # before open: a FIFO would block
            if stat.S_ISDIR(mode):
                raise FileFormatError("{name} is a folder, not a {what} file", name=name,
                                      what=Phrase(what))
            if not stat.S_ISREG(mode):
                raise FileFormatError("{name} is not a regular file (a pipe, socket or device), "
                                      "so it is not a {what} file", name=name, what=Phrase(what))
            fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            raise FileFormatError("cannot open {what} file {name}: {reason}", what=Phrase(what),
                                  name=name, reason=exc.strerror or exc) from None
        handle = os.fdopen(fd, "rb")
        try:
            info = os.fstat(fd)                          # the file actually opened
            if not stat.S_ISREG(info.st_mode):
                raise FileFormatError("{name} is not a regular file, so it is not a {what} file",
                                      name=name, what=Phrase(what))
            if info.st_size > max_file_bytes:
                raise FileFormatError("{name} is {mb:.0f} MB, more than a {what} file may be "
                                      "({most:.0f} MB)", name=name, mb=info.st_size / 1e6,
                                      what=Phrase(what), most=max_file_bytes / 1e6)
            if handle.read(4) != b"PK\x03\x04":
                raise FileFormatError("{name} is not a {what} file (not a zip archive), or it is "
                                      "damaged", name=name, what=Phrase(what))
            handle.seek(0)
        except BaseException:
            handle.close()
            raise
        return handle

    def _check_directory(self, members: list[zipfile.ZipInfo], max_entry_bytes: int,
                         max_total_bytes: int, max_entries: int) -> None:
        name, what = self.name, self.what
        if len(members) > max_entries:
            raise FileFormatError(f"{name} has {len(members):,} entries, more than a {what} "
                                  f"file has ({max_entries:,})")
        seen: set[str] = set()
        total = 0
        for info in members:
            if info.filename in seen:
                raise FileFormatError(f"{name} has the entry {info.filename!r} twice")
            seen.add(info.filename)
            if info.flag_bits & 0x1:
                raise FileFormatError(f"{name}: the entry {info.filename!r} is encrypted")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise FileFormatError(f"{name}: the entry {info.filename!r} is compressed in "
                                      f"a way {what} files never are")
            if info.file_size > max_entry_bytes:
                raise FileFormatError(f"{name}: the entry {info.filename!r} unpacks to "
                                      f"{info.file_size / 1e6:.0f} MB, more than any entry "
                                      f"of a {what} file may ({max_entry_bytes / 1e6:.0f} MB)")
            total += info.file_size
        if total > max_total_bytes:
            raise FileFormatError("{name} unpacks to {mb:.0f} MB, more than a {what} file may "
                                  "({most:.0f} MB)", name=name, mb=total / 1e6,
                                  what=Phrase(what), most=max_total_bytes / 1e6)

    # --- entries -------------------------------------------------------------------------
    def _bytes(self, entry: str) -> bytes:
        if entry not in self.names:
            raise FileFormatError("{name} has no entry {entry!r}, so it is not a complete "
                                  "{what} file", name=self.name, entry=entry,
                                  what=Phrase(self.what))
        try:
            return self._zip.read(entry)        # bounded by the checked directory size
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError,
                NotImplementedError) as exc:
            raise FileFormatError(f"{self.name}: the entry {entry!r} is damaged ({exc})") \
                from None
        except OSError as exc:
            if exc.errno == errno.EINVAL:       # a seek to where no data can be: damage
                raise FileFormatError(f"{self.name}: the entry {entry!r} is damaged (it "
                                      f"points outside the file)") from None
            raise FileFormatError(f"cannot read {self.what} file {self.name}: "
                                  f"{exc.strerror or exc}") from None

    def json(self, entry: str, max_bytes: int = 1 << 20) -> Any:
        """A JSON entry (no NaN or Infinity, at most ``MAX_JSON_DEPTH`` deep)."""
        size = self._zip.getinfo(entry).file_size if entry in self.names else 0
        if size > max_bytes:
            raise FileFormatError(f"{self.name}: the entry {entry!r} is {size / 1e6:.1f} MB, "
                                  f"more than it may be ({max_bytes / 1e6:.1f} MB)")
        raw = self._bytes(entry)
        try:
            value = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            raise FileFormatError(f"{self.name}: the entry {entry!r} is not valid JSON "
                                  f"({reason})") from None
        if json_depth(value) > MAX_JSON_DEPTH:
            raise FileFormatError(f"{self.name}: the entry {entry!r} nests deeper than "
                                  f"{MAX_JSON_DEPTH} levels")
        return value

    def array(self, entry: str, shape: Shape, kinds: str) -> np.ndarray:
        """An ``.npy`` entry whose header must give ``shape`` (None: any length there) and a
        dtype of one of ``kinds`` ('f', 'i', 'u', ...); checked before the data is read."""
        raw = self._bytes(entry)
        stream = io.BytesIO(raw)
        try:
            version = np.lib.format.read_magic(stream)
            read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                           (2, 0): np.lib.format.read_array_header_2_0}.get(version)
            if read_header is None:
                raise ValueError(f"npy format version {version}")
            found, fortran, dtype = read_header(stream)
        except ValueError as exc:
            raise FileFormatError(f"{self.name}: the entry {entry!r} is not a NumPy array "
                                  f"({exc})") from None
        found = tuple(found)
        if dtype.hasobject:
            raise FileFormatError(f"{self.name}: the entry {entry!r} holds pickled Python "
                                  f"objects, which are never loaded")
        if dtype.kind not in kinds or dtype.fields is not None or dtype.subdtype is not None:
            raise FileFormatError(f"{self.name}: the entry {entry!r} holds {dtype}, not the "
                                  f"numbers it should")
        if len(found) != len(shape) or any(want is not None and want != got
                                           for want, got in zip(shape, found)):
            want = tuple("any" if v is None else v for v in shape)
            raise FileFormatError(f"{self.name}: the entry {entry!r} is shaped {found}, "
                                  f"it should be {want}".replace("'any'", "any"))
        if math.prod(found) * dtype.itemsize != len(raw) - stream.tell():
            raise FileFormatError(f"{self.name}: the entry {entry!r} does not hold the "
                                  f"{found} values its header claims (damaged or truncated)")
        array = np.lib.format.read_array(io.BytesIO(raw), allow_pickle=False)
        return array.astype(array.dtype.newbyteorder("="), copy=False)

    def close(self) -> None:
        zip_file = getattr(self, "_zip", None)
        if zip_file is not None:
            zip_file.close()
        self._handle.close()

    def __enter__(self) -> "CheckedZip":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_entries(stream: BinaryIO, entries: dict[str, Any],
                  compress: Callable[[str, Any], bool] = lambda name, value: True) -> None:
    """A zip of ``entries``: a name ending ``.json`` holds a JSON value, ``.npy`` an array.

    Entries get a fixed timestamp, so the same lab always gives the same bytes.
    """
    with zipfile.ZipFile(stream, "w") as archive:
        for entry, value in entries.items():
            info = zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = (zipfile.ZIP_DEFLATED if compress(entry, value)
                                  else zipfile.ZIP_STORED)
            info.external_attr = 0o644 << 16
            if entry.endswith(".json"):
                text = json.dumps(value, allow_nan=False, ensure_ascii=False, indent=1)
                archive.writestr(info, text.encode("utf-8"))
            elif entry.endswith(".npy"):
                array = np.asarray(value)
                with archive.open(info, "w", force_zip64=array.nbytes > (1 << 30)) as out:
                    np.lib.format.write_array(out, array, allow_pickle=False)
            else:
                raise ValueError(f"entry {entry!r} is neither .json nor .npy")
