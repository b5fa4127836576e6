"""report.html in a real browser: `relupoly check --out DIR` on a tiny sweep writes one
self-contained page, which headless Chromium renders (not blank: a screenshot with more than one
colour, decoded here with zlib and NumPy) and parses (its tables and every figure inlined as SVG;
the page has no script, so there is no script error to catch). Skipped when Chromium is absent
(Debian package `chromium`)."""

import json

import numpy as np
import pytest
from headless import CHROMIUM, decode_png, run_chromium

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




@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is absent (Debian package chromium)")
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

    dom = run_chromium(tmp_path, "--dump-dom", page.as_uri())
    assert "<script" not in dom
    assert dom.count("<table") >= 3, "catalogue, configurations, collapsed runs"
    assert dom.count("<svg") == len(figures), "every figure inlined"
    assert "Mean facets per region against depth" in dom

    # Tall enough to reach the figures (they start about 2600 pixels down on this sweep); the
    # screenshot stays in the test's folder.
    screenshot = tmp_path / "report.png"
    run_chromium(tmp_path, "--window-size=1200,4000", f"--screenshot={screenshot}", page.as_uri())
    pixels = decode_png(screenshot.read_bytes())[:, :, :3]
    assert pixels.shape[:2] == (4000, 1200)
    assert (pixels != pixels[0, 0]).any(), "the page is blank: every pixel has one colour"
    for part, rows in [("the page", pixels), ("its last quarter (figures)", pixels[3000:])]:
        background = np.all(rows == pixels[0, 0], axis=2).mean()
        assert background < 0.99, f"{part} is {background:.2%} background"
