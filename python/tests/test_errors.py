"""Errors: a ValueError names the place of what is wrong (layer, row, entry, file, line),
a TypeError the value of the wrong type; exact numbers of any length cross both ways."""

from fractions import Fraction

import numpy as np
import pytest

import relupoly

NET = relupoly.Network.random(2, [3], seed=1)

CASES = [
    (
        lambda: relupoly.Network.from_arrays([[[1, 0], [0, 1, 3]]], [[0, 0]]),
        "layer 0 weights, row 1: has 3 entries, expected 2",
    ),
    (
        lambda: relupoly.Network.from_arrays([[[1, 0]], [[1], [2]]], [[0], [0, "1/0"]]),
        'layer 1 biases, entry 1: zero denominator: "1/0"',
    ),
    (
        lambda: relupoly.Network.from_arrays([np.array([[1.0, 0.0], [0.0, np.nan]])], [[0, 0]]),
        "layer 0 weights, row 1, entry 1: nan is not a finite number",
    ),
    (
        lambda: relupoly.Network.from_arrays([[[1, 0]]], [[0]], output=([[float("inf")]], [0])),
        "output weights, row 0, entry 0: inf is not a finite number",
    ),
    (
        lambda: relupoly.Network.from_arrays([[[1, 0]]], [[0, 0]]),
        "layer 0 has 1 weight rows but 2 biases",
    ),
    (
        lambda: relupoly.Network.from_arrays([[[1, 0]]], [[0]], negative_slopes=["x"]),
        "layer 0 slope: malformed number",
    ),
    (
        lambda: relupoly.Network.from_arrays([[[1, 0]]], [[0]], negative_slopes=[float("nan")]),
        "layer 0 slope: nan is not a finite number",
    ),
    (
        lambda: relupoly.Network.from_arrays([], []),
        "the network needs at least one non-empty hidden layer",
    ),
    (
        lambda: relupoly.Network.from_json(
            '{"input_dim": 2, "layers": [{"weights": [[1, 0]], "biases": ["1/0"]}]}', "mine.json"
        ),
        'mine.json: layer 0 biases, column 0: zero denominator: "1/0"',
    ),
    (
        lambda: relupoly.Network.from_json('{"input_dim": 2, "layers": [', "mine.json"),
        "mine.json: line 1, column 28: invalid JSON",
    ),
    (
        lambda: relupoly.Network.load("/nonexistent/net.json"),
        "/nonexistent/net.json: cannot read the file",
    ),
    (
        lambda: relupoly.Network.load("/nonexistent/net.bin", format="pickle"),
        'unknown format "pickle"',
    ),
    (lambda: relupoly.Network.random(2, [3], init="foo"), 'unknown initialisation "foo"'),
    (lambda: relupoly.Network.random(0, [3]), "input_dim must be at least 1, not 0"),
    (lambda: relupoly.Network.random(2, []), "widths must list at least one hidden layer"),
    (
        lambda: relupoly.Network.random(2, [3, 0]),
        "widths, entry 1: a layer needs at least one neuron, not 0",
    ),
    (
        lambda: relupoly.Network.random(2, [3], seed=-1),
        "seed must be a whole number in [0, 2^64), not -1",
    ),
    (lambda: relupoly.Network.random(2, [3], bits=99), "bits must be between 1 and 53, not 99"),
    (lambda: relupoly.Network.random(2, [3], output=0), "output must be at least 1, not 0"),
    (
        lambda: relupoly.Network.random(2, [3], init="he normal"),
        "init: 'he normal' is not one word",
    ),
    (
        lambda: relupoly.Network.random(2, [3], blocks="leaky:0.1 --seed 3"),
        "blocks: 'leaky:0.1 --seed 3' is not one word",
    ),
    (
        lambda: relupoly.Network.random(2, [3], first_layer_rank=5),
        "a first-layer rank of 5 does not lower the rank",
    ),
    (lambda: NET.to_json("hex"), 'unknown number mode "hex" (decimal or binary64)'),
    (lambda: NET.forward([1]), "x has 1 entries, the network's input dimension is 2"),
    (lambda: NET.forward([1, "one"]), "x, entry 1: malformed number"),
    (lambda: NET.pattern([1, float("nan")]), "x, entry 1: nan is not a finite number"),
    (lambda: relupoly.regions(NET, "rdx"), 'unknown domain "rdx"'),
    (
        lambda: relupoly.regions(NET, relupoly.Box(0, "1/0")),
        'domain, upper bound: zero denominator: "1/0"',
    ),
    (
        lambda: relupoly.regions(NET, relupoly.Box(0, float("inf"))),
        "domain, upper bound: inf is not a finite number",
    ),
    (
        lambda: relupoly.regions(NET, relupoly.Polytope([[1, 1, 0, 5]])),
        "the polytope domain: inequality 0 has 4 coefficients, expected 3",
    ),
    (
        lambda: relupoly.regions(NET, relupoly.Polytope([[1, 1, 0], [1, -1, 0]])),
        "the polytope domain: the inequalities describe an unbounded set",
    ),
    (
        lambda: relupoly.regions(NET, relupoly.Polytope([[1, 1, 0], [1, 0, "x"]])),
        "domain inequalities, row 1, entry 2: malformed number",
    ),
    (
        lambda: relupoly.regions(
            relupoly.Network.random(3, [2]),
            relupoly.Polytope([[1, 1, 0], [1, -1, 0], [1, 0, 1], [1, 0, -1]]),
        ),
        "inequality 0 has 3 coefficients, expected 4",
    ),
    (
        lambda: relupoly.polytope([[1, 1, 0], [1, -1, 0]]),
        "the inequalities describe an unbounded set",
    ),
    (
        lambda: relupoly.polytope([[1, 1, 0], [1, -1]]),
        "inequalities, row 1: has 2 entries, expected 3",
    ),
    (
        lambda: relupoly.polytope(vertices=[[0, 0], [1, 1], [2, 2]]),
        "the points span an affine subspace of dimension 1, not the whole of R^2",
    ),
    (
        lambda: relupoly.polytope(vertices=[[0, 0], [1, "1/0"]]),
        "vertices, row 1, entry 1: zero denominator",
    ),
    (lambda: relupoly.polytope(), "give the inequalities or the vertices"),
    (
        lambda: relupoly.compare(NET, {"engine": "x"}),
        'engine output: top level: needs "regions", "counts" or both',
    ),
    (
        lambda: relupoly.compare(
            NET, {"engine": "x", "regions": [{"pattern": ["010"], "vertices": [[0, 0, 0]]}]}
        ),
        "engine output: region 0 vertices, vertex 0: has 3 coordinates, expected 2",
    ),
    (
        lambda: relupoly.compare(
            NET, {"engine": "x", "regions": [{"pattern": ["010"], "neighbors": [3]}]}
        ),
        "engine output: region 0 neighbors, entry 0: 3 is not another region",
    ),
]


