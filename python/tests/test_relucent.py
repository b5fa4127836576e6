"""A real relucent Complex compared through the adapter (relupoly.relucent): the network moves
between the two libraries with identical float64 weights, the adapter reproduces the committed
engine file of examples/relucent_to_compare.py, and relupoly.compare grades relucent's regions
(skipped when relucent is not installed)."""

import json

import numpy as np
import pytest

import relupoly
from conftest import EXAMPLES

relucent = pytest.importorskip("relucent")
from relupoly.relucent import (  # noqa: E402
    compare,
    engine_output,
    network_for_relucent,
    network_from_relucent,
    widths_of,
)

DATA = EXAMPLES / "data"


@pytest.fixture(scope="module")
def searched():
    """relucent.mlp([2, 8, 8, 1]) after set_seeds(0), searched over R^2: the network of
    docs/compare.md."""
    relucent.update_settings(VERBOSE=0)
    relucent.set_seeds(0)
    cplx = relucent.Complex(relucent.mlp([2, 8, 8, 1]))
    result = cplx.bfs(nworkers=1)
    assert result.complete
    return cplx


def test_the_network_is_the_committed_one(searched):
    net = network_from_relucent(searched)
    committed = relupoly.Network.load(DATA / "relucent_mlp_2-8-8-1_seed0.json")
    assert net.to_json() == committed.to_json()
    assert network_from_relucent(searched.net).to_json() == net.to_json()
    assert widths_of(searched) == [8, 8]


def test_the_adapter_reproduces_the_example_script(searched):
    ours = engine_output(searched)
    committed = json.loads((DATA / "relucent_mlp_2-8-8-1_seed0.relucent.json").read_text())
    assert ours["engine"] == f"relucent {relucent.__version__}"
    assert ours["metadata"]["complete"] and ours["metadata"]["verified"]

    # The same regions with the same facet counts, boundedness and neighbours (by pattern;
    # relucent's order depends on its workers).
    def by_pattern(document):
        regions = document["regions"]
        key = lambda r: "|".join(r["pattern"])
        return {
            key(r): (
                r["facets"],
                r["bounded"],
                sorted(key(regions[n]) for n in r["neighbors"]),
                len(r["vertices"]),
            )
            for r in regions
        }

    if relucent.__version__ == "1.0.0":
        assert by_pattern(ours) == by_pattern(committed)
    else:
        assert set(by_pattern(ours)) == set(by_pattern(committed))


def test_compare_a_relucent_complex(searched):
    net = network_from_relucent(searched)
    comparison = relupoly.compare(net, searched, domain="rd")
    report = comparison.to_dict()
    assert comparison.to_dict() == relupoly.compare(net, engine_output(searched), "rd").to_dict()
    assert compare(searched).to_dict() == report
    # Every region found, none spurious, every vertex given within 1e-10.
    assert report["exact"]["regions"] == 77
    assert report["missing_regions"] == [] and report["spurious_regions"] == []
    assert report["vertices"]["max_abs_error"] < 1e-10
    if relucent.__version__ == "1.0.0":
        # What docs/compare.md reports: 4 adjacencies too many, hence 8 facet counts, and 13
        # finite vertices of unbounded regions not listed.
        assert not comparison.ok
        assert len(report["spurious_adjacencies"]) == 4 and report["missing_adjacencies"] == []
        assert len(report["facet_differences"]) == 8
        assert sum(len(r["missed"]) for r in report["vertices"]["regions"]) == 13
        assert "relucent 1.0.0: DIFFERS (exact: 77 regions, 138 adjacent pairs" in str(comparison)


def test_a_relupoly_network_in_relucent():
    net = relupoly.Network.random(2, [5, 4], output=1, seed=6)
    rnet = network_for_relucent(net)
    x = np.random.default_rng(0).normal(size=(8, 2))
    exact = np.array([[float(v) for v in net.forward(row)] for row in x])
    assert np.allclose(rnet(x), exact, rtol=1e-12, atol=1e-12)
    assert network_from_relucent(rnet).to_json() == net.to_json()
    cplx = relucent.Complex(rnet)
    cplx.bfs(nworkers=1)
    report = relupoly.compare(net, cplx, "rd").to_dict()
    assert report["missing_regions"] == [] and report["spurious_regions"] == []
    assert len(cplx) == len(relupoly.regions(net, "rd"))
    # relucent 1.0.0 lists, for two unbounded regions of this network, a "vertex" about 1e14
    # to 1e15 away, where nearly parallel sides would meet beyond its float range: every vertex
    # off is of an unbounded region and far out; the others are within 1e-9.
    exact = relupoly.regions(net, "rd")
    engine = engine_output(cplx)
    for region in report["vertices"]["regions"]:
        if region["max_rel_error"] > 1e-9:
            assert not exact[region["exact_index"]].bounded
            points = engine["regions"][region["index"]]["vertices"]
            assert all(max(abs(c) for c in points[i]) > 1e9 for i in region["off"])


def test_the_adapter_refuses_what_relucent_cannot_compute():
    with pytest.raises(
        ValueError, match=r"layer 0 weights, row 0, column 0: 1/3 is not a binary64 value"
    ):
        network_for_relucent(relupoly.Network.from_arrays([[["1/3", 0]]], [[0]]))
    with pytest.raises(ValueError, match="layer 0: has a negative slope"):
        network_for_relucent(
            relupoly.Network.from_arrays([[[1, 0]]], [[0]], negative_slopes=["1/10"])
        )
    with pytest.raises(ValueError, match="has no cells"):
        engine_output(relucent.Complex(relucent.mlp([2, 3, 1])))
    with pytest.raises(TypeError, match="a relucent Complex or ReLUNetwork is expected"):
        network_from_relucent(object())
