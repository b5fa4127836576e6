"""Headless Chromium for the browser tests (the Debian package `chromium`), and a PNG decoder
for its screenshots (zlib and NumPy; the five filters of the PNG specification by hand)."""

import shutil
import struct
import subprocess
import zlib

import numpy as np

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(tmp_path, *args):
    """Runs headless Chromium with `args` on a profile of its own in the test's folder; returns
    its standard output (a `--dump-dom`'s page)."""
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(data):
    """The pixels of an 8-bit RGB or RGBA PNG, as an array (height, width, channels)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat, header = 8, [], None
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        at += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8)
    raw = raw.reshape(height, 1 + width * bpp)
    pixels = np.zeros((height, width * bpp), dtype=np.uint8)
    previous = np.zeros(width * bpp, dtype=np.uint8)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:]
        if kind == 0:
            row = line.copy()
        elif kind == 1:
            sums = np.cumsum(line.reshape(width, bpp), axis=0, dtype=np.uint64)
            row = (sums % 256).astype(np.uint8).ravel()
        elif kind == 2:
            row = line + previous
        else:
            row = bytearray(line.tobytes())
            up = previous.tobytes()
            for i in range(len(row)):
                left = row[i - bpp] if i >= bpp else 0
                corner = up[i - bpp] if i >= bpp else 0
                guess = (left + up[i]) // 2 if kind == 3 else paeth(left, up[i], corner)
                row[i] = (row[i] + guess) & 0xFF
            row = np.frombuffer(bytes(row), dtype=np.uint8)
        pixels[y] = row
        previous = row
    return pixels.reshape(height, width, bpp)