@pytest.mark.parametrize("call,message", CASES, ids=[m[:40] for _, m in CASES])
def test_value_errors_name_the_place(call, message):
    with pytest.raises(ValueError) as caught:
        call()
    assert message in str(caught.value)


def test_no_value_error_names_a_command_line_flag():
    """Messages from Python speak of Python arguments, not of the CLI's flags."""
    for call in (lambda: relupoly.regions(NET, (1, -1)), lambda: relupoly.regions(NET, (0, 0))):
        with pytest.raises(ValueError) as caught:
            call()
        assert "--" not in str(caught.value), str(caught.value)
        assert "lower bound" in str(caught.value)


@pytest.mark.parametrize(
    "call,message",
    [
        (
            lambda: relupoly.Network.from_arrays([[[1, True]]], [[0]]),
            "layer 0 weights, row 0, entry 1: a number is expected, not True",
        ),
        (
            lambda: relupoly.Network.from_arrays([[[1, [2]]]], [[0]]),
            "a number is expected, not list [2]",
        ),
        (
            lambda: relupoly.Network.from_arrays([[[1, 2]]], [5]),
            "layer 0 biases: a sequence is expected, not int 5",
        ),
        (
            lambda: relupoly.Network.from_arrays([[[1, 2]]], ["12"]),
            "layer 0 biases: a sequence of numbers is expected",
        ),
        (lambda: relupoly.regions(NET, [-1, 1]), 'a domain is (lo, hi), Box, Polytope, Slice or "rd"'),
        (lambda: NET.forward(None), "x: a sequence is expected, not NoneType None"),
    ],
)
def test_type_errors_name_the_value(call, message):
    with pytest.raises(TypeError) as caught:
        call()
    assert message in str(caught.value)


def test_numbers_beyond_python_s_digit_limit():
    """Python 3.11+ refuses int <-> str conversions past 4300 digits; relupoly's exact values
    (volumes over R^d, vertices of deep networks) and the numbers given to it may be longer."""
    net = relupoly.Network.random(3, [8, 8], seed=4)
    result = relupoly.regions(net, "rd")
    total = result.summary["volume_total"]
    assert isinstance(total, Fraction) and total.denominator.bit_length() > 4300 * 3.3
    assert total == sum(r.volume for r in result if r.bounded)
    huge = Fraction(3**10000 + 1, 2**20000)  # about 4800 and 6000 digits
    one = relupoly.Network.from_arrays([[[1]]], [[0]])
    assert one.forward([huge]) == [huge]
    assert one.pre_activations([-huge]) == [[-huge]]
    assert one.forward([3**10000]) == [3**10000]
    assert relupoly.Network.from_arrays([[[huge]]], [[3**9000]]).forward([1]) == [huge + 3**9000]
    assert relupoly._int_from_text(relupoly._int_text(-(7**20000))) == -(7**20000)
