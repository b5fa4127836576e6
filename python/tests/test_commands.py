"""polytope, theory and compare: the documents of `relupoly polytope --json --lattice
--simplices`, `relupoly theory --json` and `relupoly compare --json` for the same input, and
what they say on small cases checked by hand."""

import json
from fractions import Fraction

import pytest

import relupoly
from conftest import EXAMPLES


def exact_polytope(document):
    """The CLI's polytope document with exact values as the package gives them."""
    document["vertices"] = [tuple(Fraction(c) for c in v) for v in document["vertices"]]
    for facet in document["facets"]:
        facet["inequality"] = tuple(int(c) for c in facet["inequality"])
    volume = Fraction(document["volume"])
    document["volume"] = volume.numerator if volume.denominator == 1 else volume
    return document


def test_polytope_from_inequalities_and_points():
    cube = relupoly.polytope(
        vertices=[[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)]
        + [["1/2", "1/2", "1/2"]]
    )
    assert cube["f_vector"] == [8, 12, 6] and cube["volume"] == 1 and cube["simplices"] == 6
    assert cube["vertices"][0] == (0, 0, 0) and len(cube["triangulation"]) == 6
    assert [f["rows"] for f in cube["facets"]] == [[]] * 6  # points: no source rows
    # A redundant row is no facet; a repeated row is a second source of the same facet.
    triangle = relupoly.polytope(
        inequalities=[[0, 1, 0], [0, 0, 1], [1, -1, -1], [2, -1, -1], [0, 2, 0]]
    )
    assert triangle["f_vector"] == [3, 3] and triangle["volume"] == Fraction(1, 2)
    assert sorted(f["rows"] for f in triangle["facets"]) == [[0, 4], [1], [2]]
    assert triangle["facets"][0]["inequality"] == tuple(
        int(c) for c in triangle["facets"][0]["inequality"]
    )
    bare = relupoly.polytope(
        inequalities=[[1, 1, 0], [1, -1, 0], [1, 0, 1], [1, 0, -1]], lattice=False
    )
    assert len(bare["vertices"]) == 4 and len(bare["facets"]) == 4
    assert bare["volume"] is None and bare["f_vector"] is None


@pytest.mark.parametrize("name", ["cube.json", "simplex.json"])
def test_polytope_equals_the_cli(cli, name):
    path = EXAMPLES / "inputs" / name
    written = json.loads(cli("polytope", path, "--json", "--lattice", "--simplices"))
    given = json.loads(path.read_text())
    ours = relupoly.polytope(inequalities=given.get("inequalities"), vertices=given.get("vertices"))
    assert ours == exact_polytope(written)


def test_polytope_of_numpy_points_equals_the_cli(cli, tmp_path):
    import numpy as np

    points = np.random.default_rng(3).normal(size=(12, 3))
    path = tmp_path / "points.json"
    # repr of a float64 read in binary64 mode is the float itself: both see the same points.
    path.write_text(json.dumps({"numbers": "binary64", "vertices": points.tolist()}))
    written = json.loads(cli("polytope", path, "--json", "--lattice", "--simplices"))
    assert relupoly.polytope(vertices=points) == exact_polytope(written)


THEORY_CASES = [
    (dict(input_dim=2, widths=[4, 4], seed=3), [], (-1, 1)),
    (dict(input_dim=2, widths=[4, 4], seed=3), ["--domain", "rd"], "rd"),
    (dict(input_dim=3, widths=[6], bias="zero", seed=2), ["--domain", "rd"], "rd"),
    (dict(input_dim=2, widths=[4, 3], init="integers:1", seed=5), ["--box", "-2,1/2"], (-2, "1/2")),
]


@pytest.mark.parametrize("recipe,args,domain", THEORY_CASES)
def test_theory_equals_the_cli(cli, write_net, recipe, args, domain):
    net = relupoly.Network.random(**recipe)
    written = json.loads(cli("theory", write_net(net), *args, "--json"))
    assert relupoly.theory(net, domain) == written


