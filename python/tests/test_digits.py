"""The scikit-learn digits classifier of data/digits (made by examples/digits.py), checked
without scikit-learn: relupoly's exact forward pass gives, at the three recorded test digits,
the float64 logits scikit-learn's weights gave in NumPy, up to a proven bound on float64
rounding, and the recorded class; the slice file is the plane through those three digits."""

import json
from fractions import Fraction

import pytest

import relupoly
from conftest import REPO

DIGITS = REPO / "data" / "digits"

# The unit roundoff of binary64 and its smallest subnormal (the absolute error of an underflow).
U = Fraction(1, 2**53)
ETA = Fraction(1, 2**1074)


def gamma(n):
    """Higham's gamma_n = n u / (1 - n u): a sum of n terms of products, computed in binary64 in
    any order (BLAS blocking and FMA included), is within gamma_n times the sum of the terms'
    absolute values of the exact sum (Accuracy and Stability of Numerical Algorithms, 3.1)."""
    return n * U / (1 - n * U)


@pytest.fixture(scope="module")
def net():
    return relupoly.Network.load(DIGITS / "mlp.json")


@pytest.fixture(scope="module")
def layers(net):
    """The network's exact weights and biases as relupoly holds them: [(W, b), ...], W with one
    row per neuron, the output layer last."""
    document = json.loads(net.to_json("decimal"))
    blocks = document["layers"] + [document["output"]]
    return [
        ([[Fraction(v) for v in row] for row in block["weights"]],
         [Fraction(v) for v in block["biases"]])
        for block in blocks
    ]


@pytest.fixture(scope="module")
def digits():
    return json.loads((DIGITS / "digits.json").read_text())["digits"]


def float64_error_bound(layers, x):
    """A bound on |float64 logits - exact logits| at x, logit by logit, for any binary64
    evaluation of the network (x exact). Layer by layer, with e the bound on the error of the
    layer's input and a its exact value (so |computed input| <= |a| + e):
        e'_j = sum_i |W_ji| e_i + gamma_{n+1} (sum_i |W_ji| (|a_i| + e_i) + |b_j|) + (n+1) eta,
    the first term the propagated error, the second the rounding of the n products and the
    bias addition, the third underflow; ReLU is 1-Lipschitz, so it does not increase e."""
    a = list(x)
    e = [Fraction(0)] * len(a)
    last = len(layers) - 1
    for l, (w, b) in enumerate(layers):
        n = len(a)
        g = gamma(n + 1)
        z = [sum(wi * ai for wi, ai in zip(row, a)) + bj for row, bj in zip(w, b)]
        e = [
            sum(abs(wi) * ei for wi, ei in zip(row, e))
            + g * (sum(abs(wi) * (abs(ai) + ei) for wi, ai, ei in zip(row, a, e)) + abs(bj))
            + (n + 1) * ETA
            for row, bj in zip(w, b)
        ]
        a = z if l == last else [max(v, 0) for v in z]
    return a, e


def test_the_network_is_the_exported_mlp(net, layers):
    assert net.input_dim == 64 and net.widths == [16, 16] and net.output_dim == 10
    document = json.loads((DIGITS / "mlp.json").read_text())
    assert document["numbers"] == "binary64"
    # Each weight is the exact binary64 that its decimal rounds to (Python's float() rounds
    # correctly, as relupoly's binary64 mode does): nothing was lost in the export.
    blocks = document["layers"] + [document["output"]]
    for (w, b), block in zip(layers, blocks):
        assert w == [[Fraction(float(v)) for v in row] for row in block["weights"]]
        assert b == [Fraction(float(v)) for v in block["biases"]]
    assert document["metadata"]["test_accuracy"] > 0.9


def test_the_slice_is_the_plane_through_the_three_digits(digits):
    # parse_float=Fraction reads each decimal exactly, as relupoly's decimal mode does.
    plane = json.loads((DIGITS / "slice.json").read_text(), parse_float=Fraction)
    assert list(plane) == ["through"]
    assert len(plane["through"]) == 3
    for point, digit in zip(plane["through"], digits):
        assert len(digit["pixels"]) == 64
        assert all(isinstance(p, int) and 0 <= p <= 16 for p in digit["pixels"])
        assert point == [Fraction(p, 16) for p in digit["pixels"]]
    assert len({d["label"] for d in digits}) == 3


def test_exact_logits_match_the_float64_logits(net, layers, digits):
    for digit in digits:
        x = [Fraction(p, 16) for p in digit["pixels"]]
        exact = net.forward(x)
        mine, bound = float64_error_bound(layers, x)
        assert mine == exact  # the bound's forward pass is relupoly's
        recorded = [Fraction(v) for v in digit["logits"]]  # each float64 exactly
        assert len(recorded) == len(exact) == 10
        for k, (r, v, e) in enumerate(zip(recorded, exact, bound)):
            place = f"digit {digit['label']}, logit {k}"
            assert abs(r - v) <= e, f"{place}: {float(r - v)} > {float(e)}"
        # The worst case is tiny next to the logits (|logit| up to about 20): the bounds are
        # about 3e-12 here (sums of 65, 17 and 17 terms, weights up to 1.7, hidden activations
        # up to about 10), the differences actually observed about 5e-15.
        assert max(bound) < Fraction(1, 10**11)
        label = digit["label"]
        assert max(range(10), key=lambda k: exact[k]) == label
        assert max(range(10), key=lambda k: recorded[k]) == label == digit["predicted"]
        # The margin exceeds the rounding: float64 and exact arithmetic agree on the class.
        runner_up = max(v for k, v in enumerate(exact) if k != label)
        assert exact[label] - runner_up > 2 * max(bound)
