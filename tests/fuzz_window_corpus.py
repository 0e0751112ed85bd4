"""Hostile pictures and lab files for the window's fuzz suite (``test_fuzz_window.py``);
models, datasets, drawings and special paths come from ``fuzz_corpus``.  Seeded: the same
seed always writes the same files."""
from __future__ import annotations

import io
import json
import random
import struct
import zipfile
import zlib

import numpy as np

from fuzz_corpus import _header_only, _npy


# --- pictures ---------------------------------------------------------------------------
def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def _png(width: int, height: int, rows: bytes | None = None, depth: int = 8) -> bytes:
    """A PNG whose header says ``width``×``height`` (grey); ``rows`` are its pixels, raw."""
    header = struct.pack(">IIBBBBB", width, height, depth, 0, 0, 0, 0)
    pixels = rows if rows is not None else b"\0" * 64     # far fewer than it claims
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(pixels, 9)) + _chunk(b"IEND", b""))


def _bmp(width: int, height: int, data: bytes = b"") -> bytes:
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(data), 0, 0, 0, 0)
    return b"BM" + struct.pack("<IHHI", 54 + len(data), 0, 0, 54) + info + data


def _gif(width: int, height: int) -> bytes:
    return (b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0)
            + b"," + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00;")


def picture_files(rng: random.Random) -> dict[str, bytes]:
    """Pictures the window must refuse: decompression bombs, headers that claim billions of
    pixels, truncations, garbage in picture clothes."""
    small = _png(16, 16, b"".join(b"\0" + bytes(rng.randrange(256) for _ in range(16))
                                  for _ in range(16)))
    # 20000×20000 of real (zero) pixels, 50 MB raw, a few dozen KB deflated.
    bomb = _png(20000, 20000, bytes(2501 * 20000), depth=1)
    jpeg_start = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    files = {
        "png-bomb-20000x20000.png": bomb,
        "png-claims-100000x100000.png": _png(100_000, 100_000),
        "png-claims-2147483647-wide.png": _png(2_147_483_647, 1),
        "png-zero-size.png": _png(0, 0),
        "png-cut-short.png": small[:len(small) // 2],
        "png-bad-crc.png": small[:20] + bytes([small[20] ^ 0xFF]) + small[21:],
        "bmp-claims-50000x50000.bmp": _bmp(50_000, 50_000, b"\0" * 64),
        "bmp-negative-size.bmp": _bmp(-5, -2_000_000_000, b"\0" * 64),
        "bmp-cut-short.bmp": _bmp(64, 64, b"\x80" * 64 * 64 * 3)[:5000],
        "gif-claims-65535x65535.gif": _gif(65535, 65535),
        "pbm-claims-100000x100000.pbm": b"P4\n100000 100000\n" + b"\0" * 100,
        "pgm-claims-huge-maxval.pgm": b"P5\n4 4\n99999999999\n" + b"\0" * 16,
        "xpm-claims-huge.xpm": b'/* XPM */\nstatic char *x[] = {\n"100000 100000 1 1",\n'
                               b'"a c #000000",\n"a"};\n',
        "svg-claims-100000x100000.svg": b'<svg xmlns="http://www.w3.org/2000/svg" '
                                        b'width="100000" height="100000"/>',
        "svg-not-closed.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="10"',
        "jpeg-header-only.jpg": jpeg_start,
        "jpeg-garbage-after-header.jpg": jpeg_start + bytes(rng.randrange(256)
                                                            for _ in range(2000)),
        "webp-claims-16383x16383.webp": b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f"
                                        + struct.pack("<I", 16382 | 16382 << 14) + b"\0" * 6,
        "ico-empty-directory.ico": b"\0\0\1\0\0\0",
        "empty.png": b"",
        "text.png": b"this is not a picture\n" * 20,
        "random.png": bytes(rng.randrange(256) for _ in range(3000)),
        "random.jpg": bytes(rng.randrange(256) for _ in range(3000)),
        "npz-as-picture.png": b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(500)),
    }
    return files


