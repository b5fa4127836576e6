#!/usr/bin/env bash
# Every test suite of relupoly, Rust and Python, with its own set-up on a fresh machine:
#   1. the external exact oracles (lrs from Debian's lrslib, scdd_gmp from libcdd-tools) and
#      Chromium (the headless browser that renders the interactive view and the HTML report in
#      the Python suite);
#   2. the Rust suites (unit, integration, property, oracle, documentation tests);
#   3. a virtual environment (.venv, or $RELUPOLY_VENV) with the Python package built from this
#      checkout by pip and maturin, pytest, Hypothesis, relucent, mypy (the stub check) and Ray
#      (the distributed shards, on a local Ray of two workers),
#      then the pytest suite.
# Property tests draw from a fixed seed unless PROPTEST_RNG_SEED is set, so a run is
# reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v lrs >/dev/null 2>&1 || ! command -v scdd_gmp >/dev/null 2>&1 ||
   ! { command -v chromium || command -v chromium-browser; } >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq lrslib libcdd-tools chromium >/dev/null
fi

export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261127}"
cargo test --release --all-features

venv="${RELUPOLY_VENV:-.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q maturin numpy pytest hypothesis relucent mypy "ray>=2.9"
"$venv/bin/python" -m pip install -q .
"$venv/bin/python" -m pytest -q python/tests
