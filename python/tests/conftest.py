"""Shared fixtures of the Python suite: the repository's paths, the relupoly command-line tool
(to check that the package and the CLI agree) and the Hypothesis profile."""

import json
import os
import pathlib
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, settings

REPO = pathlib.Path(__file__).resolve().parents[2]
GROUNDTRUTH = REPO / "data" / "groundtruth"
IMPORT_DATA = REPO / "tests" / "data" / "import"
EXAMPLES = REPO / "examples"

# Property tests: no deadline (the first case pays for loading), no example database written
# into the checkout; in CI (CI=true) the cases are derandomized, so a run is reproducible.
settings.register_profile(
    "relupoly",
    deadline=None,
    database=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("relupoly")


def _find_cli():
    given = os.environ.get("RELUPOLY_CLI")
    if given:
        return given
    built = REPO / "target" / "release" / "relupoly"
    if built.exists():
        return str(built)
    return shutil.which("relupoly")


@pytest.fixture(scope="session")
def cli():
    """A function running the relupoly command-line tool, returning its standard output. The
    tool is $RELUPOLY_CLI, target/release/relupoly (built by `cargo build --release` or the
    Rust suite) or the one on the PATH; without any, the tests that need it are skipped."""
    path = _find_cli()
    if path is None:
        pytest.skip("the relupoly command-line tool is not built (cargo build --release)")

    def run(*args, check=True):
        done = subprocess.run([path, *map(str, args)], capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise AssertionError(f"relupoly {' '.join(map(str, args))} failed:\n{done.stderr}")
        return done.stdout

    return run


@pytest.fixture
def write_net(tmp_path):
    """Writes a network to a JSON file in the test's folder, returning the path."""
    count = [0]

    def write(net, name=None):
        count[0] += 1
        path = tmp_path / (name or f"net{count[0]}.json")
        path.write_text(net.to_json())
        return path

    return write


def summary_from_cli(text):
    """The CLI's --summary-json with exact values as the package gives them."""
    from fractions import Fraction

    def exact(value):
        if value is None:
            return None
        f = Fraction(value)
        return f.numerator if f.denominator == 1 else f

    summary = json.loads(text)
    summary["volume_total"] = exact(summary.get("volume_total"))
    for key in ("facets", "vertices", "simplices"):
        summary[key]["mean"] = exact(summary[key]["mean"])
        summary[key]["histogram"] = {int(k): v for k, v in summary[key]["histogram"].items()}
    return summary
