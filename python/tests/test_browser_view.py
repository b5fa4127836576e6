"""`relupoly regions --view FILE.html` in a real browser: headless Chromium (the Debian package
`chromium`) loads the self-contained page, which marks its body `data-status="ready"` once its
script has drawn (and `"error"` from `window.onerror`); the DOM dump must show the first and
not the second, and a screenshot of the page must show a drawing (many colours where the
complex is), not a blank canvas. Skipped when Chromium is not installed."""

import re

import pytest
from headless import CHROMIUM, decode_png, run_chromium

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

WIDTH, HEIGHT = 800, 600


def chromium(tmp_path, *args):
    """Runs headless Chromium at the test's window size."""
    return run_chromium(tmp_path, f"--window-size={WIDTH},{HEIGHT}", *args)


def status(tmp_path, page):
    """The body's data-status and data-faces after the page has loaded."""
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    body = re.search(r"<body[^>]*>", dom).group(0)
    state = re.search(r'data-status="([^"]*)"', body).group(1)
    faces = re.search(r'data-faces="(\d+)"', body)
    return state, int(faces.group(1)) if faces else 0, dom


def colours(pixels, box):
    """The distinct pixel colours (RGB) inside `box` = (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    return {tuple(p) for p in pixels[y0:y1, x0:x1, :3].reshape(-1, 3).tolist()}


@pytest.fixture(scope="module")
def views(cli, tmp_path_factory):
    """The example network's view, coloured by region and by neuron."""
    folder = tmp_path_factory.mktemp("views")
    pages = {}
    for colour in ("region", "neuron"):
        page = folder / f"{colour}.html"
        cli("regions", "--example", "--quiet", "--view", page, "--mesh-colour", colour)
        pages[colour] = page
    return pages


@pytest.mark.parametrize("colour", ["region", "neuron"])
def test_the_view_initialises_without_a_script_error(views, tmp_path, colour):
    state, faces, dom = status(tmp_path, views[colour])
    assert state == "ready", dom[-2000:]
    assert "relupoly view: ready" in dom
    assert faces > 100, "the facets turned towards the viewer are drawn"


def test_a_script_error_is_seen(views, tmp_path):
    """The check above can fail: a page whose script breaks says so."""
    broken = tmp_path / "broken.html"
    text = views["region"].read_text()
    broken.write_text(text.replace("JSON.parse(", "JSON.parseNothing(", 1))
    state, _, dom = status(tmp_path, broken)
    assert state == "error" and "script error" in dom


def test_a_click_shows_the_region_under_it(views, tmp_path):
    """A click in the middle of the window (a pointer pressed and released there) picks the
    region drawn nearest under it and shows its index, pattern and f-vector."""
    clicked = tmp_path / "clicked.html"
    click = """<script>
(function () {
  var canvas = document.getElementById("view"), box = canvas.getBoundingClientRect();
  var at = { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2,
    pointerId: 1, bubbles: true };
  canvas.dispatchEvent(new PointerEvent("pointerdown", at));
  canvas.dispatchEvent(new PointerEvent("pointerup", at));
})();
</script>
</body>"""
    text = views["region"].read_text()
    clicked.write_text(text[: text.rindex("</body>")] + click + text[text.rindex("</body>") + 7 :])
    state, _, dom = status(tmp_path, clicked)
    assert state == "ready", dom[-2000:]
    info = re.search(r'<pre id="info">([^<]*)</pre>', dom).group(1)
    assert re.match(r"region \d+ of 1340\npattern  [01]{10} [01]{10} [01]{10}\n", info), info
    assert re.search(r"f-vector \(\d+, \d+, \d+\)", info), info


def test_the_screenshot_shows_the_complex(views, tmp_path):
    shot = tmp_path / "view.png"
    chromium(tmp_path, f"--screenshot={shot}", views["region"].as_uri())
    pixels = decode_png(shot.read_bytes())
    height, width = pixels.shape[:2]
    assert (width, height) == (WIDTH, HEIGHT)
    everywhere = colours(pixels, (0, 0, width, height))
    assert len(everywhere) > 1, "the screenshot is blank"
    # The middle of the window is inside the drawn cube: many regions, many colours.
    middle = (width * 3 // 8, height * 3 // 8, width * 5 // 8, height * 5 // 8)
    assert len(colours(pixels, middle)) > 20
