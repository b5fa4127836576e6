"""docs/python.md runs as written: its ```python blocks, in order and in one namespace, each
followed by a ```text block printing exactly that (```py blocks are shown, not run). The
package's docstring example and the testing module's are checked too."""

import contextlib
import doctest
import io
import re

import pytest

import relupoly
from conftest import REPO

DOC = REPO / "docs" / "python.md"


def blocks():
    """The fenced blocks of docs/python.md as (language, text, line)."""
    text = DOC.read_text()
    for match in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.S | re.M):
        yield match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1


def test_docs_python_md_runs_as_written():
    pytest.importorskip("hypothesis")
    namespace = {"__name__": "docs_python_md"}
    found = list(blocks())
    ran = 0
    for i, (language, code, line) in enumerate(found):
        if language != "python":
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{DOC}:{line}", "exec"), namespace)
        ran += 1
        following = found[i + 1] if i + 1 < len(found) else None
        if following is not None and following[0] == "text":
            assert out.getvalue() == following[1], f"the block at line {line} prints otherwise"
    assert ran >= 6


def test_the_package_docstring():
    failures, tried = doctest.testmod(relupoly, verbose=False)
    assert tried >= 3 and failures == 0


def test_the_python_example_runs():
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "examples" / "python_tour.py"),
            "--seed",
            "1",
            "--widths",
            "6,5",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Network(input_dim 2, widths [6, 5], output 1)"
    assert any(line.startswith("float_splitting_engine tol=1e-09: agrees") for line in lines)
