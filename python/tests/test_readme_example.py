"""The README's first Python example runs as written and prints what it says."""

import contextlib
import io
import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_python_example_runs_as_written():
    text = README.read_text()
    example = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "7 4"
    # The first region in pattern order: every neuron off, the square [-1, 0]^2.
    square = "[(Fraction(-1, 1), Fraction(-1, 1)), (Fraction(-1, 1), Fraction(0, 1)), " \
        "(Fraction(0, 1), Fraction(-1, 1)), (Fraction(0, 1), Fraction(0, 1))]"
    assert lines[1] == f"((0, 0, 0),) {square} 1"