# --- lab files --------------------------------------------------------------------------
def _rezip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def lab_files(rng: random.Random, good: bytes) -> dict[str, bytes]:
    """Lab files the window must refuse, made from ``good`` (a valid lab's bytes)."""
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    lab_json = json.loads(members["lab.json"])
    settings = json.loads(members["settings.json"])
    files: dict[str, bytes] = {}

    def variant(name: str, changes: dict[str, bytes | None]) -> None:
        """The good lab with some members replaced (None: removed)."""
        changed = dict(members)
        for key, value in changes.items():
            if value is None:
                changed.pop(key, None)
            else:
                changed[key] = value
        files[name] = _rezip(changed)

    def lab(**change) -> bytes:
        return json.dumps({**lab_json, **change}).encode()

    def setting(section: str, **change) -> bytes:
        return json.dumps({**settings, section: {**settings.get(section, {}), **change}}).encode()

    variant("version-2.xolab", {"lab.json": lab(version=2)})
    variant("version-string.xolab", {"lab.json": lab(version="1")})
    variant("format-wrong.xolab", {"lab.json": lab(format="zip")})
    variant("parts-unknown.xolab", {"lab.json": lab(parts=["data", "trained", "rootkit"])})
    variant("parts-not-list.xolab", {"lab.json": lab(parts="data")})
    variant("source-unknown.xolab", {"lab.json": lab(explore_source="internet")})
    variant("lab-json-nested.xolab", {"lab.json": b'{"a":' + b"[" * 50_000 + b"]" * 50_000
            + b"}"})
    variant("lab-json-int-digits.xolab", {"lab.json": b'{"version": ' + b"9" * 5000 + b"}"})
    variant("lab-json-nan.xolab", {"lab.json": lab(version=1)[:-1] + b', "x": NaN}'})
    variant("lab-json-missing.xolab", {"lab.json": None})
    variant("lab-json-binary.xolab",
            {"lab.json": bytes(rng.randrange(256) for _ in range(200))})
    variant("settings-lr-text.xolab", {"settings.json": setting("knobs", lr="fast")})
    variant("settings-batch-float.xolab", {"settings.json": setting("knobs", batch_size=3.5)})
    variant("settings-epochs-huge.xolab", {"settings.json": setting("knobs", epochs=10**15)})
    variant("settings-unknown-knob.xolab", {"settings.json": setting("knobs", turbo=True)})
    variant("settings-blocks-list.xolab",
            {"settings.json": setting("architecture", blocks=[1])})
    variant("settings-start-unknown.xolab", {"settings.json": setting("architecture",
                                                                      start="magic")})
    variant("settings-frozen-text.xolab", {"settings.json": setting("architecture",
                                                                    frozen="conv1")})
    variant("settings-data-count-negative.xolab", {"settings.json": setting("data", count=-5)})
    variant("settings-not-object.xolab", {"settings.json": b"[1, 2, 3]"})
    variant("drawing-65x65.xolab", {"drawing.npy": _npy(np.zeros((65, 65), np.float32))})
    variant("drawing-9x10.xolab", {"drawing.npy": _npy(np.zeros((9, 10), np.float32))})
    variant("drawing-nan.xolab", {"drawing.npy": _npy(np.full((9, 9), np.nan, np.float32))})
    variant("drawing-pickle.xolab", {"drawing.npy": _npy(np.array([{"evil": 1}], object))})
    variant("drawing-header-claims-1g.xolab", {"drawing.npy": _header_only((32768, 32768))})
    variant("drawing-missing.xolab", {"drawing.npy": None})
    variant("explore-config-2m-features.xolab", {"explore/config.json": json.dumps({
        **json.loads(members["explore/config.json"]),
        "layers": [{"type": "conv", "features": 2_000_000, "channels": 1, "size": 1}]}).encode()})
    variant("explore-weights-nan.xolab", {"explore/layers.0.weight.npy": _npy(
        np.full((3, 1, 3, 3), np.nan, np.float32))})
    variant("explore-weights-wrong-shape.xolab",
            {"explore/layers.0.weight.npy": _npy(np.zeros((2, 2), np.float32))})
    variant("trained-weights-missing.xolab", {"trained/layers.4.weight.npy": None})
    variant("data-json-nested.xolab", {"data/data.json": b"[" * 50_000 + b"]" * 50_000})
    variant("data-own-labels-out-of-range.xolab", {"data/own_labels.npy": _npy(
        np.full(3, 7, np.int64)), "data/own_images.npy": _npy(np.zeros((3, 9, 9), np.float32))})
    variant("zip-bomb-member.xolab", {"pad.npy": _npy(np.zeros(300_000_000 // 8))})
    variant("path-traversal.xolab", {"../../evil.npy": _npy(np.zeros(3))})
    many = dict(members)
    many.update({f"junk/{i}.npy": b"" for i in range(5000)})
    files["entries-5000.xolab"] = _rezip(many, zipfile.ZIP_STORED)
    files["empty.xolab"] = b""
    files["not-zip.xolab"] = b"PK\x03\x04 this is not a zip"
    files["random.xolab"] = bytes(rng.randrange(256) for _ in range(4000))
    files["empty-zip.xolab"] = _rezip({})
    for i in range(8):
        files[f"cut-{i}.xolab"] = good[:rng.randrange(1, len(good) - 1)]
    return files
