"""relupoly.decision: the decision regions of a classifier from Python, equal to the command
line's, on the plane through three digits of the scikit-learn digits fixture."""

import json
import pathlib
from fractions import Fraction

import pytest

import relupoly

DIGITS = pathlib.Path(__file__).resolve().parents[2] / "data" / "digits"


def digits():
    net = relupoly.Network.from_json((DIGITS / "mlp.json").read_text())
    points = json.loads((DIGITS / "slice.json").read_text())["through"]
    return net, points


def test_the_digits_plane_from_python_equals_the_command_line(cli):
    net, points = digits()
    plane = relupoly.Slice.through(points)
    result = relupoly.decision(net, plane)
    from_cli = json.loads(
        cli("decision", DIGITS / "mlp.json", "--slice", DIGITS / "slice.json", "--json", "--quiet")
    )
    cells = result.pop("cells")
    boundary = result.pop("boundary")
    assert len(cells) == from_cli.pop("cells")
    assert {k: boundary[k] for k in ("f_vector", "betti")} == from_cli.pop("boundary")
    for entry in from_cli["per_class"]:
        entry["volume"] = Fraction(entry["volume"])
    assert result == from_cli
    # The cells partition the triangle, and each is won by its class at its interior point.
    assert sum(c["volume"] for c in cells) == Fraction(1, 2)
    for cell in cells:
        scores = net.forward(cell["input_interior_point"])
        assert max(range(len(scores)), key=lambda j: (scores[j], -j)) == cell["class"]


def test_each_digit_lies_in_a_cell_of_its_class():
    net, points = digits()
    labels = [d["label"] for d in json.loads((DIGITS / "digits.json").read_text())["digits"]]
    cells = relupoly.decision(net, relupoly.Slice.through(points))["cells"]
    corners = [(0, 0), (1, 0), (0, 1)]
    for corner, label in zip(corners, labels):
        owners = {c["class"] for c in cells if tuple(map(Fraction, corner)) in c["vertices"]}
        assert owners == {label}


def test_a_network_without_classes_is_refused():
    net = relupoly.Network.from_arrays([[[1, 0], [0, 1]]], [[0, 0]])
    with pytest.raises(ValueError, match="need a network with an output layer"):
        relupoly.decision(net)
    with pytest.raises(ValueError, match="bounded domain"):
        relupoly.decision(net, "rd")
