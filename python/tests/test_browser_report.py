"""report.html in a real browser: `relupoly check --out DIR` on a tiny sweep writes one
self-contained page, which headless Chromium renders (not blank: a screenshot with more than one
colour, decoded here with zlib and NumPy) and parses (its tables and every figure inlined as SVG;
the page has no script, so there is no script error to catch). Skipped when Chromium is absent
(Debian package `chromium`)."""

import json
import shutil
import struct
import subprocess
import zlib

import numpy as np
import pytest

# Two dimensions, a box, depths 1 and 2 of four neurons, plain and residual, with and without
# biases, steps 0 and 20: small multiples, reference lines and distributions, in a second.
SWEEP = {
    "dims": [2],
    "budgets": [{"neurons": 4, "depths": [1, 2]}],
    "blocks": ["plain", "residual"],
    "inits": ["pytorch"],
    "biases": ["none", "pytorch"],
    "domains": ["box"],
    "seeds": [1, 2],
    "bits": 12,
    "training": {
        "task": "sinusoid", "optimizer": "adam", "rate": 0.01, "points": 4, "steps": [0, 20]
    },
}


def chromium():
    """The Chromium binary, or None."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def browser(tmp_path, *args):
    """Runs headless Chromium with `args` on a fresh profile; returns its standard output."""
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
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


@pytest.mark.skipif(chromium() is None, reason="Chromium is absent (Debian package chromium)")
def test_the_html_report_renders_in_a_browser(cli, tmp_path):
    config = tmp_path / "sweep.json"
    config.write_text(json.dumps(SWEEP))
    out = tmp_path / "report"
    cli("check", config, "--out", out, "--quiet")
    page = out / "report.html"
    figures = sorted(out.glob("plots/**/*.svg"))
    assert len(figures) >= 3
    html = page.read_text()
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    ), "self-contained: no script, no external resource"

    dom = browser(tmp_path, "--dump-dom", page.as_uri())
    assert "<script" not in dom
    assert dom.count("<table") >= 3, "catalogue, configurations, collapsed runs"
    assert dom.count("<svg") == len(figures), "every figure inlined"
    assert "Mean facets per region against depth" in dom

    # Tall enough to reach the figures (they start about 2600 pixels down on this sweep); the
    # screenshot stays in the test's folder.
    screenshot = tmp_path / "report.png"
    browser(tmp_path, "--window-size=1200,4000", f"--screenshot={screenshot}", page.as_uri())
    pixels = decode_png(screenshot.read_bytes())[:, :, :3]
    assert pixels.shape[:2] == (4000, 1200)
    assert (pixels != pixels[0, 0]).any(), "the page is blank: every pixel has one colour"
    for part, rows in [("the page", pixels), ("its last quarter (figures)", pixels[3000:])]:
        background = np.all(rows == pixels[0, 0], axis=2).mean()
        assert background < 0.99, f"{part} is {background:.2%} background"
