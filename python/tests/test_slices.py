"""relupoly.Slice: a network studied on an affine slice of its input space, in slice
coordinates, with every point lifted back exactly; checked against the network's own exact
forward pass and against the command line."""

import json
import re
from fractions import Fraction

import pytest

import relupoly

# A 4-input network: two hidden layers with an output layer.
NET = relupoly.Network.from_arrays(
    [
        [[1, -1, 0, 2], [0, 1, 1, -1], [1, 1, 1, 1], ["1/2", 0, -1, 0]],
        [[1, -1, 1, 0], [0, 2, -1, 1]],
    ],
    [[0, "1/3", -1, 0], [-1, "1/4"]],
    output=([[1, -1], [0, 1]], [0, 0]),
)
POINTS = [[0, 0, 0, 0], [1, 0, "1/2", 0], [0, 1, 0, -1]]


def test_regions_on_the_plane_through_three_points_are_the_networks_regions():
    plane = relupoly.Slice.through(POINTS)
    assert plane.dim == 2
    assert [plane.lift(t) for t in ([0, 0], [1, 0], [0, 1])] == [
        tuple(Fraction(c) for c in p) for p in POINTS
    ]
    result = relupoly.regions(NET, plane)
    # The default domain is the triangle the points span: area 1/2 in slice coordinates.
    assert result.summary["volume_total"] == Fraction(1, 2)
    assert sum(r.volume for r in result) == Fraction(1, 2)
    for region in result:
        x = region.input_interior_point
        assert x == plane.lift(region.interior_point)
        # The pattern is the sign pattern of the network's own pre-activations there.
        assert region.pattern == NET.pattern(x)
        assert region.input_vertices == [plane.lift(v) for v in region.vertices]


def test_a_box_in_slice_coordinates_and_the_streamed_regions_agree():
    plane = relupoly.Slice([0, 0, 0, "1/4"], [[1, 0, 0, 0], [0, 1, -1, 0]], domain=(-2, 2))
    listed = relupoly.regions(NET, plane)
    streamed = list(relupoly.iter_regions(NET, plane))
    assert [r.to_dict() for r in streamed] == [r.to_dict() for r in listed]
    assert listed.summary["volume_total"] == 16
    unsliced = relupoly.regions(NET, (-1, 1))
    assert unsliced[0].input_vertices is None and unsliced[0].input_interior_point is None


def test_the_cli_gives_the_same_records(tmp_path, cli):
    slice_file = tmp_path / "slice.json"
    slice_file.write_text(json.dumps({"through": POINTS}))
    net_file = tmp_path / "net.json"
    net_file.write_text(NET.to_json())
    records = tmp_path / "regions.jsonl"
    cli("regions", net_file, "--slice", slice_file, "--jsonl", records, "--quiet")
    from_cli = [json.loads(line) for line in records.read_text().splitlines()]
    from_python = [r.to_dict() for r in relupoly.regions(NET, relupoly.Slice.through(POINTS))]
    assert from_cli == from_python


def test_theory_runs_on_the_slice():
    plane = relupoly.Slice.through(POINTS)
    verdicts = relupoly.theory(NET, plane)
    assert verdicts["regions"] == len(relupoly.regions(NET, plane))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: relupoly.Slice([0, 0, 0, 0], [[1, 1, 0, 0], [2, 2, 0, 0]]), "direction 1 is a linear combination"),
        (lambda: relupoly.Slice([0, 0, 0], [[1, 0, 0]]), "the slice lives in R^3 but the network's input dimension is 4"),
        (lambda: relupoly.Slice.through([[0, 0, 0, 0], [1, 1, 1, 1], [2, 2, 2, 2]]), "point 2 lies in the affine span of the points before it"),
        (lambda: relupoly.Slice.through([[0, 0, 0, 0]]), "a slice has 1 to 4 dimensions"),
        (lambda: relupoly.Slice([0, 0, 0, "x"], [[1, 0, 0, 0]]), "slice origin"),
        (lambda: relupoly.Slice([0, 0, 0, 0], [[1, 0, 0]]), "direction 0 has 3 entries, but the origin has 4"),
    ],
)
def test_bad_slices_are_refused_with_the_reason(make, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        relupoly.regions(NET, make())