def test_theory_verdicts():
    net = relupoly.Network.random(2, [4, 4], seed=3)
    document = relupoly.theory(net, "rd")
    entries = {e["id"]: e for e in document["entries"]}
    assert entries["mean-facets-2d"]["verdict"] == "holds"
    assert entries["mean-facets-2d"]["value"] == "25/7"
    assert {e["verdict"] for e in document["entries"]} <= {"holds", "violated", "not-applicable"}
    assert not any(
        e["verdict"] == "violated" and e["kind"] == "theorem" for e in document["entries"]
    )
    assert len(document["bent_hyperplanes"]) == 8


def engine_from(result, perturb=0.0):
    """A float engine document that reports exactly the regions of `result`."""
    return {
        "engine": "exact, rounded",
        "regions": [
            {
                "pattern": ["".join(map(str, layer)) for layer in r.pattern],
                "vertices": (r.vertices_array() + perturb).tolist(),
                "facets": len(r.facets),
                "bounded": r.bounded,
                "neighbors": sorted(
                    [j for i, j in result.adjacency if i == r.index]
                    + [i for i, j in result.adjacency if j == r.index]
                ),
            }
            for r in result
        ],
    }


def test_compare_with_a_dict_engine():
    net = relupoly.Network.random(2, [5, 5], seed=11)
    for domain in [(-1, 1), "rd"]:
        result = relupoly.regions(net, domain)
        good = relupoly.compare(net, engine_from(result), domain)
        assert good.ok and good.to_dict()["agrees"] and "agrees" in str(good)
        assert repr(good) == "Comparison(ok=True)"
        # One region left out, one vertex moved: both reported.
        engine = engine_from(result)
        missing = engine["regions"].pop(3)
        for region in engine["regions"]:
            region["neighbors"] = [n - (n > 3) for n in region["neighbors"] if n != 3]
        engine["regions"][0]["vertices"][0][0] += 1e-3
        bad = relupoly.compare(net, engine, domain)
        report = bad.to_dict()
        assert not bad.ok and not report["agrees"]
        assert [m["pattern"] for m in report["missing_regions"]] == [missing["pattern"]]
        assert report["vertices"]["regions"][0]["off"] == [0]
        assert report["exact"]["regions"] == len(result)
    # Counts only; the tolerance is the one given.
    counts = relupoly.compare(
        net, {"engine": "counts", "counts": {"regions": len(result)}}, "rd", tolerance=1e-9
    )
    assert counts.ok and counts.to_dict()["tolerance"] == 1e-9
    shifted = relupoly.compare(
        net, engine_from(relupoly.regions(net, (-1, 1)), perturb=1e-8), tolerance=1e-6
    )
    assert shifted.ok


def test_compare_equals_the_cli(cli, write_net, tmp_path):
    net = relupoly.Network.from_json((EXAMPLES / "data" / "integers2_6-6_seed3.json").read_text())
    for name in ("integers2_6-6_seed3.float.json", "integers2_6-6_seed3.float-tol0.json"):
        engine = json.loads((EXAMPLES / "data" / name).read_text())
        ours = relupoly.compare(net, engine)
        written = cli(
            "compare",
            EXAMPLES / "data" / "integers2_6-6_seed3.json",
            EXAMPLES / "data" / name,
            "--json",
            "-",
            check=False,
        )
        assert ours.to_dict() == json.loads(written)
        text = cli(
            "compare",
            EXAMPLES / "data" / "integers2_6-6_seed3.json",
            EXAMPLES / "data" / name,
            check=False,
        )
        assert text.startswith(str(ours))
    assert relupoly.compare(
        net, json.loads((EXAMPLES / "data" / "integers2_6-6_seed3.float.json").read_text())
    ).ok
    assert not relupoly.compare(
        net, json.loads((EXAMPLES / "data" / "integers2_6-6_seed3.float-tol0.json").read_text())
    ).ok
