"""Numbers cross into relupoly exactly: float64 and float32 arrays as the binary values they
store, strings as the rationals they spell; the forward pass, the pre-activations and the
pattern agree with Fraction arithmetic done here."""

from fractions import Fraction

import numpy as np
import pytest

import relupoly


def fraction_forward(weights, biases, x, output=None, slopes=None):
    """The network's value in Fraction arithmetic: the reference for the exact forward pass."""
    h = [Fraction(v) for v in x]
    pre = []
    for layer, (w, b) in enumerate(zip(weights, biases)):
        z = [
            Fraction(bi) + sum(Fraction(wij) * hj for wij, hj in zip(row, h))
            for row, bi in zip(w, b)
        ]
        pre.append(z)
        slope = Fraction(0) if slopes is None or slopes[layer] is None else Fraction(slopes[layer])
        h = [v if v > 0 else slope * v for v in z]
    if output is not None:
        w, b = output
        h = [
            Fraction(bi) + sum(Fraction(wij) * hj for wij, hj in zip(row, h))
            for row, bi in zip(w, b)
        ]
    return h, pre


def test_float64_tenth_is_its_binary_value():
    net = relupoly.Network.from_arrays([np.array([[0.1]])], [np.array([0.0])])
    assert net.forward([1]) == [Fraction(3602879701896397, 2**55)]
    # The same through a NumPy scalar and a plain Python float.
    assert net.pre_activations([np.float64(1.0)]) == [[Fraction(3602879701896397, 2**55)]]
    assert net.forward([0.1]) == [Fraction(3602879701896397, 2**55) ** 2]


def test_float32_is_its_binary32_value():
    w = np.array([[0.1]], dtype=np.float32)
    net = relupoly.Network.from_arrays([w], [np.zeros(1, dtype=np.float32)])
    assert net.forward([1]) == [Fraction(13421773, 2**27)]
    assert Fraction(13421773, 2**27) == Fraction(float(np.float32(0.1)))


def test_float16_and_integer_arrays():
    net = relupoly.Network.from_arrays(
        [np.array([[0.1, 3]], dtype=np.float16)], [np.array([2], dtype=np.int64)]
    )
    assert net.forward([1, 1]) == [Fraction(float(np.float16(0.1))) + 5]


def test_strings_spell_exact_rationals():
    net = relupoly.Network.from_arrays([[["0.1", "-1/3"]]], [["1e-3"]])
    assert net.pre_activations([1, 1]) == [[Fraction(1, 10) - Fraction(1, 3) + Fraction(1, 1000)]]
    assert net.forward(["3", "-3"]) == [Fraction(13, 10) + Fraction(1, 1000)]


def test_integers_come_back_as_int():
    net = relupoly.Network.from_arrays([[[2, 0], [0, 3]]], [[1, -1]])
    out = net.forward([1, 1])
    assert out == [3, 2] and all(type(v) is int for v in out)


def test_forward_matches_fraction_arithmetic_on_a_random_float_network():
    rng = np.random.default_rng(7)
    weights = [rng.normal(size=(5, 3)), rng.normal(size=(4, 5)).astype(np.float32)]
    biases = [rng.normal(size=5), rng.normal(size=4).astype(np.float32)]
    output = (rng.normal(size=(2, 4)), rng.normal(size=2))
    slopes = [None, 0.01]
    net = relupoly.Network.from_arrays(weights, biases, output=output, negative_slopes=slopes)
    for _ in range(20):
        x = rng.normal(size=3)
        want, pre = fraction_forward(
            [w.tolist() for w in weights],
            [b.tolist() for b in biases],
            x.tolist(),
            (output[0].tolist(), output[1].tolist()),
            slopes,
        )
        assert net.forward(x) == want
        assert net.pre_activations(x) == pre
        assert net.pattern(x) == tuple(tuple(int(v > 0) for v in layer) for layer in pre)
    # The float64 forward pass is a rounding of the exact one.
    x = rng.normal(size=3)
    h = x
    for (w, b), s in zip(zip(weights, biases), slopes):
        z = w.astype(np.float64) @ h + b.astype(np.float64)
        h = np.where(z > 0, z, (s or 0.0) * z)
    approx = output[0] @ h + output[1]
    assert np.allclose([float(v) for v in net.forward(x)], approx, rtol=1e-12, atol=1e-12)


def test_to_json_keeps_the_exact_values():
    net = relupoly.Network.from_arrays([np.array([[0.1, 1 / 3]])], [np.array([-0.7])])
    again = relupoly.Network.from_json(net.to_json("decimal"))
    assert again.to_json() == net.to_json()
    binary = relupoly.Network.from_json(net.to_json("binary64"))
    assert binary.to_json() == net.to_json()
    assert '"3602879701896397/36028797018963968"' in net.to_json()
    assert "0.1" in net.to_json("binary64")


def test_vertices_array_is_the_rounded_exact_vertices():
    net = relupoly.Network.from_arrays([[[1, 3]]], [["-1/3"]])
    result = relupoly.regions(net, (-1, 1))
    for region in result:
        array = region.vertices_array()
        assert array.dtype == np.float64 and array.shape == (len(region.vertices), 2)
        assert array.tolist() == [[float(c) for c in v] for v in region.vertices]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), np.float64("-inf")])
def test_non_finite_numbers_are_refused(bad):
    with pytest.raises(ValueError, match="not a finite number"):
        relupoly.Network.from_arrays([[[1, bad]]], [[0]])


@pytest.mark.parametrize("bad", [True, None, [1], object()])
def test_non_numbers_are_type_errors(bad):
    with pytest.raises(TypeError, match="a number is expected"):
        relupoly.Network.from_arrays([[[1, bad]]], [[0]])
